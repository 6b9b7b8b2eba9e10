package org.snn4j.core.loss;

import org.snn4j.core.network.NetworkOutput;

/**
 * Mean squared error between spike counts and target counts ({@code "mse-count"}), with exactly
 * the reduction of snnTorch {@code mse_count_loss(correct_rate, incorrect_rate)}.
 *
 * <p>With {@code c[b,n] = Σ_t out[t,b,n]} (output {@code [T, B, N]}), target counts
 * {@code on = ⌊T·correctRate⌋}, {@code off = ⌊T·incorrectRate⌋} (snnTorch's {@code int()},
 * computed in double) and {@code τ[b,n] = on} if {@code n = y_b} else {@code off}:
 * <pre>
 *   L = (1/(B·N)) Σ_{b,n} (c[b,n] − τ[b,n])² / T
 *   dL/dout[t,b,n] = 2 (c[b,n] − τ[b,n]) / (B·N·T)      for every step t
 * </pre>
 * ({@code nn.MSELoss()} with mean reduction over {@code [B, N]}, then divided by the number of
 * steps, as snnTorch does). Counts and the loss are accumulated in double. The membrane gradient,
 * when an array is given, is written as zeros. Read-out: spike counts. Stateless and thread-safe.
 *
 * @param correctRate   target firing rate of the labelled class, in [0, 1]
 * @param incorrectRate target firing rate of the other classes, in [0, 1]
 */
public record MseCountLoss(double correctRate, double incorrectRate) implements Loss {
    /** Stable name. */
    public static final String NAME = "mse-count";

    public MseCountLoss {
        checkRate("correctRate", correctRate);
        checkRate("incorrectRate", incorrectRate);
    }

    /** The snnTorch tutorial setting {@code correct_rate=0.8, incorrect_rate=0.2}. */
    public static MseCountLoss defaults() {
        return new MseCountLoss(0.8, 0.2);
    }

    private static void checkRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + rate);
        }
    }

    /** {@code ⌊steps·correctRate⌋}, the target count of the labelled class. */
    public int onTarget(int steps) {
        return (int) Math.floor(steps * correctRate);
    }

    /** {@code ⌊steps·incorrectRate⌋}, the target count of the other classes. */
    public int offTarget(int steps) {
        return (int) Math.floor(steps * incorrectRate);
    }

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
        double on = onTarget(steps);
        double off = offTarget(steps);
        double gradScale = 2.0 / ((double) rows * steps);
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            int base = b * classes;
            for (int n = 0; n < classes; n++) {
                double diff = counts[base + n] - (n == labels[b] ? on : off);
                loss += diff * diff;
                if (gradOutput != null) {
                    gradOutput[base + n] = (float) (diff * gradScale);
                }
            }
        }
        if (gradOutput != null) {
            for (int t = 1; t < steps; t++) {
                System.arraycopy(gradOutput, 0, gradOutput, t * rows, rows);
            }
        }
        LossSupport.zero(gradMembrane, size);
        return (float) (loss / rows / steps);
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
}
