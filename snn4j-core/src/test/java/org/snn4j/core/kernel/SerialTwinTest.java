package org.snn4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SerialTwinTest {

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }

    @Test
    void oneThreadKernelsAreTheirOwnTwin() {
        try (Kernels v = Kernels.create(1); Kernels s = Kernels.scalar(1)) {
            assertThat(v.serial()).isSameAs(v);
            assertThat(s.serial()).isSameAs(s);
        }
    }

    @Test
    void twinIsSingleThreadedSameImplementationCachedAndBitIdentical() {
        SplittableRandom rnd = new SplittableRandom(4);
        int m = 150;
        int n = 130;
        int k = 70;
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        for (Kernels kernels : new Kernels[] {Kernels.create(2), Kernels.scalar(3)}) {
            try (kernels) {
                Kernels twin = kernels.serial();
                assertThat(twin.threads()).isEqualTo(1);
                assertThat(twin.name()).isEqualTo(kernels.name());
                assertThat(twin.floatLanes()).isEqualTo(kernels.floatLanes());
                assertThat(kernels.serial()).isSameAs(twin);
                float[] c1 = new float[m * n];
                float[] c2 = new float[m * n];
                kernels.gemm(false, true, m, n, k, a, 0, k, transpose(b, k, n), 0, k, c1, 0, n, false);
                twin.gemm(false, true, m, n, k, a, 0, k, transpose(b, k, n), 0, k, c2, 0, n, false);
                assertThat(c2).isEqualTo(c1);
            }
        }
    }

    @Test
    void twinGemmsRunInsideAParallelLoopWithoutNesting() {
        SplittableRandom rnd = new SplittableRandom(5);
        int m = 96;
        int n = 96;
        int k = 96;
        int parts = 4;
        float[] a = random(rnd, parts * m * k);
        float[] b = random(rnd, k * n);
        try (Kernels kernels = Kernels.create(2)) {
            float[] expected = new float[parts * m * n];
            kernels.gemm(false, false, parts * m, n, k, a, 0, k, b, 0, n, expected, 0, n, false);
            float[] c = new float[parts * m * n];
            Kernels twin = kernels.serial();
            // each part alone is large enough that the pooled kernels would split it over threads
            kernels.pool().parallelFor(parts, 1, (from, to) -> {
                for (int p = from; p < to; p++) {
                    twin.gemm(false, false, m, n, k, a, p * m * k, k, b, 0, n, c, p * m * n, n, false);
                }
            });
            assertThat(c).isEqualTo(expected);
        }
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }
}
