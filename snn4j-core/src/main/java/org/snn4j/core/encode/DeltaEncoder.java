package org.snn4j.core.encode;

import java.util.Objects;

/**
 * Delta (change) encoding as snnTorch {@code spikegen.delta(padding=False)}: a spike where a
 * feature's value changed by at least θ since the previous step, the value before step 0 being 0.
 * For a sequence {@code s [T, B, F]} with {@code d[t] = s[t] − s[t−1]} and {@code s[−1] = 0}:
 * <pre>
 *   out[t,b,f] = +1   if d[t,b,f] ≥ θ
 *              = −1   if d[t,b,f] ≤ −θ and polarity is ON_OFF
 *              =  0   otherwise
 * </pre>
 * {@link #encode} treats a static sample {@code x [B, F]} as the sequence {@code s[t] = x} for all
 * t, so it spikes (+1) only at t = 0, for features with {@code x ≥ θ} (or −1 where {@code x ≤ −θ}
 * with ON_OFF), and is silent afterwards. {@link #encodeSequence} encodes a real sequence.
 * Deterministic (the seed is ignored); outputs are new arrays. Thread-safe.
 *
 * @param threshold θ &gt; 0
 * @param polarity  ON only (+1) or ON_OFF (±1)
 */
public record DeltaEncoder(float threshold, Polarity polarity) implements Encoder {
    /** Stable name. */
    public static final String NAME = "delta";

    /** Which changes produce spikes. */
    public enum Polarity {
        /** Only increases ≥ θ, as +1. */
        ON,
        /** Increases ≥ θ as +1 and decreases ≤ −θ as −1. */
        ON_OFF
    }

    public DeltaEncoder {
        EncoderChecks.positiveFinite("threshold", threshold);
        Objects.requireNonNull(polarity, "polarity");
    }

    /** θ = 0.1 (snnTorch's default), ON polarity. */
    public DeltaEncoder() {
        this(0.1f, Polarity.ON);
    }

    @Override
    public float[] encode(float[] x, int batch, int features, int steps, long seed) {
        int total = EncoderChecks.check(x, batch, features, steps, "x");
        float[] out = new float[total];
        int perStep = batch * features;
        for (int i = 0; i < perStep; i++) {
            out[i] = spike(x[i]);
        }
        return out;
    }

    /**
     * Encodes a sequence {@code s [T, B, F]} (not modified) into a new {@code [T, B, F]} array of
     * spikes in {−1, 0, +1} by the rule in the class comment.
     */
    public float[] encodeSequence(float[] sequence, int steps, int batch, int features) {
        int total = EncoderChecks.check(sequence, batch, features, steps, "sequence [B, F] per step");
        if (sequence.length < total) {
            throw new IllegalArgumentException("sequence must hold T·B·F = " + total + " values, got "
                    + sequence.length);
        }
        int perStep = batch * features;
        float[] out = new float[total];
        for (int i = 0; i < perStep; i++) {
            out[i] = spike(sequence[i]);
        }
        for (int t = 1; t < steps; t++) {
            int base = t * perStep;
            int prev = base - perStep;
            for (int i = 0; i < perStep; i++) {
                out[base + i] = spike(sequence[base + i] - sequence[prev + i]);
            }
        }
        return out;
    }

    private float spike(float delta) {
        if (delta >= threshold) {
            return 1f;
        }
        if (polarity == Polarity.ON_OFF && delta <= -threshold) {
            return -1f;
        }
        return 0f;
    }

    @Override
    public String name() {
        return NAME;
    }
}
