package org.snn4j.core.kernel;

import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

/**
 * Plain-Java twin of {@link NeuronKernels}. Lanes are processed in blocks of at most
 * {@value #BLOCK} lanes that never cross a sample row; within a block the loop runs over time
 * outermost, so the previous step's state is re-read from L1 (the time-invariant loops likewise
 * re-read the block's slice of the {@code [B, N]} input and time-summed gradient from L1).
 */
final class NeuronKernelsScalar implements NeuronKernels {
    static final NeuronKernelsScalar INSTANCE = new NeuronKernelsScalar();
    static final int BLOCK = 512;

    private NeuronKernelsScalar() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void lifForward(int steps, int lanes, int n, float[] input, float[] beta, float[] theta, Reset reset,
                           float[] initialState, float[] u, float[] s, int from, int to) {
        int i0 = from;
        while (i0 < to) {
            int n0 = i0 % n;
            int len = Math.min(Math.min(to - i0, n - n0), BLOCK);
            forwardBlock(steps, lanes, i0, n0, len, input, beta, theta, reset, initialState, u, s);
            i0 += len;
        }
    }

    static void forwardBlock(int steps, int lanes, int i0, int n0, int len, float[] input, float[] beta,
                             float[] theta, Reset reset, float[] initialState, float[] u, float[] s) {
        if (initialState == null) {
            for (int j = 0; j < len; j++) {
                int i = i0 + j;
                float v = input[i];
                u[i] = v;
                s[i] = v - theta[n0 + j] > 0f ? 1f : 0f;
            }
        } else {
            for (int j = 0; j < len; j++) {
                int i = i0 + j;
                float v = stepFrom(reset, beta[n0 + j], theta[n0 + j], initialState[i], initialState[lanes + i],
                        input[i]);
                u[i] = v;
                s[i] = v - theta[n0 + j] > 0f ? 1f : 0f;
            }
        }
        for (int t = 1; t < steps; t++) {
            int base = t * lanes + i0;
            int prev = base - lanes;
            for (int j = 0; j < len; j++) {
                float b = beta[n0 + j];
                float th = theta[n0 + j];
                float up = u[prev + j];
                float r = s[prev + j];
                float x = input[base + j];
                float v = switch (reset) {
                    case SUBTRACT -> b * up + x - r * th;
                    case ZERO -> (b * up + x) * (1f - r);
                    case NONE -> b * up + x;
                };
                u[base + j] = v;
                s[base + j] = v - th > 0f ? 1f : 0f;
            }
        }
    }

    /** One LIF update {@code U[t]} from {@code U[t−1] = up}, {@code R[t] = r} and {@code I[t] = x}. */
    static float stepFrom(Reset reset, float b, float th, float up, float r, float x) {
        return switch (reset) {
            case SUBTRACT -> b * up + x - r * th;
            case ZERO -> (b * up + x) * (1f - r);
            case NONE -> b * up + x;
        };
    }

    @Override
    public void lifBackward(int steps, int lanes, int n, float[] input, float[] u, float[] s, float[] initialState,
                            float[] gradSpikes, float[] gradMembrane, float[] gradFinalState, float[] beta,
                            float[] theta, Reset reset, boolean detachReset, Surrogate surrogate,
                            float[] gradInput, float[] betaLane, float[] thetaLane, float[] carry,
                            float[] gradInitialState, int from, int to) {
        int i0 = from;
        while (i0 < to) {
            int n0 = i0 % n;
            int len = Math.min(Math.min(to - i0, n - n0), BLOCK);
            for (int t = steps - 1; t >= 0; t--) {
                int base = t * lanes + i0;
                boolean last = t == steps - 1;
                boolean first = t == 0;
                if ((last && gradFinalState != null) || (first && initialState != null)) {
                    for (int j = 0; j < len; j++) {
                        boundaryLane(t, steps, lanes, i0 + j, n0 + j, input, u, s, initialState, gradSpikes,
                                gradMembrane, gradFinalState, beta, theta, reset, detachReset, surrogate, gradInput,
                                betaLane, thetaLane, carry);
                    }
                    continue;
                }
                for (int j = 0; j < len; j++) {
                    int i = base + j;
                    float b = beta[n0 + j];
                    float th = theta[n0 + j];
                    float ut = u[i];
                    float st = s[i];
                    float sg = surrogate(surrogate, ut - th);
                    float gn = last ? 0f : carry[i0 + j];
                    float c;
                    if (detachReset || last) {
                        c = 0f;
                    } else {
                        c = switch (reset) {
                            case SUBTRACT -> -th * gn;
                            case ZERO -> -(b * ut + input[i + lanes]) * gn;
                            case NONE -> 0f;
                        };
                    }
                    float gs = gradSpikes == null ? 0f : gradSpikes[i];
                    float gm = gradMembrane == null ? 0f : gradMembrane[i];
                    float sTot = gs + c;
                    float dir = reset == Reset.ZERO ? b * (1f - st) : b;
                    float g = gm + sg * sTot + dir * gn;
                    float rt = first ? 0f : s[i - lanes];
                    float up = first ? 0f : u[i - lanes];
                    float gk = reset == Reset.ZERO ? g * (1f - rt) : g;
                    gradInput[i] = gk;
                    if (betaLane != null) {
                        betaLane[i0 + j] += gk * up;
                    }
                    if (thetaLane != null) {
                        float dth = reset == Reset.SUBTRACT ? -rt * g : 0f;
                        thetaLane[i0 + j] += dth - sg * sTot;
                    }
                    carry[i0 + j] = g;
                }
            }
            if (gradInitialState != null) {
                initialStateGradient(lanes, i0, n0, len, input, initialState, beta, theta, reset, detachReset, carry,
                        gradInitialState);
            }
            i0 += len;
        }
    }

