package org.snn4j.core.sim.neuron;

import java.util.Arrays;
import java.util.List;
import org.snn4j.core.sim.ParameterChecks;
import org.snn4j.core.sim.NeuronDynamics;
import org.snn4j.core.sim.NeuronModel;
import org.snn4j.core.sim.Receptor;

/**
 * Adaptive exponential integrate-and-fire neurons (Brette &amp; Gerstner 2005) with current-based
 * exponential synapses:
 * <pre>
 *   C dv/dt = −g_L·(v − E_L) + g_L·Δ_T·exp((min(v, V_peak) − V_T)/Δ_T) − w + i_e − i_i + I
 *   τ_w dw/dt = a·(v − E_L) − w
 *   τe di_e/dt = −i_e,   τi di_i/dt = −i_i          (i_i ≥ 0, a magnitude)
 *   excitatory spike of weight q: i_e += q;   inhibitory: i_i += q
 *   v ≥ V_peak  →  spike, v = V_r, w += b
 * </pre>
 * Units: C in pF, conductances in nS, potentials in mV, currents (w, b, i, I, weights) in pA, time
 * in ms. The argument of the exponential is clamped by evaluating it at {@code min(v, V_peak)},
 * which changes nothing for a trajectory that starts below V_peak (it is reset as soon as it
 * reaches V_peak) and keeps the term finite for states set above it; the constructor requires
 * {@code (V_peak − V_T)/Δ_T ≤ 80} so that it stays finite in float.
 * One step of {@code dt} adds the arriving input to {@code i_e} and {@code i_i}, then advances v
 * and w by forward Euler from the values at the start of the step (I held over the step), the
 * synaptic currents decay exactly, and threshold crossings are reset:
 * <pre>
 *   v' = v + dt/C·(−g_L·(v − E_L) + g_L·Δ_T·exp((min(v, V_peak) − V_T)/Δ_T) − w + i_e − i_i + I)
 *   w' = w + dt/τ_w·(a·(v − E_L) − w)
 *   i_e' = i_e·e^{−dt/τe},   i_i' = i_i·e^{−dt/τi}
 *   if v' ≥ V_peak:  spike, v' = V_r, w' = w' + b
 * </pre>
 * (evaluated in double per neuron, stored as float; a plain scalar loop, not a vector kernel). There
 * is no refractory period. State variables: {@code v}, {@code w}, {@code ie}, {@code ii}; the
 * resting state is {@code v = E_L}, {@code w = 0} (the fixed point without input), to which
 * {@link NeuronDynamics#rest()} returns, adaptation included. Inputs with a one-step delay are
 * added to {@code ie} and {@code ii} directly.
 *
 * @param capacitancePf membrane capacitance C (pF, &gt; 0)
 * @param gLeakNs       leak conductance g_L (nS, &gt; 0)
 * @param eLeak         leak reversal E_L (mV)
 * @param vT            threshold slope centre V_T (mV), below V_peak
 * @param deltaT        slope factor Δ_T (mV, &gt; 0)
 * @param tauWMs        adaptation time constant τ_w (ms, &gt; 0)
 * @param aNs           subthreshold adaptation a (nS, finite)
 * @param bPa           spike-triggered adaptation b (pA, finite)
 * @param vReset        reset V_r (mV), below V_peak
 * @param vPeak         spike cut-off V_peak (mV)
 * @param tauExcMs      excitatory synaptic time constant τe (ms, &gt; 0)
 * @param tauInhMs      inhibitory synaptic time constant τi (ms, &gt; 0)
 */
