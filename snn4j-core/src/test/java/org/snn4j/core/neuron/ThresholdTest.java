package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.layer.StatelessLayer;
import org.snn4j.core.layer.TimeLocalLayer;

/** The stateless threshold S = H(X − θ): forward, surrogate backward, θ gradient and validation. */
class ThresholdTest {

    private static Threshold build(float theta, Surrogate surrogate, LearnMode mode, int n) {
        return new ThresholdSpec(theta, surrogate, mode).build(Shape.of(n), new SplittableRandom(1));
    }

    private static float[] random(SplittableRandom rng, int size, double lo, double hi) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rng.nextDouble(lo, hi);
        }
        return v;
    }

    @Test
    void forwardIsTheStrictHeavisideOfInputMinusThreshold() {
        Threshold th = build(0f, Surrogate.atan(), LearnMode.PER_NEURON, 3);
        th.setThresholds(0.5f, -1f, 0f);
        assertThat(th.thresholds()).containsExactly(0.5f, -1f, 0f);
        assertThat(th).isInstanceOf(StatelessLayer.class).isInstanceOf(TimeLocalLayer.class)
                .isInstanceOf(SpikingLayer.class).isNotInstanceOf(StatefulLayer.class);
        // T = 2, B = 1, N = 3; equality gives no spike (strictly above, as in Leaky)
        float[] x = {0.5f, -1f, 0f, 0.6f, -0.9f, 1e-6f};
        try (Kernels k = Kernels.create(1)) {
            float[] s = th.forward(x, new RunContext(2, 1, false, 0, k));
            assertThat(s).containsExactly(0f, 0f, 0f, 1f, 1f, 1f);
            assertThat(th.membrane()).containsExactly(x).isNotSameAs(x);
        }
    }

    @Test
    void forwardMatchesANaiveLoopForEveryLearnMode() {
        SplittableRandom rng = new SplittableRandom(3);
        int t = 3;
        int b = 2;
        int n = 5;
        float[] x = random(rng, t * b * n, -2, 2);
        for (LearnMode mode : LearnMode.values()) {
            Threshold th = build(0.25f, Surrogate.atan(), mode, n);
            float[] theta = new float[n];
            java.util.Arrays.fill(theta, 0.25f);
            if (mode == LearnMode.PER_NEURON) {
                theta = random(rng, n, -1, 1);
                th.setThresholds(theta);
            } else if (mode == LearnMode.SHARED) {
                th.setThresholds(-0.3f);
                java.util.Arrays.fill(theta, -0.3f);
            }
            try (Kernels k = Kernels.create(1)) {
                float[] s = th.forward(x, new RunContext(t, b, false, 0, k));
                for (int step = 0; step < t; step++) {
                    for (int s0 = 0; s0 < b; s0++) {
                        for (int j = 0; j < n; j++) {
                            int i = (step * b + s0) * n + j;
                            assertThat(s[i]).as("%s t=%d b=%d n=%d", mode, step, s0, j)
                                    .isEqualTo(x[i] > theta[j] ? 1f : 0f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void backwardIsTheSurrogateFormulaAndTheThresholdGradientItsNegatedSum() {
        SplittableRandom rng = new SplittableRandom(7);
        int t = 4;
        int b = 3;
        int n = 6;
        int size = t * b * n;
        float[] x = random(rng, size, -1.5, 1.5);
        float[] gs = random(rng, size, -1, 1);
        float[] gm = random(rng, size, -1, 1);
        for (Surrogate sur : new Surrogate[] {Surrogate.atan(), Surrogate.fastSigmoid(5f), Surrogate.triangle(1f)}) {
            Threshold th = build(0f, sur, LearnMode.PER_NEURON, n);
            float[] theta = random(rng, n, -0.5, 0.5);
            th.setThresholds(theta);
            Parameter p = th.parameters().get(0);
            assertThat(p.name()).isEqualTo("threshold");
            assertThat(p.shape()).isEqualTo(Shape.of(n));
            assertThat(p.decay()).isFalse();
            try (Kernels k = Kernels.create(1)) {
                th.forward(x, new RunContext(t, b, true, 0, k));
                float[] dx = th.backward(gs.clone(), gm.clone(), true);
                double[] dTheta = new double[n];
                for (int r = 0; r < t * b; r++) {
                    for (int j = 0; j < n; j++) {
                        int i = r * n + j;
                        float h = sur.derivative(x[i] - theta[j]);
                        float g = gs[i] * h;
                        assertThat(dx[i]).isEqualTo(g + gm[i]);
                        dTheta[j] -= g;
                    }
                }
                for (int j = 0; j < n; j++) {
                    assertThat(p.grad()[j]).isCloseTo((float) dTheta[j], within(1e-6f));
                    assertThat(p.grad()[j]).isNotZero();
                }
                // spikes only (Layer.backward): dX = dS·h; the θ gradient accumulates
                th.forward(x, new RunContext(t, b, true, 0, k));
                float[] dx2 = th.backward(gs.clone(), true);
                for (int r = 0; r < t * b; r++) {
                    for (int j = 0; j < n; j++) {
                        int i = r * n + j;
                        assertThat(dx2[i]).isEqualTo(gs[i] * sur.derivative(x[i] - theta[j]));
                    }
                }
                for (int j = 0; j < n; j++) {
                    assertThat(p.grad()[j]).isCloseTo((float) (2 * dTheta[j]), within(2e-6f));
                }
            }
        }
    }

    @Test
    void sharedThresholdGradientSumsOverFeaturesAndFixedHasNone() {
        SplittableRandom rng = new SplittableRandom(11);
        int size = 2 * 2 * 4;
        float[] x = random(rng, size, -1, 1);
        float[] gs = random(rng, size, -1, 1);
        Threshold shared = build(0.1f, Surrogate.sigmoid(4f), LearnMode.SHARED, 4);
        Threshold fixed = build(0.1f, Surrogate.sigmoid(4f), LearnMode.FIXED, 4);
        assertThat(shared.parameters()).hasSize(1);
        assertThat(shared.parameters().get(0).shape()).isEqualTo(Shape.of(1));
        assertThat(fixed.parameters()).isEmpty();
        try (Kernels k = Kernels.create(1)) {
            shared.forward(x, new RunContext(2, 2, true, 0, k));
            float[] a = shared.backward(gs.clone(), true).clone();
            fixed.forward(x, new RunContext(2, 2, true, 0, k));
            float[] c = fixed.backward(gs.clone(), true);
            assertThat(c).containsExactly(a);
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum -= gs[i] * Surrogate.sigmoid(4f).derivative(x[i] - 0.1f);
            }
            assertThat(shared.parameters().get(0).grad()[0]).isCloseTo((float) sum, within(1e-6f));
            // no input gradient wanted: null, θ still gets its gradient
            shared.forward(x, new RunContext(2, 2, true, 0, k));
            assertThat(shared.backward(gs.clone(), false)).isNull();
            assertThat(shared.parameters().get(0).grad()[0]).isCloseTo((float) (2 * sum), within(2e-6f));
            // membrane gradient only: it passes straight through (U = X)
            fixed.forward(x, new RunContext(2, 2, true, 0, k));
            float[] gm = random(rng, size, -1, 1);
            assertThat(fixed.backward(null, gm.clone(), true)).containsExactly(gm);
            assertThatThrownBy(() -> fixed.backward(gs.clone(), true))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("without a preceding training forward");
        }
    }

    @Test
    void forwardRowsWithTheGradientSummedOverTimeEqualsTheRepeatedInput() {
        SplittableRandom rng = new SplittableRandom(13);
        int t = 3;
        int b = 2;
        int n = 4;
        float[] rows = random(rng, b * n, -1, 1);
        float[] repeated = new float[t * b * n];
        for (int step = 0; step < t; step++) {
            System.arraycopy(rows, 0, repeated, step * b * n, b * n);
        }
        float[] g = random(rng, t * b * n, -1, 1);
        float[] gSum = new float[b * n];
        for (int step = 0; step < t; step++) {
            for (int i = 0; i < b * n; i++) {
                gSum[i] += g[step * b * n + i];
            }
        }
        Threshold a = build(0.2f, Surrogate.atan(), LearnMode.PER_NEURON, n);
        Threshold c = build(0.2f, Surrogate.atan(), LearnMode.PER_NEURON, n);
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(t, b, true, 0, k);
            float[] sRows = a.forwardRows(rows, b, ctx).clone();
            float[] sAll = c.forward(repeated, ctx);
            for (int step = 0; step < t; step++) {
                for (int i = 0; i < b * n; i++) {
                    assertThat(sAll[step * b * n + i]).isEqualTo(sRows[i]);
                }
            }
            float[] dRows = a.backward(gSum.clone(), true);
            float[] dAll = c.backward(g.clone(), true);
            for (int i = 0; i < b * n; i++) {
                float sum = 0;
                for (int step = 0; step < t; step++) {
                    sum += dAll[step * b * n + i];
                }
                assertThat(dRows[i]).isCloseTo(sum, within(1e-5f));
            }
            for (int j = 0; j < n; j++) {
                assertThat(a.parameters().get(0).grad()[j]).isCloseTo(c.parameters().get(0).grad()[j], within(1e-5f));
            }
        }
    }

    @Test
    void invalidThresholdsAreRefusedNamingTheFieldOrTheFeature() {
        assertThatThrownBy(() -> ThresholdSpec.of(Float.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold must be finite, got NaN");
        assertThatThrownBy(() -> ThresholdSpec.of(Float.NEGATIVE_INFINITY))
                .hasMessage("threshold must be finite, got -Infinity");
        assertThatThrownBy(() -> new ThresholdSpec(1f, null, LearnMode.FIXED)).hasMessage("surrogate must not be null");
        assertThatThrownBy(() -> new ThresholdSpec(1f, Surrogate.atan(), null))
                .hasMessage("learnThreshold must not be null");
        assertThat(ThresholdSpec.of(-3f).threshold()).isEqualTo(-3f);

        Threshold fixed = build(1f, Surrogate.atan(), LearnMode.FIXED, 3);
        assertThatThrownBy(() -> fixed.setThresholds(1f, 2f, 3f)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FIXED");
        Threshold per = build(1f, Surrogate.atan(), LearnMode.PER_NEURON, 3);
        assertThatThrownBy(() -> per.setThresholds(1f, 2f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 3 value(s)");
        assertThatThrownBy(() -> per.setThresholds(1f, 2f, Float.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold: θ[2] is NaN; thresholds must be finite");
        assertThat(per.thresholds()).containsExactly(1f, 1f, 1f);
        per.checkValues();
        // a value written directly (e.g. by training gone wrong or a loader) is caught
        per.parameters().get(0).value()[1] = Float.POSITIVE_INFINITY;
        per.parameters().get(0).markModified();
        assertThatThrownBy(per::checkValues).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold: θ[1] is Infinity; thresholds must be finite");
        try (Kernels k = Kernels.create(1)) {
            assertThatThrownBy(() -> per.forward(new float[3], new RunContext(1, 1, false, 0, k)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("θ[1] is Infinity");
            assertThatThrownBy(() -> fixed.forward(new float[4], new RunContext(1, 1, false, 0, k)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected rows·N = 1·3 = 3");
        }
    }
}
