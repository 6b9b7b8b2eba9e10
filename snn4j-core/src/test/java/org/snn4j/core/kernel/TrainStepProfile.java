package org.snn4j.core.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.data.InMemoryDataset;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.loss.CrossEntropyMembraneLoss;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.train.Trainer;

/**
 * Timing harness (not a test) for one training step of the reference workload: the snnTorch
 * tutorial 5 network 784-1000-10 with LIF neurons (β = 0.95), T = 25, B = 128, direct encoding,
 * cross-entropy on the output membrane, Adam(5e-4), on synthetic data. Prints the time split of a
 * step (encoder, forward GEMMs, forward rest = LIF and bias, loss, backward GEMMs, backward rest,
 * Adam) from per-thread CPU time and wall time, then the samples/s of {@link Trainer#fit} for one
 * epoch of synthetic data. Arguments: {@code [threads=1] [steps=20] [fitSamples=2560]}.
 *
 * <p>Run with {@code java --add-modules jdk.incubator.vector -cp core-classes:test-classes
 * org.snn4j.core.kernel.TrainStepProfile 1}.
 */
public final class TrainStepProfile {
    private static final int T = 25;
    private static final int B = 128;
    private static final int F = 784;

    private TrainStepProfile() {
    }

    /** Wall nanoseconds spent in GEMMs, per shape label, since the last reset. */
    static final class TimingKernels implements Kernels {
        final Kernels inner;
        final Map<String, long[]> gemmNanos = new LinkedHashMap<>();

        TimingKernels(Kernels inner) {
            this.inner = inner;
        }

        long totalGemm() {
            long s = 0;
            for (long[] v : gemmNanos.values()) {
                s += v[0];
            }
            return s;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public int floatLanes() {
            return inner.floatLanes();
        }

        @Override
        public int threads() {
            return inner.threads();
        }

        @Override
        public ThreadPool pool() {
            return inner.pool();
        }

        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
            long t0 = System.nanoTime();
            inner.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            long dt = System.nanoTime() - t0;
            String key = (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m + "x" + n + "x" + k;
            long[] v = gemmNanos.computeIfAbsent(key, x -> new long[2]);
            v[0] += dt;
            v[1]++;
        }

        @Override
        public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
            inner.axpy(n, alpha, x, xOff, y, yOff);
        }

        @Override
        public void scale(int n, float alpha, float[] x, int off) {
            inner.scale(n, alpha, x, off);
        }

        @Override
        public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
            return inner.dot(n, x, xOff, y, yOff);
        }

        @Override
        public void addRowVector(int rows, int cols, float[] v, int vOff, float[] c, int cOff) {
            inner.addRowVector(rows, cols, v, vOff, c, cOff);
        }

