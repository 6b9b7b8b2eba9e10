package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.List;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.RunContext;

/**
 * Adaptive-threshold LIF neurons (Bellec et al. 2018), built from {@link AlifSpec}. Input
 * {@code I [T, B, N]}, output {@code S [T, B, N]}, {@link #membrane()} {@code U},
 * {@link #adaptation()} {@code a}. With {@code U[−1] = a[−1] = S[−1] = 0}, {@code R[t] = S[t−1]}:
 * <pre>
 *   a[t] = ρ·a[t−1] + S[t−1]
 *   θ[t] = θ₀ + γ·a[t]
 *   SUBTRACT: U[t] = β·U[t−1] + I[t] − R[t]·θ[t−1]     (the threshold the spike at t−1 crossed)
 *   ZERO:     U[t] = (β·U[t−1] + I[t])·(1 − R[t])
 *   NONE:     U[t] = β·U[t−1] + I[t]
 *   S[t] = 1 if U[t] − θ[t] &gt; 0 else 0
 * </pre>
 * β is used clamped to [0, 1] (gradient zero outside); γ and ρ are fixed. Backward is the exact
 * reverse-mode derivative of these equations with {@code H'(U[t] − θ[t])} replaced by the
 * surrogate. The gradient reaches S[t−1] through three paths: the loss, the reset (only when
 * {@code detachReset} is false) and the adaptation {@code a[t]} (only when {@code detachAdaptation}
 * is false); dL/dθ₀ sums dL/dθ[t] over all steps (through S[t] and through the SUBTRACT reset term).
 * Parameters (when trained): {@code "beta"}, {@code "threshold"} (θ₀).
 *
 * <p>As a {@link StatefulLayer}: state {@code [3, B, N]} = {@code (a[t], U[t], S[t])} after a
 * segment's last step (θ[t] is recomputed as {@code θ₀ + γ·a[t]}); state gradient
 * {@code [4, B, N]} = the backward carries at the boundary: dL/dU[t] through U[t+1], dL/dS[t]
 * through the reset R[t+1], dL/dθ[t] through the SUBTRACT reset of U[t+1], and dL/da[t+1].
 * Segments reproduce the unsegmented results bit for bit.
 */
public final class AdaptiveLeaky extends NeuronLayerBase {
    private final AlifSpec config;
    private final NeuronParameter beta;
    private final NeuronParameter threshold;
    private float[] adapt = new float[0];
    private float[] bUsed;
    private float[] thUsed;
    private float[] betaLane = new float[0];
    private float[] thetaLane = new float[0];

    AdaptiveLeaky(AlifSpec spec, Shape shape) {
        super(spec, shape);
        this.config = spec;
        this.beta = new NeuronParameter("beta", spec.beta(), spec.learnBeta(), true, n);
        this.threshold = new NeuronParameter("threshold", spec.threshold(), spec.learnThreshold(), false, n);
    }

    /** The adaptation state {@code a[t]} of the last forward, {@code [T, B, N]}; layer-owned. */
    public float[] adaptation() {
        return adapt;
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
        adapt = grow(adapt, in.length);
        bUsed = beta.values();
        thUsed = threshold.values();
        kernels.pool().parallelFor(lanes, n, this::forwardLanes);
        saveFinalState(finalState, adapt, u, s);
        return s;
    }

    private void forwardLanes(int from, int to) {
        Reset reset = config.reset();
        float gamma = config.adaptation();
        float rho = config.adaptationDecay();
        int l = lanes;
        for (int i = from; i < to; i++) {
            int j = i % n;
            float b = bUsed[j];
            float th0 = thUsed[j];
            float a = 0f;
            float up = 0f;
            float r = 0f;
            float thPrev = th0;
            if (state0 != null) {
                a = state0[i];
                up = state0[l + i];
                r = state0[2 * l + i];
                thPrev = th0 + gamma * a;
            }
            for (int t = 0, idx = i; t < steps; t++, idx += l) {
                a = rho * a + r;
                float thT = th0 + gamma * a;
                float x = input[idx];
                float v = switch (reset) {
                    case SUBTRACT -> b * up + x - r * thPrev;
                    case ZERO -> (b * up + x) * (1f - r);
                    case NONE -> b * up + x;
                };
                float st = v - thT > 0f ? 1f : 0f;
                adapt[idx] = a;
                u[idx] = v;
                s[idx] = st;
                up = v;
                r = st;
                thPrev = thT;
            }
        }
    }

