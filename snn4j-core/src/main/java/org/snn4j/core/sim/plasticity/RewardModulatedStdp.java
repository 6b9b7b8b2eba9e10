package org.snn4j.core.sim.plasticity;

import java.util.Arrays;
import org.snn4j.core.kernel.SimKernels;
import org.snn4j.core.sim.ParameterChecks;
import org.snn4j.core.sim.Plasticity;
import org.snn4j.core.sim.Projection;

/**
 * Reward-modulated STDP, a three-factor rule (Izhikevich 2007; Florian 2007; Frémaux &amp; Gerstner
 * 2016): pair STDP ({@link PairStdp}, additive, all-to-all traces) does not change the weight but
 * an eligibility trace {@code e_p} of each synapse {@code p}, and the weight follows the product
 * of a reward signal {@code r} and the eligibility. Every step:
 * <ol>
 *   <li>decay: {@code x_i ← x_i·e^{−dt/τ+}}, {@code y_j ← y_j·e^{−dt/τ−}},
 *       {@code e_p ← e_p·e^{−dt/τe}} (exact, factors in float, vectorised over all synapses);</li>
 *   <li>for each presynaptic spike {@code i}: {@code x_i ← x_i + 1}, then for every synapse
 *       {@code p = i → j}: {@code e_p ← e_p − A−·y_j};</li>
 *   <li>for each postsynaptic spike {@code j}: {@code y_j ← y_j + 1}, then for every synapse
 *       {@code p = i → j}: {@code e_p ← e_p + A+·x_i};</li>
 *   <li>if {@code r ≠ 0}: for every synapse {@code w_p ← clip(w_p + η·r·e_p)},
 *       {@code clip(w) = min(max(w, wMin), wMax)} (in float, {@code η·r} formed in double and rounded once).</li>
 * </ol>
 * The reward {@code r} is set through {@link Learner#setReward} and <em>held</em> until changed:
 * a reward of duration {@code K} steps integrates {@code η·r·Σ e} over those steps; a one-step
 * pulse is {@code setReward(r)}, run one step, {@code setReward(0)}. With zero reward (the default)
 * the weights do not change. The cost per step is {@code O(pre + post + synapses)} for the decays
 * (vectorised) plus {@code O(synapses of the spikes)}, and {@code O(synapses)} for the weight update
 * only in steps with a non-zero reward.
 *
 * @param tauPreMs         τ+, presynaptic trace time constant (ms, &gt; 0)
 * @param tauPostMs        τ−, postsynaptic trace time constant (ms, &gt; 0)
 * @param aPlus            A+, eligibility increment per pre-before-post pairing (≥ 0)
 * @param aMinus           A−, eligibility decrement per post-before-pre pairing (≥ 0)
 * @param tauEligibilityMs τe, eligibility time constant (ms, &gt; 0)
 * @param learningRate     η (≥ 0)
 * @param wMin             lower weight bound (≥ 0)
 * @param wMax             upper weight bound (&gt; wMin, may be +∞)
 */
