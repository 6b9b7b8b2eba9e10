package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;

/**
 * {@link ResetTiming} of {@link RecurrentLeaky} and {@link RecurrentSynaptic}: forwards against naive loops written
 * from the Javadoc equations for every reset and both timings (feedback weights and bias on a 1/16 grid, so
 * {@code Q[t] = S[t−1]·V} is exact in any summation order and the comparison is bit for bit); IMMEDIATE runs as
 * chained segments equal the whole sequence; the old constructors and the builder default are DELAYED.
 */
class RecurrentResetTimingTest {
    private static final int T = 11;
    private static final int B = 2;
    private static final int N = 5;
    private static final float A = 0.75f;
    private static final float BETA = 0.85f;
    private static final float TH = 0.9f;
    private static Kernels kernels;

    @BeforeAll
    static void setUp() {
        kernels = Kernels.create(1);
    }

    @AfterAll
    static void tearDown() {
        kernels.close();
    }

    private static NeuronLayerBase layer(boolean synaptic, Reset reset, ResetTiming timing, long seed) {
        NeuronLayerBase l;
        Parameter w;
        Parameter c;
        if (synaptic) {
            RecurrentSynaptic r = RsynSpec.builder().alpha(A).beta(BETA).threshold(TH).reset(reset).resetTiming(timing)
                    .detachReset(false).surrogate(Surrogate.fastSigmoid(5f)).learnAlpha(LearnMode.PER_NEURON)
                    .learnBeta(LearnMode.SHARED).learnThreshold(LearnMode.PER_NEURON).build()
                    .build(Shape.of(N), new SplittableRandom(seed));
            l = r;
            w = r.recurrentWeight();
            c = r.recurrentBias();
        } else {
            RecurrentLeaky r = RlifSpec.builder().beta(BETA).threshold(TH).reset(reset).resetTiming(timing)
                    .detachReset(false).surrogate(Surrogate.atan(2f)).learnBeta(LearnMode.PER_NEURON)
                    .learnThreshold(LearnMode.SHARED).build().build(Shape.of(N), new SplittableRandom(seed));
            l = r;
            w = r.recurrentWeight();
            c = r.parameters().get(1);
            assertThat(c.name()).isEqualTo("recurrent_bias");
        }
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        for (int i = 0; i < w.size(); i++) {
            w.value()[i] = rnd.nextInt(-10, 11) / 16f;
        }
        for (int i = 0; i < c.size(); i++) {
            c.value()[i] = rnd.nextInt(-2, 3) / 16f;
        }
        return l;
    }

