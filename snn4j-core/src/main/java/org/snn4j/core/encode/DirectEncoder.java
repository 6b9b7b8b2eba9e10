package org.snn4j.core.encode;

/**
 * Direct (analogue) encoding: {@code out[t,b,f] = x[b,f]} for every step t. The output is a new
 * {@code [T, B, F]} array; the input is not modified. Deterministic (the seed is ignored) and
 * {@link #timeInvariant()}. Stateless and thread-safe.
 */
public final class DirectEncoder implements Encoder {
    /** Stable name. */
    public static final String NAME = "direct";

    @Override
    public float[] encode(float[] x, int batch, int features, int steps, long seed) {
        int total = EncoderChecks.check(x, batch, features, steps, "x");
        int perStep = batch * features;
        float[] out = new float[total];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(x, 0, out, t * perStep, perStep);
        }
        return out;
    }

    @Override
    public boolean timeInvariant() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
