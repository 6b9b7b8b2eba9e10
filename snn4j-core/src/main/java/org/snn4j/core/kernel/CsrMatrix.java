package org.snn4j.core.kernel;

import java.util.Arrays;

/**
 * An immutable-by-convention sparse matrix in compressed sparse row (CSR) form: row {@code i}
 * holds the entries {@code (colIdx[p], values[p])} for {@code p ∈ [rowPtr[i], rowPtr[i+1])}, in
 * strictly increasing column order; every other element is zero. Used for pruned weight matrices
 * laid out by presynaptic row ({@code [in, out]}), so row {@code i} lists the synapses of input
 * {@code i}.
 *
 * <p>The compact constructor validates the structure in {@code O(rows + nnz)} and keeps the given
 * arrays (no copy): callers must not modify them afterwards. {@link #fromDense} drops exact zeros
 * ({@code +0f} and {@code -0f}); NaN and infinities are kept as entries. {@link #equals} compares
 * the shape and the array contents.
 *
 * @param rows   number of rows, ≥ 0
 * @param cols   number of columns, ≥ 0
 * @param rowPtr row start offsets, length {@code rows + 1}, {@code rowPtr[0] = 0}, non-decreasing,
 *               {@code rowPtr[rows] = nnz}
 * @param colIdx column of each entry, length nnz, each in {@code [0, cols)}, strictly increasing
 *               within a row
 * @param values value of each entry, length nnz
 */
public record CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {

    public CsrMatrix {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("CSR matrix rows and cols must be >= 0, got " + rows + "×" + cols);
        }
        if (rowPtr == null || colIdx == null || values == null) {
            throw new IllegalArgumentException("CSR matrix arrays must not be null");
        }
        if (rowPtr.length != rows + 1) {
            throw new IllegalArgumentException("CSR rowPtr must have rows + 1 = " + (rows + 1)
                    + " entries, got " + rowPtr.length);
        }
        if (colIdx.length != values.length) {
            throw new IllegalArgumentException("CSR colIdx and values must have the same length, got "
                    + colIdx.length + " and " + values.length);
        }
        if (rowPtr[0] != 0) {
            throw new IllegalArgumentException("CSR rowPtr[0] must be 0, got " + rowPtr[0]);
        }
        if (rowPtr[rows] != colIdx.length) {
            throw new IllegalArgumentException("CSR rowPtr[rows] must equal the number of entries "
                    + colIdx.length + ", got " + rowPtr[rows]);
        }
        for (int i = 0; i < rows; i++) {
            if (rowPtr[i + 1] < rowPtr[i]) {
                throw new IllegalArgumentException("CSR rowPtr must be non-decreasing, got rowPtr[" + i + "] = "
                        + rowPtr[i] + " > rowPtr[" + (i + 1) + "] = " + rowPtr[i + 1]);
            }
        }
        for (int i = 0; i < rows; i++) {
            int from = rowPtr[i];
            int to = rowPtr[i + 1];
            int prev = -1;
            for (int p = from; p < to; p++) {
                int c = colIdx[p];
                if (c <= prev || c >= cols) {
                    throw new IllegalArgumentException("CSR column index " + c + " at entry " + p + " (row " + i
                            + ") must be in [" + (prev + 1) + ", " + cols + ") (in range, strictly increasing)");
                }
                prev = c;
            }
        }
    }

    /**
     * The CSR form of the dense row-major {@code [rows, cols]} matrix stored at
     * {@code dense[off + i·cols + j]}, keeping every element that is not {@code ±0f}.
     */
    public static CsrMatrix fromDense(int rows, int cols, float[] dense, int off) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("CSR matrix rows and cols must be >= 0, got " + rows + "×" + cols);
        }
        long size = (long) rows * cols;
        if (off < 0 || off + size > dense.length) {
            throw new IllegalArgumentException("dense matrix of " + rows + "×" + cols + " at offset " + off
                    + " does not fit an array of " + dense.length + " values");
        }
        int nnz = 0;
        for (long e = 0; e < size; e++) {
            if (dense[(int) (off + e)] != 0f) {
                nnz++;
            }
        }
        int[] rowPtr = new int[rows + 1];
        int[] colIdx = new int[nnz];
        float[] values = new float[nnz];
        int p = 0;
        for (int i = 0; i < rows; i++) {
            int base = off + i * cols;
            for (int j = 0; j < cols; j++) {
                float v = dense[base + j];
                if (v != 0f) {
                    colIdx[p] = j;
                    values[p] = v;
                    p++;
                }
            }
            rowPtr[i + 1] = p;
        }
        return new CsrMatrix(rows, cols, rowPtr, colIdx, values);
    }

    /** Number of stored entries. */
    public int nnz() {
        return colIdx.length;
    }

    /** Stored entries over all elements, {@code nnz / (rows·cols)}; 0 for an empty shape. */
    public double density() {
        long size = (long) rows * cols;
        return size == 0 ? 0.0 : (double) nnz() / size;
    }

    /** A new dense row-major {@code [rows, cols]} array holding this matrix. */
    public float[] toDense() {
        float[] d = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < rows; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                d[i * cols + colIdx[p]] = values[p];
            }
        }
        return d;
    }

    @Override
    public String toString() {
        return "CsrMatrix[" + rows + "×" + cols + ", nnz=" + nnz() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsrMatrix m && rows == m.rows && cols == m.cols && Arrays.equals(rowPtr, m.rowPtr)
                && Arrays.equals(colIdx, m.colIdx) && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(rowPtr) + Arrays.hashCode(colIdx)) + Arrays.hashCode(values);
    }
}
