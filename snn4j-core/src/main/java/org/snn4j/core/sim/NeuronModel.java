package org.snn4j.core.sim;

/**
 * A neuron model for simulation: a validated parameter record that creates the state and
 * integrator of one population. Implementations live in {@code org.snn4j.core.sim.neuron}; their
 * Javadoc states the equations and whether the step is exact or forward Euler.
 */
public interface NeuronModel {

    /** A short name, e.g. {@code "lif-cuba"}. */
    String name();

    /**
     * Creates the dynamics of {@code size} neurons stepped with {@code dtMs} milliseconds, in
     * their initial (resting) state.
     *
     * @throws IllegalArgumentException if {@code size < 1} or {@code dtMs} is not positive and finite
     */
    NeuronDynamics create(int size, double dtMs);
}
