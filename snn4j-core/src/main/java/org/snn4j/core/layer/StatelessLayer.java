package org.snn4j.core.layer;

/**
 * A layer without state carried across time that treats every time step alike. Most such layers map
 * every row (one sample at one step) independently and identically ({@link Linear},
 * {@link Flatten}, {@link MaxPool2d}, {@link AvgPool2d}); {@link BatchNorm} in training couples the
 * rows of a pass through batch statistics, but only through statistics that do not change when the
 * whole input is repeated over time.
 *
 * <p>The contract: for an input that is the same at every step, the output is the same at every
 * step, and {@code forwardRows(x, B, ctx)} on the {@code B} distinct rows {@code x} returns exactly
 * the rows that {@link #forward} returns at each step for the input {@code x} repeated {@code T}
 * times. In training, a {@link #backward} after {@code forwardRows}, given the gradient summed over
 * the {@code T} steps, adds the same parameter gradients and returns the sum over steps of the input
 * gradients that the backward after {@code forward} would give. The network uses this to compute
 * leading stateless layers once per sample for direct-encoded input and broadcast over time.
 * Implementations document any deviation (e.g. in an update of running statistics); otherwise
 * results may differ only by the rounding of a different summation order.
 */
public interface StatelessLayer extends TimeLocalLayer {

    /**
     * Forward over {@code rows} independent rows of the input shape (instead of {@code T·B}).
     * Same buffer ownership rules as {@link Layer#forward}.
     */
    float[] forwardRows(float[] input, int rows, RunContext ctx);
}
