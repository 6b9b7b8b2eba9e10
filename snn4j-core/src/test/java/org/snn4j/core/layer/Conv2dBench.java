package org.snn4j.core.layer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;

/**
 * Manual benchmark (not a test) of {@link Conv2d} forward and backward on {@code T·B = 256} rows,
 * reported in GFLOP/s (2 flops per multiply-add of the convolution; backward counts the weight and
 * the input gradient) for 1 and 2 threads, interleaved call by call after a warm-up: from the
 * fastest call (the machine is a shared VM; the fastest call is the least disturbed one) with the
 * 2-thread / 1-thread ratio, from the median call, and for 1 thread from the median CPU time. Layers: the reference 32→64, 3×3, pad 1 on 14×14, a first layer
 * (1→32 on 28×28), a 1×1 (64→64 on 14×14) and a depthwise 3×3 (64 on 14×14). Also times
 * {@code im2col} alone for the reference layer and a plain GEMM with the same flop count. Layers
 * with one input channel per group run with both algorithms (direct loops and im2col + GEMM).
 * Arguments: {@code [rounds=5] [layers=all] [chunkFloats…]}: {@code layers} is a comma-separated
 * list of indices into the table above (0 = reference layer) or {@code all}; chunk column-buffer
 * targets to compare default to the layer's default.
 *
 * <p>Run with {@code java --add-modules jdk.incubator.vector -cp core-classes:test-classes
 * org.snn4j.core.layer.Conv2dBench}.
 */
public final class Conv2dBench {
    private static final int ROWS = 256;

    private Conv2dBench() {
    }

    record Layer(String name, int cin, int cout, int k, int pad, int groups, int h) {
        long macs() {
            return (long) ROWS * cout * (cin / groups) * k * k * h * h;
        }
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String which = args.length > 1 ? args[1] : "all";
        int[] chunks;
        if (args.length > 2) {
            chunks = new int[args.length - 2];
            for (int i = 2; i < args.length; i++) {
                chunks[i - 2] = Integer.parseInt(args[i]);
            }
        } else {
            chunks = new int[] {Conv2d.DEFAULT_CHUNK_FLOATS};
        }
        Layer[] layers = {
            new Layer("32->64 3x3 14x14", 32, 64, 3, 1, 1, 14),
            new Layer("1->32 3x3 28x28", 1, 32, 3, 1, 1, 28),
            new Layer("64->64 1x1 14x14", 64, 64, 1, 0, 1, 14),
            new Layer("dw 64 3x3 14x14", 64, 64, 3, 1, 64, 14),
        };
        try (Kernels k1 = Kernels.create(1); Kernels k2 = Kernels.create(2)) {
            System.out.println("kernels: " + k1.name() + ", " + k1.floatLanes() + " lanes; rows " + ROWS);
            for (int i = 0; i < layers.length; i++) {
                if (!which.equals("all") && !("," + which + ",").contains("," + i + ",")) {
                    continue;
                }
                for (int chunk : chunks) {
                    if (layers[i].cin / layers[i].groups == 1) {
                        bench(layers[i], chunk, true, rounds, k1, k2);
                        bench(layers[i], chunk, false, rounds, k1, k2);
                    } else {
                        bench(layers[i], chunk, null, rounds, k1, k2);
                    }
                }
            }
            if (which.equals("all")) {
                im2colAndGemm(rounds, k1, k2);
            }
        }
    }

    /** CPU nanoseconds of the calling thread and of the 2-thread pool's worker. */
    private static final class Clock {
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long workerId = -1;

        void findWorker(Kernels k2) {
            k2.pool().parallelFor(2, 1, (from, to) -> {
                if (from == 1) {
                    workerId = Thread.currentThread().threadId();
                }
            });
        }

        long caller() {
            return mx.getCurrentThreadCpuTime();
        }

        long worker() {
            return workerId < 0 ? 0 : mx.getThreadCpuTime(workerId);
        }
    }

    /** One measured call: wall time and the CPU time of the two threads that may run it. */
    private record Sample(long wall, long callerCpu, long workerCpu) {
    }

    private static Sample time(Clock clock, Runnable call) {
        long c0 = clock.caller();
        long w0 = clock.worker();
        long t0 = System.nanoTime();
        call.run();
        long t1 = System.nanoTime();
        return new Sample(t1 - t0, clock.caller() - c0, clock.worker() - w0);
    }

