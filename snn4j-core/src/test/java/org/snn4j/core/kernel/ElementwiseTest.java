package org.snn4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
    private static Kernels vector;
    private static Kernels scalar;

    @BeforeAll
    static void setUp() {
        vector = Kernels.create(2);
        scalar = Kernels.scalar(2);
    }

    @AfterAll
    static void tearDown() {
        vector.close();
        scalar.close();
    }

    private static float[] random(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 4 - 2);
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 15, 16, 17, 31, 32, 33, 97, 1000})
    void axpyScaleDot(int n) {
        int xOff = 3;
        int yOff = 5;
        float[] x = random(n, n + xOff + 2);
        float[] y = random(n + 1000, n + yOff + 1);
        float[] yv = y.clone();
        float[] ys = y.clone();
        vector.axpy(n, 0.75f, x, xOff, yv, yOff);
        scalar.axpy(n, 0.75f, x, xOff, ys, yOff);
        float[] expected = y.clone();
        for (int i = 0; i < n; i++) {
            expected[yOff + i] = Math.fma(0.75f, x[xOff + i], y[yOff + i]);
        }
        assertThat(yv).isEqualTo(expected);
        assertThat(ys).isEqualTo(expected);

        float[] xv = x.clone();
        float[] xs = x.clone();
        vector.scale(n, -1.5f, xv, xOff);
        scalar.scale(n, -1.5f, xs, xOff);
        float[] scaled = x.clone();
        for (int i = 0; i < n; i++) {
            scaled[xOff + i] = x[xOff + i] * -1.5f;
        }
        assertThat(xv).isEqualTo(scaled);
        assertThat(xs).isEqualTo(scaled);

        double ref = 0;
        double mag = 0;
        for (int i = 0; i < n; i++) {
            ref += (double) x[xOff + i] * y[yOff + i];
            mag += Math.abs((double) x[xOff + i] * y[yOff + i]);
        }
        double tol = 1e-6 * (n + 1) * mag + 1e-30;
        assertThat((double) vector.dot(n, x, xOff, y, yOff)).isCloseTo(ref, Offset.offset(tol));
        assertThat((double) scalar.dot(n, x, xOff, y, yOff)).isCloseTo(ref, Offset.offset(tol));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 15, 16, 17, 33, 63, 64, 65, 97, 500})
    void addRowVectorAndSumRowsMatchSequentialLoops(int cols) {
        for (int rows : new int[] {0, 1, 3, 300}) {
            int vOff = 2;
            int cOff = 4;
            float[] v = random(cols, cols + vOff);
            float[] c = random(rows * 31L + cols, rows * cols + cOff + 3);
            float[] expected = c.clone();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    expected[cOff + r * cols + j] += v[vOff + j];
                }
            }
            float[] cv = c.clone();
            float[] cs = c.clone();
            vector.addRowVector(rows, cols, v, vOff, cv, cOff);
            scalar.addRowVector(rows, cols, v, vOff, cs, cOff);
            assertThat(cv).as("vector addRowVector %dx%d", rows, cols).isEqualTo(expected);
            assertThat(cs).as("scalar addRowVector %dx%d", rows, cols).isEqualTo(expected);

            float[] out = random(7L * cols + 1, cols + vOff + 1);
            float[] sums = out.clone();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    sums[vOff + j] += c[cOff + r * cols + j];
                }
            }
            float[] ov = out.clone();
            float[] os = out.clone();
            vector.sumRows(rows, cols, c, cOff, ov, vOff);
            scalar.sumRows(rows, cols, c, cOff, os, vOff);
            assertThat(ov).as("vector sumRows %dx%d", rows, cols).isEqualTo(sums);
            assertThat(os).as("scalar sumRows %dx%d", rows, cols).isEqualTo(sums);
        }
    }

    @Test
    void rejectsRangesOutsideTheArrays() {
        float[] x = new float[8];
        assertThatThrownBy(() -> vector.axpy(8, 1f, x, 1, new float[8], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x range [1, 9)");
        assertThatThrownBy(() -> scalar.scale(-1, 1f, x, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got -1");
        assertThatThrownBy(() -> vector.sumRows(3, 3, x, 0, x, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x range [0, 9)");
        assertThatThrownBy(() -> scalar.addRowVector(2, -4, x, 0, x, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2×-4");
    }
}
