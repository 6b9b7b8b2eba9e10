package org.snn4j.core.neuron;

import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.LayerSpec;

/**
 * Adaptive-threshold LIF neurons (Bellec et al. 2018 "LSNN" style), type {@code "alif"}; builds an
 * {@link AdaptiveLeaky} layer. See {@link AdaptiveLeaky} for the exact equations.
 *
 * @param beta              membrane decay β in [0, 1] (a trained β is clamped to [0, 1] when used)
 * @param threshold         baseline threshold θ₀ &gt; 0
 * @param adaptation        adaptation strength γ ≥ 0 (θ[t] = θ₀ + γ·a[t])
 * @param adaptationDecay   adaptation decay ρ in [0, 1]
 * @param reset             reset mechanism (SUBTRACT subtracts the threshold the spike crossed, θ[t−1])
 * @param surrogate         surrogate derivative for H'
 * @param detachReset       whether the reset carries no gradient (default true)
 * @param detachAdaptation  whether the spike → adaptation path carries no gradient (default false:
 *                          gradient flows through a[t], as in Bellec et al.)
 * @param learnBeta         parameter {@code "beta"}
 * @param learnThreshold    parameter {@code "threshold"} (θ₀)
 */
public record AlifSpec(float beta, float threshold, float adaptation, float adaptationDecay, Reset reset,
                       Surrogate surrogate, boolean detachReset, boolean detachAdaptation,
                       LearnMode learnBeta, LearnMode learnThreshold) implements LayerSpec {

    public AlifSpec {
        Specs.unit("beta", beta);
        Specs.positive("threshold", threshold);
        Specs.nonNegative("adaptation", adaptation);
        Specs.unit("adaptationDecay", adaptationDecay);
        Specs.notNull("reset", reset);
        Specs.notNull("surrogate", surrogate);
        Specs.notNull("learnBeta", learnBeta);
        Specs.notNull("learnThreshold", learnThreshold);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return "alif";
    }

    @Override
    public AdaptiveLeaky build(Shape inputShape, RandomGenerator rng) {
        return new AdaptiveLeaky(this, inputShape);
    }

    /**
     * Defaults β = 0.95, θ₀ = 1, γ = 0.2, ρ = 0.98, SUBTRACT, {@code Surrogate.atan()}, detached
     * reset, attached adaptation, FIXED, FIXED.
     */
    public static final class Builder {
        private float beta = 0.95f;
        private float threshold = 1f;
        private float adaptation = 0.2f;
        private float adaptationDecay = 0.98f;
        private Reset reset = Reset.SUBTRACT;
        private Surrogate surrogate = Surrogate.atan();
        private boolean detachReset = true;
        private boolean detachAdaptation = false;
        private LearnMode learnBeta = LearnMode.FIXED;
        private LearnMode learnThreshold = LearnMode.FIXED;

        private Builder() {
        }

        public Builder beta(float v) {
            beta = v;
            return this;
        }

        public Builder threshold(float v) {
            threshold = v;
            return this;
        }

        public Builder adaptation(float v) {
            adaptation = v;
            return this;
        }

        public Builder adaptationDecay(float v) {
            adaptationDecay = v;
            return this;
        }

        public Builder reset(Reset v) {
            reset = v;
            return this;
        }

        public Builder surrogate(Surrogate v) {
            surrogate = v;
            return this;
        }

        public Builder detachReset(boolean v) {
            detachReset = v;
            return this;
        }

        public Builder detachAdaptation(boolean v) {
            detachAdaptation = v;
            return this;
        }

        public Builder learnBeta(LearnMode v) {
            learnBeta = v;
            return this;
        }

        public Builder learnThreshold(LearnMode v) {
            learnThreshold = v;
            return this;
        }

        public AlifSpec build() {
            return new AlifSpec(beta, threshold, adaptation, adaptationDecay, reset, surrogate, detachReset,
                    detachAdaptation, learnBeta, learnThreshold);
        }
    }
}
