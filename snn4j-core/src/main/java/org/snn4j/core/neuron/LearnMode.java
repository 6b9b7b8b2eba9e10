package org.snn4j.core.neuron;

/**
 * Whether a neuron hyper-parameter (β, θ, α) is trained, and at what granularity.
 */
public enum LearnMode {
    /** A constant taken from the spec; no {@link org.snn4j.core.Parameter}. */
    FIXED,
    /** One trainable scalar shared by all neurons of the layer: a parameter of shape {@code [1]}. */
    SHARED,
    /** One trainable value per neuron: a parameter of shape {@code [N]}. */
    PER_NEURON
}
