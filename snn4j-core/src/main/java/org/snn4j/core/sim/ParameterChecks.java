package org.snn4j.core.sim;

/**
 * Checks of model, rule and reproduction parameters, shared by the simulation packages. Each
 * throws an {@link IllegalArgumentException} that names the parameter, the allowed range and the
 * value given.
 */
public final class ParameterChecks {
    private ParameterChecks() {
    }

    /** {@code value} must be positive and finite. */
    public static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + value);
        }
    }

    /** {@code value} must be finite and {@code ≥ 0}. */
    public static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }

    /** {@code value} must be finite. */
    public static void finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }

    /** {@code value} must lie in {@code [lo, hi]}. */
    public static void range(String name, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + value);
        }
    }
}
