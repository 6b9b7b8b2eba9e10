package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;

/**
 * {@link RecurrentSynaptic}: forward against a naive loop written from the Javadoc equations (spikes
 * exact, U and Isyn within 1e-6 relative: the loop sums Q in double); with
 * {@code V = 0} and no bias it equals {@link Synaptic} bit for bit (forward and backward); a
 * sequence run as chained {@link StatefulLayer} segments equals the whole-sequence run.
 * (Gradients against the tape reference: {@link GradientReferenceTest}.)
 */
class RecurrentSynapticTest {
    private static final int T = 11;
    private static final int B = 3;
    private static final int N = 6;
    private static Kernels kernels;

    @BeforeAll
    static void setUp() {
        kernels = Kernels.create(2);
    }

    @AfterAll
    static void tearDown() {
        kernels.close();
    }

    private static RsynSpec spec(Reset reset, boolean bias) {
        return RsynSpec.builder().alpha(0.75f).beta(0.85f).threshold(0.9f).reset(reset).detachReset(false)
                .recurrentBias(bias).surrogate(Surrogate.fastSigmoid(5f)).learnAlpha(LearnMode.PER_NEURON)
                .learnBeta(LearnMode.SHARED).learnThreshold(LearnMode.PER_NEURON).build();
    }

    private static RecurrentSynaptic layer(Reset reset, boolean bias, long seed) {
        RecurrentSynaptic l = spec(reset, bias).build(Shape.of(N), new SplittableRandom(seed));
        float[] w = l.recurrentWeight().value();
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextDouble(-0.7, 0.7);
        }
        return l;
    }

    @ParameterizedTest
    @EnumSource(Reset.class)
    void forwardEqualsNaiveLoop(Reset reset) {
        RecurrentSynaptic l = layer(reset, true, 3);
        float[] x = GradientReferenceTest.uniform(new SplittableRandom(4), T * B * N, -0.3, 0.9);
        float[] s = l.forward(x, new RunContext(T, B, false, 0, kernels)).clone();
        float[] v = l.recurrentWeight().value();
        float[] c = l.recurrentBias().value();
        float a = 0.75f;
        float b = 0.85f;
        float th = 0.9f;
        float[] es = new float[x.length];
        float[] eu = new float[x.length];
        float[] ei = new float[x.length];
        for (int bb = 0; bb < B; bb++) {
            float[] is = new float[N];
            float[] u = new float[N];
            float[] sp = new float[N];
            for (int t = 0; t < T; t++) {
                float[] q = new float[N];
                for (int j = 0; j < N; j++) {
                    double acc = 0;
                    for (int i = 0; i < N; i++) {
                        acc += sp[i] * v[i * N + j];
                    }
                    q[j] = (float) acc;
                }
                float[] spNew = new float[N];
                for (int j = 0; j < N; j++) {
                    int idx = (t * B + bb) * N + j;
                    float r = sp[j];
                    float jt = a * is[j] + x[idx] + q[j] + c[j];
                    switch (reset) {
                        case SUBTRACT -> {
                            is[j] = jt;
                            u[j] = b * u[j] + jt - r * th;
                        }
                        case ZERO -> {
                            is[j] = jt * (1 - r);
                            u[j] = (b * u[j] + jt) * (1 - r);
                        }
                        case NONE -> {
                            is[j] = jt;
                            u[j] = b * u[j] + jt;
                        }
                    }
                    spNew[j] = u[j] - th > 0 ? 1f : 0f;
                    es[idx] = spNew[j];
                    eu[idx] = u[j];
                    ei[idx] = is[j];
                }
                sp = spNew;
            }
        }
        assertThat(s).containsExactly(es);
        assertThat(s).contains(1f, 0f);
        for (int i = 0; i < x.length; i++) {
            assertThat(l.membrane()[i]).as("U[%d]", i).isCloseTo(eu[i], org.assertj.core.data.Offset.offset(1e-6f * Math.max(1, Math.abs(eu[i]))));
            assertThat(l.synapticCurrent()[i]).as("Isyn[%d]", i)
                    .isCloseTo(ei[i], org.assertj.core.data.Offset.offset(1e-6f * Math.max(1, Math.abs(ei[i]))));
        }
    }

    @ParameterizedTest
    @EnumSource(Reset.class)
    void zeroFeedbackWithoutBiasIsSynapticBitForBit(Reset reset) {
        RecurrentSynaptic r = spec(reset, false).build(Shape.of(N), new SplittableRandom(1));
        java.util.Arrays.fill(r.recurrentWeight().value(), 0f);
        Synaptic syn = SynapticSpec.builder().alpha(0.75f).beta(0.85f).threshold(0.9f).reset(reset).detachReset(false)
                .surrogate(Surrogate.fastSigmoid(5f)).learnAlpha(LearnMode.PER_NEURON).learnBeta(LearnMode.SHARED)
                .learnThreshold(LearnMode.PER_NEURON).build().build(Shape.of(N), null);
        SplittableRandom rnd = new SplittableRandom(8);
        float[] x = GradientReferenceTest.uniform(rnd, T * B * N, -0.3, 1.0);
        float[] gS = GradientReferenceTest.uniform(rnd, x.length, -1, 1);
        float[] gM = GradientReferenceTest.uniform(rnd, x.length, -1, 1);
        RunContext ctx = new RunContext(T, B, true, 0, kernels);
        float[] s1 = r.forward(x, ctx).clone();
        float[] s2 = syn.forward(x, ctx).clone();
        assertThat(s1).containsExactly(s2).contains(1f);
        assertThat(r.membrane()).containsExactly(syn.membrane());
        assertThat(r.synapticCurrent()).containsExactly(syn.synapticCurrent());
        assertThat(r.backward(gS.clone(), gM.clone(), true)).containsExactly(syn.backward(gS.clone(), gM.clone(), true));
        List<Parameter> pr = r.parameters();
        List<Parameter> ps = syn.parameters();
        assertThat(pr.subList(1, pr.size())).extracting(Parameter::name).containsExactly("alpha", "beta", "threshold");
        for (int k = 0; k < ps.size(); k++) {
            float[] expected = ps.get(k).grad();
            float[] actual = pr.get(k + 1).grad();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("%s[%d]", ps.get(k).name(), i)
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f * Math.max(1, Math.abs(expected[i]))));
            }
        }
    }

    /** U, S, Isyn, dL/dX and every parameter gradient of one run. */
    private record Run(float[] u, float[] s, float[] syn, float[] gradIn, float[][] grads) {
    }

    private static Run collect(RecurrentSynaptic l, float[] u, float[] s, float[] syn, float[] gi) {
        List<Parameter> ps = l.parameters();
        float[][] g = new float[ps.size()][];
        for (int k = 0; k < g.length; k++) {
            g[k] = ps.get(k).grad().clone();
        }
        return new Run(u, s, syn, gi, g);
    }

    @ParameterizedTest
    @EnumSource(Reset.class)
    void segmentsEqualTheWholeSequence(Reset reset) {
        SplittableRandom rnd = new SplittableRandom(21);
        float[] x = GradientReferenceTest.uniform(rnd, T * B * N, -0.3, 1.0);
        float[] gS = GradientReferenceTest.uniform(rnd, x.length, -1, 1);
        float[] gM = GradientReferenceTest.uniform(rnd, x.length, -1, 1);
        RecurrentSynaptic whole = layer(reset, true, 5);
        whole.forward(x, new RunContext(T, B, true, 0, kernels));
        float[] u = whole.membrane().clone();
        float[] s = whole.s.clone();
        float[] syn = whole.synapticCurrent().clone();
        Run ref = collect(whole, u, s, syn, whole.backward(gS.clone(), gM.clone(), true).clone());
        assertThat(s).contains(1f, 0f);
        int lanes = B * N;
        for (int seg : new int[] {1, 3, 4, 11}) {
            RecurrentSynaptic l = layer(reset, true, 5);
            int segments = Math.ceilDiv(T, seg);
            float[][] states = new float[segments][];
            float[] su = new float[x.length];
            float[] ss = new float[x.length];
            float[] ssyn = new float[x.length];
            float[] gi = new float[x.length];
            for (int c = 0; c < segments; c++) {
                int t0 = c * seg;
                int len = Math.min(seg, T - t0);
                float[] fin = c + 1 < segments ? (states[c + 1] = new float[3 * lanes]) : null;
                l.forwardSegment(rows(x, t0, len, lanes), new RunContext(len, B, true, 0, kernels), states[c], fin);
                System.arraycopy(l.membrane(), 0, su, t0 * lanes, len * lanes);
                System.arraycopy(l.s, 0, ss, t0 * lanes, len * lanes);
                System.arraycopy(l.synapticCurrent(), 0, ssyn, t0 * lanes, len * lanes);
            }
            float[] gEnd = null;
            for (int c = segments - 1; c >= 0; c--) {
                int t0 = c * seg;
                int len = Math.min(seg, T - t0);
                if (c < segments - 1) {
                    l.forwardSegment(rows(x, t0, len, lanes), new RunContext(len, B, true, 0, kernels), states[c], null);
                }
                float[] gStart = c > 0 ? new float[4 * lanes] : null;
                float[] g = l.backwardSegment(rows(gS, t0, len, lanes), rows(gM, t0, len, lanes), gEnd, gStart, true);
                System.arraycopy(g, 0, gi, t0 * lanes, len * lanes);
                gEnd = gStart;
            }
            Run r = collect(l, su, ss, ssyn, gi);
            String what = reset + " S=" + seg;
            assertThat(r.u()).as("U, %s", what).containsExactly(ref.u());
            assertThat(r.s()).as("S, %s", what).containsExactly(ref.s());
            assertThat(r.syn()).as("Isyn, %s", what).containsExactly(ref.syn());
            assertThat(r.gradIn()).as("dL/dX, %s", what).containsExactly(ref.gradIn());
            for (int k = 0; k < ref.grads().length; k++) {
                float[] e = ref.grads()[k];
                double scale = 0;
                for (float v : e) {
                    scale = Math.max(scale, Math.abs(v));
                }
                assertThat(scale).isGreaterThan(0);
                for (int i = 0; i < e.length; i++) {
                    assertThat((double) r.grads()[k][i]).as("grad %d[%d], %s", k, i, what)
                            .isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-5 * scale));
                }
            }
        }
    }

    private static float[] rows(float[] a, int t0, int len, int lanes) {
        float[] r = new float[len * lanes];
        System.arraycopy(a, t0 * lanes, r, 0, r.length);
        return r;
    }
}
