package org.snn4j.core.kernel;

import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

/**
 * LIF loops run lane by lane over time in plain Java, shared by both {@link NeuronKernels} twins (so
 * the vector and scalar implementations give identical results by construction): the single-spike
 * loops with the same-step reset ({@link NeuronKernels#lifForwardImmediate},
 * {@link NeuronKernels#lifBackwardImmediate}) and the multi-spike loops of both timings
 * ({@link NeuronKernels#lifForwardMultiSpike}, {@link NeuronKernels#lifBackwardMultiSpike}); the
 * equations are in those methods. {@code maxSpikes = 1} is the single spike {@code H(U − θ)} with the
 * reset factor {@code 1 − R}; otherwise the spike count with the factor {@code 1 − [R ≠ 0]}.
 */
final class NeuronKernelsPerLane {
    private NeuronKernelsPerLane() {
    }

    /** One spike {@code U − θ > 0 ? 1 : 0} for {@code maxSpikes = 1}; else {@code U > 0 ? min(cap, ⌊U/θ⌋) : 0}. */
    static float spikes(float v, float th, int maxSpikes) {
        if (maxSpikes == 1) {
            return v - th > 0f ? 1f : 0f;
        }
        if (!(v > 0f)) {
            return 0f;
        }
        float c = (float) Math.floor(v / th);
        return maxSpikes > 0 && c > maxSpikes ? maxSpikes : c;
    }

    /** The ZERO reset's factor: {@code 1 − R} for one spike, {@code 1 − [R ≠ 0]} for a count. */
    private static float keep(float r, int maxSpikes) {
        if (maxSpikes == 1) {
            return 1f - r;
        }
        return r != 0f ? 0f : 1f;
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
                float v = switch (reset) {
                    case SUBTRACT -> immediate ? b * (up - r * th) + x : b * up + x - r * th;
                    case ZERO -> immediate ? b * (up * keep(r, maxSpikes)) + x : (b * up + x) * keep(r, maxSpikes);
                    case NONE -> b * up + x;
                };
                float st = spikes(v, th, maxSpikes);
                u[idx] = v;
                s[idx] = st;
                up = v;
                r = st;
            }
        }
    }

    static void backward(int steps, int lanes, int n, float[] input, float[] u, float[] s, float[] initialState,
                         float[] gradSpikes, float[] gradMembrane, float[] gradFinalState, float[] beta,
                         float[] theta, Reset reset, boolean immediate, int maxSpikes, boolean detachReset,
                         Surrogate surrogate, float[] gradInput, float[] betaLane, float[] thetaLane, float[] carry,
                         float[] gradInitialState, int from, int to) {
        requireCap(maxSpikes);
        boolean zero = reset == Reset.ZERO;
        boolean subtract = reset == Reset.SUBTRACT;
        for (int i = from; i < to; i++) {
            int k = i % n;
            float b = beta[k];
            float th = theta[k];
            float gn = 0f;
            for (int t = steps - 1, idx = i + (steps - 1) * lanes; t >= 0; t--, idx -= lanes) {
                float ut = u[idx];
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
                    float dir = zero ? b * keep(s[idx], maxSpikes) : b;
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
                float dth;
                if (immediate) {
                    gradInput[idx] = g;
                    if (betaLane != null) {
                        betaLane[i] += g * (zero ? up * keep(rt, maxSpikes) : subtract ? up - rt * th : up);
                    }
                    dth = subtract ? -b * rt * g : 0f;
                } else {
                    float gk = zero ? g * keep(rt, maxSpikes) : g;
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
                float s0 = initialState == null ? 0f : initialState[lanes + i];
                gradInitialState[i] = (zero ? b * keep(s0, maxSpikes) : b) * gn;
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
            throw new IllegalArgumentException("maxSpikes must be >= 0 (1: one spike, k > 1: at most k, 0: no cap), got "
                    + maxSpikes);
        }
    }

    /** The same-step reset loops take SUBTRACT or ZERO. */
    static void requireTimedReset(Reset reset) {
        if (reset != Reset.SUBTRACT && reset != Reset.ZERO) {
            throw new IllegalArgumentException("the immediate-reset loops take reset SUBTRACT or ZERO (NONE does not "
                    + "depend on the reset timing: use lifForward/lifBackward), got " + reset);
        }
    }
}
