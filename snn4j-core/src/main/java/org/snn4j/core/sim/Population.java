package org.snn4j.core.sim;

import java.util.List;

/**
 * A population of {@link #size()} neurons of one {@link NeuronModel}. It receives input through
 * two ring buffers (excitatory and inhibitory) with one slot per step of the longest incoming
 * delay, and optionally an injected current.
 *
 * <p>Ring buffer layout: slot {@code s} of receptor {@code r} is {@code ring[r][s]}, a
 * {@code float[size]} holding the summed weights that arrive in a step {@code n} with
 * {@code n mod slots = s}. A spike emitted in step {@code n} through a projection with delay
 * {@code d ≥ 1} is added to slot {@code (n + d) mod slots} and applied at the start of step
 * {@code n + d}.
 */
public final class Population extends SpikeSource {
    private final NeuronModel model;
    private final NeuronDynamics dynamics;
    private float[][] excRing;
    private float[][] inhRing;
    private float[] current;
    private boolean ringInput;

    Population(String name, int size, NeuronModel model, double dtMs) {
        super(name, size);
        if (model == null) {
            throw new IllegalArgumentException("population '" + name + "' needs a neuron model");
        }
        this.model = model;
        this.dynamics = model.create(size, dtMs);
        if (dynamics.size() != size) {
            throw new IllegalStateException("model " + model.name() + " created " + dynamics.size()
                    + " neurons, expected " + size);
        }
        allocateRings(1);
    }

    /** The neuron model. */
    public NeuronModel model() {
        return model;
    }

    /** The state and integrator (for models' own accessors, e.g. the adaptive threshold). */
    public NeuronDynamics dynamics() {
        return dynamics;
    }

    /** The names of the state variables. */
    public List<String> variables() {
        return dynamics.variables();
    }

    /**
     * The live array of one state variable, e.g. {@code "v"}; write to it to set initial conditions.
     *
     * @throws IllegalArgumentException naming the known variables if {@code name} is unknown
     */
    public float[] variable(String name) {
        return dynamics.variable(name);
    }

    /**
     * Injects a current into every neuron, held from now on until changed ({@code null} removes
     * it). The array is copied; units are those of the model (stated in its Javadoc).
     *
     * @throws IllegalArgumentException if the length is not {@link #size()} or a value is not finite
     */
    public void injectCurrent(float[] perNeuron) {
        if (perNeuron == null) {
            current = null;
            return;
        }
        if (perNeuron.length != size()) {
            throw new IllegalArgumentException("current for '" + name() + "' must have " + size()
                    + " values, got " + perNeuron.length);
        }
        for (int i = 0; i < perNeuron.length; i++) {
            if (!Float.isFinite(perNeuron[i])) {
                throw new IllegalArgumentException("current[" + i + "] for '" + name() + "' is not finite: " + perNeuron[i]);
            }
        }
        current = perNeuron.clone();
    }

    /** Injects the same current into every neuron (see {@link #injectCurrent(float[])}). */
    public void injectCurrent(double amount) {
        float[] c = new float[size()];
        java.util.Arrays.fill(c, (float) amount);
        injectCurrent(c);
    }

    /** Number of ring slots (longest incoming delay + 1). */
    int slots() {
        return excRing.length;
    }

    void allocateRings(int slots) {
        excRing = new float[slots][size()];
        inhRing = new float[slots][size()];
    }

    /** Grows the rings to {@code slots}, keeping the input already scheduled for steps {@code ≥ now}. */
    void growRings(int slots, long now) {
        float[][] oldExc = excRing;
        float[][] oldInh = inhRing;
        allocateRings(slots);
        for (long s = now; s < now + oldExc.length; s++) {
            excRing[(int) (s % slots)] = oldExc[(int) (s % oldExc.length)];
            inhRing[(int) (s % slots)] = oldInh[(int) (s % oldInh.length)];
        }
    }

    /** The slot array of the given receptor for an absolute step. */
    float[] slot(Receptor receptor, long step) {
        float[][] ring = receptor == Receptor.EXCITATORY ? excRing : inhRing;
        return ring[(int) (step % ring.length)];
    }

    /** Called when a projection that delivers through the ring buffers is added. */
    void useRingInput() {
        ringInput = true;
    }

    @Override
    void advance(long step) {
        if (ringInput) {
            int s = (int) (step % excRing.length);
            spikeCount = dynamics.step(excRing[s], inhRing[s], current, spikes);
        } else {
            spikeCount = dynamics.step(null, null, current, spikes);
        }
    }

    @Override
    void restState(long step) {
        dynamics.rest();
        for (float[] slot : excRing) {
            java.util.Arrays.fill(slot, 0f);
        }
        for (float[] slot : inhRing) {
            java.util.Arrays.fill(slot, 0f);
        }
        spikeCount = 0;
    }
}
