package org.snn4j.core.kernel;

import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

/**
 * Fused leaky integrate-and-fire (LIF) loops over time, forward and backward, on time-major
 * {@code [T, B, N]} flat arrays. One "lane" is one (sample, neuron) pair, {@code i = b·N + n},
 * {@code lanes = B·N}; step {@code t} of lane {@code i} is at index {@code t·lanes + i}. Each call
 * processes the lanes {@code [from, to)} for all steps, so disjoint lane ranges can run in parallel.
 *
 * <p>Forward, with {@code U[−1] = 0}, {@code S[−1] = 0}, {@code R[t] = S[t−1]}, β and θ per neuron:
 * <pre>
 *   SUBTRACT: U[t] = β·U[t−1] + I[t] − R[t]·θ
 *   ZERO:     U[t] = (β·U[t−1] + I[t])·(1 − R[t])
 *   NONE:     U[t] = β·U[t−1] + I[t]
 *   S[t] = 1 if U[t] − θ &gt; 0, else 0
 * </pre>
 * Backward (reverse time, {@code g[T] = 0}, σ' the surrogate derivative at {@code U[t] − θ}):
 * <pre>
 *   c[t]  = detachReset ? 0 : (SUBTRACT: −θ·g[t+1];  ZERO: −(β·U[t] + I[t+1])·g[t+1];  NONE: 0)
 *   s[t]  = gS[t] + c[t]                                   (total dL/dS[t])
 *   g[t]  = gM[t] + σ'·s[t] + (ZERO ? β·(1 − S[t]) : β)·g[t+1]   (total dL/dU[t])
 *   k[t]  = ZERO ? 1 − R[t] : 1
 *   dI[t] = g[t]·k[t]
 *   dβ_lane += g[t]·k[t]·U[t−1]
 *   dθ_lane += (SUBTRACT ? −R[t]·g[t] : 0) − σ'·s[t]
 * </pre>
 * <p>Segments (gradient checkpointing over time): the overloads with an initial state start the
 * recurrence from a given {@code U[−1], S[−1]} instead of zero, and the backward overload takes
 * the gradient arriving at this segment's final state from later steps and returns the gradient
 * with respect to its initial state. States and state gradients are {@code [2, B, N]} arrays: the
 * first {@code lanes} values belong to {@code U}, the next {@code lanes} to {@code S}. With the
 * final-state gradient {@code (gU_end, gS_end)}, the last step of a segment computes
 * <pre>
 *   s[T−1] = gS[T−1] + gS_end,   g[T−1] = gM[T−1] + σ'·s[T−1] + gU_end
 * </pre>
 * and after step 0 the initial-state gradient is
 * <pre>
 *   dL/dU[−1] = (ZERO ? β·(1 − S[−1]) : β)·g[0]
 *   dL/dS[−1] = detachReset ? 0 : (SUBTRACT: −θ·g[0];  ZERO: −(β·U[−1] + I[0])·g[0];  NONE: 0)
 * </pre>
 * These are exactly the terms the unsegmented loop computes across the step boundary (same
 * operations, same order), so running a sequence as consecutive segments gives bit-identical
 * {@code U}, {@code S}, {@code dL/dI} and per-lane β/θ partial sums (when those are carried on
 * from one segment's backward to the previous one). The overloads without state are the
 * unsegmented case and run the original loops.
 *
 * <p>Time-invariant input (the {@code TimeInvariant} methods): the input current is the same at
 * every step, {@code I[t] = X} with {@code X} given once as {@code [B, N]}. The forward is exactly
 * {@link #lifForward} on {@code X} repeated {@code T} times (same operations in the same order, so
 * {@code U} and {@code S} are identical bit for bit). The backward computes the same {@code g[t]},
 * {@code c[t]} and β/θ partial sums as {@link #lifBackward} on the repeated input (bit for bit), but
 * instead of {@code dI[t]} over {@code [T, B, N]} it writes the input gradient summed over time into
 * {@code [B, N]}, accumulated in the order the reverse-time loop produces the terms:
 * <pre>
 *   dX = (…((dI[T−1] + dI[T−2]) + dI[T−3]) + …) + dI[0]
 * </pre>
 * This equals the time sum {@code Σ_t dI[t]} of the broadcast path (which adds in forward order,
 * {@code (…(dI[0] + dI[1]) + …) + dI[T−1]}) up to float rounding of the different summation order.
 *
 * <p>The vector implementation performs the same IEEE operations in the same order as the scalar twin
 * (no fused multiply-add), so both give bit-identical results, except for the
 * {@link Surrogate.Kind#SIGMOID} surrogate whose exponential the vector version evaluates in float
 * (relative differences of a few ulp).
 */
