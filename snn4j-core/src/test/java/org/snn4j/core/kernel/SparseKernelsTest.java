package org.snn4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SparseKernelsTest {
    private static final SparseKernels VECTOR = SparseKernels.create();
    private static final SparseKernels SCALAR = SparseKernels.scalar();

    /** A [rows, cols] matrix with about {@code density} of its elements non-zero. */
    static float[] sparse(SplittableRandom rnd, int rows, int cols, double density, boolean binary) {
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            if (rnd.nextDouble() < density) {
                x[i] = binary ? 1f : (float) rnd.nextDouble(-2, 2);
            }
        }
        return x;
    }

    static float[] uniform(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }

    /** Compressed rows of x: {ptr, idx, val} built with the given kernels. */
    record Compressed(int[] ptr, int[] idx, float[] val) {
    }

    static Compressed compress(SparseKernels k, float[] x, int rows, int cols) {
        int[] ptr = new int[rows + 1];
        for (int q = 0; q < rows; q++) {
            ptr[q + 1] = ptr[q] + k.countNonZero(cols, x, q * cols);
        }
        // buffers longer than needed, as layers keep them
        int[] idx = new int[ptr[rows] + 3];
        float[] val = new float[ptr[rows] + 3];
        k.compressRows(x, 0, cols, ptr, idx, val, 0, rows);
        return new Compressed(ptr, idx, val);
    }

    /** Dense reference in double: C = X·B (+ bias). */
    static double[] reference(float[] x, int rows, int in, float[] b, int n, float[] bias) {
        double[] c = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                double s = bias == null ? 0 : bias[j];
                for (int i = 0; i < in; i++) {
                    s += (double) x[r * in + i] * b[i * n + j];
                }
                c[r * n + j] = s;
            }
        }
        return c;
    }

    static void assertClose(float[] actual, double[] expected, double tol) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            if (Math.abs(actual[i] - expected[i]) > tol * scale) {
                throw new AssertionError("element " + i + ": " + actual[i] + " vs expected " + expected[i]);
            }
        }
    }

    @Test
    void countNonZeroCountsEverythingButSignedZeros() {
        float[] x = {0f, -0f, 1f, Float.NaN, -3f, 0f, Float.POSITIVE_INFINITY, 0f, 0f, 1e-30f, 0f};
        for (SparseKernels k : List.of(VECTOR, SCALAR)) {
            assertThat(k.countNonZero(x.length, x, 0)).isEqualTo(5);
            assertThat(k.countNonZero(4, x, 1)).isEqualTo(3);
            assertThat(k.countNonZero(0, x, 11)).isZero();
        }
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : new int[] {1, 7, 8, 9, 31, 100, 1001}) {
            float[] a = sparse(rnd, 1, n + 5, 0.3, false);
            int expected = 0;
            for (int i = 2; i < n + 2; i++) {
                expected += a[i] != 0f ? 1 : 0;
            }
            assertThat(VECTOR.countNonZero(n, a, 2)).as("n=" + n).isEqualTo(expected);
            assertThat(SCALAR.countNonZero(n, a, 2)).as("n=" + n).isEqualTo(expected);
        }
        assertThatThrownBy(() -> VECTOR.countNonZero(5, x, 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compressRowsListsNonZerosInColumnOrder() {
        float[] x = {
            0, 2, 0, 0, -1, 0, 0, 0, 0, 3,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            5, 0, 0, 0, 0, 0, 0, 0, 0, 0.5f,
        };
        for (SparseKernels k : List.of(VECTOR, SCALAR)) {
            Compressed c = compress(k, x, 3, 10);
            assertThat(c.ptr()).containsExactly(0, 3, 3, 5);
            assertThat(java.util.Arrays.copyOf(c.idx(), 5)).containsExactly(1, 4, 9, 0, 9);
            assertThat(java.util.Arrays.copyOf(c.val(), 5)).containsExactly(2f, -1f, 3f, 5f, 0.5f);
        }
        int[] wrongPtr = {0, 2, 2, 4};
        assertThatThrownBy(() -> VECTOR.compressRows(x, 0, 10, wrongPtr, new int[8], new float[8], 0, 3))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("row 0 holds 3 non-zeros");
        assertThatThrownBy(() -> VECTOR.compressRows(x, 0, 10, new int[] {0, 3, 3, 5}, new int[4], new float[8], 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 5");
    }

    @Test
    void compressingOneRowNeverWritesIntoTheNextRowsSlots() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (double density : new double[] {0.05, 0.3, 0.7, 1.0}) {
            int rows = 40;
            int cols = 53;
            float[] x = sparse(rnd, rows, cols, density, false);
            for (SparseKernels k : List.of(VECTOR, SCALAR)) {
                Compressed whole = compress(k, x, rows, cols);
                int[] idx = new int[whole.idx().length];
                float[] val = new float[whole.val().length];
                // last row first: a row that spilled past its slots would overwrite its successor
                for (int q = rows - 1; q >= 0; q--) {
                    k.compressRows(x, 0, cols, whole.ptr(), idx, val, q, q + 1);
                }
                assertThat(idx).as(k.name() + " density " + density).isEqualTo(whole.idx());
                assertThat(val).as(k.name() + " density " + density).isEqualTo(whole.val());
            }
        }
    }

    static List<int[]> shapes() {
        // rows, in, n: n below, at and above lane multiples, and not a multiple of the 4-entry group
        return List.of(new int[] {1, 1, 1}, new int[] {3, 5, 7}, new int[] {4, 13, 8}, new int[] {5, 17, 9},
                new int[] {7, 33, 10}, new int[] {6, 40, 31}, new int[] {9, 64, 33}, new int[] {3, 100, 67},
                new int[] {2, 30, 130});
    }

    static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        double[] densities = {0, 0.01, 0.1, 0.5, 1.0};
        int v = 0;
        for (int[] s : shapes()) {
            for (double d : densities) {
                cases.add(new Object[] {s[0], s[1], s[2], d, (v++ & 1) == 0});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "rows={0} in={1} n={2} density={3} binary={4}")
    @MethodSource("cases")
    void accumulateRowsEqualsDenseProductAndTwinsAgreeBitForBit(int rows, int in, int n, double density,
                                                                boolean binary) {
        SplittableRandom rnd = new SplittableRandom(rows * 1000L + in * 10L + n + (long) (density * 100));
        float[] x = sparse(rnd, rows, in, density, binary);
        float[] w = uniform(rnd, in * n);
        float[] bias = uniform(rnd, n);
        double[] expected = reference(x, rows, in, w, n, bias);
        float[] vector = new float[rows * n];
        float[] scalar = new float[rows * n];
        java.util.Arrays.fill(vector, 99f);
        java.util.Arrays.fill(scalar, 99f);
        Compressed cv = compress(VECTOR, x, rows, in);
        Compressed cs = compress(SCALAR, x, rows, in);
        assertThat(cv.ptr()).isEqualTo(cs.ptr());
        VECTOR.accumulateRows(cv.ptr(), cv.idx(), cv.val(), w, 0, n, n, bias, 0, false, vector, 0, n, 0, rows);
        SCALAR.accumulateRows(cs.ptr(), cs.idx(), cs.val(), w, 0, n, n, bias, 0, false, scalar, 0, n, 0, rows);
        assertClose(vector, expected, 1e-5);
        assertThat(vector).isEqualTo(scalar);

        // split rows in two ranges, no bias: same values as one call
        float[] split = new float[rows * n];
        float[] whole = new float[rows * n];
        int mid = rows / 2;
        VECTOR.accumulateRows(cv.ptr(), cv.idx(), cv.val(), w, 0, n, n, null, 0, false, split, 0, n, 0, mid);
        VECTOR.accumulateRows(cv.ptr(), cv.idx(), cv.val(), w, 0, n, n, null, 0, false, split, 0, n, mid, rows);
        VECTOR.accumulateRows(cv.ptr(), cv.idx(), cv.val(), w, 0, n, n, null, 0, false, whole, 0, n, 0, rows);
        assertThat(split).isEqualTo(whole);
        assertClose(whole, reference(x, rows, in, w, n, null), 1e-5);
    }

    @Test
    void accumulateRowsHonoursOffsetsStridesAndAccumulate() {
        SplittableRandom rnd = new SplittableRandom(11);
        int rows = 5;
        int in = 21;
        int n = 11;
        int ldb = 14;
        int ldc = 13;
        float[] x = sparse(rnd, rows, in, 0.3, false);
        float[] wDense = uniform(rnd, in * n);
        float[] b = new float[3 + in * ldb];
        for (int i = 0; i < in; i++) {
            System.arraycopy(wDense, i * n, b, 3 + i * ldb, n);
        }
        float[] bias = uniform(rnd, n + 2);
        float[] initial = uniform(rnd, 2 + rows * ldc);
        double[] product = reference(x, rows, in, wDense, n, null);
        for (SparseKernels k : List.of(VECTOR, SCALAR)) {
            Compressed cx = compress(k, x, rows, in);
            float[] c = initial.clone();
            k.accumulateRows(cx.ptr(), cx.idx(), cx.val(), b, 3, ldb, n, null, 0, true, c, 2, ldc, 0, rows);
            float[] withBias = initial.clone();
            k.accumulateRows(cx.ptr(), cx.idx(), cx.val(), b, 3, ldb, n, bias, 2, false, withBias, 2, ldc, 0, rows);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < ldc; j++) {
                    int at = 2 + r * ldc + j;
                    if (j < n) {
                        assertThat((double) c[at]).isCloseTo(initial[at] + product[r * n + j],
                                org.assertj.core.data.Offset.offset(1e-5));
                        assertThat((double) withBias[at]).isCloseTo(bias[2 + j] + product[r * n + j],
                                org.assertj.core.data.Offset.offset(1e-5));
                    } else {
                        assertThat(c[at]).as("padding untouched").isEqualTo(initial[at]);
                        assertThat(withBias[at]).as("padding untouched").isEqualTo(initial[at]);
                    }
                }
            }
            assertThat(c[0]).isEqualTo(initial[0]);
            assertThat(c[1]).isEqualTo(initial[1]);
            assertThatThrownBy(() -> k.accumulateRows(cx.ptr(), cx.idx(), cx.val(), b, 3, ldb, n, bias, 0, true,
                    c, 2, ldc, 0, rows)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
            assertThatThrownBy(() -> k.accumulateRows(cx.ptr(), cx.idx(), cx.val(), b, 3, ldb, n, null, 0, false,
                    c, 2, ldc, 0, rows + 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> k.accumulateRows(cx.ptr(), cx.idx(), cx.val(), b, 3, ldb, n, null, 0, false,
                    new float[rows * ldc - 1], 2, ldc, 0, rows)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void transposeGivesColumnListsInRowOrder() {
        float[] x = {
            0, 2, 0, 4,
            1, 0, 0, 5,
            0, 3, 0, 6,
        };
        Compressed c = compress(VECTOR, x, 3, 4);
        int[] tPtr = new int[5];
        int[] tIdx = new int[6];
        float[] tVal = new float[6];
        SparseKernels.transpose(3, 4, c.ptr(), c.idx(), c.val(), tPtr, tIdx, tVal);
        assertThat(tPtr).containsExactly(0, 1, 3, 3, 6);
        assertThat(tIdx).containsExactly(1, 0, 2, 0, 1, 2);
        assertThat(tVal).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);
        assertThatThrownBy(() -> SparseKernels.transpose(3, 4, c.ptr(), c.idx(), c.val(), tPtr, new int[5], tVal))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 6");
    }

    @ParameterizedTest(name = "density={0}")
    @MethodSource("densities")
    void weightGradientFromTransposedInputEqualsDenseProduct(double density) {
        SplittableRandom rnd = new SplittableRandom(5);
        int rows = 37;
        int in = 29;
        int out = 19;
        float[] x = sparse(rnd, rows, in, density, false);
        float[] g = uniform(rnd, rows * out);
        float[] initial = uniform(rnd, in * out);
        // reference dW = initial + Xᵀ·G
        double[] expected = new double[in * out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                double s = initial[i * out + j];
                for (int r = 0; r < rows; r++) {
                    s += (double) x[r * in + i] * g[r * out + j];
                }
                expected[i * out + j] = s;
            }
        }
        float[][] results = new float[2][];
        int at = 0;
        for (SparseKernels k : List.of(VECTOR, SCALAR)) {
            Compressed c = compress(k, x, rows, in);
            int nnz = c.ptr()[rows];
            int[] tPtr = new int[in + 1];
            int[] tIdx = new int[nnz];
            float[] tVal = new float[nnz];
            SparseKernels.transpose(rows, in, c.ptr(), c.idx(), c.val(), tPtr, tIdx, tVal);
            float[] dw = initial.clone();
            k.accumulateRows(tPtr, tIdx, tVal, g, 0, out, out, null, 0, true, dw, 0, out, 0, in);
            assertClose(dw, expected, 1e-5);
            results[at++] = dw;
        }
        assertThat(results[0]).isEqualTo(results[1]);
    }

    static double[] densities() {
        return new double[] {0, 0.01, 0.1, 0.5, 1.0};
    }

    @Test
    void csrFromDenseDropsExactZerosAndRoundTrips() {
        float[] d = {
            0, 1, 0, -0f,
            0, 0, 0, 0,
            2, Float.NaN, 0, 3,
        };
        CsrMatrix m = CsrMatrix.fromDense(3, 4, d, 0);
        assertThat(m.rowPtr()).containsExactly(0, 1, 1, 4);
        assertThat(m.colIdx()).containsExactly(1, 0, 1, 3);
        assertThat(m.values()).containsExactly(1f, 2f, Float.NaN, 3f);
        assertThat(m.nnz()).isEqualTo(4);
        assertThat(m.density()).isEqualTo(4.0 / 12);
        float[] back = m.toDense();
        assertThat(back[1]).isEqualTo(1f);
        assertThat(back[3]).isEqualTo(0f);
        assertThat(Float.isNaN(back[9])).isTrue();
        assertThat(CsrMatrix.fromDense(3, 4, back, 0)).isEqualTo(m);
        float[] padded = new float[2 + 12];
        System.arraycopy(d, 0, padded, 2, 12);
        assertThat(CsrMatrix.fromDense(3, 4, padded, 2)).isEqualTo(m);
        assertThat(CsrMatrix.fromDense(0, 5, new float[0], 0).nnz()).isZero();
    }

    @Test
    void csrValidationNamesTheBadValue() {
        assertThatThrownBy(() -> new CsrMatrix(-1, 2, new int[0], new int[0], new float[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new CsrMatrix(2, 2, new int[] {0, 1}, new int[] {0}, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows + 1 = 3");
        assertThatThrownBy(() -> new CsrMatrix(1, 2, new int[] {0, 1}, new int[] {0}, new float[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same length");
        assertThatThrownBy(() -> new CsrMatrix(1, 2, new int[] {1, 1}, new int[] {0}, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowPtr[0] must be 0");
        assertThatThrownBy(() -> new CsrMatrix(1, 2, new int[] {0, 2}, new int[] {0}, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must equal the number of entries 1");
        assertThatThrownBy(() -> new CsrMatrix(2, 2, new int[] {0, 2, 1}, new int[] {0}, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-decreasing");
        assertThatThrownBy(() -> new CsrMatrix(1, 3, new int[] {0, 2}, new int[] {2, 1}, new float[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column index 1");
        assertThatThrownBy(() -> new CsrMatrix(1, 3, new int[] {0, 1}, new int[] {3}, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column index 3");
        assertThatThrownBy(() -> CsrMatrix.fromDense(2, 3, new float[5], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @ParameterizedTest(name = "rows={0} in={1} n={2} density={3} binary={4}")
    @MethodSource("cases")
    void csrProductEqualsDenseWeightProduct(int rows, int in, int n, double density, boolean binary) {
        SplittableRandom rnd = new SplittableRandom(77 + rows + in + n);
        float[] x = sparse(rnd, rows, in, density, binary);
        float[] w = sparse(rnd, in, n, 0.2, false);
        float[] bias = uniform(rnd, n);
        CsrMatrix csr = CsrMatrix.fromDense(in, n, w, 0);
        for (SparseKernels k : List.of(VECTOR, SCALAR)) {
            Compressed cx = compress(k, x, rows, in);
            float[] viaCsr = new float[rows * n];
            float[] viaDense = new float[rows * n];
            k.csrAccumulateRows(cx.ptr(), cx.idx(), cx.val(), csr, bias, 0, viaCsr, 0, n, 0, rows);
            k.accumulateRows(cx.ptr(), cx.idx(), cx.val(), w, 0, n, n, bias, 0, false, viaDense, 0, n, 0, rows);
            for (int e = 0; e < viaCsr.length; e++) {
                // exact up to the sign of zero (skipped zero-weight terms leave a finite sum unchanged)
                assertThat(viaCsr[e] == viaDense[e]).as("element " + e + ": " + viaCsr[e] + " vs " + viaDense[e])
                        .isTrue();
            }
            assertClose(viaCsr, reference(x, rows, in, w, n, bias), 1e-5);
        }
    }
}
