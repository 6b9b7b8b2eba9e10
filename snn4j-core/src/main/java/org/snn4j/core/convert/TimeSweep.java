package org.snn4j.core.convert;

import java.util.Arrays;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;

/**
 * Accuracy of a converted (rate-coded) network as a function of the number of time steps, from
 * one run per batch: the network runs {@code T = max(checkpoints)} steps on direct (analog,
 * time-invariant) input, and the prediction after {@code t} steps is
 * {@code argmax_c Σ_{s < t} out[s, b, c]} — the read-out of the first {@code t} steps, exactly what
 * a run of {@code t} steps would give, since nothing in the network depends on later steps.
 * The network keeps every layer's {@code [T, B, n]} output, so the batch is reduced to at most
 * {@value #MAX_ROWS}{@code / T} samples (at least 1): at T = 256 a conv layer of 32×28×28 then
 * holds 16 samples (0.4 GB) instead of running out of memory.
 */
public final class TimeSweep {
    /** Upper bound of {@code T·B} rows per forward pass. */
    public static final int MAX_ROWS = 4096;

    private TimeSweep() {
    }

    /**
     * @param steps    the checkpoints, increasing
     * @param accuracy accuracy after each checkpoint's number of steps
     * @param samples  test samples
     * @param seconds  wall time
     */
    public record Result(int[] steps, double[] accuracy, int samples, double seconds) {
    }

    /**
     * Runs {@code network} on the first {@code samples} samples of {@code data}.
     *
     * @param checkpoints numbers of steps to report, strictly increasing, each ≥ 1
     * @throws IllegalArgumentException for bad checkpoints, batch or sample counts, or data whose
     *                                  sample shape is not the network's input shape
     */
    public static Result evaluate(Network network, Dataset data, int samples, int[] checkpoints, int batch,
                                  long seed, Kernels kernels) {
        if (checkpoints.length == 0) {
            throw new IllegalArgumentException("give at least one number of time steps");
        }
        for (int k = 0; k < checkpoints.length; k++) {
            if (checkpoints[k] < 1 || (k > 0 && checkpoints[k] <= checkpoints[k - 1])) {
                throw new IllegalArgumentException("time steps must be >= 1 and increasing, got " + Arrays.toString(checkpoints));
            }
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batch);
        }
        if (samples < 1 || samples > data.size()) {
            throw new IllegalArgumentException("samples must be in [1, " + data.size() + "], got " + samples);
        }
        int features = network.inputShape().size();
        if (data.sampleShape().size() != features) {
            throw new IllegalArgumentException("data samples have " + data.sampleShape().size()
                    + " values but the network takes " + features + " (" + network.inputShape() + ")");
        }
        int steps = checkpoints[checkpoints.length - 1];
        batch = Math.min(batch, Math.max(1, MAX_ROWS / steps));
        long[] correct = new long[checkpoints.length];
        long t0 = System.nanoTime();
        for (int start = 0; start < samples; start += batch) {
            int b = Math.min(batch, samples - start);
            float[] x = new float[b * features];
            for (int i = 0; i < b; i++) {
                data.copyFeatures(start + i, x, i * features);
            }
            NetworkOutput out = network.forwardTimeInvariant(x, new RunContext(steps, b, false, seed, kernels));
            int classes = out.classes();
            float[] o = out.output();
            double[] sum = new double[b * classes];
            int k = 0;
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < b * classes; j++) {
                    sum[j] += o[t * b * classes + j];
                }
                if (t + 1 == checkpoints[k]) {
                    for (int i = 0; i < b; i++) {
                        if (argmax(sum, i * classes, classes) == data.label(start + i)) {
                            correct[k]++;
                        }
                    }
                    k++;
                }
            }
        }
        double[] accuracy = new double[checkpoints.length];
        for (int k = 0; k < accuracy.length; k++) {
            accuracy[k] = correct[k] / (double) samples;
        }
        return new Result(checkpoints.clone(), accuracy, samples, (System.nanoTime() - t0) / 1e9);
    }

    private static int argmax(double[] v, int off, int n) {
        int best = 0;
        for (int c = 1; c < n; c++) {
            if (v[off + c] > v[off + best]) {
                best = c;
            }
        }
        return best;
    }
}
