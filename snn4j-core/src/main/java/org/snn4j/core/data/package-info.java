/**
 * Labelled data sets held in memory and the batch loader that feeds training and evaluation.
 *
 * <p>{@link org.snn4j.core.data.Dataset} is random access: sample {@code i} has a label in
 * {@code [0, numClasses)} and {@code sampleShape().size()} features scaled to {@code [0, 1]}.
 * {@link org.snn4j.core.data.DataLoader} turns a data set into {@link org.snn4j.core.data.Batch}es
 * of {@code [B, F]} row-major features, in a sequential or seeded shuffled order, optionally
 * prepared ahead of the consumer by one background thread. {@link org.snn4j.core.data.InMemoryDataset}
 * holds float features (synthetic data, tests); {@link org.snn4j.core.data.Datasets} makes subsets
 * and seeded splits. File formats live in the {@code snn4j-data} module.
 */
package org.snn4j.core.data;
