package org.snn4j.core.sim;

/**
 * Which synaptic input of the target neurons a projection drives. Weights are magnitudes
 * ({@code ≥ 0}); the receptor gives the sign: excitatory input depolarises, inhibitory input
 * hyperpolarises (for current-based models it is subtracted, for conductance-based models it opens
 * the inhibitory conductance with its own reversal potential).
 */
public enum Receptor {
    /** Excitatory synapses. */
    EXCITATORY,
    /** Inhibitory synapses. */
    INHIBITORY
}
