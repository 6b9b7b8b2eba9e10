/**
 * NIR (Neuromorphic Intermediate Representation, neuromorphs/NIR) interchange: the graph model
 * ({@link org.snn4j.nir.NirGraph}, {@link org.snn4j.nir.NirNode}, {@link org.snn4j.nir.NirArray},
 * the node types in {@link org.snn4j.nir.NirTypes}), NIR HDF5 files, and the mapping between NIR
 * graphs and snn4j networks with an explicit time step {@code dt}: {@link org.snn4j.nir.NirImport}
 * (graph → network), {@link org.snn4j.nir.NirExport} (network → graph) and the exporters'
 * discretisation conventions in {@link org.snn4j.nir.NirConvention}.
 */
package org.snn4j.nir;
