package org.snn4j.core.neuron;

/**
 * A surrogate gradient for the Heaviside spike function {@code S = H(x)}, {@code x = U − θ}. The
 * forward pass always uses the exact step; backward replaces {@code dS/dx} (a Dirac delta) by a
 * smooth pseudo-derivative with a scale parameter:
 * <ul>
 *   <li>{@link Kind#ATAN}: {@code dS/dx = (α/2) / (1 + (π·α·x/2)²)} (snnTorch {@code atan}, default α = 2)</li>
 *   <li>{@link Kind#FAST_SIGMOID}: {@code dS/dx = 1 / (1 + k·|x|)²} (SuperSpike; snnTorch default k = 25)</li>
 *   <li>{@link Kind#SIGMOID}: {@code dS/dx = k·σ(k·x)·(1 − σ(k·x))} (snnTorch default k = 25)</li>
 *   <li>{@link Kind#TRIANGLE}: {@code dS/dx = a·max(0, 1 − a·|x|)} (unit area, width 2/a; default a = 1)</li>
 * </ul>
 *
 * @param kind  the surrogate family
 * @param scale α, k or a above; must be positive and finite
 */
public record Surrogate(Kind kind, float scale) {

    /** Surrogate families. */
    public enum Kind { ATAN, FAST_SIGMOID, SIGMOID, TRIANGLE }

    public Surrogate {
        if (kind == null) {
            throw new IllegalArgumentException("surrogate kind must not be null");
        }
        if (!(scale > 0f) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("surrogate scale must be positive and finite, got " + scale);
        }
    }

    public static Surrogate atan(float alpha) {
        return new Surrogate(Kind.ATAN, alpha);
    }

    /** snnTorch's default: arctan with α = 2. */
    public static Surrogate atan() {
        return atan(2f);
    }

    public static Surrogate fastSigmoid(float slope) {
        return new Surrogate(Kind.FAST_SIGMOID, slope);
    }

    public static Surrogate sigmoid(float slope) {
        return new Surrogate(Kind.SIGMOID, slope);
    }

    public static Surrogate triangle(float scale) {
        return new Surrogate(Kind.TRIANGLE, scale);
    }

    /** The pseudo-derivative {@code dS/dx} at {@code x = U − θ}. */
    public float derivative(float x) {
        return switch (kind) {
            case ATAN -> {
                float z = (float) (Math.PI / 2) * scale * x;
                yield (scale / 2f) / (1f + z * z);
            }
            case FAST_SIGMOID -> {
                float d = 1f + scale * Math.abs(x);
                yield 1f / (d * d);
            }
            case SIGMOID -> {
                float s = (float) (1.0 / (1.0 + Math.exp(-scale * x)));
                yield scale * s * (1f - s);
            }
            case TRIANGLE -> scale * Math.max(0f, 1f - scale * Math.abs(x));
        };
    }
}
