package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.LayerRegistry;

/**
 * Multi-spike IF/LIF ({@code maxSpikes}): hand-worked Sinabs-style examples, forwards against a naive
 * loop written from the equations (every reset, both timings, caps 0/1/3, per-neuron β and θ, both
 * kernels), the default bit-identical to the single-spike layer, the time-invariant path, validation
 * and registry defaults.
 */
class MultiSpikeTest {
    private static final int T = 11;
    private static final int B = 2;
    private static final int N = 5;
    private static final float[] BETA = {0.9f, 0.8f, 0.7f, 0.95f, 0.6f};
    private static final float[] THETA = {0.8f, 1.0f, 1.3f, 0.6f, 1.1f};
    private static Kernels kernels;

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

    private static float[] uniform(long seed, int n, double lo, double hi) {
        return GradientReferenceTest.uniform(new SplittableRandom(seed), n, lo, hi);
    }

    /** An IF layer of one neuron, θ = 1, no cap, run on the single-sample sequence {@code in}. */
    private static float[][] ifRun(Reset reset, ResetTiming timing, int cap, float... in) {
        Leaky l = IfSpec.builder().reset(reset).resetTiming(timing).maxSpikes(cap).build()
                .build(Shape.of(1), new SplittableRandom(0));
        float[] s = l.forward(in, ctx(in.length, 1)).clone();
        return new float[][] {l.membrane().clone(), s};
    }

    @Test
    void handWorkedIfExamples() {
        float[] in = {2.5f, 0.25f, 1.0f, 0.0f};
        // U[0] = 2.5 = 2.5·θ: two spikes; SUBTRACT leaves 0.5; 0.5 + 0.25 = 0.75 (none); 1.75 (one); 0.75
        float[][] r = ifRun(Reset.SUBTRACT, ResetTiming.IMMEDIATE, 0, in);
        assertThat(r[1]).containsExactly(2f, 0f, 1f, 0f);
        assertThat(r[0]).containsExactly(2.5f, 0.75f, 1.75f, 0.75f);
        // DELAYED SUBTRACT for IF is the same equation: U[t] = U[t−1] + I[t] − R[t]·θ
        r = ifRun(Reset.SUBTRACT, ResetTiming.DELAYED, 0, in);
        assertThat(r[1]).containsExactly(2f, 0f, 1f, 0f);
        assertThat(r[0]).containsExactly(2.5f, 0.75f, 1.75f, 0.75f);
        // maxSpikes 1, the single-spike neuron: one spike, θ removed once: 1.5 + 0.25 = 1.75 → spike, 0.75 + 1 → spike
        r = ifRun(Reset.SUBTRACT, ResetTiming.IMMEDIATE, 1, in);
        assertThat(r[1]).containsExactly(1f, 1f, 1f, 0f);
        assertThat(r[0]).containsExactly(2.5f, 1.75f, 1.75f, 0.75f);
        // ZERO, IMMEDIATE: the count 2 resets to 0 once; 0.25, 1.25 (spike), 0
        r = ifRun(Reset.ZERO, ResetTiming.IMMEDIATE, 0, in);
        assertThat(r[1]).containsExactly(2f, 0f, 1f, 0f);
        assertThat(r[0]).containsExactly(2.5f, 0.25f, 1.25f, 0f);
        // ZERO, DELAYED: the reset clears the next step with its input, U[1] = (2.5 + 0.25)·0 = 0
        r = ifRun(Reset.ZERO, ResetTiming.DELAYED, 0, in);
        assertThat(r[1]).containsExactly(2f, 0f, 1f, 0f);
        assertThat(r[0]).containsExactly(2.5f, 0f, 1f, 0f);
        // U = θ fires one spike (U/θ ≥ 1, caps 0 and 2) where the single-spike neuron (maxSpikes 1) needs U > θ;
        // negative U never fires
        assertThat(ifRun(Reset.SUBTRACT, ResetTiming.IMMEDIATE, 0, 1f, -3f)[1]).containsExactly(1f, 0f);
        assertThat(ifRun(Reset.SUBTRACT, ResetTiming.IMMEDIATE, 2, 1f)[1]).containsExactly(1f);
        assertThat(ifRun(Reset.SUBTRACT, ResetTiming.IMMEDIATE, 1, 1f)[1]).containsExactly(0f);
        // 7.9·θ with no cap: 7 spikes; with cap 3: 3, and SUBTRACT removes 3θ
        r = ifRun(Reset.SUBTRACT, ResetTiming.IMMEDIATE, 3, 7.9f, 0f);
        assertThat(r[1]).containsExactly(3f, 3f);
        assertThat(r[0][1]).isCloseTo(4.9f, Offset.offset(1e-6f));
        assertThat(ifRun(Reset.SUBTRACT, ResetTiming.IMMEDIATE, 0, 7.9f)[1]).containsExactly(7f);
    }

