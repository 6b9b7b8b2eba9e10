package org.snn4j.core.loss;

import org.snn4j.core.network.NetworkOutput;

/**
 * Softmax cross entropy of spike counts ({@code "ce-count"}, snnTorch {@code ce_count_loss}).
 *
 * <p>With {@code c[b,n] = Σ_t out[t,b,n]} (output {@code [T, B, N]}), {@code p[b,·] = softmax(c[b,·])}
 * and labels {@code y_b}:
 * <pre>
 *   L = (1/B) Σ_b ( log Σ_n exp(c[b,n]) − c[b,y_b] )
 *   dL/dout[t,b,n] = (p[b,n] − [n = y_b]) / B      for every step t
 * </pre>
 * The softmax subtracts the row maximum; counts, softmax and the loss are computed in double, the
 * gradient is stored as float. The membrane gradient, when an array is given, is written as zeros.
 * Read-out: {@link #scores} returns the counts {@code c} ({@link Readout#SPIKE_COUNT}).
 * Stateless and thread-safe.
 */
public final class CrossEntropyCountLoss implements Loss {
    /** Stable name. */
    public static final String NAME = "ce-count";

    @Override
    public float compute(NetworkOutput out, int[] labels, float[] gradOutput, float[] gradMembrane) {
        LossSupport.checkSeries(out, out.output(), "output");
        int steps = out.steps();
        int batch = out.batch();
        int classes = out.classes();
        int size = LossSupport.size(out);
        LossSupport.checkLabels(labels, batch, classes);
        LossSupport.checkGrad(gradOutput, size, "gradOutput");
        LossSupport.checkGrad(gradMembrane, size, "gradMembrane");

        int rows = batch * classes;
        double[] counts = LossSupport.sumOverSteps(out.output(), steps, rows);
        double[] probs = new double[classes];
        double invB = 1.0 / batch;
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            int base = b * classes;
            loss += LossSupport.softmaxCrossEntropy(counts, base, classes, labels[b], probs);
            if (gradOutput != null) {
                for (int n = 0; n < classes; n++) {
                    double target = n == labels[b] ? 1.0 : 0.0;
                    gradOutput[base + n] = (float) ((probs[n] - target) * invB);
                }
            }
        }
        if (gradOutput != null) {
            for (int t = 1; t < steps; t++) {
                System.arraycopy(gradOutput, 0, gradOutput, t * rows, rows);
            }
        }
        LossSupport.zero(gradMembrane, size);
        return (float) (loss * invB);
    }

    @Override
    public boolean usesOutput() {
        return true;
    }

    @Override
    public boolean usesMembrane() {
        return false;
    }

    /** Spike counts {@code c[b,n] = Σ_t out[t,b,n]}, a new {@code [B, N]} array. */
    @Override
    public float[] scores(NetworkOutput out) {
        return Readout.SPIKE_COUNT.scores(out);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
