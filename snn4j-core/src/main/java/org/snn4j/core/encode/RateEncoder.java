package org.snn4j.core.encode;

import java.util.SplittableRandom;

/**
 * Rate ("Poisson") encoding as snnTorch {@code spikegen.rate}: an independent Bernoulli draw per
 * step, feature and sample,
 * <pre>
 *   out[t,b,f] = 1 if u[t,b,f] &lt; clamp(gain·x[b,f], 0, 1) else 0,    u ~ U[0, 1)
 * </pre>
 * so the expected firing rate of a feature is {@code clamp(gain·x, 0, 1)} spikes per step (NaN
 * inputs give no spikes). The uniforms come from one {@link SplittableRandom} seeded with
 * {@code seed} and consumed in {@code [T, B, F]} order (one {@code nextDouble()} per entry), so the
 * same seed, shape and input give the same spikes. The output is a new {@code [T, B, F]} array of
 * 0/1. Thread-safe (no shared state).
 *
 * @param gain scale applied to x before clamping, finite and ≥ 0
 */
public record RateEncoder(float gain) implements Encoder {
    /** Stable name; {@code "rate"} is accepted as an alias by {@link Encoders#byName}. */
    public static final String NAME = "poisson";

    public RateEncoder {
        EncoderChecks.nonNegativeFinite("gain", gain);
    }

    /** Gain 1: probability = clamp(x, 0, 1). */
    public RateEncoder() {
        this(1f);
    }

    @Override
    public float[] encode(float[] x, int batch, int features, int steps, long seed) {
        int total = EncoderChecks.check(x, batch, features, steps, "x");
        int perStep = batch * features;
        double[] prob = new double[perStep];
        for (int i = 0; i < perStep; i++) {
            float p = gain * x[i];
            prob[i] = p > 1f ? 1.0 : (p > 0f ? p : 0.0);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] out = new float[total];
        for (int t = 0; t < steps; t++) {
            int base = t * perStep;
            for (int i = 0; i < perStep; i++) {
                if (rng.nextDouble() < prob[i]) {
                    out[base + i] = 1f;
                }
            }
        }
        return out;
    }

    @Override
    public String name() {
        return NAME;
    }
}
