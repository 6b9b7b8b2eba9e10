package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.snn4j.core.neuron.RecurrentResetTimingTest.grads;
import static org.snn4j.core.neuron.RecurrentResetTimingTest.named;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.LayerRegistry;

/**
 * Multi-spike current-based and recurrent neurons ({@code maxSpikes} of {@link SynapticSpec}, {@link RsynSpec},
 * {@link RlifSpec}): hand-worked examples (2.5·θ → 2 spikes, counts fed back through {@code V}), forwards against a
 * naive loop written from the Javadoc equations (every reset, both timings, caps 0/1/3, per-neuron α/β/θ; feedback
 * and bias on a 1/16 grid so {@code Q = S·V} is exact in any summation order and the comparison is bit for bit),
 * chained segments equal to the whole pass, validation, old-form constructors and registry defaults.
 */
class MultiSpikeSynapticTest {
    private static final int T = 11;
    private static final int B = 2;
    private static final int N = 5;
    private static final float[] ALPHA = {0.6f, 0.75f, 0.5f, 0.9f, 0.3f};
    private static final float[] BETA = {0.9f, 0.8f, 0.7f, 0.95f, 0.6f};
    private static final float[] THETA = {0.8f, 1.0f, 1.3f, 0.6f, 1.1f};
    private static Kernels kernels;

    /** The three layer kinds under test. */
    enum Kind { SYNAPTIC, RSYNAPTIC, RLIF }

    @BeforeAll
    static void setUp() {
        kernels = Kernels.create(1);
    }

    @AfterAll
    static void tearDown() {
        kernels.close();
    }

    private static RunContext ctx(int steps, int batch) {
        return new RunContext(steps, batch, true, 3, kernels);
    }

    /**
     * A layer of {@code n} neurons with every α/β/θ trained per neuron (set to the given values when {@code n = N},
     * else left at α = 0.5, β = 0.5, θ = 1), no detached reset; a recurrent layer gets V and c on a 1/16 grid
     * drawn from {@code seed}, or V as given.
     */
    private static NeuronLayerBase layer(Kind kind, int n, Reset reset, ResetTiming timing, int cap, long seed) {
        LearnMode pn = LearnMode.PER_NEURON;
        Shape shape = Shape.of(n);
        SplittableRandom rng = new SplittableRandom(seed);
        NeuronLayerBase l = switch (kind) {
            case SYNAPTIC -> SynapticSpec.builder().alpha(0.5f).beta(0.5f).threshold(1f).reset(reset)
                    .resetTiming(timing).detachReset(false).surrogate(Surrogate.fastSigmoid(4f)).learnAlpha(pn)
                    .learnBeta(pn).learnThreshold(pn).maxSpikes(cap).build().build(shape, rng);
            case RSYNAPTIC -> RsynSpec.builder().alpha(0.5f).beta(0.5f).threshold(1f).reset(reset).resetTiming(timing)
                    .detachReset(false).surrogate(Surrogate.atan(2f)).learnAlpha(pn).learnBeta(pn).learnThreshold(pn)
                    .maxSpikes(cap).build().build(shape, rng);
            case RLIF -> RlifSpec.builder().beta(0.5f).threshold(1f).reset(reset).resetTiming(timing).detachReset(false)
                    .surrogate(Surrogate.triangle(1f)).learnBeta(pn).learnThreshold(pn).maxSpikes(cap).build()
                    .build(shape, rng);
        };
        if (n == N) {
            for (Parameter p : l.parameters()) {
                switch (p.name()) {
                    case "alpha" -> System.arraycopy(ALPHA, 0, p.value(), 0, N);
                    case "beta" -> System.arraycopy(BETA, 0, p.value(), 0, N);
                    case "threshold" -> System.arraycopy(THETA, 0, p.value(), 0, N);
                    case "recurrent_weight" -> {
                        for (int i = 0; i < p.size(); i++) {
                            p.value()[i] = rng.nextInt(-6, 7) / 16f;
                        }
                    }
                    case "recurrent_bias" -> {
                        for (int i = 0; i < p.size(); i++) {
                            p.value()[i] = rng.nextInt(-2, 3) / 16f;
                        }
                    }
                    default -> throw new AssertionError(p.name());
                }
            }
        }
        return l;
    }

