package org.snn4j.core.network;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.loss.CrossEntropyMembraneLoss;
import org.snn4j.core.optim.Adam;

/**
 * Timing harness (not a test) for one folded training step ({@link Network#forwardTimeInvariant} +
 * backward + Adam) of the reference workload 784-1000 LIF-10 LIF (β = 0.95), T = 25, B = 128,
 * cross-entropy on the output membrane, synthetic data: the first LIF layer reading the
 * {@code [B, 1000]} rows directly ({@link org.snn4j.core.layer.TimeInvariantInput}) against the
 * {@code [T, B, 1000]} broadcast copy with the sum over time in backward. Two identical networks,
 * steps interleaved so that both see the same machine load; prints the median and mean
 * milliseconds per step of each (wall time, and the main thread's CPU time, which with one thread
 * is the whole step and is less disturbed by other processes), the mean split into forward,
 * backward and the rest, and the ratios. Arguments: {@code [threads=1] [steps=20] [warmup=20]}
 * (the JIT keeps recompiling the kernels for the first few seconds: keep the warm-up long).
 *
 * <p>Run with {@code java --add-modules jdk.incubator.vector -cp core-classes:test-classes
 * org.snn4j.core.network.FoldedStepProfile 1 40 40}.
 */
public final class FoldedStepProfile {
    private static final int T = 25;
    private static final int B = 128;
    private static final int F = 784;

    private FoldedStepProfile() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        SplittableRandom rnd = new SplittableRandom(7);
        float[] x = new float[B * F];
        int[] labels = new int[B];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        for (int i = 0; i < B; i++) {
            labels[i] = rnd.nextInt(10);
        }
        try (Kernels kern = Kernels.create(threads)) {
            Network direct = Network.builder(F).linear(1000).lif(0.95f).linear(10).lif(0.95f).build(1L);
            Network broadcast = direct.spec().build(1L);
            broadcast.timeInvariantLayers(false);
            Network[] nets = {direct, broadcast};
            Adam[] adams = {new Adam(5e-4f), new Adam(5e-4f)};
            CrossEntropyMembraneLoss loss = new CrossEntropyMembraneLoss();
            float[] gMem = new float[T * B * 10];
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long[][] nanos = new long[2][steps];
            long[][] cpu = new long[2][steps];
            long[][] phases = new long[2][3];
            for (int s = -warmup; s < steps; s++) {
                for (int k = 0; k < 2; k++) {
                    int which = (s & 1) == 0 ? k : 1 - k;
                    Network net = nets[which];
                    long c0 = mx.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    NetworkOutput out = net.forwardTimeInvariant(x, new RunContext(T, B, true, s, kern));
                    long c1 = mx.getCurrentThreadCpuTime();
                    loss.compute(out, labels, null, gMem);
                    net.zeroGrad();
                    long c2 = mx.getCurrentThreadCpuTime();
                    net.backward(null, gMem);
                    long c3 = mx.getCurrentThreadCpuTime();
                    adams[which].step(net.parameters());
                    long t4 = System.nanoTime();
                    long c4 = mx.getCurrentThreadCpuTime();
                    if (s >= 0) {
                        nanos[which][s] = t4 - t0;
                        cpu[which][s] = c4 - c0;
                        phases[which][0] += c1 - c0;
                        phases[which][1] += c3 - c2;
                        phases[which][2] += (c2 - c1) + (c4 - c3);
                    }
                }
            }
            if (!direct.foldedIntoLayer() || broadcast.foldedIntoLayer()) {
                throw new IllegalStateException("the two networks did not take the intended paths");
            }
            System.out.printf(Locale.ROOT, "folded training step 784-1000-10 LIF, T=%d B=%d, %s kernels, %d thread(s), "
                    + "%d steps each (interleaved)%n", T, B, kern.name(), threads, steps);
            double[][] wallStats = {stats(nanos[0]), stats(nanos[1])};
            double[][] cpuStats = {stats(cpu[0]), stats(cpu[1])};
            String[] names = {"LIF reads [B, N] (new)", "broadcast [T, B, N]   "};
            for (int k = 0; k < 2; k++) {
                System.out.printf(Locale.ROOT, "  %s: wall median %7.2f mean %7.2f ms; main-thread CPU median %7.2f "
                        + "mean %7.2f ms%n", names[k], wallStats[k][0], wallStats[k][1], cpuStats[k][0], cpuStats[k][1]);
            }
            for (int k = 0; k < 2; k++) {
                System.out.printf(Locale.ROOT, "  %s CPU: mean forward %6.2f ms, backward %6.2f ms, loss + Adam %6.2f ms%n",
                        k == 0 ? "new      " : "broadcast", phases[k][0] / 1e6 / steps, phases[k][1] / 1e6 / steps,
                        phases[k][2] / 1e6 / steps);
            }
            System.out.printf(Locale.ROOT, "  ratio new/broadcast: wall median %.3f mean %.3f; CPU median %.3f mean %.3f%n",
                    wallStats[0][0] / wallStats[1][0], wallStats[0][1] / wallStats[1][1],
                    cpuStats[0][0] / cpuStats[1][0], cpuStats[0][1] / cpuStats[1][1]);
        }
    }

    /** Median and mean of nanosecond samples, in milliseconds. */
    private static double[] stats(long[] samples) {
        long[] v = samples.clone();
        Arrays.sort(v);
        int m = v.length;
        double median = (m % 2 == 1 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2.0) / 1e6;
        return new double[] {median, Arrays.stream(v).average().orElse(0) / 1e6};
    }
}
