package org.snn4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link SparseKernels} ({@code SPECIES_PREFERRED}, L lanes).
 *
 * <p>{@link #accumulateRows}: the output row is first set to the bias, zero or left as it is; then
 * the row's active entries are taken {@value SparseKernelsScalar#GROUP} at a time and each group
 * makes one pass over the output row, loading L outputs, applying the group's four FMAs (one per
 * selected row of B, streamed sequentially) and storing them back, then a scalar tail of
 * {@link Math#fma} for the last {@code n mod L} columns; leftover entries make single passes.
 * Fusing four entries per pass cuts the loads and stores of the output row by four, and each pass
 * streams whole rows of B, which the hardware prefetcher follows. (Holding a strip of 8·L outputs
 * in registers across all entries instead, which reads B in short strided pieces, measured
 * 1.05–1.25× slower on the reference shapes; eight entries per pass instead of four was within
 * the noise.) Rows of at most 2·L columns (e.g. a 10-class output layer) are the exception:
 * there the whole output row stays in one or two registers (masked loads and stores) across all
 * entries, measured about 2.2× faster than the passes for {@code n = 10}.
 * {@link #compressRows} tests L elements at a time and stores the compressed non-zero lanes and
 * their column indices with full-width stores ({@code compress}), as long as a full store stays
 * inside the row's own slots (so threads compressing neighbouring rows never overlap); the rest of
 * the row is scanned one element at a time. Measured on 3200×1000 random spikes (AVX2): about
 * 1.1–1.7 ms at 2–30 % density, against 1.2–10 ms for a loop over the set bits of the mask, whose
 * branches mispredict.
 */
final class SparseKernelsVector extends SparseKernelsBase {
    static final SparseKernelsVector INSTANCE = new SparseKernelsVector();
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final VectorSpecies<Integer> ISPECIES = SPECIES.withLanes(int.class);
    private static final IntVector IOTA = IntVector.zero(ISPECIES).addIndex(1);
    private static final int GROUP = SparseKernelsScalar.GROUP;

    private SparseKernelsVector() {
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    int countNonZeroUnchecked(int n, float[] x, int off) {
        int count = 0;
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            count += FloatVector.fromArray(SPECIES, x, off + i).compare(VectorOperators.NE, 0f).trueCount();
        }
        for (; i < n; i++) {
            if (x[off + i] != 0f) {
                count++;
            }
        }
        return count;
    }

    @Override
    int compressRow(float[] x, int xOff, int cols, int[] idx, float[] val, int start, int limit) {
        int p = start;
        int bound = SPECIES.loopBound(cols);
        int j = 0;
        // full-width stores of the compressed lanes, while they stay inside this row's slots
        for (; j < bound && p + L <= limit; j += L) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xOff + j);
            VectorMask<Float> m = v.compare(VectorOperators.NE, 0f);
            v.compress(m).intoArray(val, p);
            IOTA.add(j).compress(m.cast(ISPECIES)).intoArray(idx, p);
            p += m.trueCount();
        }
        for (; j < cols; j++) {
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
        if (n <= 2 * L) {
            narrowRows(ptr, idx, val, b, bOff, ldb, n, bias, biasOff, accumulate, c, cOff, ldc, from, to);
            return;
        }
        int bound = SPECIES.loopBound(n);
        for (int q = from; q < to; q++) {
            int ci = cOff + q * ldc;
            SparseKernelsScalar.initRow(bias, biasOff, accumulate, c, ci, n);
            int p = ptr[q];
            int p1 = ptr[q + 1];
            for (; p + GROUP <= p1; p += GROUP) {
                float a0 = val[p];
                float a1 = val[p + 1];
                float a2 = val[p + 2];
                float a3 = val[p + 3];
                FloatVector v0 = FloatVector.broadcast(SPECIES, a0);
                FloatVector v1 = FloatVector.broadcast(SPECIES, a1);
                FloatVector v2 = FloatVector.broadcast(SPECIES, a2);
                FloatVector v3 = FloatVector.broadcast(SPECIES, a3);
                int b0 = bOff + idx[p] * ldb;
                int b1 = bOff + idx[p + 1] * ldb;
                int b2 = bOff + idx[p + 2] * ldb;
                int b3 = bOff + idx[p + 3] * ldb;
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector s = FloatVector.fromArray(SPECIES, c, ci + j);
                    s = v0.fma(FloatVector.fromArray(SPECIES, b, b0 + j), s);
                    s = v1.fma(FloatVector.fromArray(SPECIES, b, b1 + j), s);
                    s = v2.fma(FloatVector.fromArray(SPECIES, b, b2 + j), s);
                    s = v3.fma(FloatVector.fromArray(SPECIES, b, b3 + j), s);
                    s.intoArray(c, ci + j);
                }
                for (; j < n; j++) {
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
                FloatVector v0 = FloatVector.broadcast(SPECIES, a0);
                int b0 = bOff + idx[p] * ldb;
                int j = 0;
                for (; j < bound; j += L) {
                    v0.fma(FloatVector.fromArray(SPECIES, b, b0 + j), FloatVector.fromArray(SPECIES, c, ci + j))
                            .intoArray(c, ci + j);
                }
                for (; j < n; j++) {
                    c[ci + j] = Math.fma(a0, b[b0 + j], c[ci + j]);
                }
            }
        }
    }

    /**
     * Rows at most 2·L wide: the whole output row stays in one or two registers (masked to the
     * {@code n} valid lanes) while the loop runs over all active entries, then is stored once.
     */
    private static void narrowRows(int[] ptr, int[] idx, float[] val, float[] b, int bOff, int ldb, int n,
                                   float[] bias, int biasOff, boolean accumulate, float[] c, int cOff, int ldc,
                                   int from, int to) {
        VectorMask<Float> m0 = SPECIES.indexInRange(0, n);
        boolean two = n > L;
        VectorMask<Float> m1 = SPECIES.indexInRange(L, n);
        for (int q = from; q < to; q++) {
            int ci = cOff + q * ldc;
            FloatVector s0;
            FloatVector s1;
            if (accumulate) {
                s0 = FloatVector.fromArray(SPECIES, c, ci, m0);
                s1 = two ? FloatVector.fromArray(SPECIES, c, ci + L, m1) : null;
            } else if (bias != null) {
                s0 = FloatVector.fromArray(SPECIES, bias, biasOff, m0);
                s1 = two ? FloatVector.fromArray(SPECIES, bias, biasOff + L, m1) : null;
            } else {
                s0 = FloatVector.zero(SPECIES);
                s1 = s0;
            }
            int p0 = ptr[q];
            int p1 = ptr[q + 1];
            if (two) {
                for (int p = p0; p < p1; p++) {
                    FloatVector v = FloatVector.broadcast(SPECIES, val[p]);
                    int bi = bOff + idx[p] * ldb;
                    s0 = v.fma(FloatVector.fromArray(SPECIES, b, bi, m0), s0);
                    s1 = v.fma(FloatVector.fromArray(SPECIES, b, bi + L, m1), s1);
                }
                s0.intoArray(c, ci, m0);
                s1.intoArray(c, ci + L, m1);
            } else {
                for (int p = p0; p < p1; p++) {
                    FloatVector v = FloatVector.broadcast(SPECIES, val[p]);
                    s0 = v.fma(FloatVector.fromArray(SPECIES, b, bOff + idx[p] * ldb, m0), s0);
                }
                s0.intoArray(c, ci, m0);
            }
        }
    }

    @Override
    void csrAccumulateRowsUnchecked(int[] ptr, int[] idx, float[] val, CsrMatrix w, float[] bias, int biasOff,
                                    float[] c, int cOff, int ldc, int from, int to) {
        SparseKernelsScalar.csrRows(ptr, idx, val, w, bias, biasOff, c, cOff, ldc, from, to);
    }
}
