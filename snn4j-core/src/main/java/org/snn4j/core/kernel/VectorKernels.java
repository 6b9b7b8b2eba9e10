package org.snn4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the Vector API ({@code jdk.incubator.vector}, preferred species: 8 floats on
 * AVX2, 16 on AVX-512). GEMM uses the packed, cache-blocked driver of {@link BlockedKernels} with an
 * MR×(2·L) register-blocked micro-kernel (L = lanes, MR = {@link #DEFAULT_MR}: 4 on AVX2, 6 on
 * AVX-512): per k step two vector loads of the packed B panel, MR broadcasts of the packed A panel
 * and 2·MR FMAs into 2·MR accumulator registers. The k loop runs two steps per iteration with
 * incrementally advanced indices (no accumulator spills; measured 1.5–2× faster on AVX2 than the
 * one-step loop). Tiles whose valid width is at most L use an MR×L variant; edge tiles are
 * computed in full on zero-padded panels and only their valid part is stored. Element-wise
 * operations run {@code loopBound} vector iterations followed by a scalar tail.
 */
final class VectorKernels extends BlockedKernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    /**
     * Rows of the micro-tile: 4 (eight accumulators) where the species has fewer than 16 lanes,
     * i.e. on AVX2 with its 16 vector registers, and 6 (twelve accumulators) with 16 lanes, i.e.
     * on AVX-512 with 32 registers. C2 spilled an accumulator of 5- and 6-row tiles on AVX2 in the
     * training loop, which cost 20–40 %.
     */
    static final int DEFAULT_MR = L >= 16 ? 6 : 4;
    private static final int NR = 2 * L;
    private static final int MC = 96;
    private static final int NC = 1024;

    VectorKernels(int threads) {
        this(threads, DEFAULT_MR);
    }

    /** With an explicit tile height {@code mr} (4 or 6); tests use it to cover both kernels. */
    VectorKernels(int threads, int mr) {
        super(threads, checkRows(mr), NR, roundUp(MC, mr), roundUp(NC, NR));
    }

    private static int checkRows(int mr) {
        if (mr != 4 && mr != 6) {
            throw new IllegalArgumentException("micro-tile rows must be 4 or 6, got " + mr);
        }
        return mr;
    }

    @Override
    VectorKernels newSerialTwin() {
        return new VectorKernels(1, mr);
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int floatLanes() {
        return L;
    }

    @Override
    void macroKernel(int mb, int nb, int kb, float[] aPack, float[] bPack,
                     float[] c, int cOff, int ldc, boolean overwrite, float[] tile) {
        int mr = this.mr;
        boolean six = mr == 6;
        for (int j = 0, bIdx = 0; j < nb; j += NR, bIdx += kb * NR) {
            int w = Math.min(NR, nb - j);
            boolean wide = w > L;
            for (int i = 0, aIdx = 0; i < mb; i += mr, aIdx += kb * mr) {
                int h = Math.min(mr, mb - i);
                int ci = cOff + i * ldc + j;
                if (six) {
                    if (wide) {
                        kernel6x2(kb, aPack, aIdx, bPack, bIdx, c, ci, ldc, overwrite, h, w, tile);
                    } else {
                        kernel6x1(kb, aPack, aIdx, bPack, bIdx, c, ci, ldc, overwrite, h, w, tile);
                    }
                } else if (wide) {
                    kernel4x2(kb, aPack, aIdx, bPack, bIdx, c, ci, ldc, overwrite, h, w, tile);
                } else {
                    kernel4x1(kb, aPack, aIdx, bPack, bIdx, c, ci, ldc, overwrite, h, w, tile);
                }
            }
        }
    }

    /**
     * Reads A in place (no packing) for C blocks one panel wide: row {@code r} of the tile reads
     * {@code a[rowBase_r + p·colStride]}. Rows past the edge re-read the tile's first row; their
     * results are discarded, so the stored values equal those of the packed path.
     */
    @Override
    void singlePanelKernel(boolean transA, float[] a, int aOff, int lda, int ic, int pc, int mb, int nb, int kb,
                           float[] aPack, float[] bPack, float[] c, int cOff, int ldc, boolean overwrite,
                           float[] tile) {
        int mr = this.mr;
        boolean six = mr == 6;
        boolean wide = nb > L;
        int rowStride = transA ? 1 : lda;
        int colStride = transA ? lda : 1;
        for (int i = 0; i < mb; i += mr) {
            int h = Math.min(mr, mb - i);
            int base = aOff + (ic + i) * rowStride + pc * colStride;
            int r1 = h > 1 ? base + rowStride : base;
            int r2 = h > 2 ? base + 2 * rowStride : base;
            int r3 = h > 3 ? base + 3 * rowStride : base;
            int ci = cOff + i * ldc;
            if (six) {
                int r4 = h > 4 ? base + 4 * rowStride : base;
                int r5 = h > 5 ? base + 5 * rowStride : base;
                if (wide) {
                    direct6x2(kb, a, base, r1, r2, r3, r4, r5, colStride, bPack, c, ci, ldc, overwrite, h, nb, tile);
                } else {
                    direct6x1(kb, a, base, r1, r2, r3, r4, r5, colStride, bPack, c, ci, ldc, overwrite, h, nb, tile);
                }
            } else if (wide) {
                direct4x2(kb, a, base, r1, r2, r3, colStride, bPack, c, ci, ldc, overwrite, h, nb, tile);
            } else {
                direct4x1(kb, a, base, r1, r2, r3, colStride, bPack, c, ci, ldc, overwrite, h, nb, tile);
            }
        }
    }

    private static void kernel4x2(int kb, float[] ap, int ai, float[] bp, int bi,
            float[] c, int ci, int ldc, boolean overwrite, int h, int w, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        int ak = ai;
        int bk = bi;
        int p = 0;
        for (; p + 2 <= kb; p += 2, ak += 8, bk += 2 * NR) {
            {
                FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
                FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + L);
                FloatVector v = FloatVector.broadcast(SPECIES, ap[ak]);
                c00 = v.fma(b0, c00);
                c01 = v.fma(b1, c01);
                v = FloatVector.broadcast(SPECIES, ap[ak + 1]);
                c10 = v.fma(b0, c10);
                c11 = v.fma(b1, c11);
                v = FloatVector.broadcast(SPECIES, ap[ak + 2]);
                c20 = v.fma(b0, c20);
                c21 = v.fma(b1, c21);
                v = FloatVector.broadcast(SPECIES, ap[ak + 3]);
                c30 = v.fma(b0, c30);
                c31 = v.fma(b1, c31);
            }
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk + NR);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + NR + L);
            FloatVector v = FloatVector.broadcast(SPECIES, ap[ak + 4]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(SPECIES, ap[ak + 5]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(SPECIES, ap[ak + 6]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(SPECIES, ap[ak + 7]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
        }
        if (p < kb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + L);
            FloatVector v = FloatVector.broadcast(SPECIES, ap[ak]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(SPECIES, ap[ak + 1]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(SPECIES, ap[ak + 2]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(SPECIES, ap[ak + 3]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
        }
        if (h == 4 && w == NR) {
            store(c00, c, ci, overwrite);
            store(c01, c, ci + L, overwrite);
            store(c10, c, ci + ldc, overwrite);
            store(c11, c, ci + ldc + L, overwrite);
            store(c20, c, ci + 2 * ldc, overwrite);
            store(c21, c, ci + 2 * ldc + L, overwrite);
            store(c30, c, ci + 3 * ldc, overwrite);
            store(c31, c, ci + 3 * ldc + L, overwrite);
        } else {
            c00.intoArray(tile, 0);
            c01.intoArray(tile, L);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            storeEdge(tile, c, ci, ldc, overwrite, h, w);
        }
    }

    private static void kernel4x1(int kb, float[] ap, int ai, float[] bp, int bi,
            float[] c, int ci, int ldc, boolean overwrite, int h, int w, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES);
        int ak = ai;
        int bk = bi;
        int p = 0;
        for (; p + 2 <= kb; p += 2, ak += 8, bk += 2 * NR) {
            {
                FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
                c00 = FloatVector.broadcast(SPECIES, ap[ak]).fma(b0, c00);
                c10 = FloatVector.broadcast(SPECIES, ap[ak + 1]).fma(b0, c10);
                c20 = FloatVector.broadcast(SPECIES, ap[ak + 2]).fma(b0, c20);
                c30 = FloatVector.broadcast(SPECIES, ap[ak + 3]).fma(b0, c30);
            }
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk + NR);
            c00 = FloatVector.broadcast(SPECIES, ap[ak + 4]).fma(b0, c00);
            c10 = FloatVector.broadcast(SPECIES, ap[ak + 5]).fma(b0, c10);
            c20 = FloatVector.broadcast(SPECIES, ap[ak + 6]).fma(b0, c20);
            c30 = FloatVector.broadcast(SPECIES, ap[ak + 7]).fma(b0, c30);
        }
        if (p < kb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
            c00 = FloatVector.broadcast(SPECIES, ap[ak]).fma(b0, c00);
            c10 = FloatVector.broadcast(SPECIES, ap[ak + 1]).fma(b0, c10);
            c20 = FloatVector.broadcast(SPECIES, ap[ak + 2]).fma(b0, c20);
            c30 = FloatVector.broadcast(SPECIES, ap[ak + 3]).fma(b0, c30);
        }
        if (h == 4 && w == L) {
            store(c00, c, ci, overwrite);
            store(c10, c, ci + ldc, overwrite);
            store(c20, c, ci + 2 * ldc, overwrite);
            store(c30, c, ci + 3 * ldc, overwrite);
        } else {
            c00.intoArray(tile, 0);
            c10.intoArray(tile, NR);
            c20.intoArray(tile, 2 * NR);
            c30.intoArray(tile, 3 * NR);
            storeEdge(tile, c, ci, ldc, overwrite, h, w);
        }
    }

    private static void direct4x2(int kb, float[] a, int r0, int r1, int r2, int r3, int cs,
            float[] bp, float[] c, int ci, int ldc, boolean overwrite, int h, int w, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        int o = 0;
        int bk = 0;
        int p = 0;
        for (; p + 2 <= kb; p += 2, o += 2 * cs, bk += 2 * NR) {
            {
                FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
                FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + L);
                FloatVector v = FloatVector.broadcast(SPECIES, a[r0 + o]);
                c00 = v.fma(b0, c00);
                c01 = v.fma(b1, c01);
                v = FloatVector.broadcast(SPECIES, a[r1 + o]);
                c10 = v.fma(b0, c10);
                c11 = v.fma(b1, c11);
                v = FloatVector.broadcast(SPECIES, a[r2 + o]);
                c20 = v.fma(b0, c20);
                c21 = v.fma(b1, c21);
                v = FloatVector.broadcast(SPECIES, a[r3 + o]);
                c30 = v.fma(b0, c30);
                c31 = v.fma(b1, c31);
            }
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk + NR);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + NR + L);
            FloatVector v = FloatVector.broadcast(SPECIES, a[r0 + o + cs]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(SPECIES, a[r1 + o + cs]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(SPECIES, a[r2 + o + cs]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(SPECIES, a[r3 + o + cs]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
        }
        if (p < kb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + L);
            FloatVector v = FloatVector.broadcast(SPECIES, a[r0 + o]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(SPECIES, a[r1 + o]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(SPECIES, a[r2 + o]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(SPECIES, a[r3 + o]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        storeEdge(tile, c, ci, ldc, overwrite, h, w);
    }

    private static void direct4x1(int kb, float[] a, int r0, int r1, int r2, int r3, int cs,
            float[] bp, float[] c, int ci, int ldc, boolean overwrite, int h, int w, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES);
        int o = 0;
        int bk = 0;
        int p = 0;
        for (; p + 2 <= kb; p += 2, o += 2 * cs, bk += 2 * NR) {
            {
                FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
                c00 = FloatVector.broadcast(SPECIES, a[r0 + o]).fma(b0, c00);
                c10 = FloatVector.broadcast(SPECIES, a[r1 + o]).fma(b0, c10);
                c20 = FloatVector.broadcast(SPECIES, a[r2 + o]).fma(b0, c20);
                c30 = FloatVector.broadcast(SPECIES, a[r3 + o]).fma(b0, c30);
            }
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk + NR);
            c00 = FloatVector.broadcast(SPECIES, a[r0 + o + cs]).fma(b0, c00);
            c10 = FloatVector.broadcast(SPECIES, a[r1 + o + cs]).fma(b0, c10);
            c20 = FloatVector.broadcast(SPECIES, a[r2 + o + cs]).fma(b0, c20);
            c30 = FloatVector.broadcast(SPECIES, a[r3 + o + cs]).fma(b0, c30);
        }
        if (p < kb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
            c00 = FloatVector.broadcast(SPECIES, a[r0 + o]).fma(b0, c00);
            c10 = FloatVector.broadcast(SPECIES, a[r1 + o]).fma(b0, c10);
            c20 = FloatVector.broadcast(SPECIES, a[r2 + o]).fma(b0, c20);
            c30 = FloatVector.broadcast(SPECIES, a[r3 + o]).fma(b0, c30);
        }
        c00.intoArray(tile, 0);
        c10.intoArray(tile, NR);
        c20.intoArray(tile, 2 * NR);
        c30.intoArray(tile, 3 * NR);
        storeEdge(tile, c, ci, ldc, overwrite, h, w);
    }

    private static void kernel6x2(int kb, float[] ap, int ai, float[] bp, int bi,
            float[] c, int ci, int ldc, boolean overwrite, int h, int w, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        int ak = ai;
        int bk = bi;
        int p = 0;
        for (; p + 2 <= kb; p += 2, ak += 12, bk += 2 * NR) {
            {
                FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
                FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + L);
                FloatVector v = FloatVector.broadcast(SPECIES, ap[ak]);
                c00 = v.fma(b0, c00);
                c01 = v.fma(b1, c01);
                v = FloatVector.broadcast(SPECIES, ap[ak + 1]);
                c10 = v.fma(b0, c10);
                c11 = v.fma(b1, c11);
                v = FloatVector.broadcast(SPECIES, ap[ak + 2]);
                c20 = v.fma(b0, c20);
                c21 = v.fma(b1, c21);
                v = FloatVector.broadcast(SPECIES, ap[ak + 3]);
                c30 = v.fma(b0, c30);
                c31 = v.fma(b1, c31);
                v = FloatVector.broadcast(SPECIES, ap[ak + 4]);
                c40 = v.fma(b0, c40);
                c41 = v.fma(b1, c41);
                v = FloatVector.broadcast(SPECIES, ap[ak + 5]);
                c50 = v.fma(b0, c50);
                c51 = v.fma(b1, c51);
            }
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk + NR);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + NR + L);
            FloatVector v = FloatVector.broadcast(SPECIES, ap[ak + 6]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(SPECIES, ap[ak + 7]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(SPECIES, ap[ak + 8]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(SPECIES, ap[ak + 9]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(SPECIES, ap[ak + 10]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(SPECIES, ap[ak + 11]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
        }
        if (p < kb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + L);
            FloatVector v = FloatVector.broadcast(SPECIES, ap[ak]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(SPECIES, ap[ak + 1]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(SPECIES, ap[ak + 2]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(SPECIES, ap[ak + 3]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(SPECIES, ap[ak + 4]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(SPECIES, ap[ak + 5]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
        }
        if (h == 6 && w == NR) {
            store(c00, c, ci, overwrite);
            store(c01, c, ci + L, overwrite);
            store(c10, c, ci + ldc, overwrite);
            store(c11, c, ci + ldc + L, overwrite);
            store(c20, c, ci + 2 * ldc, overwrite);
            store(c21, c, ci + 2 * ldc + L, overwrite);
            store(c30, c, ci + 3 * ldc, overwrite);
            store(c31, c, ci + 3 * ldc + L, overwrite);
            store(c40, c, ci + 4 * ldc, overwrite);
            store(c41, c, ci + 4 * ldc + L, overwrite);
            store(c50, c, ci + 5 * ldc, overwrite);
            store(c51, c, ci + 5 * ldc + L, overwrite);
        } else {
            c00.intoArray(tile, 0);
            c01.intoArray(tile, L);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            c40.intoArray(tile, 4 * NR);
            c41.intoArray(tile, 4 * NR + L);
            c50.intoArray(tile, 5 * NR);
            c51.intoArray(tile, 5 * NR + L);
            storeEdge(tile, c, ci, ldc, overwrite, h, w);
        }
    }

    private static void kernel6x1(int kb, float[] ap, int ai, float[] bp, int bi,
            float[] c, int ci, int ldc, boolean overwrite, int h, int w, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES);
        int ak = ai;
        int bk = bi;
        int p = 0;
        for (; p + 2 <= kb; p += 2, ak += 12, bk += 2 * NR) {
            {
                FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
                c00 = FloatVector.broadcast(SPECIES, ap[ak]).fma(b0, c00);
                c10 = FloatVector.broadcast(SPECIES, ap[ak + 1]).fma(b0, c10);
                c20 = FloatVector.broadcast(SPECIES, ap[ak + 2]).fma(b0, c20);
                c30 = FloatVector.broadcast(SPECIES, ap[ak + 3]).fma(b0, c30);
                c40 = FloatVector.broadcast(SPECIES, ap[ak + 4]).fma(b0, c40);
                c50 = FloatVector.broadcast(SPECIES, ap[ak + 5]).fma(b0, c50);
            }
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk + NR);
            c00 = FloatVector.broadcast(SPECIES, ap[ak + 6]).fma(b0, c00);
            c10 = FloatVector.broadcast(SPECIES, ap[ak + 7]).fma(b0, c10);
            c20 = FloatVector.broadcast(SPECIES, ap[ak + 8]).fma(b0, c20);
            c30 = FloatVector.broadcast(SPECIES, ap[ak + 9]).fma(b0, c30);
            c40 = FloatVector.broadcast(SPECIES, ap[ak + 10]).fma(b0, c40);
            c50 = FloatVector.broadcast(SPECIES, ap[ak + 11]).fma(b0, c50);
        }
        if (p < kb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
            c00 = FloatVector.broadcast(SPECIES, ap[ak]).fma(b0, c00);
            c10 = FloatVector.broadcast(SPECIES, ap[ak + 1]).fma(b0, c10);
            c20 = FloatVector.broadcast(SPECIES, ap[ak + 2]).fma(b0, c20);
            c30 = FloatVector.broadcast(SPECIES, ap[ak + 3]).fma(b0, c30);
            c40 = FloatVector.broadcast(SPECIES, ap[ak + 4]).fma(b0, c40);
            c50 = FloatVector.broadcast(SPECIES, ap[ak + 5]).fma(b0, c50);
        }
        if (h == 6 && w == L) {
            store(c00, c, ci, overwrite);
            store(c10, c, ci + ldc, overwrite);
            store(c20, c, ci + 2 * ldc, overwrite);
            store(c30, c, ci + 3 * ldc, overwrite);
            store(c40, c, ci + 4 * ldc, overwrite);
            store(c50, c, ci + 5 * ldc, overwrite);
        } else {
            c00.intoArray(tile, 0);
            c10.intoArray(tile, NR);
            c20.intoArray(tile, 2 * NR);
            c30.intoArray(tile, 3 * NR);
            c40.intoArray(tile, 4 * NR);
            c50.intoArray(tile, 5 * NR);
            storeEdge(tile, c, ci, ldc, overwrite, h, w);
        }
    }

    private static void direct6x2(int kb, float[] a, int r0, int r1, int r2, int r3, int r4, int r5, int cs,
            float[] bp, float[] c, int ci, int ldc, boolean overwrite, int h, int w, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        int o = 0;
        int bk = 0;
        int p = 0;
        for (; p + 2 <= kb; p += 2, o += 2 * cs, bk += 2 * NR) {
            {
                FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
                FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + L);
                FloatVector v = FloatVector.broadcast(SPECIES, a[r0 + o]);
                c00 = v.fma(b0, c00);
                c01 = v.fma(b1, c01);
                v = FloatVector.broadcast(SPECIES, a[r1 + o]);
                c10 = v.fma(b0, c10);
                c11 = v.fma(b1, c11);
                v = FloatVector.broadcast(SPECIES, a[r2 + o]);
                c20 = v.fma(b0, c20);
                c21 = v.fma(b1, c21);
                v = FloatVector.broadcast(SPECIES, a[r3 + o]);
                c30 = v.fma(b0, c30);
                c31 = v.fma(b1, c31);
                v = FloatVector.broadcast(SPECIES, a[r4 + o]);
                c40 = v.fma(b0, c40);
                c41 = v.fma(b1, c41);
                v = FloatVector.broadcast(SPECIES, a[r5 + o]);
                c50 = v.fma(b0, c50);
                c51 = v.fma(b1, c51);
            }
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk + NR);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + NR + L);
            FloatVector v = FloatVector.broadcast(SPECIES, a[r0 + o + cs]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(SPECIES, a[r1 + o + cs]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(SPECIES, a[r2 + o + cs]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(SPECIES, a[r3 + o + cs]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(SPECIES, a[r4 + o + cs]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(SPECIES, a[r5 + o + cs]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
        }
        if (p < kb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bk + L);
            FloatVector v = FloatVector.broadcast(SPECIES, a[r0 + o]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(SPECIES, a[r1 + o]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(SPECIES, a[r2 + o]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(SPECIES, a[r3 + o]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(SPECIES, a[r4 + o]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(SPECIES, a[r5 + o]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        storeEdge(tile, c, ci, ldc, overwrite, h, w);
    }

    private static void direct6x1(int kb, float[] a, int r0, int r1, int r2, int r3, int r4, int r5, int cs,
            float[] bp, float[] c, int ci, int ldc, boolean overwrite, int h, int w, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES);
        int o = 0;
        int bk = 0;
        int p = 0;
        for (; p + 2 <= kb; p += 2, o += 2 * cs, bk += 2 * NR) {
            {
                FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
                c00 = FloatVector.broadcast(SPECIES, a[r0 + o]).fma(b0, c00);
                c10 = FloatVector.broadcast(SPECIES, a[r1 + o]).fma(b0, c10);
                c20 = FloatVector.broadcast(SPECIES, a[r2 + o]).fma(b0, c20);
                c30 = FloatVector.broadcast(SPECIES, a[r3 + o]).fma(b0, c30);
                c40 = FloatVector.broadcast(SPECIES, a[r4 + o]).fma(b0, c40);
                c50 = FloatVector.broadcast(SPECIES, a[r5 + o]).fma(b0, c50);
            }
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk + NR);
            c00 = FloatVector.broadcast(SPECIES, a[r0 + o + cs]).fma(b0, c00);
            c10 = FloatVector.broadcast(SPECIES, a[r1 + o + cs]).fma(b0, c10);
            c20 = FloatVector.broadcast(SPECIES, a[r2 + o + cs]).fma(b0, c20);
            c30 = FloatVector.broadcast(SPECIES, a[r3 + o + cs]).fma(b0, c30);
            c40 = FloatVector.broadcast(SPECIES, a[r4 + o + cs]).fma(b0, c40);
            c50 = FloatVector.broadcast(SPECIES, a[r5 + o + cs]).fma(b0, c50);
        }
        if (p < kb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bk);
            c00 = FloatVector.broadcast(SPECIES, a[r0 + o]).fma(b0, c00);
            c10 = FloatVector.broadcast(SPECIES, a[r1 + o]).fma(b0, c10);
            c20 = FloatVector.broadcast(SPECIES, a[r2 + o]).fma(b0, c20);
            c30 = FloatVector.broadcast(SPECIES, a[r3 + o]).fma(b0, c30);
            c40 = FloatVector.broadcast(SPECIES, a[r4 + o]).fma(b0, c40);
            c50 = FloatVector.broadcast(SPECIES, a[r5 + o]).fma(b0, c50);
        }
        c00.intoArray(tile, 0);
        c10.intoArray(tile, NR);
        c20.intoArray(tile, 2 * NR);
        c30.intoArray(tile, 3 * NR);
        c40.intoArray(tile, 4 * NR);
        c50.intoArray(tile, 5 * NR);
        storeEdge(tile, c, ci, ldc, overwrite, h, w);
    }
    private static void store(FloatVector acc, float[] c, int ci, boolean overwrite) {
        if (overwrite) {
            acc.intoArray(c, ci);
        } else {
            FloatVector.fromArray(SPECIES, c, ci).add(acc).intoArray(c, ci);
        }
    }

    /** Stores the valid {@code h×w} part of a tile (row stride NR): {@code C = t} or {@code C = C + t}. */
    private static void storeEdge(float[] tile, float[] c, int ci, int ldc, boolean overwrite, int h, int w) {
        for (int r = 0; r < h; r++) {
            int row = ci + r * ldc;
            int t = r * NR;
            if (overwrite) {
                System.arraycopy(tile, t, c, row, w);
            } else {
                for (int j = 0; j < w; j++) {
                    c[row + j] += tile[t + j];
                }
            }
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        checkRange("x", x, xOff, n);
        checkRange("y", y, yOff, n);
        FloatVector va = FloatVector.broadcast(SPECIES, alpha);
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector vx = FloatVector.fromArray(SPECIES, x, xOff + i);
            FloatVector vy = FloatVector.fromArray(SPECIES, y, yOff + i);
            va.fma(vx, vy).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int off) {
        checkRange("x", x, off, n);
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(SPECIES, x, off + i).mul(alpha).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= alpha;
        }
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        checkRange("x", x, xOff, n);
        checkRange("y", y, yOff, n);
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int bound2 = n - n % (2 * L);
        int i = 0;
        for (; i < bound2; i += 2 * L) {
            acc0 = FloatVector.fromArray(SPECIES, x, xOff + i).fma(FloatVector.fromArray(SPECIES, y, yOff + i), acc0);
            acc1 = FloatVector.fromArray(SPECIES, x, xOff + i + L)
                    .fma(FloatVector.fromArray(SPECIES, y, yOff + i + L), acc1);
        }
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += L) {
            acc0 = FloatVector.fromArray(SPECIES, x, xOff + i).fma(FloatVector.fromArray(SPECIES, y, yOff + i), acc0);
        }
        float s = Lanes.sumInOrder(acc0.add(acc1));
        for (; i < n; i++) {
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
        int bound = SPECIES.loopBound(cols);
        for (int r = from; r < to; r++) {
            int row = cOff + r * cols;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(SPECIES, c, row + j).add(FloatVector.fromArray(SPECIES, v, vOff + j))
                        .intoArray(c, row + j);
            }
            for (; j < cols; j++) {
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
        if ((long) rows * cols < PARALLEL_MIN_ELEMENTS || cols < 2 * L) {
            sumRowsRange(0, cols, rows, cols, x, xOff, out, outOff);
        } else {
            pool().parallelFor(cols, L, (from, to) -> sumRowsRange(from, to, rows, cols, x, xOff, out, outOff));
        }
    }

    /** Column sums for columns {@code [from, to)}; each column is summed in row order. */
    private static void sumRowsRange(int from, int to, int rows, int cols, float[] x, int xOff,
                                     float[] out, int outOff) {
        int j = from;
        for (; j + 4 * L <= to; j += 4 * L) {
            FloatVector s0 = FloatVector.fromArray(SPECIES, out, outOff + j);
            FloatVector s1 = FloatVector.fromArray(SPECIES, out, outOff + j + L);
            FloatVector s2 = FloatVector.fromArray(SPECIES, out, outOff + j + 2 * L);
            FloatVector s3 = FloatVector.fromArray(SPECIES, out, outOff + j + 3 * L);
            for (int r = 0, xi = xOff + j; r < rows; r++, xi += cols) {
                s0 = s0.add(FloatVector.fromArray(SPECIES, x, xi));
                s1 = s1.add(FloatVector.fromArray(SPECIES, x, xi + L));
                s2 = s2.add(FloatVector.fromArray(SPECIES, x, xi + 2 * L));
                s3 = s3.add(FloatVector.fromArray(SPECIES, x, xi + 3 * L));
            }
            s0.intoArray(out, outOff + j);
            s1.intoArray(out, outOff + j + L);
            s2.intoArray(out, outOff + j + 2 * L);
            s3.intoArray(out, outOff + j + 3 * L);
        }
        for (; j + L <= to; j += L) {
            FloatVector s = FloatVector.fromArray(SPECIES, out, outOff + j);
            for (int r = 0, xi = xOff + j; r < rows; r++, xi += cols) {
                s = s.add(FloatVector.fromArray(SPECIES, x, xi));
            }
            s.intoArray(out, outOff + j);
        }
        for (; j < to; j++) {
            float s = out[outOff + j];
            for (int r = 0, xi = xOff + j; r < rows; r++, xi += cols) {
                s += x[xi];
            }
            out[outOff + j] = s;
        }
    }
}
