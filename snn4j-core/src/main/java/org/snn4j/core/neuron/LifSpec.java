package org.snn4j.core.neuron;

import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.LayerSpec;

/**
 * Leaky integrate-and-fire neurons (snnTorch {@code Leaky}), type {@code "lif"}; builds a
 * {@link Leaky} layer. Equations (with {@code U[−1] = 0}, {@code R[t] = S[t−1]}, {@code S[−1] = 0}):
 * <pre>
 *   SUBTRACT: U[t] = β·U[t−1] + I[t] − R[t]·θ
 *   ZERO:     U[t] = (β·U[t−1] + I[t])·(1 − R[t])
 *   NONE:     U[t] = β·U[t−1] + I[t]
 *   S[t] = H(U[t] − θ),  H(x) = 1 if x &gt; 0 else 0
 * </pre>
 * With {@code maxSpikes ≠ 1} a neuron emits a spike count per step (Sinabs's {@code MultiSpike} /
 * {@code MaxSpike}): {@code S[t] = U[t] > 0 ? min(cap, ⌊U[t]/θ⌋) : 0}, SUBTRACT removes {@code S[t]·θ}
 * and ZERO resets where {@code S[t] > 0} (see {@link Leaky}).
 *
 * @param beta           membrane decay β in [0, 1] (a trained β is clamped to [0, 1] when used)
 * @param threshold      firing threshold θ &gt; 0
 * @param reset          reset mechanism
 * @param surrogate      surrogate derivative used for H' in backward
 * @param detachReset    true (snnTorch's default): no gradient flows through R[t]; false: through
 *                       the surrogate of S[t−1]
 * @param learnBeta      whether β is trained (parameter {@code "beta"})
 * @param learnThreshold whether θ is trained (parameter {@code "threshold"})
 * @param resetTiming    when the reset takes effect (default {@link ResetTiming#DELAYED}, the equations
 *                       above; {@link ResetTiming#IMMEDIATE}: ZERO {@code U[t] = β·U[t−1]·(1 − R[t]) + I[t]},
 *                       SUBTRACT {@code U[t] = β·(U[t−1] − R[t]·θ) + I[t]}); missing in older
 *                       architecture files, which therefore load with DELAYED
 * @param maxSpikes      spikes a neuron may emit per step: 1 (default: {@code S ∈ {0, 1}}, the equations above),
 *                       k &gt; 1 (at most k, Sinabs {@code MaxSpike(k)}) or 0 (no cap, Sinabs {@code MultiSpike});
 *                       missing in older architecture files, which therefore load with 1
 */
public record LifSpec(float beta, float threshold, Reset reset, Surrogate surrogate, boolean detachReset,
                      LearnMode learnBeta, LearnMode learnThreshold, ResetTiming resetTiming, int maxSpikes)
        implements LayerSpec {

    public LifSpec {
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
    public LifSpec(float beta, float threshold, Reset reset, Surrogate surrogate, boolean detachReset,
                   LearnMode learnBeta, LearnMode learnThreshold, ResetTiming resetTiming) {
        this(beta, threshold, reset, surrogate, detachReset, learnBeta, learnThreshold, resetTiming, 1);
    }

    /** The spec with {@link ResetTiming#DELAYED} (the form before {@code resetTiming} existed). */
    public LifSpec(float beta, float threshold, Reset reset, Surrogate surrogate, boolean detachReset,
                   LearnMode learnBeta, LearnMode learnThreshold) {
        this(beta, threshold, reset, surrogate, detachReset, learnBeta, learnThreshold, ResetTiming.DELAYED);
    }

    /** β as given, θ = 1, subtract reset, arctan surrogate (α = 2), detached reset, nothing trained. */
    public static LifSpec of(float beta) {
        return builder().beta(beta).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return "lif";
    }

    @Override
    public Leaky build(Shape inputShape, RandomGenerator rng) {
        return new Leaky(this, inputShape, beta, learnBeta, threshold, learnThreshold, reset, surrogate, detachReset,
                resetTiming, maxSpikes);
    }

    /** Builder with defaults β = 0.95, θ = 1, SUBTRACT, {@code Surrogate.atan()}, detached reset, FIXED, FIXED,
     *  DELAYED, one spike per step. */
    public static final class Builder {
        private float beta = 0.95f;
        private float threshold = 1f;
        private Reset reset = Reset.SUBTRACT;
        private Surrogate surrogate = Surrogate.atan();
        private boolean detachReset = true;
        private LearnMode learnBeta = LearnMode.FIXED;
        private LearnMode learnThreshold = LearnMode.FIXED;
        private ResetTiming resetTiming = ResetTiming.DELAYED;
        private int maxSpikes = 1;

        private Builder() {
        }

        /** Spikes per step at most: 1 (default), k &gt; 1, or 0 for no cap (Sinabs {@code MultiSpike}). */
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

        public Builder learnBeta(LearnMode v) {
            learnBeta = v;
            return this;
        }

        public Builder learnThreshold(LearnMode v) {
            learnThreshold = v;
            return this;
        }

        public LifSpec build() {
            return new LifSpec(beta, threshold, reset, surrogate, detachReset, learnBeta, learnThreshold, resetTiming,
                    maxSpikes);
        }
    }
}