    /**
     * Naive loop from the Javadoc equations of {@link Synaptic} ({@code v == null, synaptic}),
     * {@link RecurrentSynaptic} ({@code synaptic}) and {@link RecurrentLeaky}: per sample, per step, per neuron,
     * {@code Q[t]_j = Σ_i S[t−1]_i·V[i, j]}; returns {@code {U, S, Isyn}}.
     */
    static float[][] naive(float[] x, int batch, int n, boolean synaptic, float[] alpha, float[] beta, float[] theta,
                           float[] v, float[] c, Reset reset, ResetTiming timing, int cap) {
        float[] eu = new float[x.length];
        float[] es = new float[x.length];
        float[] ei = new float[x.length];
        boolean immediate = timing == ResetTiming.IMMEDIATE;
        int steps = x.length / (batch * n);
        for (int bb = 0; bb < batch; bb++) {
            float[] is = new float[n];
            float[] u = new float[n];
            float[] sp = new float[n];
            for (int t = 0; t < steps; t++) {
                float[] spNew = new float[n];
                for (int j = 0; j < n; j++) {
                    int idx = (t * batch + bb) * n + j;
                    float b = beta[j];
                    float th = theta[j];
                    float r = sp[j];
                    float up = u[j];
                    float keep = cap == 1 ? 1f - r : r != 0f ? 0f : 1f;
                    float q = 0f;
                    for (int i = 0; v != null && i < n; i++) {
                        q += sp[i] * v[i * n + j];
                    }
                    float leak = !immediate ? b * up : switch (reset) {
                        case SUBTRACT -> b * (up - r * th);
                        case ZERO -> b * (up * keep);
                        case NONE -> b * up;
                    };
                    float z;
                    if (synaptic) {
                        float jt = alpha[j] * is[j] + x[idx];
                        jt = v == null ? jt : jt + q + c[j];
                        is[j] = reset == Reset.ZERO && !immediate ? jt * keep : jt;
                        z = leak + jt;
                    } else {
                        z = leak + x[idx] + q + c[j];
                    }
                    float uNew = immediate ? z : switch (reset) {
                        case SUBTRACT -> z - r * th;
                        case ZERO -> z * keep;
                        case NONE -> z;
                    };
                    float st;
                    if (cap == 1) {
                        st = uNew - th > 0f ? 1f : 0f;
                    } else {
                        st = uNew > 0f ? (float) Math.floor(uNew / th) : 0f;
                        st = cap > 1 ? Math.min(st, cap) : st;
                    }
                    u[j] = uNew;
                    spNew[j] = st;
                    eu[idx] = uNew;
                    es[idx] = st;
                    ei[idx] = is[j];
                }
                sp = spNew;
            }
        }
        return new float[][] {eu, es, ei};
    }

    private static float[][] naive(NeuronLayerBase l, Kind kind, float[] x, int batch, Reset reset, ResetTiming timing,
                                   int cap) {
        boolean recurrent = kind != Kind.SYNAPTIC;
        return naive(x, batch, l.n, kind != Kind.RLIF, kind == Kind.RLIF ? null : named(l, "alpha").value(),
                named(l, "beta").value(), named(l, "threshold").value(),
                recurrent ? named(l, "recurrent_weight").value() : null,
                recurrent ? named(l, "recurrent_bias").value() : null, reset, timing, cap);
    }

    private static float[] synapticCurrent(NeuronLayerBase l) {
        return l instanceof Synaptic s ? s.synapticCurrent() : ((RecurrentSynaptic) l).synapticCurrent();
    }

