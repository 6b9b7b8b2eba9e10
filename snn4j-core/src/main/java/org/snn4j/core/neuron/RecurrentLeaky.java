package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.RunContext;

/**
 * Recurrent LIF neurons with a learned all-to-all feedback weight (snnTorch {@code RLeaky} with a
 * linear recurrence), built from {@link RlifSpec}. Input {@code I [T, B, N]}, output
 * {@code S [T, B, N]}, {@link #membrane()} {@code U}, {@link #recurrentCurrent()} {@code Q}. With zero
 * initial state and {@code R[t] = S[t−1]}, per sample row ({@code S[t−1]} a row vector of N):
 * <pre>
 *   Q[t] = S[t−1]·V              (Q[0] = 0; V is [N, N], row = presynaptic neuron)
 *   Z[t] = β·U[t−1] + I[t] + Q[t] + c        (c = recurrent bias, or 0 without one)
 *   SUBTRACT: U[t] = Z[t] − R[t]·θ;   ZERO: U[t] = Z[t]·(1 − R[t]);   NONE: U[t] = Z[t]
 *   S[t] = 1 if U[t] − θ &gt; 0 else 0
 * </pre>
 * With {@link ResetTiming#IMMEDIATE} (NIR's recurrent LIF) the reset acts in the spike's own step, so the reset
 * membrane decays before the next input is added (Q[t] unchanged):
 * <pre>
 *   SUBTRACT: U[t] = β·(U[t−1] − R[t]·θ) + I[t] + Q[t] + c
 *   ZERO:     U[t] = β·(U[t−1]·(1 − R[t])) + I[t] + Q[t] + c
 *   NONE:     U[t] = β·U[t−1] + I[t] + Q[t] + c
 * </pre>
 * and dL/dZ[t] below means dL/dI[t] (the gradient of {@code I[t] + Q[t] + c}, here dL/dU[t]).
 * Multi-spike neurons ({@link #maxSpikes()} {@code ≠ 1}): the spike count
 * {@code S[t] = U[t] > 0 ? min(cap, ⌊U[t]/θ⌋) : 0} ({@link NeuronKernels#multiSpikeCount}, no cap for 0) replaces
 * the single spike, SUBTRACT removes {@code R[t]·θ} with the count {@code R[t]}, the ZERO factors {@code (1 − R[t])}
 * become {@code (1 − [R[t] ≠ 0])} ({@link NeuronKernels#multiSpikeKeep}) for both timings, and {@code Q[t] = S[t−1]·V}
 * carries the counts; backward takes {@code dS/dU = σ'(U − θ)} as {@link Leaky}'s multi-spike mode.
 * β is used clamped to [0, 1] (gradient zero outside). Backward is one reverse-time loop: the
 * element-wise step per lane and, between steps, one GEMM {@code dL/dS[t−1] += dL/dZ[t]·Vᵀ}; the
 * recurrent path always carries gradient, the reset path only when {@code detachReset} is false.
 * After the loop {@code dL/dV += Σ_t S[t−1]ᵀ·dL/dZ[t]} (one GEMM) and {@code dL/dc += Σ_{t,b} dL/dZ[t]}.
 * Note dL/dI[t] = dL/dZ[t].
 *
 * <p>Parameters: {@code "recurrent_weight"} {@code [N, N]}, initialised uniform in ±1/√N from the
 * build rng; {@code "recurrent_bias"} {@code [N]} (when enabled), uniform ±1/√N as PyTorch's
 * {@code Linear}; then {@code "beta"}, {@code "threshold"} when trained.
 *
 * <p>As a {@link StatefulLayer}: state {@code [2, B, N]} = {@code (U[t], S[t])} after a segment's
 * last step (the next segment's first step computes {@code Q = S·V} from it); state gradient
 * {@code [3, B, N]} = the backward carries at the boundary: dL/dU[t] through U[t+1], dL/dS[t]
 * through the reset R[t+1], dL/dS[t] through Q[t+1] ({@code dL/dZ[t+1]·Vᵀ}). A segment that starts
 * from a given state also adds its boundary term {@code S[−1]ᵀ·dL/dZ[0]} to dL/dV. Forward and
 * dL/dI match the unsegmented run bit for bit; dL/dV, dL/dc, dL/dβ and dL/dθ are the same sums
 * split at segment boundaries (equal up to float rounding).
 */
