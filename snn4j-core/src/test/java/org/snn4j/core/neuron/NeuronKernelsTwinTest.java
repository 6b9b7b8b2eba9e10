package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.kernel.Simd;

/** The Vector API LIF kernels against their scalar twin on awkward sizes, including lane sub-ranges. */
class NeuronKernelsTwinTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7, 15, 16, 17, 31, 33, 97, 600, 1031})
    void vectorMatchesScalar(int n) {
        assertThat(Simd.enabled()).as("tests run with --add-modules jdk.incubator.vector").isTrue();
        NeuronKernels vec = NeuronKernels.create();
        NeuronKernels sca = NeuronKernels.scalar();
        assertThat(vec.name()).isEqualTo("vector");
        int steps = 6;
        int batch = 3;
        int lanes = batch * Math.max(n, 1);
        int nn = Math.max(n, 1);
        int usedLanes = n == 0 ? 0 : lanes;
        SplittableRandom rnd = new SplittableRandom(n);
        float[] in = GradientReferenceTest.uniform(rnd, steps * lanes, -0.2, 0.9);
        float[] gS = GradientReferenceTest.uniform(rnd, steps * lanes, -1, 1);
        float[] gM = GradientReferenceTest.uniform(rnd, steps * lanes, -1, 1);
        float[] beta = GradientReferenceTest.uniform(rnd, nn, 0.5, 1);
        float[] theta = GradientReferenceTest.uniform(rnd, nn, 0.5, 1.5);
        Surrogate[] sgs = {Surrogate.atan(2f), Surrogate.fastSigmoid(25f), Surrogate.sigmoid(5f), Surrogate.triangle(1f)};
        for (Reset reset : Reset.values()) {
            for (boolean detach : new boolean[] {true, false}) {
                for (Surrogate sg : sgs) {
                    // split the lanes at an odd point to exercise partial blocks and tails
                    int mid = usedLanes == 0 ? 0 : Math.min(usedLanes, nn + nn / 2 + 1);
                    float[][] a = runBoth(sca, steps, lanes, nn, in, beta, theta, reset, detach, sg, gS, gM, mid, usedLanes);
                    float[][] b = runBoth(vec, steps, lanes, nn, in, beta, theta, reset, detach, sg, gS, gM, mid, usedLanes);
                    assertThat(b[0]).as("U").containsExactly(a[0]);
                    assertThat(b[1]).as("S").containsExactly(a[1]);
                    for (int k = 2; k < a.length; k++) {
                        if (sg.kind() == Surrogate.Kind.SIGMOID) {
                            for (int i = 0; i < a[k].length; i++) {
                                assertThat(b[k][i]).isCloseTo(a[k][i], org.assertj.core.data.Offset.offset(
                                        1e-5f * Math.max(1f, Math.abs(a[k][i]))));
                            }
                        } else {
                            assertThat(b[k]).as("output %d, %s %s detach=%s", k, reset, sg, detach)
                                    .containsExactly(a[k]);
                        }
                    }
                }
            }
        }
    }

    private static float[][] runBoth(NeuronKernels k, int steps, int lanes, int n, float[] in, float[] beta,
                                     float[] theta, Reset reset, boolean detach, Surrogate sg, float[] gS, float[] gM,
                                     int mid, int used) {
        float[] u = new float[in.length];
        float[] s = new float[in.length];
        k.lifForward(steps, lanes, n, in, beta, theta, reset, u, s, 0, mid);
        k.lifForward(steps, lanes, n, in, beta, theta, reset, u, s, mid, used);
        float[] gi = new float[in.length];
        float[] bl = new float[lanes];
        float[] tl = new float[lanes];
        float[] carry = new float[lanes];
        k.lifBackward(steps, lanes, n, in, u, s, gS, gM, beta, theta, reset, detach, sg, gi, bl, tl, carry, 0, mid);
        k.lifBackward(steps, lanes, n, in, u, s, gS, null, beta, theta, reset, detach, sg, gi, bl, tl, carry, mid, used);
        return new float[][] {u, s, gi, bl, tl};
    }
}
