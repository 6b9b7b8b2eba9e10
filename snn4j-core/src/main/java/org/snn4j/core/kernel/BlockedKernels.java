package org.snn4j.core.kernel;

import java.util.Arrays;

/**
 * Shared skeleton of both {@link Kernels} implementations: argument checks, the cache-blocked,
 * packed GEMM driver (BLIS loop order) and its thread split. Subclasses supply the register-blocked
 * macro/micro-kernel and the element-wise operations.
 *
 * <p><b>GEMM structure.</b> {@code C = op(A)·op(B)} is computed as
 * <pre>
 *   for jc over columns of C in blocks of nc:
 *     for pc over k in blocks of kc:           pack op(B)[pc:pc+kc, jc:jc+nc] into kc×NR panels
 *       for ic over rows of C in blocks of mc: pack op(A)[ic:ic+mc, pc:pc+kc] into MR×kc panels
 *         for every NR-panel jr, every MR-panel ir: micro-kernel on an MR×NR tile of C
 * </pre>
 * Packing reads A and B according to the transpose flags, so one micro-kernel serves NN, TN, NT and
 * TT. Panels are padded with zeros to full MR/NR width. When a C block is a single NR panel wide
 * (small n, e.g. an output layer) an implementation may read A in place instead of packing it
 * ({@link #singlePanelKernel}), since each element of A is then used by one tile only. The
 * {@code k} dimension is cut into {@code ceil(k / kcMax)} blocks of (nearly) equal size
 * {@code kc ≤ kcMax}, where {@code kcMax} depends on the problem's n only
 * ({@link #kBlockSize(int, int)}): {@code KC_MAX} for wide C, {@code KC_NARROW} for narrow C.
 *
 * <p><b>Arithmetic (identical in both implementations).</b> For every element of C and every k
 * block {@code [p0, p1)}: {@code s = fma(a(p1-1), b(p1-1), … fma(a(p0), b(p0), 0))} evaluated in
 * increasing {@code p}, then {@code c = s} for the first block when not accumulating, otherwise
 * {@code c = c + s}. This sequence depends only on {@code n} and {@code k}, never on the tile or thread that
 * computes the element, so results are independent of the thread count and the vector and scalar
 * implementations agree bit for bit.
 *
 * <p><b>Threads.</b> Problems with {@code m·n·k ≥ PARALLEL_MIN_WORK} are split over disjoint
 * blocks of C along rows (in multiples of MR). When {@code m ≥ n} each thread runs the whole loop
 * nest on its rows, packing B itself. When {@code m < n} (e.g. the weight gradient
 * {@code Xᵀ·δ}) B is the larger operand, so the threads share it ({@link #sharedB}): they first
 * pack disjoint NR panels of each B block into one buffer, then compute their rows against it,
 * each packing only its own rows of A (with fewer MR row panels than threads, C is split along
 * columns instead, each thread packing its own columns of B). Packing buffers are thread-local,
 * grow on demand and are reused, so the steady state allocates no packing memory.
 */
abstract class BlockedKernels implements Kernels {

    /**
     * Largest k block. Every further k block is one more read-modify-write pass over the C block,
     * whose loads miss the caches when C is large; measured on the reference workload (k up to
     * 3200), a single block beat 1024 by about 1.3× although the packed A block then exceeds L2.
     * The per-thread packing buffers hold up to {@code KC_MAX·(mc + nc)} floats.
     */
    static final int KC_MAX = 4096;
    /**
     * Largest k block for narrow products ({@code n < NARROW_N}, e.g. an output layer). There
     * C is small, so further C passes are cheap, while a single panel of C reads A in place down
     * k rows, which thrashes the TLB when the block spans thousands of rows of a wide A.
     */
    static final int KC_NARROW = 1024;
    /** Products with fewer columns than this use {@link #KC_NARROW}. */
    static final int NARROW_N = 32;
    /** Below this many multiply-adds the unpacked direct path is used. */
    static final long SMALL_WORK = 32 * 1024;
    /** Below this many multiply-adds the product runs on the calling thread only. */
    static final long PARALLEL_MIN_WORK = 1L << 18;

    /** Per-thread packing buffers, reused across calls (and across instances). */
    static final class Buffers {
        float[] aPack = new float[0];
        float[] bPack = new float[0];
        float[] tile = new float[0];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private final ThreadPool pool;
    /** The single-thread twin, created on first use ({@code this} for one thread). */
    private volatile Kernels serialTwin;
    /** Rows of a micro-tile. */
    final int mr;
    /** Columns of a micro-tile. */
    final int nr;
    /** Rows of C per packed A block (multiple of {@link #mr}). */
    final int mc;
    /** Columns of C per packed B block (multiple of {@link #nr}). */
    final int nc;

