package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.List;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.layer.TimeInvariantInput;

/**
 * A layer of leaky integrate-and-fire neurons (built from {@link LifSpec}) or integrate-and-fire
 * neurons (from {@link IfSpec}, β = 1). Input: current {@code I [T, B, N]}; output: spikes
 * {@code S [T, B, N]}; {@link #membrane()}: {@code U [T, B, N]}. Every forward starts from
 * {@code U[−1] = 0, S[−1] = 0}, except an IF layer with {@link IfSpec#initialMembrane()} {@code = f > 0},
 * which starts from {@code U[−1] = f·θ, S[−1] = 0} (treated as a constant in backward; its time-invariant
 * forward then repeats {@code X} over time itself and its backward returns {@code Σ_t dL/dI[t]}, summed in
 * forward time order):
 * <pre>
 *   R[t] = S[t−1]
 *   SUBTRACT: U[t] = β·U[t−1] + I[t] − R[t]·θ
 *   ZERO:     U[t] = (β·U[t−1] + I[t])·(1 − R[t])
 *   NONE:     U[t] = β·U[t−1] + I[t]
 *   S[t] = 1 if U[t] − θ &gt; 0 else 0          (strictly above threshold)
 * </pre>
 * With {@link ResetTiming#IMMEDIATE} (the spec's {@code resetTiming}) the reset acts in the spike's own step,
 * so the next step starts from the reset membrane ({@link NeuronKernels#lifForwardImmediate}):
 * <pre>
 *   ZERO:     U[t] = β·(U[t−1]·(1 − R[t])) + I[t]
 *   SUBTRACT: U[t] = β·(U[t−1] − R[t]·θ) + I[t]
 * </pre>
 * and backward is {@link NeuronKernels#lifBackwardImmediate}. NONE, and SUBTRACT with a fixed β = 1 (IF),
 * are the same for both timings and run the DELAYED loops (bit-identical results). The IMMEDIATE
 * time-invariant forward repeats {@code X} over time itself (like a non-zero initial membrane, below).
 * β here is {@code clamp(β_param, 0, 1)}; dL/dβ_param is dL/dβ where {@code 0 ≤ β_param ≤ 1}, else 0.
 *
 * <p><b>Multi-spike neurons</b> ({@link #maxSpikes()} {@code ≠ 1}, Sinabs's {@code MultiSpike} for 0 and
 * {@code MaxSpike(k)} for k): the output is a spike count, {@code R[t] = S[t−1]} is that count and
 * {@code Z[t] = 1 if R[t] ≠ 0 else 0}:
 * <pre>
 *   S[t] = U[t] &gt; 0 ? min(cap, ⌊U[t]/θ⌋) : 0        (U/θ rounded to float first; no cap for maxSpikes = 0)
 *   DELAYED   SUBTRACT: U[t] = β·U[t−1] + I[t] − R[t]·θ      ZERO: U[t] = (β·U[t−1] + I[t])·(1 − Z[t])
 *   IMMEDIATE SUBTRACT: U[t] = β·(U[t−1] − R[t]·θ) + I[t]    ZERO: U[t] = β·(U[t−1]·(1 − Z[t])) + I[t]
 * </pre>
 * So a neuron fires as soon as {@code U/θ ≥ 1} (where single-spike neurons need {@code U − θ > 0}); with
 * {@code U = 2.5·θ} it emits 2 spikes and SUBTRACT leaves {@code 0.5·θ}. These run in one scalar loop
 * ({@link NeuronKernels#lifForwardMultiSpike}), IMMEDIATE whenever the reset is not NONE (also for IF with
 * SUBTRACT: its order {@code (U − R·θ) + I} is Sinabs's). Backward ({@link NeuronKernels#lifBackwardMultiSpike})
 * takes {@code dS/dU = σ'[t]} as Sinabs does and otherwise the single-spike equations (DELAYED below,
 * IMMEDIATE those of {@link NeuronKernels#lifBackwardImmediate}) with {@code S} replaced by
 * {@code z = [S ≠ 0]} in the ZERO factors and {@code R[t]} the count in SUBTRACT's terms. The
 * time-invariant forward repeats {@code X} over time itself.
 *
 * <p>Backward is one fused reverse-time loop ({@link NeuronKernels}): with
 * {@code σ'[t] = surrogate'(U[t] − θ)}, {@code g[T] = 0},
 * <pre>
 *   c[t]  = detachReset ? 0 : (SUBTRACT: −θ·g[t+1];  ZERO: −(β·U[t] + I[t+1])·g[t+1];  NONE: 0)
 *   g[t]  = gM[t] + σ'[t]·(gS[t] + c[t]) + (ZERO ? β·(1 − S[t]) : β)·g[t+1]
 *   dL/dI[t] = g[t]·(ZERO ? 1 − R[t] : 1)
 *   dL/dβ = Σ dL/dI[t]·U[t−1],   dL/dθ = Σ (SUBTRACT ? −R[t]·g[t] : 0) − σ'[t]·(gS[t] + c[t])
 * </pre>
 * Parameters (when trained): {@code "beta"}, {@code "threshold"}, shape {@code [1]} or {@code [N]}.
 *
 * <p>As a {@link StatefulLayer}: state {@code [2, B, N]} = {@code (U[t], S[t])} after a segment's
 * last step (a segment's first step reads {@code U[−1], S[−1]} from it); state gradient
 * {@code [2, B, N]} = {@code (dL/dU, dL/dS)} of that state through later steps, with the boundary
 * equations of {@link NeuronKernels}. Segments reproduce the unsegmented results bit for bit,
 * β/θ gradients included.
 *
 * <p>As a {@link TimeInvariantInput}: {@link #forwardTimeInvariant} takes {@code X [B, N]} with
 * {@code I[t] = X} at every step and computes the recurrence above without repeating {@code X} over
 * time; {@code U}, {@code S} and, in the following backward, {@code g[t]}, {@code c[t]} and the β/θ
 * gradients are bit for bit those of {@link #forward} on the repeated input. That backward returns
 * {@code dL/dX [B, N] = (…(dL/dI[T−1] + dL/dI[T−2]) + …) + dL/dI[0]}, summed in reverse time order
 * (the broadcast path's forward-order sum agrees up to float rounding). It is always a whole
 * sequence from the zero state (no state arrays); the next {@link #forward} or
 * {@link #forwardSegment} returns to {@code [T, B, N]} input.
 */
