package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.layer.RunContext;

/**
 * {@link Leaky} as a {@link org.snn4j.core.layer.TimeInvariantInput}: the forward on {@code X [B, N]}
 * against {@link Leaky#forward} on {@code X} repeated over time (spikes and membranes identical),
 * the backward's {@code [B, N]} gradient against the time sum of the broadcast path's
 * {@code [T, B, N]} gradient, the β and θ gradients identical; switching back to the ordinary path,
 * and misuse.
 */
class LeakyTimeInvariantTest {
    private static final int T = 8;
    private static final int B = 3;

    private static LifSpec spec(Reset reset, boolean detach) {
        return LifSpec.builder().beta(0.85f).threshold(0.6f).reset(reset).detachReset(detach)
                .surrogate(Surrogate.atan(2f)).learnBeta(LearnMode.PER_NEURON)
                .learnThreshold(LearnMode.SHARED).build();
    }

    private static float[] uniform(long seed, int n, double lo, double hi) {
        return GradientReferenceTest.uniform(new SplittableRandom(seed), n, lo, hi);
    }

    private static float[] repeat(float[] x) {
        float[] r = new float[T * x.length];
        for (int t = 0; t < T; t++) {
            System.arraycopy(x, 0, r, t * x.length, x.length);
        }
        return r;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 33, 130})
    void timeInvariantEqualsBroadcast(int n) {
        int lanes = B * n;
        float[] x = uniform(n, lanes, -0.2, 1.0);
        float[] gS = uniform(n + 1, T * lanes, -1, 1);
        float[] gM = uniform(n + 2, T * lanes, -1, 1);
        for (int threads : new int[] {1, 2}) {
            try (Kernels k = Kernels.create(threads)) {
                RunContext ctx = new RunContext(T, B, true, 0, k);
                for (NeuronKernels nk : new NeuronKernels[] {NeuronKernels.scalar(), NeuronKernels.create()}) {
                    for (Reset reset : Reset.values()) {
                        for (boolean detach : new boolean[] {true, false}) {
                            String what = nk.name() + " " + reset + " detach=" + detach + " threads=" + threads;
                            Leaky ref = Leaky.create(spec(reset, detach), Shape.of(n), nk);
                            float[] s = ref.forward(repeat(x), ctx).clone();
                            float[] u = ref.membrane().clone();
                            float[] gi = ref.backward(gS, gM, true).clone();

                            Leaky ti = Leaky.create(spec(reset, detach), Shape.of(n), nk);
                            float[] sTi = ti.forwardTimeInvariant(x, ctx).clone();
                            assertThat(sTi).as("S, %s", what).containsExactly(s);
                            assertThat(ti.membrane()).as("U, %s", what).containsExactly(u);
                            float[] gx = ti.backward(gS, gM, true);
                            assertThat(gx).as("dL/dX is [B, N], %s", what).hasSize(lanes);
                            for (int i = 0; i < lanes; i++) {
                                float sum = 0f;
                                float scale = 0f;
                                for (int t = 0; t < T; t++) {
                                    sum += gi[t * lanes + i];
                                    scale += Math.abs(gi[t * lanes + i]);
                                }
                                assertThat(gx[i]).as("dL/dX[%d], %s", i, what).isCloseTo(sum, within(1e-6f * scale + 1e-7f));
                            }
                            for (int p = 0; p < 2; p++) {
                                String name = ref.parameters().get(p).name();
                                assertThat(ref.parameters().get(p).grad()).as("d%s must be non-zero, %s", name, what)
                                        .isNotEqualTo(new float[ref.parameters().get(p).size()]);
                                assertThat(ti.parameters().get(p).grad()).as("d%s, %s", name, what)
                                        .containsExactly(ref.parameters().get(p).grad());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void anOrdinaryForwardReturnsToTheBroadcastPath() {
        int n = 11;
        int lanes = B * n;
        float[] x = uniform(1, lanes, 0, 1.2);
        float[] in = uniform(2, T * lanes, -0.2, 1.2);
        float[] gS = uniform(3, T * lanes, -1, 1);
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(T, B, true, 0, k);
            Leaky ref = Leaky.create(spec(Reset.ZERO, false), Shape.of(n), NeuronKernels.create());
            float[] s = ref.forward(in, ctx).clone();
            float[] gi = ref.backward(gS, null, true).clone();

            Leaky layer = Leaky.create(spec(Reset.ZERO, false), Shape.of(n), NeuronKernels.create());
            layer.forwardTimeInvariant(x, ctx);
            assertThat(layer.backward(gS, null, true)).hasSize(lanes);
            layer.parameters().forEach(org.snn4j.core.Parameter::zeroGrad);
            assertThat(layer.forward(in, ctx)).containsExactly(s);
            assertThat(layer.backward(gS, null, true)).as("[T, B, N] again").containsExactly(gi);
            assertThat(layer.parameters().get(0).grad()).containsExactly(ref.parameters().get(0).grad());
            // and a segment forward after a time-invariant one starts from its given state as usual
            layer.forwardTimeInvariant(x, ctx);
            float[] st = new float[2 * lanes];
            layer.forwardSegment(in, ctx, st, null);
            assertThat(layer.s).containsExactly(s);
        }
    }

    @Test
    void misuseIsRefused() {
        int n = 4;
        int lanes = B * n;
        Leaky layer = LifSpec.of(0.9f).build(Shape.of(n), null);
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(T, B, true, 0, k);
            assertThatThrownBy(() -> layer.forwardTimeInvariant(new float[T * lanes], ctx))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("time-invariant input has 96 values but B·N = 3·4 = 12 were expected");
            layer.forwardTimeInvariant(new float[lanes], ctx);
            assertThatThrownBy(() -> layer.backwardSegment(new float[T * lanes], null, null, new float[2 * lanes], true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time-invariant");
            layer.forwardTimeInvariant(new float[lanes], new RunContext(T, B, false, 0, k));
            assertThatThrownBy(() -> layer.backward(new float[T * lanes], null, true))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("training = true");
        }
    }
}
