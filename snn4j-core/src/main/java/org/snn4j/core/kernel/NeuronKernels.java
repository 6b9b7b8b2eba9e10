package org.snn4j.core.kernel;

import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

/**
 * Fused leaky integrate-and-fire (LIF) loops over time, forward and backward, on time-major
 * {@code [T, B, N]} flat arrays. One "lane" is one (sample, neuron) pair, {@code i = b·N + n},
 * {@code lanes = B·N}; step {@code t} of lane {@code i} is at index {@code t·lanes + i}. Each call
 * processes the lanes {@code [from, to)} for all steps, so disjoint lane ranges can run in parallel.
 *
 * <p>Forward, with {@code U[−1] = 0}, {@code S[−1] = 0}, {@code R[t] = S[t−1]}, β and θ per neuron:
 * <pre>
 *   SUBTRACT: U[t] = β·U[t−1] + I[t] − R[t]·θ
 *   ZERO:     U[t] = (β·U[t−1] + I[t])·(1 − R[t])
 *   NONE:     U[t] = β·U[t−1] + I[t]
 *   S[t] = 1 if U[t] − θ &gt; 0, else 0
 * </pre>
 * Backward (reverse time, {@code g[T] = 0}, σ' the surrogate derivative at {@code U[t] − θ}):
 * <pre>
 *   c[t]  = detachReset ? 0 : (SUBTRACT: −θ·g[t+1];  ZERO: −(β·U[t] + I[t+1])·g[t+1];  NONE: 0)
 *   s[t]  = gS[t] + c[t]                                   (total dL/dS[t])
 *   g[t]  = gM[t] + σ'·s[t] + (ZERO ? β·(1 − S[t]) : β)·g[t+1]   (total dL/dU[t])
 *   k[t]  = ZERO ? 1 − R[t] : 1
 *   dI[t] = g[t]·k[t]
 *   dβ_lane += g[t]·k[t]·U[t−1]
 *   dθ_lane += (SUBTRACT ? −R[t]·g[t] : 0) − σ'·s[t]
 * </pre>
 * The vector implementation performs the same IEEE operations in the same order as the scalar twin
 * (no fused multiply-add), so both give bit-identical results, except for the
 * {@link Surrogate.Kind#SIGMOID} surrogate whose exponential the vector version evaluates in float
 * (relative differences of a few ulp).
 */
public interface NeuronKernels {

    /** The vector implementation when {@link Simd#enabled()}, else the scalar one. */
    static NeuronKernels create() {
        return Simd.enabled() ? NeuronKernelsVector.INSTANCE : NeuronKernelsScalar.INSTANCE;
    }

    /** The scalar twin. */
    static NeuronKernels scalar() {
        return NeuronKernelsScalar.INSTANCE;
    }

    /** {@code "vector"} or {@code "scalar"}. */
    String name();

    /**
     * LIF forward over all steps for lanes {@code [from, to)}.
     *
     * @param steps  T
     * @param lanes  B·N, the stride between steps
     * @param n      N, neurons per sample ({@code lanes % n == 0})
     * @param input  I, {@code [T, B, N]}, read
     * @param beta   β per neuron, length ≥ n (already clamped by the caller), read
     * @param theta  θ per neuron, length ≥ n, read
     * @param reset  the reset mechanism
     * @param u      U, {@code [T, B, N]}, written for the lanes
     * @param s      S, {@code [T, B, N]}, written for the lanes (0 or 1)
     */
    void lifForward(int steps, int lanes, int n, float[] input, float[] beta, float[] theta, Reset reset,
                    float[] u, float[] s, int from, int to);

    /**
     * LIF backward through time for lanes {@code [from, to)} (equations in the type's Javadoc).
     *
     * @param gradSpikes   dL/dS {@code [T, B, N]}, or null for zero
     * @param gradMembrane dL/dU {@code [T, B, N]}, or null for zero
     * @param gradInput    dL/dI {@code [T, B, N]}, written for the lanes
     * @param betaLane     per-lane dL/dβ partial sums over time, length ≥ lanes, added to; or null to skip
     * @param thetaLane    per-lane dL/dθ partial sums over time, length ≥ lanes, added to; or null to skip
     * @param carry        scratch of length ≥ lanes (holds dL/dU[t+1] per lane), overwritten
     */
    void lifBackward(int steps, int lanes, int n, float[] input, float[] u, float[] s,
                     float[] gradSpikes, float[] gradMembrane, float[] beta, float[] theta,
                     Reset reset, boolean detachReset, Surrogate surrogate,
                     float[] gradInput, float[] betaLane, float[] thetaLane, float[] carry,
                     int from, int to);
}
