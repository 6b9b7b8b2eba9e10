package org.snn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.snn4j.bench.GemmBenchmark.GemmShape;

class GemmBenchmarkTest {

    @Test
    void flopsAreTwoMnkPerCall() {
        assertThat(GemmShape.NN_3200x1000x784.flops()).isEqualTo(5_017_600_000L);
        assertThat(GemmShape.TN_784x1000x3200.flops()).isEqualTo(5_017_600_000L);
        assertThat(GemmShape.NT_3200x1000x10.flops()).isEqualTo(64_000_000L);
        assertThat(GemmShape.NN_1024x1024x1024.flops()).isEqualTo(2_147_483_648L);
        Work w = GemmBenchmark.workPerOp("gemm", Map.of("shape", "NT_3200x1000x10", "threads", "2"));
        assertThat(w).isEqualTo(new Work(64_000_000, Work.Unit.FLOP));
        // 64 MFLOP in 2 ms is 32 GFLOP/s
        assertThat(w.rate(0.002)).isCloseTo(32.0, within(1e-9));
    }

    @Test
    void workPerOpRejectsAnUnknownMethodOrShape() {
        assertThatThrownBy(() -> GemmBenchmark.workPerOp("gemv", Map.of("shape", "NT_3200x1000x10")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gemv");
        assertThatThrownBy(() -> GemmBenchmark.workPerOp("gemm", Map.of("shape", "NN_1x1x1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The benchmark's prepared product equals a plain triple loop, for all four op combinations. */
    @ParameterizedTest
    @CsvSource({
        "false, false, VECTOR, 1", "true, false, VECTOR, 2", "false, true, VECTOR, 1", "true, true, VECTOR, 2",
        "false, false, SCALAR, 2", "true, false, SCALAR, 1", "false, true, SCALAR, 2", "true, true, SCALAR, 1"})
    void tinyProductMatchesTheReference(boolean transA, boolean transB, KernelImpl impl, int threads) {
        GemmBenchmark bench = new GemmBenchmark();
        bench.impl = impl;
        bench.threads = threads;
        int m = 13;
        int n = 19;
        int k = 7;
        bench.prepare(transA, transB, m, n, k);
        try {
            assertThat(bench.kernels.name()).isEqualTo(impl.name().toLowerCase(java.util.Locale.ROOT));
            float[] c = bench.gemm();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertThat(c[i * n + j]).as("C[%d,%d]", i, j)
                            .isCloseTo(reference(bench, i, j), within(1e-5f));
                }
            }
        } finally {
            bench.tearDown();
        }
    }

    /** The JMH set-up of a real shape (NT, k = 10) computes the right entries. */
    @Test
    void setUpOfTheOutputGradientShapeComputesTheProduct() {
        GemmBenchmark bench = new GemmBenchmark();
        bench.shape = GemmShape.NT_3200x1000x10;
        bench.impl = KernelImpl.VECTOR;
        bench.threads = 2;
        bench.setUp();
        try {
            assertThat(bench.a).hasSize(3200 * 10);
            assertThat(bench.b).hasSize(1000 * 10);
            float[] c = bench.gemm();
            assertThat(c).hasSize(3200 * 1000);
            SplittableRandom rnd = new SplittableRandom(3);
            for (int s = 0; s < 200; s++) {
                int i = rnd.nextInt(3200);
                int j = rnd.nextInt(1000);
                assertThat(c[i * 1000 + j]).isCloseTo(reference(bench, i, j), within(1e-5f));
            }
        } finally {
            bench.tearDown();
        }
    }

    /** {@code Σ_p op(A)[i,p]·op(B)[p,j]} in double, from the stored layouts. */
    private static float reference(GemmBenchmark bench, int i, int j) {
        double sum = 0;
        for (int p = 0; p < bench.k; p++) {
            float a = bench.transA ? bench.a[p * bench.m + i] : bench.a[i * bench.k + p];
            float b = bench.transB ? bench.b[j * bench.k + p] : bench.b[p * bench.n + j];
            sum += (double) a * b;
        }
        return (float) sum;
    }
}
