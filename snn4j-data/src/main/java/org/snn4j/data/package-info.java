/**
 * Data set files and where to find them.
 *
 * <ul>
 *   <li>{@link org.snn4j.data.IdxReader} / {@link org.snn4j.data.IdxWriter}: the IDX format of MNIST,
 *       Fashion-MNIST and KMNIST (unsigned-byte images {@code [n, rows, cols]} with magic
 *       {@code 0x00000803}, labels {@code [n]} with magic {@code 0x00000801}), gzip'd or raw.</li>
 *   <li>{@link org.snn4j.data.IdxDataset}: an image data set held as bytes, features {@code byte / 255}.</li>
 *   <li>{@link org.snn4j.data.DataLocator}: finds the files (explicit directory, {@code SNN4J_DATA},
 *       {@code /usr/share/datasets/<name>}, then the {@link org.snn4j.data.BundledSample}).</li>
 * </ul>
 * File problems are reported as {@link org.snn4j.data.DatasetException}, a checked exception whose
 * message names the file, what is wrong and how to fix it.
 */
package org.snn4j.data;
