package org.snn4j.core.sim.plasticity;

import java.util.Arrays;
import org.snn4j.core.kernel.SimKernels;
import org.snn4j.core.sim.ParameterChecks;
import org.snn4j.core.sim.Plasticity;
import org.snn4j.core.sim.Projection;

/**
 * Triplet STDP (Pfister &amp; Gerstner 2006, J. Neurosci. 26(38):9673) on one {@link Projection}.
 * Each presynaptic element {@code i} has two traces {@code r1_i} (τ+) and {@code r2_i} (τx), each
 * postsynaptic neuron {@code j} two traces {@code o1_j} (τ−) and {@code o2_j} (τy). Every step:
 * <ol>
 *   <li>decay: {@code r1 ← r1·e^{−dt/τ+}}, {@code r2 ← r2·e^{−dt/τx}}, {@code o1 ← o1·e^{−dt/τ−}},
 *       {@code o2 ← o2·e^{−dt/τy}} (exact, factors in float, vectorised);</li>
 *   <li>for each presynaptic spike {@code i}: for every synapse {@code i → j}:
 *       {@code w ← clip(w − o1_j·(A2− + A3−·r2_i))} with {@code r2_i} before this spike; then
 *       {@code r1_i}, {@code r2_i} take the spike;</li>
 *   <li>for each postsynaptic spike {@code j}: for every synapse {@code i → j}:
 *       {@code w ← clip(w + r1_i·(A2+ + A3+·o2_j))} with {@code o2_j} before this spike; then
 *       {@code o1_j}, {@code o2_j} take the spike.</li>
 * </ol>
 * A trace takes a spike as {@code r ← r + 1} ({@link PairStdp.Pairing#ALL_TO_ALL}) or {@code r ← 1}
 * ({@link PairStdp.Pairing#NEAREST}); {@code clip(w) = min(max(w, wMin), wMax)}. As in
 * {@link PairStdp}, presynaptic spikes are handled before postsynaptic ones of the same step, so a
 * simultaneous pair potentiates. The minimal model is the full one with {@code A3− = 0} (and, for
 * the visual cortex, {@code A2+ = 0}).
 *
 * @param tauPlusMs  τ+, time constant of {@code r1} (ms, &gt; 0)
 * @param tauXMs     τx, time constant of {@code r2} (ms, &gt; 0)
 * @param tauMinusMs τ−, time constant of {@code o1} (ms, &gt; 0)
 * @param tauYMs     τy, time constant of {@code o2} (ms, &gt; 0)
 * @param a2Plus     A2+, pair potentiation (≥ 0)
 * @param a3Plus     A3+, triplet potentiation (≥ 0)
 * @param a2Minus    A2−, pair depression (≥ 0)
 * @param a3Minus    A3−, triplet depression (≥ 0)
 * @param pairing    trace update on a spike
 * @param wMin       lower weight bound (≥ 0)
 * @param wMax       upper weight bound (&gt; wMin, may be +∞)
 */
