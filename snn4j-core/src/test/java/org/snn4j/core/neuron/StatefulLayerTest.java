package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.layer.RunContext;

/**
 * {@link StatefulLayer} on its own: a LIF sequence run as chained segments (forward from the saved
 * state, backward with the state gradient carried from the later segment) equals the whole-sequence
 * run bit for bit, with the scalar and the vector kernels, on awkward lane counts, for both reset timings
 * and for multi-spike neurons; misuse is refused.
 */
class StatefulLayerTest {
    private static final int T = 9;
    private static final int B = 2;

    /** U, S, dL/dI and the β and θ gradients of one run. */
    private record Run(float[] u, float[] s, float[] gradIn, float[] dBeta, float[] dTheta) {
    }

    private static LifSpec spec(Reset reset, boolean detach) {
        return spec(reset, detach, ResetTiming.DELAYED);
    }

    private static LifSpec spec(Reset reset, boolean detach, ResetTiming timing) {
        return spec(reset, detach, timing, 1);
    }

    private static LifSpec spec(Reset reset, boolean detach, ResetTiming timing, int maxSpikes) {
        return LifSpec.builder().beta(0.85f).threshold(0.6f).reset(reset).resetTiming(timing).detachReset(detach)
                .surrogate(Surrogate.fastSigmoid(5f)).learnBeta(LearnMode.PER_NEURON)
                .learnThreshold(LearnMode.SHARED).maxSpikes(maxSpikes).build();
    }

