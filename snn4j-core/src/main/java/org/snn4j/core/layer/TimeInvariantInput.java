package org.snn4j.core.layer;

/**
 * A layer that can consume an input that is the same at every step, given once per sample, without
 * the input being repeated over time: the first stateful layer after the folded stateless layers
 * of {@code Network.forwardTimeInvariant} (direct encoding).
 *
 * <p>The contract: {@code forwardTimeInvariant(X, ctx)} with {@code X} of shape {@code [B, in]}
 * returns exactly (bit for bit) the {@code [T, B, out]} output that {@link #forward} returns for the
 * input {@code I[t] = X} repeated over the {@code T = ctx.steps()} steps, and leaves the layer in the
 * same observable state (e.g. a spiking layer's membrane). In training, the next {@link #backward}
 * (or, for a spiking layer, its two-gradient backward) adds the same parameter gradients as the
 * backward after {@code forward} on the repeated input, and returns the input gradient summed over
 * time,
 * <pre>
 *   dX[b, i] = Σ_t dL/dI[t, b, i]            shape [B, in], layer-owned
 * </pre>
 * instead of the {@code [T, B, in]} gradient; implementations state the summation order (the sum
 * may differ from the forward-order sum by float rounding). The next {@link #forward} returns to
 * the ordinary {@code [T, B, in]} input and gradient. {@code X} must stay unchanged until the
 * matching backward returns.
 */
public interface TimeInvariantInput extends Layer {

    /**
     * Forward for an input that is the same at every step.
     *
     * @param input {@code [B, in]}, read (and kept by reference until backward)
     * @param ctx   T, B, training flag and kernels
     * @return the {@code [T, B, out]} output, layer-owned
     * @throws IllegalArgumentException when {@code input.length != B·in}
     */
    float[] forwardTimeInvariant(float[] input, RunContext ctx);
}
