package org.snn4j.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.network.LayerRegistry;
import org.snn4j.core.network.Network;

class QcfsTest {

    private static Qcfs build(int levels, float lambda, int features) {
        return (Qcfs) new Qcfs.Spec(levels, lambda).build(Shape.of(features), new Random(1));
    }

    @Test
    void forwardQuantisesToMultiplesOfLambdaOverLevels() {
        // λ = 2, L = 4: step h = 0.5, k = clip(floor(2x + 0.5), 0, 4)
        Qcfs q = build(4, 2f, 8);
        assertThat(q.threshold()).isEqualTo(2f);
        assertThat(q.levels()).isEqualTo(4);
        assertThat(q.parameters()).hasSize(1);
        assertThat(q.parameters().get(0).name()).isEqualTo("threshold");
        assertThat(q.parameters().get(0).shape()).isEqualTo(Shape.of(1));
        assertThat(q.parameters().get(0).decay()).isFalse();
        float[] x = {-1f, 0.2f, 0.25f, 0.7f, 0.75f, 1.74f, 1.9f, 2.5f};
        try (Kernels k = Kernels.create(1)) {
            float[] y = q.forward(x, new RunContext(1, 1, false, 0, k));
            assertThat(y).containsExactly(0f, 0f, 0.5f, 0.5f, 1f, 1.5f, 2f, 2f);
        }
        // λ = 8 (the default), L = 8: step 1, rounding half up
        Qcfs d = (Qcfs) Qcfs.Spec.of(8).build(Shape.of(6), new Random(1));
        assertThat(d.threshold()).isEqualTo(8f);
        try (Kernels k = Kernels.create(1)) {
            float[] y = d.forward(new float[] {-0.5f, 0.49f, 0.5f, 3.5f, 7.6f, 100f}, new RunContext(1, 1, false, 0, k));
            assertThat(y).containsExactly(0f, 0f, 1f, 4f, 8f, 8f);
        }
    }

    @Test
    void backwardUsesTheStraightThroughEstimator() {
        Qcfs q = build(4, 2f, 8);
        float[] x = {-1f, 0.2f, 0.25f, 0.7f, 0.75f, 1.74f, 2f, 2.5f};
        float[] g = {1f, 2f, -3f, 4f, 5f, -6f, 7f, 8f};
        try (Kernels k = Kernels.create(1)) {
            float[] y = q.forward(x, new RunContext(1, 1, true, 0, k)).clone();
            assertThat(y).containsExactly(0f, 0f, 0.5f, 0.5f, 1f, 1.5f, 2f, 2f);
            float[] dx = q.backward(g.clone(), true);
            // dy/dx = 1 on [0, λ] (x = λ included), 0 outside
            assertThat(dx).containsExactly(0f, 2f, -3f, 4f, 5f, -6f, 7f, 0f);
            // dy/dλ = (y − x)/λ on [0, λ], 1 above λ, 0 below 0
            double expected = 2 * (0 - 0.2) / 2 - 3 * (0.5 - 0.25) / 2 + 4 * (0.5 - 0.7) / 2 + 5 * (1 - 0.75) / 2
                    - 6 * (1.5 - 1.74) / 2 + 7 * 0 + 8 * 1;
            assertThat(q.parameters().get(0).grad()[0]).isCloseTo((float) expected, within(1e-5f));
            // a second pass accumulates
            q.forward(x, new RunContext(1, 1, true, 0, k));
            q.backward(g.clone(), false);
            assertThat(q.parameters().get(0).grad()[0]).isCloseTo((float) (2 * expected), within(2e-5f));
        }
    }

