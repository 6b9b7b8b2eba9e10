package org.snn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snn4j.bench.SparseBenchmark.LinearShape;
import org.snn4j.core.layer.SparseMode;
import org.snn4j.core.layer.SparsePolicy;

class SparseBenchmarkTest {

    @Test
    void workIsTheDenseEquivalentFlops() {
        // 2·rows·in·out for both methods, whatever the mode and density
        assertThat(LinearShape.IN784_OUT1000_R3200.denseFlops()).isEqualTo(2L * 3200 * 784 * 1000);
        assertThat(LinearShape.IN784_OUT1000_R3200.denseFlops()).isEqualTo(5_017_600_000L);
        assertThat(LinearShape.IN3136_OUT256_R512.denseFlops()).isEqualTo(822_083_584L);
        Map<String, String> params = Map.of("shape", "IN3136_OUT256_R512", "density", "0.05", "mode", "SPARSE");
        assertThat(SparseBenchmark.workPerOp("forward", params)).isEqualTo(new Work(822_083_584L, Work.Unit.FLOP));
        assertThat(SparseBenchmark.workPerOp("weightGradient", Map.of("shape", "IN784_OUT1000_R3200", "mode", "DENSE")))
                .isEqualTo(new Work(5_017_600_000L, Work.Unit.FLOP));
        assertThatThrownBy(() -> SparseBenchmark.workPerOp("backward", params))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backward");
        assertThatThrownBy(() -> SparseBenchmark.workPerOp("forward", Map.of("shape", "IN1_OUT1_R1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A 300→64 layer over 64 rows (enough work for the parallel sparse paths): SPARSE and DENSE give
     * the same forward output and weight and bias gradients, equal to the plain sums, and take the
     * path their mode names.
     */
    @ParameterizedTest
    @CsvSource({"VECTOR, 1, 0.05", "VECTOR, 2, 0.10", "VECTOR, 2, 0.20", "SCALAR, 1, 0.20", "SCALAR, 2, 0.05"})
    void sparseAndDenseMatchTheReference(KernelImpl impl, int threads, double density) {
        int in = 300;
        int out = 64;
        int steps = 4;
        int batch = 16;
        SparseBenchmark sparse = bench(SparseMode.SPARSE, impl, threads, density);
        SparseBenchmark dense = bench(SparseMode.DENSE, impl, threads, density);
        sparse.prepare(in, out, steps, batch);
        dense.prepare(in, out, steps, batch);
        try {
            int rows = steps * batch;
            float[] x = sparse.input;
            assertThat(dense.input).containsExactly(x);
            assertThat(onesFraction(x)).isCloseTo(density, within(0.02));
            float[] wt = sparse.layer.weight().value();
            assertThat(dense.layer.weight().value()).containsExactly(wt);
            float[] b = sparse.layer.bias().value();

            float[] ys = sparse.forward();
            assertThat(sparse.layer.lastPath()).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
            float[] yd = dense.forward();
            assertThat(dense.layer.lastPath()).isEqualTo(SparsePolicy.Path.DENSE);
            double[] yRef = new double[rows * out];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < out; j++) {
                    double sum = b[j];
                    for (int i = 0; i < in; i++) {
                        sum += (double) x[r * in + i] * wt[i * out + j];
                    }
                    yRef[r * out + j] = sum;
                }
            }
            assertClose("sparse y", ys, yRef, 1e-5);
            assertClose("dense y", yd, yRef, 1e-5);

            SparseBenchmark.Armed armed = new SparseBenchmark.Armed();
            armed.arm(sparse);
            float[] dws = sparse.weightGradient(armed).clone();
            assertThat(sparse.layer.lastGradientPath()).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
            armed.arm(dense);
            float[] dwd = dense.weightGradient(armed);
            assertThat(dense.layer.lastGradientPath()).isEqualTo(SparsePolicy.Path.DENSE);
            float[] g = sparse.gradOutput;
            assertThat(dense.gradOutput).containsExactly(g);
            double[] dwRef = new double[in * out];
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    double sum = 0;
                    for (int r = 0; r < rows; r++) {
                        sum += (double) x[r * in + i] * g[r * out + j];
                    }
                    dwRef[i * out + j] = sum;
                }
            }
            assertClose("sparse dW", dws, dwRef, 1e-4);
            assertClose("dense dW", dwd, dwRef, 1e-4);
            for (int j = 0; j < out; j++) {
                double sum = 0;
                for (int r = 0; r < rows; r++) {
                    sum += g[r * out + j];
                }
                assertThat(sparse.layer.bias().grad()[j]).isCloseTo((float) sum, within(1e-4f));
                assertThat(dense.layer.bias().grad()[j]).isCloseTo((float) sum, within(1e-4f));
            }

            // re-arming zeroes the gradients: a second call gives the same dW, not twice it
            armed.arm(sparse);
            assertThat(sparse.weightGradient(armed)).containsExactly(dws);
        } finally {
            sparse.tearDown();
            dense.tearDown();
        }
    }

