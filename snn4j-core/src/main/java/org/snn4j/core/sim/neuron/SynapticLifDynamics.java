package org.snn4j.core.sim.neuron;

import java.util.Arrays;
import java.util.List;
import org.snn4j.core.sim.NeuronDynamics;
import org.snn4j.core.sim.Receptor;

/**
 * The state shared by the LIF models with exponential excitatory and inhibitory synaptic variables
 * ({@link LifCuba}, {@link LifCoba}): membrane {@code v}, synaptic variables {@code ge} and
 * {@code gi} (inputs with a one-step delay are added to them directly) and an absolute refractory
 * period ({@link RefractoryHold}, hold value {@code V_r}). Subclasses supply the free one-step
 * update of all neurons ({@link #integrate}); this class then applies refractoriness.
 */
abstract class SynapticLifDynamics extends NeuronDynamics {
    private static final List<String> VARIABLES = List.of("v", "ge", "gi");
    private final float rest;
    private final float reset;
    private final RefractoryHold refractory;
    /** Membrane potential (mV), one per neuron. */
    protected final float[] v;
    /** Excitatory synaptic variable, one per neuron. */
    protected final float[] ge;
    /** Inhibitory synaptic variable (a magnitude, ≥ 0), one per neuron. */
    protected final float[] gi;
    private long step;

    SynapticLifDynamics(int size, float rest, float reset, int refractorySteps) {
        super(size);
        this.rest = rest;
        this.reset = reset;
        this.refractory = new RefractoryHold(size, refractorySteps);
        v = new float[size];
        ge = new float[size];
        gi = new float[size];
        rest();
    }

    /**
     * One step of every neuron without refractoriness (the kernel call): applies and clears the
     * input, integrates, writes threshold crossings (reset to V_r) to {@code spikes}.
     *
     * @return the number of crossings
     */
    abstract int integrate(float[] exc, float[] inh, float[] current, int[] spikes);

    @Override
    public final List<String> variables() {
        return VARIABLES;
    }

    @Override
    public final float[] variable(String name) {
        return switch (name) {
            case "v" -> v;
            case "ge" -> ge;
            case "gi" -> gi;
            default -> throw unknownVariable(name);
        };
    }

    @Override
    public final int step(float[] exc, float[] inh, float[] current, int[] spikes) {
        int count = integrate(exc, inh, current, spikes);
        return refractory.apply(step++, v, reset, spikes, count);
    }

    @Override
    public final float[] directInput(Receptor receptor) {
        return receptor == Receptor.EXCITATORY ? ge : gi;
    }

    @Override
    public final void rest() {
        Arrays.fill(v, rest);
        Arrays.fill(ge, 0f);
        Arrays.fill(gi, 0f);
        refractory.clear();
    }
}