public final class Leaky extends NeuronLayerBase implements TimeInvariantInput {
    private static final NeuronKernels NEURON_KERNELS = NeuronKernels.create();

    private final NeuronParameter beta;
    private final NeuronParameter threshold;
    private final Reset reset;
    private final Surrogate surrogate;
    private final boolean detachReset;
    private final NeuronKernels nk;
    /**
     * {@link ResetTiming#IMMEDIATE} with a reset that depends on the timing (not {@link Reset#NONE}; with one
     * spike per step also not SUBTRACT with a fixed β = 1, which is the same equation for both timings).
     */
    private final boolean immediate;
    /** Spikes per step at most (1: the single-spike kernels; otherwise the multi-spike loops, 0 = no cap). */
    private final int maxSpikes;
    private float[] betaUsed;
    private float[] thetaUsed;
    private float[] carry = new float[0];
    private float[] betaLane = new float[0];
    private float[] thetaLane = new float[0];
    /** U[−1] of a sequence start as a fraction of θ (0: the zero state). */
    private float initialMembrane;
    /** The state {@code (U[−1] = initialMembrane·θ, S[−1] = 0)} used when a sequence starts. */
    private float[] startState = new float[0];
    /** The [T, B, N] copy of a time-invariant input, when a non-zero initial membrane forces the sequence path. */
    private float[] repeated = new float[0];
    /** Whether the last forward was time-invariant but ran on {@link #repeated} (backward sums dL/dI over time). */
    private boolean foldGradient;

    Leaky(LayerSpec spec, Shape shape, float beta, LearnMode learnBeta, float threshold, LearnMode learnThreshold,
          Reset reset, Surrogate surrogate, boolean detachReset, ResetTiming timing, int maxSpikes) {
        this(spec, shape, beta, learnBeta, threshold, learnThreshold, reset, surrogate, detachReset, 0f, timing,
                maxSpikes);
    }