    /** The parameter of {@code l} called {@code name}. */
    static Parameter named(NeuronLayerBase l, String name) {
        return l.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** U and S of the naive loop: RLIF (β per neuron from the layer) or RSYNAPTIC (α per neuron, β shared). */
    private static float[][] naive(NeuronLayerBase l, boolean synaptic, float[] x, Reset reset, ResetTiming timing) {
        float[] v = named(l, "recurrent_weight").value();
        float[] c = named(l, "recurrent_bias").value();
        float[] eu = new float[x.length];
        float[] es = new float[x.length];
        boolean immediate = timing == ResetTiming.IMMEDIATE;
        for (int bb = 0; bb < B; bb++) {
            float[] is = new float[N];
            float[] u = new float[N];
            float[] sp = new float[N];
            for (int t = 0; t < T; t++) {
                float[] spNew = new float[N];
                for (int j = 0; j < N; j++) {
                    float q = 0f;
                    for (int i = 0; i < N; i++) {
                        q += sp[i] * v[i * N + j];
                    }
                    int idx = (t * B + bb) * N + j;
                    float r = sp[j];
                    float up = u[j];
                    if (synaptic) {
                        float jt = A * is[j] + x[idx] + q + c[j];
                        if (immediate) {
                            is[j] = jt;
                            u[j] = switch (reset) {
                                case SUBTRACT -> BETA * (up - r * TH) + jt;
                                case ZERO -> BETA * (up * (1f - r)) + jt;
                                case NONE -> BETA * up + jt;
                            };
                        } else {
                            is[j] = reset == Reset.ZERO ? jt * (1f - r) : jt;
                            u[j] = switch (reset) {
                                case SUBTRACT -> BETA * up + jt - r * TH;
                                case ZERO -> (BETA * up + jt) * (1f - r);
                                case NONE -> BETA * up + jt;
                            };
                        }
                    } else if (immediate) {
                        u[j] = switch (reset) {
                            case SUBTRACT -> BETA * (up - r * TH);
                            case ZERO -> BETA * (up * (1f - r));
                            case NONE -> BETA * up;
                        } + x[idx] + q + c[j];
                    } else {
                        float z = BETA * up + x[idx] + q + c[j];
                        u[j] = switch (reset) {
                            case SUBTRACT -> z - r * TH;
                            case ZERO -> z * (1f - r);
                            case NONE -> z;
                        };
                    }
                    spNew[j] = u[j] - TH > 0f ? 1f : 0f;
                    es[idx] = spNew[j];
                    eu[idx] = u[j];
                }
                sp = spNew;
            }
        }
        return new float[][] {eu, es};
    }

    @Test
    void forwardsMatchTheNaiveLoopsForEveryResetAndBothTimings() {
        float[] x = GradientReferenceTest.uniform(new SplittableRandom(4), T * B * N, -0.3, 0.9);
        for (boolean synaptic : new boolean[] {false, true}) {
            for (Reset reset : Reset.values()) {
                float[][] outs = new float[2][];
                for (ResetTiming timing : ResetTiming.values()) {
                    NeuronLayerBase l = layer(synaptic, reset, timing, 3);
                    float[] s = l.forward(x, new RunContext(T, B, false, 0, kernels)).clone();
                    float[][] ref = naive(l, synaptic, x, reset, timing);
                    String what = (synaptic ? "RSYN " : "RLIF ") + timing + " " + reset;
                    assertThat(l.membrane()).as("U %s", what).containsExactly(ref[0]);
                    assertThat(s).as("S %s", what).containsExactly(ref[1]).contains(1f, 0f);
                    outs[timing.ordinal()] = l.membrane().clone();
                }
                if (reset == Reset.NONE) {
                    assertThat(outs[1]).containsExactly(outs[0]);
                } else {
                    assertThat(outs[1]).as("%s the timings differ", reset).isNotEqualTo(outs[0]);
                }
            }
        }
    }

    private record Run(float[] u, float[] s, float[] gradIn, float[][] grads) {
    }

    /** Copies of the gradients of {@code l}'s parameters, in {@link NeuronLayerBase#parameters()} order. */
    static float[][] grads(NeuronLayerBase l) {
        List<Parameter> ps = l.parameters();
        float[][] g = new float[ps.size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = ps.get(i).grad().clone();
        }
        return g;
    }

    @Test
    void immediateSegmentsEqualTheWholeSequence() {
        SplittableRandom rnd = new SplittableRandom(21);
        float[] x = GradientReferenceTest.uniform(rnd, T * B * N, -0.3, 1.0);
        float[] gS = GradientReferenceTest.uniform(rnd, x.length, -1, 1);
        float[] gM = GradientReferenceTest.uniform(rnd, x.length, -1, 1);
        for (boolean synaptic : new boolean[] {false, true}) {
            for (Reset reset : new Reset[] {Reset.SUBTRACT, Reset.ZERO}) {
                NeuronLayerBase whole = layer(synaptic, reset, ResetTiming.IMMEDIATE, 5);
                float[] s = whole.forward(x, new RunContext(T, B, true, 0, kernels)).clone();
                float[] u = whole.membrane().clone();
                Run ref = new Run(u, s, whole.backward(gS.clone(), gM.clone(), true).clone(), grads(whole));
                assertThat(s).contains(1f, 0f);
                for (int seg : new int[] {1, 4, 11}) {
                    NeuronLayerBase l = layer(synaptic, reset, ResetTiming.IMMEDIATE, 5);
                    float[][] run = Segments.run(l, x, gS, gM, T, B, seg, kernels);
                    float[] su = run[0];
                    float[] ss = run[1];
                    float[] gi = run[2];
                    String what = (synaptic ? "RSYN " : "RLIF ") + reset + " S=" + seg;
                    assertThat(su).as("U, %s", what).containsExactly(ref.u());
                    assertThat(ss).as("S, %s", what).containsExactly(ref.s());
                    assertThat(gi).as("dL/dI, %s", what).containsExactly(ref.gradIn());
                    float[][] g = grads(l);
                    for (int k = 0; k < ref.grads().length; k++) {
                        float[] e = ref.grads()[k];
                        double scale = 0;
                        for (float v : e) {
                            scale = Math.max(scale, Math.abs(v));
                        }
                        assertThat(scale).isGreaterThan(0);
                        for (int i = 0; i < e.length; i++) {
                            assertThat((double) g[k][i]).as("grad %d[%d], %s", k, i, what)
                                    .isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-5 * scale));
                        }
                    }
                }
            }
        }
    }

    @Test
    void oldConstructorsAndBuilderDefaultAreDelayed() {
        RlifSpec r = new RlifSpec(0.9f, 1f, Reset.ZERO, Surrogate.atan(), true, false, LearnMode.FIXED, LearnMode.FIXED);
        RsynSpec y = new RsynSpec(0.8f, 0.9f, 1f, Reset.ZERO, Surrogate.atan(), true, false, LearnMode.FIXED,
                LearnMode.FIXED, LearnMode.FIXED);
        assertThat(r.resetTiming()).isEqualTo(ResetTiming.DELAYED);
        assertThat(y.resetTiming()).isEqualTo(ResetTiming.DELAYED);
        assertThat(RlifSpec.of(0.9f).resetTiming()).isEqualTo(ResetTiming.DELAYED);
        assertThat(RsynSpec.of(0.8f, 0.9f).resetTiming()).isEqualTo(ResetTiming.DELAYED);
        assertThat(RlifSpec.builder().resetTiming(ResetTiming.IMMEDIATE).build())
                .isEqualTo(new RlifSpec(0.95f, 1f, Reset.SUBTRACT, Surrogate.atan(), true, true, LearnMode.FIXED,
                        LearnMode.FIXED, ResetTiming.IMMEDIATE));
    }
}
