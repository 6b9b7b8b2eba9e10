package org.snn4j.core.sim;

import java.util.Arrays;

/**
 * Records one state variable of chosen neurons every {@code every} steps (after steps
 * {@code every−1, 2·every−1, …} counted from the monitor's creation), e.g. membrane traces.
 */
public final class StateMonitor implements Monitor {
    private final Population population;
    private final String variable;
    private final float[] live;
    private final int[] neurons;
    private final int every;
    private long seen;
    private float[] values = new float[0];
    private long[] steps = new long[0];
    private int samples;

    StateMonitor(Population population, String variable, int[] neurons, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("state monitor interval must be >= 1 step, got " + every);
        }
        for (int n : neurons) {
            if (n < 0 || n >= population.size()) {
                throw new IllegalArgumentException("neuron " + n + " is outside population '" + population.name()
                        + "' of " + population.size());
            }
        }
        this.population = population;
        this.variable = variable;
        this.live = population.variable(variable);
        this.neurons = neurons.clone();
        this.every = every;
    }

    @Override
    public void record(long step) {
        if (++seen % every != 0) {
            return;
        }
        int n = neurons.length;
        if ((samples + 1) * n > values.length) {
            values = Arrays.copyOf(values, Math.max(n * 64, values.length * 2));
            steps = Arrays.copyOf(steps, Math.max(64, steps.length * 2));
        }
        for (int k = 0; k < n; k++) {
            values[samples * n + k] = live[neurons[k]];
        }
        steps[samples++] = step;
        if (samples == steps.length) {
            steps = Arrays.copyOf(steps, steps.length * 2);
        }
    }

    /** The monitored population. */
    public Population population() {
        return population;
    }

    /** The variable name. */
    public String variable() {
        return variable;
    }

    /** The recorded neurons (a copy). */
    public int[] neurons() {
        return neurons.clone();
    }

    /** Number of recorded samples. */
    public int sampleCount() {
        return samples;
    }

    /** The step of each sample (a copy). */
    public long[] steps() {
        return Arrays.copyOf(steps, samples);
    }

    /** The trace of the {@code k}-th recorded neuron, one value per sample (a copy). */
    public float[] trace(int k) {
        float[] t = new float[samples];
        for (int s = 0; s < samples; s++) {
            t[s] = values[s * neurons.length + k];
        }
        return t;
    }
}