    /**
     * One backward step of lane {@code i} at step {@code t} in its general form: the last step may
     * take a final-state gradient, the first step may read an initial state. The same expressions,
     * in the same order, as the interior steps of the loops (and as the vector twin's boundary step).
     */
    static void boundaryLane(int t, int steps, int lanes, int i, int k, float[] input, float[] u, float[] s,
                             float[] initialState, float[] gradSpikes, float[] gradMembrane, float[] gradFinalState,
                             float[] beta, float[] theta, Reset reset, boolean detachReset, Surrogate surrogate,
                             float[] gradInput, float[] betaLane, float[] thetaLane, float[] carry) {
        int idx = t * lanes + i;
        float b = beta[k];
        float th = theta[k];
        float ut = u[idx];
        float st = s[idx];
        float sg = surrogate.derivative(ut - th);
        float gs = gradSpikes == null ? 0f : gradSpikes[idx];
        float gm = gradMembrane == null ? 0f : gradMembrane[idx];
        float sTot;
        float g;
        if (t == steps - 1 && gradFinalState != null) {
            sTot = gs + gradFinalState[lanes + i];
            g = gm + sg * sTot + gradFinalState[i];
        } else {
            boolean last = t == steps - 1;
            float gn = last ? 0f : carry[i];
            float c;
            if (detachReset || last) {
                c = 0f;
            } else {
                c = switch (reset) {
                    case SUBTRACT -> -th * gn;
                    case ZERO -> -(b * ut + input[idx + lanes]) * gn;
                    case NONE -> 0f;
                };
            }
            sTot = gs + c;
            float dir = reset == Reset.ZERO ? b * (1f - st) : b;
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
        float gk = reset == Reset.ZERO ? g * (1f - rt) : g;
        gradInput[idx] = gk;
        if (betaLane != null) {
            betaLane[i] += gk * up;
        }
        if (thetaLane != null) {
            float dth = reset == Reset.SUBTRACT ? -rt * g : 0f;
            thetaLane[i] += dth - sg * sTot;
        }
        carry[i] = g;
    }

    /**
     * dL/dU[−1] and dL/dS[−1] for lanes {@code [i0, i0 + len)} from {@code g[0]} in {@code carry}
     * (equations in {@link NeuronKernels}); the cross-step terms of the unsegmented loop, evaluated
     * with the same operations.
     */
    static void initialStateGradient(int lanes, int i0, int n0, int len, float[] input, float[] initialState,
                                     float[] beta, float[] theta, Reset reset, boolean detachReset, float[] carry,
                                     float[] gradInitialState) {
        for (int j = 0; j < len; j++) {
            int i = i0 + j;
            float b = beta[n0 + j];
            float th = theta[n0 + j];
            float g0 = carry[i];
            float u0 = initialState == null ? 0f : initialState[i];
            float s0 = initialState == null ? 0f : initialState[lanes + i];
            float dir = reset == Reset.ZERO ? b * (1f - s0) : b;
            float c;
            if (detachReset) {
                c = 0f;
            } else {
                c = switch (reset) {
                    case SUBTRACT -> -th * g0;
                    case ZERO -> -(b * u0 + input[i]) * g0;
                    case NONE -> 0f;
                };
            }
            gradInitialState[i] = dir * g0;
            gradInitialState[lanes + i] = c;
        }
    }

    @Override
    public void lifForwardTimeInvariant(int steps, int lanes, int n, float[] input, float[] beta, float[] theta,
                                        Reset reset, float[] u, float[] s, int from, int to) {
        int i0 = from;
        while (i0 < to) {
            int n0 = i0 % n;
            int len = Math.min(Math.min(to - i0, n - n0), BLOCK);
            forwardBlockTimeInvariant(steps, lanes, i0, n0, len, input, beta, theta, reset, u, s);
            i0 += len;
        }
    }

    /**
     * {@link #forwardBlock} from the zero state with {@code I[t]} read from the block's slice of
     * {@code X} at every step (same expressions, same order).
     */
    static void forwardBlockTimeInvariant(int steps, int lanes, int i0, int n0, int len, float[] input,
                                          float[] beta, float[] theta, Reset reset, float[] u, float[] s) {
        for (int j = 0; j < len; j++) {
            int i = i0 + j;
            float v = input[i];
            u[i] = v;
            s[i] = v - theta[n0 + j] > 0f ? 1f : 0f;
        }
        for (int t = 1; t < steps; t++) {
            int base = t * lanes + i0;
            int prev = base - lanes;
            for (int j = 0; j < len; j++) {
                float b = beta[n0 + j];
                float th = theta[n0 + j];
                float up = u[prev + j];
                float r = s[prev + j];
                float x = input[i0 + j];
                float v = switch (reset) {
                    case SUBTRACT -> b * up + x - r * th;
                    case ZERO -> (b * up + x) * (1f - r);
                    case NONE -> b * up + x;
                };
                u[base + j] = v;
                s[base + j] = v - th > 0f ? 1f : 0f;
            }
        }
    }

    @Override
    public void lifBackwardTimeInvariant(int steps, int lanes, int n, float[] input, float[] u, float[] s,
                                         float[] gradSpikes, float[] gradMembrane, float[] beta, float[] theta,
                                         Reset reset, boolean detachReset, Surrogate surrogate,
                                         float[] gradInputSum, float[] betaLane, float[] thetaLane, float[] carry,
                                         int from, int to) {
        int i0 = from;
        while (i0 < to) {
            int n0 = i0 % n;
            int len = Math.min(Math.min(to - i0, n - n0), BLOCK);
            for (int t = steps - 1; t >= 0; t--) {
                int base = t * lanes + i0;
                boolean last = t == steps - 1;
                boolean first = t == 0;
                for (int j = 0; j < len; j++) {
                    int i = base + j;
                    float b = beta[n0 + j];
                    float th = theta[n0 + j];
                    float ut = u[i];
                    float st = s[i];
                    float sg = surrogate(surrogate, ut - th);
                    float gn = last ? 0f : carry[i0 + j];
                    float c;
                    if (detachReset || last) {
                        c = 0f;
                    } else {
                        c = switch (reset) {
                            case SUBTRACT -> -th * gn;
                            case ZERO -> -(b * ut + input[i0 + j]) * gn;
                            case NONE -> 0f;
                        };
                    }
                    float gs = gradSpikes == null ? 0f : gradSpikes[i];
                    float gm = gradMembrane == null ? 0f : gradMembrane[i];
                    float sTot = gs + c;
                    float dir = reset == Reset.ZERO ? b * (1f - st) : b;
                    float g = gm + sg * sTot + dir * gn;
                    float rt = first ? 0f : s[i - lanes];
                    float up = first ? 0f : u[i - lanes];
                    float gk = reset == Reset.ZERO ? g * (1f - rt) : g;
                    gradInputSum[i0 + j] = last ? gk : gradInputSum[i0 + j] + gk;
                    if (betaLane != null) {
                        betaLane[i0 + j] += gk * up;
                    }
                    if (thetaLane != null) {
                        float dth = reset == Reset.SUBTRACT ? -rt * g : 0f;
                        thetaLane[i0 + j] += dth - sg * sTot;
                    }
                    carry[i0 + j] = g;
                }
            }
            i0 += len;
        }
    }

    /** Same as {@link Surrogate#derivative(float)}. */
    static float surrogate(Surrogate sg, float x) {
        return sg.derivative(x);
    }
}