public record TripletStdp(double tauPlusMs, double tauXMs, double tauMinusMs, double tauYMs, double a2Plus,
                          double a3Plus, double a2Minus, double a3Minus, PairStdp.Pairing pairing, double wMin,
                          double wMax) implements Plasticity {

    /** Checks the parameters. */
    public TripletStdp {
        ParameterChecks.positive("tauPlusMs", tauPlusMs);
        ParameterChecks.positive("tauXMs", tauXMs);
        ParameterChecks.positive("tauMinusMs", tauMinusMs);
        ParameterChecks.positive("tauYMs", tauYMs);
        ParameterChecks.nonNegative("a2Plus", a2Plus);
        ParameterChecks.nonNegative("a3Plus", a3Plus);
        ParameterChecks.nonNegative("a2Minus", a2Minus);
        ParameterChecks.nonNegative("a3Minus", a3Minus);
        if (pairing == null) {
            throw new IllegalArgumentException("pairing must not be null");
        }
        Rules.bounds(wMin, wMax);
    }

    /**
     * Pfister &amp; Gerstner (2006) Table 2, visual cortex (Sjöström et al. 2001 data), all-to-all,
     * full model: τ+ = 16.8 ms, τx = 101 ms, τ− = 33.7 ms, τy = 125 ms, A2+ = 5·10⁻¹⁰,
     * A3+ = 6.2·10⁻³, A2− = 7·10⁻³, A3− = 2.3·10⁻⁴; bounds {@code [0, 1]}.
     */
    public static TripletStdp visualCortexAllToAll() {
        return new TripletStdp(16.8, 101, 33.7, 125, 5e-10, 6.2e-3, 7e-3, 2.3e-4, PairStdp.Pairing.ALL_TO_ALL, 0, 1);
    }

    /**
     * Pfister &amp; Gerstner (2006) Table 2, hippocampal cultures (Wang et al. 2005 data),
     * all-to-all, full model: τ+ = 16.8 ms, τx = 946 ms, τ− = 33.7 ms, τy = 27 ms,
     * A2+ = 6.1·10⁻³, A3+ = 6.7·10⁻³, A2− = 1.6·10⁻³, A3− = 1.4·10⁻³; bounds {@code [0, 1]}.
     */
    public static TripletStdp hippocampalAllToAll() {
        return new TripletStdp(16.8, 946, 33.7, 27, 6.1e-3, 6.7e-3, 1.6e-3, 1.4e-3, PairStdp.Pairing.ALL_TO_ALL, 0, 1);
    }

    /** A builder starting from {@link #visualCortexAllToAll()}. */
    public static Builder builder() {
        return visualCortexAllToAll().toBuilder();
    }

    /** A builder starting from this rule's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tauPlus = tauPlusMs;
        b.tauX = tauXMs;
        b.tauMinus = tauMinusMs;
        b.tauY = tauYMs;
        b.a2p = a2Plus;
        b.a3p = a3Plus;
        b.a2m = a2Minus;
        b.a3m = a3Minus;
        b.pairing = pairing;
        b.wMin = wMin;
        b.wMax = wMax;
        return b;
    }

    @Override
    public String name() {
        return "stdp-triplet";
    }

    @Override
    public Learner bind(Projection projection, double dtMs) {
        ParameterChecks.positive("dtMs", dtMs);
        return new Learner(this, projection, dtMs, SimKernels.create());
    }

    /** Builder for {@link TripletStdp}; {@link #build()} validates. */
    public static final class Builder {
        private double tauPlus;
        private double tauX;
        private double tauMinus;
        private double tauY;
        private double a2p;
        private double a3p;
        private double a2m;
        private double a3m;
        private PairStdp.Pairing pairing;
        private double wMin;
        private double wMax;

        private Builder() {
        }

        /** τ+ and τx, the presynaptic time constants (ms). */
        public Builder preTaus(double tauPlusMs, double tauXMs) {
            this.tauPlus = tauPlusMs;
            this.tauX = tauXMs;
            return this;
        }

        /** τ− and τy, the postsynaptic time constants (ms). */
        public Builder postTaus(double tauMinusMs, double tauYMs) {
            this.tauMinus = tauMinusMs;
            this.tauY = tauYMs;
            return this;
        }

        /** A2+ and A3+. */
        public Builder potentiation(double a2Plus, double a3Plus) {
            this.a2p = a2Plus;
            this.a3p = a3Plus;
            return this;
        }

        /** A2− and A3− (magnitudes). */
        public Builder depression(double a2Minus, double a3Minus) {
            this.a2m = a2Minus;
            this.a3m = a3Minus;
            return this;
        }

        /** The trace update on a spike. */
        public Builder pairing(PairStdp.Pairing p) {
            this.pairing = p;
            return this;
        }

        /** The weight bounds {@code [wMin, wMax]}. */
        public Builder bounds(double wMin, double wMax) {
            this.wMin = wMin;
            this.wMax = wMax;
            return this;
        }

        /** The rule. */
        public TripletStdp build() {
            return new TripletStdp(tauPlus, tauX, tauMinus, tauY, a2p, a3p, a2m, a3m, pairing, wMin, wMax);
        }
    }

    /**
     * The learning state of one projection: traces {@code r1, r2} ({@code pre().size()} floats each)
     * and {@code o1, o2} ({@code post().size()} each), mutated by {@link #step}, cleared by {@link #reset}.
     */
    public static final class Learner implements Plasticity.State {
        private final Projection projection;
        private final SimKernels kernels;
        private final float[] r1;
        private final float[] r2;
        private final float[] o1;
        private final float[] o2;
        private final float d1;
        private final float d2;
        private final float e1;
        private final float e2;
        private final float a2p;
        private final float a3p;
        private final float a2m;
        private final float a3m;
        private final float wMin;
        private final float wMax;
        private final boolean nearest;
        private final int[] rowPtr;
        private final int[] cols;
        private final int[] inPtr;
        private final int[] inSyn;
        private final int[] inPre;

        Learner(TripletStdp rule, Projection projection, double dtMs, SimKernels kernels) {
            this.projection = projection;
            this.kernels = kernels;
            int pre = projection.pre().size();
            int post = projection.post().size();
            r1 = new float[pre];
            r2 = new float[pre];
            o1 = new float[post];
            o2 = new float[post];
            d1 = (float) Math.exp(-dtMs / rule.tauPlusMs());
            d2 = (float) Math.exp(-dtMs / rule.tauXMs());
            e1 = (float) Math.exp(-dtMs / rule.tauMinusMs());
            e2 = (float) Math.exp(-dtMs / rule.tauYMs());
            a2p = (float) rule.a2Plus();
            a3p = (float) rule.a3Plus();
            a2m = (float) rule.a2Minus();
            a3m = (float) rule.a3Minus();
            wMin = (float) rule.wMin();
            wMax = (float) rule.wMax();
            nearest = rule.pairing() == PairStdp.Pairing.NEAREST;
            rowPtr = projection.rowPtr();
            cols = projection.columns();
            inPtr = projection.incomingPtr();
            inSyn = projection.incomingSynapses();
            inPre = Rules.incomingPre(projection);
        }

        /** The presynaptic traces {@code (r1_i, r2_i)} after the last step. */
        public float[] preTraces(int i) {
            return new float[] {r1[i], r2[i]};
        }

        /** The postsynaptic traces {@code (o1_j, o2_j)} after the last step. */
        public float[] postTraces(int j) {
            return new float[] {o1[j], o2[j]};
        }

        @Override
        public void step(long step) {
            kernels.scale(r1.length, r1, d1);
            kernels.scale(r2.length, r2, d2);
            kernels.scale(o1.length, o1, e1);
            kernels.scale(o2.length, o2, e2);
            float[] w = projection.weights();
            int[] preSpikes = projection.pre().spikes();
            int nPre = projection.pre().spikeCount();
            for (int k = 0; k < nPre; k++) {
                int i = preSpikes[k];
                float factor = a2m + a3m * r2[i];
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    w[p] = Rules.clip(w[p] - o1[cols[p]] * factor, wMin, wMax);
                }
                r1[i] = nearest ? 1f : r1[i] + 1f;
                r2[i] = nearest ? 1f : r2[i] + 1f;
            }
            int[] postSpikes = projection.post().spikes();
            int nPost = projection.post().spikeCount();
            for (int k = 0; k < nPost; k++) {
                int j = postSpikes[k];
                float factor = a2p + a3p * o2[j];
                for (int q = inPtr[j]; q < inPtr[j + 1]; q++) {
                    int p = inSyn[q];
                    w[p] = Rules.clip(w[p] + r1[inPre[q]] * factor, wMin, wMax);
                }
                o1[j] = nearest ? 1f : o1[j] + 1f;
                o2[j] = nearest ? 1f : o2[j] + 1f;
            }
        }

        @Override
        public void reset() {
            Arrays.fill(r1, 0f);
            Arrays.fill(r2, 0f);
            Arrays.fill(o1, 0f);
            Arrays.fill(o2, 0f);
        }
    }
}
