package org.snn4j.core.encode;

/**
 * Turns a batch of static samples into input sequences. Input {@code x} is {@code [B, F]}
 * (features normalised to [0, 1] for images), output is time-major {@code [T, B, F]}.
 * Stochastic encoders draw all randomness from the given seed, so the same seed gives the same
 * spikes.
 */
public interface Encoder {

    /**
     * @param x        {@code [B, F]} values, not modified
     * @param batch    B
     * @param features F
     * @param steps    T ≥ 1
     * @param seed     seed for stochastic encoders (ignored by deterministic ones)
     * @return a new {@code [T, B, F]} array
     */
    float[] encode(float[] x, int batch, int features, int steps, long seed);

    /** True when every step of the output equals the input (direct encoding): enables exact shortcuts. */
    default boolean timeInvariant() {
        return false;
    }

    /** Stable name used in the CLI and model files, e.g. {@code "poisson"}. */
    String name();
}
