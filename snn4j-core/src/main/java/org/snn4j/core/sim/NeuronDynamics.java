package org.snn4j.core.sim;

import java.util.List;

/**
 * The state and one-step integrator of a population of neurons of one model. State variables are
 * flat {@code float[]} of one element per neuron, exposed live through {@link #variable} (for
 * monitors and for setting initial conditions).
 *
 * <p>Input convention for {@link #step}: {@code exc[i]} and {@code inh[i]} hold the summed
 * weights (magnitudes) of the spikes arriving at neuron {@code i} in this step on the excitatory
 * and inhibitory receptor; the model applies them at the start of the step, before integrating,
 * and sets both arrays to zero. Both are {@code null} when no input comes through the ring
 * buffers (see {@link #directInput}). {@code current[i]} is an injected current held constant
 * over the step (units stated by the model), or the array is {@code null}.
 */
public abstract class NeuronDynamics {
    private final int size;

    /** @param size number of neurons, at least 1 */
    protected NeuronDynamics(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("population size must be at least 1, got " + size);
        }
        this.size = size;
    }

    /** The number of neurons. */
    public final int size() {
        return size;
    }

    /** The names of the state variables, e.g. {@code ["v", "ge", "gi", "refractory"]}. */
    public abstract List<String> variables();

    /**
     * The live array of one state variable (length {@link #size()}); writes change the state.
     *
     * @throws IllegalArgumentException naming the variable and the known ones if it is unknown
     */
    public abstract float[] variable(String name);

    /**
     * Advances every neuron by one step: applies and clears the arriving input, integrates,
     * detects threshold crossings and resets.
     *
     * @param exc     excitatory input arriving this step, length {@link #size()}; zeroed
     * @param inh     inhibitory input arriving this step, length {@link #size()}; zeroed
     * @param current injected current per neuron, or {@code null}
     * @param spikes  receives the indices of the neurons that spiked, in increasing order
     * @return the number of spikes written
     */
    public abstract int step(float[] exc, float[] inh, float[] current, int[] spikes);

    /**
     * The live state array that input arriving in the next step may be added to directly, after
     * this step and before the next one, with exactly the effect of passing it in {@code exc} or
     * {@code inh} of the next {@link #step} — or {@code null} (the default) if the model has no
     * such array. Projections with a one-step delay then skip the ring buffer (for current-based
     * synapses this is the synaptic variable itself, as Brian2's {@code on_pre: g += w}).
     */
    public float[] directInput(org.snn4j.core.sim.Receptor receptor) {
        return null;
    }

    /**
     * Returns every neuron to its resting state: membrane at rest, synaptic variables at zero, not
     * refractory. Slow homeostatic variables that a model documents as learned (the adaptive
     * threshold θ of Diehl &amp; Cook neurons) are kept.
     */
    public abstract void rest();

    /** Throws the standard error for an unknown variable name. */
    protected final IllegalArgumentException unknownVariable(String name) {
        return new IllegalArgumentException("unknown state variable '" + name + "'; this model has " + variables());
    }
}
