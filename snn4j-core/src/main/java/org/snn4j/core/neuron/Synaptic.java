package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.List;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.RunContext;

/**
 * Current-based LIF neurons with a synaptic current state (snnTorch {@code Synaptic}), built from
 * {@link SynapticSpec}. Input {@code I [T, B, N]}, output {@code S [T, B, N]}, {@link #membrane()}
 * {@code U}, {@link #synapticCurrent()} {@code Isyn}. With zero initial state and
 * {@code R[t] = S[t−1]}:
 * <pre>
 *   J[t]    = α·Isyn[t−1] + I[t]
 *   SUBTRACT: Isyn[t] = J[t];            U[t] = β·U[t−1] + J[t] − R[t]·θ
 *   ZERO:     Isyn[t] = J[t]·(1 − R[t]); U[t] = (β·U[t−1] + J[t])·(1 − R[t])   (snnTorch resets both)
 *   NONE:     Isyn[t] = J[t];            U[t] = β·U[t−1] + J[t]
 *   S[t] = 1 if U[t] − θ &gt; 0 else 0
 * </pre>
 * With {@link ResetTiming#IMMEDIATE} (NIR CubaLIF) the reset acts in the spike's own step and resets only the
 * membrane, never the synaptic current:
 * <pre>
 *   Isyn[t] = J[t] = α·Isyn[t−1] + I[t]
 *   SUBTRACT: U[t] = β·(U[t−1] − R[t]·θ) + J[t]
 *   ZERO:     U[t] = β·(U[t−1]·(1 − R[t])) + J[t]
 *   NONE:     U[t] = β·U[t−1] + J[t]
 * </pre>
 * <p><b>Multi-spike neurons</b> ({@link #maxSpikes()} {@code ≠ 1}, as Rockpool's {@code LIFTorch}, which spikes
 * several times per step): the output is a spike count, {@code R[t] = S[t−1]} is that count and
 * {@code Z[t] = 1 if R[t] ≠ 0 else 0}. In the equations above
 * <pre>
 *   S[t] = U[t] &gt; 0 ? min(cap, ⌊U[t]/θ⌋) : 0        ({@link NeuronKernels#multiSpikeCount}; no cap for maxSpikes = 0)
 * </pre>
 * replaces the single spike, SUBTRACT removes {@code R[t]·θ} (the count times θ) and every ZERO factor
 * {@code (1 − R[t])} becomes {@code (1 − Z[t])} ({@link NeuronKernels#multiSpikeKeep}; DELAYED ZERO still clears
 * {@code Isyn}, IMMEDIATE never touches it). With IMMEDIATE SUBTRACT and no cap, {@code U = 2.5·θ} emits 2 spikes
 * and leaves {@code 0.5·θ} for the next step, Rockpool's {@code nr_spikes = (v ≥ θ)·⌊v/θ⌋},
 * {@code v ← v − nr_spikes·θ}. Backward takes {@code dS/dU = σ'(U − θ)} (as {@link Leaky}'s multi-spike mode),
 * the count {@code R[t]} in SUBTRACT's terms and {@code Z[t]} in the ZERO factors.
 *
 *
 * <p>α and β are used clamped to [0, 1] (gradient zero outside). Backward is the exact reverse-mode
 * derivative of these equations with H' replaced by the surrogate; when {@code detachReset}, R[t]
 * is a constant, otherwise {@code dR[t]/dU[t−1] = σ'(U[t−1] − θ)} and {@code dR[t]/dθ = −σ'}.
 * Parameters (when trained): {@code "alpha"}, {@code "beta"}, {@code "threshold"}.
 *
 * <p>As a {@link StatefulLayer}: state {@code [3, B, N]} = {@code (Isyn[t], U[t], S[t])} after a
 * segment's last step; state gradient {@code [3, B, N]} = the backward carries at the boundary,
 * {@code (dL/dU[t], dL/dIsyn[t], dL/dS[t])} through later steps (dL/dS through the reset only; zero
 * when {@code detachReset}). Segments reproduce the unsegmented results bit for bit.
 */
public final class Synaptic extends NeuronLayerBase {
    private final SynapticSpec config;
    private final NeuronParameter alpha;
    private final NeuronParameter beta;
    private final NeuronParameter threshold;
    /** Spikes per step at most (1: {@code S ∈ {0, 1}}; otherwise a count, 0 = no cap). */
    private final int maxSpikes;
    private float[] syn = new float[0];
    private float[] aUsed;
    private float[] bUsed;
    private float[] thUsed;
    private float[] alphaLane = new float[0];
    private float[] betaLane = new float[0];
    private float[] thetaLane = new float[0];

    Synaptic(SynapticSpec spec, Shape shape) {
        super(spec, shape);
        this.config = spec;
        this.alpha = new NeuronParameter("alpha", spec.alpha(), spec.learnAlpha(), true, n);
        this.beta = new NeuronParameter("beta", spec.beta(), spec.learnBeta(), true, n);
        this.threshold = new NeuronParameter("threshold", spec.threshold(), spec.learnThreshold(), false, n);
        this.maxSpikes = spec.maxSpikes();
    }

    /** Spikes a neuron may emit per step: 1, a cap k &gt; 1 or 0 (no cap); the spec's {@code maxSpikes}. */
    @Override
    public int maxSpikes() {
        return maxSpikes;
    }

