package org.snn4j.core.neuron;

/** What happens to the membrane potential after a spike. */
public enum Reset {
    /** {@code U ← U − θ}: keeps the overshoot (snnTorch {@code "subtract"}). */
    SUBTRACT,
    /** {@code U ← 0}: forgets the overshoot (snnTorch {@code "zero"}). */
    ZERO,
    /** No reset: the neuron keeps integrating. */
    NONE
}