    @Test
    void handWorkedSynapticExamples() {
        // one neuron, α = β = 0.5, θ = 1, input 2.5 then nothing: J = 2.5, 1.25, 0.625, 0.3125
        float[] in = {2.5f, 0f, 0f, 0f};
        float[] current = {2.5f, 1.25f, 0.625f, 0.3125f};
        // IMMEDIATE SUBTRACT, no cap: U = 2.5 = 2.5·θ → 2 spikes, 0.5 left; 0.5·0.5 + 1.25 = 1.5 → 1;
        // 0.5·0.5 + 0.625 = 0.875; 0.5·0.875 + 0.3125 = 0.75
        checkSynaptic(Reset.SUBTRACT, ResetTiming.IMMEDIATE, 0, in, new float[] {2f, 1f, 0f, 0f},
                new float[] {2.5f, 1.5f, 0.875f, 0.75f}, current);
        // one spike per step: 2.5 → 1, 0.5·1.5 + 1.25 = 2 → 1, 0.5·1 + 0.625 = 1.125 → 1, 0.5·0.125 + 0.3125
        checkSynaptic(Reset.SUBTRACT, ResetTiming.IMMEDIATE, 1, in, new float[] {1f, 1f, 1f, 0f},
                new float[] {2.5f, 2f, 1.125f, 0.375f}, current);
        // IMMEDIATE ZERO: the count 2 zeroes the membrane once, the current stays: 1.25 → 1, then 0.625, 0.625
        checkSynaptic(Reset.ZERO, ResetTiming.IMMEDIATE, 0, in, new float[] {2f, 1f, 0f, 0f},
                new float[] {2.5f, 1.25f, 0.625f, 0.625f}, current);
        // DELAYED ZERO (snnTorch): the step after the count clears membrane and current
        checkSynaptic(Reset.ZERO, ResetTiming.DELAYED, 0, in, new float[] {2f, 0f, 0f, 0f},
                new float[] {2.5f, 0f, 0f, 0f}, new float[] {2.5f, 0f, 0f, 0f});
        // DELAYED SUBTRACT: U[1] = 0.5·2.5 + 1.25 − 2·1 = 0.5, then 0.25 + 0.625, 0.4375 + 0.3125
        checkSynaptic(Reset.SUBTRACT, ResetTiming.DELAYED, 0, in, new float[] {2f, 0f, 0f, 0f},
                new float[] {2.5f, 0.5f, 0.875f, 0.75f}, current);
        // 7.9·θ: 7 spikes without a cap, 3 with cap 3 (SUBTRACT removes 3θ: 4.9·0.5 + 3.95 = 6.4 → 3 again)
        checkSynaptic(Reset.SUBTRACT, ResetTiming.IMMEDIATE, 0, new float[] {7.9f}, new float[] {7f},
                new float[] {7.9f}, new float[] {7.9f});
        checkSynaptic(Reset.SUBTRACT, ResetTiming.IMMEDIATE, 3, new float[] {7.9f, 0f}, new float[] {3f, 3f},
                new float[] {7.9f, 6.4f}, new float[] {7.9f, 3.95f});
    }

    /** A synaptic layer of one neuron, α = β = 0.5, θ = 1, on the single-sample sequence {@code in}. */
    private static void checkSynaptic(Reset reset, ResetTiming timing, int cap, float[] in, float[] spikes,
                                      float[] membrane, float[] current) {
        Synaptic l = SynapticSpec.builder().alpha(0.5f).beta(0.5f).reset(reset).resetTiming(timing).maxSpikes(cap)
                .build().build(Shape.of(1), new SplittableRandom(0));
        String what = timing + " " + reset + " cap " + cap;
        assertThat(l.forward(in, ctx(in.length, 1))).as("S %s", what).containsExactly(spikes);
        for (int t = 0; t < in.length; t++) {
            assertThat(l.membrane()[t]).as("U[%d] %s", t, what).isCloseTo(membrane[t], Offset.offset(1e-5f));
            assertThat(l.synapticCurrent()[t]).as("Isyn[%d] %s", t, what).isCloseTo(current[t], Offset.offset(1e-6f));
        }
    }