public final class RecurrentLeaky extends NeuronLayerBase {
    private final RlifSpec config;
    private final NeuronParameter beta;
    private final NeuronParameter threshold;
    private final LinearRecurrence feedback;
    private final Parameter weight;
    private final Parameter bias;
    /** Spikes per step at most (1: {@code S ∈ {0, 1}}; otherwise a count, 0 = no cap). */
    private final int maxSpikes;
    private float[] rec = new float[0];
    private float[] bUsed;
    private float[] thUsed;
    private float[] cU = new float[0];
    private float[] cR = new float[0];
    private float[] recGrad = new float[0];
    private float[] betaLane = new float[0];
    private float[] thetaLane = new float[0];

    RecurrentLeaky(RlifSpec spec, Shape shape, RandomGenerator rng) {
        super(spec, shape);
        this.config = spec;
        Objects.requireNonNull(rng, "rng");
        this.beta = new NeuronParameter("beta", spec.beta(), spec.learnBeta(), true, n);
        this.threshold = new NeuronParameter("threshold", spec.threshold(), spec.learnThreshold(), false, n);
        this.feedback = new LinearRecurrence(n, spec.recurrentBias(), rng);
        this.weight = feedback.weight;
        this.bias = feedback.bias;
        this.maxSpikes = spec.maxSpikes();
    }

    /** Spikes a neuron may emit per step: 1, a cap k &gt; 1 or 0 (no cap); the spec's {@code maxSpikes}. */
    @Override
    public int maxSpikes() {
        return maxSpikes;
    }

    /** The recurrent weight {@code V [N, N]} (row = presynaptic neuron). */
    public Parameter recurrentWeight() {
        return weight;
    }

    /** The recurrent current {@code Q[t] = S[t−1]·V} of the last forward, {@code [T, B, N]}; layer-owned. */
    public float[] recurrentCurrent() {
        return rec;
    }

    @Override
    public int stateVariables() {
        return 2;
    }

    @Override
    public int stateGradientVariables() {
        return 3;
    }

    @Override
    public float[] forwardSegment(float[] in, RunContext ctx, float[] initialState, float[] finalState) {
        beginSegment(in, ctx, initialState, finalState);
        rec = grow(rec, in.length);
        bUsed = beta.values();
        thUsed = threshold.values();
        for (int t = 0; t < steps; t++) {
            int base = t * lanes;
            feedback.current(kernels, t, batch, n, s, initialState, lanes, rec);
            kernels.pool().parallelFor(lanes, n, (from, to) -> forwardStep(base, from, to));
        }
        saveFinalState(finalState, u, s);
        return s;
    }

    private void forwardStep(int base, int from, int to) {
        Reset reset = config.reset();
        boolean immediate = config.resetTiming() == ResetTiming.IMMEDIATE;
        float[] c = bias == null ? null : bias.value();
        boolean first = base == 0;
        float[] st0 = state0;
        int cap = maxSpikes;
        for (int i = from; i < to; i++) {
            int j = i % n;
            int idx = base + i;
            float up = first ? (st0 == null ? 0f : st0[i]) : u[idx - lanes];
            float r = first ? (st0 == null ? 0f : st0[lanes + i]) : s[idx - lanes];
            float th = thUsed[j];
            float v;
            if (immediate) {
                float b = bUsed[j];
                float x = switch (reset) {
                    case SUBTRACT -> b * (up - r * th);
                    case ZERO -> b * (up * NeuronKernels.multiSpikeKeep(r, cap));
                    case NONE -> b * up;
                };
                v = x + input[idx] + rec[idx] + (c == null ? 0f : c[j]);
            } else {
                float z = bUsed[j] * up + input[idx] + rec[idx] + (c == null ? 0f : c[j]);
                v = switch (reset) {
                    case SUBTRACT -> z - r * th;
                    case ZERO -> z * NeuronKernels.multiSpikeKeep(r, cap);
                    case NONE -> z;
                };
            }
            u[idx] = v;
            s[idx] = NeuronKernels.multiSpikeCount(v, th, cap);
        }
    }