    @Test
    void spikeCountIsTheFloatQuotientFloored() {
        // 2.5·θ with θ = 0.8: 2.0f / 0.8f rounds to 2.5 → 2 spikes
        assertThat(NeuronKernels.multiSpikeCount(2.0f, 0.8f, 0)).isEqualTo(2f);
        assertThat(NeuronKernels.multiSpikeCount(0.8f, 0.8f, 0)).isEqualTo(1f);
        assertThat(NeuronKernels.multiSpikeCount(Math.nextDown(0.8f), 0.8f, 0)).isEqualTo(0f);
        assertThat(NeuronKernels.multiSpikeCount(0f, 0.8f, 0)).isEqualTo(0f);
        assertThat(NeuronKernels.multiSpikeCount(-5f, 0.8f, 0)).isEqualTo(0f);
        assertThat(NeuronKernels.multiSpikeCount(Float.NaN, 0.8f, 0)).isEqualTo(0f);
        assertThat(NeuronKernels.multiSpikeCount(100f, 1f, 4)).isEqualTo(4f);
        // maxSpikes 1 is the single spike, U − θ > 0
        assertThat(NeuronKernels.multiSpikeCount(1f, 1f, 1)).isEqualTo(0f);
        assertThat(NeuronKernels.multiSpikeCount(100f, 1f, 1)).isEqualTo(1f);
        assertThatThrownBy(() -> NeuronKernels.multiSpikeCount(1f, 1f, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSpikes");
    }

    /** Naive LIF (β and θ per neuron) from the equations of {@link Leaky}; {@code cap = 1}: the single spike. */
    static float[][] naive(float[] in, int lanes, int n, float[] beta, float[] theta, Reset reset,
                           ResetTiming timing, int cap) {
        int steps = in.length / lanes;
        float[] u = new float[in.length];
        float[] s = new float[in.length];
        for (int i = 0; i < lanes; i++) {
            float b = beta[i % n];
            float th = theta[i % n];
            float up = 0f;
            float r = 0f;
            for (int t = 0; t < steps; t++) {
                int idx = t * lanes + i;
                float x = in[idx];
                float keep = cap == 1 ? 1f - r : r > 0f ? 0f : 1f;
                float v;
                if (timing == ResetTiming.IMMEDIATE) {
                    v = switch (reset) {
                        case ZERO -> b * (up * keep) + x;
                        case SUBTRACT -> b * (up - r * th) + x;
                        case NONE -> b * up + x;
                    };
                } else {
                    v = switch (reset) {
                        case ZERO -> (b * up + x) * keep;
                        case SUBTRACT -> b * up + x - r * th;
                        case NONE -> b * up + x;
                    };
                }
                float st;
                if (cap == 1) {
                    st = v - th > 0f ? 1f : 0f;
                } else {
                    st = v > 0f ? (float) Math.floor(v / th) : 0f;
                    if (cap > 1 && st > cap) {
                        st = cap;
                    }
                }
                u[idx] = v;
                s[idx] = st;
                up = v;
                r = st;
            }
        }
        return new float[][] {u, s};
    }

    private static Leaky lif(Reset reset, ResetTiming timing, int cap, NeuronKernels nk) {
        Leaky layer = Leaky.create(LifSpec.builder().reset(reset).resetTiming(timing).maxSpikes(cap)
                .learnBeta(LearnMode.PER_NEURON).learnThreshold(LearnMode.PER_NEURON).build(), Shape.of(N), nk);
        System.arraycopy(BETA, 0, layer.parameters().get(0).value(), 0, N);
        System.arraycopy(THETA, 0, layer.parameters().get(1).value(), 0, N);
        return layer;
    }

    @Test
    void lifAndIfForwardsMatchTheNaiveLoop() {
        float[] in = uniform(1, T * B * N, -0.5, 2.8);
        float[] ones = {1f, 1f, 1f, 1f, 1f};
        for (ResetTiming timing : ResetTiming.values()) {
            for (Reset reset : Reset.values()) {
                for (int cap : new int[] {0, 1, 3}) {
                    float[][] ref = naive(in, B * N, N, BETA, THETA, reset, timing, cap);
                    for (NeuronKernels nk : new NeuronKernels[] {NeuronKernels.scalar(), NeuronKernels.create()}) {
                        Leaky layer = lif(reset, timing, cap, nk);
                        float[] s = layer.forward(in, ctx(T, B));
                        String what = timing + " " + reset + " cap " + cap + " " + nk.name();
                        assertThat(layer.membrane()).as("LIF U %s", what).containsExactly(ref[0]);
                        assertThat(s).as("LIF S %s", what).containsExactly(ref[1]);
                    }
                    assertThat(ref[1]).as("spikes").contains(1f);
                    if (cap != 1) {
                        assertThat(ref[1]).as("several spikes in a step").contains(2f);
                    }
                    if (cap == 0 && reset != Reset.NONE) {
                        assertThat(ref[1]).as("more than the cap of 3").contains(4f);
                    }
                    if (cap == 3) {
                        assertThat(ref[1]).as("capped").contains(3f).doesNotContain(4f);
                    }
                    IfSpec spec = IfSpec.builder().reset(reset).resetTiming(timing).maxSpikes(cap)
                            .learnThreshold(LearnMode.PER_NEURON).build();
                    Leaky ifLayer = spec.build(Shape.of(N), new SplittableRandom(0));
                    System.arraycopy(THETA, 0, ifLayer.parameters().get(0).value(), 0, N);
                    float[] s = ifLayer.forward(in, ctx(T, B));
                    // single-spike IF SUBTRACT runs the DELAYED loop for both timings; multi-spike runs each timing
                    ResetTiming refTiming = cap == 1 && reset == Reset.SUBTRACT ? ResetTiming.DELAYED : timing;
                    float[][] refIf = naive(in, B * N, N, ones, THETA, reset, refTiming, cap);
                    assertThat(ifLayer.membrane()).as("IF U %s %s cap %d", timing, reset, cap)
                            .containsExactly(refIf[0]);
                    assertThat(s).as("IF S %s %s cap %d", timing, reset, cap).containsExactly(refIf[1]);
                }
            }
        }
    }

    @Test
    void theDefaultIsTheSingleSpikeLayerBitForBit() {
        float[] in = uniform(2, T * B * N, -0.5, 2.8);
        float[] gS = uniform(3, in.length, -1, 1);
        float[] gM = uniform(4, in.length, -1, 1);
        for (ResetTiming timing : ResetTiming.values()) {
            for (Reset reset : Reset.values()) {
                LifSpec before = new LifSpec(0.8f, 0.9f, reset, Surrogate.atan(), false, LearnMode.PER_NEURON,
                        LearnMode.SHARED, timing);
                LifSpec now = LifSpec.builder().beta(0.8f).threshold(0.9f).reset(reset).detachReset(false)
                        .learnBeta(LearnMode.PER_NEURON).learnThreshold(LearnMode.SHARED).resetTiming(timing).build();
                assertThat(now).isEqualTo(before);
                assertThat(now.maxSpikes()).isEqualTo(1);
                Leaky a = before.build(Shape.of(N), new SplittableRandom(0));
                Leaky b = lif(reset, timing, 1, NeuronKernels.create());
                Leaky c = now.build(Shape.of(N), new SplittableRandom(0));
                assertThat(c.maxSpikes()).isEqualTo(1);
                float[] sa = a.forward(in, ctx(T, B)).clone();
                float[] ga = a.backward(gS.clone(), gM.clone(), true).clone();
                float[] sc = c.forward(in, ctx(T, B)).clone();
                float[] gc = c.backward(gS.clone(), gM.clone(), true).clone();
                assertThat(sc).containsExactly(sa);
                assertThat(gc).containsExactly(ga);
                assertThat(c.parameters().get(1).grad()).containsExactly(a.parameters().get(1).grad());
                // the single-spike output is binary and U > θ strictly
                assertThat(b.forward(in, ctx(T, B))).containsOnly(0f, 1f);
            }
        }
    }

    @Test
    void theMultiSpikeLoopWithOneSpikeIsTheSingleSpikeKernel() {
        int lanes = B * N;
        float[] in = uniform(5, T * lanes, -0.5, 2.8);
        float[] gS = uniform(6, in.length, -1, 1);
        float[] gM = uniform(7, in.length, -1, 1);
        float[] init = uniform(8, 2 * lanes, 0, 1);
        for (int i = lanes; i < 2 * lanes; i++) {
            init[i] = init[i] > 0.5f ? 1f : 0f;
        }
        NeuronKernels nk = NeuronKernels.scalar();
        for (boolean immediate : new boolean[] {false, true}) {
            for (Reset reset : immediate ? new Reset[] {Reset.SUBTRACT, Reset.ZERO} : Reset.values()) {
                for (float[] st : new float[][] {null, init}) {
                    float[][] a = new float[2][in.length];
                    float[][] b = new float[2][in.length];
                    nk.lifForwardMultiSpike(T, lanes, N, in, BETA, THETA, reset, immediate, 1, st, a[0], a[1], 0,
                            lanes);
                    if (immediate) {
                        nk.lifForwardImmediate(T, lanes, N, in, BETA, THETA, reset, st, b[0], b[1], 0, lanes);
                    } else {
                        nk.lifForward(T, lanes, N, in, BETA, THETA, reset, st, b[0], b[1], 0, lanes);
                    }
                    String what = reset + " immediate=" + immediate + " state=" + (st != null);
                    assertThat(a[0]).as("U %s", what).containsExactly(b[0]);
                    assertThat(a[1]).as("S %s", what).containsExactly(b[1]);
                    float[][] ga = new float[5][];
                    float[][] gb = new float[5][];
                    for (float[][] g : new float[][][] {ga, gb}) {
                        g[0] = new float[in.length];
                        g[1] = new float[lanes];
                        g[2] = new float[lanes];
                        g[3] = new float[lanes];
                        g[4] = new float[2 * lanes];
                    }
                    nk.lifBackwardMultiSpike(T, lanes, N, in, a[0], a[1], st, gS, gM, null, BETA, THETA, reset,
                            immediate, 1, false, Surrogate.atan(), ga[0], ga[1], ga[2], ga[3], ga[4], 0, lanes);
                    if (immediate) {
                        nk.lifBackwardImmediate(T, lanes, N, in, b[0], b[1], st, gS, gM, null, BETA, THETA, reset,
                                false, Surrogate.atan(), gb[0], gb[1], gb[2], gb[3], gb[4], 0, lanes);
                    } else {
                        nk.lifBackward(T, lanes, N, in, b[0], b[1], st, gS, gM, null, BETA, THETA, reset, false,
                                Surrogate.atan(), gb[0], gb[1], gb[2], gb[3], gb[4], 0, lanes);
                    }
                    for (int k = 0; k < 5; k++) {
                        assertThat(ga[k]).as("gradient %d, %s", k, what).containsExactly(gb[k]);
                    }
                }
            }
        }
    }

    @Test
    void wideRowsGiveTheSameResultsInAnyLaneSplit() {
        // N = 700 > the loop's block of 512 lanes: each row runs as two blocks; ranges [from, to) cut anywhere
        int n = 700;
        int steps = 4;
        int lanes = B * n;
        float[] in = uniform(20, steps * lanes, -0.5, 2.8);
        float[] gS = uniform(21, in.length, -1, 1);
        float[] beta = uniform(22, n, 0.5, 1.0);
        float[] theta = uniform(23, n, 0.6, 1.3);
        NeuronKernels nk = NeuronKernels.create();
        for (boolean immediate : new boolean[] {false, true}) {
            for (Reset reset : Reset.values()) {
                float[][] ref = naive(in, lanes, n, beta, theta, reset,
                        immediate ? ResetTiming.IMMEDIATE : ResetTiming.DELAYED, 0);
                float[] u = new float[in.length];
                float[] s = new float[in.length];
                nk.lifForwardMultiSpike(steps, lanes, n, in, beta, theta, reset, immediate, 0, null, u, s, 0, lanes);
                assertThat(u).containsExactly(ref[0]);
                assertThat(s).containsExactly(ref[1]).contains(2f);
                float[][] whole = backward(nk, steps, lanes, n, in, u, s, gS, beta, theta, reset, immediate,
                        new int[] {0, lanes});
                float[][] split = backward(nk, steps, lanes, n, in, u, s, gS, beta, theta, reset, immediate,
                        new int[] {0, 1, 333, 700, 1213, lanes});
                for (int k = 0; k < whole.length; k++) {
                    assertThat(split[k]).as("%s immediate=%s, array %d", reset, immediate, k)
                            .containsExactly(whole[k]);
                }
            }
        }
    }

    /** dL/dI, per-lane β and θ sums and the initial-state gradient, the lanes run as the ranges between cuts. */
    private static float[][] backward(NeuronKernels nk, int steps, int lanes, int n, float[] in, float[] u, float[] s,
                                      float[] gS, float[] beta, float[] theta, Reset reset, boolean immediate,
                                      int[] cuts) {
        float[] gi = new float[in.length];
        float[] bl = new float[lanes];
        float[] tl = new float[lanes];
        float[] carry = new float[lanes];
        float[] g0 = new float[2 * lanes];
        for (int c = 0; c + 1 < cuts.length; c++) {
            nk.lifBackwardMultiSpike(steps, lanes, n, in, u, s, null, gS, null, null, beta, theta, reset, immediate, 0,
                    false, Surrogate.fastSigmoid(4f), gi, bl, tl, carry, g0, cuts[c], cuts[c + 1]);
        }
        return new float[][] {gi, bl, tl, carry, g0};
    }

    @Test
    void timeInvariantForwardIsTheRepeatedSequence() {
        float[] x = uniform(7, B * N, 0.2, 2.6);
        float[] rep = new float[T * B * N];
        for (int t = 0; t < T; t++) {
            System.arraycopy(x, 0, rep, t * B * N, B * N);
        }
        float[] gS = uniform(8, rep.length, -1, 1);
        for (ResetTiming timing : ResetTiming.values()) {
            for (Reset reset : Reset.values()) {
                Leaky seq = lif(reset, timing, 0, NeuronKernels.create());
                Leaky ti = lif(reset, timing, 0, NeuronKernels.create());
                float[] s1 = seq.forward(rep, ctx(T, B)).clone();
                float[] g1 = seq.backward(gS.clone(), null, true).clone();
                float[] s2 = ti.forwardTimeInvariant(x, ctx(T, B)).clone();
                float[] g2 = ti.backward(gS.clone(), null, true);
                assertThat(s2).containsExactly(s1);
                assertThat(s1).contains(2f);
                assertThat(ti.membrane()).containsExactly(seq.membrane());
                assertThat(g2).hasSize(B * N);
                for (int i = 0; i < B * N; i++) {
                    double sum = 0;
                    for (int t = 0; t < T; t++) {
                        sum += g1[t * B * N + i];
                    }
                    assertThat((double) g2[i]).isCloseTo(sum, Offset.offset(1e-4));
                }
                assertThat(ti.parameters().get(0).grad()).containsExactly(seq.parameters().get(0).grad());
                assertThat(ti.parameters().get(1).grad()).containsExactly(seq.parameters().get(1).grad());
            }
        }
    }

    @Test
    void ifWithInitialMembraneStartsFromIt() {
        // U[−1] = ½θ: 0.5 + 1.6 = 2.1 → 2 spikes, 0.1 left
        Leaky l = IfSpec.builder().initialMembrane(0.5f).maxSpikes(0).resetTiming(ResetTiming.IMMEDIATE).build()
                .build(Shape.of(1), new SplittableRandom(0));
        assertThat(l.forward(new float[] {1.6f, 0f}, ctx(2, 1))).containsExactly(2f, 0f);
        assertThat(l.membrane()[1]).isCloseTo(0.1f, Offset.offset(1e-6f));
    }

    @Test
    void negativeMaxSpikesIsRejectedNamingTheField() {
        assertThatThrownBy(() -> LifSpec.builder().maxSpikes(-1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSpikes").hasMessageContaining(">= 0").hasMessageContaining("-1");
        assertThatThrownBy(() -> IfSpec.builder().maxSpikes(-3).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSpikes").hasMessageContaining("-3");
        assertThat(LifSpec.builder().maxSpikes(0).build().maxSpikes()).isZero();
        assertThat(IfSpec.builder().maxSpikes(5).build().maxSpikes()).isEqualTo(5);
    }

    @Test
    void oldFormConstructorsAndRegistryDefaultsGiveOneSpike() {
        assertThat(new IfSpec(1f, Reset.ZERO, Surrogate.atan(), true, LearnMode.FIXED, 0f, ResetTiming.IMMEDIATE)
                .maxSpikes()).isEqualTo(1);
        assertThat(new IfSpec(1f, Reset.ZERO, Surrogate.atan(), true, LearnMode.FIXED).maxSpikes()).isEqualTo(1);
        assertThat(new LifSpec(0.9f, 1f, Reset.ZERO, Surrogate.atan(), true, LearnMode.FIXED, LearnMode.FIXED)
                .maxSpikes()).isEqualTo(1);
        LayerRegistry reg = LayerRegistry.builtIn();
        assertThat(reg.lookup("lif").defaults()).containsEntry("maxSpikes", 1);
        assertThat(reg.lookup("if").defaults()).containsEntry("maxSpikes", 1);
        assertThat(reg.lookup("lif").requiredFields()).doesNotContain("maxSpikes");
    }
}
