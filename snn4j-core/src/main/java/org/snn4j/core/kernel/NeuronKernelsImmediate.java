package org.snn4j.core.kernel;

import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

/**
 * The LIF loops with the same-step ({@code IMMEDIATE}) reset, shared by both {@link NeuronKernels}
 * twins: one plain-Java loop, so the vector and scalar implementations give identical results by
 * construction. Equations in {@link NeuronKernels#lifForwardImmediate} and
 * {@link NeuronKernels#lifBackwardImmediate}; {@code reset} is {@link Reset#SUBTRACT} or {@link Reset#ZERO}.
 */
final class NeuronKernelsImmediate {
    private NeuronKernelsImmediate() {
    }

    static void forward(int steps, int lanes, int n, float[] input, float[] beta, float[] theta, Reset reset,
                        float[] initialState, float[] u, float[] s, int from, int to) {
        requireReset(reset);
        boolean zero = reset == Reset.ZERO;
        for (int i = from; i < to; i++) {
            int k = i % n;
            float b = beta[k];
            float th = theta[k];
            float up = initialState == null ? 0f : initialState[i];
            float r = initialState == null ? 0f : initialState[lanes + i];
            for (int t = 0, idx = i; t < steps; t++, idx += lanes) {
                float v = zero ? b * (up * (1f - r)) + input[idx] : b * (up - r * th) + input[idx];
                float st = v - th > 0f ? 1f : 0f;
                u[idx] = v;
                s[idx] = st;
                up = v;
                r = st;
            }
        }
    }

    static void backward(int steps, int lanes, int n, float[] input, float[] u, float[] s, float[] initialState,
                         float[] gradSpikes, float[] gradMembrane, float[] gradFinalState, float[] beta,
                         float[] theta, Reset reset, boolean detachReset, Surrogate surrogate,
                         float[] gradInput, float[] betaLane, float[] thetaLane, float[] carry,
                         float[] gradInitialState, int from, int to) {
        requireReset(reset);
        boolean zero = reset == Reset.ZERO;
        for (int i = from; i < to; i++) {
            int k = i % n;
            float b = beta[k];
            float th = theta[k];
            float gn = 0f;
            for (int t = steps - 1, idx = i + (steps - 1) * lanes; t >= 0; t--, idx -= lanes) {
                float ut = u[idx];
                float st = s[idx];
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
                    float c = detachReset ? 0f : zero ? -b * ut * gn : -b * th * gn;
                    float dir = zero ? b * (1f - st) : b;
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
                gradInput[idx] = g;
                if (betaLane != null) {
                    betaLane[i] += g * (zero ? up * (1f - rt) : up - rt * th);
                }
                if (thetaLane != null) {
                    float dth = zero ? 0f : -b * rt * g;
                    thetaLane[i] += dth - sg * sTot;
                }
                gn = g;
            }
            carry[i] = gn;
            if (gradInitialState != null) {
                float u0 = initialState == null ? 0f : initialState[i];
                float s0 = initialState == null ? 0f : initialState[lanes + i];
                float c = detachReset ? 0f : zero ? -b * u0 * gn : -b * th * gn;
                float dir = zero ? b * (1f - s0) : b;
                gradInitialState[i] = dir * gn;
                gradInitialState[lanes + i] = c;
            }
        }
    }

    private static void requireReset(Reset reset) {
        if (reset != Reset.SUBTRACT && reset != Reset.ZERO) {
            throw new IllegalArgumentException("the immediate-reset loops take reset SUBTRACT or ZERO (NONE does not "
                    + "depend on the reset timing: use lifForward/lifBackward), got " + reset);
        }
    }
}
