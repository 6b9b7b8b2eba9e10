package org.snn4j.core.layer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.CsrMatrix;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.SparseKernels;
import org.snn4j.core.kernel.Simd;

/**
 * Timing harness (not a test) behind the default crossovers of {@link SparsePolicy}. For the
 * reference shapes (784→1000 and 1000→10 with rows = T·B = 25·128, 3136→256 with rows = 4·64) it
 * times a {@link Linear} layer in mode DENSE (GEMM) and SPARSE (event-driven accumulate) on random
 * binary spike inputs of several densities, on 1 and 2 threads:
 * <ul>
 *   <li>forward: an inference forward ({@code y = x·W + b});</li>
 *   <li>dW: the backward pass without input gradient ({@code dW += Xᵀ·G}, {@code db += Σ G}), the
 *       preceding training forward not timed;</li>
 *   <li>CSR: inference with pruned weights of several densities at 10 % input density, CSR against
 *       the dense weight rows (for narrow layers, which never use CSR, the two kernels alone).</li>
 * </ul>
 * Each figure is the minimum over repeated calls (the machine is shared; the minimum is the least
 * disturbed): of the calling thread's CPU time on 1 thread (immune to the thread being descheduled,
 * which otherwise penalises long calls such as the dense GEMM most), of wall time on 2 threads. GFLOP/s are effective: {@code 2·rows·in·out / time}, the dense work a call
 * replaces. For each shape it prints the density where the sparse time meets the dense time
 * (linear interpolation between the measured densities).
 *
 * <p>Run with {@code java --add-modules jdk.incubator.vector -cp snn4j-core/target/classes:snn4j-core/target/test-classes
 * org.snn4j.core.layer.SparseLinearBenchmark [seconds per cell = 1.5] [shape name filter, e.g. 784] [threads]}.
 */
public final class SparseLinearBenchmark {
    private static final double[] DENSITIES = {0.01, 0.02, 0.05, 0.10, 0.15, 0.20, 0.30, 0.50};
    private static final double[] WEIGHT_DENSITIES = {0.02, 0.05, 0.10, 0.20, 0.30};

    private record Case(String name, int in, int out, int steps, int batch) {
        int rows() {
            return steps * batch;
        }
    }

    private static final Case[] CASES = {
        new Case("784->1000", 784, 1000, 25, 128),
        new Case("1000->10", 1000, 10, 25, 128),
        new Case("3136->256", 3136, 256, 4, 64),
    };

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Time source: the calling thread's CPU time (1 thread) or wall time (more threads). */
    private static boolean cpuTime;

    private SparseLinearBenchmark() {
    }

