package org.snn4j.core.layer;

/**
 * A layer whose output at step {@code t} depends only on its input at step {@code t} (and, for a
 * stochastic layer, on the pass's seed, with randomness that does not depend on {@code t}). Running
 * it on consecutive time windows {@code [t0, t0 + S)} of a sequence, each with a {@link RunContext}
 * of {@code S} steps and the same seed, gives exactly the rows of one run over the whole sequence;
 * its backward acts row by row as well, and its parameter gradients are sums over rows. Gradient
 * checkpointing over time ({@code network/CheckpointExecutor}) runs such layers segment by segment.
 * Every {@link StatelessLayer} is one; {@link Dropout} (one mask per sample for all steps) is one.
 */
public interface TimeLocalLayer extends Layer {
}