    Leaky(LayerSpec spec, Shape shape, float beta, LearnMode learnBeta, float threshold, LearnMode learnThreshold,
          Reset reset, Surrogate surrogate, boolean detachReset, float initialMembrane, ResetTiming timing,
          int maxSpikes) {
        this(spec, shape, beta, learnBeta, threshold, learnThreshold, reset, surrogate, detachReset, NEURON_KERNELS,
                timing, maxSpikes);
        this.initialMembrane = initialMembrane;
    }

    Leaky(LayerSpec spec, Shape shape, float beta, LearnMode learnBeta, float threshold, LearnMode learnThreshold,
          Reset reset, Surrogate surrogate, boolean detachReset, NeuronKernels nk, ResetTiming timing, int maxSpikes) {
        super(spec, shape);
        Specs.maxSpikes("maxSpikes", maxSpikes);
        this.beta = new NeuronParameter("beta", beta, learnBeta, true, n);
        this.threshold = new NeuronParameter("threshold", threshold, learnThreshold, false, n);
        this.reset = reset;
        this.surrogate = surrogate;
        this.detachReset = detachReset;
        this.nk = nk;
        this.maxSpikes = maxSpikes;
        this.immediate = timing == ResetTiming.IMMEDIATE && reset != Reset.NONE
                && (maxSpikes != 1 || !(reset == Reset.SUBTRACT && beta == 1f && learnBeta == LearnMode.FIXED));
    }

    /** A LIF layer computing with the given neuron kernels (for scalar/vector comparisons in tests). */
    static Leaky create(LifSpec spec, Shape shape, NeuronKernels kernels) {
        return new Leaky(spec, shape, spec.beta(), spec.learnBeta(), spec.threshold(), spec.learnThreshold(),
                spec.reset(), spec.surrogate(), spec.detachReset(), kernels, spec.resetTiming(), spec.maxSpikes());
    }

    /**
     * Spikes a neuron may emit per step: 1 ({@code S ∈ {0, 1}}), k &gt; 1 (at most k) or 0 (no cap); the
     * spec's {@code maxSpikes}.
     */
    @Override
    public int maxSpikes() {
        return maxSpikes;
    }

    @Override
    public int stateVariables() {
        return 2;
    }

    @Override
    public int stateGradientVariables() {
        return 2;
    }

    @Override
    public float[] forwardSegment(float[] in, RunContext ctx, float[] initialState, float[] finalState) {
        beginSegment(in, ctx, initialState, finalState);
        foldGradient = false;
        float[] b = beta.values();
        float[] th = threshold.values();
        betaUsed = b;
        thetaUsed = th;
        int t = steps;
        int l = lanes;
        float[] uu = u;
        float[] ss = s;
        float[] st = initialState == null && initialMembrane != 0f ? startState(th) : initialState;
        if (maxSpikes != 1) {
            boolean imm = immediate;
            int cap = maxSpikes;
            kernels.pool().parallelFor(l, n, (from, to) -> nk.lifForwardMultiSpike(t, l, n, in, b, th, reset, imm,
                    cap, st, uu, ss, from, to));
        } else if (immediate) {
            kernels.pool().parallelFor(l, n, (from, to) -> nk.lifForwardImmediate(t, l, n, in, b, th, reset, st, uu,
                    ss, from, to));
        } else {
            kernels.pool().parallelFor(l, n, (from, to) -> nk.lifForward(t, l, n, in, b, th, reset, st, uu, ss,
                    from, to));
        }
        saveFinalState(finalState, u, s);
        return s;
    }

    @Override
    public float[] forwardTimeInvariant(float[] in, RunContext ctx) {
        if (initialMembrane != 0f || immediate || maxSpikes != 1) {
            int block = in.length;
            repeated = grow(repeated, ctx.steps() * block);
            for (int t = 0; t < ctx.steps(); t++) {
                System.arraycopy(in, 0, repeated, t * block, block);
            }
            float[] out = forwardSegment(repeated, ctx, null, null);
            foldGradient = true;
            return out;
        }
        foldGradient = false;
        beginTimeInvariant(in, ctx);
        float[] b = beta.values();
        float[] th = threshold.values();
        betaUsed = b;
        thetaUsed = th;
        int t = steps;
        int l = lanes;
        float[] uu = u;
        float[] ss = s;
        kernels.pool().parallelFor(l, n, (from, to) -> nk.lifForwardTimeInvariant(t, l, n, in, b, th, reset, uu, ss,
                from, to));
        return s;
    }

