package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
 * {@link LeakyIntegrator} on its own: forward against a naive double-precision loop of
 * {@code J[t] = α·J[t−1] + X[t]}, {@code U[t] = β·U[t−1] + J[t]} (per-neuron α, β including α = 0 and
 * β = 1); segments against one whole pass, bit for bit; the time-invariant input against the repeated
 * input; the output being the membrane; spec validation and misuse.
 */
class LeakyIntegratorTest {
    private static final int T = 13;
    private static final int B = 3;
    private static final int N = 5;
    private static final float[] BETA = {0.5f, 0.9f, 1.0f, 0f, 0.97f};
    private static final float[] ALPHA = {0f, 0.3f, 0f, 1.0f, 0.8f};
    private static Kernels kernels;

    @BeforeAll
    static void setUp() {
        kernels = Kernels.create(1);
    }

    @AfterAll
    static void tearDown() {
        kernels.close();
    }

    /** A layer with per-neuron trained α and β set to {@link #ALPHA} and {@link #BETA}. */
    private static LeakyIntegrator perNeuron() {
        LeakyIntegrator layer = LiSpec.builder().learnAlpha(LearnMode.PER_NEURON).learnBeta(LearnMode.PER_NEURON)
                .build().build(Shape.of(N), null);
        List<Parameter> ps = layer.parameters();
        assertThat(ps).extracting(Parameter::name).containsExactly("alpha", "beta");
        System.arraycopy(ALPHA, 0, ps.get(0).value(), 0, N);
        System.arraycopy(BETA, 0, ps.get(1).value(), 0, N);
        return layer;
    }

    private static float[] uniform(long seed, int n, double lo, double hi) {
        return GradientReferenceTest.uniform(new SplittableRandom(seed), n, lo, hi);
    }

    /** J and U of the equations in double precision, {@code [2][T·B·N]}. */
    private static double[][] naive(float[] x, float[] alpha, float[] beta) {
        int lanes = B * N;
        double[] j = new double[T * lanes];
        double[] u = new double[T * lanes];
        for (int i = 0; i < lanes; i++) {
            double jp = 0;
            double up = 0;
            for (int t = 0; t < T; t++) {
                int idx = t * lanes + i;
                jp = alpha[i % N] * jp + x[idx];
                up = beta[i % N] * up + jp;
                j[idx] = jp;
                u[idx] = up;
            }
        }
        return new double[][] {j, u};
    }

