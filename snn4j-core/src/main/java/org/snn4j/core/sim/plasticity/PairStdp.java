package org.snn4j.core.sim.plasticity;

import java.util.Arrays;
import org.snn4j.core.kernel.SimKernels;
import org.snn4j.core.sim.ParameterChecks;
import org.snn4j.core.sim.Plasticity;
import org.snn4j.core.sim.Projection;

/**
 * Trace-based pair STDP (Song, Miller &amp; Abbott 2000; Morrison, Diesmann &amp; Gerstner 2008) on
 * one {@link Projection}. Each presynaptic element {@code i} has a trace {@code x_i} (time constant
 * τ+), each postsynaptic neuron {@code j} a trace {@code y_j} (τ−); with one presynaptic element per
 * synapse these equal Brian2's per-synapse {@code Apre}/{@code Apost} divided by their amplitudes.
 * Every step {@code n}, after the step's spikes are known ({@link Plasticity.State#step}):
 * <ol>
 *   <li>decay: {@code x_i ← x_i·e^{−dt/τ+}}, {@code y_j ← y_j·e^{−dt/τ−}} for every element
 *       (exact, factors in float, vectorised with {@link SimKernels#scale});</li>
 *   <li>{@link Schedule#PRE_THEN_POST} (Brian2): for each presynaptic spike {@code i} in increasing
 *       order: update {@code x_i}, then for every synapse {@code i → j}: {@code w ← clip(w + Δ−(w, y_j))};
 *       then for each postsynaptic spike {@code j}: update {@code y_j}, then for every synapse
 *       {@code i → j} (incoming index): {@code w ← clip(w + Δ+(w, x_i))}.<br>
 *       {@link Schedule#TRACES_FIRST} (BindsNET): first update {@code x_i} of every presynaptic spike
 *       and {@code y_j} of every postsynaptic spike, then apply every {@code Δ−} with the updated
 *       {@code y}, then every {@code Δ+} with the updated {@code x}.</li>
 * </ol>
 * Trace update on a spike: {@link Pairing#ALL_TO_ALL} {@code x ← x + 1}; {@link Pairing#NEAREST}
 * {@code x ← 1}. Weight changes ({@link WeightDependence}):
 * <pre>
 *   ADDITIVE_HARD:   Δ+ = A+·x_i                 Δ− = −A−·y_j
 *   MULTIPLICATIVE:  Δ+ = A+·x_i·(wMax − w)      Δ− = −A−·y_j·(w − wMin)
 *   clip(w) = min(max(w, wMin), wMax)            (after every single update, in float)
 * </pre>
 * Consequences (used by the tests): a pre spike in step {@code m} and a post spike in step
 * {@code m + k} ({@code k ≥ 0}, nothing else, traces empty, additive, no clipping) change the weight
 * by {@code +A+·e^{−k·dt/τ+}}; a post spike in step {@code m} and a pre spike in step {@code m + k},
 * {@code k ≥ 1}, by {@code −A−·e^{−k·dt/τ−}}. With {@code PRE_THEN_POST} a pre and a post spike in the
 * same step count as pre-before-post (only {@code +A+}, as in Brian2's example where {@code on_pre}
 * runs before {@code on_post}); with {@code TRACES_FIRST} they give {@code A+ − A−}.
 *
 * <p>Only synapses of spiking elements are touched: the cost per step is {@code O(pre + post)} for
 * the trace decay plus {@code O(synapses of the spikes)}. Weights are only clipped when updated, so
 * initial weights outside the bounds stay until their synapse learns.
 *
 * @param tauPreMs         τ+, time constant of the presynaptic trace (ms, &gt; 0)
 * @param tauPostMs        τ−, time constant of the postsynaptic trace (ms, &gt; 0)
 * @param aPlus            A+, potentiation amplitude on a postsynaptic spike (≥ 0)
 * @param aMinus           A−, depression amplitude on a presynaptic spike (≥ 0)
 * @param pairing          trace update on a spike
 * @param weightDependence additive with hard bounds or multiplicative (soft bounds)
 * @param schedule         order of trace and weight updates within one step
 * @param wMin             lower weight bound (≥ 0)
 * @param wMax             upper weight bound (&gt; wMin; may be +∞ only for {@code ADDITIVE_HARD})
 */
