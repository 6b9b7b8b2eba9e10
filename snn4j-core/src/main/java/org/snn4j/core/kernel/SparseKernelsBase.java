package org.snn4j.core.kernel;

/**
 * Argument checks shared by both {@link SparseKernels} implementations: each public method checks
 * its ranges once here and then calls the implementation's unchecked loop.
 */
abstract class SparseKernelsBase implements SparseKernels {

    @Override
    public final int countNonZero(int n, float[] x, int off) {
        checkRange("x", x, off, n);
        return countNonZeroUnchecked(n, x, off);
    }

    @Override
    public final void compressRows(float[] x, int xOff, int cols, int[] ptr, int[] idx, float[] val,
                                   int from, int to) {
        if (cols < 0) {
            throw new IllegalArgumentException("cols must be >= 0, got " + cols);
        }
        checkRows(ptr, from, to);
        checkRange("x", x, xOff + (long) from * cols, (long) (to - from) * cols);
        if (ptr[to] > idx.length || ptr[to] > val.length) {
            throw new IllegalArgumentException("compressed buffers hold " + Math.min(idx.length, val.length)
                    + " entries, need " + ptr[to]);
        }
        for (int q = from; q < to; q++) {
            int end = compressRow(x, xOff + q * cols, cols, idx, val, ptr[q], ptr[q + 1]);
            if (end != ptr[q + 1]) {
                throw new IllegalStateException("row " + q + " holds " + (end - ptr[q]) + " non-zeros but ptr says "
                        + (ptr[q + 1] - ptr[q]) + " (input changed after counting?)");
            }
        }
    }

    @Override
    public final void accumulateRows(int[] ptr, int[] idx, float[] val, float[] b, int bOff, int ldb, int n,
                                     float[] bias, int biasOff, boolean accumulate, float[] c, int cOff, int ldc,
                                     int from, int to) {
        if (accumulate && bias != null) {
            throw new IllegalArgumentException("accumulateRows: give a bias or accumulate into C, not both");
        }
        if (n < 0 || ldb < n || ldc < n) {
            throw new IllegalArgumentException("need 0 <= n <= ldb and n <= ldc, got n=" + n + ", ldb=" + ldb
                    + ", ldc=" + ldc);
        }
        checkRows(ptr, from, to);
        if (bias != null) {
            checkRange("bias", bias, biasOff, n);
        }
        if (to > from) {
            checkRange("c", c, cOff + (long) from * ldc, (long) (to - from - 1) * ldc + n);
        }
        if (bOff < 0) {
            throw new IllegalArgumentException("bOff must be >= 0, got " + bOff);
        }
        if (n > 0) {
            accumulateRowsUnchecked(ptr, idx, val, b, bOff, ldb, n, bias, biasOff, accumulate, c, cOff, ldc, from, to);
        }
    }

    @Override
    public final void csrAccumulateRows(int[] ptr, int[] idx, float[] val, CsrMatrix w, float[] bias, int biasOff,
                                        float[] c, int cOff, int ldc, int from, int to) {
        int n = w.cols();
        if (ldc < n) {
            throw new IllegalArgumentException("ldc must be >= the CSR matrix's " + n + " columns, got " + ldc);
        }
        checkRows(ptr, from, to);
        if (bias != null) {
            checkRange("bias", bias, biasOff, n);
        }
        if (to > from) {
            checkRange("c", c, cOff + (long) from * ldc, (long) (to - from - 1) * ldc + n);
        }
        csrAccumulateRowsUnchecked(ptr, idx, val, w, bias, biasOff, c, cOff, ldc, from, to);
    }

    private static void checkRange(String name, float[] x, long off, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("length of " + name + " must be >= 0, got " + n);
        }
        if (off < 0 || off + n > x.length) {
            throw new IllegalArgumentException(name + " range [" + off + ", " + (off + n)
                    + ") is outside the array of length " + x.length);
        }
    }

    private static void checkRows(int[] ptr, int from, int to) {
        if (from < 0 || to < from || to >= ptr.length) {
            throw new IllegalArgumentException("row range [" + from + ", " + to + ") must lie in [0, "
                    + (ptr.length - 1) + ") of the row pointers");
        }
    }

    /** Non-zero count of {@code x[off … off+n)}; range already checked. */
    abstract int countNonZeroUnchecked(int n, float[] x, int off);

    /**
     * Writes the non-zeros of {@code x[xOff … xOff+cols)} to {@code idx/val} from {@code start} on,
     * in increasing column order, and returns the position after the last one written. The row's
     * slots are {@code [start, limit)}; an implementation must not write at or past {@code limit}
     * while the row's non-zeros fit (other threads may be filling the next row). If the input
     * holds more non-zeros than counted, writes past {@code limit} (or an array bound exception)
     * may happen before the caller reports the mismatch.
     */
    abstract int compressRow(float[] x, int xOff, int cols, int[] idx, float[] val, int start, int limit);

    abstract void accumulateRowsUnchecked(int[] ptr, int[] idx, float[] val, float[] b, int bOff, int ldb, int n,
                                          float[] bias, int biasOff, boolean accumulate, float[] c, int cOff,
                                          int ldc, int from, int to);

    abstract void csrAccumulateRowsUnchecked(int[] ptr, int[] idx, float[] val, CsrMatrix w, float[] bias,
                                             int biasOff, float[] c, int cOff, int ldc, int from, int to);
}
