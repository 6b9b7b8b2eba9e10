package org.snn4j.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.optim.Sgd;

class SparseLinearTest {
    private static Kernels vector1;
    private static Kernels vector2;
    private static Kernels scalar1;
    private static Kernels scalar2;

    @BeforeAll
    static void setUp() {
        vector1 = Kernels.create(1);
        vector2 = Kernels.create(2);
        scalar1 = Kernels.scalar(1);
        scalar2 = Kernels.scalar(2);
    }

    @AfterAll
    static void tearDown() {
        vector1.close();
        vector2.close();
        scalar1.close();
        scalar2.close();
    }

    private static Linear linear(int in, int out, long seed) {
        return (Linear) new Linear.Spec(in, out, true).build(Shape.of(in), new SplittableRandom(seed));
    }

    private static float[] input(SplittableRandom rnd, int n, double density, boolean binary) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            if (rnd.nextDouble() < density) {
                x[i] = binary ? 1f : (float) rnd.nextDouble(-2, 2);
            }
        }
        return x;
    }

    private static float[] uniform(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }

    private static void assertClose(String what, float[] actual, float[] expected, double tol) {
        assertThat(actual).as(what).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            if (!(Math.abs(actual[i] - expected[i]) <= tol * scale)) {
                throw new AssertionError(what + " element " + i + ": " + actual[i] + " vs dense " + expected[i]);
            }
        }
    }

    /** Forward output, weight gradient, bias gradient and input gradient of one training step. */
    record Step(float[] y, float[] dw, float[] db, float[] dx, SparsePolicy.Path path) {
    }

    private static Step trainStep(Linear lin, float[] x, float[] g, int steps, int batch, Kernels k) {
        lin.weight().zeroGrad();
        lin.bias().zeroGrad();
        float[] y = lin.forward(x, new RunContext(steps, batch, true, 0, k)).clone();
        SparsePolicy.Path path = lin.lastPath();
        float[] dx = lin.backward(g.clone(), true).clone();
        return new Step(y, lin.weight().grad().clone(), lin.bias().grad().clone(), dx, path);
    }

    static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        // in, out: out below, at and not a multiple of the lane count (8 or 16), the 10-class head
        int[][] shapes = {{37, 13}, {150, 67}, {64, 10}, {9, 1}};
        double[] densities = {0, 0.01, 0.1, 0.5, 1.0};
        for (int[] s : shapes) {
            for (double d : densities) {
                cases.add(new Object[] {s[0], s[1], d, true});
                cases.add(new Object[] {s[0], s[1], d, false});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "in={0} out={1} density={2} binary={3}")
    @MethodSource("cases")
    void sparseEqualsDenseForwardAndGradientsOnAllKernelsAndThreadCounts(int in, int out, double density,
                                                                         boolean binary) {
        int steps = 3;
        int batch = 40;
        int rows = steps * batch;
        SplittableRandom rnd = new SplittableRandom(in * 31L + out + (long) (density * 1000) + (binary ? 7 : 0));
        float[] x = input(rnd, rows * in, density, binary);
        float[] g = uniform(rnd, rows * out);
        Linear dense = linear(in, out, 9);
        Linear sparse = linear(in, out, 9);
        dense.setSparseMode(SparseMode.DENSE);
        sparse.setSparseMode(SparseMode.SPARSE);

        Step reference = trainStep(dense, x, g, steps, batch, vector1);
        assertThat(reference.path()).isEqualTo(SparsePolicy.Path.DENSE);
        Step first = null;
        for (Kernels k : List.of(vector1, vector2, scalar1, scalar2)) {
            Step s = trainStep(sparse, x, g, steps, batch, k);
            String where = k.name() + "/" + k.threads() + "t";
            assertThat(s.path()).as(where).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
            assertClose(where + " forward", s.y(), reference.y(), 1e-5);
            assertClose(where + " dW", s.dw(), reference.dw(), 1e-5);
            assertClose(where + " db", s.db(), reference.db(), 1e-5);
            assertClose(where + " dX", s.dx(), reference.dx(), 1e-5);
            if (first == null) {
                first = s;
            } else {
                // each element is one fixed fma sequence: identical for both twins and any thread count
                assertThat(s.y()).as(where + " forward bit for bit").isEqualTo(first.y());
                assertThat(s.dw()).as(where + " dW bit for bit").isEqualTo(first.dw());
            }
        }
        // inference forward (no caches) gives the same values
        float[] inference = sparse.forward(x, new RunContext(steps, batch, false, 0, vector2)).clone();
        assertThat(inference).isEqualTo(first.y());
    }

    @Test
    void weightGradientAccumulatesOverSparseAndDenseSteps() {
        int in = 40;
        int out = 36;
        SplittableRandom rnd = new SplittableRandom(4);
        float[] x1 = input(rnd, 2 * 5 * in, 0.05, true);
        float[] x2 = input(rnd, 2 * 5 * in, 0.9, false);
        float[] g1 = uniform(rnd, 2 * 5 * out);
        float[] g2 = uniform(rnd, 2 * 5 * out);
        Linear auto = linear(in, out, 3);
        Linear dense = linear(in, out, 3);
        auto.setSparsePolicy(new SparsePolicy(SparseMode.AUTO, 0.3, 0.3, 0.1));
        dense.setSparseMode(SparseMode.DENSE);
        for (Linear lin : List.of(auto, dense)) {
            lin.forward(x1, new RunContext(2, 5, true, 0, vector1));
            lin.backward(g1.clone(), false);
        }
        assertThat(auto.lastPath()).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
        for (Linear lin : List.of(auto, dense)) {
            lin.forward(x2, new RunContext(2, 5, true, 0, vector1));
            assertThat(lin.backward(g2.clone(), false)).isNull();
        }
        assertThat(auto.lastPath()).isEqualTo(SparsePolicy.Path.DENSE);
        assertClose("dW after two steps", auto.weight().grad(), dense.weight().grad(), 1e-5);
    }

    @Test
    void autoPicksSparseForSparseInputsAndDenseForDenseOnes() {
        SparsePolicy auto = SparsePolicy.of(SparseMode.AUTO);
        // a wide layer: forward and weight gradient both follow the density
        assertThat(auto.sparseForward(2, 100, 1000)).isTrue();
        assertThat(auto.sparseForward(60, 100, 1000)).isFalse();
        assertThat(auto.sparseGradient(2, 100, 1000)).isTrue();
        assertThat(auto.sparseGradient(60, 100, 1000)).isFalse();
        assertThat(auto.sparseForward(0, 0, 1000)).isFalse();
        assertThat(auto.choose(2, 100, 1000, true, 100, 100)).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
        assertThat(auto.choose(60, 100, 1000, true, 0, 100)).isEqualTo(SparsePolicy.Path.DENSE);
        assertThat(auto.choose(2, 100, 1000, false, 1, 100)).isEqualTo(SparsePolicy.Path.CSR);
        assertThat(auto.choose(2, 100, 1000, true, 1, 100)).as("training never uses CSR")
                .isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
        assertThat(auto.choose(2, 100, 1000, false, 100, 100)).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
        assertThat(auto.chooseGradient(2, 100, 1000)).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
        assertThat(auto.chooseGradient(60, 100, 1000)).isEqualTo(SparsePolicy.Path.DENSE);
        // a narrow layer (10 outputs): dense forward, the weight gradient follows the density
        assertThat(auto.choose(2, 100, 10, false, 1, 100)).isEqualTo(SparsePolicy.Path.DENSE);
        assertThat(auto.chooseGradient(2, 100, 10)).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
        assertThat(auto.chooseGradient(60, 100, 10)).isEqualTo(SparsePolicy.Path.DENSE);
        // the crossovers themselves: strictly below takes the sparse path
        SparsePolicy custom = new SparsePolicy(SparseMode.AUTO, 0.3, 0.1, 0.05);
        assertThat(custom.sparseForward(29, 100, 32)).isTrue();
        assertThat(custom.sparseForward(30, 100, 32)).isFalse();
        assertThat(custom.sparseForward(1, 100, 31)).isFalse();
        assertThat(custom.sparseGradient(29, 100, 32)).isTrue();
        assertThat(custom.sparseGradient(30, 100, 32)).isFalse();
        assertThat(custom.sparseGradient(9, 100, 31)).isTrue();
        assertThat(custom.sparseGradient(10, 100, 31)).isFalse();
        assertThat(custom.csrWeights(5, 100, 32)).isTrue();
        assertThat(custom.csrWeights(6, 100, 32)).isFalse();
        assertThat(custom.csrWeights(1, 100, 31)).isFalse();
        // forced modes ignore the density
        assertThat(SparsePolicy.of(SparseMode.SPARSE).sparseForward(100, 100, 10)).isTrue();
        assertThat(SparsePolicy.of(SparseMode.SPARSE).sparseGradient(100, 100, 10)).isTrue();
        assertThat(SparsePolicy.of(SparseMode.DENSE).sparseForward(0, 100, 1000)).isFalse();
        assertThat(SparsePolicy.of(SparseMode.DENSE).sparseGradient(0, 100, 1000)).isFalse();
        assertThat(SparsePolicy.of(SparseMode.DENSE).csrWeights(0, 100, 1000)).isFalse();
        assertThat(SparsePolicy.of(SparseMode.DENSE).inspectsInput()).isFalse();

        // the layer applies it to the measured density of each call
        int in = 50;
        int out = 40;
        Linear lin = linear(in, out, 5);
        lin.setSparseMode(SparseMode.AUTO);
        SplittableRandom rnd = new SplittableRandom(8);
        float[] sparse = new float[4 * 10 * in];
        for (int i = 0; i < sparse.length; i += 50) {
            sparse[i] = 1f; // exactly 2 %
        }
        float[] dense = input(rnd, 4 * 10 * in, 0.6, true);
        lin.forward(sparse, new RunContext(4, 10, false, 0, vector1));
        assertThat(lin.lastPath()).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
        lin.forward(dense, new RunContext(4, 10, false, 0, vector1));
        assertThat(lin.lastPath()).isEqualTo(SparsePolicy.Path.DENSE);
        lin.setSparseMode(SparseMode.DENSE);
        lin.forward(sparse, new RunContext(4, 10, false, 0, vector1));
        assertThat(lin.lastPath()).isEqualTo(SparsePolicy.Path.DENSE);
    }

    @Test
    void narrowLayerKeepsTheDenseForwardButTakesTheSparseGradient() {
        int in = 200;
        int out = 10;
        SplittableRandom rnd = new SplittableRandom(31);
        float[] x = new float[4 * 25 * in];
        for (int i = 0; i < x.length; i += 50) {
            x[i] = (float) rnd.nextDouble(0.5, 1.5); // exactly 2 %
        }
        float[] g = uniform(rnd, 4 * 25 * out);
        Linear auto = linear(in, out, 6);
        Linear dense = linear(in, out, 6);
        auto.setSparseMode(SparseMode.AUTO);
        dense.setSparseMode(SparseMode.DENSE);
        Step a = trainStep(auto, x, g, 4, 25, vector2);
        Step d = trainStep(dense, x, g, 4, 25, vector2);
        assertThat(a.path()).isEqualTo(SparsePolicy.Path.DENSE);
        assertThat(auto.lastGradientPath()).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
        assertThat(dense.lastGradientPath()).isEqualTo(SparsePolicy.Path.DENSE);
        assertThat(a.y()).isEqualTo(d.y());
        assertClose("dW", a.dw(), d.dw(), 1e-5);
        assertThat(a.dx()).isEqualTo(d.dx());
    }

    @Test
    void csrInferenceEqualsDenseOnPrunedWeights() {
        int in = 120;
        int out = 45;
        Linear lin = linear(in, out, 11);
        float bound = (float) (1 / Math.sqrt(in));
        int pruned = lin.pruneBelow(0.9f * bound);
        assertThat(pruned).isGreaterThan(in * out * 8 / 10);
        assertThat(lin.weightSparsity()).isEqualTo((double) pruned / (in * out));
        for (float w : lin.weight().value()) {
            assertThat(w == 0f || Math.abs(w) >= 0.9f * bound).isTrue();
        }
        SplittableRandom rnd = new SplittableRandom(12);
        for (double density : new double[] {0.02, 0.1, 0.5}) {
            float[] x = input(rnd, 5 * 8 * in, density, density > 0.05);
            lin.setSparseMode(SparseMode.DENSE);
            float[] dense = lin.forward(x, new RunContext(5, 8, false, 0, vector2)).clone();
            lin.setSparsePolicy(new SparsePolicy(SparseMode.SPARSE, 0.5, 0.5, 0.2));
            for (Kernels k : List.of(vector1, vector2, scalar1, scalar2)) {
                float[] csr = lin.forward(x, new RunContext(5, 8, false, 0, k)).clone();
                assertThat(lin.lastPath()).isEqualTo(SparsePolicy.Path.CSR);
                assertClose("CSR density " + density + " " + k.name() + "/" + k.threads(), csr, dense, 1e-5);
            }
            // weights denser than the weight crossover: dense weight rows instead
            lin.setSparsePolicy(new SparsePolicy(SparseMode.SPARSE, 0.5, 0.5, 0.05));
            float[] rows = lin.forward(x, new RunContext(5, 8, false, 0, vector1)).clone();
            assertThat(lin.lastPath()).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
            assertClose("sparse input, dense W", rows, dense, 1e-5);
        }
        assertThatThrownBy(() -> lin.pruneBelow(-1f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> lin.pruneBelow(Float.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csrCopyIsRebuiltAfterOptimiserStepsAndMarkedWrites() {
        int in = 80;
        int out = 33;
        int steps = 2;
        int batch = 16;
        Linear lin = linear(in, out, 21);
        Linear reference = linear(in, out, 21);
        for (Linear l : List.of(lin, reference)) {
            l.pruneBelow(0.08f);
        }
        // CSR whenever the input is sparse, however dense the weights become after training
        lin.setSparsePolicy(new SparsePolicy(SparseMode.SPARSE, 1.0, 1.0, 1.0));
        reference.setSparseMode(SparseMode.DENSE);
        SplittableRandom rnd = new SplittableRandom(22);
        float[] x = input(rnd, steps * batch * in, 0.1, true);
        float[] g = uniform(rnd, steps * batch * out);
        RunContext infer = new RunContext(steps, batch, false, 0, vector2);
        RunContext train = new RunContext(steps, batch, true, 0, vector2);
        assertClose("before training", lin.forward(x, infer).clone(), reference.forward(x, infer).clone(), 1e-5);
        assertThat(lin.lastPath()).isEqualTo(SparsePolicy.Path.CSR);

        for (var optimizer : List.of(new Sgd(0.5f), new Adam(0.05f))) {
            for (Linear l : List.of(lin, reference)) {
                l.weight().zeroGrad();
                l.bias().zeroGrad();
                l.forward(x, train);
                l.backward(g.clone(), false);
                long before = l.weight().version();
                optimizer.step(l.parameters());
                assertThat(l.weight().version()).isGreaterThan(before);
            }
            assertThat(lin.weight().value()).isEqualTo(reference.weight().value());
            float[] afterStep = lin.forward(x, infer).clone();
            assertThat(lin.lastPath()).isEqualTo(SparsePolicy.Path.CSR);
            assertClose("after " + optimizer.name() + " step", afterStep, reference.forward(x, infer).clone(), 1e-5);
        }

        // a direct write announced with markModified is picked up too
        Parameter w = lin.weight();
        for (Linear l : List.of(lin, reference)) {
            float[] v = l.weight().value();
            for (int i = 0; i < v.length; i += 3) {
                v[i] = 0.25f;
            }
            l.weight().markModified();
        }
        assertThat(w.version()).isPositive();
        assertClose("after a marked write", lin.forward(x, infer).clone(), reference.forward(x, infer).clone(), 1e-5);
        // pruning marks the weight modified itself
        lin.pruneBelow(0.3f);
        reference.pruneBelow(0.3f);
        assertClose("after pruning", lin.forward(x, infer).clone(), reference.forward(x, infer).clone(), 1e-5);
    }

    @Test
    void modeParsingAndPolicyValidation() {
        assertThat(SparseMode.parse(" Sparse ")).isEqualTo(SparseMode.SPARSE);
        assertThat(SparseMode.parse("dense")).isEqualTo(SparseMode.DENSE);
        assertThat(SparseMode.parse("AUTO")).isEqualTo(SparseMode.AUTO);
        assertThatThrownBy(() -> SparseMode.parse("csr")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, dense, sparse").hasMessageContaining("'csr'");
        String old = System.getProperty(SparseMode.PROPERTY);
        try {
            System.clearProperty(SparseMode.PROPERTY);
            assertThat(SparseMode.fromSystemProperty()).isEqualTo(SparseMode.AUTO);
            System.setProperty(SparseMode.PROPERTY, "dense");
            assertThat(SparseMode.fromSystemProperty()).isEqualTo(SparseMode.DENSE);
            assertThat(linear(4, 3, 1).sparsePolicy().mode()).isEqualTo(SparseMode.DENSE);
            System.setProperty(SparseMode.PROPERTY, "sparse");
            assertThat(SparsePolicy.defaults().mode()).isEqualTo(SparseMode.SPARSE);
            System.setProperty(SparseMode.PROPERTY, "fast");
            assertThatThrownBy(SparseMode::fromSystemProperty).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("snn4j.sparse").hasMessageContaining("'fast'");
        } finally {
            if (old == null) {
                System.clearProperty(SparseMode.PROPERTY);
            } else {
                System.setProperty(SparseMode.PROPERTY, old);
            }
        }
        assertThatThrownBy(() -> new SparsePolicy(SparseMode.AUTO, 1.5, 0.1, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new SparsePolicy(SparseMode.AUTO, 0.1, -0.2, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("narrow").hasMessageContaining("-0.2");
        assertThatThrownBy(() -> new SparsePolicy(SparseMode.AUTO, 0.1, 0.1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new SparsePolicy(null, 0.1, 0.1, 0.1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SparsePolicy.of(SparseMode.AUTO).sparseForward(5, 4, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 of 4");
        assertThat(SparsePolicy.of(SparseMode.AUTO).withMode(SparseMode.SPARSE))
                .isEqualTo(new SparsePolicy(SparseMode.SPARSE, SparsePolicy.DEFAULT_INPUT_CROSSOVER,
                        SparsePolicy.DEFAULT_NARROW_GRADIENT_CROSSOVER, SparsePolicy.DEFAULT_WEIGHT_CROSSOVER));
    }
}
