package org.snn4j.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;

/** The per-feature delay line Y[t, b, n] = X[t − d_n, b, n]: values by hand, backward, buffer validation. */
class DelayTest {

    private static Delay build(int initial, int n) {
        return new Delay.Spec(initial).build(Shape.of(n), new SplittableRandom(1));
    }

    private static float[] random(long seed, int size) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        return v;
    }

    /** x[t, b, n] = 100·t + 10·b + n + 1, so every value names its position. */
    private static float[] positions(int t, int b, int n) {
        float[] x = new float[t * b * n];
        for (int step = 0; step < t; step++) {
            for (int s = 0; s < b; s++) {
                for (int j = 0; j < n; j++) {
                    x[(step * b + s) * n + j] = 100 * step + 10 * s + j + 1;
                }
            }
        }
        return x;
    }

    @Test
    void delaysZeroOneThreeAndOneLongerThanTheSequence() {
        // T = 4, B = 2, N = 4 with delays 0, 1, 3, 5 (≥ T: all zeros)
        Delay d = build(0, 4);
        d.setDelays(0, 1, 3, 5);
        assertThat(d.delays()).containsExactly(0, 1, 3, 5);
        assertThat(d.delayBuffer().value()).containsExactly(0f, 1f, 3f, 5f);
        float[] x = positions(4, 2, 4);
        float[] expected = {
            // t = 0: b = 0, b = 1
            1, 0, 0, 0, 11, 0, 0, 0,
            // t = 1
            101, 2, 0, 0, 111, 12, 0, 0,
            // t = 2
            201, 102, 0, 0, 211, 112, 0, 0,
            // t = 3
            301, 202, 3, 0, 311, 212, 13, 0};
        try (Kernels k = Kernels.create(1)) {
            float[] y = d.forward(x, new RunContext(4, 2, true, 0, k));
            assertThat(y).containsExactly(expected);
            // backward: dX[t, b, n] = dY[t + d_n, b, n] for t + d_n < T, else 0
            float[] dx = d.backward(positions(4, 2, 4), true);
            float[] expectedGrad = {
                1, 102, 303, 0, 11, 112, 313, 0,
                101, 202, 0, 0, 111, 212, 0, 0,
                201, 302, 0, 0, 211, 312, 0, 0,
                301, 0, 0, 0, 311, 0, 0, 0};
            assertThat(dx).containsExactly(expectedGrad);
        }
    }

    @Test
    void uniformDelaysShiftWholeStepsAndAgreeWithTheGeneralLoop() {
        int t = 5;
        int b = 3;
        int n = 4;
        float[] x = random(2, t * b * n);
        float[] g = random(12, t * b * n);
        try (Kernels k = Kernels.create(1)) {
            for (int delay : new int[] {0, 1, 3, 5, 9}) {
                Delay uniform = build(delay, n);
                float[] y = uniform.forward(x, new RunContext(t, b, true, 0, k)).clone();
                float[] dx = uniform.backward(g.clone(), true);
                for (int step = 0; step < t; step++) {
                    for (int i = 0; i < b * n; i++) {
                        int at = step * b * n + i;
                        assertThat(y[at]).isEqualTo(step >= delay ? x[at - delay * b * n] : 0f);
                        assertThat(dx[at]).isEqualTo(step + delay < t ? g[at + delay * b * n] : 0f);
                    }
                }
                if (delay >= t) {
                    assertThat(y).containsOnly(0f);
                    assertThat(dx).containsOnly(0f);
                }
            }
        }
    }

    @Test
    void backwardIsTheAdjointOfForward() {
        // Y = D·X is linear, so its exact gradient satisfies ⟨D·X, G⟩ = ⟨X, Dᵀ·G⟩ for all X, G
        int t = 6;
        int b = 2;
        int n = 5;
        Delay d = build(0, n);
        d.setDelays(2, 0, 4, 1, 6);
        float[] x = random(3, t * b * n);
        float[] g = random(13, t * b * n);
        try (Kernels k = Kernels.create(1)) {
            float[] y = d.forward(x, new RunContext(t, b, true, 0, k)).clone();
            float[] dx = d.backward(g.clone(), true);
            double yg = 0;
            double xd = 0;
            for (int i = 0; i < x.length; i++) {
                yg += (double) y[i] * g[i];
                xd += (double) x[i] * dx[i];
            }
            assertThat(xd).isCloseTo(yg, within(1e-9));
            // and by central differences on a few inputs: dL/dx_i with L = ⟨Y, G⟩
            for (int i : new int[] {0, 7, 23, 41, 59}) {
                float[] plus = x.clone();
                float[] minus = x.clone();
                plus[i] += 0.5f;
                minus[i] -= 0.5f;
                double lp = dot(d.forward(plus, new RunContext(t, b, false, 0, k)), g);
                double lm = dot(d.forward(minus, new RunContext(t, b, false, 0, k)), g);
                assertThat(dx[i]).isCloseTo((float) (lp - lm), within(1e-6f));
            }
            d.forward(x, new RunContext(t, b, true, 0, k));
            assertThat(d.backward(g.clone(), false)).isNull();
            assertThatThrownBy(() -> d.backward(g.clone(), true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without a preceding training forward");
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    @Test
    void delaysAreANonTrainableBufferAndBadValuesAreRefusedByFeature() {
        Delay d = build(2, 3);
        assertThat(d.parameters()).isEmpty();
        assertThat(d.buffers()).hasSize(1);
        Parameter buf = d.buffers().get(0);
        assertThat(buf.name()).isEqualTo("delay");
        assertThat(buf.shape()).isEqualTo(Shape.of(3));
        assertThat(buf.value()).containsExactly(2f, 2f, 2f);
        assertThat(d.spec()).isEqualTo(new Delay.Spec(2));

        assertThatThrownBy(() -> new Delay.Spec(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay initialDelay must be in [0, 16777216] steps, got -1");
        assertThatThrownBy(() -> d.setDelays(1, -2, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay: feature 1 has delay -2; delays must be whole numbers of steps in [0, 16777216]");
        assertThatThrownBy(() -> d.setDelays(1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay: expected 3 delays (one per feature), got 2");
        assertThat(d.delays()).containsExactly(2, 2, 2);
        d.checkValues();

        // values written straight into the buffer: checked by checkValues (model loading) and the next forward
        buf.value()[2] = 1.5f;
        buf.markModified();
        assertThatThrownBy(d::checkValues).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay buffer 'delay': feature 2 has delay 1.5; delays must be whole numbers of steps "
                        + "in [0, 16777216]");
        try (Kernels k = Kernels.create(1)) {
            assertThatThrownBy(() -> d.forward(new float[3], new RunContext(1, 1, false, 0, k)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("feature 2 has delay 1.5");
            buf.value()[2] = -1f;
            buf.markModified();
            assertThatThrownBy(d::checkValues).hasMessageContaining("feature 2 has delay -1.0");
            buf.value()[2] = Float.NaN;
            buf.markModified();
            assertThatThrownBy(d::checkValues).hasMessageContaining("feature 2 has delay NaN");
            // a valid direct write is picked up by the next forward
            buf.value()[2] = 1f;
            buf.markModified();
            assertThat(d.delays()).containsExactly(2, 2, 1);
            float[] y = d.forward(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new RunContext(3, 1, false, 0, k));
            assertThat(y).containsExactly(0, 0, 0, 0, 0, 3, 1, 2, 6);
            assertThatThrownBy(() -> d.forward(new float[4], new RunContext(1, 1, false, 0, k)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected T·B·N = 1·1·3 = 3");
        }
    }
}
