package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;

/**
 * Hand-computed LIF/IF traces for a constant input current, one neuron, 10 steps.
 * β = 0.9, θ = 1, I = 0.3: U[0] = 0.3, U[1] = 0.9·0.3 + 0.3 = 0.57, U[2] = 0.813, U[3] = 1.0317 &gt; 1
 * (spike), then the reset acts at t = 4.
 */
class LeakyGoldenTest {
    private static Kernels kernels;

    @BeforeAll
    static void setUp() {
        kernels = Kernels.create(1);
    }

    @AfterAll
    static void tearDown() {
        kernels.close();
    }

    private static float[] run(SpikingLayer layer, float current, float[] spikesOut) {
        float[] in = new float[10];
        java.util.Arrays.fill(in, current);
        float[] s = layer.forward(in, new RunContext(10, 1, false, 0, kernels));
        System.arraycopy(s, 0, spikesOut, 0, 10);
        return layer.membrane().clone();
    }

    private static void assertTrace(float[] u, float[] s, double[] expectedU, int... spikeSteps) {
        for (int t = 0; t < expectedU.length; t++) {
            assertThat((double) u[t]).as("U[%d]", t).isCloseTo(expectedU[t], offset(2e-6));
        }
        float[] expectedS = new float[10];
        for (int t : spikeSteps) {
            expectedS[t] = 1f;
        }
        assertThat(s).containsExactly(expectedS);
    }

    @Test
    void subtractReset() {
        float[] s = new float[10];
        float[] u = run(LifSpec.builder().beta(0.9f).reset(Reset.SUBTRACT).build().build(Shape.of(1), null), 0.3f, s);
        // U[4] = 0.9·1.0317 + 0.3 − 1 = 0.22853
        assertTrace(u, s, new double[] {0.3, 0.57, 0.813, 1.0317, 0.22853, 0.505677, 0.7551093, 0.97959837,
                1.18163853, 0.36347468}, 3, 8);
    }

    @Test
    void zeroReset() {
        float[] s = new float[10];
        float[] u = run(LifSpec.builder().beta(0.9f).reset(Reset.ZERO).build().build(Shape.of(1), null), 0.3f, s);
        assertTrace(u, s, new double[] {0.3, 0.57, 0.813, 1.0317, 0, 0.3, 0.57, 0.813, 1.0317, 0}, 3, 8);
    }

    @Test
    void noReset() {
        float[] s = new float[10];
        float[] u = run(LifSpec.builder().beta(0.9f).reset(Reset.NONE).build().build(Shape.of(1), null), 0.3f, s);
        // U[t] = 3·(1 − 0.9^(t+1))
        double[] expected = new double[10];
        for (int t = 0; t < 10; t++) {
            expected[t] = 3 * (1 - Math.pow(0.9, t + 1));
        }
        assertTrace(u, s, expected, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void integrateAndFireSpikesOnlyStrictlyAboveThreshold() {
        float[] s = new float[10];
        // 0.25 steps are exact in float: U[3] = 1.0 = θ does not spike, U[4] = 1.25 does.
        float[] u = run(IfSpec.defaults().build(Shape.of(1), null), 0.25f, s);
        assertTrace(u, s, new double[] {0.25, 0.5, 0.75, 1.0, 1.25, 0.5, 0.75, 1.0, 1.25, 0.5}, 4, 8);
    }

    @Test
    void independentLanesAndFreshStateEachForward() {
        SpikingLayer layer = LifSpec.of(0.9f).build(Shape.of(3), null);
        float[] in = new float[10 * 2 * 3];
        for (int t = 0; t < 10; t++) {
            for (int i = 0; i < 6; i++) {
                in[t * 6 + i] = i == 4 ? 0.3f : 0f;
            }
        }
        RunContext ctx = new RunContext(10, 2, false, 0, kernels);
        layer.forward(in, ctx);
        layer.forward(in, ctx);
        float[] u = layer.membrane();
        assertThat(u[3 * 6 + 4]).isCloseTo(1.0317f, offset(2e-6f));
        assertThat(u[4 * 6 + 4]).isCloseTo(0.22853f, offset(2e-6f));
        assertThat(u[9 * 6 + 3]).isZero();
    }

    @Test
    void rejectsWrongInputLengthAndBackwardWithoutTraining() {
        SpikingLayer layer = LifSpec.of(0.9f).build(Shape.of(3), new SplittableRandom(1));
        assertThatThrownBy(() -> layer.forward(new float[10], new RunContext(2, 2, true, 0, kernels)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10").hasMessageContaining("12");
        layer.forward(new float[12], new RunContext(2, 2, false, 0, kernels));
        assertThatThrownBy(() -> layer.backward(new float[12], null, true)).isInstanceOf(IllegalStateException.class);
        layer.forward(new float[12], new RunContext(2, 2, true, 0, kernels));
        assertThatThrownBy(() -> layer.backward(new float[11], null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gradSpikes");
        assertThat(layer.backward(new float[12], null, false)).isNull();
    }
}
