package org.snn4j.core.layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.NormKernels;
import org.snn4j.core.kernel.ThreadPool;

/**
 * Batch normalisation over the time-major batch, "tdBN" style (SpikingJelly's
 * {@code SeqToANNContainer(BatchNorm2d)}): the {@code T·B} rows of a pass form one batch. For an input
 * of shape {@code [C, H, W]} each channel {@code c} is normalised over all {@code m = rows·H·W} of its
 * values (PyTorch's {@code BatchNorm2d} on the merged batch); for {@code [N]} each feature over the
 * {@code m = rows} rows ({@code BatchNorm1d}). Other ranks are rejected.
 *
 * <p>Training forward, per channel, from the rows of this pass:
 * <pre>
 *   μ  = Σ x / m
 *   σ² = Σ (x − μ)² / m                (biased)
 *   r  = 1/√(σ² + ε)
 *   y  = x·a + b',  a = γ·r,  b' = β − μ·a
 *   running_mean ← (1 − momentum)·running_mean + momentum·μ
 *   running_var  ← (1 − momentum)·running_var  + momentum·σ²·m/(m − 1)   (σ² itself when m = 1)
 * </pre>
 * The sums are accumulated in double across rows (partial sums over one row's {@code H·W} values of a
 * channel may be in float). μ is rounded to float before σ² is summed; μ and r are kept as floats for
 * backward, {@code a, b'} and y are computed in float, and the running statistics are updated in
 * double from the unrounded μ and σ² and then rounded to float.
 * Inference forward uses the running statistics instead: {@code a = γ/√(running_var + ε)},
 * {@code b' = β − running_mean·a}, and mutates nothing but the output buffer. Without {@code affine},
 * γ = 1 and β = 0 are fixed; with it they are learnable parameters {@code weight} (init 1) and
 * {@code bias} (init 0), both {@code [C]} and exempt from weight decay.
 *
 * <p>Backward (exact, fused), with {@code x̂ = (x − μ)·r} and {@code g = dL/dy}, per channel:
 * <pre>
 *   dβ += Σ g,   dγ += r·Σ g·(x − μ)   (= Σ g·x̂)
 *   dx  = k·((g − mean(g)) − (x − μ)·c2),  k = γ·r,  c2 = r·mean(g·x̂)
 * </pre>
 * i.e. {@code dx = γ/σ·(g − mean(g) − x̂·mean(g·x̂))}; the input gradient is written over
 * {@code gradOutput} and returned.
 *
 * <p>Time invariance and {@link #forwardRows}: the statistics of {@code T} identical copies of the
 * {@code B} rows equal those of the {@code B} rows, so {@code forwardRows(x, B)} — which uses the
 * statistics of the rows it is given — computes the same output as {@code forward} on the repeated
 * input, and its backward, given the gradient summed over the copies, gives the same parameter
 * gradients and the sum of the copies' input gradients. The one difference: the running variance's
 * unbiased correction {@code m/(m − 1)} then uses {@code m = B·H·W} rather than {@code T·B·H·W}.
 *
 * <p>Buffers (saved with the model, see {@link Layer#buffers()}): {@code running_mean} (init 0) and
 * {@code running_var} (init 1), both {@code [C]}, updated by every training forward. The layer
 * keeps a reference to the training input for backward. Channels are split over the kernels' thread
 * pool for large inputs; each channel's sums run in a fixed order, so results do not depend on the
 * thread count.
 */
public final class BatchNorm implements StatelessLayer {

    /**
     * @param momentum weight of the new batch statistic in the running averages, in [0, 1] (PyTorch's 0.1)
     * @param eps      added to the variance before the square root, finite and &gt; 0 (PyTorch's 1e-5)
     * @param affine   whether the scale γ and shift β are learned
     */
    public record Spec(float momentum, float eps, boolean affine) implements LayerSpec {
        public Spec {
            if (!(momentum >= 0f && momentum <= 1f)) {
                throw new IllegalArgumentException("batchnorm momentum must be in [0, 1], got " + momentum);
            }
            if (!(eps > 0f) || eps == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("batchnorm eps must be finite and > 0, got " + eps);
            }
        }

        /** PyTorch's defaults: momentum 0.1, eps 1e-5, affine. */
        public static Spec defaults() {
            return new Spec(0.1f, 1e-5f, true);
        }

