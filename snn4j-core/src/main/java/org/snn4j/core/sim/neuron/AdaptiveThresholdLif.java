package org.snn4j.core.sim.neuron;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.snn4j.core.sim.ParameterChecks;
import org.snn4j.core.sim.NeuronDynamics;
import org.snn4j.core.sim.NeuronModel;

/**
 * Leaky integrate-and-fire neurons with delta synapses and an adaptive threshold, as Diehl &amp;
 * Cook (2015) and BindsNET's {@code DiehlAndCookNodes} (with {@code θ+ = 0} and
 * {@link SpikeSelection#ALL} it is BindsNET's plain {@code LIFNodes}). One step of {@code dt}
 * computes, for every neuron {@code i}, in this order (BindsNET's order):
 * <ol>
 *   <li>leak, exact: {@code v ← E_L + (v − E_L)·P_m}, {@code P_m = e^{−dt/τm}}; if adaptation is
 *       on, {@code θ ← θ·P_θ}, {@code P_θ = e^{−dt/τθ}};</li>
 *   <li>input, unless refractory ({@code r > 0}): {@code v ← v + exc − inh + I}, where
 *       {@code exc}, {@code inh} are the summed weights (mV) arriving this step and {@code I} the
 *       injected "current", here also an instantaneous jump in mV per step;</li>
 *   <li>refractory count down: {@code r ← max(0, r − 1)};</li>
 *   <li>threshold: the neuron crosses if {@code v ≥ V_t + θ};</li>
 *   <li>every crossing neuron is reset, {@code v ← V_r}, becomes refractory for
 *       {@code R = round(t_ref / dt)} steps ({@code r ← R}: its input is ignored in the next
 *       {@code R} steps while its membrane keeps leaking), and if adaptation is on
 *       {@code θ ← θ + θ+};</li>
 *   <li>spike selection: with {@link SpikeSelection#ALL} every crossing neuron spikes; with
 *       {@link SpikeSelection#ONE_RANDOM} (BindsNET's {@code one_spike}) only one of them, drawn
 *       uniformly from a stream seeded with {@link #seed()}, emits a spike, and with
 *       {@link SpikeSelection#ONE_HIGHEST} the one with the largest {@code v − (V_t + θ)} before the
 *       reset (the lowest index on ties). As in BindsNET the reset, refractory period and θ
 *       increment of step 5 apply to every crossing neuron, also those whose spike is
 *       dropped.</li>
 * </ol>
 * Coefficients are computed in double and applied in float. State variables: {@code v} (mV),
 * {@code theta} (mV) and {@code refractory} (remaining refractory steps). {@link NeuronDynamics#rest()}
 * sets {@code v = E_L} and ends refractory periods but keeps θ, which is learned. Adaptation
 * (θ decay and growth) can be frozen for testing with {@link Dynamics#setAdaptation(boolean)}, as
 * BindsNET does when its network is not learning.
 *
 * @param tauMemMs     membrane time constant τm (ms, &gt; 0)
 * @param vRest        resting potential E_L (mV)
 * @param vReset       reset V_r (mV), below {@code vThreshold}
 * @param vThreshold   base threshold V_t (mV)
 * @param refractoryMs refractory period t_ref (ms, ≥ 0)
 * @param thetaPlus    threshold increment θ+ per spike (mV, ≥ 0; 0 gives a plain LIF)
 * @param tauThetaMs   time constant τθ of the threshold's decay (ms, &gt; 0)
 * @param selection    which of the neurons crossing threshold in one step spike
 * @param seed         seed of the stream for {@link SpikeSelection#ONE_RANDOM}
 */
