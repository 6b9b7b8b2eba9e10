package org.snn4j.core.kernel;

/**
 * Event-driven kernels for products whose left operand is sparse (spikes): instead of a dense
 * GEMM, each output row accumulates the rows of the right operand selected by the non-zero entries
 * of its input row.
 *
 * <p>A sparse matrix {@code X: [rows, cols]} is handed over in compressed row form
 * {@code (ptr, idx, val)}: row {@code q} holds the entries {@code (idx[p], val[p])},
 * {@code p ∈ [ptr[q], ptr[q+1])}, columns in increasing order ({@link #compressRows} builds it,
 * {@link #transpose} turns it into the compressed form of {@code Xᵀ}). The arrays may be longer
 * than needed (grow-only buffers).
 *
 * <p>All methods work on a row range {@code [from, to)} and write only the rows of that range, so
 * callers parallelise by splitting rows over {@link ThreadPool#parallelFor}; nothing here uses a
 * pool. Every output element is computed by one fixed sequence of fused multiply-adds (documented
 * per method), the same in the vector implementation and the scalar twin, so both agree bit for
 * bit and results do not depend on how rows are split over threads.
 *
 * <p>Contract for all methods: arrays are never retained; only the documented output is mutated.
 */
public interface SparseKernels {

    /** The vector implementation when {@link Simd#enabled()}, else the scalar one. */
    static SparseKernels create() {
        return Simd.enabled() ? SparseKernelsVector.INSTANCE : SparseKernelsScalar.INSTANCE;
    }

    /** The scalar twin. */
    static SparseKernels scalar() {
        return SparseKernelsScalar.INSTANCE;
    }

    /** {@code "vector"} or {@code "scalar"}. */
    String name();

    /**
     * Counts the elements {@code x[off + i]}, {@code i < n}, that are not {@code ±0f} (NaN counts
     * as non-zero).
     */
    int countNonZero(int n, float[] x, int off);

    /**
     * Compresses rows {@code [from, to)} of the dense row-major matrix {@code X[q, j] =
     * x[xOff + q·cols + j]}: for each row {@code q} writes the columns and values of its non-zero
     * elements, in increasing column order, to {@code idx[ptr[q]…]} and {@code val[ptr[q]…]}.
     * {@code ptr} must already hold the row offsets ({@code ptr[q+1] − ptr[q]} = the row's count of
     * non-zeros, e.g. from {@link #countNonZero}); only {@code idx} and {@code val} are written.
     *
     * @throws IllegalStateException if a row holds a different number of non-zeros than {@code ptr} says
     */
    void compressRows(float[] x, int xOff, int cols, int[] ptr, int[] idx, float[] val, int from, int to);

    /**
     * Sparse × dense accumulate for rows {@code q ∈ [from, to)} and columns {@code j < n}:
     * <pre>
     *   s = accumulate ? C[q, j] : (bias != null ? bias[biasOff + j] : 0)
     *   for p = ptr[q] … ptr[q+1] − 1 (increasing):  s = fma(val[p], B[idx[p], j], s)
     *   C[q, j] = s
     * </pre>
     * where {@code B[i, j] = b[bOff + i·ldb + j]} and {@code C[q, j] = c[cOff + q·ldc + j]}. With
     * {@code (ptr, idx, val)} the compressed rows of an input X and B a weight {@code W: [in, out]},
     * this is {@code C = X·W + bias} computed from the active inputs only; with the compressed rows
     * of {@code Xᵀ} and B a gradient {@code G}, it is the weight gradient {@code dW += Xᵀ·G}.
     * Writes only {@code C} rows {@code [from, to)}, columns {@code [0, n)}.
     *
     * @throws IllegalArgumentException if {@code accumulate} and a bias are both given, or a range is invalid
     */
    void accumulateRows(int[] ptr, int[] idx, float[] val, float[] b, int bOff, int ldb, int n,
                        float[] bias, int biasOff, boolean accumulate, float[] c, int cOff, int ldc,
                        int from, int to);

    /**
     * Sparse × CSR product for rows {@code q ∈ [from, to)}, {@code n = w.cols()}:
     * <pre>
     *   C[q, j] = bias != null ? bias[biasOff + j] : 0                       for all j &lt; n
     *   for p = ptr[q] … ptr[q+1] − 1 (increasing), i = idx[p]:
     *     for e = w.rowPtr[i] … w.rowPtr[i+1] − 1:  C[q, w.colIdx[e]] = fma(val[p], w.values[e], C[q, w.colIdx[e]])
     * </pre>
     * with {@code C[q, j] = c[cOff + q·ldc + j]}. For finite inputs each element sees the same
     * sequence as {@link #accumulateRows} over the dense form of {@code w}, minus the terms with a
     * zero weight (which leave a finite sum unchanged), so the two agree exactly up to the sign of
     * zero. Writes only {@code C} rows {@code [from, to)}, columns {@code [0, n)}.
     */
    void csrAccumulateRows(int[] ptr, int[] idx, float[] val, CsrMatrix w, float[] bias, int biasOff,
                           float[] c, int cOff, int ldc, int from, int to);

    /**
     * The compressed form of {@code Xᵀ: [cols, rows]} from the compressed rows of
     * {@code X: [rows, cols]} (a stable counting sort, O(rows + cols + nnz)): row {@code i} of the
     * result lists the rows {@code q} with {@code X[q, i] ≠ 0} in increasing {@code q}, with their
     * values. Writes {@code tPtr[0…cols]}, {@code tIdx[0…nnz)}, {@code tVal[0…nnz)}.
     */
    static void transpose(int rows, int cols, int[] ptr, int[] idx, float[] val,
                          int[] tPtr, int[] tIdx, float[] tVal) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows and cols must be >= 0, got " + rows + "×" + cols);
        }
        if (ptr.length < rows + 1 || tPtr.length < cols + 1) {
            throw new IllegalArgumentException("row pointers too short: ptr has " + ptr.length + " (need "
                    + (rows + 1) + "), tPtr has " + tPtr.length + " (need " + (cols + 1) + ")");
        }
        int nnz = ptr[rows];
        if (tIdx.length < nnz || tVal.length < nnz) {
            throw new IllegalArgumentException("transposed buffers hold " + Math.min(tIdx.length, tVal.length)
                    + " entries, need " + nnz);
        }
        java.util.Arrays.fill(tPtr, 0, cols + 1, 0);
        for (int p = 0; p < nnz; p++) {
            tPtr[idx[p] + 1]++;
        }
        for (int i = 0; i < cols; i++) {
            tPtr[i + 1] += tPtr[i];
        }
        // tPtr[i] now is the start of row i; advance a cursor per row while filling, then shift back.
        for (int q = 0; q < rows; q++) {
            for (int p = ptr[q]; p < ptr[q + 1]; p++) {
                int dst = tPtr[idx[p]]++;
                tIdx[dst] = q;
                tVal[dst] = val[p];
            }
        }
        for (int i = cols; i > 0; i--) {
            tPtr[i] = tPtr[i - 1];
        }
        tPtr[0] = 0;
    }
}
