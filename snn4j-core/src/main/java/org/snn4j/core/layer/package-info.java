/**
 * The multi-step {@link org.snn4j.core.layer.Layer} contract and the stateless layers: fully
 * connected {@link org.snn4j.core.layer.Linear} (one GEMM over all {@code T·B} rows),
 * {@link org.snn4j.core.layer.Conv2d} (im2col + GEMM per chunk of images, threads split by images),
 * {@link org.snn4j.core.layer.Dropout} (one mask for all steps) and {@link org.snn4j.core.layer.Flatten}.
 * Every layer is described by a serialisable {@link org.snn4j.core.layer.LayerSpec} record.
 */
package org.snn4j.core.layer;
