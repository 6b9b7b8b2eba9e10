package org.snn4j.core.neuron;

import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.LayerSpec;

/**
 * Current-based two-state LIF neurons (snnTorch {@code Synaptic}), type {@code "synaptic"}; builds
 * a {@link Synaptic} layer. See {@link Synaptic} for the exact equations.
 *
 * @param alpha          synaptic current decay α in [0, 1] (a trained α is clamped to [0, 1] when used)
 * @param beta           membrane decay β in [0, 1] (clamped likewise)
 * @param threshold      θ &gt; 0
 * @param reset          reset mechanism
 * @param surrogate      surrogate derivative for H'
 * @param detachReset    whether the reset carries no gradient (default true)
 * @param learnAlpha     parameter {@code "alpha"}
 * @param learnBeta      parameter {@code "beta"}
 * @param learnThreshold parameter {@code "threshold"}
 * @param resetTiming    when the membrane reset takes effect (default {@link ResetTiming#DELAYED}; missing in
 *                       older architecture files, which therefore load with DELAYED)
 * @param maxSpikes      spikes a neuron may emit per step: 1 (default: {@code S ∈ {0, 1}}), k &gt; 1 (at most k)
 *                       or 0 (no cap; Rockpool's {@code LIFTorch} spike count, Sinabs {@code MultiSpike}); see
 *                       {@link Synaptic}; missing in older architecture files, which therefore load with 1
 */
public record SynapticSpec(float alpha, float beta, float threshold, Reset reset, Surrogate surrogate,
                           boolean detachReset, LearnMode learnAlpha, LearnMode learnBeta,
                           LearnMode learnThreshold, ResetTiming resetTiming, int maxSpikes) implements LayerSpec {

    public SynapticSpec {
        Specs.maxSpikes("maxSpikes", maxSpikes);
        Specs.notNull("resetTiming", resetTiming);
        Specs.unit("alpha", alpha);
        Specs.unit("beta", beta);
        Specs.positive("threshold", threshold);
        Specs.notNull("reset", reset);
        Specs.notNull("surrogate", surrogate);
        Specs.notNull("learnAlpha", learnAlpha);
        Specs.notNull("learnBeta", learnBeta);
        Specs.notNull("learnThreshold", learnThreshold);
    }

    /** The spec with one spike per step at most (the form before {@code maxSpikes} existed). */
    public SynapticSpec(float alpha, float beta, float threshold, Reset reset, Surrogate surrogate,
                        boolean detachReset, LearnMode learnAlpha, LearnMode learnBeta, LearnMode learnThreshold,
                        ResetTiming resetTiming) {
        this(alpha, beta, threshold, reset, surrogate, detachReset, learnAlpha, learnBeta, learnThreshold,
                resetTiming, 1);
    }

    /** The spec with {@link ResetTiming#DELAYED} (the form before {@code resetTiming} existed). */
    public SynapticSpec(float alpha, float beta, float threshold, Reset reset, Surrogate surrogate,
                        boolean detachReset, LearnMode learnAlpha, LearnMode learnBeta, LearnMode learnThreshold) {
        this(alpha, beta, threshold, reset, surrogate, detachReset, learnAlpha, learnBeta, learnThreshold,
                ResetTiming.DELAYED);
    }

    /** α and β as given, everything else at the {@link Builder} defaults. */
    public static SynapticSpec of(float alpha, float beta) {
        return builder().alpha(alpha).beta(beta).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return "synaptic";
    }

    @Override
    public Synaptic build(Shape inputShape, RandomGenerator rng) {
        return new Synaptic(this, inputShape);
    }

    /**
     * Defaults α = 0.9, β = 0.8, θ = 1, SUBTRACT, {@code Surrogate.atan()}, detached reset, all FIXED, DELAYED,
     * one spike per step.
     */
    public static final class Builder {
        private float alpha = 0.9f;
        private float beta = 0.8f;
        private float threshold = 1f;
        private Reset reset = Reset.SUBTRACT;
        private Surrogate surrogate = Surrogate.atan();
        private boolean detachReset = true;
        private LearnMode learnAlpha = LearnMode.FIXED;
        private LearnMode learnBeta = LearnMode.FIXED;
        private LearnMode learnThreshold = LearnMode.FIXED;
        private ResetTiming resetTiming = ResetTiming.DELAYED;
        private int maxSpikes = 1;

        private Builder() {
        }

        /** Spikes per step at most: 1 (default), k &gt; 1, or 0 for no cap. */
        public Builder maxSpikes(int v) {
            maxSpikes = v;
            return this;
        }

        public Builder resetTiming(ResetTiming v) {
            resetTiming = v;
            return this;
        }

        public Builder alpha(float v) {
            alpha = v;
            return this;
        }

        public Builder beta(float v) {
            beta = v;
            return this;
        }

        public Builder threshold(float v) {
            threshold = v;
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

        public Builder learnAlpha(LearnMode v) {
            learnAlpha = v;
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

        public SynapticSpec build() {
            return new SynapticSpec(alpha, beta, threshold, reset, surrogate, detachReset, learnAlpha, learnBeta,
                    learnThreshold, resetTiming, maxSpikes);
        }
    }
}