    @Test
    void lambdaGradientMatchesFiniteDifferenceWhereTheOutputIsClipped() {
        // for x > λ, y = λ and for x < 0, y = 0: there the λ-derivative is exact, not an estimate
        SplittableRandom rng = new SplittableRandom(5);
        int n = 64;
        float[] x = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (i % 2 == 0 ? rng.nextDouble(3, 6) : rng.nextDouble(-4, -0.1));
            g[i] = (float) rng.nextDouble(-1, 1);
        }
        Qcfs q = build(4, 2f, n);
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(1, 1, true, 0, k);
            q.forward(x, ctx);
            q.backward(g.clone(), true);
            float analytic = q.parameters().get(0).grad()[0];
            double eps = 1e-2;
            double up = loss(2f + (float) eps, x, g, k);
            double down = loss(2f - (float) eps, x, g, k);
            assertThat(analytic).isCloseTo((float) ((up - down) / (2 * eps)), within(1e-3f));
            assertThat(analytic).isNotZero();
        }
    }

    private static double loss(float lambda, float[] x, float[] g, Kernels k) {
        Qcfs q = build(4, lambda, x.length);
        float[] y = q.forward(x, new RunContext(1, 1, false, 0, k));
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (double) g[i] * y[i];
        }
        return s;
    }

    @Test
    void withManyLevelsTheStraightThroughInputGradientIsTheSlope() {
        // with L = 65536 the staircase is the clipped identity up to λ/L, so dy/dx ≈ 1 inside (0, λ)
        Qcfs q = build(Qcfs.MAX_LEVELS, 1f, 3);
        float[] x = {0.3f, 0.6f, 0.9f};
        float e = 0.01f;
        float[] plus = {x[0] + e, x[1] + e, x[2] + e};
        float[] minus = {x[0] - e, x[1] - e, x[2] - e};
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(1, 1, false, 0, k);
            float[] yp = q.forward(plus, ctx).clone();
            float[] ym = q.forward(minus, ctx).clone();
            q.forward(x, new RunContext(1, 1, true, 0, k));
            float[] dx = q.backward(new float[] {1f, 1f, 1f}, true);
            for (int i = 0; i < 3; i++) {
                assertThat((yp[i] - ym[i]) / (2 * e)).isCloseTo(dx[i], within(2e-3f));
            }
        }
    }

    @Test
    void forwardRowsEqualsForwardAndFoldedGradientsMatch() {
        Shape shape = Shape.of(2, 3, 3);
        int batch = 2;
        int steps = 3;
        SplittableRandom rng = new SplittableRandom(9);
        int block = batch * shape.size();
        float[] rows = new float[block];
        for (int i = 0; i < block; i++) {
            rows[i] = (float) rng.nextDouble(-1, 3);
        }
        float[] repeated = new float[steps * block];
        float[] g = new float[steps * block];
        float[] gSum = new float[block];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(rows, 0, repeated, t * block, block);
            for (int i = 0; i < block; i++) {
                g[t * block + i] = (float) rng.nextDouble(-1, 1);
                gSum[i] += g[t * block + i];
            }
        }
        Qcfs a = (Qcfs) new Qcfs.Spec(4, 2f).build(shape, new Random(1));
        Qcfs b = (Qcfs) new Qcfs.Spec(4, 2f).build(shape, new Random(1));
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(steps, batch, true, 0, k);
            float[] full = a.forward(repeated, ctx).clone();
            float[] folded = b.forwardRows(rows, batch, ctx).clone();
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < block; i++) {
                    assertThat(full[t * block + i]).isEqualTo(folded[i]);
                }
            }
            float[] dxFull = a.backward(g.clone(), true).clone();
            float[] dxFolded = b.backward(gSum.clone(), true);
            for (int i = 0; i < block; i++) {
                float s = 0f;
                for (int t = 0; t < steps; t++) {
                    s += dxFull[t * block + i];
                }
                assertThat(dxFolded[i]).isCloseTo(s, within(1e-5f));
            }
            assertThat(b.parameters().get(0).grad()[0]).isCloseTo(a.parameters().get(0).grad()[0], within(1e-4f));
        }
    }

    @Test
    void validatesSpecAndThreshold() {
        assertThatThrownBy(() -> new Qcfs.Spec(0, 8f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("qcfs levels must be in [1, 65536], got 0");
        assertThatThrownBy(() -> new Qcfs.Spec(4, 0f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("qcfs initial threshold must be finite and > 0, got 0.0");
        assertThatThrownBy(() -> new Qcfs.Spec(4, Float.NaN)).isInstanceOf(IllegalArgumentException.class);
        Qcfs q = build(4, 1f, 2);
        q.parameters().get(0).value()[0] = -0.5f;
        try (Kernels k = Kernels.create(1)) {
            assertThatThrownBy(() -> q.forward(new float[2], new RunContext(1, 1, true, 0, k)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("qcfs threshold must be finite and > 0, got -0.5");
            q.parameters().get(0).value()[0] = 1f;
            assertThatThrownBy(() -> q.forward(new float[3], new RunContext(1, 1, true, 0, k)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("qcfs input has 3 values, expected rows·N = 1·2 = 2");
            assertThatThrownBy(() -> q.backward(new float[2], true)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void registeredWithDefaultThresholdAndBuiltByTheNetworkBuilder() {
        LayerRegistry.LayerType t = LayerRegistry.builtIn().lookup("qcfs");
        assertThat(t.specClass()).isEqualTo(Qcfs.Spec.class);
        assertThat(t.requiredFields()).containsExactly("levels");
        assertThat(t.defaults()).containsEntry("initialThreshold", 8f);
        Network net = Network.builder(4).linear(3).qcfs(8).linear(2).build(7);
        assertThat(net.layers().get(1)).isInstanceOf(Qcfs.class);
        assertThat(net.spec().layers().get(1)).isEqualTo(new Qcfs.Spec(8, 8f));
        assertThat(net.parameters()).hasSize(5);
    }
}
