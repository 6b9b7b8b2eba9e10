package org.snn4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.data.Datasets;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.kernel.KernelBenchmark;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.Simd;
import org.snn4j.core.loss.Losses;
import org.snn4j.core.network.Network;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.train.Evaluation;
import org.snn4j.core.train.Evaluator;
import org.snn4j.core.train.HeapProbe;
import org.snn4j.core.train.Trainer;
import org.snn4j.core.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snn4j bench train}: training and inference speed of the benchmark workloads
 * ({@link BenchWorkload}), for each requested thread count: samples/s, sustained GFLOP/s where the
 * arithmetic is stated, the ratio to a peer framework where one was measured, and the peak heap
 * during training ({@link HeapProbe}: the sum of the heap pools' peaks, an upper bound that counts
 * uncollected garbage; run under {@code -Xmx} to prove a bound).
 * The reference workload {@code fc} has arithmetic identical to snnTorch tutorial 5 — 784-1000-10,
 * LIF β = 0.95 with reset by subtraction, T = 25, batch 128, the image fed as a current to the
 * first layer at every step, cross-entropy on the membrane potential summed over steps, Adam 5e-4.
 * Inference always uses the exact time-invariant shortcut. Ends with one JSON line.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Benchmark training and inference of the benchmark workloads for each thread count:",
                "samples/s, GFLOP/s, peak heap, and the ratio to peer frameworks measured on the reference machine."})
final class BenchTrainCommand implements Callable<Integer> {

    @Option(names = {"-w", "--workloads"}, split = ",", defaultValue = "fc,fc-folded,conv,long-t,long-t-ckpt",
            description = "Workloads, comma separated: fc (snnTorch tutorial 5 arithmetic), fc-folded, conv "
                    + "(SpikingJelly's Fashion-MNIST net at 32 channels), long-t and long-t-ckpt (784-4096-10 LIF, "
                    + "T=500, B=16, without and with checkpointing) (default: ${DEFAULT-VALUE}).")
    List<String> workloads;

    @Option(names = {"-t", "--threads"}, split = ",", defaultValue = "1,2",
            description = "Thread counts to measure, comma separated (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--batches", description = "Timed training batches per workload (default: the workload's, 20 for fc).")
    Integer batches;