public interface NeuronKernels {

    /** The vector implementation when {@link Simd#enabled()}, else the scalar one. */
    static NeuronKernels create() {
        return Simd.enabled() ? NeuronKernelsVector.INSTANCE : NeuronKernelsScalar.INSTANCE;
    }

    /** The scalar twin. */
    static NeuronKernels scalar() {
        return NeuronKernelsScalar.INSTANCE;
    }

    /** {@code "vector"} or {@code "scalar"}. */
    String name();

    /**
     * LIF forward over all steps for lanes {@code [from, to)}.
     *
     * @param steps  T
     * @param lanes  B·N, the stride between steps
     * @param n      N, neurons per sample ({@code lanes % n == 0})
     * @param input  I, {@code [T, B, N]}, read
     * @param beta   β per neuron, length ≥ n (already clamped by the caller), read
     * @param theta  θ per neuron, length ≥ n, read
     * @param reset  the reset mechanism
     * @param u      U, {@code [T, B, N]}, written for the lanes
     * @param s      S, {@code [T, B, N]}, written for the lanes (0 or 1)
     */
    default void lifForward(int steps, int lanes, int n, float[] input, float[] beta, float[] theta, Reset reset,
                            float[] u, float[] s, int from, int to) {
        lifForward(steps, lanes, n, input, beta, theta, reset, null, u, s, from, to);
    }

    /**
     * LIF forward over all steps for lanes {@code [from, to)}, starting from a given state.
     *
     * @param initialState {@code [2, B, N]}: {@code U[−1]} then {@code S[−1]}, read; null for the zero state
     *                     (then this is exactly the overload without state)
     */
    void lifForward(int steps, int lanes, int n, float[] input, float[] beta, float[] theta, Reset reset,
                    float[] initialState, float[] u, float[] s, int from, int to);

    /**
     * LIF backward through time for lanes {@code [from, to)} (equations in the type's Javadoc).
     *
     * @param gradSpikes   dL/dS {@code [T, B, N]}, or null for zero
     * @param gradMembrane dL/dU {@code [T, B, N]}, or null for zero
     * @param gradInput    dL/dI {@code [T, B, N]}, written for the lanes
     * @param betaLane     per-lane dL/dβ partial sums over time, length ≥ lanes, added to; or null to skip
     * @param thetaLane    per-lane dL/dθ partial sums over time, length ≥ lanes, added to; or null to skip
     * @param carry        scratch of length ≥ lanes (holds dL/dU[t+1] per lane), overwritten
     */
    default void lifBackward(int steps, int lanes, int n, float[] input, float[] u, float[] s,
                             float[] gradSpikes, float[] gradMembrane, float[] beta, float[] theta,
                             Reset reset, boolean detachReset, Surrogate surrogate,
                             float[] gradInput, float[] betaLane, float[] thetaLane, float[] carry,
                             int from, int to) {
        lifBackward(steps, lanes, n, input, u, s, null, gradSpikes, gradMembrane, null, beta, theta, reset,
                detachReset, surrogate, gradInput, betaLane, thetaLane, carry, null, from, to);
    }

    /**
     * LIF backward through one segment for lanes {@code [from, to)}: the overload above plus the
     * state terms of the type's Javadoc.
     *
     * @param initialState      the state the forward started from, {@code [2, B, N]}, or null for zero
     * @param gradFinalState    dL/d(U[T−1], S[T−1]) through later steps, {@code [2, B, N]}, read; null when
     *                          no steps follow (the end of the sequence)
     * @param gradInitialState  receives dL/d(U[−1], S[−1]), {@code [2, B, N]}, written for the lanes; or null
     *                          to skip. May be the same array as {@code gradFinalState}: each lane reads
     *                          its final-state gradient before writing its initial-state one.
     */
    void lifBackward(int steps, int lanes, int n, float[] input, float[] u, float[] s, float[] initialState,
                     float[] gradSpikes, float[] gradMembrane, float[] gradFinalState, float[] beta, float[] theta,
                     Reset reset, boolean detachReset, Surrogate surrogate,
                     float[] gradInput, float[] betaLane, float[] thetaLane, float[] carry,
                     float[] gradInitialState, int from, int to);

