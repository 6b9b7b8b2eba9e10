package org.snn4j.core.kernel;

/**
 * Clock-driven neuron updates and event-driven synaptic delivery for the simulation engine
 * ({@code org.snn4j.core.sim}). Every method works on one population's state arrays (one element
 * per neuron, length at least {@code n}), mutates only what it documents and writes the indices of
 * the neurons that spiked, in increasing order, to {@code spikes}. The vector implementation and
 * the scalar twin evaluate the same expressions in the same order (the vector one with fused
 * multiply-adds exactly where the scalar one calls {@link Math#fma}), so they agree bit for bit.
 */
public interface SimKernels {

    /** The vector implementation when {@link Simd#enabled()}, else the scalar one. */
    static SimKernels create() {
        return Simd.enabled() ? SimKernelsVector.INSTANCE : SimKernelsScalar.INSTANCE;
    }

    /** The scalar twin. */
    static SimKernels scalar() {
        return SimKernelsScalar.INSTANCE;
    }

    /** {@code "vector"} or {@code "scalar"}. */
    String name();

    /**
     * One exact step of current-based LIF neurons with exponential excitatory and inhibitory
     * synaptic variables (the linear system {@code τm dv/dt = −(v − E_L) + g_e − g_i + R·I},
     * {@code τe dg_e/dt = −g_e}, {@code τi dg_i/dt = −g_i}, {@code g_i ≥ 0} a magnitude, solved
     * over one step with the inputs held constant), without refractoriness (the caller holds
     * refractory neurons). For every neuron {@code i < n}:
     * <pre>
     *   g_e = ge[i] + inExc[i];   g_i = gi[i] + inInh[i];   inExc[i] = inInh[i] = 0   (when inExc != null)
     *   v' = fma(c.pi, g_i, fma(c.pe, g_e, fma(c.pm, v[i], c.rest)))     (c.pi ≤ 0)
     *   v' = fma(c.pc, current[i], v')                                  (when current != null)
     *   if v' &gt; c.vThreshold:  spike, v' = c.vReset
     *   v[i] = v';   ge[i] = g_e·c.de;   gi[i] = g_i·c.di
     * </pre>
     *
     * @param inExc   input arriving this step on the excitatory receptor, zeroed; or {@code null}
     *                (then {@code inInh} must be {@code null} too)
     * @param inInh   the same for the inhibitory receptor, or {@code null}
     * @param current injected current per neuron, or {@code null} for none
     * @return the number of spikes written to {@code spikes}
     */
    int lifCubaStep(int n, float[] v, float[] ge, float[] gi, float[] inExc, float[] inInh, float[] current,
                    LifCubaCoefficients c, int[] spikes);

    /**
     * One step of conductance-based LIF neurons ({@code τm dv/dt = (E_L − v) + g_e(E_e − v) +
     * g_i(E_i − v) + R·I}, conductances dimensionless, relative to the leak) by exponential Euler:
     * the conductances are frozen over the step, v follows the exact solution of the resulting
     * linear equation, then the conductances decay exactly. No refractoriness (the caller holds
     * refractory neurons). For every neuron {@code i < n}, in float except where stated:
     * <pre>
     *   g_e = ge[i] + inExc[i];   g_i = gi[i] + inInh[i];   inExc[i] = inInh[i] = 0   (when inExc != null)
     *   g   = 1 + g_e + g_i                                  (evaluated as (1 + g_e) + g_i)
     *   num = fma(g_i, c.eI, fma(g_e, c.eE, c.eL))
     *   num = fma(c.r, current[i], num)                      (when current != null)
     *   v∞  = num / g
     *   f   = (float) Math.exp(c.k · (double) g)             (scalar Math.exp per neuron, c.k = −dt/τm)
     *   v'  = fma(v[i] − v∞, f, v∞)
     *   if v' &gt; c.vThreshold:  spike, v' = c.vReset
     *   v[i] = v';   ge[i] = g_e·c.de;   gi[i] = g_i·c.di
     * </pre>
     * The exponential is {@link Math#exp} per neuron in both implementations, so they agree bit for bit.
     *
     * @param inExc   input arriving this step on the excitatory receptor, zeroed; or {@code null}
     *                (then {@code inInh} must be {@code null} too)
     * @param inInh   the same for the inhibitory receptor, or {@code null}
     * @param current injected current per neuron, or {@code null} for none
     * @return the number of spikes written to {@code spikes}
     */
    int lifCobaStep(int n, float[] v, float[] ge, float[] gi, float[] inExc, float[] inInh, float[] current,
                    LifCobaCoefficients c, int[] spikes);

    /**
     * Adds {@code w[wOff + j]} to {@code target[tOff + j]} for {@code j < n} (one dense weight row
     * delivered by one presynaptic spike).
     */
    void addRow(int n, float[] w, int wOff, float[] target, int tOff);

    /** Multiplies {@code x[i]} by {@code factor} for {@code i < n} (trace decay). */
    void scale(int n, float[] x, float factor);

    /**
     * Step coefficients of {@link #lifCubaStep}: {@code pm = e^{−dt/τm}}, {@code rest = E_L(1 − pm)},
     * {@code pe} and {@code pi} the propagators from {@code g_e} and {@code g_i} to {@code v}
     * ({@code pi} carries the minus sign), {@code pc} the propagator from the injected current,
     * {@code de = e^{−dt/τe}}, {@code di = e^{−dt/τi}}, threshold and reset.
     */
    record LifCubaCoefficients(float pm, float rest, float pe, float pi, float pc, float de, float di,
                               float vThreshold, float vReset) {
    }

    /**
     * Step coefficients of {@link #lifCobaStep}: {@code k = −dt/τm} (double), the reversal
     * potentials {@code eL}, {@code eE}, {@code eI} (mV), the membrane resistance {@code r} (MΩ, the
     * injected current in nA), {@code de = e^{−dt/τe}}, {@code di = e^{−dt/τi}}, threshold and reset.
     */
    record LifCobaCoefficients(double k, float eL, float eE, float eI, float r, float de, float di,
                               float vThreshold, float vReset) {
    }
}
