package org.snn4j.core.neuron;

import java.util.List;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.layer.TimeInvariantInput;

/**
 * Non-spiking leaky integrator neurons (NIR {@code LI}, {@code CubaLI}, {@code I}), built from
 * {@link LiSpec}. Input {@code X [T, B, N]}; output {@code U [T, B, N]}, which is also
 * {@link #membrane()} (the same array); {@link #synapticCurrent()} {@code J [T, B, N]}. With
 * {@code J[−1] = U[−1] = 0}:
 * <pre>
 *   J[t] = α·J[t−1] + X[t]
 *   U[t] = β·U[t−1] + J[t]
 *   output[t] = U[t]
 * </pre>
 * No threshold, spikes or reset; {@link #emitsSpikes()} is false. α and β are used clamped to
 * [0, 1] (gradient zero outside). Backward, with {@code gU[T] = gJ[T] = 0} and the gradients on the
 * output ({@code gS}) and on the membrane ({@code gM}) both taken as gradients on {@code U}:
 * <pre>
 *   gU[t] = (gS[t] + gM[t]) + β·gU[t+1]
 *   gJ[t] = gU[t] + α·gJ[t+1]
 *   dL/dX[t] = gJ[t]
 *   dL/dβ = Σ_t gU[t]·U[t−1],   dL/dα = Σ_t gJ[t]·J[t−1]
 * </pre>
 * (a null gradient array contributes nothing). Parameters (when trained): {@code "alpha"},
 * {@code "beta"}, in that order, shape {@code [1]} or {@code [N]}. Mutates only layer-owned buffers
 * and, in backward, the parameters' gradients.
 *
 * <p>As a {@link StatefulLayer}: state {@code [2, B, N]} = {@code (J[t], U[t])} after a segment's
 * last step; state gradient {@code [2, B, N]} = {@code (α·gJ[t+1], β·gU[t+1])} at the boundary, i.e.
 * {@code (dL/dJ[t], dL/dU[t])} through later steps. Segments reproduce the unsegmented results bit
 * for bit, α/β gradients included.
 *
 * <p>As a {@link TimeInvariantInput}: {@link #forwardTimeInvariant} takes {@code X [B, N]} with
 * {@code X[t] = X} at every step; {@code J}, {@code U} and the α/β gradients are bit for bit those of
 * {@link #forward} on the repeated input, and the following backward returns
 * {@code dL/dX [B, N] = (…(gJ[T−1] + gJ[T−2]) + …) + gJ[0]}, summed in reverse time order.
 */
public final class LeakyIntegrator extends NeuronLayerBase implements TimeInvariantInput {
    private final NeuronParameter alpha;
    private final NeuronParameter beta;
    private float[] cur = new float[0];
    private float[] aUsed;
    private float[] bUsed;
    private float[] alphaLane = new float[0];
    private float[] betaLane = new float[0];

    LeakyIntegrator(LiSpec spec, Shape shape) {
        super(spec, shape);
        this.alpha = new NeuronParameter("alpha", spec.alpha(), spec.learnAlpha(), true, n);
        this.beta = new NeuronParameter("beta", spec.beta(), spec.learnBeta(), true, n);
    }

    /** The synaptic current {@code J[t]} of the last forward, {@code [T, B, N]}; layer-owned. */
    public float[] synapticCurrent() {
        return cur;
    }

    /** False: the output is the membrane {@code U}, not a spike train. */
    @Override
    public boolean emitsSpikes() {
        return false;
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
        run();
        saveFinalState(finalState, cur, u);
        return u;
    }

    @Override
    public float[] forwardTimeInvariant(float[] in, RunContext ctx) {
        beginTimeInvariant(in, ctx);
        run();
        return u;
    }

    private void run() {
        cur = grow(cur, steps * lanes);
        aUsed = alpha.values();
        bUsed = beta.values();
        kernels.pool().parallelFor(lanes, n, this::forwardLanes);
    }

    private void forwardLanes(int from, int to) {
        int l = lanes;
        int stride = timeInvariant ? 0 : l;
        float[] x = input;
        float[] jj = cur;
        float[] uu = u;
        float[] st0 = state0;
        for (int i = from; i < to; i++) {
            int k = i % n;
            float a = aUsed[k];
            float b = bUsed[k];
            float jt = st0 == null ? 0f : st0[i];
            float ut = st0 == null ? 0f : st0[l + i];
            for (int t = 0, idx = i, xi = i; t < steps; t++, idx += l, xi += stride) {
                jt = a * jt + x[xi];
                ut = b * ut + jt;
                jj[idx] = jt;
                uu[idx] = ut;
            }
        }
    }

    @Override
    public float[] backwardSegment(float[] gradSpikes, float[] gradMembrane, float[] gradFinalState,
                                   float[] gradInitialState, boolean needInputGrad) {
        boolean fresh = beginBackwardSegment(gradSpikes, gradMembrane, gradFinalState, gradInitialState);
        int l = lanes;
        float[] al = alpha.learnable() ? (alphaLane = fresh ? zeroed(alphaLane, l) : alphaLane) : null;
        float[] bl = beta.learnable() ? (betaLane = fresh ? zeroed(betaLane, l) : betaLane) : null;
        kernels.pool().parallelFor(l, n, (from, to) -> backwardLanes(gradSpikes, gradMembrane, gradFinalState,
                gradInitialState, al, bl, from, to));
        if (endBackwardSegment()) {
            if (al != null) {
                alpha.accumulate(al, l);
            }
            if (bl != null) {
                beta.accumulate(bl, l);
            }
        }
        if (!needInputGrad) {
            return null;
        }
        return timeInvariant ? gradInSum : gradIn;
    }

    private void backwardLanes(float[] gS, float[] gM, float[] gEnd, float[] gStart, float[] al, float[] bl,
                               int from, int to) {
        int l = lanes;
        boolean folded = timeInvariant;
        float[] jj = cur;
        float[] uu = u;
        float[] st0 = state0;
        float[] gi = gradIn;
        for (int i = from; i < to; i++) {
            int k = i % n;
            float a = aUsed[k];
            float b = bUsed[k];
            float cJ = gEnd == null ? 0f : gEnd[i];
            float cU = gEnd == null ? 0f : gEnd[l + i];
            float da = al == null ? 0f : al[i];
            float db = bl == null ? 0f : bl[i];
            float sum = 0f;
            for (int t = steps - 1, idx = i + (steps - 1) * l; t >= 0; t--, idx -= l) {
                float g = gS == null ? 0f : gS[idx];
                if (gM != null) {
                    g += gM[idx];
                }
                float gU = g + cU;
                float gJ = gU + cJ;
                float up = t > 0 ? uu[idx - l] : st0 == null ? 0f : st0[l + i];
                float jp = t > 0 ? jj[idx - l] : st0 == null ? 0f : st0[i];
                db += gU * up;
                da += gJ * jp;
                if (folded) {
                    sum += gJ;
                } else {
                    gi[idx] = gJ;
                }
                cU = b * gU;
                cJ = a * gJ;
            }
            if (al != null) {
                al[i] = da;
            }
            if (bl != null) {
                bl[i] = db;
            }
            if (folded) {
                gradInSum[i] = sum;
            }
            if (gStart != null) {
                gStart[i] = cJ;
                gStart[l + i] = cU;
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(learnable(alpha, beta));
    }
}
