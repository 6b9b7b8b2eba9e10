package org.snn4j.core.encode;

/** Argument checks shared by the encoders (package-private). */
final class EncoderChecks {
    private EncoderChecks() {
    }

    /** Checks {@code x} holds {@code rows·features} values and returns {@code steps·rows·features}. */
    static int check(float[] x, int rows, int features, int steps, String what) {
        if (rows < 1 || features < 1 || steps < 1) {
            throw new IllegalArgumentException("need batch ≥ 1, features ≥ 1 and steps ≥ 1, got batch=" + rows
                    + ", features=" + features + ", steps=" + steps);
        }
        long perStep = (long) rows * features;
        if (x == null || x.length < perStep) {
            throw new IllegalArgumentException(what + " must hold at least " + perStep + " values, got "
                    + (x == null ? "null" : x.length));
        }
        long total = perStep * steps;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("T·B·F = " + total + " exceeds 2^31-1");
        }
        return (int) total;
    }

    static float nonNegativeFinite(String name, float v) {
        if (!(v >= 0) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and ≥ 0, got " + v);
        }
        return v;
    }

    static float positiveFinite(String name, float v) {
        if (!(v > 0) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
        return v;
    }
}
