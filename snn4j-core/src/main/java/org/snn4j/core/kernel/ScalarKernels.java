package org.snn4j.core.kernel;

/**
 * Plain-Java twin of {@link VectorKernels}: the same packed, cache-blocked GEMM driver
 * ({@link BlockedKernels}) with a 4×4 scalar register-blocked micro-kernel using {@link Math#fma},
 * and plain element-wise loops. GEMM, {@code axpy}, {@code scale}, {@code addRowVector} and
 * {@code sumRows} perform the same floating-point operations in the same order as the vector
 * implementation and so agree with it bit for bit; {@code dot} sums sequentially
 * ({@code s = fma(x[i], y[i], s)} for increasing {@code i}) and may differ in rounding.
 */
final class ScalarKernels extends BlockedKernels {
    private static final int MR = 4;
    private static final int NR = 4;
    private static final int MC = 128;
    private static final int NC = 2048;

    ScalarKernels(int threads) {
        super(threads, MR, NR, MC, NC);
    }

    @Override
    ScalarKernels newSerialTwin() {
        return new ScalarKernels(1);
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int floatLanes() {
        return 1;
    }

    @Override
    void macroKernel(int mb, int nb, int kb, float[] aPack, float[] bPack,
                     float[] c, int cOff, int ldc, boolean overwrite, float[] tile) {
        for (int j = 0, bIdx = 0; j < nb; j += NR, bIdx += kb * NR) {
            int w = Math.min(NR, nb - j);
            for (int i = 0, aIdx = 0; i < mb; i += MR, aIdx += kb * MR) {
                int h = Math.min(MR, mb - i);
                kernel4x4(kb, aPack, aIdx, bPack, bIdx, c, cOff + i * ldc + j, ldc, overwrite, h, w, tile);
            }
        }
    }

    private static void kernel4x4(int kb, float[] ap, int ai, float[] bp, int bi,
                                  float[] c, int ci, int ldc, boolean overwrite, int h, int w, float[] t) {
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        for (int p = 0; p < kb; p++, ai += MR, bi += NR) {
            float b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
            float a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2], a3 = ap[ai + 3];
            c00 = Math.fma(a0, b0, c00);
            c01 = Math.fma(a0, b1, c01);
            c02 = Math.fma(a0, b2, c02);
            c03 = Math.fma(a0, b3, c03);
            c10 = Math.fma(a1, b0, c10);
            c11 = Math.fma(a1, b1, c11);
            c12 = Math.fma(a1, b2, c12);
            c13 = Math.fma(a1, b3, c13);
            c20 = Math.fma(a2, b0, c20);
            c21 = Math.fma(a2, b1, c21);
            c22 = Math.fma(a2, b2, c22);
            c23 = Math.fma(a2, b3, c23);
            c30 = Math.fma(a3, b0, c30);
            c31 = Math.fma(a3, b1, c31);
            c32 = Math.fma(a3, b2, c32);
            c33 = Math.fma(a3, b3, c33);
        }
        t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03;
        t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
        t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23;
        t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
        for (int r = 0; r < h; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < w; j++) {
                c[row + j] = overwrite ? t[r * NR + j] : c[row + j] + t[r * NR + j];
            }
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        checkRange("x", x, xOff, n);
        checkRange("y", y, yOff, n);
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int off) {
        checkRange("x", x, off, n);
        for (int i = 0; i < n; i++) {
            x[off + i] *= alpha;
        }
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        checkRange("x", x, xOff, n);
        checkRange("y", y, yOff, n);
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    @Override
    public void addRowVector(int rows, int cols, float[] v, int vOff, float[] c, int cOff) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows and cols must be >= 0, got " + rows + "×" + cols);
        }
        checkRange("v", v, vOff, cols);
        checkRange("c", c, cOff, (long) rows * cols);
        if ((long) rows * cols < PARALLEL_MIN_ELEMENTS) {
            addRowVectorRange(0, rows, cols, v, vOff, c, cOff);
        } else {
            pool().parallelFor(rows, 1, (from, to) -> addRowVectorRange(from, to, cols, v, vOff, c, cOff));
        }
    }

    private static void addRowVectorRange(int from, int to, int cols, float[] v, int vOff, float[] c, int cOff) {
        for (int r = from; r < to; r++) {
            int row = cOff + r * cols;
            for (int j = 0; j < cols; j++) {
                c[row + j] += v[vOff + j];
            }
        }
    }

    @Override
    public void sumRows(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows and cols must be >= 0, got " + rows + "×" + cols);
        }
        checkRange("x", x, xOff, (long) rows * cols);
        checkRange("out", out, outOff, cols);
        if ((long) rows * cols < PARALLEL_MIN_ELEMENTS || cols < 32) {
            sumRowsRange(0, cols, rows, cols, x, xOff, out, outOff);
        } else {
            pool().parallelFor(cols, 16, (from, to) -> sumRowsRange(from, to, rows, cols, x, xOff, out, outOff));
        }
    }

    /** Column sums for columns {@code [from, to)}, each summed in row order. */
    private static void sumRowsRange(int from, int to, int rows, int cols, float[] x, int xOff,
                                     float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * cols;
            for (int j = from; j < to; j++) {
                out[outOff + j] += x[row + j];
            }
        }
    }
}