    BlockedKernels(int threads, int mr, int nr, int mc, int nc) {
        this.pool = new ThreadPool(threads);
        this.mr = mr;
        this.nr = nr;
        this.mc = mc;
        this.nc = nc;
    }

    @Override
    public final int threads() {
        return pool.threads();
    }

    @Override
    public final ThreadPool pool() {
        return pool;
    }

    @Override
    public final void close() {
        pool.close();
    }

    @Override
    public final Kernels serial() {
        if (pool.threads() == 1) {
            return this;
        }
        Kernels twin = serialTwin;
        if (twin == null) {
            twin = newSerialTwin();
            serialTwin = twin;
        }
        return twin;
    }

    /** A new instance of the same implementation and micro-tile shape with one thread. */
    abstract BlockedKernels newSerialTwin();

    /**
     * Computes one packed block: {@code C[0:mb, 0:nb] (+)= Apack · Bpack} where {@code aPack} holds
     * {@code ceil(mb/mr)} panels of {@code kb×mr} floats (element (i, p) of panel q at
     * {@code q·kb·mr + p·mr + i}) and {@code bPack} holds {@code ceil(nb/nr)} panels of
     * {@code kb×nr} floats (element (p, j) of panel q at {@code q·kb·nr + p·nr + j}).
     *
     * @param overwrite store {@code C = s} instead of {@code C = C + s}
     * @param tile      scratch of at least {@code mr·nr} floats for edge tiles
     */
    abstract void macroKernel(int mb, int nb, int kb, float[] aPack, float[] bPack,
                              float[] c, int cOff, int ldc, boolean overwrite, float[] tile);

    /**
     * The block for a C block only one B panel wide ({@code nb ≤ nr}), where each element of A is
     * used by a single tile and packing A does not pay. Must compute exactly what
     * {@code packA} followed by {@link #macroKernel} computes; this default does just that.
     */
    void singlePanelKernel(boolean transA, float[] a, int aOff, int lda, int ic, int pc, int mb, int nb, int kb,
                           float[] aPack, float[] bPack, float[] c, int cOff, int ldc, boolean overwrite,
                           float[] tile) {
        packA(transA, a, aOff, lda, ic, pc, mb, kb, aPack);
        macroKernel(mb, nb, kb, aPack, bPack, c, cOff, ldc, overwrite, tile);
    }

