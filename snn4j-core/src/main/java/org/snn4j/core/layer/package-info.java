/**
 * The multi-step {@link org.snn4j.core.layer.Layer} contract and the stateless layers: fully
 * connected {@link org.snn4j.core.layer.Linear} (one GEMM over all {@code T·B} rows),
 * {@link org.snn4j.core.layer.Conv2d} (kernel {@code kh × kw} with per-direction stride, padding and
 * dilation; im2col + GEMM per chunk of images, threads split by images),
 * {@link org.snn4j.core.layer.Dropout} (one mask for all steps), {@link org.snn4j.core.layer.Flatten},
 * 2-D pooling ({@link org.snn4j.core.layer.MaxPool2d}, {@link org.snn4j.core.layer.AvgPool2d}) of
 * {@code [C, H, W]} rows, and {@link org.snn4j.core.layer.BatchNorm} over the merged {@code T·B}
 * batch, whose running statistics are the layer's {@linkplain org.snn4j.core.layer.Layer#buffers() buffers}.
 * Every layer is described by a serialisable {@link org.snn4j.core.layer.LayerSpec} record.
 * {@link org.snn4j.core.layer.TimeInvariantInput} is the capability of a (stateful) layer to read a
 * {@code [B, in]} input that is the same at every step, returning the time-summed input gradient.
 */
package org.snn4j.core.layer;