    /**
     * LIF forward over all steps for lanes {@code [from, to)} with a time-invariant input current
     * {@code I[t] = X} for every step (type Javadoc): the same {@code U}, {@code S} as
     * {@link #lifForward(int, int, int, float[], float[], float[], Reset, float[], float[], int, int)}
     * on {@code X} repeated {@code T} times, from the zero state.
     *
     * @param steps  T
     * @param lanes  B·N, the stride between steps of {@code u} and {@code s}
     * @param n      N, neurons per sample ({@code lanes % n == 0})
     * @param input  X, {@code [B, N]}, read at every step
     * @param beta   β per neuron, length ≥ n (already clamped by the caller), read
     * @param theta  θ per neuron, length ≥ n, read
     * @param reset  the reset mechanism
     * @param u      U, {@code [T, B, N]}, written for the lanes
     * @param s      S, {@code [T, B, N]}, written for the lanes (0 or 1)
     */
    void lifForwardTimeInvariant(int steps, int lanes, int n, float[] input, float[] beta, float[] theta, Reset reset,
                                 float[] u, float[] s, int from, int to);

    /**
     * LIF backward through time for lanes {@code [from, to)} after
     * {@link #lifForwardTimeInvariant}: the equations of the type's Javadoc with {@code I[t+1] = X},
     * writing the time-summed input gradient {@code dX = Σ_t dI[t]} (summed in reverse time order,
     * type Javadoc) instead of {@code dI[t]}.
     *
     * @param input        X, {@code [B, N]}, read (only the ZERO reset reads it)
     * @param u            U of the forward, {@code [T, B, N]}, read
     * @param s            S of the forward, {@code [T, B, N]}, read
     * @param gradSpikes   dL/dS {@code [T, B, N]}, or null for zero
     * @param gradMembrane dL/dU {@code [T, B, N]}, or null for zero
     * @param gradInputSum dL/dX {@code [B, N]}, written for the lanes
     * @param betaLane     per-lane dL/dβ partial sums over time, length ≥ lanes, added to; or null to skip
     * @param thetaLane    per-lane dL/dθ partial sums over time, length ≥ lanes, added to; or null to skip
     * @param carry        scratch of length ≥ lanes (an implementation may hold dL/dU[t+1] per lane in it),
     *                     overwritten
     */
    void lifBackwardTimeInvariant(int steps, int lanes, int n, float[] input, float[] u, float[] s,
                                  float[] gradSpikes, float[] gradMembrane, float[] beta, float[] theta,
                                  Reset reset, boolean detachReset, Surrogate surrogate,
                                  float[] gradInputSum, float[] betaLane, float[] thetaLane, float[] carry,
                                  int from, int to);

    /**
     * LIF forward with the same-step ({@code IMMEDIATE}) reset over all steps for lanes {@code [from, to)},
     * {@code R[t] = S[t−1]}, starting from {@code U[−1], S[−1]} of {@code initialState} (zero when null):
     * <pre>
     *   ZERO:     U[t] = β·(U[t−1]·(1 − R[t])) + I[t]
     *   SUBTRACT: U[t] = β·(U[t−1] − R[t]·θ) + I[t]
     *   S[t] = 1 if U[t] − θ &gt; 0, else 0
     * </pre>
     * Both twins run the same plain-Java loop (bit-identical results). Parameters as in
     * {@link #lifForward(int, int, int, float[], float[], float[], Reset, float[], float[], float[], int, int)}.
     *
     * @throws IllegalArgumentException if {@code reset} is {@link Reset#NONE} (which has no timing)
     */
    default void lifForwardImmediate(int steps, int lanes, int n, float[] input, float[] beta, float[] theta,
                                     Reset reset, float[] initialState, float[] u, float[] s, int from, int to) {
        NeuronKernelsPlain.requireTimedReset(reset);
        NeuronKernelsPlain.forward(steps, lanes, n, input, beta, theta, reset, true, 1, initialState, u, s, from,
                to);
    }

