package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.layer.RunContext;

/**
 * Recurrent current-based LIF neurons with a learned all-to-all feedback weight (snnTorch
 * {@code RSynaptic} with a linear recurrence), built from {@link RsynSpec}. Input
 * {@code X [T, B, N]}, output {@code S [T, B, N]}, {@link #membrane()} {@code U},
 * {@link #synapticCurrent()} {@code Isyn}, {@link #recurrentCurrent()} {@code Q}. With zero initial
 * state and {@code R[t] = S[t−1]}, per sample row ({@code S[t−1]} a row vector of N):
 * <pre>
 *   Q[t] = S[t−1]·V              (Q[0] = 0; V is [N, N], row = presynaptic neuron)
 *   J[t] = α·Isyn[t−1] + X[t] + Q[t] + c     (c = recurrent bias, or 0 without one)
 *   SUBTRACT: Isyn[t] = J[t];            U[t] = β·U[t−1] + J[t] − R[t]·θ
 *   ZERO:     Isyn[t] = J[t]·(1 − R[t]); U[t] = (β·U[t−1] + J[t])·(1 − R[t])   (snnTorch resets both)
 *   NONE:     Isyn[t] = J[t];            U[t] = β·U[t−1] + J[t]
 *   S[t] = 1 if U[t] − θ &gt; 0 else 0
 * </pre>
 * With {@link ResetTiming#IMMEDIATE} (NIR's recurrent CubaLIF) the reset acts in the spike's own step and resets
 * only the membrane, never the synaptic current (J[t] and Q[t] unchanged):
 * <pre>
 *   Isyn[t] = J[t]
 *   SUBTRACT: U[t] = β·(U[t−1] − R[t]·θ) + J[t]
 *   ZERO:     U[t] = β·(U[t−1]·(1 − R[t])) + J[t]
 *   NONE:     U[t] = β·U[t−1] + J[t]
 * </pre>
 * Multi-spike neurons ({@link #maxSpikes()} {@code ≠ 1}, as Rockpool's recurrent {@code LIFTorch}): the spike count
 * {@code S[t] = U[t] > 0 ? min(cap, ⌊U[t]/θ⌋) : 0} replaces the single spike, SUBTRACT removes {@code R[t]·θ} and
 * the ZERO factors {@code (1 − R[t])} become {@code (1 − [R[t] ≠ 0])}, exactly as in {@link Synaptic}; the
 * feedback {@code Q[t] = S[t−1]·V} carries the counts (Rockpool's {@code spikes·W_rec}), so a count of k adds k
 * times a weight row, and {@code dL/dV} sums {@code S[t−1]ᵀ·dL/dJ[t]} over the counts; backward takes
 * {@code dS/dU = σ'(U − θ)} for the count as well.
 * As in snnTorch, c is added at every step (its {@code recurrent(spk)} with {@code spk = 0} at the
 * first step is c). With {@code V = 0} and no bias this is {@link Synaptic} exactly. α and β are
 * used clamped to [0, 1] (gradient zero outside). Backward is one reverse-time loop: the
 * element-wise step per lane (the exact reverse-mode derivative with H' replaced by the surrogate;
 * when {@code detachReset}, R[t] is a constant, otherwise {@code dR[t]/dU[t−1] = σ'(U[t−1] − θ)} and
 * {@code dR[t]/dθ = −σ'}) and, between steps, one GEMM {@code dL/dS[t−1] += dL/dJ[t]·Vᵀ}; the
 * recurrent path always carries gradient. After the loop {@code dL/dV += Σ_t S[t−1]ᵀ·dL/dJ[t]} (one
 * GEMM) and {@code dL/dc += Σ_{t,b} dL/dJ[t]}. Note dL/dX[t] = dL/dJ[t].
 *
 * <p>Parameters: {@code "recurrent_weight"} {@code [N, N]}, initialised uniform in ±1/√N from the
 * build rng; {@code "recurrent_bias"} {@code [N]} (when enabled), uniform ±1/√N as PyTorch's
 * {@code Linear}; then {@code "alpha"}, {@code "beta"}, {@code "threshold"} when trained.
 *
 * <p>As a {@link StatefulLayer}: state {@code [3, B, N]} = {@code (Isyn[t], U[t], S[t])} after a
 * segment's last step (the next segment's first step computes {@code Q = S·V} from it); state
 * gradient {@code [4, B, N]} = the backward carries at the boundary: dL/dU[t] through U[t+1],
 * dL/dIsyn[t] through J[t+1], dL/dS[t] through the reset R[t+1] (zero when {@code detachReset}),
 * dL/dS[t] through Q[t+1] ({@code dL/dJ[t+1]·Vᵀ}). A segment that starts from a given state also
 * adds its boundary term {@code S[−1]ᵀ·dL/dJ[0]} to dL/dV. Forward and dL/dX match the unsegmented
 * run bit for bit; dL/dV, dL/dc, dL/dα, dL/dβ and dL/dθ are the same sums split at segment
 * boundaries (equal up to float rounding).
 */
