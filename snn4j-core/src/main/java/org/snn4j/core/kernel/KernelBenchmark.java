package org.snn4j.core.kernel;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures GEMM throughput of a {@link Kernels} implementation. {@link #gemmGflops} reports
 * {@code 2·m·n·k·calls / seconds / 1e9} for {@code C = op(A)·op(B)} on uniformly random operands in
 * [-1, 1) (fixed seed), after a warm-up. {@link #main} prints a table for the dense shapes of the
 * reference SNN workload (784-1000-10 MLP, 3200 rows = time steps × batch), comparing the scalar and
 * vector implementations on 1 and 2 threads.
 */
public final class KernelBenchmark {

    /** One GEMM shape: {@code op(A)} is m×k, {@code op(B)} is k×n. */
    private record Shape(String label, boolean transA, boolean transB, int m, int n, int k) {
    }

    private static final Shape[] SHAPES = {
        new Shape("square 1024^3", false, false, 1024, 1024, 1024),
        new Shape("forward x*W", false, false, 3200, 1000, 784),
        new Shape("weight grad X^T*d", true, false, 784, 1000, 3200),
        new Shape("input grad d*W^T", false, true, 3200, 784, 1000),
        new Shape("output fwd", false, false, 3200, 10, 1000),
        new Shape("output input grad", false, true, 3200, 1000, 10),
    };

    private KernelBenchmark() {
    }

    /**
     * Times {@code kernels.gemm(transA, transB, m, n, k, …, accumulate=false)} with dense operands
     * (leading dimensions equal to the stored widths). Runs at least one warm-up call and keeps
     * warming up for {@code min(0.5, minSeconds / 2)} seconds, then repeats the call until
     * {@code minSeconds} have elapsed (at least once).
     *
     * @return GFLOP/s, counting {@code 2·m·n·k} floating-point operations per call
     */
    public static double gemmGflops(Kernels kernels, boolean transA, boolean transB, int m, int n, int k,
                                    double minSeconds) {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("m, n, k must be >= 1, got " + m + ", " + n + ", " + k);
        }
        if (!(minSeconds > 0) || minSeconds > 3600) {
            throw new IllegalArgumentException("minSeconds must be in (0, 3600], got " + minSeconds);
        }
        SplittableRandom rnd = new SplittableRandom(42);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        long warmEnd = System.nanoTime() + (long) (Math.min(0.5, minSeconds / 2) * 1e9);
        do {
            kernels.gemm(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
        } while (System.nanoTime() < warmEnd);
        long start = System.nanoTime();
        long end = start + (long) (minSeconds * 1e9);
        long calls = 0;
        long now;
        do {
            kernels.gemm(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
            calls++;
            now = System.nanoTime();
        } while (now < end);
        return 2.0 * m * n * k * calls / ((now - start) * 1e-9) / 1e9;
    }

    /**
     * Prints the GFLOP/s table. Optional argument: seconds per measurement (default 1.0).
     * The vector columns need {@code --add-modules jdk.incubator.vector}; without it (or with
     * {@code -Dsnn4j.simd=off}) they are skipped.
     */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        boolean simd = Simd.enabled();
        System.out.println("snn4j GEMM benchmark, " + Simd.describe() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, " + seconds + " s per cell");
        System.out.println(String.format(Locale.ROOT, "%-20s %2s %5s %5s %5s %9s %9s %9s %9s %7s %7s",
                "shape", "op", "m", "n", "k", "scalar-1t", "scalar-2t", "vector-1t", "vector-2t", "vec/sc", "2t/1t"));
        try (Kernels s1 = Kernels.scalar(1); Kernels s2 = Kernels.scalar(2);
             Kernels v1 = simd ? Kernels.create(1) : null; Kernels v2 = simd ? Kernels.create(2) : null) {
            for (Shape sh : SHAPES) {
                double gs1 = gemmGflops(s1, sh.transA(), sh.transB(), sh.m(), sh.n(), sh.k(), seconds);
                double gs2 = gemmGflops(s2, sh.transA(), sh.transB(), sh.m(), sh.n(), sh.k(), seconds);
                double gv1 = simd ? gemmGflops(v1, sh.transA(), sh.transB(), sh.m(), sh.n(), sh.k(), seconds) : Double.NaN;
                double gv2 = simd ? gemmGflops(v2, sh.transA(), sh.transB(), sh.m(), sh.n(), sh.k(), seconds) : Double.NaN;
                String op = (sh.transA() ? "T" : "N") + (sh.transB() ? "T" : "N");
                System.out.println(String.format(Locale.ROOT, "%-20s %2s %5d %5d %5d %9.1f %9.1f %9.1f %9.1f %7.1f %7.2f",
                        sh.label(), op, sh.m(), sh.n(), sh.k(), gs1, gs2, gv1, gv2,
                        simd ? gv1 / gs1 : gs1 / gs1, simd ? gv2 / gv1 : gs2 / gs1));
            }
        }
    }
}