    /**
     * LIF backward for {@link #lifForwardImmediate} through one segment, lanes {@code [from, to)}
     * (reverse time, σ' the surrogate derivative at {@code U[t] − θ}, {@code g[t+1]} of the last step
     * is {@code gU_end} and its {@code c} is {@code gS_end} of the final-state gradient, both 0 when null):
     * <pre>
     *   c[t]  = detachReset ? 0 : (ZERO: −β·U[t]·g[t+1];  SUBTRACT: −β·θ·g[t+1])
     *   s[t]  = gS[t] + c[t]
     *   g[t]  = gM[t] + σ'·s[t] + (ZERO ? β·(1 − S[t]) : β)·g[t+1]
     *   dI[t] = g[t]
     *   dβ_lane += g[t]·(ZERO ? U[t−1]·(1 − R[t]) : U[t−1] − R[t]·θ)
     *   dθ_lane += (SUBTRACT ? −β·R[t]·g[t] : 0) − σ'·s[t]
     *   dL/dU[−1] = (ZERO ? β·(1 − S[−1]) : β)·g[0]
     *   dL/dS[−1] = detachReset ? 0 : (ZERO: −β·U[−1]·g[0];  SUBTRACT: −β·θ·g[0])
     * </pre>
     * The boundary terms are the interior cross-step terms with the same operations, so consecutive
     * segments reproduce the unsegmented results bit for bit. {@code carry[i]} receives {@code g[0]}.
     * Parameters as in the segment overload of {@code lifBackward}.
     *
     * @throws IllegalArgumentException if {@code reset} is {@link Reset#NONE}
     */
    default void lifBackwardImmediate(int steps, int lanes, int n, float[] input, float[] u, float[] s,
                                      float[] initialState, float[] gradSpikes, float[] gradMembrane,
                                      float[] gradFinalState, float[] beta, float[] theta, Reset reset,
                                      boolean detachReset, Surrogate surrogate, float[] gradInput, float[] betaLane,
                                      float[] thetaLane, float[] carry, float[] gradInitialState, int from, int to) {
        NeuronKernelsPlain.requireTimedReset(reset);
        NeuronKernelsPlain.backward(steps, lanes, n, input, u, s, initialState, gradSpikes, gradMembrane,
                gradFinalState, beta, theta, reset, true, 1, detachReset, surrogate, gradInput, betaLane, thetaLane,
                carry, gradInitialState, from, to);
    }

    /**
     * Spikes per step of a neuron with the given cap ({@code maxSpikes} of {@code LifSpec}/{@code IfSpec}):
     * <pre>
     *   maxSpikes = 1:  S = U − θ &gt; 0 ? 1 : 0                    (the single spike of the other loops)
     *   otherwise:      S = U &gt; 0 ? min(cap, ⌊U/θ⌋) : 0         (Sinabs MultiSpike / MaxSpike(cap); ⌊U/θ⌋ of the
     *                                                           float quotient; no cap when maxSpikes = 0)
     * </pre>
     * so a multi-spike neuron fires exactly when the float quotient {@code U/θ} is at least 1 (for most
     * values the same as {@code U ≥ θ}, where the single spike needs {@code U > θ}).
     *
     * @param maxSpikes 1, a cap k &gt; 1, or 0 for none
     * @throws IllegalArgumentException if {@code maxSpikes < 0}
     */
    static float multiSpikeCount(float membrane, float theta, int maxSpikes) {
        NeuronKernelsPlain.requireCap(maxSpikes);
        return NeuronKernelsPlain.spikes(membrane, theta, maxSpikes);
    }

    /**
     * The ZERO reset's factor for the previous step's output {@code R} of a neuron with the given cap:
     * <pre>
     *   maxSpikes = 1:  1 − R                     (R ∈ {0, 1}: the single-spike factor)
     *   otherwise:      R ≠ 0 ? 0 : 1             (1 − [R ≠ 0] for a spike count)
     * </pre>
     * The factor the loops of {@link #lifForwardMultiSpike} use; the current-based layers
     * ({@code Synaptic}, {@code RecurrentSynaptic}, {@code RecurrentLeaky}) use it with {@link #multiSpikeCount}.
     *
     * @param maxSpikes 1, a cap k &gt; 1, or 0 for none (only 1 versus the others matters here)
     */
    static float multiSpikeKeep(float previousSpikes, int maxSpikes) {
        return NeuronKernelsPlain.keep(previousSpikes, maxSpikes);
    }