public record PairStdp(double tauPreMs, double tauPostMs, double aPlus, double aMinus, Pairing pairing,
                       WeightDependence weightDependence, Schedule schedule, double wMin, double wMax)
        implements Plasticity {

    /** How a spike updates its element's trace. */
    public enum Pairing {
        /** {@code x ← x + 1}: every earlier spike pairs with this one (all-to-all interaction). */
        ALL_TO_ALL,
        /** {@code x ← 1}: only the most recent spike counts (nearest-spike interaction). */
        NEAREST
    }

    /** How the weight change depends on the weight. */
    public enum WeightDependence {
        /** {@code Δ+ = A+·x}, {@code Δ− = −A−·y}, then clipping to {@code [wMin, wMax]}. */
        ADDITIVE_HARD,
        /** Soft bounds: {@code Δ+ = A+·x·(wMax − w)}, {@code Δ− = −A−·y·(w − wMin)}, then clipping. */
        MULTIPLICATIVE
    }

    /** The order of trace and weight updates within one step (see the class comment). */
    public enum Schedule {
        /** Brian2: presynaptic spikes (trace, then depression) before postsynaptic ones (trace, then potentiation). */
        PRE_THEN_POST,
        /** BindsNET: all traces take this step's spikes first, then depression, then potentiation. */
        TRACES_FIRST
    }

    /** Checks the parameters. */
    public PairStdp {
        ParameterChecks.positive("tauPreMs", tauPreMs);
        ParameterChecks.positive("tauPostMs", tauPostMs);
        ParameterChecks.nonNegative("aPlus", aPlus);
        ParameterChecks.nonNegative("aMinus", aMinus);
        if (pairing == null || weightDependence == null || schedule == null) {
            throw new IllegalArgumentException("pairing, weightDependence and schedule must not be null");
        }
        Rules.bounds(wMin, wMax);
        if (weightDependence == WeightDependence.MULTIPLICATIVE && Double.isInfinite(wMax)) {
            throw new IllegalArgumentException("multiplicative STDP needs a finite wMax, got " + wMax);
        }
    }

    /**
     * Brian2's Song, Miller &amp; Abbott (2000) example: τ+ = τ− = 20 ms, {@code A+ = 0.01·gmax},
     * {@code A− = A+·τ+/τ−·1.05 = 1.05·A+}, additive, hard bounds {@code [0, gmax]}, all-to-all,
     * pre before post.
     *
     * @throws IllegalArgumentException if {@code gmax} is not positive and finite
     */
    public static PairStdp songMillerAbbott(double gmax) {
        ParameterChecks.positive("gmax", gmax);
        double aPlus = 0.01 * gmax;
        return new PairStdp(20, 20, aPlus, aPlus * 20 / 20 * 1.05, Pairing.ALL_TO_ALL,
                WeightDependence.ADDITIVE_HARD, Schedule.PRE_THEN_POST, 0, gmax);
    }

    /**
     * BindsNET's {@code PostPre} rule as its {@code DiehlAndCook2015} model uses it: a presynaptic
     * spike gives {@code w −= ν_pre·y_j}, a postsynaptic spike {@code w += ν_post·x_i} with
     * {@code ν_pre = 1e-4}, {@code ν_post = 1e-2}; traces τ = 20 ms set to 1 on a spike (BindsNET's
     * default {@code traces_additive = False}, i.e. {@link Pairing#NEAREST}); traces updated before
     * the weights ({@link Schedule#TRACES_FIRST}); weights clipped to {@code [0, 1]}.
     */
    public static PairStdp diehlCook() {
        return new PairStdp(20, 20, 1e-2, 1e-4, Pairing.NEAREST, WeightDependence.ADDITIVE_HARD,
                Schedule.TRACES_FIRST, 0, 1);
    }

    /** A builder starting from τ± = 20 ms, A+ = 0.01, A− = 0.0105, all-to-all, additive, pre then post, [0, 1]. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this rule's values. */
    public Builder toBuilder() {
        return new Builder().tauPreMs(tauPreMs).tauPostMs(tauPostMs).aPlus(aPlus).aMinus(aMinus).pairing(pairing)
                .weightDependence(weightDependence).schedule(schedule).bounds(wMin, wMax);
    }

    @Override
    public String name() {
        return "stdp-pair-" + (weightDependence == WeightDependence.ADDITIVE_HARD ? "additive" : "multiplicative");
    }

    @Override
    public Learner bind(Projection projection, double dtMs) {
        ParameterChecks.positive("dtMs", dtMs);
        return new Learner(this, projection, dtMs, SimKernels.create());
    }

    /** Builder for {@link PairStdp}; {@link #build()} validates. */
    public static final class Builder {
        private double tauPreMs = 20;
        private double tauPostMs = 20;
        private double aPlus = 0.01;
        private double aMinus = 0.0105;
        private Pairing pairing = Pairing.ALL_TO_ALL;
        private WeightDependence weightDependence = WeightDependence.ADDITIVE_HARD;
        private Schedule schedule = Schedule.PRE_THEN_POST;
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

        /** A+ (potentiation on a postsynaptic spike). */
        public Builder aPlus(double a) {
            this.aPlus = a;
            return this;
        }

        /** A− (depression on a presynaptic spike, a magnitude). */
        public Builder aMinus(double a) {
            this.aMinus = a;
            return this;
        }

        /** The trace update on a spike. */
        public Builder pairing(Pairing p) {
            this.pairing = p;
            return this;
        }

        /** The weight dependence. */
        public Builder weightDependence(WeightDependence d) {
            this.weightDependence = d;
            return this;
        }

        /** The order within a step. */
        public Builder schedule(Schedule s) {
            this.schedule = s;
            return this;
        }

        /** The weight bounds {@code [wMin, wMax]}. */
        public Builder bounds(double wMin, double wMax) {
            this.wMin = wMin;
            this.wMax = wMax;
            return this;
        }

        /** The rule. */
        public PairStdp build() {
            return new PairStdp(tauPreMs, tauPostMs, aPlus, aMinus, pairing, weightDependence, schedule, wMin, wMax);
        }
    }

    /**
     * The learning state of one projection: the traces {@code x} ({@code pre().size()} floats) and
     * {@code y} ({@code post().size()} floats), mutated by {@link #step}, cleared by {@link #reset}.
     */
    public static final class Learner implements Plasticity.State {
        private final Projection projection;
        private final SimKernels kernels;
        private final float[] x;
        private final float[] y;
        private final float decayPre;
        private final float decayPost;
        private final float aPlus;
        private final float aMinus;
        private final float wMin;
        private final float wMax;
        private final boolean nearest;
        private final boolean multiplicative;
        private final boolean tracesFirst;
        private final int[] rowPtr;
        private final int[] cols;
        private final int[] inPtr;
        private final int[] inSyn;
        private final int[] inPre;
        private final boolean denseRows;

        Learner(PairStdp rule, Projection projection, double dtMs, SimKernels kernels) {
            this.projection = projection;
            this.kernels = kernels;
            this.x = new float[projection.pre().size()];
            this.y = new float[projection.post().size()];
            this.decayPre = (float) Math.exp(-dtMs / rule.tauPreMs());
            this.decayPost = (float) Math.exp(-dtMs / rule.tauPostMs());
            this.aPlus = (float) rule.aPlus();
            this.aMinus = (float) rule.aMinus();
            this.wMin = (float) rule.wMin();
            this.wMax = (float) rule.wMax();
            this.nearest = rule.pairing() == Pairing.NEAREST;
            this.multiplicative = rule.weightDependence() == WeightDependence.MULTIPLICATIVE;
            this.tracesFirst = rule.schedule() == Schedule.TRACES_FIRST;
            this.rowPtr = projection.rowPtr();
            this.cols = projection.columns();
            this.inPtr = projection.incomingPtr();
            this.inSyn = projection.incomingSynapses();
            this.inPre = Rules.incomingPre(projection);
            this.denseRows = projection.connectivity().isDense();
        }

        /** The presynaptic trace {@code x_i} after the last step. */
        public float preTrace(int i) {
            return x[i];
        }

        /** The postsynaptic trace {@code y_j} after the last step. */
        public float postTrace(int j) {
            return y[j];
        }

        @Override
        public void step(long step) {
            kernels.scale(x.length, x, decayPre);
            kernels.scale(y.length, y, decayPost);
            int[] preSpikes = projection.pre().spikes();
            int nPre = projection.pre().spikeCount();
            int[] postSpikes = projection.post().spikes();
            int nPost = projection.post().spikeCount();
            float[] w = projection.weights();
            if (tracesFirst) {
                for (int k = 0; k < nPre; k++) {
                    bump(x, preSpikes[k]);
                }
                for (int k = 0; k < nPost; k++) {
                    bump(y, postSpikes[k]);
                }
                for (int k = 0; k < nPre; k++) {
                    depress(w, preSpikes[k]);
                }
                for (int k = 0; k < nPost; k++) {
                    potentiate(w, postSpikes[k]);
                }
            } else {
                for (int k = 0; k < nPre; k++) {
                    bump(x, preSpikes[k]);
                    depress(w, preSpikes[k]);
                }
                for (int k = 0; k < nPost; k++) {
                    bump(y, postSpikes[k]);
                    potentiate(w, postSpikes[k]);
                }
            }
        }

        private void bump(float[] trace, int i) {
            trace[i] = nearest ? 1f : trace[i] + 1f;
        }

        private void depress(float[] w, int i) {
            if (denseRows) {
                int from = rowPtr[i];
                int n = y.length;
                for (int j = 0; j < n; j++) {
                    float d = aMinus * y[j];
                    float v = multiplicative ? w[from + j] - d * (w[from + j] - wMin) : w[from + j] - d;
                    w[from + j] = Math.min(Math.max(v, wMin), wMax);
                }
                return;
            }
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                float d = aMinus * y[cols[p]];
                float v = multiplicative ? w[p] - d * (w[p] - wMin) : w[p] - d;
                w[p] = Rules.clip(v, wMin, wMax);
            }
        }

        private void potentiate(float[] w, int j) {
            for (int q = inPtr[j]; q < inPtr[j + 1]; q++) {
                int p = inSyn[q];
                float d = aPlus * x[inPre[q]];
                float v = multiplicative ? w[p] + d * (wMax - w[p]) : w[p] + d;
                w[p] = Rules.clip(v, wMin, wMax);
            }
        }

        @Override
        public void reset() {
            Arrays.fill(x, 0f);
            Arrays.fill(y, 0f);
        }
    }
}