    @Override
    public float[] backwardSegment(float[] gradSpikes, float[] gradMembrane, float[] gradFinalState,
                                   float[] gradInitialState, boolean needInputGrad) {
        if (foldGradient && (gradFinalState != null || gradInitialState != null)) {
            throw new IllegalArgumentException("the last forward was time-invariant, a whole sequence from the start "
                    + "state: its backward takes no final- or initial-state gradient");
        }
        boolean fresh = beginBackwardSegment(gradSpikes, gradMembrane, gradFinalState, gradInitialState);
        int l = lanes;
        carry = grow(carry, l);
        float[] bl = beta.learnable() ? (betaLane = fresh ? zeroed(betaLane, l) : betaLane) : null;
        float[] tl = threshold.learnable() ? (thetaLane = fresh ? zeroed(thetaLane, l) : thetaLane) : null;
        float[] st0 = state0 == null && initialMembrane != 0f ? startState : state0;
        int t = steps;
        float[] in = input;
        float[] uu = u;
        float[] ss = s;
        float[] gi = gradIn;
        float[] c = carry;
        float[] b = betaUsed;
        float[] th = thetaUsed;
        if (timeInvariant) {
            float[] gx = gradInSum;
            kernels.pool().parallelFor(l, n, (from, to) -> nk.lifBackwardTimeInvariant(t, l, n, in, uu, ss,
                    gradSpikes, gradMembrane, b, th, reset, detachReset, surrogate, gx, bl, tl, c, from, to));
        } else if (maxSpikes != 1) {
            boolean imm = immediate;
            int cap = maxSpikes;
            kernels.pool().parallelFor(l, n, (from, to) -> nk.lifBackwardMultiSpike(t, l, n, in, uu, ss, st0,
                    gradSpikes, gradMembrane, gradFinalState, b, th, reset, imm, cap, detachReset, surrogate, gi, bl, tl,
                    c, gradInitialState, from, to));
        } else if (immediate) {
            kernels.pool().parallelFor(l, n, (from, to) -> nk.lifBackwardImmediate(t, l, n, in, uu, ss, st0,
                    gradSpikes, gradMembrane, gradFinalState, b, th, reset, detachReset, surrogate, gi, bl, tl, c,
                    gradInitialState, from, to));
        } else {
            kernels.pool().parallelFor(l, n, (from, to) -> nk.lifBackward(t, l, n, in, uu, ss, st0, gradSpikes,
                    gradMembrane, gradFinalState, b, th, reset, detachReset, surrogate, gi, bl, tl, c,
                    gradInitialState, from, to));
        }
        if (endBackwardSegment()) {
            if (bl != null) {
                beta.accumulate(bl, l);
            }
            if (tl != null) {
                threshold.accumulate(tl, l);
            }
        }
        if (!needInputGrad) {
            return null;
        }
        if (foldGradient) {
            gradInSum = grow(gradInSum, l);
            System.arraycopy(gradIn, 0, gradInSum, 0, l);
            for (int k = 1; k < t; k++) {
                kernels.axpy(l, 1f, gradIn, k * l, gradInSum, 0);
            }
            return gradInSum;
        }
        return timeInvariant ? gradInSum : gradIn;
    }

    /** Fills {@link #startState} {@code [2, B, N]} with {@code U = initialMembrane·θ[n]}, {@code S = 0}. */
    private float[] startState(float[] th) {
        int l = lanes;
        startState = grow(startState, 2 * l);
        for (int i = 0; i < l; i++) {
            startState[i] = initialMembrane * th[i % n];
        }
        java.util.Arrays.fill(startState, l, 2 * l, 0f);
        return startState;
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(learnable(beta, threshold));
    }
}
