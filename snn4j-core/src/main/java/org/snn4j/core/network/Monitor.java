package org.snn4j.core.network;

import java.util.Arrays;

/**
 * Records what one layer produced in every forward pass since it was attached (or last
 * {@linkplain #clear() cleared}): its output {@code [T, B, N]} (spikes for a neuron layer) and, for
 * spiking layers, the membrane potential {@code [T, B, N]}. Recording copies the arrays, so keep
 * monitors for analysis, plots and tests rather than for large training runs.
 */
public final class Monitor {
    private final int layerIndex;
    private final int features;
    private float[] output = new float[0];
    private float[] membrane;
    private int steps;
    private int batch;

    Monitor(int layerIndex, int features) {
        this.layerIndex = layerIndex;
        this.features = features;
    }

    void record(float[] out, float[] mem, int steps, int batch) {
        int n = steps * batch * features;
        this.output = Arrays.copyOf(out, n);
        this.membrane = mem == null ? null : Arrays.copyOf(mem, n);
        this.steps = steps;
        this.batch = batch;
    }

    /** Index of the monitored layer in the network. */
    public int layerIndex() {
        return layerIndex;
    }

    /** Output of the last recorded pass, {@code [T, B, N]} (a copy owned by the monitor). */
    public float[] output() {
        return output;
    }

    /** Membrane potential of the last recorded pass {@code [T, B, N]}, or null for non-spiking layers. */
    public float[] membrane() {
        return membrane;
    }

    public int steps() {
        return steps;
    }

    public int batch() {
        return batch;
    }

    public int features() {
        return features;
    }

    /** Value at step {@code t}, sample {@code b}, neuron {@code n} of the recorded output. */
    public float output(int t, int b, int n) {
        return output[(t * batch + b) * features + n];
    }

    /** Membrane potential at step {@code t}, sample {@code b}, neuron {@code n}. */
    public float membrane(int t, int b, int n) {
        if (membrane == null) {
            throw new IllegalStateException("layer " + layerIndex + " is not a spiking layer: it has no membrane");
        }
        return membrane[(t * batch + b) * features + n];
    }

    /** Mean of the recorded output over all steps, samples and neurons (the firing rate per step for spikes). */
    public double meanOutput() {
        int n = steps * batch * features;
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += output[i];
        }
        return n == 0 ? 0 : s / n;
    }

    public void clear() {
        output = new float[0];
        membrane = null;
        steps = 0;
        batch = 0;
    }
}