    @Override
    public float[] backwardSegment(float[] gradSpikes, float[] gradMembrane, float[] gradFinalState,
                                   float[] gradInitialState, boolean needInputGrad) {
        if (beginBackwardSegment(gradSpikes, gradMembrane, gradFinalState, gradInitialState)) {
            betaLane = zeroed(betaLane, lanes);
            thetaLane = zeroed(thetaLane, lanes);
        }
        kernels.pool().parallelFor(lanes, n, (from, to) -> backwardLanes(gradSpikes, gradMembrane, gradFinalState,
                gradInitialState, from, to));
        if (endBackwardSegment()) {
            beta.accumulate(betaLane, lanes);
            threshold.accumulate(thetaLane, lanes);
        }
        return needInputGrad ? gradIn : null;
    }

    private void backwardLanes(float[] gS, float[] gM, float[] gEnd, float[] gStart, int from, int to) {
        Reset reset = config.reset();
        boolean detachReset = config.detachReset();
        boolean detachAdapt = config.detachAdaptation();
        float gamma = config.adaptation();
        float rho = config.adaptationDecay();
        Surrogate sur = config.surrogate();
        int l = lanes;
        for (int i = from; i < to; i++) {
            int j = i % n;
            float b = bUsed[j];
            float th0 = thUsed[j];
            float cU = gEnd == null ? 0f : gEnd[i];            // dL/dU[t] through U[t+1]
            float cR = gEnd == null ? 0f : gEnd[l + i];        // dL/dS[t] through the reset R[t+1]
            float cTh = gEnd == null ? 0f : gEnd[2 * l + i];   // dL/dθ[t] through the SUBTRACT reset of U[t+1]
            float cA = gEnd == null ? 0f : gEnd[3 * l + i];    // dL/da[t+1]
            float db = betaLane[i];
            float dth = thetaLane[i];
            float[] st0 = state0;
            for (int t = steps - 1, idx = i + (steps - 1) * l; t >= 0; t--, idx -= l) {
                float thT = th0 + gamma * adapt[idx];
                float sg = sur.derivative(u[idx] - thT);
                float sTot = (gS == null ? 0f : gS[idx]) + cR + (detachAdapt ? 0f : cA);
                float gU = (gM == null ? 0f : gM[idx]) + sg * sTot + cU;
                float gTh = cTh - sg * sTot;
                dth += gTh;
                cA = gamma * gTh + rho * cA;
                float r = t > 0 ? s[idx - l] : st0 == null ? 0f : st0[2 * l + i];
                float up = t > 0 ? u[idx - l] : st0 == null ? 0f : st0[l + i];
                float dR;
                switch (reset) {
                    case SUBTRACT -> {
                        float thPrev = t > 0 ? th0 + gamma * adapt[idx - l]
                                : st0 == null ? th0 : th0 + gamma * st0[i];
                        gradIn[idx] = gU;
                        cU = b * gU;
                        db += gU * up;
                        cTh = -r * gU;
                        dR = -thPrev * gU;
                    }
                    case ZERO -> {
                        float k = 1f - r;
                        gradIn[idx] = gU * k;
                        cU = b * k * gU;
                        db += gU * k * up;
                        cTh = 0f;
                        dR = -(b * up + input[idx]) * gU;
                    }
                    default -> {
                        gradIn[idx] = gU;
                        cU = b * gU;
                        db += gU * up;
                        cTh = 0f;
                        dR = 0f;
                    }
                }
                cR = detachReset ? 0f : dR;
            }
            betaLane[i] = db;
            thetaLane[i] = dth;
            if (gStart != null) {
                gStart[i] = cU;
                gStart[l + i] = cR;
                gStart[2 * l + i] = cTh;
                gStart[3 * l + i] = cA;
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(learnable(beta, threshold));
    }
}