    @Override
    public float[] backwardSegment(float[] gradSpikes, float[] gradMembrane, float[] gradFinalState,
                                   float[] gradInitialState, boolean needInputGrad) {
        if (beginBackwardSegment(gradSpikes, gradMembrane, gradFinalState, gradInitialState)) {
            betaLane = zeroed(betaLane, lanes);
            thetaLane = zeroed(thetaLane, lanes);
        }
        if (gradFinalState == null) {
            cU = zeroed(cU, lanes);
            cR = zeroed(cR, lanes);
            recGrad = zeroed(recGrad, lanes);
        } else {
            cU = grow(cU, lanes);
            cR = grow(cR, lanes);
            recGrad = grow(recGrad, lanes);
            System.arraycopy(gradFinalState, 0, cU, 0, lanes);
            System.arraycopy(gradFinalState, lanes, cR, 0, lanes);
            System.arraycopy(gradFinalState, 2 * lanes, recGrad, 0, lanes);
        }
        for (int t = steps - 1; t >= 0; t--) {
            int base = t * lanes;
            // dL/dS[t] through Q[t+1] = S[t]·V
            feedback.spikeGradient(kernels, t, steps, batch, n, gradIn, recGrad);
            kernels.pool().parallelFor(lanes, n, (from, to) -> backwardStep(gradSpikes, gradMembrane, base, from, to));
        }
        feedback.accumulateGradients(kernels, steps, batch, n, s, gradIn, state0, lanes);
        if (gradInitialState != null) {
            System.arraycopy(cU, 0, gradInitialState, 0, lanes);
            System.arraycopy(cR, 0, gradInitialState, lanes, lanes);
            // dL/dS[−1] through Q[0] = S[−1]·V
            feedback.initialSpikeGradient(kernels, batch, n, gradIn, gradInitialState, 2 * lanes);
        }
        if (endBackwardSegment()) {
            beta.accumulate(betaLane, lanes);
            threshold.accumulate(thetaLane, lanes);
        }
        return needInputGrad ? gradIn : null;
    }

    private void backwardStep(float[] gS, float[] gM, int base, int from, int to) {
        Reset reset = config.reset();
        boolean immediate = config.resetTiming() == ResetTiming.IMMEDIATE && reset != Reset.NONE;
        boolean detach = config.detachReset();
        Surrogate sur = config.surrogate();
        float[] c = bias == null ? null : bias.value();
        boolean first = base == 0;
        float[] st0 = state0;
        int cap = maxSpikes;
        for (int i = from; i < to; i++) {
            int j = i % n;
            int idx = base + i;
            float b = bUsed[j];
            float th = thUsed[j];
            float sg = sur.derivative(u[idx] - th);
            float sTot = (gS == null ? 0f : gS[idx]) + cR[i] + recGrad[i];
            float gU = (gM == null ? 0f : gM[idx]) + sg * sTot + cU[i];
            float dth = -sg * sTot;
            float r = first ? (st0 == null ? 0f : st0[lanes + i]) : s[idx - lanes];
            float up = first ? (st0 == null ? 0f : st0[i]) : u[idx - lanes];
            float gZ;
            float dR;
            if (immediate) {
                gradIn[idx] = gU;
                if (reset == Reset.ZERO) {
                    float k = NeuronKernels.multiSpikeKeep(r, cap);
                    cU[i] = b * k * gU;
                    betaLane[i] += gU * (up * k);
                    dR = -b * up * gU;
                } else {
                    cU[i] = b * gU;
                    betaLane[i] += gU * (up - r * th);
                    dth -= b * r * gU;
                    dR = -b * th * gU;
                }
                thetaLane[i] += dth;
                cR[i] = detach ? 0f : dR;
                continue;
            }
            switch (reset) {
                case SUBTRACT -> {
                    gZ = gU;
                    dth -= r * gU;
                    dR = -th * gU;
                }
                case ZERO -> {
                    gZ = gU * NeuronKernels.multiSpikeKeep(r, cap);
                    float z = b * up + input[idx] + rec[idx] + (c == null ? 0f : c[j]);
                    dR = -z * gU;
                }
                default -> {
                    gZ = gU;
                    dR = 0f;
                }
            }
            gradIn[idx] = gZ;
            cU[i] = b * gZ;
            betaLane[i] += gZ * up;
            thetaLane[i] += dth;
            cR[i] = detach ? 0f : dR;
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(4);
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        ps.addAll(learnable(beta, threshold));
        return List.copyOf(ps);
    }
}
