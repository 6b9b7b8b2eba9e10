package org.snn4j.core.sim.plasticity;

import java.util.List;
import org.snn4j.core.sim.NeuronDynamics;
import org.snn4j.core.sim.NeuronModel;

/**
 * A test-only neuron model whose neurons spike exactly at given steps, ignoring all input:
 * neuron {@code neuron[k]} spikes in simulation step {@code step[k]} (steps counted from the
 * population's first step; {@code rest()} does not reset the count).
 */
record ScheduledSpikes(long[] step, int[] neuron) implements NeuronModel {

    static ScheduledSpikes at(int neuron, long... steps) {
        int[] n = new int[steps.length];
        java.util.Arrays.fill(n, neuron);
        return new ScheduledSpikes(steps, n);
    }

    @Override
    public String name() {
        return "scheduled";
    }

    @Override
    public NeuronDynamics create(int size, double dtMs) {
        return new NeuronDynamics(size) {
            private final float[] v = new float[size];
            private long now;

            @Override
            public List<String> variables() {
                return List.of("v");
            }

            @Override
            public float[] variable(String name) {
                if (name.equals("v")) {
                    return v;
                }
                throw unknownVariable(name);
            }

            @Override
            public int step(float[] exc, float[] inh, float[] current, int[] spikes) {
                if (exc != null) {
                    java.util.Arrays.fill(exc, 0f);
                    java.util.Arrays.fill(inh, 0f);
                }
                boolean[] fire = new boolean[size()];
                for (int k = 0; k < step.length; k++) {
                    if (step[k] == now) {
                        fire[neuron[k]] = true;
                    }
                }
                int count = 0;
                for (int i = 0; i < size(); i++) {
                    if (fire[i]) {
                        spikes[count++] = i;
                    }
                }
                now++;
                return count;
            }

            @Override
            public void rest() {
            }
        };
    }
}
