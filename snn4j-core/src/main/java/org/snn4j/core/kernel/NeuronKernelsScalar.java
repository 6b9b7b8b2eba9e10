package org.snn4j.core.kernel;

import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

/**
 * Plain-Java twin of {@link NeuronKernels}. Lanes are processed in blocks of at most
 * {@value #BLOCK} lanes that never cross a sample row; within a block the loop runs over time
 * outermost, so the previous step's state is re-read from L1.
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
                           float[] u, float[] s, int from, int to) {
        int i0 = from;
        while (i0 < to) {
            int n0 = i0 % n;
            int len = Math.min(Math.min(to - i0, n - n0), BLOCK);
            forwardBlock(steps, lanes, i0, n0, len, input, beta, theta, reset, u, s);
            i0 += len;
        }
    }

    static void forwardBlock(int steps, int lanes, int i0, int n0, int len, float[] input, float[] beta,
                             float[] theta, Reset reset, float[] u, float[] s) {
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

    @Override
    public void lifBackward(int steps, int lanes, int n, float[] input, float[] u, float[] s,
                            float[] gradSpikes, float[] gradMembrane, float[] beta, float[] theta,
                            Reset reset, boolean detachReset, Surrogate surrogate,
                            float[] gradInput, float[] betaLane, float[] thetaLane, float[] carry,
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
            i0 += len;
        }
    }

    /** Same as {@link Surrogate#derivative(float)}. */
    static float surrogate(Surrogate sg, float x) {
        return sg.derivative(x);
    }
}
