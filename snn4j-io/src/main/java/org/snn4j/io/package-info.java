/**
 * Files for snn4j networks: JSON architecture files ({@link org.snn4j.io.ArchitectureJson}) that
 * describe a {@link org.snn4j.core.network.NetworkSpec}, and binary model files
 * ({@link org.snn4j.io.ModelFile}) that hold a trained {@link org.snn4j.core.network.Model}: its
 * architecture, metadata, provenance and weights, checksummed and written atomically. Layer types
 * are resolved through a {@link org.snn4j.core.network.LayerRegistry}; spec records are mapped to JSON
 * generically by their record components. Uses Jackson's tree model only; core stays annotation-free.
 */
package org.snn4j.io;
