package org.snn4j.core.train;

import java.util.Locale;
import java.util.SplittableRandom;
import org.snn4j.core.Parameter;
import org.snn4j.core.encode.Encoder;
import org.snn4j.core.encode.RateEncoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.loss.CrossEntropyMembraneLoss;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.network.CheckpointExecutor;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.optim.Adam;

/**
 * Harness (not a test) for gradient checkpointing over time on the long-sequence workload: FC
 * 784 → 4096 LIF → 10 LIF (β = 0.95, snnTorch defaults), rate-coded synthetic images, B = 16,
 * T = 500, cross-entropy on the output membrane, Adam(5e-4). One training step is: encode,
 * forward (plain or checkpointed), loss, backward, Adam. Prints the {@link HeapProbe} figures of the
 * first step (which allocates the layer buffers and the Adam state) and of the second, then the
 * seconds per step over the following steps. Run each mode in its own JVM:
 *
 * <pre>
 * java -Xmx2g --add-modules jdk.incubator.vector -cp snn4j-core/target/classes:snn4j-core/target/test-classes \
 *     org.snn4j.core.train.CheckpointBench [segmentSteps: 0 = plain] [timedSteps=3] [threads=2] [T=500] [B=16]
 * </pre>
 * For a timing ratio on a noisy machine, {@code alternate S rounds [threads] [T] [B]} times one plain
 * step and one checkpointed step per round, alternately, on two identically initialised networks in
 * the same JVM, and prints the median wall and process-CPU seconds of each (CPU time is less
 * sensitive to other processes on a shared machine; needs the heap of both modes together).
 */
public final class CheckpointBench {
    private static final int F = 784;
    private static final int HIDDEN = 4096;
    private static final int CLASSES = 10;

    private CheckpointBench() {
    }

    private static Network network() {
        return Network.builder(F).linear(HIDDEN).add(LifSpec.of(0.95f)).linear(CLASSES).add(LifSpec.of(0.95f))
                .build(42);
    }

    /** One training step (encode, forward, loss, backward, Adam) with segment length {@code segment} (0 = plain). */
    private static Runnable step(Network net, int segment, float[] images, int[] labels, int steps, int batch,
                                 Kernels k, float[] lossOut) {
        Encoder encoder = new RateEncoder();
        Loss loss = new CrossEntropyMembraneLoss();
        Adam adam = new Adam(5e-4f);
        float[] gMem = new float[steps * batch * CLASSES];
        return new Runnable() {
            private long seed = 7;

            @Override
            public void run() {
                seed++;
                float[] input = encoder.encode(images, batch, F, steps, seed);
                RunContext ctx = new RunContext(steps, batch, true, seed, k);
                NetworkOutput out = segment == 0 ? net.forward(input, ctx)
                        : net.forwardCheckpointed(input, ctx, segment);
                lossOut[0] = loss.compute(out, labels, null, gMem);
                net.zeroGrad();
                net.backward(null, gMem);
                adam.step(net.parameters());
            }
        };
    }

    private static void alternate(String[] args, float[] images, int[] labels) {
        int segment = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int steps = args.length > 4 ? Integer.parseInt(args[4]) : 500;
        int batch = args.length > 5 ? Integer.parseInt(args[5]) : 16;
        try (Kernels k = Kernels.create(threads)) {
            float[] lossOut = new float[1];
            Runnable plain = step(network(), 0, images, labels, steps, batch, k, lossOut);
            Runnable ckpt = step(network(), segment, images, labels, steps, batch, k, lossOut);
            plain.run();
            ckpt.run();
            double[][] tp = new double[2][rounds];
            double[][] tc = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                timeStep(plain, tp, r);
                timeStep(ckpt, tc, r);
                System.out.printf(Locale.ROOT, "round %d: plain %.3f s (cpu %.3f s), checkpointed S=%d %.3f s"
                        + " (cpu %.3f s)%n", r, tp[0][r], tp[1][r], segment, tc[0][r], tc[1][r]);
            }
            for (double[] a : tp) {
                java.util.Arrays.sort(a);
            }
            for (double[] a : tc) {
                java.util.Arrays.sort(a);
            }
            int m = rounds / 2;
            System.out.printf(Locale.ROOT, "T=%d, B=%d, %d thread(s), medians: plain %.3f s/step (cpu %.3f s), checkpointed"
                    + " S=%d %.3f s/step (cpu %.3f s); ratio wall %.2f, cpu %.2f%n", steps, batch, threads, tp[0][m],
                    tp[1][m], segment, tc[0][m], tc[1][m], tc[0][m] / tp[0][m], tc[1][m] / tp[1][m]);
        }
    }

    /** Wall and process-CPU seconds of one run of {@code step}, stored at {@code [0][r]} and {@code [1][r]}. */
    private static void timeStep(Runnable step, double[][] out, int r) {
        System.gc();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        step.run();
        out[0][r] = (System.nanoTime() - start) / 1e9;
        out[1][r] = (os.getProcessCpuTime() - cpu) / 1e9;
    }

    public static void main(String[] args) {
        SplittableRandom rnd0 = new SplittableRandom(1);
        if (args.length > 0 && args[0].equals("alternate")) {
            int batch = args.length > 5 ? Integer.parseInt(args[5]) : 16;
            float[] images = new float[batch * F];
            for (int i = 0; i < images.length; i++) {
                images[i] = (float) rnd0.nextDouble();
            }
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = i % CLASSES;
            }
            alternate(args, images, labels);
            return;
        }
        int segment = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int timed = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        Network net = network();
        SplittableRandom rnd = rnd0;
        float[] images = new float[batch * F];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) rnd.nextDouble();
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % CLASSES;
        }
        String mode = segment == 0 ? "plain" : "checkpointed S=" + segment;
        System.out.printf(Locale.ROOT, "%s, T=%d, B=%d, %d thread(s), -Xmx %.0f MiB, %d parameters%n", mode, steps,
                batch, threads, HeapProbe.maxHeapBytes() / 1048576.0, net.parameterCount());
        CheckpointExecutor.MemoryEstimate est = CheckpointExecutor.estimate(net, steps, batch,
                segment == 0 ? steps : segment);
        System.out.printf(Locale.ROOT, "executor estimate: checkpoints %.1f MiB, outputs %.1f MiB, segment %.1f MiB,"
                + " total %.1f MiB%n", est.checkpointBytes() / 1048576.0, est.outputBytes() / 1048576.0,
                est.segmentBytes() / 1048576.0, est.totalBytes() / 1048576.0);
        try (Kernels k = Kernels.create(threads)) {
            float[] lossOut = new float[1];
            Runnable step = step(net, segment, images, labels, steps, batch, k, lossOut);
            System.out.println("step 1 (allocates buffers and Adam state): " + HeapProbe.measure(step)
                    + String.format(Locale.ROOT, ", loss %.4f", lossOut[0]));
            System.out.println("step 2: " + HeapProbe.measure(step)
                    + String.format(Locale.ROOT, ", loss %.4f", lossOut[0]));
            long start = System.nanoTime();
            for (int i = 0; i < timed; i++) {
                step.run();
            }
            double perStep = (System.nanoTime() - start) / 1e9 / Math.max(timed, 1);
            System.out.printf(Locale.ROOT, "%s: %.3f s per step over %d steps (loss %.4f)%n", mode, perStep, timed,
                    lossOut[0]);
            double checksum = 0;
            for (Parameter p : net.parameters()) {
                for (float v : p.value()) {
                    checksum += v;
                }
            }
            System.out.printf(Locale.ROOT, "parameter checksum %.6f%n", checksum);
        }
    }
}
