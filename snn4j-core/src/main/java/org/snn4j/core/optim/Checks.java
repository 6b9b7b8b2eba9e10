package org.snn4j.core.optim;

/** Hyper-parameter validation with messages naming the bad value (package-private). */
final class Checks {
    private Checks() {
    }

    static float positiveFinite(String name, float v) {
        if (!(v > 0) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
        return v;
    }

    static float nonNegativeFinite(String name, float v) {
        if (!(v >= 0) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and ≥ 0, got " + v);
        }
        return v;
    }

    static float unitInterval(String name, float v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
        }
        return v;
    }

    static float closedUnitInterval(String name, float v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
        return v;
    }
}
