package org.snn4j.core.neuron;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;

/**
 * The all-to-all feedback of a recurrent neuron layer ({@link RecurrentLeaky}, {@link RecurrentSynaptic}):
 * the recurrent current {@code Q[t] = S[t−1]·V} of {@code B} samples of {@code N} neurons, with
 * {@code V [N, N]} (row = presynaptic neuron, parameter {@code "recurrent_weight"}, uniform in ±1/√N)
 * and an optional bias {@code c [N]} ({@code "recurrent_bias"}, uniform in ±1/√N, drawn after V), which
 * the layer adds to its input itself. The four GEMMs of forward and backward over one segment of
 * {@code T} steps live here; the layer's state array holds {@code S[−1]} at {@code spikeOffset}.
 * With {@code J[t]} the current the layer feeds the feedback into and {@code G[t] = dL/dJ[t]} ({@code [T, B, N]}):
 * <pre>
 *   Q[t]       = S[t−1]·V           (Q[0] = 0 without a start state)
 *   dL/dS[t]  += G[t+1]·Vᵀ          for t &lt; T − 1 (and G[0]·Vᵀ for the start state's S[−1])
 *   dL/dV     += Σ_{t ≥ 1} S[t−1]ᵀ·G[t]  (+ S[−1]ᵀ·G[0] with a start state)
 *   dL/dc     += Σ_{t, b} G[t]
 * </pre>
 */
final class LinearRecurrence {
    final Parameter weight;
    final Parameter bias;

    LinearRecurrence(int n, boolean withBias, RandomGenerator rng) {
        float bound = (float) (1.0 / Math.sqrt(n));
        this.weight = Parameter.uniform("recurrent_weight", Shape.of(n, n), bound, true, rng);
        this.bias = withBias ? Parameter.uniform("recurrent_bias", Shape.of(n), bound, false, rng) : null;
    }

    /**
     * Writes {@code Q[t]} into the {@code [B, N]} rows of step {@code t} of {@code rec}.
     *
     * @param s            spikes {@code [T, B, N]} of this segment (rows before {@code t} are final)
     * @param initialState the segment's start state, or null for the zero state
     * @param spikeOffset  where {@code S[−1]} starts in {@code initialState}
     */
    void current(Kernels kernels, int t, int batch, int n, float[] s, float[] initialState, int spikeOffset,
                 float[] rec) {
        int lanes = batch * n;
        float[] w = weight.value();
        if (t == 0 && initialState == null) {
            Arrays.fill(rec, 0, lanes, 0f);
        } else if (t == 0) {
            kernels.gemm(false, false, batch, n, n, initialState, spikeOffset, n, w, 0, n, rec, 0, n, false);
        } else {
            kernels.gemm(false, false, batch, n, n, s, (t - 1) * lanes, n, w, 0, n, rec, t * lanes, n, false);
        }
    }

    /**
     * Before the backward step {@code t}: {@code recGrad ← G[t+1]·Vᵀ}, the gradient reaching
     * {@code S[t]} through {@code Q[t+1]} (nothing for the last step, whose value comes from the
     * segment's final-state gradient).
     */
    void spikeGradient(Kernels kernels, int t, int steps, int batch, int n, float[] grad, float[] recGrad) {
        if (t < steps - 1) {
            kernels.gemm(false, true, batch, n, n, grad, (t + 1) * batch * n, n, weight.value(), 0, n, recGrad, 0, n,
                    false);
        }
    }

    /** After the backward loop: adds {@code dL/dV} and {@code dL/dc} of the segment. */
    void accumulateGradients(Kernels kernels, int steps, int batch, int n, float[] s, float[] grad, float[] state0,
                             int spikeOffset) {
        int lanes = batch * n;
        if (steps > 1) {
            kernels.gemm(true, false, n, n, (steps - 1) * batch, s, 0, n, grad, lanes, n, weight.grad(), 0, n, true);
        }
        if (state0 != null) {
            kernels.gemm(true, false, n, n, batch, state0, spikeOffset, n, grad, 0, n, weight.grad(), 0, n, true);
        }
        if (bias != null) {
            kernels.sumRows(steps * batch, n, grad, 0, bias.grad(), 0);
        }
    }

    /** {@code dL/dS[−1] = G[0]·Vᵀ} into {@code gradInitialState} at {@code offset}. */
    void initialSpikeGradient(Kernels kernels, int batch, int n, float[] grad, float[] gradInitialState, int offset) {
        kernels.gemm(false, true, batch, n, n, grad, 0, n, weight.value(), 0, n, gradInitialState, offset, n, false);
    }
}
