package org.snn4j.core.kernel;

import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

/**
 * The LIF loops of neurons that may emit several spikes per step (Sinabs's {@code MultiSpike} and
 * {@code MaxSpike}), shared by both {@link NeuronKernels} twins: one plain-Java loop per lane, so the
 * vector and scalar implementations give identical results by construction. Equations in
 * {@link NeuronKernels#lifForwardMultiSpike} and {@link NeuronKernels#lifBackwardMultiSpike}.
 */
final class NeuronKernelsMultiSpike {
    private NeuronKernelsMultiSpike() {
    }

    /** {@code U > 0 ? min(cap, ⌊U/θ⌋) : 0}, the quotient rounded to float before the floor; no cap when 0. */
    static float count(float v, float th, int maxSpikes) {
        if (!(v > 0f)) {
            return 0f;
        }
        float c = (float) Math.floor(v / th);
        return maxSpikes > 0 && c > maxSpikes ? maxSpikes : c;
    }

    static void forward(int steps, int lanes, int n, float[] input, float[] beta, float[] theta, Reset reset,
                        boolean immediate, int maxSpikes, float[] initialState, float[] u, float[] s,
                        int from, int to) {
        requireCap(maxSpikes);
        for (int i = from; i < to; i++) {
            int k = i % n;
            float b = beta[k];
            float th = theta[k];
            float up = initialState == null ? 0f : initialState[i];
            float r = initialState == null ? 0f : initialState[lanes + i];
            for (int t = 0, idx = i; t < steps; t++, idx += lanes) {
                float x = input[idx];
                float z = r != 0f ? 1f : 0f;
                float v = switch (reset) {
                    case SUBTRACT -> immediate ? b * (up - r * th) + x : b * up + x - r * th;
                    case ZERO -> immediate ? b * (up * (1f - z)) + x : (b * up + x) * (1f - z);
                    case NONE -> b * up + x;
                };
                float st = count(v, th, maxSpikes);
                u[idx] = v;
                s[idx] = st;
                up = v;
                r = st;
            }
        }
    }

    static void backward(int steps, int lanes, int n, float[] input, float[] u, float[] s, float[] initialState,
                         float[] gradSpikes, float[] gradMembrane, float[] gradFinalState, float[] beta,
                         float[] theta, Reset reset, boolean immediate, boolean detachReset, Surrogate surrogate,
                         float[] gradInput, float[] betaLane, float[] thetaLane, float[] carry,
                         float[] gradInitialState, int from, int to) {
        boolean zero = reset == Reset.ZERO;
        boolean subtract = reset == Reset.SUBTRACT;
        for (int i = from; i < to; i++) {
            int k = i % n;
            float b = beta[k];
            float th = theta[k];
            float gn = 0f;
            for (int t = steps - 1, idx = i + (steps - 1) * lanes; t >= 0; t--, idx -= lanes) {
                float ut = u[idx];
                float zt = s[idx] != 0f ? 1f : 0f;
                float sg = surrogate.derivative(ut - th);
                float gs = gradSpikes == null ? 0f : gradSpikes[idx];
                float gm = gradMembrane == null ? 0f : gradMembrane[idx];
                float sTot;
                float g;
                if (t == steps - 1) {
                    float cEnd = gradFinalState == null ? 0f : gradFinalState[lanes + i];
                    float uEnd = gradFinalState == null ? 0f : gradFinalState[i];
                    sTot = gs + cEnd;
                    g = gm + sg * sTot + uEnd;
                } else {
                    float c = resetGradient(reset, immediate, detachReset, b, th, ut, input[idx + lanes], gn);
                    float dir = zero ? b * (1f - zt) : b;
                    sTot = gs + c;
                    g = gm + sg * sTot + dir * gn;
                }
                float rt;
                float up;
                if (t == 0) {
                    rt = initialState == null ? 0f : initialState[lanes + i];
                    up = initialState == null ? 0f : initialState[i];
                } else {
                    rt = s[idx - lanes];
                    up = u[idx - lanes];
                }
                float keep = 1f - (rt != 0f ? 1f : 0f);
                float dth;
                if (immediate) {
                    gradInput[idx] = g;
                    if (betaLane != null) {
                        betaLane[i] += g * (zero ? up * keep : subtract ? up - rt * th : up);
                    }
                    dth = subtract ? -b * rt * g : 0f;
                } else {
                    float gk = zero ? g * keep : g;
                    gradInput[idx] = gk;
                    if (betaLane != null) {
                        betaLane[i] += gk * up;
                    }
                    dth = subtract ? -rt * g : 0f;
                }
                if (thetaLane != null) {
                    thetaLane[i] += dth - sg * sTot;
                }
                gn = g;
            }
            carry[i] = gn;
            if (gradInitialState != null) {
                float u0 = initialState == null ? 0f : initialState[i];
                float z0 = initialState == null || initialState[lanes + i] == 0f ? 0f : 1f;
                gradInitialState[i] = (zero ? b * (1f - z0) : b) * gn;
                gradInitialState[lanes + i] = resetGradient(reset, immediate, detachReset, b, th, u0, input[i], gn);
            }
        }
    }

    /**
     * {@code c}: the gradient reaching the spike output {@code S[t]} through the reset of step {@code t + 1},
     * from {@code gn = dL/dU[t+1]} ({@code ut = U[t]}, {@code xNext = I[t+1]}).
     */
    private static float resetGradient(Reset reset, boolean immediate, boolean detachReset, float b, float th,
                                       float ut, float xNext, float gn) {
        if (detachReset) {
            return 0f;
        }
        return switch (reset) {
            case SUBTRACT -> immediate ? -b * th * gn : -th * gn;
            case ZERO -> immediate ? -b * ut * gn : -(b * ut + xNext) * gn;
            case NONE -> 0f;
        };
    }

    static void requireCap(int maxSpikes) {
        if (maxSpikes < 0) {
            throw new IllegalArgumentException("maxSpikes must be >= 0 (0: no cap), got " + maxSpikes);
        }
    }
}