public record AdaptiveThresholdLif(double tauMemMs, double vRest, double vReset, double vThreshold,
                                   double refractoryMs, double thetaPlus, double tauThetaMs,
                                   SpikeSelection selection, long seed) implements NeuronModel {

    /** Which of the neurons that cross threshold in the same step emit a spike. */
    public enum SpikeSelection {
        /** Every crossing neuron spikes. */
        ALL,
        /** One crossing neuron, drawn uniformly at random (BindsNET's {@code one_spike}). */
        ONE_RANDOM,
        /** The crossing neuron furthest above its threshold (lowest index on ties). */
        ONE_HIGHEST
    }

    /** Checks the parameters. */
    public AdaptiveThresholdLif {
        ParameterChecks.positive("tauMemMs", tauMemMs);
        ParameterChecks.finite("vRest", vRest);
        ParameterChecks.finite("vReset", vReset);
        ParameterChecks.finite("vThreshold", vThreshold);
        ParameterChecks.nonNegative("refractoryMs", refractoryMs);
        ParameterChecks.nonNegative("thetaPlus", thetaPlus);
        ParameterChecks.positive("tauThetaMs", tauThetaMs);
        if (vReset >= vThreshold) {
            throw new IllegalArgumentException("vReset (" + vReset + " mV) must be below vThreshold (" + vThreshold + " mV)");
        }
        if (selection == null) {
            throw new IllegalArgumentException("spike selection must be one of " + Arrays.toString(SpikeSelection.values()));
        }
    }

    /**
     * Diehl &amp; Cook's excitatory neurons with BindsNET's example parameters: τm 100 ms, E_L −65 mV,
     * V_r −60 mV, V_t −52 mV, t_ref 5 ms, θ+ 0.05 mV, τθ 10⁷ ms, one random spike per step.
     */
    public static AdaptiveThresholdLif diehlCookExcitatory(long seed) {
        return new AdaptiveThresholdLif(100, -65, -60, -52, 5, 0.05, 1e7, SpikeSelection.ONE_RANDOM, seed);
    }

    /**
     * Diehl &amp; Cook's inhibitory neurons (BindsNET's {@code LIFNodes} of the example): τm 10 ms,
     * E_L −60 mV, V_r −45 mV, V_t −40 mV, t_ref 2 ms, no adaptation, every crossing neuron spikes.
     */
    public static AdaptiveThresholdLif diehlCookInhibitory() {
        return new AdaptiveThresholdLif(10, -60, -45, -40, 2, 0, 1e7, SpikeSelection.ALL, 0);
    }

    /** A copy with another θ+. */
    public AdaptiveThresholdLif withThetaPlus(double value) {
        return new AdaptiveThresholdLif(tauMemMs, vRest, vReset, vThreshold, refractoryMs, value, tauThetaMs, selection, seed);
    }

    /** A copy with another spike selection. */
    public AdaptiveThresholdLif withSelection(SpikeSelection value) {
        return new AdaptiveThresholdLif(tauMemMs, vRest, vReset, vThreshold, refractoryMs, thetaPlus, tauThetaMs, value, seed);
    }

    @Override
    public String name() {
        return "adaptive-threshold-lif";
    }

    @Override
    public Dynamics create(int size, double dtMs) {
        ParameterChecks.positive("dtMs", dtMs);
        return new Dynamics(this, size, dtMs);
    }

    /**
     * The state and integrator of one population; {@link #theta()} and {@link #setAdaptation} are
     * reached through {@code (AdaptiveThresholdLif.Dynamics) population.dynamics()}.
     */
    public static final class Dynamics extends NeuronDynamics {
        private static final List<String> VARIABLES = List.of("v", "theta", "refractory");
        private final float pm;
        private final float rest;
        private final float reset;
        private final float threshold;
        private final float thetaPlus;
        private final float thetaDecay;
        private final float refractorySteps;
        private final SpikeSelection selection;
        private final SplittableRandom rng;
        private final float[] v;
        private final float[] theta;
        private final float[] refractory;
        private final float[] excess;
        private boolean adaptation = true;

        Dynamics(AdaptiveThresholdLif m, int size, double dtMs) {
            super(size);
            pm = (float) Math.exp(-dtMs / m.tauMemMs());
            rest = (float) m.vRest();
            reset = (float) m.vReset();
            threshold = (float) m.vThreshold();
            thetaPlus = (float) m.thetaPlus();
            thetaDecay = (float) Math.exp(-dtMs / m.tauThetaMs());
            refractorySteps = Math.round(m.refractoryMs() / dtMs);
            selection = m.selection();
            rng = new SplittableRandom(m.seed());
            v = new float[size];
            theta = new float[size];
            refractory = new float[size];
            excess = new float[size];
            rest();
        }

        @Override
        public List<String> variables() {
            return VARIABLES;
        }

        @Override
        public float[] variable(String name) {
            return switch (name) {
                case "v" -> v;
                case "theta" -> theta;
                case "refractory" -> refractory;
                default -> throw unknownVariable(name);
            };
        }

        /** The live adaptive thresholds θ (mV); writes change the state. */
        public float[] theta() {
            return theta;
        }

        /** Whether θ decays and grows (default true). */
        public boolean adaptation() {
            return adaptation;
        }

        /** Freezes ({@code false}) or releases θ; frozen, it neither decays nor grows. */
        public void setAdaptation(boolean on) {
            this.adaptation = on;
        }

        @Override
        public int step(float[] exc, float[] inh, float[] current, int[] spikes) {
            int n = size();
            boolean adapt = adaptation && thetaPlus > 0f;
            boolean decayTheta = adaptation;
            int count = 0;
            for (int i = 0; i < n; i++) {
                float vi = rest + (v[i] - rest) * pm;
                float th = theta[i];
                if (decayTheta) {
                    th *= thetaDecay;
                }
                float r = refractory[i];
                float input = 0f;
                if (exc != null) {
                    input = exc[i] - inh[i];
                    exc[i] = 0f;
                    inh[i] = 0f;
                }
                if (r <= 0f) {
                    vi += input;
                    if (current != null) {
                        vi += current[i];
                    }
                } else {
                    refractory[i] = r - 1f;
                }
                float over = vi - (threshold + th);
                if (over >= 0f) {
                    excess[count] = over;
                    spikes[count++] = i;
                    vi = reset;
                    refractory[i] = refractorySteps;
                    if (adapt) {
                        th += thetaPlus;
                    }
                }
                v[i] = vi;
                theta[i] = th;
            }
            if (count > 1 && selection != SpikeSelection.ALL) {
                int pick;
                if (selection == SpikeSelection.ONE_RANDOM) {
                    pick = rng.nextInt(count);
                } else {
                    pick = 0;
                    for (int k = 1; k < count; k++) {
                        if (excess[k] > excess[pick]) {
                            pick = k;
                        }
                    }
                }
                spikes[0] = spikes[pick];
                count = 1;
            }
            return count;
        }

        @Override
        public void rest() {
            Arrays.fill(v, rest);
            Arrays.fill(refractory, 0f);
        }
    }
}
