package org.snn4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector dot product adds its lanes in a fixed order (two accumulators per lane, then lane 0,
 * 1, … in order, then the tail), so its float result is pinned — not left to the unspecified order
 * of {@code reduceLanes}, which differed between interpreted and compiled code and made training
 * runs with the same seed differ.
 */
class DotOrderTest {

    @Test
    void vectorDotAddsTheLanesInLaneOrder() {
        Kernels k = Kernels.create(1);
        int lanes = Simd.floatLanes();
        SplittableRandom r = new SplittableRandom(3);
        for (int n : new int[] {1, 7, 2 * lanes - 1, 2 * lanes + 3, 5 * lanes + 1, 1000}) {
            float[] x = new float[n];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1) * (i % 5 == 0 ? 1000 : 1);
                y[i] = (float) (r.nextDouble() * 2 - 1);
            }
            assertThat(k.dot(n, x, 0, y, 0)).as("n = %d", n).isEqualTo(expected(n, x, y, lanes));
        }
        k.close();
    }

    /** The documented order, evaluated in scalar code. */
    private static float expected(int n, float[] x, float[] y, int lanes) {
        if (lanes == 1) {
            float s = 0;
            for (int i = 0; i < n; i++) {
                s = Math.fma(x[i], y[i], s);
            }
            return s;
        }
        float[] acc0 = new float[lanes];
        float[] acc1 = new float[lanes];
        int bound2 = n - n % (2 * lanes);
        int i = 0;
        for (; i < bound2; i += 2 * lanes) {
            for (int l = 0; l < lanes; l++) {
                acc0[l] = Math.fma(x[i + l], y[i + l], acc0[l]);
                acc1[l] = Math.fma(x[i + lanes + l], y[i + lanes + l], acc1[l]);
            }
        }
        int bound = n - n % lanes;
        for (; i < bound; i += lanes) {
            for (int l = 0; l < lanes; l++) {
                acc0[l] = Math.fma(x[i + l], y[i + l], acc0[l]);
            }
        }
        float s = acc0[0] + acc1[0];
        for (int l = 1; l < lanes; l++) {
            s += acc0[l] + acc1[l];
        }
        for (; i < n; i++) {
            s = Math.fma(x[i], y[i], s);
        }
        return s;
    }
}
