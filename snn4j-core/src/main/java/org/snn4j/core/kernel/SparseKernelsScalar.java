package org.snn4j.core.kernel;

/**
 * Plain-Java twin of {@link SparseKernelsVector}: the same passes over each output row (four
 * active entries fused per pass), each element accumulated with {@link Math#fma} over the active
 * entries in increasing order, so both implementations agree bit for bit.
 */
final class SparseKernelsScalar extends SparseKernelsBase {
    static final SparseKernelsScalar INSTANCE = new SparseKernelsScalar();
    /** Active entries fused into one pass over an output row. */
    static final int GROUP = 4;

    private SparseKernelsScalar() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    int countNonZeroUnchecked(int n, float[] x, int off) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (x[off + i] != 0f) {
                count++;
            }
        }
        return count;
    }

    @Override
    int compressRow(float[] x, int xOff, int cols, int[] idx, float[] val, int start, int limit) {
        int p = start;
        for (int j = 0; j < cols; j++) {
            float v = x[xOff + j];
            if (v != 0f) {
                idx[p] = j;
                val[p] = v;
                p++;
            }
        }
        return p;
    }

    @Override
    void accumulateRowsUnchecked(int[] ptr, int[] idx, float[] val, float[] b, int bOff, int ldb, int n,
                                 float[] bias, int biasOff, boolean accumulate, float[] c, int cOff, int ldc,
                                 int from, int to) {
        for (int q = from; q < to; q++) {
            int ci = cOff + q * ldc;
            initRow(bias, biasOff, accumulate, c, ci, n);
            int p = ptr[q];
            int p1 = ptr[q + 1];
            for (; p + GROUP <= p1; p += GROUP) {
                float a0 = val[p];
                float a1 = val[p + 1];
                float a2 = val[p + 2];
                float a3 = val[p + 3];
                int b0 = bOff + idx[p] * ldb;
                int b1 = bOff + idx[p + 1] * ldb;
                int b2 = bOff + idx[p + 2] * ldb;
                int b3 = bOff + idx[p + 3] * ldb;
                for (int j = 0; j < n; j++) {
                    float s = c[ci + j];
                    s = Math.fma(a0, b[b0 + j], s);
                    s = Math.fma(a1, b[b1 + j], s);
                    s = Math.fma(a2, b[b2 + j], s);
                    s = Math.fma(a3, b[b3 + j], s);
                    c[ci + j] = s;
                }
            }
            for (; p < p1; p++) {
                float a0 = val[p];
                int b0 = bOff + idx[p] * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(a0, b[b0 + j], c[ci + j]);
                }
            }
        }
    }

    /** Sets {@code c[ci … ci+n)} to the bias, to zero, or (accumulate) leaves it. */
    static void initRow(float[] bias, int biasOff, boolean accumulate, float[] c, int ci, int n) {
        if (accumulate) {
            return;
        }
        if (bias != null) {
            System.arraycopy(bias, biasOff, c, ci, n);
        } else {
            java.util.Arrays.fill(c, ci, ci + n, 0f);
        }
    }

    @Override
    void csrAccumulateRowsUnchecked(int[] ptr, int[] idx, float[] val, CsrMatrix w, float[] bias, int biasOff,
                                    float[] c, int cOff, int ldc, int from, int to) {
        csrRows(ptr, idx, val, w, bias, biasOff, c, cOff, ldc, from, to);
    }

    /** The scalar CSR loop, shared with the vector implementation for short CSR rows. */
    static void csrRows(int[] ptr, int[] idx, float[] val, CsrMatrix w, float[] bias, int biasOff,
                        float[] c, int cOff, int ldc, int from, int to) {
        int n = w.cols();
        int[] rowPtr = w.rowPtr();
        int[] colIdx = w.colIdx();
        float[] values = w.values();
        for (int q = from; q < to; q++) {
            int ci = cOff + q * ldc;
            initRow(bias, biasOff, false, c, ci, n);
            for (int p = ptr[q], p1 = ptr[q + 1]; p < p1; p++) {
                float v = val[p];
                int i = idx[p];
                for (int e = rowPtr[i], e1 = rowPtr[i + 1]; e < e1; e++) {
                    int k = ci + colIdx[e];
                    c[k] = Math.fma(v, values[e], c[k]);
                }
            }
        }
    }
}