    private static long now() {
        return cpuTime ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.5;
        String only = args.length > 1 ? args[1] : "";
        int[] threadCounts = args.length > 2 ? new int[] {Integer.parseInt(args[2])} : new int[] {1, 2};
        System.out.println("snn4j sparse Linear benchmark, " + Simd.describe() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, min over " + seconds + " s per cell");
        for (int threads : threadCounts) {
            cpuTime = threads == 1 && THREADS.isCurrentThreadCpuTimeSupported();
            try (Kernels k = Kernels.create(threads)) {
                for (Case c : CASES) {
                    if (c.name().contains(only)) {
                        run(c, k, seconds);
                    }
                }
            }
        }
    }

    private static void run(Case c, Kernels k, double seconds) {
        int rows = c.rows();
        Linear dense = (Linear) new Linear.Spec(c.in(), c.out(), true).build(Shape.of(c.in()), new SplittableRandom(1));
        Linear sparse = (Linear) new Linear.Spec(c.in(), c.out(), true).build(Shape.of(c.in()), new SplittableRandom(1));
        dense.setSparseMode(SparseMode.DENSE);
        sparse.setSparseMode(SparseMode.SPARSE);
        SplittableRandom rnd = new SplittableRandom(2);
        float[] g = new float[rows * c.out()];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) rnd.nextDouble(-1, 1);
        }
        RunContext infer = new RunContext(c.steps(), c.batch(), false, 0, k);
        RunContext train = new RunContext(c.steps(), c.batch(), true, 0, k);
        double flops = 2.0 * rows * c.in() * c.out();
        float[] x50 = spikes(rnd, rows * c.in(), 0.5);
        double denseFwd = best(seconds * 2, () -> dense.forward(x50, infer));
        double denseBwd = bestBackward(seconds * 2, dense, x50, g, train);
        System.out.println(String.format(Locale.ROOT,
                "%n%s, rows %d, %d thread(s), " + (cpuTime ? "CPU time" : "wall time") + ": dense forward %.0f us (%.1f GFLOP/s), dense dW %.0f us (%.1f GFLOP/s)",
                c.name(), rows, k.threads(), denseFwd, flops / denseFwd / 1e3, denseBwd, flops / denseBwd / 1e3));
        System.out.println(String.format(Locale.ROOT, "%8s %12s %9s %7s %12s %9s %7s",
                "density", "sparse fwd", "eff GF/s", "vs GEMM", "sparse dW", "eff GF/s", "vs GEMM"));
        double[] fwd = new double[DENSITIES.length];
        double[] bwd = new double[DENSITIES.length];
        for (int d = 0; d < DENSITIES.length; d++) {
            float[] x = spikes(rnd, rows * c.in(), DENSITIES[d]);
            fwd[d] = best(seconds, () -> sparse.forward(x, infer));
            bwd[d] = bestBackward(seconds, sparse, x, g, train);
            System.out.println(String.format(Locale.ROOT, "%7.0f%% %9.0f us %9.1f %6.2fx %9.0f us %9.1f %6.2fx",
                    DENSITIES[d] * 100, fwd[d], flops / fwd[d] / 1e3, denseFwd / fwd[d],
                    bwd[d], flops / bwd[d] / 1e3, denseBwd / bwd[d]));
        }
        System.out.println(String.format(Locale.ROOT, "crossover: forward %s, dW %s",
                crossover(fwd, denseFwd), crossover(bwd, denseBwd)));

