package org.snn4j.core.neuron;

import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.LayerSpec;

/**
 * Recurrent LIF neurons with all-to-all learned recurrence (snnTorch {@code RLeaky}, linear
 * feedback), type {@code "rlif"}; builds a {@link RecurrentLeaky} layer. See there for equations.
 *
 * @param beta           membrane decay β in [0, 1] (a trained β is clamped to [0, 1] when used)
 * @param threshold      θ &gt; 0
 * @param reset          reset mechanism
 * @param surrogate      surrogate derivative for H'
 * @param detachReset    whether the reset carries no gradient (default true)
 * @param recurrentBias  whether a learned per-neuron bias {@code "recurrent_bias"} is added
 * @param learnBeta      parameter {@code "beta"}
 * @param learnThreshold parameter {@code "threshold"}
 * @param resetTiming    when the membrane reset takes effect (default {@link ResetTiming#DELAYED}; see
 *                       {@link RecurrentLeaky} for both forms; missing in older architecture files, which therefore
 *                       load with DELAYED)
 * @param maxSpikes      spikes a neuron may emit per step: 1 (default: {@code S ∈ {0, 1}}), k &gt; 1 (at most k)
 *                       or 0 (no cap; Rockpool's {@code LIFTorch} spike count, Sinabs {@code MultiSpike}); see
 *                       {@link RecurrentLeaky}; missing in older architecture files, which therefore load with 1
 */
public record RlifSpec(float beta, float threshold, Reset reset, Surrogate surrogate, boolean detachReset,
                       boolean recurrentBias, LearnMode learnBeta, LearnMode learnThreshold,
                       ResetTiming resetTiming, int maxSpikes) implements LayerSpec {

    public RlifSpec {
        Specs.maxSpikes("maxSpikes", maxSpikes);
        Specs.notNull("resetTiming", resetTiming);
        Specs.unit("beta", beta);
        Specs.positive("threshold", threshold);
        Specs.notNull("reset", reset);
        Specs.notNull("surrogate", surrogate);
        Specs.notNull("learnBeta", learnBeta);
        Specs.notNull("learnThreshold", learnThreshold);
    }

    /** The spec with one spike per step at most (the form before {@code maxSpikes} existed). */
    public RlifSpec(float beta, float threshold, Reset reset, Surrogate surrogate, boolean detachReset,
                    boolean recurrentBias, LearnMode learnBeta, LearnMode learnThreshold, ResetTiming resetTiming) {
        this(beta, threshold, reset, surrogate, detachReset, recurrentBias, learnBeta, learnThreshold, resetTiming, 1);
    }

    /** The spec with {@link ResetTiming#DELAYED} (the form before {@code resetTiming} existed). */
    public RlifSpec(float beta, float threshold, Reset reset, Surrogate surrogate, boolean detachReset,
                    boolean recurrentBias, LearnMode learnBeta, LearnMode learnThreshold) {
        this(beta, threshold, reset, surrogate, detachReset, recurrentBias, learnBeta, learnThreshold,
                ResetTiming.DELAYED);
    }

    /** β as given, everything else at the {@link Builder} defaults. */
    public static RlifSpec of(float beta) {
        return builder().beta(beta).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return "rlif";
    }

    @Override
    public RecurrentLeaky build(Shape inputShape, RandomGenerator rng) {
        return new RecurrentLeaky(this, inputShape, rng);
    }

    /** Defaults β = 0.95, θ = 1, SUBTRACT, {@code Surrogate.atan()}, detached reset, with bias, FIXED, FIXED,
     *  DELAYED, one spike per step. */
    public static final class Builder {
        private float beta = 0.95f;
        private float threshold = 1f;
        private Reset reset = Reset.SUBTRACT;
        private Surrogate surrogate = Surrogate.atan();
        private boolean detachReset = true;
        private boolean recurrentBias = true;
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

        public Builder recurrentBias(boolean v) {
            recurrentBias = v;
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

        public RlifSpec build() {
            return new RlifSpec(beta, threshold, reset, surrogate, detachReset, recurrentBias, learnBeta,
                    learnThreshold, resetTiming, maxSpikes);
        }
    }
}
