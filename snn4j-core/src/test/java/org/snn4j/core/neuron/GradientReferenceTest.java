package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.neuron.NeuronReference.Model;

/**
 * Fused BPTT gradients (dL/dI, dL/dβ, dL/dθ, dL/dα, dL/dV, dL/dc) of every model (RSYNAPTIC too) against the
 * unrolled tape reference, for every reset, detached and attached reset, all four surrogates, with
 * loss gradients on both spikes and membrane. Trained β/θ/α alternate between per-neuron and shared;
 * one neuron's β lies above 1 to exercise the clamp (zero gradient there). The non-spiking
 * {@link LeakyIntegrator} (LI, CubaLI, I) likewise, with gradients on its output and membrane. Multi-spike
 * LIF/IF, SYNAPTIC, RLIF and RSYNAPTIC ({@code maxSpikes} 0 and 2) for both reset timings.
 */
class GradientReferenceTest {
    private static final int T = 7;
    private static final int B = 2;
    private static final int N = 4;
    private static Kernels kernels;

    @BeforeAll
    static void setUp() {
        kernels = Kernels.create(1);
    }

    @AfterAll
    static void tearDown() {
        kernels.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Surrogate[] surrogates = {Surrogate.atan(2f), Surrogate.fastSigmoid(5f), Surrogate.sigmoid(5f),
                Surrogate.triangle(1f)};
        int k = 0;
        for (Model model : Model.values()) {
            if (model == Model.LI) {
                continue;
            }
            for (Reset reset : Reset.values()) {
                for (boolean detach : new boolean[] {true, false}) {
                    for (Surrogate sg : surrogates) {
                        out.add(Arguments.of(model, false, reset, detach, sg, k++));
                    }
                }
            }
        }
        for (Reset reset : Reset.values()) {
            for (boolean detach : new boolean[] {true, false}) {
                out.add(Arguments.of(Model.ALIF, true, reset, detach, Surrogate.atan(2f), k++));
                out.add(Arguments.of(Model.LIF, true, reset, detach, Surrogate.fastSigmoid(3f), k++));
            }
        }
        return out.stream();
    }

    /** For LIF, {@code variant} selects the IF spec (β = 1) or the scalar LIF kernel; for ALIF, detached adaptation. */
    @ParameterizedTest(name = "{0} variant={1} {2} detach={3} {4}")
    @MethodSource("cases")
    void fusedGradientMatchesTapeReference(Model model, boolean variant, Reset reset, boolean detach, Surrogate sg,
                                           int seed) {
        check(model, variant, reset, detach, sg, seed, ResetTiming.DELAYED, 1);
    }

    static Stream<Arguments> immediateCases() {
        List<Arguments> out = new ArrayList<>();
        Surrogate[] surrogates = {Surrogate.atan(2f), Surrogate.fastSigmoid(5f), Surrogate.sigmoid(5f)};
        int k = 500;
        for (Model model : new Model[] {Model.LIF, Model.SYNAPTIC, Model.RLIF, Model.RSYNAPTIC}) {
            for (boolean variant : new boolean[] {false, true}) {
                for (Reset reset : Reset.values()) {
                    for (boolean detach : new boolean[] {true, false}) {
                        if (!variant || model == Model.LIF) {
                            out.add(Arguments.of(model, variant, reset, detach, surrogates[k % 3], k++));
                        }
                    }
                }
            }
        }
        // IF (β = 1) with both parities of the seed: the even seeds build the IF spec, the odd ones the scalar kernel
        for (Reset reset : Reset.values()) {
            out.add(Arguments.of(Model.LIF, true, reset, false, Surrogate.atan(2f), k++));
        }
        return out.stream();
    }

    /** The same-step reset ({@link ResetTiming#IMMEDIATE}) of LIF (vector and scalar kernels, IF), SYNAPTIC, RLIF
     *  and RSYNAPTIC. */
    @ParameterizedTest(name = "IMMEDIATE {0} variant={1} {2} detach={3} {4}")
    @MethodSource("immediateCases")
    void immediateResetGradientMatchesTapeReference(Model model, boolean variant, Reset reset, boolean detach,
                                                    Surrogate sg, int seed) {
        check(model, variant, reset, detach, sg, seed, ResetTiming.IMMEDIATE, 1);
    }