public record RewardModulatedStdp(double tauPreMs, double tauPostMs, double aPlus, double aMinus,
                                  double tauEligibilityMs, double learningRate, double wMin, double wMax)
        implements Plasticity {

    /** Checks the parameters. */
    public RewardModulatedStdp {
        ParameterChecks.positive("tauPreMs", tauPreMs);
        ParameterChecks.positive("tauPostMs", tauPostMs);
        ParameterChecks.nonNegative("aPlus", aPlus);
        ParameterChecks.nonNegative("aMinus", aMinus);
        ParameterChecks.positive("tauEligibilityMs", tauEligibilityMs);
        ParameterChecks.nonNegative("learningRate", learningRate);
        Rules.bounds(wMin, wMax);
    }

    /**
     * A builder starting from τ± = 20 ms, A+ = 1, A− = 1, τe = 500 ms, η = 0.01, bounds
     * {@code [0, 1]}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this rule's values. */
    public Builder toBuilder() {
        return new Builder().tauPreMs(tauPreMs).tauPostMs(tauPostMs).aPlus(aPlus).aMinus(aMinus)
                .tauEligibilityMs(tauEligibilityMs).learningRate(learningRate).bounds(wMin, wMax);
    }

    @Override
    public String name() {
        return "stdp-reward-modulated";
    }

    @Override
    public Learner bind(Projection projection, double dtMs) {
        ParameterChecks.positive("dtMs", dtMs);
        return new Learner(this, projection, dtMs, SimKernels.create());
    }

    /** Builder for {@link RewardModulatedStdp}; {@link #build()} validates. */
    public static final class Builder {
        private double tauPreMs = 20;
        private double tauPostMs = 20;
        private double aPlus = 1;
        private double aMinus = 1;
        private double tauEligibilityMs = 500;
        private double learningRate = 0.01;
        private double wMin = 0;
        private double wMax = 1;

        private Builder() {
        }

        /** τ+ (ms). */
        public Builder tauPreMs(double ms) {
            this.tauPreMs = ms;
            return this;
        }

        /** τ− (ms). */
        public Builder tauPostMs(double ms) {
            this.tauPostMs = ms;
            return this;
        }

        /** A+. */
        public Builder aPlus(double a) {
            this.aPlus = a;
            return this;
        }

        /** A− (a magnitude). */
        public Builder aMinus(double a) {
            this.aMinus = a;
            return this;
        }

        /** τe (ms). */
        public Builder tauEligibilityMs(double ms) {
            this.tauEligibilityMs = ms;
            return this;
        }

        /** η. */
        public Builder learningRate(double eta) {
            this.learningRate = eta;
            return this;
        }

        /** The weight bounds {@code [wMin, wMax]}. */
        public Builder bounds(double wMin, double wMax) {
            this.wMin = wMin;
            this.wMax = wMax;
            return this;
        }

        /** The rule. */
        public RewardModulatedStdp build() {
            return new RewardModulatedStdp(tauPreMs, tauPostMs, aPlus, aMinus, tauEligibilityMs, learningRate, wMin, wMax);
        }
    }

    /**
     * The learning state of one projection: traces {@code x} ({@code pre().size()} floats),
     * {@code y} ({@code post().size()}), eligibility {@code e} (one float per synapse, in synapse
     * order) and the held reward {@code r}. {@link #step} mutates all of them but {@code r};
     * {@link #reset} clears traces, eligibility and the reward (a new trial starts unrewarded).
     */
    public static final class Learner implements Plasticity.State {
        private final Projection projection;
        private final SimKernels kernels;
        private final float[] x;
        private final float[] y;
        private final float[] e;
        private final float decayPre;
        private final float decayPost;
        private final float decayE;
        private final float aPlus;
        private final float aMinus;
        private final double eta;
        private final float wMin;
        private final float wMax;
        private final int[] rowPtr;
        private final int[] cols;
        private final int[] inPtr;
        private final int[] inSyn;
        private final int[] inPre;
        private double reward;

        Learner(RewardModulatedStdp rule, Projection projection, double dtMs, SimKernels kernels) {
            this.projection = projection;
            this.kernels = kernels;
            x = new float[projection.pre().size()];
            y = new float[projection.post().size()];
            e = new float[projection.synapseCount()];
            decayPre = (float) Math.exp(-dtMs / rule.tauPreMs());
            decayPost = (float) Math.exp(-dtMs / rule.tauPostMs());
            decayE = (float) Math.exp(-dtMs / rule.tauEligibilityMs());
            aPlus = (float) rule.aPlus();
            aMinus = (float) rule.aMinus();
            eta = rule.learningRate();
            wMin = (float) rule.wMin();
            wMax = (float) rule.wMax();
            rowPtr = projection.rowPtr();
            cols = projection.columns();
            inPtr = projection.incomingPtr();
            inSyn = projection.incomingSynapses();
            inPre = Rules.incomingPre(projection);
        }

        /**
         * Sets the reward signal {@code r}, held from the next step on until changed.
         *
         * @throws IllegalArgumentException if {@code r} is not finite
         */
        public void setReward(double r) {
            if (!Double.isFinite(r)) {
                throw new IllegalArgumentException("reward must be finite, got " + r);
            }
            this.reward = r;
        }

        /** The current reward signal. */
        public double reward() {
            return reward;
        }

        /** The eligibility {@code e_p} of synapse {@code p} (synapse order, see {@link Projection}) after the last step. */
        public float eligibility(int p) {
            return e[p];
        }

        @Override
        public void step(long step) {
            kernels.scale(x.length, x, decayPre);
            kernels.scale(y.length, y, decayPost);
            kernels.scale(e.length, e, decayE);
            int[] preSpikes = projection.pre().spikes();
            int nPre = projection.pre().spikeCount();
            for (int k = 0; k < nPre; k++) {
                int i = preSpikes[k];
                x[i] += 1f;
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    e[p] -= aMinus * y[cols[p]];
                }
            }
            int[] postSpikes = projection.post().spikes();
            int nPost = projection.post().spikeCount();
            for (int k = 0; k < nPost; k++) {
                int j = postSpikes[k];
                y[j] += 1f;
                for (int q = inPtr[j]; q < inPtr[j + 1]; q++) {
                    e[inSyn[q]] += aPlus * x[inPre[q]];
                }
            }
            if (reward != 0) {
                float gain = (float) (eta * reward);
                float[] w = projection.weights();
                for (int p = 0; p < w.length; p++) {
                    w[p] = Rules.clip(w[p] + gain * e[p], wMin, wMax);
                }
            }
        }

        @Override
        public void reset() {
            Arrays.fill(x, 0f);
            Arrays.fill(y, 0f);
            Arrays.fill(e, 0f);
            reward = 0;
        }
    }
}