    /** The synaptic current {@code Isyn[t]} of the last forward, {@code [T, B, N]}; layer-owned. */
    public float[] synapticCurrent() {
        return syn;
    }

    @Override
    public int stateVariables() {
        return 3;
    }

    @Override
    public int stateGradientVariables() {
        return 3;
    }

    @Override
    public float[] forwardSegment(float[] in, RunContext ctx, float[] initialState, float[] finalState) {
        beginSegment(in, ctx, initialState, finalState);
        syn = grow(syn, in.length);
        aUsed = alpha.values();
        bUsed = beta.values();
        thUsed = threshold.values();
        kernels.pool().parallelFor(lanes, n, this::forwardLanes);
        saveFinalState(finalState, syn, u, s);
        return s;
    }

    private void forwardLanes(int from, int to) {
        Reset reset = config.reset();
        boolean immediate = config.resetTiming() == ResetTiming.IMMEDIATE;
        int cap = maxSpikes;
        int l = lanes;
        for (int i = from; i < to; i++) {
            int j = i % n;
            float a = aUsed[j];
            float b = bUsed[j];
            float th = thUsed[j];
            float is = state0 == null ? 0f : state0[i];
            float up = state0 == null ? 0f : state0[l + i];
            float r = state0 == null ? 0f : state0[2 * l + i];
            for (int t = 0, idx = i; t < steps; t++, idx += l) {
                float jt = a * is + input[idx];
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
                float st = NeuronKernels.multiSpikeCount(v, th, cap);
                syn[idx] = is;
                u[idx] = v;
                s[idx] = st;
                up = v;
                r = st;
            }
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
        kernels.pool().parallelFor(lanes, n, (from, to) -> backwardLanes(gradSpikes, gradMembrane, gradFinalState,
                gradInitialState, from, to));
        if (endBackwardSegment()) {
            alpha.accumulate(alphaLane, lanes);
            beta.accumulate(betaLane, lanes);
            threshold.accumulate(thetaLane, lanes);
        }
        return needInputGrad ? gradIn : null;
    }

    private void backwardLanes(float[] gS, float[] gM, float[] gEnd, float[] gStart, int from, int to) {
        Reset reset = config.reset();
        boolean immediate = config.resetTiming() == ResetTiming.IMMEDIATE;
        boolean detach = config.detachReset();
        Surrogate sur = config.surrogate();
        int cap = maxSpikes;
        int l = lanes;
        for (int i = from; i < to; i++) {
            int j = i % n;
            float a = aUsed[j];
            float b = bUsed[j];
            float th = thUsed[j];
            float cU = gEnd == null ? 0f : gEnd[i];
            float cSyn = gEnd == null ? 0f : gEnd[l + i];
            float cR = gEnd == null ? 0f : gEnd[2 * l + i];
            float da = alphaLane[i];
            float db = betaLane[i];
            float dth = thetaLane[i];
            float[] st0 = state0;
            for (int t = steps - 1, idx = i + (steps - 1) * l; t >= 0; t--, idx -= l) {
                float sg = sur.derivative(u[idx] - th);
                float sTot = (gS == null ? 0f : gS[idx]) + cR;
                float gU = (gM == null ? 0f : gM[idx]) + sg * sTot + cU;
                dth -= sg * sTot;
                float r = t > 0 ? s[idx - l] : st0 == null ? 0f : st0[2 * l + i];
                float up = t > 0 ? u[idx - l] : st0 == null ? 0f : st0[l + i];
                float isPrev = t > 0 ? syn[idx - l] : st0 == null ? 0f : st0[i];
                float gJ;
                float dR;
                if (immediate && reset != Reset.NONE) {
                    gJ = gU + cSyn;
                    if (reset == Reset.ZERO) {
                        float k = NeuronKernels.multiSpikeKeep(r, cap);
                        cU = b * k * gU;
                        db += gU * (up * k);
                        dR = -b * up * gU;
                    } else {
                        cU = b * gU;
                        db += gU * (up - r * th);
                        dth -= b * r * gU;
                        dR = -b * th * gU;
                    }
                } else if (reset == Reset.ZERO) {
                    float k = NeuronKernels.multiSpikeKeep(r, cap);
                    float jt = a * isPrev + input[idx];
                    gJ = gU * k + cSyn * k;
                    cU = b * k * gU;
                    db += gU * k * up;
                    dR = -(b * up + jt) * gU - jt * cSyn;
                } else {
                    gJ = gU + cSyn;
                    cU = b * gU;
                    db += gU * up;
                    if (reset == Reset.SUBTRACT) {
                        dth -= r * gU;
                        dR = -th * gU;
                    } else {
                        dR = 0f;
                    }
                }
                gradIn[idx] = gJ;
                cSyn = a * gJ;
                da += gJ * isPrev;
                cR = detach ? 0f : dR;
            }
            alphaLane[i] = da;
            betaLane[i] = db;
            thetaLane[i] = dth;
            if (gStart != null) {
                gStart[i] = cU;
                gStart[l + i] = cSyn;
                gStart[2 * l + i] = cR;
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(learnable(alpha, beta, threshold));
    }
}