        float[] x10 = spikes(rnd, rows * c.in(), 0.10);
        System.out.println(c.out() >= SparsePolicy.NARROW_OUTPUTS ? csrThroughLayer(c, x10, infer, seconds)
                : csrKernels(c, x10, k, seconds));
    }

    /** CSR against dense weight rows through the layer, at 10 % input density. */
    private static String csrThroughLayer(Case c, float[] x10, RunContext infer, double seconds) {
        Linear sparse = (Linear) new Linear.Spec(c.in(), c.out(), true).build(Shape.of(c.in()), new SplittableRandom(1));
        sparse.setSparseMode(SparseMode.SPARSE);
        double rowsTime = best(seconds, () -> sparse.forward(x10, infer));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "CSR forward at 10%% input (dense weight rows: %.0f us), by weight density:", rowsTime));
        for (double wd : WEIGHT_DENSITIES) {
            Linear pruned = (Linear) new Linear.Spec(c.in(), c.out(), true).build(Shape.of(c.in()), new SplittableRandom(1));
            pruned.pruneBelow(pruneThreshold(pruned.weight().value(), wd));
            pruned.setSparsePolicy(new SparsePolicy(SparseMode.SPARSE, 1.0, 1.0, 1.0));
            pruned.forward(x10, infer);
            if (pruned.lastPath() != SparsePolicy.Path.CSR) {
                throw new IllegalStateException("expected the CSR path");
            }
            double csrTime = best(seconds, () -> pruned.forward(x10, infer));
            sb.append(String.format(Locale.ROOT, "  %.0f%%: %.0f us (%.2fx)", wd * 100, csrTime, rowsTime / csrTime));
        }
        return sb.toString();
    }

    /**
     * Narrow layers never use CSR (the policy keeps their forward dense); this times the two
     * accumulate kernels directly on the compressed input instead, on the calling thread.
     */
    private static String csrKernels(Case c, float[] x10, Kernels k, double seconds) {
        int rows = c.rows();
        SparseKernels sk = k.sparse();
        int[] ptr = new int[rows + 1];
        for (int q = 0; q < rows; q++) {
            ptr[q + 1] = ptr[q] + sk.countNonZero(c.in(), x10, q * c.in());
        }
        int[] idx = new int[ptr[rows]];
        float[] val = new float[ptr[rows]];
        sk.compressRows(x10, 0, c.in(), ptr, idx, val, 0, rows);
        Linear lin = (Linear) new Linear.Spec(c.in(), c.out(), true).build(Shape.of(c.in()), new SplittableRandom(1));
        float[] w = lin.weight().value();
        float[] y = new float[rows * c.out()];
        double rowsTime = best(seconds, () -> sk.accumulateRows(ptr, idx, val, w, 0, c.out(), c.out(), null, 0, false,
                y, 0, c.out(), 0, rows));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "CSR kernel at 10%% input, 1 thread (dense weight rows kernel: %.0f us), by weight density:", rowsTime));
        for (double wd : WEIGHT_DENSITIES) {
            float[] pruned = w.clone();
            float cut = pruneThreshold(pruned, wd);
            for (int i = 0; i < pruned.length; i++) {
                if (Math.abs(pruned[i]) < cut) {
                    pruned[i] = 0f;
                }
            }
            CsrMatrix csr = CsrMatrix.fromDense(c.in(), c.out(), pruned, 0);
            double csrTime = best(seconds, () -> sk.csrAccumulateRows(ptr, idx, val, csr, null, 0, y, 0, c.out(), 0, rows));
            sb.append(String.format(Locale.ROOT, "  %.0f%%: %.0f us (%.2fx)", wd * 100, csrTime, rowsTime / csrTime));
        }
        return sb.toString();
    }

    /** The magnitude below which a fraction 1 − density of |w| lies. */
    private static float pruneThreshold(float[] w, double density) {
        float[] a = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            a[i] = Math.abs(w[i]);
        }
        java.util.Arrays.sort(a);
        int keepFrom = (int) Math.round(a.length * (1 - density));
        return a[Math.min(a.length - 1, keepFrom)];
    }

    private static String crossover(double[] sparse, double dense) {
        for (int d = 1; d < DENSITIES.length; d++) {
            if (sparse[d] >= dense && sparse[d - 1] < dense) {
                double f = (dense - sparse[d - 1]) / (sparse[d] - sparse[d - 1]);
                return String.format(Locale.ROOT, "%.1f%%", 100 * (DENSITIES[d - 1] + f * (DENSITIES[d] - DENSITIES[d - 1])));
            }
        }
        return sparse[0] >= dense ? "below 1%" : "above 50%";
    }

    private static float[] spikes(SplittableRandom rnd, int n, double density) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            if (rnd.nextDouble() < density) {
                x[i] = 1f;
            }
        }
        return x;
    }

    /** Minimum time in µs of {@code call}, after one warm-up call, over at least 3 calls and {@code seconds}. */
    private static double best(double seconds, Runnable call) {
        call.run();
        double min = Double.MAX_VALUE;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        while (n < 3 || System.nanoTime() < end) {
            long t0 = now();
            call.run();
            min = Math.min(min, (now() - t0) / 1e3);
            n++;
        }
        return min;
    }

    private static double bestBackward(double seconds, Linear lin, float[] x, float[] g, RunContext train) {
        float[] gc = g.clone();
        lin.forward(x, train);
        lin.backward(gc, false);
        double min = Double.MAX_VALUE;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        while (n < 3 || System.nanoTime() < end) {
            lin.forward(x, train);
            long t0 = now();
            lin.backward(gc, false);
            min = Math.min(min, (now() - t0) / 1e3);
            n++;
        }
        lin.weight().zeroGrad();
        return min;
    }
}
