package org.snn4j.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.network.Monitor;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;

class LayersTest {
    private static final SplittableRandom RNG = new SplittableRandom(1);

    private static float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) RNG.nextDouble(-1, 1);
        }
        return a;
    }

    @Test
    void linearForwardAndBackwardMatchTheDefinition() {
        int in = 5;
        int out = 3;
        int rows = 4;
        Linear lin = (Linear) new Linear.Spec(0, out, true).build(Shape.of(in), new SplittableRandom(2));
        float[] w = lin.weight().value();
        float[] b = lin.bias().value();
        float bound = (float) (1 / Math.sqrt(in));
        for (float v : w) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        }
        float[] x = random(rows * in);
        float[] g = random(rows * out);
        try (Kernels k = Kernels.create(1)) {
            float[] y = lin.forward(x, new RunContext(2, 2, true, 0, k)).clone();
            float[] dx = lin.backward(g.clone(), true);
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < out; o++) {
                    double s = b[o];
                    for (int i = 0; i < in; i++) {
                        s += x[r * in + i] * w[i * out + o];
                    }
                    assertThat((double) y[r * out + o]).isCloseTo(s, within(1e-5));
                }
                for (int i = 0; i < in; i++) {
                    double s = 0;
                    for (int o = 0; o < out; o++) {
                        s += g[r * out + o] * w[i * out + o];
                    }
                    assertThat((double) dx[r * in + i]).isCloseTo(s, within(1e-5));
                }
            }
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    double s = 0;
                    for (int r = 0; r < rows; r++) {
                        s += x[r * in + i] * g[r * out + o];
                    }
                    assertThat((double) lin.weight().grad()[i * out + o]).isCloseTo(s, within(1e-5));
                }
            }
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += g[r * out + o];
                }
                assertThat((double) lin.bias().grad()[o]).isCloseTo(s, within(1e-5));
            }
            assertThatThrownBy(() -> lin.backward(g, true)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> new Linear.Spec(7, 3, true).build(Shape.of(5), RNG))
                .hasMessageContaining("expects 7 input features").hasMessageContaining("[5]");
        assertThatThrownBy(() -> new Linear.Spec(0, 0, true)).hasMessageContaining("out_features must be >= 1, got 0");
    }

    @Test
    void dropoutUsesOneMaskForAllStepsAndIsIdentityAtInference() {
        int n = 200;
        int steps = 3;
        int batch = 2;
        Layer d = new Dropout.Spec(0.25f).build(Shape.of(n), RNG);
        float[] x = new float[steps * batch * n];
        java.util.Arrays.fill(x, 1f);
        try (Kernels k = Kernels.create(1)) {
            float[] y = d.forward(x, new RunContext(steps, batch, true, 77, k)).clone();
            int dropped = 0;
            for (int i = 0; i < batch * n; i++) {
                for (int t = 1; t < steps; t++) {
                    assertThat(y[t * batch * n + i]).isEqualTo(y[i]);
                }
                assertThat(y[i]).isIn(0f, 1f / 0.75f);
                if (y[i] == 0f) {
                    dropped++;
                }
            }
            assertThat(dropped / (double) (batch * n)).isBetween(0.15, 0.35);
            float[] g = new float[x.length];
            java.util.Arrays.fill(g, 2f);
            float[] dx = d.backward(g, true);
            for (int i = 0; i < x.length; i++) {
                assertThat(dx[i]).isEqualTo(2f * y[i]);
            }
            assertThat(d.forward(x, new RunContext(steps, batch, false, 77, k))).isSameAs(x);
        }
        assertThatThrownBy(() -> new Dropout.Spec(1f)).hasMessageContaining("[0, 1)").hasMessageContaining("1.0");
    }

    @Test
    void flattenKeepsDataAndReshapes() {
        Layer f = new Flatten.Spec().build(Shape.of(2, 3, 4), RNG);
        assertThat(f.outputShape()).isEqualTo(Shape.of(24));
        float[] x = random(24);
        try (Kernels k = Kernels.create(1)) {
            assertThat(f.forward(x, new RunContext(1, 1, true, 0, k))).isSameAs(x);
        }
    }

    @Test
    void timeInvariantInferenceEqualsTheFullComputation() {
        Network net = Network.builder(1, 6, 6).flatten().linear(30).lif(0.95f).linear(5).lif(0.95f).build(3);
        for (org.snn4j.core.Parameter p : net.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] *= 4f;
            }
        }
        int steps = 9;
        int batch = 5;
        float[] x = random(batch * 36);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.abs(x[i]) * 2;
        }
        float[] repeated = new float[steps * x.length];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(x, 0, repeated, t * x.length, x.length);
        }
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(steps, batch, false, 0, k);
            NetworkOutput full = net.forward(repeated, ctx);
            float[] fullSpikes = full.output().clone();
            float[] fullMem = full.membrane().clone();
            NetworkOutput folded = net.forwardTimeInvariant(x, ctx);
            assertThat(folded.output()).isEqualTo(fullSpikes);
            assertThat(folded.membrane()).isEqualTo(fullMem);
            double spikes = 0;
            for (float s : fullSpikes) {
                spikes += s;
            }
            assertThat(spikes).isPositive();
            // the input is given once per sample: a [T, B, F] array is refused
            assertThatThrownBy(() -> net.forwardTimeInvariant(repeated, ctx))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B·F");
        }
    }

    @Test
    void monitorRecordsSpikesAndMembraneOfAnyLayer() {
        Network net = Network.builder(4).linear(3).lif(0.5f).build(3);
        Monitor m = net.monitor(1);
        Monitor lin = net.monitor(0);
        float[] x = new float[2 * 1 * 4];
        java.util.Arrays.fill(x, 1f);
        try (Kernels k = Kernels.create(1)) {
            NetworkOutput out = net.forward(x, new RunContext(2, 1, false, 0, k));
            assertThat(m.output()).isEqualTo(java.util.Arrays.copyOf(out.output(), 6));
            assertThat(m.membrane()).isEqualTo(java.util.Arrays.copyOf(out.membrane(), 6));
            assertThat(m.steps()).isEqualTo(2);
            // LIF with β = 0.5: U[1] = 0.5·U[0] + I − S[0]·θ, and I is constant over time
            for (int n = 0; n < 3; n++) {
                float i0 = lin.output(0, 0, n);
                assertThat(m.membrane(0, 0, n)).isEqualTo(i0);
                float expected = 0.5f * i0 + i0 - (i0 > 1f ? 1f : 0f);
                assertThat(m.membrane(1, 0, n)).isCloseTo(expected, within(1e-6f));
            }
            assertThat(lin.membrane()).isNull();
            assertThatThrownBy(() -> lin.membrane(0, 0, 0)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> net.monitor(5)).hasMessageContaining("out of range");
    }
}