        @Override
        public void sumRows(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
            inner.sumRows(rows, cols, x, xOff, out, outOff);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int fitSamples = args.length > 2 ? Integer.parseInt(args[2]) : 2560;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        SplittableRandom rnd = new SplittableRandom(7);
        float[] x = new float[B * F];
        int[] labels = new int[B];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        for (int i = 0; i < B; i++) {
            labels[i] = rnd.nextInt(10);
        }
        try (TimingKernels kern = new TimingKernels(Kernels.create(threads))) {
            Network net = Network.builder(F).linear(1000).lif(0.95f).linear(10).lif(0.95f).build(1L);
            DirectEncoder enc = new DirectEncoder();
            CrossEntropyMembraneLoss loss = new CrossEntropyMembraneLoss();
            Adam adam = new Adam(5e-4f);
            float[] gOut = new float[T * B * 10];
            float[] gMem = new float[T * B * 10];
            String[] phases = {"encode", "forward", "loss", "zeroGrad", "backward", "adam"};
            long[] wall = new long[phases.length];
            long[] cpu = new long[phases.length];
            long gemmFwd = 0;
            long gemmBwd = 0;
            for (int s = -5; s < steps; s++) {
                if (s == 0) {
                    java.util.Arrays.fill(wall, 0);
                    java.util.Arrays.fill(cpu, 0);
                    kern.gemmNanos.clear();
                    gemmFwd = 0;
                    gemmBwd = 0;
                }
                long[] tw = new long[phases.length + 1];
                long[] tc = new long[phases.length + 1];
                tw[0] = System.nanoTime();
                tc[0] = mx.getCurrentThreadCpuTime();
                float[] input = enc.encode(x, B, F, T, s);
                tw[1] = System.nanoTime();
                tc[1] = mx.getCurrentThreadCpuTime();
                long g0 = kern.totalGemm();
                NetworkOutput out = net.forward(input, new RunContext(T, B, true, s, kern));
                long g1 = kern.totalGemm();
                tw[2] = System.nanoTime();
                tc[2] = mx.getCurrentThreadCpuTime();
                loss.compute(out, labels, loss.usesOutput() ? gOut : null, loss.usesMembrane() ? gMem : null);
                tw[3] = System.nanoTime();
                tc[3] = mx.getCurrentThreadCpuTime();
                net.zeroGrad();
                tw[4] = System.nanoTime();
                tc[4] = mx.getCurrentThreadCpuTime();
                net.backward(loss.usesOutput() ? gOut : null, loss.usesMembrane() ? gMem : null);
                long g2 = kern.totalGemm();
                tw[5] = System.nanoTime();
                tc[5] = mx.getCurrentThreadCpuTime();
                List<Parameter> params = net.parameters();
                adam.step(params);
                tw[6] = System.nanoTime();
                tc[6] = mx.getCurrentThreadCpuTime();
                for (int p = 0; p < phases.length; p++) {
                    wall[p] += tw[p + 1] - tw[p];
                    cpu[p] += tc[p + 1] - tc[p];
                }
                gemmFwd += g1 - g0;
                gemmBwd += g2 - g1;
            }
            long totalWall = 0;
            for (long w : wall) {
                totalWall += w;
            }
            System.out.printf(Locale.ROOT, "train step profile: %s kernels, %d thread(s), T=%d B=%d, %d steps%n",
                    kern.name(), threads, T, B, steps);
            for (int p = 0; p < phases.length; p++) {
                System.out.printf(Locale.ROOT, "  %-10s wall %8.2f ms/step (%5.1f %%)  cpu(main thread) %8.2f ms/step%n",
                        phases[p], wall[p] / 1e6 / steps, 100.0 * wall[p] / totalWall, cpu[p] / 1e6 / steps);
            }
            System.out.printf(Locale.ROOT, "  forward: GEMM %.2f ms, rest (LIF, bias) %.2f ms; backward: GEMM %.2f ms, rest %.2f ms%n",
                    gemmFwd / 1e6 / steps, (wall[1] - gemmFwd) / 1e6 / steps,
                    gemmBwd / 1e6 / steps, (wall[4] - gemmBwd) / 1e6 / steps);
            for (Map.Entry<String, long[]> e : kern.gemmNanos.entrySet()) {
                String[] dims = e.getKey().substring(3).split("x");
                double flops = 2.0 * Long.parseLong(dims[0]) * Long.parseLong(dims[1]) * Long.parseLong(dims[2]);
                long[] v = e.getValue();
                System.out.printf(Locale.ROOT, "  gemm %-20s %7.2f ms/step  %6.1f GFLOP/s%n", e.getKey(),
                        v[0] / 1e6 / steps, flops * v[1] / v[0]);
            }
            System.out.printf(Locale.ROOT, "  step total %.2f ms = %.1f samples/s%n", totalWall / 1e6 / steps,
                    B * steps / (totalWall / 1e9));

            float[] features = new float[fitSamples * F];
            int[] fitLabels = new int[fitSamples];
            for (int i = 0; i < features.length; i++) {
                features[i] = (float) rnd.nextDouble();
            }
            for (int i = 0; i < fitSamples; i++) {
                fitLabels[i] = rnd.nextInt(10);
            }
            InMemoryDataset data = new InMemoryDataset("synthetic", Shape.of(F), 10, features, fitLabels);
            Trainer trainer = Trainer.builder(net).loss(loss).optimizer(new Adam(5e-4f)).encoder(enc).steps(T)
                    .batchSize(B).epochs(1).kernels(kern.inner).build();
            double rate = trainer.fit(data, null).samplesPerSecond();
            System.out.printf(Locale.ROOT, "  Trainer.fit, 1 epoch of %d samples: %.1f samples/s%n", fitSamples, rate);
        }
    }
}