    static Stream<Arguments> multiSpikeCases() {
        List<Arguments> out = new ArrayList<>();
        Surrogate[] surrogates = {Surrogate.atan(2f), Surrogate.fastSigmoid(5f), Surrogate.triangle(1f)};
        int k = 700;
        for (Model model : new Model[] {Model.LIF, Model.SYNAPTIC, Model.RLIF, Model.RSYNAPTIC}) {
            for (ResetTiming timing : ResetTiming.values()) {
                for (int cap : new int[] {0, 2}) {
                    for (Reset reset : Reset.values()) {
                        for (boolean detach : new boolean[] {true, false}) {
                            // LIF variant: the IF spec on even seeds, the scalar LIF kernel on odd ones
                            boolean[] variants = model == Model.LIF ? new boolean[] {false, true} : new boolean[] {false};
                            for (boolean variant : variants) {
                                out.add(Arguments.of(model, variant, reset, detach, surrogates[k % 3], timing, cap,
                                        k++));
                            }
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    /** Multi-spike LIF and IF, SYNAPTIC, RLIF and RSYNAPTIC ({@code maxSpikes} 0 = no cap, and 2), both timings,
     *  against the tape with {@link Tape#spikeCount}. */
    @ParameterizedTest(name = "multi-spike {0} cap={6} {5} variant={1} {2} detach={3} {4}")
    @MethodSource("multiSpikeCases")
    void multiSpikeGradientMatchesTapeReference(Model model, boolean variant, Reset reset, boolean detach,
                                                Surrogate sg, ResetTiming timing, int cap, int seed) {
        check(model, variant, reset, detach, sg, seed, timing, cap);
    }

    private static void check(Model model, boolean variant, Reset reset, boolean detach, Surrogate sg, int seed,
                              ResetTiming timing, int maxSpikes) {
        SplittableRandom rnd = new SplittableRandom(1000 + seed);
        int size = T * B * N;
        float[] input = uniform(rnd, size, -0.3, maxSpikes == 1 ? 0.9 : 2.6);
        float[] gS = uniform(rnd, size, -1, 1);
        float[] gM = uniform(rnd, size, -1, 1);
        LearnMode betaMode = seed % 2 == 0 ? LearnMode.PER_NEURON : LearnMode.SHARED;
        LearnMode thetaMode = seed % 2 == 0 ? LearnMode.SHARED : LearnMode.PER_NEURON;
        Shape shape = Shape.of(N);
        boolean isIf = model == Model.LIF && variant && seed % 2 == 0;
        SpikingLayer layer = switch (model) {
            case LIF -> isIf
                    ? IfSpec.builder().reset(reset).resetTiming(timing).detachReset(detach).surrogate(sg).learnThreshold(thetaMode)
                            .maxSpikes(maxSpikes).build().build(shape, rnd)
                    : variant
                    ? Leaky.create(LifSpec.builder().beta(0.8f).reset(reset).resetTiming(timing).detachReset(detach).surrogate(sg)
                            .learnBeta(betaMode).learnThreshold(thetaMode).maxSpikes(maxSpikes).build(), shape,
                            NeuronKernels.scalar())
                    : LifSpec.builder().beta(0.8f).reset(reset).resetTiming(timing).detachReset(detach).surrogate(sg)
                            .learnBeta(betaMode).learnThreshold(thetaMode).maxSpikes(maxSpikes).build().build(shape, rnd);
            case SYNAPTIC -> SynapticSpec.builder().alpha(0.7f).beta(0.8f).reset(reset).resetTiming(timing).detachReset(detach)
                    .surrogate(sg).learnAlpha(betaMode).learnBeta(betaMode).learnThreshold(thetaMode)
                    .maxSpikes(maxSpikes).build().build(shape, rnd);
            case ALIF -> AlifSpec.builder().beta(0.8f).adaptation(0.3f).adaptationDecay(0.9f).reset(reset)
                    .detachReset(detach).detachAdaptation(variant).surrogate(sg).learnBeta(betaMode)
                    .learnThreshold(thetaMode).build().build(shape, rnd);
            case RLIF -> RlifSpec.builder().beta(0.8f).reset(reset).resetTiming(timing).detachReset(detach).surrogate(sg)
                    .recurrentBias(seed % 3 != 0).learnBeta(betaMode).learnThreshold(thetaMode).maxSpikes(maxSpikes)
                    .build().build(shape, rnd);
            case RSYNAPTIC -> RsynSpec.builder().alpha(0.7f).beta(0.8f).reset(reset).resetTiming(timing).detachReset(detach)
                    .surrogate(sg)
                    .recurrentBias(seed % 3 != 0).learnAlpha(thetaMode).learnBeta(betaMode).learnThreshold(thetaMode)
                    .maxSpikes(maxSpikes).build().build(shape, rnd);
            case LI -> throw new IllegalArgumentException("LI has its own test: leakyIntegratorGradientMatchesTapeReference");
        };
        float[] beta = {0.7f, 0.85f, 1.0f, 1.05f};
        float[] theta = {0.9f, 1.0f, 1.1f, 0.8f};
        float[] alpha = {0.6f, 0.75f, 0.9f, -0.05f};
        if (isIf) {
            beta = new float[] {1f, 1f, 1f, 1f};
        }
        Parameter weight = null;
        Parameter bias = null;
        for (Parameter p : layer.parameters()) {
            switch (p.name()) {
                case "beta" -> set(p, beta);
                case "threshold" -> set(p, theta);
                case "alpha" -> set(p, alpha);
                case "recurrent_weight" -> weight = p;
                case "recurrent_bias" -> bias = p;
                default -> throw new AssertionError(p.name());
            }
        }
        if (model == Model.RLIF || model == Model.RSYNAPTIC) {
            // larger feedback so that the recurrence changes spikes
            float[] w = weight.value();
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) rnd.nextDouble(-0.8, 0.8);
            }
        }
        float[] refBeta = effective(layer, "beta", beta, isIf ? 1f : 0.8f);
        float[] refTheta = effective(layer, "threshold", theta, 1f);
        float[] refAlpha = model == Model.SYNAPTIC || model == Model.RSYNAPTIC ? effective(layer, "alpha", alpha, 0.7f) : null;

        float[] spikes = layer.forward(input, new RunContext(T, B, true, 7, kernels)).clone();
        float[] membrane = layer.membrane().clone();
        float[] gradIn = layer.backward(gS.clone(), gM.clone(), true).clone();

        NeuronReference.Config config = new NeuronReference.Config(T, B, N, reset, sg, detach, refBeta, refTheta,
                refAlpha, 0.3f, 0.9f, variant, weight == null ? null : weight.value().clone(),
                bias == null ? null : bias.value().clone());
        NeuronReference.Result ref = NeuronReference.run(model, config, input, gS, gM,
                timing == ResetTiming.IMMEDIATE, maxSpikes);

        assertThat(spikes).containsExactly(ref.s());
        for (int i = 0; i < size; i++) {
            // relative beyond 1: a runaway membrane (NONE reset, counts fed back) differs by the GEMM's summation order
            assertThat(membrane[i]).as("U[%d]", i).isCloseTo(ref.u()[i],
                    org.assertj.core.data.Offset.offset(1e-5f * Math.max(1f, Math.abs(ref.u()[i]))));
        }
        assertThat(ref.s()).as("the case must produce spikes").contains(1f);
        if (maxSpikes != 1) {
            assertThat(ref.s()).as("the case must produce two spikes in a step").contains(2f);
        }
        assertClose("dL/dI", gradIn, ref.gradInput());
        Map<String, double[]> refGrads = ref.paramGrads();
        for (Parameter p : layer.parameters()) {
            double[] expected = refGrads.get(p.name());
            if (p.size() == 1) {
                double sum = 0;
                for (double v : expected) {
                    sum += v;
                }
                expected = new double[] {sum};
            }
            assertClose("dL/d" + p.name(), p.grad(), expected);
        }
    }

    static Stream<Arguments> liCases() {
        return Stream.of(
                // CubaLI, everything trained per neuron (α ∈ {0, 0.75, 1, −0.05}, β ∈ {0.7, 0.85, 1, 1.05})
                Arguments.of(LearnMode.PER_NEURON, LearnMode.PER_NEURON, 0.7f, 0.8f, true, true, 900),
                Arguments.of(LearnMode.SHARED, LearnMode.SHARED, 0.7f, 0.8f, true, false, 901),
                // plain LI (α = 0), trained β, gradient on the membrane only
                Arguments.of(LearnMode.FIXED, LearnMode.PER_NEURON, 0f, 0.8f, false, true, 902),
                // the integrator I (α = 0, β = 1), nothing trained
                Arguments.of(LearnMode.FIXED, LearnMode.FIXED, 0f, 1f, true, true, 903),
                // CubaLI with a fixed β = 1 and a trained α
                Arguments.of(LearnMode.PER_NEURON, LearnMode.FIXED, 0.5f, 1f, true, true, 904),
                Arguments.of(LearnMode.SHARED, LearnMode.PER_NEURON, 0.3f, 0.9f, true, true, 905));
    }

    @ParameterizedTest(name = "LI learnAlpha={0} learnBeta={1} α={2} β={3} gS={4} gM={5}")
    @MethodSource("liCases")
    void leakyIntegratorGradientMatchesTapeReference(LearnMode learnAlpha, LearnMode learnBeta, float alpha0,
                                                     float beta0, boolean withGS, boolean withGM, int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int size = T * B * N;
        float[] input = uniform(rnd, size, -1, 1);
        float[] gS = withGS ? uniform(rnd, size, -1, 1) : null;
        float[] gM = withGM ? uniform(rnd, size, -1, 1) : null;
        LeakyIntegrator layer = LiSpec.builder().alpha(alpha0).beta(beta0).learnAlpha(learnAlpha).learnBeta(learnBeta)
                .build().build(Shape.of(N), rnd);
        float[] beta = {0.7f, 0.85f, 1.0f, 1.05f};
        float[] alpha = {0f, 0.75f, 1.0f, -0.05f};
        for (Parameter p : layer.parameters()) {
            switch (p.name()) {
                case "beta" -> set(p, beta);
                case "alpha" -> set(p, alpha);
                default -> throw new AssertionError(p.name());
            }
        }
        float[] refBeta = effective(layer, "beta", beta, beta0);
        float[] refAlpha = effective(layer, "alpha", alpha, alpha0);
        float[] out = layer.forward(input, new RunContext(T, B, true, 7, kernels));
        assertThat(layer.membrane()).isSameAs(out);
        float[] u = out.clone();
        float[] gradIn = layer.backward(gS == null ? null : gS.clone(), gM == null ? null : gM.clone(), true).clone();

        NeuronReference.Config config = new NeuronReference.Config(T, B, N, Reset.NONE, Surrogate.atan(2f), true,
                refBeta, filled(1f), refAlpha, 0f, 0f, false, null, null);
        NeuronReference.Result ref = NeuronReference.run(Model.LI, config, input, gS, gM);
        for (int i = 0; i < size; i++) {
            assertThat(u[i]).as("U[%d]", i).isCloseTo(ref.u()[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
        assertClose("dL/dX", gradIn, ref.gradInput());
        int expectedParameters = (learnAlpha == LearnMode.FIXED ? 0 : 1) + (learnBeta == LearnMode.FIXED ? 0 : 1);
        assertThat(layer.parameters()).hasSize(expectedParameters);
        for (Parameter p : layer.parameters()) {
            double[] expected = ref.paramGrads().get(p.name());
            if (p.size() == 1) {
                double sum = 0;
                for (double v : expected) {
                    sum += v;
                }
                expected = new double[] {sum};
            } else {
                assertThat(p.grad()[3]).as("dL/d%s of the neuron outside [0, 1]", p.name()).isZero();
            }
            assertClose("dL/d" + p.name(), p.grad(), expected);
        }
    }

    private static float[] effective(SpikingLayer layer, String name, float[] perNeuron, float fixed) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(name)) {
                return p.size() == 1 ? filled(p.value()[0]) : perNeuron.clone();
            }
        }
        return filled(fixed);
    }

    private static float[] filled(float v) {
        return new float[] {v, v, v, v};
    }

    private static void set(Parameter p, float[] perNeuron) {
        if (p.size() == 1) {
            p.value()[0] = perNeuron[1];
        } else {
            System.arraycopy(perNeuron, 0, p.value(), 0, N);
        }
    }

    static void assertClose(String what, float[] actual, double[] expected) {
        assertThat(actual).as(what).hasSize(expected.length);
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s[%d] (max |ref| %s)", what, i, scale)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, scale)));
        }
    }

    static float[] uniform(SplittableRandom rnd, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(lo, hi);
        }
        return a;
    }
}
