package org.snn4j.core.kernel;

import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

/**
 * LIF loops in plain Java shared by both {@link NeuronKernels} twins (so the vector and scalar
 * implementations give identical results by construction): the single-spike
 * loops with the same-step reset ({@link NeuronKernels#lifForwardImmediate},
 * {@link NeuronKernels#lifBackwardImmediate}) and the multi-spike loops of both timings
 * ({@link NeuronKernels#lifForwardMultiSpike}, {@link NeuronKernels#lifBackwardMultiSpike}); the
 * equations are in those methods. {@code maxSpikes = 1} is the single spike {@code H(U − θ)} with the
 * reset factor {@code 1 − R}; otherwise the spike count with the factor {@code 1 − [R ≠ 0]}. As in
 * {@link NeuronKernelsScalar}, lanes run in blocks of at most {@value #BLOCK} that never cross a sample
 * row, with time outermost within a block, so each step reads and writes contiguous memory and the
 * previous step's values come from L1 (backward keeps {@code dL/dU[t+1]} per lane in {@code carry}).
 */
final class NeuronKernelsPlain {
    static final int BLOCK = 512;

    private NeuronKernelsPlain() {
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
    static float keep(float r, int maxSpikes) {
        if (maxSpikes == 1) {
            return 1f - r;
        }
        return r != 0f ? 0f : 1f;
    }

    static void forward(int steps, int lanes, int n, float[] input, float[] beta, float[] theta, Reset reset,
                        boolean immediate, int maxSpikes, float[] initialState, float[] u, float[] s,
                        int from, int to) {
        requireCap(maxSpikes);
        int i0 = from;
        while (i0 < to) {
            int n0 = i0 % n;
            int len = Math.min(Math.min(to - i0, n - n0), BLOCK);
            for (int t = 0; t < steps; t++) {
                int base = t * lanes + i0;
                for (int j = 0; j < len; j++) {
                    int idx = base + j;
                    float b = beta[n0 + j];
                    float th = theta[n0 + j];
                    float up;
                    float r;
                    if (t > 0) {
                        up = u[idx - lanes];
                        r = s[idx - lanes];
                    } else {
                        up = initialState == null ? 0f : initialState[i0 + j];
                        r = initialState == null ? 0f : initialState[lanes + i0 + j];
                    }
                    float x = input[idx];
                    float v = switch (reset) {
                        case SUBTRACT -> immediate ? b * (up - r * th) + x : b * up + x - r * th;
                        case ZERO -> immediate ? b * (up * keep(r, maxSpikes)) + x : (b * up + x) * keep(r, maxSpikes);
                        case NONE -> b * up + x;
                    };
                    u[idx] = v;
                    s[idx] = spikes(v, th, maxSpikes);
                }
            }
            i0 += len;
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
        int i0 = from;
        while (i0 < to) {
            int n0 = i0 % n;
            int len = Math.min(Math.min(to - i0, n - n0), BLOCK);
            for (int t = steps - 1; t >= 0; t--) {
                int base = t * lanes + i0;
                for (int j = 0; j < len; j++) {
                    int i = i0 + j;
                    int idx = base + j;
                    float b = beta[n0 + j];
                    float th = theta[n0 + j];
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
                        float gn = carry[i];
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
                    carry[i] = g;
                }
            }
            if (gradInitialState != null) {
                for (int j = 0; j < len; j++) {
                    int i = i0 + j;
                    float b = beta[n0 + j];
                    float gn = carry[i];
                    float u0 = initialState == null ? 0f : initialState[i];
                    float s0 = initialState == null ? 0f : initialState[lanes + i];
                    gradInitialState[i] = (zero ? b * keep(s0, maxSpikes) : b) * gn;
                    gradInitialState[lanes + i] = resetGradient(reset, immediate, detachReset, b, theta[n0 + j], u0,
                            input[i], gn);
                }
            }
            i0 += len;
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
