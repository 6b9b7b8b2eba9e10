package org.snn4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

/**
 * Vector API implementation of {@link NeuronKernels}: the scalar twin's block loop with the lane
 * loop in {@code SPECIES_PREFERRED} registers and a scalar tail that evaluates exactly the scalar
 * twin's expressions.
 */
final class NeuronKernelsVector implements NeuronKernels {
    static final NeuronKernelsVector INSTANCE = new NeuronKernelsVector();
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int BLOCK = NeuronKernelsScalar.BLOCK;

    private NeuronKernelsVector() {
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void lifForward(int steps, int lanes, int n, float[] input, float[] beta, float[] theta, Reset reset,
                           float[] initialState, float[] u, float[] s, int from, int to) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i0 = from;
        while (i0 < to) {
            int n0 = i0 % n;
            int len = Math.min(Math.min(to - i0, n - n0), BLOCK);
            int bound = SPECIES.loopBound(len);
            int j = 0;
            if (initialState == null) {
                // t = 0 from the zero state: U[0] = I[0]
                for (; j < bound; j += SPECIES.length()) {
                    FloatVector v = FloatVector.fromArray(SPECIES, input, i0 + j);
                    FloatVector th = FloatVector.fromArray(SPECIES, theta, n0 + j);
                    v.intoArray(u, i0 + j);
                    zero.blend(one, v.sub(th).compare(VectorOperators.GT, 0f)).intoArray(s, i0 + j);
                }
                for (; j < len; j++) {
                    float v = input[i0 + j];
                    u[i0 + j] = v;
                    s[i0 + j] = v - theta[n0 + j] > 0f ? 1f : 0f;
                }
            } else {
                // t = 0 from the given state U[−1], S[−1]
                for (; j < bound; j += SPECIES.length()) {
                    FloatVector b = FloatVector.fromArray(SPECIES, beta, n0 + j);
                    FloatVector th = FloatVector.fromArray(SPECIES, theta, n0 + j);
                    FloatVector up = FloatVector.fromArray(SPECIES, initialState, i0 + j);
                    FloatVector r = FloatVector.fromArray(SPECIES, initialState, lanes + i0 + j);
                    FloatVector x = FloatVector.fromArray(SPECIES, input, i0 + j);
                    FloatVector v = switch (reset) {
                        case SUBTRACT -> b.mul(up).add(x).sub(r.mul(th));
                        case ZERO -> b.mul(up).add(x).mul(one.sub(r));
                        case NONE -> b.mul(up).add(x);
                    };
                    v.intoArray(u, i0 + j);
                    zero.blend(one, v.sub(th).compare(VectorOperators.GT, 0f)).intoArray(s, i0 + j);
                }
                for (; j < len; j++) {
                    int i = i0 + j;
                    float v = NeuronKernelsScalar.stepFrom(reset, beta[n0 + j], theta[n0 + j], initialState[i],
                            initialState[lanes + i], input[i]);
                    u[i] = v;
                    s[i] = v - theta[n0 + j] > 0f ? 1f : 0f;
                }
            }
            for (int t = 1; t < steps; t++) {
                int base = t * lanes + i0;
                int prev = base - lanes;
                j = 0;
                for (; j < bound; j += SPECIES.length()) {
                    FloatVector b = FloatVector.fromArray(SPECIES, beta, n0 + j);
                    FloatVector th = FloatVector.fromArray(SPECIES, theta, n0 + j);
                    FloatVector up = FloatVector.fromArray(SPECIES, u, prev + j);
                    FloatVector r = FloatVector.fromArray(SPECIES, s, prev + j);
                    FloatVector x = FloatVector.fromArray(SPECIES, input, base + j);
                    FloatVector v = switch (reset) {
                        case SUBTRACT -> b.mul(up).add(x).sub(r.mul(th));
                        case ZERO -> b.mul(up).add(x).mul(one.sub(r));
                        case NONE -> b.mul(up).add(x);
                    };
                    v.intoArray(u, base + j);
                    zero.blend(one, v.sub(th).compare(VectorOperators.GT, 0f)).intoArray(s, base + j);
                }
                for (; j < len; j++) {
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
            i0 += len;
        }
    }

    @Override
    public void lifBackward(int steps, int lanes, int n, float[] input, float[] u, float[] s, float[] initialState,
                            float[] gradSpikes, float[] gradMembrane, float[] gradFinalState, float[] beta,
                            float[] theta, Reset reset, boolean detachReset, Surrogate surrogate,
                            float[] gradInput, float[] betaLane, float[] thetaLane, float[] carry,
                            float[] gradInitialState, int from, int to) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        boolean zeroReset = reset == Reset.ZERO;
        boolean subReset = reset == Reset.SUBTRACT;
        int i0 = from;
        while (i0 < to) {
            int n0 = i0 % n;
            int len = Math.min(Math.min(to - i0, n - n0), BLOCK);
            int bound = SPECIES.loopBound(len);
            for (int t = steps - 1; t >= 0; t--) {
                int base = t * lanes + i0;
                boolean last = t == steps - 1;
                boolean first = t == 0;
                if ((last && gradFinalState != null) || (first && initialState != null)) {
                    boundaryStep(t, steps, lanes, i0, n0, len, input, u, s, initialState, gradSpikes, gradMembrane,
                            gradFinalState, beta, theta, reset, detachReset, surrogate, gradInput, betaLane, thetaLane,
                            carry);
                    continue;
                }
                boolean resetPath = !detachReset && !last && reset != Reset.NONE;
                int j = 0;
                for (; j < bound; j += SPECIES.length()) {
                    int i = base + j;
                    FloatVector b = FloatVector.fromArray(SPECIES, beta, n0 + j);
                    FloatVector th = FloatVector.fromArray(SPECIES, theta, n0 + j);
                    FloatVector ut = FloatVector.fromArray(SPECIES, u, i);
                    FloatVector sg = surrogate(surrogate, ut.sub(th));
                    FloatVector gn = last ? zero : FloatVector.fromArray(SPECIES, carry, i0 + j);
                    FloatVector gs = gradSpikes == null ? zero : FloatVector.fromArray(SPECIES, gradSpikes, i);
                    FloatVector sTot;
                    if (resetPath) {
                        FloatVector c = subReset ? th.neg().mul(gn)
                                : b.mul(ut).add(FloatVector.fromArray(SPECIES, input, i + lanes)).neg().mul(gn);
                        sTot = gs.add(c);
                    } else {
                        sTot = gs.add(zero);
                    }
                    FloatVector dir = zeroReset ? b.mul(one.sub(FloatVector.fromArray(SPECIES, s, i))) : b;
                    FloatVector gm = gradMembrane == null ? zero : FloatVector.fromArray(SPECIES, gradMembrane, i);
                    FloatVector sgs = sg.mul(sTot);
                    FloatVector g = gm.add(sgs).add(dir.mul(gn));
                    FloatVector rt = first ? zero : FloatVector.fromArray(SPECIES, s, i - lanes);
                    FloatVector gk = zeroReset ? g.mul(one.sub(rt)) : g;
                    gk.intoArray(gradInput, i);
                    if (betaLane != null) {
                        FloatVector up = first ? zero : FloatVector.fromArray(SPECIES, u, i - lanes);
                        FloatVector.fromArray(SPECIES, betaLane, i0 + j).add(gk.mul(up)).intoArray(betaLane, i0 + j);
                    }
                    if (thetaLane != null) {
                        FloatVector dth = subReset ? rt.neg().mul(g) : zero;
                        FloatVector.fromArray(SPECIES, thetaLane, i0 + j).add(dth.sub(sgs)).intoArray(thetaLane, i0 + j);
                    }
                    g.intoArray(carry, i0 + j);
                }
                for (; j < len; j++) {
                    int i = base + j;
                    float b = beta[n0 + j];
                    float th = theta[n0 + j];
                    float ut = u[i];
                    float st = s[i];
                    float sg = surrogate.derivative(ut - th);
                    float gn = last ? 0f : carry[i0 + j];
                    float c;
                    if (resetPath) {
                        c = subReset ? -th * gn : -(b * ut + input[i + lanes]) * gn;
                    } else {
                        c = 0f;
                    }
                    float gs = gradSpikes == null ? 0f : gradSpikes[i];
                    float gm = gradMembrane == null ? 0f : gradMembrane[i];
                    float sTot = gs + c;
                    float dir = zeroReset ? b * (1f - st) : b;
                    float g = gm + sg * sTot + dir * gn;
                    float rt = first ? 0f : s[i - lanes];
                    float up = first ? 0f : u[i - lanes];
                    float gk = zeroReset ? g * (1f - rt) : g;
                    gradInput[i] = gk;
                    if (betaLane != null) {
                        betaLane[i0 + j] += gk * up;
                    }
                    if (thetaLane != null) {
                        float dth = subReset ? -rt * g : 0f;
                        thetaLane[i0 + j] += dth - sg * sTot;
                    }
                    carry[i0 + j] = g;
                }
            }
            if (gradInitialState != null) {
                NeuronKernelsScalar.initialStateGradient(lanes, i0, n0, len, input, initialState, beta, theta, reset,
                        detachReset, carry, gradInitialState);
            }
            i0 += len;
        }
    }

    /**
     * The block loop of {@link #lifForward} from the zero state with {@code I[t]} read from the
     * block's slice of {@code X} (L1-resident across the steps of a block). The tail is
     * {@link NeuronKernelsScalar#forwardBlockTimeInvariant}.
     */
    @Override
    public void lifForwardTimeInvariant(int steps, int lanes, int n, float[] input, float[] beta, float[] theta,
                                        Reset reset, float[] u, float[] s, int from, int to) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i0 = from;
        while (i0 < to) {
            int n0 = i0 % n;
            int len = Math.min(Math.min(to - i0, n - n0), BLOCK);
            int bound = SPECIES.loopBound(len);
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector v = FloatVector.fromArray(SPECIES, input, i0 + j);
                FloatVector th = FloatVector.fromArray(SPECIES, theta, n0 + j);
                v.intoArray(u, i0 + j);
                zero.blend(one, v.sub(th).compare(VectorOperators.GT, 0f)).intoArray(s, i0 + j);
            }
            for (int t = 1; t < steps; t++) {
                int base = t * lanes + i0;
                int prev = base - lanes;
                j = 0;
                for (; j < bound; j += SPECIES.length()) {
                    FloatVector b = FloatVector.fromArray(SPECIES, beta, n0 + j);
                    FloatVector th = FloatVector.fromArray(SPECIES, theta, n0 + j);
                    FloatVector up = FloatVector.fromArray(SPECIES, u, prev + j);
                    FloatVector r = FloatVector.fromArray(SPECIES, s, prev + j);
                    FloatVector x = FloatVector.fromArray(SPECIES, input, i0 + j);
                    FloatVector v = switch (reset) {
                        case SUBTRACT -> b.mul(up).add(x).sub(r.mul(th));
                        case ZERO -> b.mul(up).add(x).mul(one.sub(r));
                        case NONE -> b.mul(up).add(x);
                    };
                    v.intoArray(u, base + j);
                    zero.blend(one, v.sub(th).compare(VectorOperators.GT, 0f)).intoArray(s, base + j);
                }
            }
            NeuronKernelsScalar.forwardBlockTimeInvariant(steps, lanes, i0 + bound, n0 + bound, len - bound, input,
                    beta, theta, reset, u, s);
            i0 += len;
        }
    }

    /**
     * The block loop of {@link #lifBackward} with {@code I[t+1]} read from {@code X} and, instead of
     * storing {@code dI[t]}, adding it into the block's slice of {@code dX} (L1-resident across the
     * steps of a block; the first step processed, {@code T−1}, stores). The tail runs the scalar
     * twin's loop.
     */
    @Override
    public void lifBackwardTimeInvariant(int steps, int lanes, int n, float[] input, float[] u, float[] s,
                                         float[] gradSpikes, float[] gradMembrane, float[] beta, float[] theta,
                                         Reset reset, boolean detachReset, Surrogate surrogate,
                                         float[] gradInputSum, float[] betaLane, float[] thetaLane, float[] carry,
                                         int from, int to) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        boolean zeroReset = reset == Reset.ZERO;
        boolean subReset = reset == Reset.SUBTRACT;
        int i0 = from;
        while (i0 < to) {
            int n0 = i0 % n;
            int len = Math.min(Math.min(to - i0, n - n0), BLOCK);
            int bound = SPECIES.loopBound(len);
            for (int t = steps - 1; t >= 0; t--) {
                int base = t * lanes + i0;
                boolean last = t == steps - 1;
                boolean first = t == 0;
                boolean resetPath = !detachReset && !last && reset != Reset.NONE;
                int j = 0;
                for (; j < bound; j += SPECIES.length()) {
                    int i = base + j;
                    FloatVector b = FloatVector.fromArray(SPECIES, beta, n0 + j);
                    FloatVector th = FloatVector.fromArray(SPECIES, theta, n0 + j);
                    FloatVector ut = FloatVector.fromArray(SPECIES, u, i);
                    FloatVector sg = surrogate(surrogate, ut.sub(th));
                    FloatVector gn = last ? zero : FloatVector.fromArray(SPECIES, carry, i0 + j);
                    FloatVector gs = gradSpikes == null ? zero : FloatVector.fromArray(SPECIES, gradSpikes, i);
                    FloatVector sTot;
                    if (resetPath) {
                        FloatVector c = subReset ? th.neg().mul(gn)
                                : b.mul(ut).add(FloatVector.fromArray(SPECIES, input, i0 + j)).neg().mul(gn);
                        sTot = gs.add(c);
                    } else {
                        sTot = gs.add(zero);
                    }
                    FloatVector dir = zeroReset ? b.mul(one.sub(FloatVector.fromArray(SPECIES, s, i))) : b;
                    FloatVector gm = gradMembrane == null ? zero : FloatVector.fromArray(SPECIES, gradMembrane, i);
                    FloatVector sgs = sg.mul(sTot);
                    FloatVector g = gm.add(sgs).add(dir.mul(gn));
                    FloatVector rt = first ? zero : FloatVector.fromArray(SPECIES, s, i - lanes);
                    FloatVector gk = zeroReset ? g.mul(one.sub(rt)) : g;
                    if (last) {
                        gk.intoArray(gradInputSum, i0 + j);
                    } else {
                        FloatVector.fromArray(SPECIES, gradInputSum, i0 + j).add(gk).intoArray(gradInputSum, i0 + j);
                    }
                    if (betaLane != null) {
                        FloatVector up = first ? zero : FloatVector.fromArray(SPECIES, u, i - lanes);
                        FloatVector.fromArray(SPECIES, betaLane, i0 + j).add(gk.mul(up)).intoArray(betaLane, i0 + j);
                    }
                    if (thetaLane != null) {
                        FloatVector dth = subReset ? rt.neg().mul(g) : zero;
                        FloatVector.fromArray(SPECIES, thetaLane, i0 + j).add(dth.sub(sgs)).intoArray(thetaLane, i0 + j);
                    }
                    g.intoArray(carry, i0 + j);
                }
            }
            if (bound < len) {
                NeuronKernelsScalar.INSTANCE.lifBackwardTimeInvariant(steps, lanes, n, input, u, s, gradSpikes,
                        gradMembrane, beta, theta, reset, detachReset, surrogate, gradInputSum, betaLane, thetaLane,
                        carry, i0 + bound, i0 + len);
            }
            i0 += len;
        }
    }

    /**
     * The general backward step at {@code t} for one block of lanes: the last step may take a
     * final-state gradient, the first may read an initial state. Same operations as the interior
     * loop; the tail is {@link NeuronKernelsScalar#boundaryLane}.
     */
    private static void boundaryStep(int t, int steps, int lanes, int i0, int n0, int len, float[] input, float[] u,
                                     float[] s, float[] initialState, float[] gradSpikes, float[] gradMembrane,
                                     float[] gradFinalState, float[] beta, float[] theta, Reset reset,
                                     boolean detachReset, Surrogate surrogate, float[] gradInput, float[] betaLane,
                                     float[] thetaLane, float[] carry) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        boolean zeroReset = reset == Reset.ZERO;
        boolean subReset = reset == Reset.SUBTRACT;
        boolean last = t == steps - 1;
        boolean first = t == 0;
        boolean carried = last && gradFinalState != null;
        boolean resetPath = !detachReset && !last && reset != Reset.NONE;
        int base = t * lanes + i0;
        int bound = SPECIES.loopBound(len);
        int j = 0;
        for (; j < bound; j += SPECIES.length()) {
            int i = base + j;
            FloatVector b = FloatVector.fromArray(SPECIES, beta, n0 + j);
            FloatVector th = FloatVector.fromArray(SPECIES, theta, n0 + j);
            FloatVector ut = FloatVector.fromArray(SPECIES, u, i);
            FloatVector sg = surrogate(surrogate, ut.sub(th));
            FloatVector gs = gradSpikes == null ? zero : FloatVector.fromArray(SPECIES, gradSpikes, i);
            FloatVector gm = gradMembrane == null ? zero : FloatVector.fromArray(SPECIES, gradMembrane, i);
            FloatVector sgs;
            FloatVector g;
            if (carried) {
                FloatVector sTot = gs.add(FloatVector.fromArray(SPECIES, gradFinalState, lanes + i0 + j));
                sgs = sg.mul(sTot);
                g = gm.add(sgs).add(FloatVector.fromArray(SPECIES, gradFinalState, i0 + j));
            } else {
                FloatVector gn = last ? zero : FloatVector.fromArray(SPECIES, carry, i0 + j);
                FloatVector sTot;
                if (resetPath) {
                    FloatVector c = subReset ? th.neg().mul(gn)
                            : b.mul(ut).add(FloatVector.fromArray(SPECIES, input, i + lanes)).neg().mul(gn);
                    sTot = gs.add(c);
                } else {
                    sTot = gs.add(zero);
                }
                FloatVector dir = zeroReset ? b.mul(one.sub(FloatVector.fromArray(SPECIES, s, i))) : b;
                sgs = sg.mul(sTot);
                g = gm.add(sgs).add(dir.mul(gn));
            }
            FloatVector rt;
            FloatVector up;
            if (first) {
                rt = initialState == null ? zero : FloatVector.fromArray(SPECIES, initialState, lanes + i0 + j);
                up = initialState == null ? zero : FloatVector.fromArray(SPECIES, initialState, i0 + j);
            } else {
                rt = FloatVector.fromArray(SPECIES, s, i - lanes);
                up = FloatVector.fromArray(SPECIES, u, i - lanes);
            }
            FloatVector gk = zeroReset ? g.mul(one.sub(rt)) : g;
            gk.intoArray(gradInput, i);
            if (betaLane != null) {
                FloatVector.fromArray(SPECIES, betaLane, i0 + j).add(gk.mul(up)).intoArray(betaLane, i0 + j);
            }
            if (thetaLane != null) {
                FloatVector dth = subReset ? rt.neg().mul(g) : zero;
                FloatVector.fromArray(SPECIES, thetaLane, i0 + j).add(dth.sub(sgs)).intoArray(thetaLane, i0 + j);
            }
            g.intoArray(carry, i0 + j);
        }
        for (; j < len; j++) {
            NeuronKernelsScalar.boundaryLane(t, steps, lanes, i0 + j, n0 + j, input, u, s, initialState, gradSpikes,
                    gradMembrane, gradFinalState, beta, theta, reset, detachReset, surrogate, gradInput, betaLane,
                    thetaLane, carry);
        }
    }

    private static FloatVector surrogate(Surrogate sg, FloatVector x) {
        float k = sg.scale();
        return switch (sg.kind()) {
            case ATAN -> {
                FloatVector z = x.mul((float) (Math.PI / 2) * k);
                yield FloatVector.broadcast(SPECIES, k / 2f).div(z.mul(z).add(1f));
            }
            case FAST_SIGMOID -> {
                FloatVector d = x.abs().mul(k).add(1f);
                yield FloatVector.broadcast(SPECIES, 1f).div(d.mul(d));
            }
            case SIGMOID -> {
                FloatVector e = x.mul(-k).lanewise(VectorOperators.EXP);
                FloatVector sig = FloatVector.broadcast(SPECIES, 1f).div(e.add(1f));
                yield sig.mul(k).mul(FloatVector.broadcast(SPECIES, 1f).sub(sig));
            }
            case TRIANGLE -> {
                FloatVector w = FloatVector.broadcast(SPECIES, 1f).sub(x.abs().mul(k));
                yield w.max(0f).mul(k);
            }
        };
    }
}
