package org.snn4j.core.neuron;

/** Validation helpers shared by the neuron spec records. */
final class Specs {
    private Specs() {
    }

    static void unit(String name, float v) {
        if (!(v >= 0f && v <= 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }

    static void positive(String name, float v) {
        if (!(v > 0f) || Float.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
        }
    }

    static void nonNegative(String name, float v) {
        if (!(v >= 0f) || Float.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + v);
        }
    }

    static void finite(String name, float v) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }

    /** A spike cap per step: 1 (one spike), k &gt; 1 (at most k) or 0 (no cap). */
    static void maxSpikes(String name, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0 (1: at most one spike per step, the default; "
                    + "k > 1: at most k; 0: no cap), got " + v);
        }
    }

    static void notNull(String name, Object o) {
        if (o == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