    /** The JMH set-up of the 3136→256 layer at 5 %: spike density as asked, sparse forward correct. */
    @Test
    void setUpOfTheConvPresetLayerComputesTheSparseForward() {
        SparseBenchmark bench = bench(SparseMode.SPARSE, KernelImpl.VECTOR, 2, 0.05);
        bench.shape = LinearShape.IN3136_OUT256_R512;
        bench.setUp();
        try {
            assertThat(bench.inference.rows()).isEqualTo(512);
            assertThat(bench.inference.training()).isFalse();
            assertThat(bench.training.training()).isTrue();
            float[] x = bench.input;
            assertThat(x).hasSize(512 * 3136);
            assertThat(SparseBenchmarkTest.onesFraction(x)).isCloseTo(0.05, within(0.001));
            float[] y = bench.forward();
            assertThat(bench.layer.lastPath()).isEqualTo(SparsePolicy.Path.SPARSE_INPUT);
            assertThat(y).hasSize(512 * 256);
            float[] wt = bench.layer.weight().value();
            float[] b = bench.layer.bias().value();
            SplittableRandom rnd = new SplittableRandom(4);
            for (int s = 0; s < 200; s++) {
                int r = rnd.nextInt(512);
                int j = rnd.nextInt(256);
                double sum = b[j];
                for (int i = 0; i < 3136; i++) {
                    sum += (double) x[r * 3136 + i] * wt[i * 256 + j];
                }
                assertThat(y[r * 256 + j]).isCloseTo((float) sum, within(1e-4f));
            }
        } finally {
            bench.tearDown();
        }
    }

    /** Every {@code actual[i]} within {@code tol} of {@code expected[i]}; the message names the worst index. */
    static void assertClose(String what, float[] actual, double[] expected, double tol) {
        assertThat(actual).as(what).hasSize(expected.length);
        int worst = 0;
        double worstError = -1;
        for (int i = 0; i < actual.length; i++) {
            double e = Math.abs(actual[i] - expected[i]);
            if (Double.isNaN(e)) {
                e = Double.POSITIVE_INFINITY;
            }
            if (e > worstError) {
                worst = i;
                worstError = e;
            }
        }
        assertThat((double) actual[worst]).as("%s[%d] (largest error)", what, worst)
                .isCloseTo(expected[worst], within(tol));
    }

    /** The fraction of ones in a 0/1 array; fails on any other value. */
    static double onesFraction(float[] x) {
        long ones = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != 0f && x[i] != 1f) {
                assertThat(x[i]).as("x[%d] is a spike (0 or 1)", i).isIn(0f, 1f);
            }
            ones += x[i] == 1f ? 1 : 0;
        }
        return (double) ones / x.length;
    }

    private static SparseBenchmark bench(SparseMode mode, KernelImpl impl, int threads, double density) {
        SparseBenchmark b = new SparseBenchmark();
        b.mode = mode;
        b.impl = impl;
        b.threads = threads;
        b.density = density;
        return b;
    }
}
