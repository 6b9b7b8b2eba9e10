package org.snn4j.core.neuron;

import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.LayerSpec;

/**
 * A stateless threshold (NIR's {@code Threshold} node, {@code S = Heaviside(I − θ)}), type
 * {@code "threshold"}; builds a {@link Threshold} layer. Element by element, at every step on its own:
 * <pre>
 *   S[t, b, n] = H(X[t, b, n] − θ_n),  H(x) = 1 if x &gt; 0 else 0
 * </pre>
 * the same strict comparison as the spike of {@link Leaky} ({@code U − θ > 0}). θ may be any finite
 * value (NIR allows any), negative and zero included.
 *
 * @param threshold      the initial (or, when FIXED, the constant) θ of every feature; finite
 * @param surrogate      surrogate derivative used for H' in backward
 * @param learnThreshold whether θ is trained (parameter {@code "threshold"}: shape {@code [1]} when SHARED,
 *                       {@code [N]} when PER_NEURON; FIXED has no parameter)
 */
public record ThresholdSpec(float threshold, Surrogate surrogate, LearnMode learnThreshold) implements LayerSpec {

    public ThresholdSpec {
        Specs.finite("threshold", threshold);
        Specs.notNull("surrogate", surrogate);
        Specs.notNull("learnThreshold", learnThreshold);
    }

    /** θ as given, arctan surrogate (α = 2), fixed. */
    public static ThresholdSpec of(float threshold) {
        return new ThresholdSpec(threshold, Surrogate.atan(), LearnMode.FIXED);
    }

    /** θ = 1, arctan surrogate (α = 2), fixed: the defaults of architecture files. */
    public static ThresholdSpec defaults() {
        return of(1f);
    }

    @Override
    public String type() {
        return "threshold";
    }

    @Override
    public Threshold build(Shape inputShape, RandomGenerator rng) {
        return new Threshold(this, inputShape);
    }
}
