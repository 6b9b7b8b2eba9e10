package org.snn4j.core.neuron;

/**
 * When a spike's reset takes effect, written with the pre-reset membrane {@code U[t]} (the value
 * compared with θ), {@code R[t] = S[t−1]}:
 * <pre>
 *   DELAYED   ZERO:     U[t] = (β·U[t−1] + I[t])·(1 − R[t])     SUBTRACT: U[t] = β·U[t−1] + I[t] − R[t]·θ
 *   IMMEDIATE ZERO:     U[t] = β·U[t−1]·(1 − R[t]) + I[t]       SUBTRACT: U[t] = β·(U[t−1] − R[t]·θ) + I[t]
 * </pre>
 * {@link Reset#NONE} is the same for both; for β = 1 so is {@link Reset#SUBTRACT}.
 */
public enum ResetTiming {
    /** The reset is applied in the step after the spike, together with that step's input (snnTorch's default
     *  {@code reset_delay=True}). */
    DELAYED,
    /** The reset is applied in the step of the spike: the next step starts from the reset state, so the
     *  reset membrane decays before the next input is added (NIR, Norse, Sinabs, Rockpool). */
    IMMEDIATE
}