    @Override
    public final void gemm(boolean transA, boolean transB, int m, int n, int k,
                           float[] a, int aOff, int lda,
                           float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc,
                           boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm dimensions must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        long work = (long) m * n * k;
        if (work < SMALL_WORK) {
            directGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        packed(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** The packed, blocked product, split over the pool when large enough. */
    private void packed(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, boolean accumulate) {
        long work = (long) m * n * k;
        boolean splitRows = m >= n;
        int units = splitRows ? (m + mr - 1) / mr : (n + nr - 1) / nr;
        if (work < PARALLEL_MIN_WORK || pool.threads() == 1 || units == 1) {
            blocked(transA, transB, 0, m, 0, n, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        if (!splitRows && (m + mr - 1) / mr >= pool.threads()) {
            sharedB(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        pool.parallelFor(units, 1, (from, to) -> {
            if (splitRows) {
                blocked(transA, transB, from * mr, Math.min(m, to * mr), 0, n, n, k,
                        a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            } else {
                blocked(transA, transB, 0, m, from * nr, Math.min(n, to * nr), n, k,
                        a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            }
        });
    }

    /**
     * Threaded product with one shared packed B block: the threads pack disjoint NR panels of
     * each B block into the calling thread's buffer, then compute disjoint row ranges (multiples
     * of MR) of C against it, each packing only its own rows of A.
     */
    private void sharedB(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        int kcs = kBlockSize(n, k);
        int ncEff = Math.min(nc, roundUp(n, nr));
        Buffers buf = BUFFERS.get();
        if (buf.bPack.length < ncEff * kcs) {
            buf.bPack = new float[ncEff * kcs];
        }
        float[] bPack = buf.bPack;
        int mUnits = (m + mr - 1) / mr;
        for (int jc = 0; jc < n; jc += ncEff) {
            int nb = Math.min(ncEff, n - jc);
            int nPanels = (nb + nr - 1) / nr;
            for (int pc = 0; pc < k; pc += kcs) {
                int kb = Math.min(kcs, k - pc);
                int jcF = jc;
                int pcF = pc;
                pool.parallelFor(nPanels, 1, (from, to) -> packB(transB, b, bOff, ldb, pcF, jcF + from * nr, kb,
                        Math.min(nb, to * nr) - from * nr, bPack, from * kb * nr));
                boolean overwrite = pc == 0 && !accumulate;
                pool.parallelFor(mUnits, 1, (from, to) -> {
                    int i0 = from * mr;
                    int i1 = Math.min(m, to * mr);
                    int mcEff = Math.min(mc, roundUp(i1 - i0, mr));
                    Buffers own = BUFFERS.get();
                    if (own.aPack.length < mcEff * kb) {
                        own.aPack = new float[mcEff * kb];
                    }
                    if (own.tile.length < mr * nr) {
                        own.tile = new float[mr * nr];
                    }
                    float[] aPack = own.aPack;
                    for (int ic = i0; ic < i1; ic += mcEff) {
                        int mb = Math.min(mcEff, i1 - ic);
                        if (nb <= nr) {
                            singlePanelKernel(transA, a, aOff, lda, ic, pcF, mb, nb, kb, aPack, bPack,
                                    c, cOff + ic * ldc + jcF, ldc, overwrite, own.tile);
                        } else {
                            packA(transA, a, aOff, lda, ic, pcF, mb, kb, aPack);
                            macroKernel(mb, nb, kb, aPack, bPack, c, cOff + ic * ldc + jcF, ldc, overwrite, own.tile);
                        }
                    }
                });
            }
        }
    }

    /** Number of k blocks of a product with n columns: {@code ceil(k / kcMax(n))}. */
    static int kBlocks(int n, int k) {
        int kcMax = kcMax(n);
        return (k + kcMax - 1) / kcMax;
    }

    /** Size of every k block but the last: {@code ceil(k / kBlocks(n, k))}. */
    static int kBlockSize(int n, int k) {
        int blocks = kBlocks(n, k);
        return (k + blocks - 1) / blocks;
    }

    /** Largest k block for a product with n columns (the whole problem's n, never a thread's share). */
    static int kcMax(int n) {
        return n < NARROW_N ? KC_NARROW : KC_MAX;
    }

    private void blocked(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        int kcs = kBlockSize(n, k);
        int ncEff = Math.min(nc, roundUp(j1 - j0, nr));
        int mcEff = Math.min(mc, roundUp(i1 - i0, mr));
        Buffers buf = BUFFERS.get();
        if (buf.aPack.length < mcEff * kcs) {
            buf.aPack = new float[mcEff * kcs];
        }
        if (buf.bPack.length < ncEff * kcs) {
            buf.bPack = new float[ncEff * kcs];
        }
        if (buf.tile.length < mr * nr) {
            buf.tile = new float[mr * nr];
        }
        float[] aPack = buf.aPack;
        float[] bPack = buf.bPack;
        for (int jc = j0; jc < j1; jc += ncEff) {
            int nb = Math.min(ncEff, j1 - jc);
            for (int pc = 0; pc < k; pc += kcs) {
                int kb = Math.min(kcs, k - pc);
                packB(transB, b, bOff, ldb, pc, jc, kb, nb, bPack, 0);
                boolean overwrite = pc == 0 && !accumulate;
                for (int ic = i0; ic < i1; ic += mcEff) {
                    int mb = Math.min(mcEff, i1 - ic);
                    if (nb <= nr) {
                        singlePanelKernel(transA, a, aOff, lda, ic, pc, mb, nb, kb, aPack, bPack,
                                c, cOff + ic * ldc + jc, ldc, overwrite, buf.tile);
                    } else {
                        packA(transA, a, aOff, lda, ic, pc, mb, kb, aPack);
                        macroKernel(mb, nb, kb, aPack, bPack, c, cOff + ic * ldc + jc, ldc, overwrite, buf.tile);
                    }
                }
            }
        }
    }

    /**
     * Packs {@code op(B)[pc:pc+kb, jc:jc+nb]} into zero-padded kb×nr panels. Row-major sources
     * are read row by row (each row once, sequentially) and scattered over the panels.
     */
    private void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kb, int nb,
                       float[] bPack, int bPackOff) {
        int nr = this.nr;
        int full = nb / nr * nr;
        int w = nb - full;
        int panel = kb * nr;
        if (!transB) {
            for (int p = 0; p < kb; p++) {
                int src = bOff + (pc + p) * ldb + jc;
                int d = bPackOff + p * nr;
                for (int j0 = 0; j0 < full; j0 += nr, d += panel) {
                    copy(b, src + j0, bPack, d, nr);
                }
                if (w > 0) {
                    copy(b, src + full, bPack, d, w);
                    zero(bPack, d + w, nr - w);
                }
            }
        } else {
            for (int j0 = 0, dst = bPackOff; j0 < nb; j0 += nr, dst += panel) {
                int wj = Math.min(nr, nb - j0);
                for (int jj = 0; jj < wj; jj++) {
                    int src = bOff + (jc + j0 + jj) * ldb + pc;
                    for (int p = 0, d = dst + jj; p < kb; p++, d += nr) {
                        bPack[d] = b[src + p];
                    }
                }
                for (int jj = wj; jj < nr; jj++) {
                    for (int p = 0, d = dst + jj; p < kb; p++, d += nr) {
                        bPack[d] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs {@code op(A)[ic:ic+mb, pc:pc+kb]} into zero-padded mr×kb panels (k-major). A stored
     * transposed is read row by row (each row segment once, sequentially).
     */
    private void packA(boolean transA, float[] a, int aOff, int lda, int ic, int pc, int mb, int kb,
                       float[] aPack) {
        int mr = this.mr;
        int panel = kb * mr;
        if (!transA) {
            for (int i0 = 0, dst = 0; i0 < mb; i0 += mr, dst += panel) {
                int h = Math.min(mr, mb - i0);
                for (int ii = 0; ii < h; ii++) {
                    int src = aOff + (ic + i0 + ii) * lda + pc;
                    for (int p = 0, d = dst + ii; p < kb; p++, d += mr) {
                        aPack[d] = a[src + p];
                    }
                }
                for (int ii = h; ii < mr; ii++) {
                    for (int p = 0, d = dst + ii; p < kb; p++, d += mr) {
                        aPack[d] = 0f;
                    }
                }
            }
        } else {
            int full = mb / mr * mr;
            int h = mb - full;
            for (int p = 0; p < kb; p++) {
                int src = aOff + (pc + p) * lda + ic;
                int d = p * mr;
                for (int i0 = 0; i0 < full; i0 += mr, d += panel) {
                    copy(a, src + i0, aPack, d, mr);
                }
                if (h > 0) {
                    copy(a, src + full, aPack, d, h);
                    zero(aPack, d + h, mr - h);
                }
            }
        }
    }

    /** {@code dst[d:d+n] = src[s:s+n]} for the short runs of packing (cheaper than arraycopy calls). */
    private static void copy(float[] src, int s, float[] dst, int d, int n) {
        for (int i = 0; i < n; i++) {
            dst[d + i] = src[s + i];
        }
    }

    /** {@code x[off:off+n] = 0}. */
    private static void zero(float[] x, int off, int n) {
        for (int i = 0; i < n; i++) {
            x[off + i] = 0f;
        }
    }

    /** Unpacked path for tiny products; same per-element arithmetic as the blocked path. */
    private static void directGemm(boolean transA, boolean transB, int m, int n, int k,
                                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float[] c, int cOff, int ldc, boolean accumulate) {
        int kcs = kBlockSize(n, k);
        int aRow = transA ? 1 : lda;
        int aCol = transA ? lda : 1;
        int bRow = transB ? 1 : ldb;
        int bCol = transB ? ldb : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                for (int pc = 0; pc < k; pc += kcs) {
                    int kb = Math.min(kcs, k - pc);
                    float s = 0f;
                    int ai = aOff + i * aRow + pc * aCol;
                    int bi = bOff + pc * bRow + j * bCol;
                    for (int p = 0; p < kb; p++, ai += aCol, bi += bRow) {
                        s = Math.fma(a[ai], b[bi], s);
                    }
                    c[ci] = (pc == 0 && !accumulate) ? s : c[ci] + s;
                }
            }
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (off < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0, got " + off);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("leading dimension of " + name + " must be >= max(1, "
                    + cols + "), got " + ld);
        }
        if (rows > 0 && cols > 0) {
            long end = off + (long) (rows - 1) * ld + cols;
            if (end > x.length) {
                throw new IllegalArgumentException(name + " (" + rows + "×" + cols + ", offset " + off
                        + ", leading dimension " + ld + ") needs " + end + " floats, array has " + x.length);
            }
        }
    }

    /** Checks {@code [off, off+n)} lies inside {@code x}. */
    static void checkRange(String name, float[] x, int off, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("length of " + name + " must be >= 0, got " + n);
        }
        if (off < 0 || off + n > x.length) {
            throw new IllegalArgumentException(name + " range [" + off + ", " + (off + n)
                    + ") is outside the array of length " + x.length);
        }
    }

    /** Element count above which the row/column loops of matrix element-wise ops use the pool. */
    static final int PARALLEL_MIN_ELEMENTS = 1 << 17;
}