    @Option(names = "--infer-samples",
            description = "Timed inference samples per workload (default: the workload's: 5000 fc, 2000 conv, 64 long-t).")
    Integer inferSamples;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (batches != null && (batches < 2 || batches > 10_000)) {
            throw new CliException("--batches must be between 2 and 10000, got " + batches);
        }
        if (inferSamples != null && (inferSamples < 1 || inferSamples > 1_000_000)) {
            throw new CliException("--infer-samples must be between 1 and 1000000, got " + inferSamples);
        }
        for (int t : threads) {
            Threads.resolve(t);
        }
        List<BenchWorkload> selected = BenchWorkload.resolve(workloads);
        var out = spec.commandLine().getOut();
        DataSupport.Loaded data = DataSupport.bundled();
        out.printf(Locale.ROOT, "%s %s, %s; CPU: %s, %d processors; max heap %d MiB%n",
                System.getProperty("java.vendor"), System.getProperty("java.version"), Simd.describe(), cpuModel(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BenchWorkload w : selected) {
            int timed = batches != null ? batches : w.timedBatches();
            int warm = Math.max(1, timed / 5);
            int inferN = inferSamples != null ? inferSamples : w.inferSamples();
            out.println();
            out.printf(Locale.ROOT, "%s: %s%n", w.name(), w.description());
            out.printf(Locale.ROOT, "  %d warm-up + %d timed batches of %d; inference on %d samples%n", warm, timed,
                    w.batch(), inferN);
            out.println("  threads | train samples/s | x peer | train GFLOP/s | infer samples/s | x peer | peak heap MiB");
            out.flush();
            Dataset train = repeat(data.train(), (warm + timed) * w.batch());
            Dataset infer = repeat(data.train(), inferN);
            for (int t : threads) {
                try (Kernels kernels = Kernels.create(t)) {
                    double[] rate = new double[1];
                    HeapProbe.Result heap = HeapProbe.measure(() -> rate[0] = trainRate(w, kernels, train, warm, timed));
                    double trainRate = rate[0];
                    long peakHeap = heap.peakBytes();
                    double inferRate = inferRate(w, kernels, infer);
                    double peerTrain = w.peerTrain().getOrDefault(t, Double.NaN);
                    double peerInfer = w.peerInfer().getOrDefault(t, Double.NaN);
                    double gflops = w.flopPerSample() > 0 ? trainRate * w.flopPerSample() / 1e9 : Double.NaN;
                    out.printf(Locale.ROOT, "  %7d | %15.1f | %5sx | %13s | %15.0f | %5sx | %13d%n", t, trainRate,
                            ratio(trainRate, peerTrain), Double.isNaN(gflops) ? "-" : String.format(Locale.ROOT, "%.1f", gflops),
                            inferRate, ratio(inferRate, peerInfer), peakHeap >> 20);
                    out.flush();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("workload", w.name());
                    row.put("threads", t);
                    row.put("train_samples_per_second", JsonLine.round(trainRate, 1));
                    row.put("train_vs_peer", Double.isNaN(peerTrain) ? null : JsonLine.round(trainRate / peerTrain, 3));
                    row.put("train_gflops", Double.isNaN(gflops) ? null : JsonLine.round(gflops, 1));
                    row.put("infer_samples_per_second", JsonLine.round(inferRate, 1));
                    row.put("infer_vs_peer", Double.isNaN(peerInfer) ? null : JsonLine.round(inferRate / peerInfer, 3));
                    row.put("peak_heap_mib", peakHeap >> 20);
                    rows.add(row);
                }
            }
            if (w.peer() != null) {
                out.printf(Locale.ROOT, "  peer: %s, train %s, inference %s samples/s by threads%n", w.peer(),
                        w.peerTrain(), w.peerInfer());
            }
        }
        out.println();
        out.println("GEMM 1024^3 (the kernel every dense layer runs on):");
        Map<String, Object> gemm = new LinkedHashMap<>();
        for (int t : threads) {
            try (Kernels kernels = Kernels.create(t)) {
                double g = KernelBenchmark.gemmGflops(kernels, false, false, 1024, 1024, 1024, 1.0);
                out.printf(Locale.ROOT, "  %d thread%s: %.1f GFLOP/s%n", t, t == 1 ? "" : "s", g);
                gemm.put(Integer.toString(t), JsonLine.round(g, 1));
            }
        }
        out.println("Peer ratios are like for like only on the peers' machine (2 vCPU AMD Zen 5, AVX-512); see docs/benchmarks.md.");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("command", "bench train");
        figures.put("simd", Simd.describe());
        figures.put("cpu", cpuModel());
        figures.put("results", rows);
        figures.put("gemm_1024_gflops_by_threads", gemm);
        JsonLine.print(out, figures);
        return 0;
    }

    private static String ratio(double value, double peer) {
        return Double.isNaN(peer) ? "    -" : String.format(Locale.ROOT, "%5.2f", value / peer);
    }

    private double trainRate(BenchWorkload w, Kernels kernels, Dataset train, int warm, int timed) {
        Network network = w.spec().build(seed);
        long[] ends = new long[warm + timed];
        Trainer trainer = Trainer.builder(network).loss(Losses.byName(w.loss())).optimizer(new Adam(5e-4f))
                .encoder(new DirectEncoder()).steps(w.steps()).batchSize(w.batch()).epochs(1).seed(seed)
                .kernels(kernels).foldTimeInvariantInput(w.fold()).checkpointSegment(w.checkpointSegment())
                .evalBatchSize(w.batch())
                .listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(BatchReport r) {
                        ends[r.batch()] = System.nanoTime();
                    }
                }).build();
        trainer.fit(train, null);
        double seconds = (ends[warm + timed - 1] - ends[warm - 1]) / 1e9;
        return (double) timed * w.batch() / seconds;
    }

    private double inferRate(BenchWorkload w, Kernels kernels, Dataset infer) {
        Network network = w.spec().build(seed);
        DirectEncoder enc = new DirectEncoder();
        var loss = Losses.byName(w.loss());
        Evaluator.evaluate(network, Datasets.range(infer, 0, Math.min(infer.size(), 10 * w.batch())), enc, loss,
                w.steps(), w.batch(), seed, kernels);
        Evaluation e = Evaluator.evaluate(network, infer, enc, loss, w.steps(), w.batch(), seed, kernels);
        return e.samplesPerSecond();
    }

    /** The CPU model from /proc/cpuinfo, or the OS architecture where that file does not exist. */
    static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    /** The first {@code n} samples of {@code base}, cycling through it if it is smaller. */
    private static Dataset repeat(Dataset base, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i % base.size();
        }
        return Datasets.subset(base, base.name() + "[bench]", idx);
    }
}
