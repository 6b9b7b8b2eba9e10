package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.RunContext;

/**
 * Spikes, membrane, input gradients and parameter gradients are bit-identical for 1 and 2 threads
 * (for the non-spiking {@code li}, output and membrane are the same array).
 */
class ThreadCountTest {

    @ParameterizedTest
    @ValueSource(strings = {"lif", "if", "synaptic", "alif", "rlif", "rsynaptic", "li"})
    void oneAndTwoThreadsAgree(String type) {
        LayerSpec spec = switch (type) {
            case "lif" -> LifSpec.builder().learnBeta(LearnMode.PER_NEURON).learnThreshold(LearnMode.SHARED)
                    .detachReset(false).build();
            case "if" -> IfSpec.builder().learnThreshold(LearnMode.PER_NEURON).reset(Reset.ZERO).build();
            case "synaptic" -> SynapticSpec.builder().learnAlpha(LearnMode.SHARED).learnBeta(LearnMode.PER_NEURON)
                    .learnThreshold(LearnMode.SHARED).build();
            case "alif" -> AlifSpec.builder().learnBeta(LearnMode.SHARED).learnThreshold(LearnMode.PER_NEURON).build();
            case "rsynaptic" -> RsynSpec.builder().learnAlpha(LearnMode.PER_NEURON).learnBeta(LearnMode.SHARED)
                    .reset(Reset.ZERO).detachReset(false).build();
            case "li" -> LiSpec.builder().alpha(0.6f).learnAlpha(LearnMode.PER_NEURON).learnBeta(LearnMode.SHARED)
                    .build();
            default -> RlifSpec.builder().learnBeta(LearnMode.SHARED).detachReset(false).build();
        };
        int steps = 5;
        int batch = 9;
        int n = 37;
        SplittableRandom rnd = new SplittableRandom(11);
        float[] in = GradientReferenceTest.uniform(rnd, steps * batch * n, -0.2, 1.0);
        float[] gS = GradientReferenceTest.uniform(rnd, in.length, -1, 1);
        float[] gM = GradientReferenceTest.uniform(rnd, in.length, -1, 1);
        float[][] one = run(spec, 1, steps, batch, n, in, gS, gM);
        float[][] two = run(spec, 2, steps, batch, n, in, gS, gM);
        assertThat(one.length).isEqualTo(two.length);
        if (type.equals("li")) {
            assertThat(one[3]).as("dL/dα").doesNotContain(0f);
        } else {
            assertThat(one[0]).contains(1f);
        }
        for (int k = 0; k < one.length; k++) {
            assertThat(two[k]).as("output %d", k).containsExactly(one[k]);
        }
    }

    private static float[][] run(LayerSpec spec, int threads, int steps, int batch, int n, float[] in, float[] gS,
                                 float[] gM) {
        try (Kernels kernels = Kernels.create(threads)) {
            SpikingLayer layer = (SpikingLayer) spec.build(Shape.of(n), new SplittableRandom(5));
            float[] s = layer.forward(in, new RunContext(steps, batch, true, 0, kernels)).clone();
            float[] u = layer.membrane().clone();
            float[] gi = layer.backward(gS.clone(), gM.clone(), true).clone();
            List<Parameter> ps = layer.parameters();
            float[][] out = new float[3 + ps.size()][];
            out[0] = s;
            out[1] = u;
            out[2] = gi;
            for (int i = 0; i < ps.size(); i++) {
                out[3 + i] = ps.get(i).grad().clone();
            }
            return out;
        }
    }
}
