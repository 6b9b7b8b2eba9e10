package org.snn4j.core.encode;

import java.util.Objects;

/**
 * Latency (time-to-first-spike) encoding: each feature emits at most one spike, earlier for larger
 * values. With {@code x = x[b,f]}, threshold θ and {@code rint} = round half to even (as
 * {@code torch.round}):
 * <pre>
 *   x &lt; θ (or NaN):  no spike
 *   LINEAR:  t = rint( (T − 1) · (1 − min(x, 1)) )                 always within [0, T − 1]
 *   LOG:     t = rint( τ · ln( x / (x − θ) ) )   for x &gt; θ; no spike if t &gt; T − 1 or x = θ
 *   out[t,b,f] = 1 at that step, 0 elsewhere
 * </pre>
 * LINEAR is snnTorch {@code spikegen.latency(linear=True, normalize=True)} without its threshold
 * clamp; LOG is the RC-circuit form of {@code spikegen.latency(linear=False, normalize=False)}
 * (charging time of an RC circuit with time constant τ to threshold θ under input x, in steps).
 * Deterministic (the seed is ignored); output is a new {@code [T, B, F]} array. Thread-safe.
 *
 * @param mode      LINEAR or LOG
 * @param threshold θ ≥ 0; inputs below it never spike
 * @param tau       τ &gt; 0 (used by LOG only)
 */
public record LatencyEncoder(Mode mode, float threshold, float tau) implements Encoder {
    /** Stable name. */
    public static final String NAME = "latency";

    /** The spike-time formula. */
    public enum Mode {
        /** {@code t = rint((T − 1)(1 − x))}. */
        LINEAR,
        /** {@code t = rint(τ·ln(x / (x − θ)))}. */
        LOG
    }

    public LatencyEncoder {
        Objects.requireNonNull(mode, "mode");
        EncoderChecks.nonNegativeFinite("threshold", threshold);
        EncoderChecks.positiveFinite("tau", tau);
    }

    /** LINEAR with threshold 0.01 (snnTorch's default threshold), τ = 1. */
    public LatencyEncoder() {
        this(Mode.LINEAR, 0.01f, 1f);
    }

    /**
     * The spike step of value {@code x} for {@code steps} steps, or −1 for no spike (the formula
     * in the class comment, computed in double).
     */
    public int spikeTime(float x, int steps) {
        if (!(x >= threshold)) {
            return -1;
        }
        double t;
        if (mode == Mode.LINEAR) {
            t = Math.rint((steps - 1) * (1.0 - Math.min(x, 1.0)));
        } else {
            if (x == threshold) {
                return -1;
            }
            t = Math.rint(tau * Math.log((double) x / ((double) x - threshold)));
        }
        return t > steps - 1 ? -1 : (int) t;
    }

    @Override
    public float[] encode(float[] x, int batch, int features, int steps, long seed) {
        int total = EncoderChecks.check(x, batch, features, steps, "x");
        int perStep = batch * features;
        float[] out = new float[total];
        for (int i = 0; i < perStep; i++) {
            int t = spikeTime(x[i], steps);
            if (t >= 0) {
                out[t * perStep + i] = 1f;
            }
        }
        return out;
    }

    @Override
    public String name() {
        return NAME;
    }
}