    private static void assertClose(String what, float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i)
                    .isCloseTo(expected[i], within(1e-5 * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @Test
    void forwardMatchesANaiveDoubleLoop() {
        float[] x = uniform(1, T * B * N, -1, 1);
        LeakyIntegrator layer = perNeuron();
        float[] out = layer.forward(x, new RunContext(T, B, false, 0, kernels));
        double[][] ref = naive(x, ALPHA, BETA);
        assertClose("U", out, ref[1]);
        assertClose("J", layer.synapticCurrent(), ref[0]);
        assertThat(layer.membrane()).isSameAs(out);
        assertThat(layer.emitsSpikes()).isFalse();
        // the fixed spec: plain LI (α = 0) and the integrator I (β = 1)
        for (float beta : new float[] {0.8f, 1f}) {
            float[] b = {beta, beta, beta, beta, beta};
            float[] u = LiSpec.of(beta).build(Shape.of(N), null).forward(x, new RunContext(T, B, false, 0, kernels));
            assertClose("U, β = " + beta, u, naive(x, new float[N], b)[1]);
        }
        float[] a = {0.6f, 0.6f, 0.6f, 0.6f, 0.6f};
        float[] b = {0.9f, 0.9f, 0.9f, 0.9f, 0.9f};
        float[] u = LiSpec.builder().alpha(0.6f).beta(0.9f).build().build(Shape.of(N), null)
                .forward(x, new RunContext(T, B, false, 0, kernels));
        assertClose("U, CubaLI", u, naive(x, a, b)[1]);
    }

    @Test
    void trainedDecaysAreClampedToTheUnitInterval() {
        float[] x = uniform(2, T * B * N, -1, 1);
        LeakyIntegrator layer = perNeuron();
        layer.parameters().get(0).value()[1] = 1.4f;
        layer.parameters().get(1).value()[4] = -0.2f;
        float[] out = layer.forward(x, new RunContext(T, B, true, 0, kernels));
        float[] alpha = ALPHA.clone();
        float[] beta = BETA.clone();
        alpha[1] = 1f;
        beta[4] = 0f;
        assertClose("U", out, naive(x, alpha, beta)[1]);
        layer.backward(uniform(3, x.length, -1, 1), null, false);
        assertThat(layer.parameters().get(0).grad()[1]).as("dL/dα outside [0, 1]").isZero();
        assertThat(layer.parameters().get(1).grad()[4]).as("dL/dβ outside [0, 1]").isZero();
        assertThat(layer.parameters().get(1).grad()[1]).isNotZero();
    }

    /** Output, J, dL/dX and the α, β gradients of one run. */
    private record Run(float[] u, float[] j, float[] gradIn, float[] dAlpha, float[] dBeta) {
    }

    private static Run whole(float[] x, float[] gS, float[] gM) {
        LeakyIntegrator layer = perNeuron();
        float[] u = layer.forward(x, new RunContext(T, B, true, 0, kernels)).clone();
        float[] j = layer.synapticCurrent().clone();
        float[] gi = layer.backward(gS, gM, true).clone();
        return new Run(u, j, gi, layer.parameters().get(0).grad().clone(), layer.parameters().get(1).grad().clone());
    }

    /** The sequence in segments of the given lengths, backward last to first after recomputing each forward. */
    private static Run segmented(float[] x, float[] gS, float[] gM, int[] lengths) {
        LeakyIntegrator layer = perNeuron();
        int lanes = B * N;
        int k = lengths.length;
        int[] start = new int[k + 1];
        for (int c = 0; c < k; c++) {
            start[c + 1] = start[c] + lengths[c];
        }
        assertThat(start[k]).isEqualTo(T);
        float[][] states = new float[k][];
        float[] u = new float[T * lanes];
        float[] j = new float[T * lanes];
        float[] gi = new float[T * lanes];
        for (int c = 0; c < k; c++) {
            float[] fin = c + 1 < k ? (states[c + 1] = new float[2 * lanes]) : null;
            float[] out = layer.forwardSegment(rows(x, start[c], lengths[c]), new RunContext(lengths[c], B, true, 0,
                    kernels), states[c], fin);
            System.arraycopy(out, 0, u, start[c] * lanes, lengths[c] * lanes);
            System.arraycopy(layer.synapticCurrent(), 0, j, start[c] * lanes, lengths[c] * lanes);
        }
        float[] gEnd = null;
        for (int c = k - 1; c >= 0; c--) {
            if (c < k - 1) {
                layer.forwardSegment(rows(x, start[c], lengths[c]), new RunContext(lengths[c], B, true, 0, kernels),
                        states[c], null);
            }
            float[] gStart = c > 0 ? new float[2 * lanes] : null;
            float[] g = layer.backwardSegment(gS == null ? null : rows(gS, start[c], lengths[c]),
                    gM == null ? null : rows(gM, start[c], lengths[c]), gEnd, gStart, true);
            System.arraycopy(g, 0, gi, start[c] * lanes, lengths[c] * lanes);
            gEnd = gStart;
        }
        // the saved states are (J, U) after each segment's last step
        for (int c = 1; c < k; c++) {
            int last = (start[c] - 1) * lanes;
            for (int i = 0; i < lanes; i++) {
                assertThat(states[c][i]).isEqualTo(j[last + i]);
                assertThat(states[c][lanes + i]).isEqualTo(u[last + i]);
            }
        }
        return new Run(u, j, gi, layer.parameters().get(0).grad().clone(), layer.parameters().get(1).grad().clone());
    }

    private static float[] rows(float[] a, int t0, int len) {
        int lanes = B * N;
        float[] r = new float[len * lanes];
        System.arraycopy(a, t0 * lanes, r, 0, r.length);
        return r;
    }

    @Test
    void segmentsEqualOneWholePassBitForBit() {
        float[] x = uniform(4, T * B * N, -1, 1);
        float[] gS = uniform(5, x.length, -1, 1);
        float[] gM = uniform(6, x.length, -1, 1);
        for (float[][] grads : new float[][][] {{gS, gM}, {gS, null}, {null, gM}}) {
            Run w = whole(x, grads[0], grads[1]);
            assertThat(w.dAlpha()).as("dL/dα").doesNotContain(0f);
            for (int[] lengths : new int[][] {{6, 7}, {4, 4, 5}, {1, 11, 1}}) {
                Run s = segmented(x, grads[0], grads[1], lengths);
                String what = java.util.Arrays.toString(lengths) + (grads[0] == null ? " gM only"
                        : grads[1] == null ? " gS only" : "");
                assertThat(s.u()).as("U, %s", what).containsExactly(w.u());
                assertThat(s.j()).as("J, %s", what).containsExactly(w.j());
                assertThat(s.gradIn()).as("dL/dX, %s", what).containsExactly(w.gradIn());
                assertThat(s.dAlpha()).as("dL/dα, %s", what).containsExactly(w.dAlpha());
                assertThat(s.dBeta()).as("dL/dβ, %s", what).containsExactly(w.dBeta());
            }
        }
    }

    @Test
    void outputAndMembraneGradientsAdd() {
        float[] x = uniform(7, T * B * N, -1, 1);
        float[] gS = uniform(8, x.length, -1, 1);
        float[] gM = uniform(9, x.length, -1, 1);
        float[] sum = new float[x.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = gS[i] + gM[i];
        }
        Run both = whole(x, gS, gM);
        Run summed = whole(x, sum, null);
        assertThat(both.gradIn()).containsExactly(summed.gradIn());
        assertThat(both.dBeta()).containsExactly(summed.dBeta());
        assertThat(whole(x, null, sum).gradIn()).containsExactly(summed.gradIn());
    }

    @Test
    void timeInvariantInputEqualsTheRepeatedInput() {
        int lanes = B * N;
        float[] row = uniform(10, lanes, -1, 1);
        float[] repeated = new float[T * lanes];
        for (int t = 0; t < T; t++) {
            System.arraycopy(row, 0, repeated, t * lanes, lanes);
        }
        float[] gS = uniform(11, T * lanes, -1, 1);
        Run ref = whole(repeated, gS, null);
        LeakyIntegrator layer = perNeuron();
        float[] u = layer.forwardTimeInvariant(row, new RunContext(T, B, true, 0, kernels));
        assertThat(u).containsExactly(ref.u());
        assertThat(layer.synapticCurrent()).containsExactly(ref.j());
        assertThatThrownBy(() -> layer.backwardSegment(gS, null, null, new float[2 * lanes], true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time-invariant");
        float[] gx = layer.backward(gS, null, true);
        assertThat(gx).hasSize(lanes);
        for (int i = 0; i < lanes; i++) {
            double expected = 0;
            for (int t = 0; t < T; t++) {
                expected += ref.gradIn()[t * lanes + i];
            }
            assertThat((double) gx[i]).as("dL/dX[%d]", i).isCloseTo(expected, within(1e-5 * Math.max(1,
                    Math.abs(expected))));
        }
        assertThat(layer.parameters().get(0).grad()).containsExactly(ref.dAlpha());
        assertThat(layer.parameters().get(1).grad()).containsExactly(ref.dBeta());
        // the next ordinary forward reads [T, B, N] again
        float[] again = layer.forward(repeated, new RunContext(T, B, false, 0, kernels));
        assertThat(again).containsExactly(ref.u());
    }

    @Test
    void misuseIsRefused() {
        LeakyIntegrator layer = LiSpec.of(0.9f).build(Shape.of(N), null);
        int lanes = B * N;
        RunContext ctx = new RunContext(T, B, false, 0, kernels);
        assertThatThrownBy(() -> layer.forward(new float[7], ctx)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("T·B·N");
        assertThatThrownBy(() -> layer.forwardSegment(new float[T * lanes], ctx, new float[lanes], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initial state has 15 values, expected 2·B·N = 2·3·5 = 30");
        layer.forward(new float[T * lanes], ctx);
        assertThatThrownBy(() -> layer.backward(new float[T * lanes], false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("training = true");
        assertThat(layer.parameters()).isEmpty();
        assertThat(layer.outputShape()).isEqualTo(Shape.of(N));
        assertThat(layer.stateVariables()).isEqualTo(2);
        assertThat(layer.stateGradientVariables()).isEqualTo(2);
    }

    @Test
    void specValidationNamesTheField() {
        assertThatThrownBy(() -> LiSpec.of(1.5f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("beta must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> LiSpec.of(Float.NaN)).hasMessage("beta must be in [0, 1], got NaN");
        assertThatThrownBy(() -> LiSpec.builder().alpha(-0.1f).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpha must be in [0, 1], got -0.1");
        assertThatThrownBy(() -> LiSpec.builder().alpha(Float.NaN).build()).hasMessage("alpha must be in [0, 1], got NaN");
        assertThatThrownBy(() -> LiSpec.builder().learnBeta(null).build()).hasMessage("learnBeta must not be null");
        assertThatThrownBy(() -> LiSpec.builder().learnAlpha(null).build()).hasMessage("learnAlpha must not be null");
        LiSpec d = LiSpec.builder().build();
        assertThat(d).isEqualTo(new LiSpec(0.95f, 0f, LearnMode.FIXED, LearnMode.FIXED));
        assertThat(d.type()).isEqualTo("li");
        assertThat(LiSpec.of(0.9f)).isEqualTo(new LiSpec(0.9f, 0f, LearnMode.FIXED, LearnMode.FIXED));
        assertThat(LiSpec.builder().learnBeta(LearnMode.SHARED).build().build(Shape.of(N), null).parameters())
                .singleElement().satisfies(p -> {
                    assertThat(p.name()).isEqualTo("beta");
                    assertThat(p.shape()).isEqualTo(Shape.of(1));
                    assertThat(p.value()).containsExactly(0.95f);
                });
    }
}