    @Test
    void recurrentCountsFeedBack() {
        // two neurons, α = β = 0.5, θ = 1, IMMEDIATE SUBTRACT, no cap, no bias, V[0, 1] = 1 (neuron 0 → neuron 1);
        // input 2.5 into neuron 0 at step 0 only
        float[] in = {2.5f, 0f, 0f, 0f, 0f, 0f};
        for (int cap : new int[] {0, 1}) {
            RecurrentSynaptic rs = RsynSpec.builder().alpha(0.5f).beta(0.5f).resetTiming(ResetTiming.IMMEDIATE)
                    .recurrentBias(false).maxSpikes(cap).build().build(Shape.of(2), new SplittableRandom(1));
            RecurrentLeaky rl = RlifSpec.builder().beta(0.5f).resetTiming(ResetTiming.IMMEDIATE).recurrentBias(false)
                    .maxSpikes(cap).build().build(Shape.of(2), new SplittableRandom(1));
            for (Parameter w : new Parameter[] {rs.recurrentWeight(), rl.recurrentWeight()}) {
                System.arraycopy(new float[] {0f, 1f, 0f, 0f}, 0, w.value(), 0, 4);
            }
            float[] s = rs.forward(in, ctx(3, 1)).clone();
            float[] q = rs.recurrentCurrent().clone();
            float[] u = rs.membrane().clone();
            float[] sl = rl.forward(in, ctx(3, 1)).clone();
            float[] ql = rl.recurrentCurrent().clone();
            if (cap == 0) {
                // neuron 0 as the synaptic example: 2, 1, 0. Neuron 1: Q = 2·1 at step 1, J = 2, U = 2 → 2 spikes;
                // step 2: Q = 1, J = 0.5·2 + 1 = 2, U = 0.5·(2 − 2) + 2 = 2 → 2 spikes
                assertThat(s).containsExactly(2f, 0f, 1f, 2f, 0f, 2f);
                assertThat(q).containsExactly(0f, 0f, 0f, 2f, 0f, 1f);
                assertThat(u).containsExactly(2.5f, 0f, 1.5f, 2f, 0.875f, 2f);
                // RLIF: neuron 0 has no synaptic current: 2.5 → 2, 0.25, 0.125; neuron 1: U = 2 → 2, then 0
                assertThat(sl).containsExactly(2f, 0f, 0f, 2f, 0f, 0f);
                assertThat(ql).containsExactly(0f, 0f, 0f, 2f, 0f, 0f);
            } else {
                // one spike: neuron 0 (1, 1, 1) as the synaptic example; neuron 1: Q = 1, U = 1 (not > θ);
                // Q = 1, J = 0.5 + 1 = 1.5, U = 0.5 + 1.5 = 2 → 1
                assertThat(s).containsExactly(1f, 0f, 1f, 0f, 1f, 1f);
                assertThat(q).containsExactly(0f, 0f, 0f, 1f, 0f, 1f);
                // RLIF: neuron 0: 2.5 → 1, 0.75, 0.375; neuron 1: U = 1, then 0.5
                assertThat(sl).containsExactly(1f, 0f, 0f, 0f, 0f, 0f);
                assertThat(ql).containsExactly(0f, 0f, 0f, 1f, 0f, 0f);
            }
        }
    }

