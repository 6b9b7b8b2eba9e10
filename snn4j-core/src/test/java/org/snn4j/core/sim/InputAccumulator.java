package org.snn4j.core.sim;

import java.util.List;

/**
 * Test model: never spikes on its own; adds every arriving input to {@code exc} / {@code inh}
 * totals and records the step of the last arrival, so tests can check what was delivered when.
 * Neurons listed in {@code fireAt} spike at the given steps (to drive postsynaptic events).
 */
final class InputAccumulator implements NeuronModel {
    private final long[][] fireAt;

    /** @param fireAt per neuron, the steps at which it spikes (may be empty or shorter than the population) */
    InputAccumulator(long[]... fireAt) {
        this.fireAt = fireAt;
    }

    @Override
    public String name() {
        return "test-accumulator";
    }

    @Override
    public NeuronDynamics create(int size, double dtMs) {
        return new NeuronDynamics(size) {
            final float[] exc = new float[size];
            final float[] inh = new float[size];
            final float[] lastArrival = new float[size];
            long step;

            @Override
            public List<String> variables() {
                return List.of("exc", "inh", "lastArrival");
            }

            @Override
            public float[] variable(String name) {
                return switch (name) {
                    case "exc" -> exc;
                    case "inh" -> inh;
                    case "lastArrival" -> lastArrival;
                    default -> throw unknownVariable(name);
                };
            }

            @Override
            public int step(float[] e, float[] h, float[] current, int[] spikes) {
                if (e != null) {
                    for (int i = 0; i < size(); i++) {
                        if (e[i] != 0f || h[i] != 0f) {
                            lastArrival[i] = step;
                        }
                        exc[i] += e[i];
                        inh[i] += h[i];
                        e[i] = 0f;
                        h[i] = 0f;
                    }
                }
                int count = 0;
                for (int i = 0; i < Math.min(size(), fireAt.length); i++) {
                    for (long s : fireAt[i]) {
                        if (s == step) {
                            spikes[count++] = i;
                        }
                    }
                }
                step++;
                return count;
            }

            @Override
            public void rest() {
                java.util.Arrays.fill(exc, 0f);
                java.util.Arrays.fill(inh, 0f);
            }
        };
    }
}
