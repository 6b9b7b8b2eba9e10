package org.snn4j.core.neuron;

import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.LayerSpec;

/**
 * Integrate-and-fire neurons, type {@code "if"}: the {@link LifSpec} equations with β = 1 (no
 * leak), built as a {@link Leaky} layer.
 * <pre>
 *   SUBTRACT: U[t] = U[t−1] + I[t] − R[t]·θ;  ZERO: U[t] = (U[t−1] + I[t])·(1 − R[t]);  NONE: U[t] = U[t−1] + I[t]
 *   S[t] = H(U[t] − θ),  R[t] = S[t−1]
 * </pre>
 * With {@code maxSpikes ≠ 1} a neuron emits a spike count per step (Sinabs's {@code MultiSpike} /
 * {@code MaxSpike}, the default spike function of Sinabs's {@code IAF}):
 * {@code S[t] = U[t] > 0 ? min(cap, ⌊U[t]/θ⌋) : 0}, SUBTRACT removes {@code S[t]·θ} and ZERO resets where
 * {@code S[t] > 0} (see {@link Leaky}).
 * A sequence starts from {@code U[−1] = initialMembrane·θ, S[−1] = 0} (0 by default; ½ is the
 * half-threshold start of converted networks, Bu et al. 2022). The dependence of {@code U[−1]} on a
 * learned θ is not differentiated (it is treated as a constant in backward).
 *
 * @param threshold      firing threshold θ &gt; 0
 * @param reset          reset mechanism
 * @param surrogate      surrogate derivative for H'
 * @param detachReset    whether the reset carries no gradient (default true)
 * @param learnThreshold whether θ is trained (parameter {@code "threshold"})
 * @param initialMembrane the initial membrane as a fraction of θ, in [0, 1] (default 0; missing in
 *                        older architecture files, which therefore load with 0)
 * @param resetTiming    when the reset takes effect (default {@link ResetTiming#DELAYED}, the equations
 *                       above; {@link ResetTiming#IMMEDIATE}: ZERO {@code U[t] = U[t−1]·(1 − R[t]) + I[t]},
 *                       SUBTRACT the same as DELAYED); missing in older files, which load with DELAYED
 * @param maxSpikes      spikes a neuron may emit per step: 1 (default: {@code S ∈ {0, 1}}, the equations above),
 *                       k &gt; 1 (at most k, Sinabs {@code MaxSpike(k)}) or 0 (no cap, Sinabs {@code MultiSpike});
 *                       missing in older files, which load with 1
 */
public record IfSpec(float threshold, Reset reset, Surrogate surrogate, boolean detachReset,
                     LearnMode learnThreshold, float initialMembrane, ResetTiming resetTiming, int maxSpikes)
        implements LayerSpec {

    public IfSpec {
        Specs.maxSpikes("maxSpikes", maxSpikes);
        Specs.notNull("resetTiming", resetTiming);
        Specs.positive("threshold", threshold);
        Specs.notNull("reset", reset);
        Specs.notNull("surrogate", surrogate);
        Specs.notNull("learnThreshold", learnThreshold);
        if (!(initialMembrane >= 0f && initialMembrane <= 1f)) {
            throw new IllegalArgumentException("if initialMembrane (fraction of the threshold) must be in [0, 1], got "
                    + initialMembrane);
        }
    }

    /** The spec with initial membrane 0 (the form before {@code initialMembrane} existed). */
    public IfSpec(float threshold, Reset reset, Surrogate surrogate, boolean detachReset, LearnMode learnThreshold) {
        this(threshold, reset, surrogate, detachReset, learnThreshold, 0f);
    }

    /** The spec with one spike per step at most (the form before {@code maxSpikes} existed). */
    public IfSpec(float threshold, Reset reset, Surrogate surrogate, boolean detachReset, LearnMode learnThreshold,
                  float initialMembrane, ResetTiming resetTiming) {
        this(threshold, reset, surrogate, detachReset, learnThreshold, initialMembrane, resetTiming, 1);
    }

    /** The spec with {@link ResetTiming#DELAYED} (the form before {@code resetTiming} existed). */
    public IfSpec(float threshold, Reset reset, Surrogate surrogate, boolean detachReset, LearnMode learnThreshold,
                  float initialMembrane) {
        this(threshold, reset, surrogate, detachReset, learnThreshold, initialMembrane, ResetTiming.DELAYED);
    }

    /** θ = 1, subtract reset, arctan surrogate (α = 2), detached reset, fixed threshold, delayed reset. */
    public static IfSpec defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return "if";
    }

    @Override
    public Leaky build(Shape inputShape, RandomGenerator rng) {
        return new Leaky(this, inputShape, 1f, LearnMode.FIXED, threshold, learnThreshold, reset, surrogate, detachReset,
                initialMembrane, resetTiming, maxSpikes);
    }

    /** Builder with defaults θ = 1, SUBTRACT, {@code Surrogate.atan()}, detached reset, FIXED, initial membrane 0,
     *  DELAYED, one spike per step. */
    public static final class Builder {
        private float threshold = 1f;
        private Reset reset = Reset.SUBTRACT;
        private Surrogate surrogate = Surrogate.atan();
        private boolean detachReset = true;
        private LearnMode learnThreshold = LearnMode.FIXED;
        private float initialMembrane;
        private ResetTiming resetTiming = ResetTiming.DELAYED;
        private int maxSpikes = 1;

        private Builder() {
        }

        /** Spikes per step at most: 1 (default), k &gt; 1, or 0 for no cap (Sinabs {@code MultiSpike}). */
        public Builder maxSpikes(int v) {
            maxSpikes = v;
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

        public Builder learnThreshold(LearnMode v) {
            learnThreshold = v;
            return this;
        }

        /** Initial membrane as a fraction of θ, in [0, 1]. */
        public Builder initialMembrane(float v) {
            initialMembrane = v;
            return this;
        }

        public Builder resetTiming(ResetTiming v) {
            resetTiming = v;
            return this;
        }

        public IfSpec build() {
            return new IfSpec(threshold, reset, surrogate, detachReset, learnThreshold, initialMembrane, resetTiming,
                    maxSpikes);
        }
    }
}
