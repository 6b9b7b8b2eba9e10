package org.snn4j.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.network.Network;
import org.snn4j.core.optim.Sgd;

class BatchNormTest {
    private static final double EPS = 1e-5;

    /** Input shapes covering both loops: segments (H·W ≥ 16) and columns (H·W < 16, and rank 1). */
    private static final Shape[] SHAPES = {Shape.of(3, 5, 4), Shape.of(2, 4, 4), Shape.of(4, 2, 3), Shape.of(7)};

    private static float[] random(SplittableRandom rng, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextDouble(lo, hi);
        }
        return a;
    }

    private static BatchNorm build(Shape shape, boolean affine, SplittableRandom rng) {
        BatchNorm bn = (BatchNorm) new BatchNorm.Spec(0.1f, 1e-5f, affine).build(shape, rng);
        if (affine) {
            float[] g = bn.weight().value();
            float[] b = bn.bias().value();
            for (int c = 0; c < g.length; c++) {
                g[c] = (float) rng.nextDouble(0.5, 2);
                b[c] = (float) rng.nextDouble(-1, 1);
            }
        }
        return bn;
    }

    /** Double-precision reference: normalised outputs of the rows, per channel over rows·S values. */
    private static double[] reference(double[] x, double[] gamma, double[] beta, int rows, int channels, int s) {
        double[] y = new double[x.length];
        int m = rows * s;
        for (int c = 0; c < channels; c++) {
            double mu = 0;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < s; j++) {
                    mu += x[(r * channels + c) * s + j];
                }
            }
            mu /= m;
            double var = 0;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < s; j++) {
                    double d = x[(r * channels + c) * s + j] - mu;
                    var += d * d;
                }
            }
            var /= m;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < s; j++) {
                    int i = (r * channels + c) * s + j;
                    y[i] = gamma[c] * (x[i] - mu) / Math.sqrt(var + EPS) + beta[c];
                }
            }
        }
        return y;
    }

    private static double loss(double[] x, double[] gamma, double[] beta, float[] w, int rows, int channels, int s) {
        double[] y = reference(x, gamma, beta, rows, channels, s);
        double l = 0;
        for (int i = 0; i < y.length; i++) {
            l += w[i] * y[i];
        }
        return l;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static double[] gammaOf(BatchNorm bn, int channels) {
        double[] g = new double[channels];
        Arrays.fill(g, 1);
        return bn.weight() == null ? g : toDouble(bn.weight().value());
    }

    private static double[] betaOf(BatchNorm bn, int channels) {
        return bn.bias() == null ? new double[channels] : toDouble(bn.bias().value());
    }

    @Test
    void trainingForwardNormalisesWithBatchStatisticsOfEveryChannel() {
        SplittableRandom rng = new SplittableRandom(21);
        for (Shape shape : SHAPES) {
            int channels = shape.dim(0);
            int s = shape.size() / channels;
            int steps = 2, batch = 3, rows = steps * batch;
            BatchNorm bn = build(shape, true, rng);
            float[] x = random(rng, rows * shape.size(), -3, 5);
            double[] ref = reference(toDouble(x), gammaOf(bn, channels), betaOf(bn, channels), rows, channels, s);
            try (Kernels k = Kernels.create(1)) {
                float[] y = bn.forward(x, new RunContext(steps, batch, true, 0, k));
                for (int i = 0; i < y.length; i++) {
                    assertThat((double) y[i]).as("%s value %d", shape, i).isCloseTo(ref[i], within(2e-5));
                }
            }
        }
    }

    @Test
    void runningStatisticsFollowThePyTorchRule() {
        BatchNorm bn = (BatchNorm) BatchNorm.Spec.defaults().build(Shape.of(2), new SplittableRandom(1));
        assertThat(bn.runningMean().value()).containsExactly(0f, 0f);
        assertThat(bn.runningVar().value()).containsExactly(1f, 1f);
        // rows (T = 2, B = 2) of [feature 0, feature 1]
        float[] x1 = {1, 0, 2, 0, 3, 0, 4, 8};
        float[] x2 = {2, 1, 2, -1, 2, 1, 2, -1};
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(2, 2, true, 0, k);
            float[] y = bn.forward(x1, ctx);
            // feature 0: μ = 2.5, σ² = 1.25 (unbiased 5/3); feature 1: μ = 2, σ² = 12 (unbiased 16)
            double r0 = 1 / Math.sqrt(1.25 + EPS);
            assertThat((double) y[0]).isCloseTo(-1.5 * r0, within(1e-6));
            assertThat((double) y[6]).isCloseTo(1.5 * r0, within(1e-6));
            assertThat((double) y[7]).isCloseTo(6 / Math.sqrt(12 + EPS), within(1e-6));
            assertThat(bn.runningMean().value()[0]).isCloseTo(0.25f, within(1e-7f));
            assertThat(bn.runningMean().value()[1]).isCloseTo(0.2f, within(1e-7f));
            assertThat(bn.runningVar().value()[0]).isCloseTo(0.9f + 0.1f * 5f / 3f, within(1e-6f));
            assertThat(bn.runningVar().value()[1]).isCloseTo(2.5f, within(1e-6f));
            bn.backward(new float[8], true);
            bn.forward(x2, ctx);
            // feature 0: μ = 2, σ² = 0; feature 1: μ = 0, σ² = 1 (unbiased 4/3)
            assertThat(bn.runningMean().value()[0]).isCloseTo(0.425f, within(1e-6f));
            assertThat(bn.runningMean().value()[1]).isCloseTo(0.18f, within(1e-6f));
            assertThat(bn.runningVar().value()[0]).isCloseTo(0.96f, within(1e-6f));
            assertThat(bn.runningVar().value()[1]).isCloseTo(2.25f + 0.4f / 3f, within(1e-6f));
        }
        // momentum 1 keeps only the latest batch; 0 never moves
        for (float momentum : new float[] {0f, 1f}) {
            BatchNorm b = (BatchNorm) new BatchNorm.Spec(momentum, 1e-5f, false).build(Shape.of(2), new SplittableRandom(1));
            try (Kernels k = Kernels.create(1)) {
                b.forward(x1, new RunContext(2, 2, true, 0, k));
            }
            float[] expectedMean = momentum == 0f ? new float[] {0f, 0f} : new float[] {2.5f, 2f};
            float[] expectedVar = momentum == 0f ? new float[] {1f, 1f} : new float[] {5f / 3f, 16f};
            for (int c = 0; c < 2; c++) {
                assertThat(b.runningMean().value()[c]).isCloseTo(expectedMean[c], within(1e-6f));
                assertThat(b.runningVar().value()[c]).isCloseTo(expectedVar[c], within(1e-5f));
            }
        }
    }

    @Test
    void inferenceUsesTheRunningStatisticsAndChangesNothing() {
        SplittableRandom rng = new SplittableRandom(22);
        for (Shape shape : SHAPES) {
            int channels = shape.dim(0);
            int s = shape.size() / channels;
            BatchNorm bn = build(shape, true, rng);
            float[] rm = bn.runningMean().value();
            float[] rv = bn.runningVar().value();
            for (int c = 0; c < channels; c++) {
                rm[c] = (float) rng.nextDouble(-1, 1);
                rv[c] = (float) rng.nextDouble(0.2, 3);
            }
            float[] rmBefore = rm.clone();
            float[] rvBefore = rv.clone();
            float[] x = random(rng, 4 * shape.size(), -2, 2);
            try (Kernels k = Kernels.create(1)) {
                float[] y = bn.forward(x, new RunContext(2, 2, false, 0, k));
                for (int i = 0; i < y.length; i++) {
                    int c = i / s % channels;
                    double expected = bn.weight().value()[c] * (x[i] - rm[c]) / Math.sqrt(rv[c] + EPS)
                            + bn.bias().value()[c];
                    assertThat((double) y[i]).as("%s value %d", shape, i).isCloseTo(expected, within(1e-5));
                }
                assertThat(rm).containsExactly(rmBefore);
                assertThat(rv).containsExactly(rvBefore);
                assertThatThrownBy(() -> bn.backward(new float[y.length], true))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("batchnorm backward called without a preceding training forward");
            }
        }
    }

    @Test
    void gradientsMatchCentralFiniteDifferencesOfADoubleReference() {
        SplittableRandom rng = new SplittableRandom(23);
        double h = 1e-5;
        for (boolean affine : new boolean[] {true, false}) {
            for (Shape shape : SHAPES) {
                int channels = shape.dim(0);
                int s = shape.size() / channels;
                int steps = 2, batch = 2, rows = steps * batch;
                BatchNorm bn = build(shape, affine, rng);
                float[] x = random(rng, rows * shape.size(), -2, 3);
                float[] w = random(rng, x.length, -1, 1);
                float[] dx;
                try (Kernels k = Kernels.create(1)) {
                    bn.forward(x, new RunContext(steps, batch, true, 0, k));
                    dx = bn.backward(w.clone(), true).clone();
                }
                double[] xd = toDouble(x);
                double[] gamma = gammaOf(bn, channels);
                double[] beta = betaOf(bn, channels);
                for (int i = 0; i < x.length; i++) {
                    double keep = xd[i];
                    xd[i] = keep + h;
                    double lp = loss(xd, gamma, beta, w, rows, channels, s);
                    xd[i] = keep - h;
                    double lm = loss(xd, gamma, beta, w, rows, channels, s);
                    xd[i] = keep;
                    double numeric = (lp - lm) / (2 * h);
                    assertThat((double) dx[i]).as("%s affine=%s dx[%d]", shape, affine, i)
                            .isCloseTo(numeric, within(1e-4 + 1e-3 * Math.abs(numeric)));
                }
                if (!affine) {
                    assertThat(bn.parameters()).isEmpty();
                    continue;
                }
                for (int c = 0; c < channels; c++) {
                    for (int which = 0; which < 2; which++) {
                        double[] p = which == 0 ? gamma : beta;
                        double keep = p[c];
                        p[c] = keep + h;
                        double lp = loss(xd, gamma, beta, w, rows, channels, s);
                        p[c] = keep - h;
                        double lm = loss(xd, gamma, beta, w, rows, channels, s);
                        p[c] = keep;
                        double numeric = (lp - lm) / (2 * h);
                        float analytic = (which == 0 ? bn.weight() : bn.bias()).grad()[c];
                        assertThat((double) analytic).as("%s d%s[%d]", shape, which == 0 ? "γ" : "β", c)
                                .isCloseTo(numeric, within(1e-4 + 1e-4 * Math.abs(numeric)));
                    }
                }
            }
        }
    }

    @Test
    void forwardRowsOnDistinctRowsMatchesForwardOnRepeatedCopies() {
        SplittableRandom rng = new SplittableRandom(24);
        for (Shape shape : SHAPES) {
            int steps = 3, batch = 2;
            int n = batch * shape.size();
            int m = batch * (shape.size() / shape.dim(0));
            BatchNorm rowsLayer = build(shape, true, new SplittableRandom(5));
            BatchNorm fullLayer = build(shape, true, new SplittableRandom(5));
            float[] once = random(rng, n, -2, 4);
            float[] repeated = new float[steps * n];
            for (int t = 0; t < steps; t++) {
                System.arraycopy(once, 0, repeated, t * n, n);
            }
            float[] g = random(rng, steps * n, -1, 1);
            float[] summed = new float[n];
            for (int i = 0; i < g.length; i++) {
                summed[i % n] += g[i];
            }
            try (Kernels k = Kernels.create(1)) {
                RunContext ctx = new RunContext(steps, batch, true, 0, k);
                float[] yRows = rowsLayer.forwardRows(once, batch, ctx).clone();
                float[] yFull = fullLayer.forward(repeated, ctx).clone();
                for (int i = 0; i < yFull.length; i++) {
                    assertThat(yFull[i]).as("%s output %d", shape, i).isCloseTo(yRows[i % n], within(1e-5f));
                }
                float[] dxRows = rowsLayer.backward(summed, true).clone();
                float[] dxFull = fullLayer.backward(g.clone(), true);
                for (int i = 0; i < n; i++) {
                    float sum = 0;
                    for (int t = 0; t < steps; t++) {
                        sum += dxFull[t * n + i];
                    }
                    assertThat(dxRows[i]).as("%s dx %d", shape, i).isCloseTo(sum, within(1e-4f));
                }
                for (int c = 0; c < shape.dim(0); c++) {
                    assertThat(rowsLayer.weight().grad()[c]).isCloseTo(fullLayer.weight().grad()[c], within(1e-4f));
                    assertThat(rowsLayer.bias().grad()[c]).isCloseTo(fullLayer.bias().grad()[c], within(1e-4f));
                    assertThat(rowsLayer.runningMean().value()[c])
                            .isCloseTo(fullLayer.runningMean().value()[c], within(1e-6f));
                    // the one difference: the unbiased correction uses m = B·S rather than T·B·S
                    double biased = (rowsLayer.runningVar().value()[c] - 0.9) / 0.1 * (m - 1) / m;
                    double full = 0.9 + 0.1 * biased * steps * m / (steps * m - 1);
                    assertThat((double) fullLayer.runningVar().value()[c]).isCloseTo(full, within(1e-5));
                }
            }
        }
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalResults() {
        SplittableRandom rng = new SplittableRandom(25);
        // 16 rows × 2048 = 32 768 values: at the parallel threshold (segments, then columns)
        for (Shape shape : new Shape[] {Shape.of(8, 16, 16), Shape.of(2048), Shape.of(512, 2, 2)}) {
            int steps = 4, batch = 4;
            float[] x = random(rng, steps * batch * shape.size(), -1, 3);
            float[] g = random(rng, x.length, -1, 1);
            float[][] results = new float[2][];
            for (int t = 0; t < 2; t++) {
                BatchNorm bn = build(shape, true, new SplittableRandom(9));
                try (Kernels k = Kernels.create(t + 1)) {
                    float[] y = bn.forward(x, new RunContext(steps, batch, true, 0, k)).clone();
                    float[] dx = bn.backward(g.clone(), true).clone();
                    results[t] = concat(y, dx, bn.weight().grad(), bn.bias().grad(), bn.runningMean().value(),
                            bn.runningVar().value());
                }
            }
            assertThat(results[1]).as(shape.toString()).isEqualTo(results[0]);
        }
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] all = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, o, p.length);
            o += p.length;
        }
        return all;
    }

    @Test
    void parametersAndBuffersAreSeparateAndExemptFromDecay() {
        BatchNorm bn = (BatchNorm) BatchNorm.Spec.defaults().build(Shape.of(3, 4, 4), new SplittableRandom(1));
        assertThat(bn.parameters()).extracting(Parameter::name).containsExactly("weight", "bias");
        assertThat(bn.parameters()).noneMatch(Parameter::decay);
        assertThat(bn.weight().value()).containsExactly(1f, 1f, 1f);
        assertThat(bn.bias().value()).containsExactly(0f, 0f, 0f);
        assertThat(bn.buffers()).extracting(Parameter::name).containsExactly("running_mean", "running_var");
        assertThat(bn.buffers()).extracting(Parameter::shape).containsOnly(Shape.of(3));
        BatchNorm plain = (BatchNorm) new BatchNorm.Spec(0.1f, 1e-5f, false).build(Shape.of(5), new SplittableRandom(1));
        assertThat(plain.parameters()).isEmpty();
        assertThat(plain.buffers()).hasSize(2);
        assertThat(plain.spec().type()).isEqualTo("batchnorm");
    }

    @Test
    void inANetworkBuffersAreNotTrainedAndInferenceFoldingIsExact() {
        Network net = Network.builder(2, 6, 6).batchNorm().maxPool2d(2).avgPool2d(3, 1, 1).flatten().linear(4)
                .add(BatchNorm.Spec.defaults()).lif(0.9f).build(3);
        assertThat(net.parameters()).extracting(Parameter::name)
                .containsExactly("weight", "bias", "weight", "bias", "weight", "bias");
        assertThat(net.buffers()).extracting(Parameter::name)
                .containsExactly("running_mean", "running_var", "running_mean", "running_var");
        assertThat(net.bufferCount()).isEqualTo(2 * 2 + 2 * 4);
        assertThat(net.layers().get(1).outputShape()).isEqualTo(Shape.of(2, 3, 3));
        assertThat(net.layers().get(2).outputShape()).isEqualTo(Shape.of(2, 3, 3));
        SplittableRandom rng = new SplittableRandom(26);
        int steps = 3, batch = 2;
        float[] once = random(rng, batch * 72, 0, 1);
        float[] repeated = new float[steps * once.length];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(once, 0, repeated, t * once.length, once.length);
        }
        try (Kernels k = Kernels.create(1)) {
            var out = net.forward(repeated, new RunContext(steps, batch, true, 1, k));
            float[] runningBefore = net.buffers().get(0).value().clone();
            assertThat(runningBefore).isNotEqualTo(new float[] {0f, 0f});
            net.zeroGrad();
            float[] g = random(rng, out.output().length, -1, 1);
            net.backward(g, null);
            assertThat(net.parameters().get(0).grad()).isNotEqualTo(new float[2]);
            new Sgd(0.5f).step(net.parameters());
            assertThat(net.buffers().get(0).value()).containsExactly(runningBefore);
            float[] full = net.forward(repeated, new RunContext(steps, batch, false, 1, k)).output().clone();
            float[] folded = net.forwardTimeInvariant(once, new RunContext(steps, batch, false, 1, k)).output();
            assertThat(folded).containsExactly(full);
            assertThat(net.buffers().get(0).value()).containsExactly(runningBefore);
        }
    }

    @Test
    void invalidValuesAreNamed() {
        assertThatThrownBy(() -> new BatchNorm.Spec(-0.1f, 1e-5f, true))
                .hasMessage("batchnorm momentum must be in [0, 1], got -0.1");
        assertThatThrownBy(() -> new BatchNorm.Spec(1.5f, 1e-5f, true)).hasMessageContaining("got 1.5");
        assertThatThrownBy(() -> new BatchNorm.Spec(Float.NaN, 1e-5f, true)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> new BatchNorm.Spec(0.1f, 0f, true))
                .hasMessage("batchnorm eps must be finite and > 0, got 0.0");
        assertThatThrownBy(() -> new BatchNorm.Spec(0.1f, -1e-5f, true)).hasMessageContaining("got -1.0E-5");
        assertThatThrownBy(() -> new BatchNorm.Spec(0.1f, Float.POSITIVE_INFINITY, true))
                .hasMessageContaining("got Infinity");
        assertThatThrownBy(() -> BatchNorm.Spec.defaults().build(Shape.of(3, 4), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchnorm needs an input of rank 1 [N] or rank 3 [C, H, W], got rank 2 [3, 4]");
        assertThatThrownBy(() -> Network.builder(1, 2, 3, 4).batchNorm().build(1))
                .hasMessageContaining("layer 0 (batchnorm): batchnorm needs an input of rank 1 [N] or rank 3")
                .hasMessageContaining("got rank 4 [1, 2, 3, 4]");
        BatchNorm bn = (BatchNorm) BatchNorm.Spec.defaults().build(Shape.of(4), new SplittableRandom(1));
        try (Kernels k = Kernels.create(1)) {
            assertThatThrownBy(() -> bn.forward(new float[7], new RunContext(1, 2, true, 0, k)))
                    .hasMessage("batchnorm input has 7 values, expected rows·[4] = 2·4 = 8");
            bn.forward(new float[8], new RunContext(1, 2, true, 0, k));
            assertThatThrownBy(() -> bn.backward(new float[6], true)).hasMessageContaining("gradient has 6 values");
        }
        assertThat(List.of(BatchNorm.Spec.defaults())).containsExactly(new BatchNorm.Spec(0.1f, 1e-5f, true));
    }
}
