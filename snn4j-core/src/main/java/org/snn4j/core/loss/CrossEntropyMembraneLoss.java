package org.snn4j.core.loss;

import java.util.Objects;
import org.snn4j.core.network.NetworkOutput;

/**
 * Softmax cross entropy of the last layer's membrane potential at every step, summed over steps
 * ({@code "ce-membrane"}; the loss of snnTorch tutorial 5:
 * {@code for step: loss_val += CrossEntropyLoss()(mem_rec[step], targets)}).
 *
 * <p>With membrane {@code U [T, B, N]}, {@code p[t,b,·] = softmax(U[t,b,·])} and labels {@code y_b}:
 * <pre>
 *   L = Σ_t (1/B) Σ_b ( log Σ_n exp(U[t,b,n]) − U[t,b,y_b] )
 *   dL/dU[t,b,n] = (p[t,b,n] − [n = y_b]) / B
 * </pre>
 * i.e. the sum over steps of the per-step batch-mean cross entropy (so L grows with T). The softmax
 * subtracts the row maximum and is computed in double; gradients are stored as float. No gradient
 * flows through the spikes: the output gradient, when an array is given, is written as zeros.
 *
 * <p>Read-out ({@link #scores}): {@link Readout#MEMBRANE_SUM} by default, {@code Σ_t U[t,b,n]};
 * {@link Readout#SPIKE_COUNT} reproduces snnTorch tutorial 5, which predicts from spike counts.
 * Stateless and thread-safe.
 */
public final class CrossEntropyMembraneLoss implements Loss {
    /** Stable name. */
    public static final String NAME = "ce-membrane";

    private final Readout readout;

    /** With the {@link Readout#MEMBRANE_SUM} read-out. */
    public CrossEntropyMembraneLoss() {
        this(Readout.MEMBRANE_SUM);
    }

    /** @param readout how {@link #scores} predicts classes */
    public CrossEntropyMembraneLoss(Readout readout) {
        this.readout = Objects.requireNonNull(readout, "readout");
    }

    public Readout readout() {
        return readout;
    }

    @Override
    public float compute(NetworkOutput out, int[] labels, float[] gradOutput, float[] gradMembrane) {
        float[] mem = out.membrane();
        LossSupport.checkSeries(out, mem, "membrane");
        int steps = out.steps();
        int batch = out.batch();
        int classes = out.classes();
        int size = LossSupport.size(out);
        LossSupport.checkLabels(labels, batch, classes);
        LossSupport.checkGrad(gradOutput, size, "gradOutput");
        LossSupport.checkGrad(gradMembrane, size, "gradMembrane");

        double[] row = new double[classes];
        double[] probs = new double[classes];
        double invB = 1.0 / batch;
        double loss = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int base = (t * batch + b) * classes;
                for (int n = 0; n < classes; n++) {
                    row[n] = mem[base + n];
                }
                int y = labels[b];
                loss += LossSupport.softmaxCrossEntropy(row, 0, classes, y, probs);
                if (gradMembrane != null) {
                    for (int n = 0; n < classes; n++) {
                        gradMembrane[base + n] = (float) ((probs[n] - (n == y ? 1.0 : 0.0)) * invB);
                    }
                }
            }
        }
        LossSupport.zero(gradOutput, size);
        return (float) (loss * invB);
    }

    @Override
    public boolean usesOutput() {
        return false;
    }

    @Override
    public boolean usesMembrane() {
        return true;
    }

    /** Scores of this loss's {@link #readout()}: a new {@code [B, N]} array. */
    @Override
    public float[] scores(NetworkOutput out) {
        return readout.scores(out);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return NAME + "(readout=" + readout + ")";
    }
}