    @Test
    void forwardsMatchTheNaiveLoop() {
        float[] x = GradientReferenceTest.uniform(new SplittableRandom(4), T * B * N, -0.4, 3.0);
        for (Kind kind : Kind.values()) {
            for (ResetTiming timing : ResetTiming.values()) {
                for (Reset reset : Reset.values()) {
                    for (int cap : new int[] {0, 1, 3}) {
                        NeuronLayerBase l = layer(kind, N, reset, timing, cap, 3);
                        float[] s = l.forward(x, ctx(T, B)).clone();
                        float[][] ref = naive(l, kind, x, B, reset, timing, cap);
                        String what = kind + " " + timing + " " + reset + " cap " + cap;
                        assertThat(l.membrane()).as("U %s", what).containsExactly(ref[0]);
                        assertThat(s).as("S %s", what).containsExactly(ref[1]).contains(0f, 1f);
                        if (kind != Kind.RLIF) {
                            assertThat(synapticCurrent(l)).as("Isyn %s", what).containsExactly(ref[2]);
                        }
                        if (cap != 1) {
                            assertThat(ref[1]).as("several spikes in a step, %s", what).contains(2f);
                        }
                        if (cap == 3) {
                            assertThat(ref[1]).as("capped, %s", what).contains(3f).doesNotContain(4f);
                        }
                        if (cap == 0 && reset != Reset.ZERO) {
                            assertThat(ref[1]).as("above the cap of 3, %s", what).contains(4f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void segmentsEqualTheWholePass() {
        SplittableRandom rnd = new SplittableRandom(21);
        float[] x = GradientReferenceTest.uniform(rnd, T * B * N, -0.3, 2.0);
        float[] gS = GradientReferenceTest.uniform(rnd, x.length, -1, 1);
        float[] gM = GradientReferenceTest.uniform(rnd, x.length, -1, 1);
        for (Kind kind : Kind.values()) {
            for (ResetTiming timing : ResetTiming.values()) {
                for (Reset reset : Reset.values()) {
                    for (int cap : new int[] {0, 3}) {
                        NeuronLayerBase whole = layer(kind, N, reset, timing, cap, 5);
                        float[] s = whole.forward(x, ctx(T, B)).clone();
                        float[] u = whole.membrane().clone();
                        float[] gi = whole.backward(gS.clone(), gM.clone(), true).clone();
                        float[][] grads = grads(whole);
                        String base = kind + " " + timing + " " + reset + " cap " + cap;
                        assertThat(s).as("several spikes in a step, %s", base).contains(2f);
                        for (int seg : new int[] {1, 4}) {
                            NeuronLayerBase l = layer(kind, N, reset, timing, cap, 5);
                            float[][] run = Segments.run(l, x, gS, gM, T, B, seg, kernels);
                            String what = base + " S=" + seg;
                            assertThat(run[0]).as("U, %s", what).containsExactly(u);
                            assertThat(run[1]).as("S, %s", what).containsExactly(s);
                            assertThat(run[2]).as("dL/dI, %s", what).containsExactly(gi);
                            float[][] g = grads(l);
                            for (int k = 0; k < grads.length; k++) {
                                if (kind == Kind.SYNAPTIC) {
                                    assertThat(g[k]).as("grad %d, %s", k, what).containsExactly(grads[k]);
                                } else {
                                    assertClose(g[k], grads[k], "grad " + k + ", " + what);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Equal up to float rounding of sums split at segment boundaries (relative to the largest magnitude). */
    private static void assertClose(float[] actual, float[] expected, String what) {
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(scale).as("non-zero, %s", what).isGreaterThan(0);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s [%d]", what, i).isCloseTo(expected[i], Offset.offset(1e-5 * scale));
        }
    }

    @Test
    void theDefaultIsOneSpikeAndNegativeCapsAreRefused() {
        assertThat(SynapticSpec.of(0.9f, 0.8f).maxSpikes()).isEqualTo(1);
        assertThat(RsynSpec.of(0.9f, 0.8f).maxSpikes()).isEqualTo(1);
        assertThat(RlifSpec.of(0.9f).maxSpikes()).isEqualTo(1);
        assertThat(new SynapticSpec(0.9f, 0.8f, 1f, Reset.ZERO, Surrogate.atan(), true, LearnMode.FIXED,
                LearnMode.FIXED, LearnMode.FIXED, ResetTiming.IMMEDIATE))
                .isEqualTo(SynapticSpec.builder().reset(Reset.ZERO).resetTiming(ResetTiming.IMMEDIATE).build());
        assertThat(new RsynSpec(0.9f, 0.8f, 1f, Reset.SUBTRACT, Surrogate.atan(), true, true, LearnMode.FIXED,
                LearnMode.FIXED, LearnMode.FIXED).maxSpikes()).isEqualTo(1);
        assertThat(new RlifSpec(0.95f, 1f, Reset.SUBTRACT, Surrogate.atan(), true, true, LearnMode.FIXED,
                LearnMode.FIXED, ResetTiming.IMMEDIATE))
                .isEqualTo(RlifSpec.builder().resetTiming(ResetTiming.IMMEDIATE).maxSpikes(1).build());
        assertThat(SynapticSpec.builder().maxSpikes(0).build().maxSpikes()).isZero();
        assertThat(RsynSpec.builder().maxSpikes(4).build().build(Shape.of(2), new SplittableRandom(0)).maxSpikes())
                .isEqualTo(4);
        assertThat(RlifSpec.builder().maxSpikes(0).build().build(Shape.of(2), new SplittableRandom(0)).maxSpikes())
                .isZero();
        assertThat(SynapticSpec.builder().maxSpikes(2).build().build(Shape.of(2), null).maxSpikes()).isEqualTo(2);
        assertThatThrownBy(() -> SynapticSpec.builder().maxSpikes(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSpikes")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> RsynSpec.builder().maxSpikes(-2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSpikes")
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> RlifSpec.builder().maxSpikes(-3).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSpikes")
                .hasMessageContaining("-3");
        LayerRegistry reg = LayerRegistry.builtIn();
        for (String type : new String[] {"synaptic", "rsynaptic", "rlif"}) {
            assertThat(reg.lookup(type).defaults()).as(type).containsEntry("maxSpikes", 1);
            assertThat(reg.lookup(type).requiredFields()).as(type).doesNotContain("maxSpikes");
        }
    }
}