    /**
     * LIF forward of neurons that emit a spike count per step, lanes {@code [from, to)}, starting from
     * {@code U[−1], S[−1]} of {@code initialState} (zero when null). With {@code R[t] = S[t−1]} (a count) and
     * {@code Z[t] = 1 if R[t] ≠ 0 else 0} ({@code Z[t] = R[t]} for {@code maxSpikes = 1}):
     * <pre>
     *   DELAYED   SUBTRACT: U[t] = β·U[t−1] + I[t] − R[t]·θ       ZERO: U[t] = (β·U[t−1] + I[t])·(1 − Z[t])
     *   IMMEDIATE SUBTRACT: U[t] = β·(U[t−1] − R[t]·θ) + I[t]     ZERO: U[t] = β·(U[t−1]·(1 − Z[t])) + I[t]
     *   NONE (both):        U[t] = β·U[t−1] + I[t]
     *   S[t] = multiSpikeCount(U[t], θ, maxSpikes)
     * </pre>
     * (each expression evaluated in float in the order written). Both twins run the same plain-Java loop
     * (bit-identical results); with {@code maxSpikes = 1} it gives the results of
     * {@link #lifForward(int, int, int, float[], float[], float[], Reset, float[], float[], float[], int, int)}
     * (DELAYED) and {@link #lifForwardImmediate} bit for bit. Other parameters as in {@code lifForward}.
     *
     * @param immediate whether the reset takes effect in the spike's own step (the IMMEDIATE rows)
     * @param maxSpikes 1, the cap per step k &gt; 1, or 0 for none
     * @param s         S, {@code [T, B, N]}, written for the lanes (whole numbers ≥ 0)
     * @throws IllegalArgumentException if {@code maxSpikes < 0}
     */
    default void lifForwardMultiSpike(int steps, int lanes, int n, float[] input, float[] beta, float[] theta,
                                      Reset reset, boolean immediate, int maxSpikes, float[] initialState, float[] u,
                                      float[] s, int from, int to) {
        NeuronKernelsPlain.forward(steps, lanes, n, input, beta, theta, reset, immediate, maxSpikes, initialState,
                u, s, from, to);
    }

    /**
     * Backward of {@link #lifForwardMultiSpike} through one segment, lanes {@code [from, to)}. The spike count's
     * derivative is the surrogate at the threshold crossing, {@code dS[t]/dU[t] = σ'[t] = surrogate'(U[t] − θ)}
     * (Sinabs's backward), and the same σ' stands for {@code dZ/dU} of the ZERO reset. Reverse time, with
     * {@code z[t] = 1 if S[t] ≠ 0 else 0} ({@code S[t]} for {@code maxSpikes = 1}), {@code Z[t] = z[t−1]},
     * {@code g[t+1]} of the last step is {@code gU_end} and its {@code c} is {@code gS_end} of the final-state
     * gradient (both 0 when null):
     * <pre>
     *   DELAYED:   c[t] = detachReset ? 0 : (SUBTRACT: −θ·g[t+1];  ZERO: −(β·U[t] + I[t+1])·g[t+1];  NONE: 0)
     *   IMMEDIATE: c[t] = detachReset ? 0 : (SUBTRACT: −β·θ·g[t+1];  ZERO: −β·U[t]·g[t+1];  NONE: 0)
     *   s[t]  = gS[t] + c[t]
     *   g[t]  = gM[t] + σ'[t]·s[t] + (ZERO ? β·(1 − z[t]) : β)·g[t+1]
     *   DELAYED:   dI[t] = g[t]·(ZERO ? 1 − Z[t] : 1),  dβ_lane += dI[t]·U[t−1],
     *              dθ_lane += (SUBTRACT ? −R[t]·g[t] : 0) − σ'[t]·s[t]
     *   IMMEDIATE: dI[t] = g[t],  dβ_lane += g[t]·(ZERO: U[t−1]·(1 − Z[t]);  SUBTRACT: U[t−1] − R[t]·θ;  NONE: U[t−1]),
     *              dθ_lane += (SUBTRACT ? −β·R[t]·g[t] : 0) − σ'[t]·s[t]
     *   dL/dU[−1] = (ZERO ? β·(1 − z[−1]) : β)·g[0],   dL/dS[−1] = c[−1]   (c of the step before step 0)
     * </pre>
     * The boundary terms are the interior cross-step terms with the same operations, so consecutive
     * segments reproduce the unsegmented results bit for bit. {@code carry[i]} receives {@code g[0]}.
     * With {@code maxSpikes = 1} and IMMEDIATE this is {@link #lifBackwardImmediate}. Other parameters as in
     * the segment overload of {@code lifBackward}.
     *
     * @param immediate whether the forward ran with the IMMEDIATE rows
     * @param maxSpikes the forward's {@code maxSpikes}
     */
    default void lifBackwardMultiSpike(int steps, int lanes, int n, float[] input, float[] u, float[] s,
                                       float[] initialState, float[] gradSpikes, float[] gradMembrane,
                                       float[] gradFinalState, float[] beta, float[] theta, Reset reset,
                                       boolean immediate, int maxSpikes, boolean detachReset, Surrogate surrogate,
                                       float[] gradInput, float[] betaLane, float[] thetaLane, float[] carry,
                                       float[] gradInitialState, int from, int to) {
        NeuronKernelsPlain.backward(steps, lanes, n, input, u, s, initialState, gradSpikes, gradMembrane,
                gradFinalState, beta, theta, reset, immediate, maxSpikes, detachReset, surrogate, gradInput, betaLane,
                thetaLane, carry, gradInitialState, from, to);
    }
}
