package org.snn4j.core.sim.neuron;

import org.snn4j.core.kernel.SimKernels;
import org.snn4j.core.sim.ParameterChecks;
import org.snn4j.core.sim.NeuronDynamics;
import org.snn4j.core.sim.NeuronModel;

/**
 * Leaky integrate-and-fire neurons with current-based exponential synapses (CUBA) and an absolute
 * refractory period, integrated exactly:
 * <pre>
 *   τm dv/dt = −(v − E_L) + g_e − g_i + R·I        (v, g in mV; I in nA, R in MΩ; g_i ≥ 0)
 *   τe dg_e/dt = −g_e,   τi dg_i/dt = −g_i
 *   excitatory spike of weight w: g_e += w;   inhibitory: g_i += w
 *   v &gt; V_t  →  spike, v = V_r, then v is held at V_r for the next round(t_ref/dt) steps
 * </pre>
 * One step of {@code dt} applies the arriving input, then the exact solution of the linear system
 * with {@code I} constant over the step:
 * <pre>
 *   v' = E_L + (v − E_L)·P_m + g_e·P_e − g_i·P_i + R·I·(1 − P_m),   P_m = e^{−dt/τm}
 *   P_e = τe/(τe − τm)·(e^{−dt/τe} − e^{−dt/τm})   (dt/τm·e^{−dt/τm} when τe = τm; P_i likewise)
 *   g_e' = g_e·e^{−dt/τe},   g_i' = g_i·e^{−dt/τi}
 * </pre>
 * (coefficients in double, applied in float by {@link SimKernels#lifCubaStep}). This is the model of
 * Vogels &amp; Abbott (2005) as written for Brian2 (where {@code g_i} is negative; here it is the
 * magnitude); {@link #vogelsAbbott()} gives its parameters. State variables: {@code v}, {@code ge},
 * {@code gi}. Inputs with a one-step delay are added to {@code ge} and {@code gi} directly.
 *
 * @param tauMemMs     membrane time constant τm (ms, &gt; 0)
 * @param tauExcMs     excitatory synaptic time constant τe (ms, &gt; 0)
 * @param tauInhMs     inhibitory synaptic time constant τi (ms, &gt; 0)
 * @param vRest        leak reversal E_L (mV); the resting state
 * @param vThreshold   threshold V_t (mV)
 * @param vReset       reset V_r (mV)
 * @param refractoryMs absolute refractory period (ms, ≥ 0)
 * @param resistance   membrane resistance R for injected current (MΩ, ≥ 0)
 */
public record LifCuba(double tauMemMs, double tauExcMs, double tauInhMs, double vRest, double vThreshold,
                      double vReset, double refractoryMs, double resistance) implements NeuronModel {

    /** Checks the parameters. */
    public LifCuba {
        ParameterChecks.positive("tauMemMs", tauMemMs);
        ParameterChecks.positive("tauExcMs", tauExcMs);
        ParameterChecks.positive("tauInhMs", tauInhMs);
        ParameterChecks.finite("vRest", vRest);
        ParameterChecks.finite("vThreshold", vThreshold);
        ParameterChecks.finite("vReset", vReset);
        ParameterChecks.nonNegative("refractoryMs", refractoryMs);
        ParameterChecks.nonNegative("resistance", resistance);
        if (vReset >= vThreshold) {
            throw new IllegalArgumentException("vReset (" + vReset + " mV) must be below vThreshold (" + vThreshold + " mV)");
        }
    }

    /**
     * Vogels &amp; Abbott (2005) CUBA: τm 20 ms, τe 5 ms, τi 10 ms, E_L −49 mV, V_t −50 mV,
     * V_r −60 mV, refractory 5 ms, R 1 MΩ.
     */
    public static LifCuba vogelsAbbott() {
        return new LifCuba(20, 5, 10, -49, -50, -60, 5, 1);
    }

    /**
     * The neuron of Brian2's Song, Miller &amp; Abbott (2000) example, whose synaptic current is
     * linearised ({@code τm dv/dt = g·(E_e − V_r) + E_L − v}, so {@code g_e} here is
     * {@code 60 mV · g}): τm 10 ms, τe 5 ms, E_L −74 mV, V_t −54 mV, V_r −60 mV, no refractory
     * period, R 1 MΩ (τi 5 ms, unused there).
     */
    public static LifCuba songMillerAbbott() {
        return new LifCuba(10, 5, 5, -74, -54, -60, 0, 1);
    }

    @Override
    public String name() {
        return "lif-cuba";
    }

    /** The step coefficients for {@code dtMs}. */
    public SimKernels.LifCubaCoefficients coefficients(double dtMs) {
        ParameterChecks.positive("dtMs", dtMs);
        double pm = Math.exp(-dtMs / tauMemMs);
        return new SimKernels.LifCubaCoefficients((float) pm, (float) (vRest * (1 - pm)),
                (float) propagator(tauExcMs, dtMs), (float) -propagator(tauInhMs, dtMs),
                (float) (resistance * (1 - pm)), (float) Math.exp(-dtMs / tauExcMs), (float) Math.exp(-dtMs / tauInhMs),
                (float) vThreshold, (float) vReset);
    }

    /** The propagator from a synaptic variable with time constant {@code tauSyn} to v over one step. */
    private double propagator(double tauSyn, double dt) {
        if (Math.abs(tauSyn - tauMemMs) < 1e-9 * tauMemMs) {
            return dt / tauMemMs * Math.exp(-dt / tauMemMs);
        }
        return tauSyn / (tauSyn - tauMemMs) * (Math.exp(-dt / tauSyn) - Math.exp(-dt / tauMemMs));
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
        private final SimKernels.LifCubaCoefficients c;
        private final SimKernels kernels;

        Dynamics(int size, SimKernels.LifCubaCoefficients c, float rest, int refractorySteps, SimKernels kernels) {
            super(size, rest, c.vReset(), refractorySteps);
            this.c = c;
            this.kernels = kernels;
        }

        @Override
        int integrate(float[] exc, float[] inh, float[] current, int[] spikes) {
            return kernels.lifCubaStep(size(), v, ge, gi, exc, inh, current, c, spikes);
        }
    }
}
