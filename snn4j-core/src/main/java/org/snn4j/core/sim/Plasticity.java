package org.snn4j.core.sim;

/**
 * A synaptic plasticity rule (e.g. STDP) for a {@link Projection}. Rules are immutable parameter
 * records; {@link #bind} creates the per-projection learning state (traces), which the simulation
 * calls once per step after every population has spiked and every spike has been delivered.
 * Implementations live in {@code org.snn4j.core.sim.plasticity}.
 */
public interface Plasticity {

    /** A short name, e.g. {@code "stdp-additive"}. */
    String name();

    /**
     * Creates the learning state for one projection stepped with {@code dtMs} milliseconds.
     *
     * @throws IllegalArgumentException if the rule cannot apply to this projection
     */
    State bind(Projection projection, double dtMs);

    /** The learning state of one projection. */
    interface State {

        /**
         * Updates traces and weights for step {@code step}, given that step's presynaptic spikes
         * ({@code projection.pre().spikes()}) and postsynaptic spikes ({@code projection.post().spikes()}).
         * Mutates the projection's weights ({@link Projection#weights()}).
         */
        void step(long step);

        /** Clears the traces (called by {@link Simulation#rest()}); weights are kept. */
        void reset();
    }
}