        @Override
        public String type() {
            return "batchnorm";
        }

        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            return new BatchNorm(this, inputShape);
        }
    }

    /** Segments of at least this many values use the per-segment kernels; shorter ones the column loops. */
    static final int SEGMENT_MIN = 16;
    private static final int PARALLEL_MIN_VALUES = 1 << 15;
    private static final NormKernels NK = NormKernels.create();

    private final Spec spec;
    private final Shape shape;
    private final int channels;
    private final int spatial;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;

    private final float[] mean;
    private final float[] invStd;
    private final double[] meanExact;
    // column-loop scratch, one entry per feature (channel·spatial)
    private final double[] colAcc1;
    private final double[] colAcc2;
    private final float[] colMean;
    private final float[] colA;
    private final float[] colB;
    private final float[] colC;

    private float[] output = new float[0];
    private float[] lastInput;
    private int lastRows;
    private ThreadPool lastPool;

    private BatchNorm(Spec spec, Shape shape) {
        if (shape.rank() != 1 && shape.rank() != 3) {
            throw new IllegalArgumentException("batchnorm needs an input of rank 1 [N] or rank 3 [C, H, W], got rank "
                    + shape.rank() + " " + shape);
        }
        this.spec = spec;
        this.shape = shape;
        this.channels = shape.dim(0);
        this.spatial = shape.size() / channels;
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        if (spec.affine()) {
            this.weight = new Parameter("weight", Shape.of(channels), ones.clone(), false);
            this.bias = new Parameter("bias", Shape.of(channels), new float[channels], false);
        } else {
            this.weight = null;
            this.bias = null;
        }
        this.runningMean = new Parameter("running_mean", Shape.of(channels), new float[channels], false);
        this.runningVar = new Parameter("running_var", Shape.of(channels), ones, false);
        this.mean = new float[channels];
        this.invStd = new float[channels];
        this.meanExact = new double[channels];
        int cols = spatial < SEGMENT_MIN ? shape.size() : 0;
        this.colAcc1 = new double[cols];
        this.colAcc2 = new double[cols];
        this.colMean = new float[cols];
        this.colA = new float[cols];
        this.colB = new float[cols];
        this.colC = new float[cols];
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    /** γ, {@code [C]}, or null without {@code affine}. */
    public Parameter weight() {
        return weight;
    }

    /** β, {@code [C]}, or null without {@code affine}. */
    public Parameter bias() {
        return bias;
    }

    /** The running mean buffer, {@code [C]}. */
    public Parameter runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance buffer, {@code [C]}. */
    public Parameter runningVar() {
        return runningVar;
    }

    @Override
    public float[] forward(float[] input, RunContext ctx) {
        return forwardRows(input, ctx.rows(), ctx);
    }

    /**
     * Forward over {@code rows} rows; in training the statistics are those of these rows (see the
     * type's Javadoc for the one difference from {@link #forward} on {@code T} repeated copies).
     */
    @Override
    public float[] forwardRows(float[] input, int rows, RunContext ctx) {
        int features = shape.size();
        if (input.length != rows * features) {
            throw new IllegalArgumentException("batchnorm input has " + input.length + " values, expected rows·"
                    + shape + " = " + rows + "·" + features + " = " + rows * features);
        }
        if (output.length != rows * features) {
            output = new float[rows * features];
        }
        float[] y = output;
        ThreadPool pool = ctx.kernels().pool();
        boolean parallel = (long) rows * features >= PARALLEL_MIN_VALUES && pool.threads() > 1 && channels > 1;
        ThreadPool.RangeBody body;
        if (ctx.training()) {
            body = spatial >= SEGMENT_MIN
                    ? (c0, c1) -> trainSegments(input, y, rows, c0, c1)
                    : (c0, c1) -> trainColumns(input, y, rows, c0, c1);
        } else {
            body = (c0, c1) -> infer(input, y, rows, c0, c1);
        }
        if (parallel) {
            pool.parallelFor(channels, 1, body);
        } else {
            body.run(0, channels);
        }
        lastInput = ctx.training() ? input : null;
        lastRows = rows;
        lastPool = pool;
        return output;
    }

    private float gamma(int c) {
        return weight == null ? 1f : weight.value()[c];
    }

    private float beta(int c) {
        return bias == null ? 0f : bias.value()[c];
    }

    /** Stores μ and r for channel c from {@code sq = Σ(x − μ)²} and updates the running statistics. */
    private void finishStatistics(int c, double mu, float muF, double sq, long m) {
        double var = sq / m;
        mean[c] = muF;
        invStd[c] = (float) (1.0 / Math.sqrt(var + spec.eps()));
        double mom = spec.momentum();
        double unbiased = m > 1 ? var * m / (m - 1) : var;
        float[] rm = runningMean.value();
        float[] rv = runningVar.value();
        rm[c] = (float) ((1 - mom) * rm[c] + mom * mu);
        rv[c] = (float) ((1 - mom) * rv[c] + mom * unbiased);
    }

    private void trainSegments(float[] x, float[] y, int rows, int c0, int c1) {
        int s = spatial;
        int stride = channels * s;
        long m = (long) rows * s;
        for (int c = c0; c < c1; c++) {
            double acc = 0;
            for (int r = 0, off = c * s; r < rows; r++, off += stride) {
                acc += NK.sum(x, off, s);
            }
            double mu = acc / m;
            float muF = (float) mu;
            double sq = 0;
            for (int r = 0, off = c * s; r < rows; r++, off += stride) {
                sq += NK.sumSquaredDeviations(x, off, s, muF);
            }
            finishStatistics(c, mu, muF, sq, m);
            float a = gamma(c) * invStd[c];
            float b = beta(c) - muF * a;
            for (int r = 0, off = c * s; r < rows; r++, off += stride) {
                NK.scaleShift(x, off, s, a, b, y, off);
            }
        }
    }

    private void trainColumns(float[] x, float[] y, int rows, int c0, int c1) {
        int s = spatial;
        int features = channels * s;
        int f0 = c0 * s;
        int f1 = c1 * s;
        long m = (long) rows * s;
        double[] acc = colAcc1;
        Arrays.fill(acc, f0, f1, 0.0);
        for (int r = 0; r < rows; r++) {
            int base = r * features;
            for (int f = f0; f < f1; f++) {
                acc[f] += x[base + f];
            }
        }
        for (int c = c0; c < c1; c++) {
            double t = 0;
            for (int j = c * s; j < (c + 1) * s; j++) {
                t += acc[j];
            }
            meanExact[c] = t / m;
            Arrays.fill(colMean, c * s, (c + 1) * s, (float) (t / m));
        }
        Arrays.fill(acc, f0, f1, 0.0);
        float[] mu = colMean;
        for (int r = 0; r < rows; r++) {
            int base = r * features;
            for (int f = f0; f < f1; f++) {
                float d = x[base + f] - mu[f];
                acc[f] += d * d;
            }
        }
        for (int c = c0; c < c1; c++) {
            double sq = 0;
            for (int j = c * s; j < (c + 1) * s; j++) {
                sq += acc[j];
            }
            float muF = colMean[c * s];
            finishStatistics(c, meanExact[c], muF, sq, m);
            float a = gamma(c) * invStd[c];
            float b = beta(c) - muF * a;
            Arrays.fill(colA, c * s, (c + 1) * s, a);
            Arrays.fill(colB, c * s, (c + 1) * s, b);
        }
        applyColumns(x, y, rows, f0, f1);
    }

    private void applyColumns(float[] x, float[] y, int rows, int f0, int f1) {
        int features = shape.size();
        float[] a = colA;
        float[] b = colB;
        for (int r = 0; r < rows; r++) {
            int base = r * features;
            for (int f = f0; f < f1; f++) {
                y[base + f] = x[base + f] * a[f] + b[f];
            }
        }
    }

    private void infer(float[] x, float[] y, int rows, int c0, int c1) {
        int s = spatial;
        int stride = channels * s;
        float[] rm = runningMean.value();
        float[] rv = runningVar.value();
        for (int c = c0; c < c1; c++) {
            float a = (float) (gamma(c) / Math.sqrt((double) rv[c] + spec.eps()));
            float b = beta(c) - rm[c] * a;
            if (s >= SEGMENT_MIN) {
                for (int r = 0, off = c * s; r < rows; r++, off += stride) {
                    NK.scaleShift(x, off, s, a, b, y, off);
                }
            } else {
                Arrays.fill(colA, c * s, (c + 1) * s, a);
                Arrays.fill(colB, c * s, (c + 1) * s, b);
            }
        }
        if (s < SEGMENT_MIN) {
            applyColumns(x, y, rows, c0 * s, c1 * s);
        }
    }

    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        if (lastInput == null) {
            throw new IllegalStateException("batchnorm backward called without a preceding training forward");
        }
        int rows = lastRows;
        int features = shape.size();
        if (gradOutput.length != rows * features) {
            throw new IllegalArgumentException("batchnorm gradient has " + gradOutput.length
                    + " values, expected rows·features = " + rows * features);
        }
        float[] x = lastInput;
        lastInput = null;
        ThreadPool.RangeBody body = spatial >= SEGMENT_MIN
                ? (c0, c1) -> backwardSegments(gradOutput, x, rows, needInputGrad, c0, c1)
                : (c0, c1) -> backwardColumns(gradOutput, x, rows, needInputGrad, c0, c1);
        if ((long) rows * features >= PARALLEL_MIN_VALUES && lastPool.threads() > 1 && channels > 1) {
            lastPool.parallelFor(channels, 1, body);
        } else {
            body.run(0, channels);
        }
        return needInputGrad ? gradOutput : null;
    }

    /** Adds dγ and dβ of channel c, given Σg and Σg·(x − μ). */
    private void addParameterGradients(int c, double sg, double sgx) {
        if (weight != null) {
            weight.grad()[c] += (float) (invStd[c] * sgx);
            bias.grad()[c] += (float) sg;
        }
    }

    private void backwardSegments(float[] g, float[] x, int rows, boolean needInputGrad, int c0, int c1) {
        int s = spatial;
        int stride = channels * s;
        long m = (long) rows * s;
        for (int c = c0; c < c1; c++) {
            float mu = mean[c];
            double sg = 0;
            double sgx = 0;
            for (int r = 0, off = c * s; r < rows; r++, off += stride) {
                sg += NK.sum(g, off, s);
                sgx += NK.centredDot(g, off, x, off, s, mu);
            }
            addParameterGradients(c, sg, sgx);
            if (needInputGrad) {
                float rs = invStd[c];
                float k = gamma(c) * rs;
                float mg = (float) (sg / m);
                float c2 = (float) ((double) rs * rs * sgx / m);
                for (int r = 0, off = c * s; r < rows; r++, off += stride) {
                    NK.normBackward(g, off, x, off, s, mu, k, mg, c2, g, off);
                }
            }
        }
    }

    private void backwardColumns(float[] g, float[] x, int rows, boolean needInputGrad, int c0, int c1) {
        int s = spatial;
        int features = channels * s;
        int f0 = c0 * s;
        int f1 = c1 * s;
        long m = (long) rows * s;
        double[] a1 = colAcc1;
        double[] a2 = colAcc2;
        float[] mu = colMean;
        for (int c = c0; c < c1; c++) {
            Arrays.fill(mu, c * s, (c + 1) * s, mean[c]);
        }
        Arrays.fill(a1, f0, f1, 0.0);
        Arrays.fill(a2, f0, f1, 0.0);
        for (int r = 0; r < rows; r++) {
            int base = r * features;
            for (int f = f0; f < f1; f++) {
                float gv = g[base + f];
                a1[f] += gv;
                a2[f] += gv * (x[base + f] - mu[f]);
            }
        }
        for (int c = c0; c < c1; c++) {
            double sg = 0;
            double sgx = 0;
            for (int j = c * s; j < (c + 1) * s; j++) {
                sg += a1[j];
                sgx += a2[j];
            }
            addParameterGradients(c, sg, sgx);
            float rs = invStd[c];
            Arrays.fill(colA, c * s, (c + 1) * s, gamma(c) * rs);
            Arrays.fill(colB, c * s, (c + 1) * s, (float) (sg / m));
            Arrays.fill(colC, c * s, (c + 1) * s, (float) ((double) rs * rs * sgx / m));
        }
        if (!needInputGrad) {
            return;
        }
        float[] k = colA;
        float[] mg = colB;
        float[] c2 = colC;
        for (int r = 0; r < rows; r++) {
            int base = r * features;
            for (int f = f0; f < f1; f++) {
                g[base + f] = k[f] * ((g[base + f] - mg[f]) - (x[base + f] - mu[f]) * c2[f]);
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(2);
        if (weight != null) {
            ps.add(weight);
            ps.add(bias);
        }
        return List.copyOf(ps);
    }

    @Override
    public List<Parameter> buffers() {
        return List.of(runningMean, runningVar);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
