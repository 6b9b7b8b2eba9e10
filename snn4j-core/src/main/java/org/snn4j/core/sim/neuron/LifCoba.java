package org.snn4j.core.sim.neuron;

import org.snn4j.core.kernel.SimKernels;
import org.snn4j.core.sim.ParameterChecks;
import org.snn4j.core.sim.NeuronDynamics;
import org.snn4j.core.sim.NeuronModel;

/**
 * Leaky integrate-and-fire neurons with conductance-based exponential synapses (COBA) and an
 * absolute refractory period. Conductances are dimensionless, in units of the leak conductance
 * (Brette et al. 2007's COBA benchmark; Song, Miller &amp; Abbott 2000):
 * <pre>
 *   τm dv/dt = (E_L − v) + g_e·(E_e − v) + g_i·(E_i − v) + R·I     (v, E in mV; I in nA, R in MΩ; g ≥ 0)
 *   τe dg_e/dt = −g_e,   τi dg_i/dt = −g_i
 *   excitatory spike of weight w: g_e += w;   inhibitory: g_i += w
 *   v &gt; V_t  →  spike, v = V_r, then v is held at V_r for the next round(t_ref/dt) steps
 * </pre>
 * One step of {@code dt} applies the arriving input, then integrates by exponential Euler: with the
 * conductances and {@code I} frozen over the step, v follows the exact solution of the linear
 * equation, and the conductances decay exactly:
 * <pre>
 *   g = 1 + g_e + g_i,   v∞ = (E_L + g_e·E_e + g_i·E_i + R·I) / g
 *   v' = v∞ + (v − v∞)·e^{−dt·g/τm},   g_e' = g_e·e^{−dt/τe},   g_i' = g_i·e^{−dt/τi}
 * </pre>
 * (float, as detailed in {@link SimKernels#lifCobaStep}; the factor {@code e^{−dt·g/τm}} is one
 * {@link Math#exp} per neuron and step). The step is exact when both conductances are zero and
 * first order in {@code dt} otherwise. State variables: {@code v}, {@code ge}, {@code gi}. Inputs
 * with a one-step delay are added to {@code ge} and {@code gi} directly.
 *
 * @param tauMemMs     membrane time constant τm (ms, &gt; 0)
 * @param tauExcMs     excitatory synaptic time constant τe (ms, &gt; 0)
 * @param tauInhMs     inhibitory synaptic time constant τi (ms, &gt; 0)
 * @param vRest        leak reversal E_L (mV); the resting state
 * @param vThreshold   threshold V_t (mV)
 * @param vReset       reset V_r (mV), below V_t
 * @param eExc         excitatory reversal potential E_e (mV)
 * @param eInh         inhibitory reversal potential E_i (mV)
 * @param refractoryMs absolute refractory period (ms, ≥ 0)
 * @param resistance   membrane resistance R for injected current (MΩ, ≥ 0)
 */
public record LifCoba(double tauMemMs, double tauExcMs, double tauInhMs, double vRest, double vThreshold,
                      double vReset, double eExc, double eInh, double refractoryMs, double resistance)
        implements NeuronModel {

    /** Checks the parameters. */
    public LifCoba {
        ParameterChecks.positive("tauMemMs", tauMemMs);
        ParameterChecks.positive("tauExcMs", tauExcMs);
        ParameterChecks.positive("tauInhMs", tauInhMs);
        ParameterChecks.finite("vRest", vRest);
        ParameterChecks.finite("vThreshold", vThreshold);
        ParameterChecks.finite("vReset", vReset);
        ParameterChecks.finite("eExc", eExc);
        ParameterChecks.finite("eInh", eInh);
        ParameterChecks.nonNegative("refractoryMs", refractoryMs);
        ParameterChecks.nonNegative("resistance", resistance);
        if (vReset >= vThreshold) {
            throw new IllegalArgumentException("vReset (" + vReset + " mV) must be below vThreshold (" + vThreshold + " mV)");
        }
    }

    /**
     * The COBA benchmark of Vogels &amp; Abbott (2005) as in Brette et al. (2007): τm 20 ms,
     * τe 5 ms, τi 10 ms, E_L −60 mV, V_t −50 mV, V_r −60 mV, E_e 0 mV, E_i −80 mV, refractory
     * 5 ms, R 1 MΩ (the benchmark weights are 0.6 excitatory and 6.7 inhibitory, in leak units).
     */
    public static LifCoba vogelsAbbott() {
        return new LifCoba(20, 5, 10, -60, -50, -60, 0, -80, 5, 1);
    }

    /**
     * Song, Miller &amp; Abbott (2000) with the paper's conductance synapse ({@code dv/dt = (ge·(Ee − v) + El − v)/taum};
     * Brian2's example linearises it to {@code ge·(Ee − vr)}, see {@code models.SongMillerAbbott},
     * weights up to {@code gmax = 0.01}): τm 10 ms, τe 5 ms, E_L −74 mV, V_t −54 mV, V_r −60 mV,
     * E_e 0 mV, no refractory period, R 1 MΩ. Inhibition is not used there; its parameters are
     * set to E_i −70 mV, τi 5 ms.
     */
    public static LifCoba songMillerAbbott() {
        return new LifCoba(10, 5, 5, -74, -54, -60, 0, -70, 0, 1);
    }

    @Override
    public String name() {
        return "lif-coba";
    }

    /** The step coefficients for {@code dtMs}. */
    public SimKernels.LifCobaCoefficients coefficients(double dtMs) {
        ParameterChecks.positive("dtMs", dtMs);
        return new SimKernels.LifCobaCoefficients(-dtMs / tauMemMs, (float) vRest, (float) eExc, (float) eInh,
                (float) resistance, (float) Math.exp(-dtMs / tauExcMs), (float) Math.exp(-dtMs / tauInhMs),
                (float) vThreshold, (float) vReset);
    }

    @Override
    public NeuronDynamics create(int size, double dtMs) {
        return create(size, dtMs, SimKernels.create());
    }

    /** As {@link #create} with the given kernels (tests compare the scalar and vector ones). */
    public NeuronDynamics create(int size, double dtMs, SimKernels kernels) {
        return new Dynamics(size, coefficients(dtMs), (float) vRest, (int) Math.round(refractoryMs / dtMs), kernels);
    }

    private static final class Dynamics extends SynapticLifDynamics {
        private final SimKernels.LifCobaCoefficients c;
        private final SimKernels kernels;

        Dynamics(int size, SimKernels.LifCobaCoefficients c, float rest, int refractorySteps, SimKernels kernels) {
            super(size, rest, c.vReset(), refractorySteps);
            this.c = c;
            this.kernels = kernels;
        }

        @Override
        int integrate(float[] exc, float[] inh, float[] current, int[] spikes) {
            return kernels.lifCobaStep(size(), v, ge, gi, exc, inh, current, c, spikes);
        }
    }
}
