package org.snn4j.core.loss;

import java.util.Arrays;
import org.snn4j.core.network.NetworkOutput;

/** Shared shape checks and numerics for the losses (package-private). */
final class LossSupport {
    private LossSupport() {
    }

    static void checkDims(NetworkOutput out) {
        if (out.steps() <= 0 || out.batch() <= 0 || out.classes() <= 0) {
            throw new IllegalArgumentException("network output needs positive steps, batch and classes, got T="
                    + out.steps() + ", B=" + out.batch() + ", N=" + out.classes());
        }
    }

    static int size(NetworkOutput out) {
        long n = (long) out.steps() * out.batch() * out.classes();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("T·B·N = " + n + " exceeds 2^31-1");
        }
        return (int) n;
    }

    static void checkSeries(NetworkOutput out, float[] series, String what) {
        checkDims(out);
        if (series == null) {
            throw new IllegalArgumentException("this loss/read-out needs the network's " + what
                    + " [T, B, N], but it is null (is the last layer spiking?)");
        }
        int n = size(out);
        if (series.length < n) {
            throw new IllegalArgumentException(what + " has " + series.length + " values, expected at least T·B·N = "
                    + out.steps() + "·" + out.batch() + "·" + out.classes() + " = " + n);
        }
    }

    static void checkLabels(int[] labels, int batch, int classes) {
        if (labels == null || labels.length < batch) {
            throw new IllegalArgumentException("labels must hold at least B = " + batch + " entries, got "
                    + (labels == null ? "null" : labels.length));
        }
        for (int b = 0; b < batch; b++) {
            if (labels[b] < 0 || labels[b] >= classes) {
                throw new IllegalArgumentException("label " + labels[b] + " of sample " + b
                        + " is outside [0, " + classes + ")");
            }
        }
    }

    /** Checks a gradient destination; null is allowed. */
    static void checkGrad(float[] grad, int n, String what) {
        if (grad != null && grad.length < n) {
            throw new IllegalArgumentException(what + " has " + grad.length + " values, expected at least T·B·N = " + n);
        }
    }

    static void zero(float[] grad, int n) {
        if (grad != null) {
            Arrays.fill(grad, 0, n, 0f);
        }
    }

    /** {@code sums[i] = Σ_t series[t·rows + i]} for {@code i < rows}, in double. */
    static double[] sumOverSteps(float[] series, int steps, int rows) {
        double[] sums = new double[rows];
        for (int t = 0; t < steps; t++) {
            int base = t * rows;
            for (int i = 0; i < rows; i++) {
                sums[i] += series[base + i];
            }
        }
        return sums;
    }

    /**
     * Softmax cross entropy of one row of logits {@code z[off .. off+n)} against class {@code y}:
     * writes {@code p = softmax(z)} into {@code probs[0..n)} and returns
     * {@code log Σ_k exp(z_k − m) − (z_y − m)} with {@code m = max_k z_k}.
     */
    static double softmaxCrossEntropy(double[] z, int off, int n, int y, double[] probs) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, z[off + k]);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double e = Math.exp(z[off + k] - max);
            probs[k] = e;
            sum += e;
        }
        double inv = 1.0 / sum;
        for (int k = 0; k < n; k++) {
            probs[k] *= inv;
        }
        return Math.log(sum) - (z[off + y] - max);
    }
}