public final class RecurrentSynaptic extends NeuronLayerBase {
    private final RsynSpec config;
    private final NeuronParameter alpha;
    private final NeuronParameter beta;
    private final NeuronParameter threshold;
    private final LinearRecurrence feedback;
    private final Parameter weight;
    private final Parameter bias;
    /** Spikes per step at most (1: {@code S ∈ {0, 1}}; otherwise a count, 0 = no cap). */
    private final int maxSpikes;
    private float[] syn = new float[0];
    private float[] rec = new float[0];
    private float[] aUsed;
    private float[] bUsed;
    private float[] thUsed;
    private float[] cU = new float[0];
    private float[] cSyn = new float[0];
    private float[] cR = new float[0];
    private float[] recGrad = new float[0];
    private float[] alphaLane = new float[0];
    private float[] betaLane = new float[0];
    private float[] thetaLane = new float[0];

    RecurrentSynaptic(RsynSpec spec, Shape shape, RandomGenerator rng) {
        super(spec, shape);
        this.config = spec;
        Objects.requireNonNull(rng, "rng");
        this.alpha = new NeuronParameter("alpha", spec.alpha(), spec.learnAlpha(), true, n);
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

    /** The recurrent bias {@code c [N]}, or null when the spec has none. */
    public Parameter recurrentBias() {
        return bias;
    }

    /** The synaptic current {@code Isyn[t]} of the last forward, {@code [T, B, N]}; layer-owned. */
    public float[] synapticCurrent() {
        return syn;
    }

    /** The recurrent current {@code Q[t] = S[t−1]·V} of the last forward, {@code [T, B, N]}; layer-owned. */
    public float[] recurrentCurrent() {
        return rec;
    }

    @Override
    public int stateVariables() {
        return 3;
    }

    @Override
    public int stateGradientVariables() {
        return 4;
    }

    @Override
    public float[] forwardSegment(float[] in, RunContext ctx, float[] initialState, float[] finalState) {
        beginSegment(in, ctx, initialState, finalState);
        syn = grow(syn, in.length);
        rec = grow(rec, in.length);
        aUsed = alpha.values();
        bUsed = beta.values();
        thUsed = threshold.values();
        for (int t = 0; t < steps; t++) {
            int base = t * lanes;
            feedback.current(kernels, t, batch, n, s, initialState, 2 * lanes, rec);
            kernels.pool().parallelFor(lanes, n, (from, to) -> forwardStep(base, from, to));
        }
        saveFinalState(finalState, syn, u, s);
        return s;
    }

    private void forwardStep(int base, int from, int to) {
        Reset reset = config.reset();
        boolean immediate = config.resetTiming() == ResetTiming.IMMEDIATE;
        float[] c = bias == null ? null : bias.value();
        boolean first = base == 0;
        float[] st0 = state0;
        int cap = maxSpikes;
        int l = lanes;
        for (int i = from; i < to; i++) {
            int j = i % n;
            int idx = base + i;
            float is = first ? (st0 == null ? 0f : st0[i]) : syn[idx - l];
            float up = first ? (st0 == null ? 0f : st0[l + i]) : u[idx - l];
            float r = first ? (st0 == null ? 0f : st0[2 * l + i]) : s[idx - l];
            float b = bUsed[j];
            float th = thUsed[j];
            float jt = aUsed[j] * is + input[idx] + rec[idx] + (c == null ? 0f : c[j]);
            float v;
            if (immediate) {
                is = jt;
                v = switch (reset) {
                    case SUBTRACT -> b * (up - r * th) + jt;
                    case ZERO -> b * (up * NeuronKernels.multiSpikeKeep(r, cap)) + jt;
                    case NONE -> b * up + jt;
                };
            } else {
                switch (reset) {
                    case SUBTRACT -> {
                        is = jt;
                        v = b * up + jt - r * th;
                    }
                    case ZERO -> {
                        float k = NeuronKernels.multiSpikeKeep(r, cap);
                        is = jt * k;
                        v = (b * up + jt) * k;
                    }
                    default -> {
                        is = jt;
                        v = b * up + jt;
                    }
                }
            }
            syn[idx] = is;
            u[idx] = v;
            s[idx] = NeuronKernels.multiSpikeCount(v, th, cap);
        }
    }

    @Override
    public float[] backwardSegment(float[] gradSpikes, float[] gradMembrane, float[] gradFinalState,
                                   float[] gradInitialState, boolean needInputGrad) {
        if (beginBackwardSegment(gradSpikes, gradMembrane, gradFinalState, gradInitialState)) {
            alphaLane = zeroed(alphaLane, lanes);
            betaLane = zeroed(betaLane, lanes);
            thetaLane = zeroed(thetaLane, lanes);
        }
        if (gradFinalState == null) {
            cU = zeroed(cU, lanes);
            cSyn = zeroed(cSyn, lanes);
            cR = zeroed(cR, lanes);
            recGrad = zeroed(recGrad, lanes);
        } else {
            cU = grow(cU, lanes);
            cSyn = grow(cSyn, lanes);
            cR = grow(cR, lanes);
            recGrad = grow(recGrad, lanes);
            System.arraycopy(gradFinalState, 0, cU, 0, lanes);
            System.arraycopy(gradFinalState, lanes, cSyn, 0, lanes);
            System.arraycopy(gradFinalState, 2 * lanes, cR, 0, lanes);
            System.arraycopy(gradFinalState, 3 * lanes, recGrad, 0, lanes);
        }
        for (int t = steps - 1; t >= 0; t--) {
            int base = t * lanes;
            // dL/dS[t] through Q[t+1] = S[t]·V
            feedback.spikeGradient(kernels, t, steps, batch, n, gradIn, recGrad);
            kernels.pool().parallelFor(lanes, n, (from, to) -> backwardStep(gradSpikes, gradMembrane, base, from, to));
        }
        feedback.accumulateGradients(kernels, steps, batch, n, s, gradIn, state0, 2 * lanes);
        if (gradInitialState != null) {
            System.arraycopy(cU, 0, gradInitialState, 0, lanes);
            System.arraycopy(cSyn, 0, gradInitialState, lanes, lanes);
            System.arraycopy(cR, 0, gradInitialState, 2 * lanes, lanes);
            // dL/dS[−1] through Q[0] = S[−1]·V
            feedback.initialSpikeGradient(kernels, batch, n, gradIn, gradInitialState, 3 * lanes);
        }
        if (endBackwardSegment()) {
            alpha.accumulate(alphaLane, lanes);
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
        int l = lanes;
        for (int i = from; i < to; i++) {
            int j = i % n;
            int idx = base + i;
            float a = aUsed[j];
            float b = bUsed[j];
            float th = thUsed[j];
            float sg = sur.derivative(u[idx] - th);
            float sTot = (gS == null ? 0f : gS[idx]) + cR[i] + recGrad[i];
            float gU = (gM == null ? 0f : gM[idx]) + sg * sTot + cU[i];
            float dth = -sg * sTot;
            float isPrev = first ? (st0 == null ? 0f : st0[i]) : syn[idx - l];
            float up = first ? (st0 == null ? 0f : st0[l + i]) : u[idx - l];
            float r = first ? (st0 == null ? 0f : st0[2 * l + i]) : s[idx - l];
            float cs = cSyn[i];
            float gJ;
            float dR;
            if (immediate) {
                gJ = gU + cs;
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
            } else if (reset == Reset.ZERO) {
                float k = NeuronKernels.multiSpikeKeep(r, cap);
                float jt = a * isPrev + input[idx] + rec[idx] + (c == null ? 0f : c[j]);
                gJ = gU * k + cs * k;
                cU[i] = b * k * gU;
                betaLane[i] += gU * k * up;
                dR = -(b * up + jt) * gU - jt * cs;
            } else {
                gJ = gU + cs;
                cU[i] = b * gU;
                betaLane[i] += gU * up;
                if (reset == Reset.SUBTRACT) {
                    dth -= r * gU;
                    dR = -th * gU;
                } else {
                    dR = 0f;
                }
            }
            gradIn[idx] = gJ;
            cSyn[i] = a * gJ;
            alphaLane[i] += gJ * isPrev;
            thetaLane[i] += dth;
            cR[i] = detach ? 0f : dR;
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(5);
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        ps.addAll(learnable(alpha, beta, threshold));
        return List.copyOf(ps);
    }
}