    private static float[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(lo, hi);
        }
        return a;
    }

    private static Run whole(Leaky layer, float[] in, float[] gS, float[] gM, Kernels k) {
        layer.forward(in, new RunContext(T, B, true, 0, k));
        float[] u = layer.membrane().clone();
        float[] s = layer.s.clone();
        float[] gi = layer.backward(gS.clone(), gM.clone(), true).clone();
        return new Run(u, s, gi, layer.parameters().get(0).grad().clone(), layer.parameters().get(1).grad().clone());
    }

    /** The same sequence in segments of {@code seg} steps, backward last to first with recomputation. */
    private static Run segmented(Leaky layer, float[] in, float[] gS, float[] gM, int seg, Kernels k) {
        int lanes = B * layer.n;
        int segments = Math.ceilDiv(T, seg);
        float[][] states = new float[segments][];
        float[] u = new float[T * lanes];
        float[] s = new float[T * lanes];
        float[] gi = new float[T * lanes];
        for (int c = 0; c < segments; c++) {
            int t0 = c * seg;
            int len = Math.min(seg, T - t0);
            float[] fin = c + 1 < segments ? (states[c + 1] = new float[2 * lanes]) : null;
            layer.forwardSegment(rows(in, t0, len, lanes), new RunContext(len, B, true, 0, k), states[c], fin);
            System.arraycopy(layer.membrane(), 0, u, t0 * lanes, len * lanes);
            System.arraycopy(layer.s, 0, s, t0 * lanes, len * lanes);
        }
        float[] gEnd = null;
        for (int c = segments - 1; c >= 0; c--) {
            int t0 = c * seg;
            int len = Math.min(seg, T - t0);
            if (c < segments - 1) {
                layer.forwardSegment(rows(in, t0, len, lanes), new RunContext(len, B, true, 0, k), states[c], null);
            }
            float[] gStart = c > 0 ? new float[2 * lanes] : null;
            float[] g = layer.backwardSegment(rows(gS, t0, len, lanes), rows(gM, t0, len, lanes), gEnd, gStart, true);
            System.arraycopy(g, 0, gi, t0 * lanes, len * lanes);
            gEnd = gStart;
        }
        return new Run(u, s, gi, layer.parameters().get(0).grad().clone(), layer.parameters().get(1).grad().clone());
    }

    private static float[] rows(float[] a, int t0, int len, int lanes) {
        float[] r = new float[len * lanes];
        System.arraycopy(a, t0 * lanes, r, 0, r.length);
        return r;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 33})
    void segmentsEqualTheWholeSequenceWithBothKernels(int n) {
        int size = T * B * n;
        float[] in = uniform(n, size, -0.2, 1.0);
        float[] gS = uniform(n + 1, size, -1, 1);
        float[] gM = uniform(n + 2, size, -1, 1);
        try (Kernels k = Kernels.create(1)) {
            for (ResetTiming timing : ResetTiming.values()) {
            for (Reset reset : Reset.values()) {
                for (boolean detach : new boolean[] {true, false}) {
                    String c = timing + " " + reset + " detach=" + detach;
                    Run ref = null;
                    for (NeuronKernels nk : new NeuronKernels[] {NeuronKernels.scalar(), NeuronKernels.create()}) {
                        Run w = whole(Leaky.create(spec(reset, detach, timing), Shape.of(n), nk), in, gS, gM, k);
                        if (ref == null) {
                            ref = w;
                        } else {
                            assertSame(w, ref, "vector vs scalar, " + c);
                        }
                        for (int seg : new int[] {1, 2, 4, 9}) {
                            Run r = segmented(Leaky.create(spec(reset, detach, timing), Shape.of(n), nk), in, gS, gM,
                                    seg, k);
                            assertSame(r, w, nk.name() + " " + c + " S=" + seg);
                        }
                    }
                }
            }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7})
    void multiSpikeSegmentsEqualTheWholeSequence(int n) {
        int size = T * B * n;
        float[] in = uniform(10 + n, size, -0.3, 2.0);
        float[] gS = uniform(n + 11, size, -1, 1);
        float[] gM = uniform(n + 12, size, -1, 1);
        try (Kernels k = Kernels.create(1)) {
            for (ResetTiming timing : ResetTiming.values()) {
                for (Reset reset : Reset.values()) {
                    for (boolean detach : new boolean[] {true, false}) {
                        for (int cap : new int[] {0, 3}) {
                            String c = timing + " " + reset + " detach=" + detach + " cap=" + cap;
                            Run w = whole(Leaky.create(spec(reset, detach, timing, cap), Shape.of(n),
                                    NeuronKernels.create()), in, gS, gM, k);
                            assertThat(w.s()).as("several spikes in a step, %s", c).contains(2f);
                            for (int seg : new int[] {1, 4, 5}) {
                                Run r = segmented(Leaky.create(spec(reset, detach, timing, cap), Shape.of(n),
                                        NeuronKernels.create()), in, gS, gM, seg, k);
                                assertSame(r, w, c + " S=" + seg);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void assertSame(Run actual, Run expected, String what) {
        assertThat(actual.u()).as("U, %s", what).containsExactly(expected.u());
        assertThat(actual.s()).as("S, %s", what).containsExactly(expected.s());
        assertThat(actual.gradIn()).as("dL/dI, %s", what).containsExactly(expected.gradIn());
        assertThat(actual.dBeta()).as("dL/dβ, %s", what).containsExactly(expected.dBeta());
        assertThat(actual.dTheta()).as("dL/dθ, %s", what).containsExactly(expected.dTheta());
    }

    @Test
    void misuseIsRefused() {
        Leaky layer = LifSpec.of(0.9f).build(Shape.of(4), null);
        int lanes = B * 4;
        float[] in = new float[3 * lanes];
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(3, B, true, 0, k);
            assertThatThrownBy(() -> layer.forwardSegment(in, ctx, new float[lanes], null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("initial state has 8 values, expected 2·B·N = 2·2·4 = 16");
            float[] st = new float[2 * lanes];
            assertThatThrownBy(() -> layer.forwardSegment(in, ctx, st, st))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different arrays");
            layer.forwardSegment(in, ctx, st, new float[2 * lanes]);
            // continuing a sequence whose later segment was never backpropagated
            assertThatThrownBy(() -> layer.backwardSegment(new float[3 * lanes], null, new float[2 * lanes], null, true))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no later segment");
            assertThatThrownBy(() -> layer.backwardSegment(new float[3 * lanes], null, null, new float[3], true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("initial-state gradient has 3 values");
        }
    }
}
