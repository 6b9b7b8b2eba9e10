package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.layer.RunContext;

/**
 * {@link ResetTiming}: LIF, IF and Synaptic forwards against naive loops written from the equations for
 * both resets and both timings; IF with SUBTRACT and every NONE reset identical for both timings; the
 * time-invariant IMMEDIATE path equal to the repeated sequence; Synaptic IMMEDIATE segments equal to
 * the whole sequence; the immediate kernel refuses NONE.
 */
class ResetTimingTest {
    private static final int T = 12;
    private static final int B = 2;
    private static final int N = 5;
    private static final float[] BETA = {0.9f, 0.8f, 0.7f, 0.95f, 0.6f};
    private static Kernels kernels;

    @BeforeAll
    static void setUp() {
        kernels = Kernels.create(1);
    }

    @AfterAll
    static void tearDown() {
        kernels.close();
    }

    private static RunContext ctx(int steps) {
        return new RunContext(steps, B, true, 3, kernels);
    }

    private static float[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(lo, hi);
        }
        return a;
    }

    /** Naive LIF loop (β per neuron, θ shared) from the equations of {@link Leaky} and {@link ResetTiming}. */
    private static float[][] naiveLif(float[] in, float[] beta, float th, Reset reset, ResetTiming timing) {
        int lanes = B * N;
        float[] u = new float[in.length];
        float[] s = new float[in.length];
        for (int i = 0; i < lanes; i++) {
            float b = beta[i % N];
            float up = 0f;
            float r = 0f;
            for (int t = 0; t < T; t++) {
                float x = in[t * lanes + i];
                float v;
                if (timing == ResetTiming.IMMEDIATE) {
                    v = switch (reset) {
                        case ZERO -> b * (up * (1f - r)) + x;
                        case SUBTRACT -> b * (up - r * th) + x;
                        case NONE -> b * up + x;
                    };
                } else {
                    v = switch (reset) {
                        case ZERO -> (b * up + x) * (1f - r);
                        case SUBTRACT -> b * up + x - r * th;
                        case NONE -> b * up + x;
                    };
                }
                u[t * lanes + i] = v;
                s[t * lanes + i] = v - th > 0f ? 1f : 0f;
                up = v;
                r = s[t * lanes + i];
            }
        }
        return new float[][] {u, s};
    }

    private static Leaky lif(Reset reset, ResetTiming timing, NeuronKernels nk) {
        Leaky layer = Leaky.create(LifSpec.builder().beta(0.5f).threshold(0.8f).reset(reset).resetTiming(timing)
                .learnBeta(LearnMode.PER_NEURON).build(), Shape.of(N), nk);
        System.arraycopy(BETA, 0, layer.parameters().get(0).value(), 0, N);
        return layer;
    }

    @Test
    void lifAndIfForwardsMatchTheNaiveLoopForBothResetsAndTimings() {
        float[] in = uniform(1, T * B * N, -0.2, 0.9);
        float[] ones = {1f, 1f, 1f, 1f, 1f};
        for (ResetTiming timing : ResetTiming.values()) {
            for (Reset reset : Reset.values()) {
                for (NeuronKernels nk : new NeuronKernels[] {NeuronKernels.scalar(), NeuronKernels.create()}) {
                    Leaky layer = lif(reset, timing, nk);
                    float[] s = layer.forward(in, ctx(T));
                    float[][] ref = naiveLif(in, BETA, 0.8f, reset, timing);
                    String what = timing + " " + reset + " " + nk.name();
                    assertThat(layer.membrane()).as("LIF U %s", what).containsExactly(ref[0]);
                    assertThat(s).as("LIF S %s", what).containsExactly(ref[1]);
                    assertThat(ref[1]).as("spikes").contains(1f);
                }
                Leaky ifLayer = IfSpec.builder().threshold(0.8f).reset(reset).resetTiming(timing).build()
                        .build(Shape.of(N), new SplittableRandom(0));
                float[] s = ifLayer.forward(in, ctx(T));
                // IF SUBTRACT is one equation for both timings and runs the DELAYED loop (bit-identical)
                float[][] ref = naiveLif(in, ones, 0.8f, reset, reset == Reset.SUBTRACT ? ResetTiming.DELAYED : timing);
                assertThat(ifLayer.membrane()).as("IF U %s %s", timing, reset).containsExactly(ref[0]);
                assertThat(s).as("IF S %s %s", timing, reset).containsExactly(ref[1]);
            }
        }
    }

    @Test
    void timingsDifferWhereTheyShouldAndAgreeWhereTheyMust() {
        float[] in = new float[T * B * N];
        java.util.Arrays.fill(in, 0.5f);
        float[] gS = uniform(4, in.length, -1, 1);
        float[] gM = uniform(5, in.length, -1, 1);
        for (Reset reset : Reset.values()) {
            // IF: SUBTRACT (and NONE) are the same equation for both timings, bit for bit, gradients included
            Leaky[] ifs = new Leaky[2];
            float[][] out = new float[2][];
            float[][] grad = new float[2][];
            float[][] dTheta = new float[2][];
            for (ResetTiming timing : ResetTiming.values()) {
                Leaky l = IfSpec.builder().threshold(0.8f).reset(reset).resetTiming(timing)
                        .learnThreshold(LearnMode.SHARED).detachReset(false).build()
                        .build(Shape.of(N), new SplittableRandom(0));
                ifs[timing.ordinal()] = l;
                out[timing.ordinal()] = l.forward(in, ctx(T)).clone();
                grad[timing.ordinal()] = l.backward(gS.clone(), gM.clone(), true).clone();
                dTheta[timing.ordinal()] = l.parameters().get(0).grad().clone();
            }
            if (reset == Reset.ZERO) {
                // constant input 0.5, θ = 0.8: DELAYED U = 0.5, 1.0 (spike), 0 (reset with the input), 0.5, …;
                // IMMEDIATE U = 0.5, 1.0 (spike), 0.5 (reset, then the input), 1.0 (spike), …
                assertThat(out[0]).isNotEqualTo(out[1]);
            } else {
                assertThat(out[1]).as("IF %s spikes", reset).containsExactly(out[0]);
                assertThat(ifs[1].membrane()).as("IF %s U", reset).containsExactly(ifs[0].membrane());
                assertThat(grad[1]).as("IF %s dL/dI", reset).containsExactly(grad[0]);
                assertThat(dTheta[1]).as("IF %s dL/dθ", reset).containsExactly(dTheta[0]);
            }
            // LIF NONE: no reset, no timing
            if (reset == Reset.NONE) {
                Leaky a = lif(reset, ResetTiming.DELAYED, NeuronKernels.create());
                Leaky b = lif(reset, ResetTiming.IMMEDIATE, NeuronKernels.create());
                assertThat(b.forward(in, ctx(T))).containsExactly(a.forward(in, ctx(T)));
            } else {
                Leaky a = lif(reset, ResetTiming.DELAYED, NeuronKernels.create());
                Leaky b = lif(reset, ResetTiming.IMMEDIATE, NeuronKernels.create());
                assertThat(b.forward(in, ctx(T)).clone()).as("LIF %s", reset).isNotEqualTo(a.forward(in, ctx(T)));
            }
        }
    }

    @Test
    void immediateTimeInvariantForwardIsTheRepeatedSequence() {
        float[] x = uniform(7, B * N, 0.1, 0.9);
        float[] rep = new float[T * B * N];
        for (int t = 0; t < T; t++) {
            System.arraycopy(x, 0, rep, t * B * N, B * N);
        }
        float[] gS = uniform(8, rep.length, -1, 1);
        for (Reset reset : new Reset[] {Reset.ZERO, Reset.SUBTRACT}) {
            Leaky seq = lif(reset, ResetTiming.IMMEDIATE, NeuronKernels.create());
            Leaky ti = lif(reset, ResetTiming.IMMEDIATE, NeuronKernels.create());
            float[] s1 = seq.forward(rep, ctx(T)).clone();
            float[] g1 = seq.backward(gS.clone(), null, true).clone();
            float[] s2 = ti.forwardTimeInvariant(x, ctx(T)).clone();
            float[] g2 = ti.backward(gS.clone(), null, true);
            assertThat(s2).containsExactly(s1);
            assertThat(ti.membrane()).containsExactly(seq.membrane());
            assertThat(g2).hasSize(B * N);
            for (int i = 0; i < B * N; i++) {
                double sum = 0;
                for (int t = 0; t < T; t++) {
                    sum += g1[t * B * N + i];
                }
                assertThat((double) g2[i]).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-4));
            }
            assertThat(ti.parameters().get(0).grad()).containsExactly(seq.parameters().get(0).grad());
        }
    }

    @Test
    void synapticForwardMatchesTheNaiveLoopAndImmediateSegmentsTheWholeSequence() {
        float[] in = uniform(11, T * B * N, -0.2, 0.7);
        int lanes = B * N;
        for (ResetTiming timing : ResetTiming.values()) {
            for (Reset reset : Reset.values()) {
                SynapticSpec spec = SynapticSpec.builder().alpha(0.6f).beta(0.8f).threshold(0.9f).reset(reset)
                        .resetTiming(timing).detachReset(false).learnBeta(LearnMode.SHARED).build();
                Synaptic layer = spec.build(Shape.of(N), new SplittableRandom(0));
                float[] s = layer.forward(in, ctx(T)).clone();
                float[] u = layer.membrane().clone();
                float[] eu = new float[in.length];
                float[] es = new float[in.length];
                for (int i = 0; i < lanes; i++) {
                    float is = 0f;
                    float up = 0f;
                    float r = 0f;
                    for (int t = 0; t < T; t++) {
                        int idx = t * lanes + i;
                        float j = 0.6f * is + in[idx];
                        float v;
                        if (timing == ResetTiming.IMMEDIATE) {
                            is = j;
                            v = switch (reset) {
                                case ZERO -> 0.8f * (up * (1f - r)) + j;
                                case SUBTRACT -> 0.8f * (up - r * 0.9f) + j;
                                case NONE -> 0.8f * up + j;
                            };
                        } else {
                            is = reset == Reset.ZERO ? j * (1f - r) : j;
                            v = switch (reset) {
                                case ZERO -> (0.8f * up + j) * (1f - r);
                                case SUBTRACT -> 0.8f * up + j - r * 0.9f;
                                case NONE -> 0.8f * up + j;
                            };
                        }
                        eu[idx] = v;
                        es[idx] = v - 0.9f > 0f ? 1f : 0f;
                        up = v;
                        r = es[idx];
                    }
                }
                assertThat(u).as("Synaptic U %s %s", timing, reset).containsExactly(eu);
                assertThat(s).as("Synaptic S %s %s", timing, reset).containsExactly(es);
                assertThat(es).contains(1f);

                float[] gS = uniform(12, in.length, -1, 1);
                float[] gWhole = layer.backward(gS.clone(), null, true).clone();
                float[] dBetaWhole = layer.parameters().get(0).grad().clone();
                // two segments of 5 and 7 steps, backward with recomputation
                Synaptic seg = spec.build(Shape.of(N), new SplittableRandom(0));
                int t1 = 5;
                float[] mid = new float[3 * lanes];
                seg.forwardSegment(java.util.Arrays.copyOfRange(in, 0, t1 * lanes), ctx(t1), null, mid);
                seg.forwardSegment(java.util.Arrays.copyOfRange(in, t1 * lanes, in.length), ctx(T - t1), mid, null);
                float[] gMid = new float[3 * lanes];
                float[] g2 = seg.backwardSegment(java.util.Arrays.copyOfRange(gS, t1 * lanes, in.length), null, null,
                        gMid, true).clone();
                seg.forwardSegment(java.util.Arrays.copyOfRange(in, 0, t1 * lanes), ctx(t1), null, null);
                float[] g1 = seg.backwardSegment(java.util.Arrays.copyOfRange(gS, 0, t1 * lanes), null, gMid, null,
                        true);
                float[] gSeg = new float[in.length];
                System.arraycopy(g1, 0, gSeg, 0, t1 * lanes);
                System.arraycopy(g2, 0, gSeg, t1 * lanes, (T - t1) * lanes);
                assertThat(gSeg).as("Synaptic segments dL/dI %s %s", timing, reset).containsExactly(gWhole);
                assertThat(seg.parameters().get(0).grad()).containsExactly(dBetaWhole);
            }
        }
    }

    @Test
    void theImmediateKernelRefusesTheNoneReset() {
        float[] a = new float[B * N];
        assertThatThrownBy(() -> NeuronKernels.scalar().lifForwardImmediate(1, B * N, N, a, BETA, BETA, Reset.NONE,
                null, a.clone(), a.clone(), 0, B * N))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NONE");
    }
}
