package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.kernel.Simd;

/**
 * The time-invariant LIF kernels ({@code lifForwardTimeInvariant}, {@code lifBackwardTimeInvariant}):
 * vector against scalar twin bit for bit on awkward sizes and lane sub-ranges, and each against the
 * ordinary kernels on the input repeated over time — {@code U}, {@code S} and the per-lane β/θ
 * partial sums identical, {@code dX} exactly the reverse-time sum of the broadcast path's
 * {@code dI[t]} and close to its forward-order sum.
 */
class NeuronKernelsTimeInvariantTest {
    private static final Surrogate[] SURROGATES = {Surrogate.atan(2f), Surrogate.fastSigmoid(25f),
            Surrogate.sigmoid(5f), Surrogate.triangle(1f)};

    /** U, S, dX (or dI), β and θ lane sums. */
    private record Out(float[] u, float[] s, float[] grad, float[] betaLane, float[] thetaLane) {
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 15, 16, 17, 31, 33, 97, 600, 1031})
    void vectorMatchesScalar(int n) {
        assertThat(Simd.enabled()).as("tests run with --add-modules jdk.incubator.vector").isTrue();
        NeuronKernels vec = NeuronKernels.create();
        NeuronKernels sca = NeuronKernels.scalar();
        assertThat(vec.name()).isEqualTo("vector");
        int steps = 6;
        int batch = 3;
        int lanes = batch * n;
        SplittableRandom rnd = new SplittableRandom(n);
        float[] x = GradientReferenceTest.uniform(rnd, lanes, -0.2, 0.9);
        float[] gS = GradientReferenceTest.uniform(rnd, steps * lanes, -1, 1);
        float[] gM = GradientReferenceTest.uniform(rnd, steps * lanes, -1, 1);
        float[] beta = GradientReferenceTest.uniform(rnd, n, 0.5, 1);
        float[] theta = GradientReferenceTest.uniform(rnd, n, 0.5, 1.5);
        // split the lanes at an odd point to exercise partial blocks and tails
        int mid = Math.min(lanes, n + n / 2 + 1);
        for (Reset reset : Reset.values()) {
            for (boolean detach : new boolean[] {true, false}) {
                for (Surrogate sg : SURROGATES) {
                    Out a = timeInvariant(sca, steps, lanes, n, x, beta, theta, reset, detach, sg, gS, gM, mid);
                    Out b = timeInvariant(vec, steps, lanes, n, x, beta, theta, reset, detach, sg, gS, gM, mid);
                    String what = reset + " " + sg + " detach=" + detach;
                    assertThat(b.u()).as("U, %s", what).containsExactly(a.u());
                    assertThat(b.s()).as("S, %s", what).containsExactly(a.s());
                    float[][] pa = {a.grad(), a.betaLane(), a.thetaLane()};
                    float[][] pb = {b.grad(), b.betaLane(), b.thetaLane()};
                    for (int k = 0; k < pa.length; k++) {
                        if (sg.kind() == Surrogate.Kind.SIGMOID) {
                            for (int i = 0; i < pa[k].length; i++) {
                                assertThat(pb[k][i]).isCloseTo(pa[k][i],
                                        org.assertj.core.data.Offset.offset(1e-5f * Math.max(1f, Math.abs(pa[k][i]))));
                            }
                        } else {
                            assertThat(pb[k]).as("output %d, %s", k, what).containsExactly(pa[k]);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 9, 17, 130})
    void equalsTheBroadcastKernelsOnTheRepeatedInput(int n) {
        int steps = 7;
        int batch = 2;
        int lanes = batch * n;
        SplittableRandom rnd = new SplittableRandom(100 + n);
        float[] x = GradientReferenceTest.uniform(rnd, lanes, -0.2, 0.9);
        float[] repeated = new float[steps * lanes];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(x, 0, repeated, t * lanes, lanes);
        }
        float[] gS = GradientReferenceTest.uniform(rnd, steps * lanes, -1, 1);
        float[] gM = GradientReferenceTest.uniform(rnd, steps * lanes, -1, 1);
        float[] beta = GradientReferenceTest.uniform(rnd, n, 0.5, 1);
        float[] theta = GradientReferenceTest.uniform(rnd, n, 0.3, 0.9);
        int mid = Math.min(lanes, n + 3);
        for (NeuronKernels nk : new NeuronKernels[] {NeuronKernels.scalar(), NeuronKernels.create()}) {
            for (Reset reset : Reset.values()) {
                for (boolean detach : new boolean[] {true, false}) {
                    for (Surrogate sg : SURROGATES) {
                        String what = nk.name() + " " + reset + " " + sg + " detach=" + detach;
                        Out ti = timeInvariant(nk, steps, lanes, n, x, beta, theta, reset, detach, sg, gS, gM, mid);
                        Out bc = broadcast(nk, steps, lanes, n, repeated, beta, theta, reset, detach, sg, gS, gM, mid);
                        assertThat(ti.u()).as("U, %s", what).containsExactly(bc.u());
                        assertThat(ti.s()).as("S, %s", what).containsExactly(bc.s());
                        assertThat(ti.betaLane()).as("β lanes, %s", what).containsExactly(bc.betaLane());
                        assertThat(ti.thetaLane()).as("θ lanes, %s", what).containsExactly(bc.thetaLane());
                        double spikes = 0;
                        for (float v : bc.s()) {
                            spikes += v;
                        }
                        assertThat(spikes).as("some neurons must spike, %s", what).isPositive();
                        for (int i = 0; i < lanes; i++) {
                            float reverse = bc.grad()[(steps - 1) * lanes + i];
                            for (int t = steps - 2; t >= 0; t--) {
                                reverse += bc.grad()[t * lanes + i];
                            }
                            float forward = 0f;
                            float scale = 0f;
                            for (int t = 0; t < steps; t++) {
                                forward += bc.grad()[t * lanes + i];
                                scale += Math.abs(bc.grad()[t * lanes + i]);
                            }
                            assertThat(ti.grad()[i]).as("dX[%d] vs the reverse-time sum, %s", i, what)
                                    .isEqualTo(reverse);
                            assertThat(ti.grad()[i]).as("dX[%d] vs the forward-order sum, %s", i, what)
                                    .isCloseTo(forward, within(1e-6f * scale + 1e-7f));
                        }
                    }
                }
            }
        }
    }

    private static Out timeInvariant(NeuronKernels k, int steps, int lanes, int n, float[] x, float[] beta,
                                     float[] theta, Reset reset, boolean detach, Surrogate sg, float[] gS, float[] gM,
                                     int mid) {
        float[] u = new float[steps * lanes];
        float[] s = new float[steps * lanes];
        k.lifForwardTimeInvariant(steps, lanes, n, x, beta, theta, reset, u, s, 0, mid);
        k.lifForwardTimeInvariant(steps, lanes, n, x, beta, theta, reset, u, s, mid, lanes);
        float[] gx = new float[lanes];
        float[] bl = ramp(lanes);
        float[] tl = ramp(lanes);
        float[] carry = new float[lanes];
        k.lifBackwardTimeInvariant(steps, lanes, n, x, u, s, gS, gM, beta, theta, reset, detach, sg, gx, bl, tl, carry,
                0, mid);
        k.lifBackwardTimeInvariant(steps, lanes, n, x, u, s, gS, null, beta, theta, reset, detach, sg, gx, bl, tl,
                carry, mid, lanes);
        return new Out(u, s, gx, bl, tl);
    }

    private static Out broadcast(NeuronKernels k, int steps, int lanes, int n, float[] in, float[] beta,
                                 float[] theta, Reset reset, boolean detach, Surrogate sg, float[] gS, float[] gM,
                                 int mid) {
        float[] u = new float[in.length];
        float[] s = new float[in.length];
        k.lifForward(steps, lanes, n, in, beta, theta, reset, u, s, 0, mid);
        k.lifForward(steps, lanes, n, in, beta, theta, reset, u, s, mid, lanes);
        float[] gi = new float[in.length];
        float[] bl = ramp(lanes);
        float[] tl = ramp(lanes);
        float[] carry = new float[lanes];
        k.lifBackward(steps, lanes, n, in, u, s, gS, gM, beta, theta, reset, detach, sg, gi, bl, tl, carry, 0, mid);
        k.lifBackward(steps, lanes, n, in, u, s, gS, null, beta, theta, reset, detach, sg, gi, bl, tl, carry, mid,
                lanes);
        return new Out(u, s, gi, bl, tl);
    }

    /** Non-zero starting partial sums, to check that the kernels add to them. */
    private static float[] ramp(int lanes) {
        float[] a = new float[lanes];
        for (int i = 0; i < lanes; i++) {
            a[i] = 0.01f * (i % 13);
        }
        return a;
    }
}
