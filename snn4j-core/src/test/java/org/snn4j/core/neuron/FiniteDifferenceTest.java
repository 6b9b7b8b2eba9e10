package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.RunContext;

/**
 * Central finite differences where the function is smooth: Reset.NONE and a loss on the membrane
 * only, {@code L = Σ w·U}; spikes then do not influence U, so dL/dI, dL/dβ and dL/dα are exact
 * derivatives of a polynomial.
 */
class FiniteDifferenceTest {
    private static final int T = 6;
    private static final int B = 2;
    private static final int N = 3;
    private static Kernels kernels;

    @BeforeAll
    static void setUp() {
        kernels = Kernels.create(1);
    }

    @AfterAll
    static void tearDown() {
        kernels.close();
    }

    @Test
    void lif() {
        check(LifSpec.builder().beta(0.8f).reset(Reset.NONE).learnBeta(LearnMode.PER_NEURON).build());
    }

    @Test
    void synaptic() {
        check(SynapticSpec.builder().alpha(0.6f).beta(0.8f).reset(Reset.NONE).learnAlpha(LearnMode.SHARED)
                .learnBeta(LearnMode.PER_NEURON).build());
    }

    @Test
    void alif() {
        check(AlifSpec.builder().beta(0.7f).reset(Reset.NONE).learnBeta(LearnMode.SHARED).build());
    }

    private static void check(LayerSpec spec) {
        SplittableRandom rnd = new SplittableRandom(42);
        SpikingLayer layer = (SpikingLayer) spec.build(Shape.of(N), rnd);
        float[] in = GradientReferenceTest.uniform(rnd, T * B * N, -0.5, 1);
        float[] w = GradientReferenceTest.uniform(rnd, in.length, -1, 1);
        layer.forward(in, ctx());
        float[] gi = layer.backward(null, w.clone(), true).clone();
        double eps = 1e-2;
        for (int i = 0; i < in.length; i++) {
            float keep = in[i];
            in[i] = (float) (keep + eps);
            double lp = loss(layer, in, w);
            in[i] = (float) (keep - eps);
            double lm = loss(layer, in, w);
            in[i] = keep;
            assertThat((double) gi[i]).as("dL/dI[%d]", i).isCloseTo((lp - lm) / (2 * eps), offset(2e-3));
        }
        for (Parameter p : layer.parameters()) {
            assertThat(p.grad()).as(p.name()).isNotEqualTo(new float[p.size()]);
            for (int k = 0; k < p.size(); k++) {
                float keep = p.value()[k];
                p.value()[k] = (float) (keep + eps);
                double lp = loss(layer, in, w);
                p.value()[k] = (float) (keep - eps);
                double lm = loss(layer, in, w);
                p.value()[k] = keep;
                double fd = (lp - lm) / (2 * eps);
                assertThat((double) p.grad()[k]).as("dL/d%s[%d]", p.name(), k)
                        .isCloseTo(fd, offset(2e-3 * Math.max(1, Math.abs(fd))));
            }
        }
    }

    private static RunContext ctx() {
        return new RunContext(T, B, true, 0, kernels);
    }

    private static double loss(SpikingLayer layer, float[] in, float[] w) {
        layer.forward(in, new RunContext(T, B, false, 0, kernels));
        float[] u = layer.membrane();
        double l = 0;
        for (int i = 0; i < u.length; i++) {
            l += (double) w[i] * u[i];
        }
        return l;
    }
}
