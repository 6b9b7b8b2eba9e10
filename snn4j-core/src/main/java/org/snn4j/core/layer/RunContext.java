package org.snn4j.core.layer;

import java.util.Objects;
import org.snn4j.core.kernel.Kernels;

/**
 * What one forward pass over a batch of sequences needs to know: the number of time steps
 * {@code T}, the batch size {@code B}, whether this is training (caches for backward, dropout on)
 * or inference, the seed for stochastic layers of this pass, and the kernels to compute with.
 *
 * @param steps    T, time steps, ≥ 1
 * @param batch    B, samples in the batch, ≥ 1
 * @param training true when a backward pass will follow
 * @param seed     seed for this pass's randomness (dropout masks); derive per layer with {@link #seedFor(int)}
 * @param kernels  the compute kernels and thread pool
 */
public record RunContext(int steps, int batch, boolean training, long seed, Kernels kernels) {
    public RunContext {
        if (steps < 1) {
            throw new IllegalArgumentException("time steps must be >= 1, got " + steps);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batch);
        }
        Objects.requireNonNull(kernels, "kernels");
    }

    /** Rows of a time-major activation matrix: {@code T · B}. */
    public int rows() {
        return steps * batch;
    }

    /** The same context with the seed replaced by {@link #seedFor(int) seedFor(layerIndex)}. */
    public RunContext forLayer(int layerIndex) {
        return new RunContext(steps, batch, training, seedFor(layerIndex), kernels);
    }

    /** A seed for the layer at {@code layerIndex}, decorrelated from the others (SplitMix64 mix). */
    public long seedFor(int layerIndex) {
        long z = seed + 0x9E3779B97F4A7C15L * (layerIndex + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