public record AdEx(double capacitancePf, double gLeakNs, double eLeak, double vT, double deltaT, double tauWMs,
                   double aNs, double bPa, double vReset, double vPeak, double tauExcMs, double tauInhMs)
        implements NeuronModel {

    /** The largest allowed {@code (V_peak − V_T)/Δ_T}. */
    public static final double MAX_EXPONENT = 80;

    /** Checks the parameters. */
    public AdEx {
        ParameterChecks.positive("capacitancePf", capacitancePf);
        ParameterChecks.positive("gLeakNs", gLeakNs);
        ParameterChecks.finite("eLeak", eLeak);
        ParameterChecks.finite("vT", vT);
        ParameterChecks.positive("deltaT", deltaT);
        ParameterChecks.positive("tauWMs", tauWMs);
        ParameterChecks.finite("aNs", aNs);
        ParameterChecks.finite("bPa", bPa);
        ParameterChecks.finite("vReset", vReset);
        ParameterChecks.finite("vPeak", vPeak);
        ParameterChecks.positive("tauExcMs", tauExcMs);
        ParameterChecks.positive("tauInhMs", tauInhMs);
        if (vReset >= vPeak) {
            throw new IllegalArgumentException("vReset (" + vReset + " mV) must be below vPeak (" + vPeak + " mV)");
        }
        if (vT >= vPeak) {
            throw new IllegalArgumentException("vT (" + vT + " mV) must be below vPeak (" + vPeak + " mV)");
        }
        if ((vPeak - vT) / deltaT > MAX_EXPONENT) {
            throw new IllegalArgumentException("(vPeak - vT)/deltaT must be at most " + MAX_EXPONENT + ", got "
                    + (vPeak - vT) / deltaT);
        }
    }

    /**
     * Brette &amp; Gerstner (2005), their Fig. 2 cell: C 281 pF, g_L 30 nS, E_L −70.6 mV, V_T −50.4 mV,
     * Δ_T 2 mV, τ_w 144 ms, a 4 nS, b 80.5 pA (0.0805 nA), V_r −70.6 mV, and V_peak 20 mV (the
     * cut-off chosen here; NEST's {@code aeif} models default to 0 mV — past V_T + 5·Δ_T the
     * trajectory diverges within a fraction of a millisecond, so the choice moves spike times by
     * less than that). The paper
     * drives the cell with injected current only; the synaptic time constants are the Vogels–Abbott
     * values τe 5 ms, τi 10 ms.
     */
    public static AdEx bretteGerstner() {
        return new AdEx(281, 30, -70.6, -50.4, 2, 144, 4, 80.5, -70.6, 20, 5, 10);
    }

    @Override
    public String name() {
        return "adex";
    }

    @Override
    public NeuronDynamics create(int size, double dtMs) {
        ParameterChecks.positive("dtMs", dtMs);
        return new Dynamics(size, this, dtMs);
    }

    private static final class Dynamics extends NeuronDynamics {
        private static final List<String> VARIABLES = List.of("v", "w", "ie", "ii");
        private final AdEx m;
        private final double dtOverC;
        private final double dtOverTauW;
        private final float de;
        private final float di;
        private final float[] v;
        private final float[] w;
        private final float[] ie;
        private final float[] ii;

        Dynamics(int size, AdEx m, double dt) {
            super(size);
            this.m = m;
            dtOverC = dt / m.capacitancePf;
            dtOverTauW = dt / m.tauWMs;
            de = (float) Math.exp(-dt / m.tauExcMs);
            di = (float) Math.exp(-dt / m.tauInhMs);
            v = new float[size];
            w = new float[size];
            ie = new float[size];
            ii = new float[size];
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
                case "w" -> w;
                case "ie" -> ie;
                case "ii" -> ii;
                default -> throw unknownVariable(name);
            };
        }

        @Override
        public int step(float[] exc, float[] inh, float[] current, int[] spikes) {
            double gL = m.gLeakNs;
            double eL = m.eLeak;
            double vT = m.vT;
            double deltaT = m.deltaT;
            double vPeak = m.vPeak;
            double a = m.aNs;
            int count = 0;
            for (int i = 0; i < v.length; i++) {
                float e = ie[i];
                float h = ii[i];
                if (exc != null) {
                    e += exc[i];
                    h += inh[i];
                    exc[i] = 0f;
                    inh[i] = 0f;
                }
                double vi = v[i];
                double wi = w[i];
                double spike = gL * deltaT * Math.exp((Math.min(vi, vPeak) - vT) / deltaT);
                double in = (double) e - h + (current == null ? 0 : current[i]);
                double vn = vi + dtOverC * (-gL * (vi - eL) + spike - wi + in);
                double wn = wi + dtOverTauW * (a * (vi - eL) - wi);
                if (vn >= vPeak) {
                    vn = m.vReset;
                    wn += m.bPa;
                    spikes[count++] = i;
                }
                v[i] = (float) vn;
                w[i] = (float) wn;
                ie[i] = e * de;
                ii[i] = h * di;
            }
            return count;
        }

        @Override
        public float[] directInput(Receptor receptor) {
            return receptor == Receptor.EXCITATORY ? ie : ii;
        }

        @Override
        public void rest() {
            Arrays.fill(v, (float) m.eLeak);
            Arrays.fill(w, 0f);
            Arrays.fill(ie, 0f);
            Arrays.fill(ii, 0f);
        }
    }
}