    private static void bench(Layer l, int chunkFloats, Boolean direct, int rounds, Kernels k1, Kernels k2) {
        Conv2d.Spec spec = new Conv2d.Spec(l.cin, l.cout, l.k, 1, l.pad, 1, l.groups, true);
        Shape in = Shape.of(l.cin, l.h, l.h);
        Conv2d conv = new Conv2d(spec, in, new SplittableRandom(1), chunkFloats, direct);
        SplittableRandom rnd = new SplittableRandom(2);
        float[] x = new float[ROWS * in.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() < 0.2 ? 1f : 0f;
        }
        float[] dy = new float[ROWS * conv.outputShape().size()];
        for (int i = 0; i < dy.length; i++) {
            dy[i] = (float) rnd.nextDouble(-1, 1);
        }
        double flops = 2.0 * l.macs();
        Kernels[] ks = {k1, k2};
        Clock clock = new Clock();
        clock.findWorker(k2);
        int reps = Math.max(3, (int) (4e8 / flops));
        // warm-up: compile every path with both thread counts
        for (int i = 0; i < 3 * reps; i++) {
            RunContext ctx = new RunContext(1, ROWS, true, 0, ks[i % 2]);
            conv.forward(x, ctx);
            conv.backward(dy, i % 3 != 0);
        }
        int n = rounds * reps;
        // [threads][forward, backward with dX, backward without dX][call]
        Sample[][][] samples = new Sample[2][3][n];
        for (int r = 0; r < n; r++) {
            for (int t = 0; t < 2; t++) {
                RunContext ctx = new RunContext(1, ROWS, true, 0, ks[t]);
                samples[t][0][r] = time(clock, () -> conv.forward(x, ctx));
                samples[t][1][r] = time(clock, () -> conv.backward(dy, true));
                conv.forward(x, ctx);
                samples[t][2][r] = time(clock, () -> conv.backward(dy, false));
            }
        }
        double[] mult = {1, 2, 1};
        String[] names = {"fwd", "bwd", "bwd no dX"};
        String algorithm = direct == null ? "auto" : direct ? "direct" : "gemm";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-18s %-6s chunk %6d (%3d img)",
                l.name, algorithm, chunkFloats, conv.chunkImages(ROWS)));
        for (int m = 0; m < 3; m++) {
            double wall1 = min(samples[0][m], Sample::wall);
            double wall2 = min(samples[1][m], Sample::wall);
            double med1 = median(samples[0][m], Sample::wall);
            double med2 = median(samples[1][m], Sample::wall);
            double cpu1 = median(samples[0][m], Sample::callerCpu);
            double f = mult[m] * flops;
            sb.append(String.format(Locale.ROOT, " | %s %5.1f / %5.1f GFLOP/s x%.2f (median %5.1f / %5.1f; 1-thread CPU %5.1f)",
                    names[m], f / wall1, f / wall2, wall1 / wall2, f / med1, f / med2, f / cpu1));
        }
        System.out.println(sb);
    }

    private static double min(Sample[] s, java.util.function.ToLongFunction<Sample> f) {
        long m = Long.MAX_VALUE;
        for (Sample x : s) {
            m = Math.min(m, f.applyAsLong(x));
        }
        return m;
    }

    private static double median(Sample[] s, java.util.function.ToLongFunction<Sample> f) {
        long[] v = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            v[i] = f.applyAsLong(s[i]);
        }
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }

    /** im2col alone for the reference layer, and a GEMM of the same shape over all images at once. */
    private static void im2colAndGemm(int rounds, Kernels k1, Kernels k2) {
        ConvGeometry geo = new ConvGeometry(14, 14, 3, 1, 1, 1);
        int cin = 32;
        int kg = cin * 9;
        int pix = geo.pixels;
        float[] x = new float[ROWS * cin * geo.plane];
        float[] cols = new float[kg * pix];
        double bestIm2col = Double.MAX_VALUE;
        for (int r = 0; r < rounds * 3; r++) {
            long t0 = System.nanoTime();
            for (int img = 0; img < ROWS; img++) {
                geo.im2col(x, img * cin * geo.plane, cin, cols, 0, pix);
            }
            bestIm2col = Math.min(bestIm2col, System.nanoTime() - t0);
        }
        int n = ROWS * pix;
        float[] big = new float[kg * n];
        float[] w = new float[64 * kg];
        float[] c = new float[64 * n];
        double flops = 2.0 * 64 * kg * n;
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        Kernels[] ks = {k1, k2};
        for (int r = 0; r < rounds; r++) {
            for (int t = 0; t < 2; t++) {
                long t0 = System.nanoTime();
                ks[t].gemm(false, false, 64, n, kg, w, 0, kg, big, 0, n, c, 0, n, false);
                best[t] = Math.min(best[t], System.nanoTime() - t0);
            }
        }
        // the same products as the layer issues them: per chunk of 1, 2, 4 images, on one thread
        for (int images : new int[] {1, 2, 4}) {
            int nn = images * pix;
            double bestChunk = Double.MAX_VALUE;
            for (int r = 0; r < rounds * 3; r++) {
                long t0 = System.nanoTime();
                for (int img = 0; img < ROWS; img += images) {
                    k1.gemm(false, false, 64, nn, kg, w, 0, kg, big, 0, nn, c, 0, nn, false);
                }
                bestChunk = Math.min(bestChunk, System.nanoTime() - t0);
            }
            System.out.printf(Locale.ROOT, "GEMM 64x%dx%d per chunk of %d images, all %d images: %.2f ms, %.1f GFLOP/s%n",
                    nn, kg, images, ROWS, bestChunk / 1e6, flops / bestChunk);
        }
        System.out.printf(Locale.ROOT, "im2col 32ch 14x14 3x3, %d images: %.2f ms (1 thread); "
                        + "columns of all images would take %.1f MB%n", ROWS, bestIm2col / 1e6,
                4.0 * kg * n / 1e6);
        System.out.printf(Locale.ROOT, "plain GEMM 64x%dx%d: %.1f / %.1f GFLOP/s (1 / 2 threads)%n", n, kg,
                flops / best[0], flops / best[1]);
    }
}
