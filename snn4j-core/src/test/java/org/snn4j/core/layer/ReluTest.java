package org.snn4j.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.network.LayerRegistry;
import org.snn4j.core.network.Network;

class ReluTest {

    @Test
    void forwardClampsNegativesAndBackwardPassesWherePositive() {
        Layer relu = new Relu.Spec().build(Shape.of(2, 1, 2), new Random(1));
        assertThat(relu.inputShape()).isEqualTo(Shape.of(2, 1, 2));
        assertThat(relu.outputShape()).isEqualTo(Shape.of(2, 1, 2));
        assertThat(relu.parameters()).isEmpty();
        assertThat(relu.buffers()).isEmpty();
        // T = 2, B = 1, 4 features per row
        float[] x = {-1.5f, 0f, 2f, 0.25f, 3f, -0.5f, -0f, 1e-7f};
        try (Kernels k = Kernels.create(1)) {
            float[] y = relu.forward(x, new RunContext(2, 1, true, 0, k));
            assertThat(y).containsExactly(0f, 0f, 2f, 0.25f, 3f, 0f, 0f, 1e-7f);
            float[] g = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f};
            assertThat(relu.backward(g, true)).containsExactly(0f, 0f, 3f, 4f, 5f, 0f, 0f, 8f);
            assertThat(x).containsExactly(-1.5f, 0f, 2f, 0.25f, 3f, -0.5f, -0f, 1e-7f);
        }
    }

    @Test
    void forwardRowsEqualsForwardOnRepeatedInputAndGradientsFold() {
        Shape shape = Shape.of(3, 2, 2);
        SplittableRandom rng = new SplittableRandom(3);
        int batch = 2;
        int steps = 3;
        int n = shape.size();
        float[] rows = new float[batch * n];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] repeated = new float[steps * rows.length];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(rows, 0, repeated, t * rows.length, rows.length);
        }
        float[] g = new float[repeated.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] gSum = new float[rows.length];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < rows.length; i++) {
                gSum[i] += g[t * rows.length + i];
            }
        }
        Relu a = (Relu) new Relu.Spec().build(shape, new Random(1));
        Relu b = (Relu) new Relu.Spec().build(shape, new Random(1));
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(steps, batch, true, 0, k);
            float[] full = a.forward(repeated, ctx).clone();
            float[] folded = b.forwardRows(rows, batch, ctx).clone();
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < rows.length; i++) {
                    assertThat(full[t * rows.length + i]).isEqualTo(folded[i]);
                }
            }
            float[] dxFull = a.backward(g.clone(), true).clone();
            float[] dxFolded = b.backward(gSum.clone(), true);
            for (int i = 0; i < rows.length; i++) {
                float s = 0f;
                for (int t = 0; t < steps; t++) {
                    s += dxFull[t * rows.length + i];
                }
                assertThat(dxFolded[i]).isEqualTo(rows[i] > 0f ? gSum[i] : 0f);
                assertThat(s).isCloseTo(dxFolded[i], org.assertj.core.api.Assertions.within(1e-6f));
            }
        }
    }

    @Test
    void rejectsWrongSizesAndBackwardWithoutTrainingForward() {
        Layer relu = new Relu.Spec().build(Shape.of(3), new Random(1));
        try (Kernels k = Kernels.create(1)) {
            assertThatThrownBy(() -> relu.forward(new float[5], new RunContext(1, 2, true, 0, k)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("relu input has 5 values, expected rows·N = 2·3 = 6");
            relu.forward(new float[6], new RunContext(1, 2, false, 0, k));
            assertThatThrownBy(() -> relu.backward(new float[6], true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without a preceding training forward");
            relu.forward(new float[6], new RunContext(1, 2, true, 0, k));
            assertThatThrownBy(() -> relu.backward(new float[4], true)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("relu gradient has 4 values, expected 6");
        }
    }

    @Test
    void registeredAndBuiltByTheNetworkBuilder() {
        assertThat(LayerRegistry.builtIn().lookup("relu").specClass()).isEqualTo(Relu.Spec.class);
        assertThat(LayerRegistry.builtIn().lookup("relu").fieldNames()).isEmpty();
        Network net = Network.builder(4).linear(3).relu().linear(2).build(7);
        assertThat(net.layers().get(1)).isInstanceOf(Relu.class);
        assertThat(net.layers().get(1).outputShape()).isEqualTo(Shape.of(3));
        assertThat(net.spec().layers().get(1)).isEqualTo(new Relu.Spec());
    }
}
