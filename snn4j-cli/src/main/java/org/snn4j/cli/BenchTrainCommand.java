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
import org.snn4j.core.loss.CrossEntropyMembraneLoss;
import org.snn4j.core.network.Network;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.train.Evaluation;
import org.snn4j.core.train.Evaluator;
import org.snn4j.core.train.Trainer;
import org.snn4j.core.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snn4j bench train}: the reference training workload, with arithmetic identical to snnTorch
 * tutorial 5 — 784-1000-10, LIF β = 0.95 with reset by subtraction, T = 25, batch 128, the image fed
 * as a current to the first layer at every step, cross-entropy on the membrane potential summed
 * over steps, Adam 5e-4 — timed after a warm-up, for each requested thread count. Inference uses
 * the exact time-invariant shortcut (the first layer's current is computed once per sample).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Benchmark the reference training workload (snnTorch tutorial 5 arithmetic) and inference,",
                "for each thread count, against snnTorch 0.9.4 figures measured on the same machine kind."})
final class BenchTrainCommand implements Callable<Integer> {

    /**
     * snnTorch 0.9.4 / PyTorch 1.13 CPU, measured by the project on its reference machine (2 vCPU
     * AMD Zen 5, AVX-512); see docs/benchmarks.md. Ratios against them are only like for like on
     * such a machine.
     */
    private static final double SNNTORCH_TRAIN_1T = 722;
    private static final double SNNTORCH_TRAIN_2T = 1044;
    private static final double SNNTORCH_INFER_1T = 1650;
    private static final double SNNTORCH_INFER_2T = 2775;
    /** Multiply-adds of one training sample: forward 25·(784·1000 + 1000·10), backward dW1, dW2 and dX2. */
    static final double TRAIN_FLOP_PER_SAMPLE = 2.0 * 25 * (784 * 1000 + 1000 * 10)
            + 2.0 * 25 * 784 * 1000 + 2.0 * 2 * 25 * 1000 * 10;

    private static final int BATCH = 128;
    private static final int STEPS = 25;

    @Option(names = {"-t", "--threads"}, split = ",", defaultValue = "1,2",
            description = "Thread counts to measure, comma separated (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up batches before timing (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--batches", defaultValue = "20", description = "Timed training batches (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--infer-samples", defaultValue = "5000",
            description = "Timed inference samples (default: ${DEFAULT-VALUE}).")
    int inferSamples;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (warmup < 1 || warmup > 1000) {
            throw new CliException("--warmup must be between 1 and 1000, got " + warmup);
        }
        if (batches < 2 || batches > 10_000) {
            throw new CliException("--batches must be between 2 and 10000, got " + batches);
        }
        if (inferSamples < BATCH || inferSamples > 1_000_000) {
            throw new CliException("--infer-samples must be between " + BATCH + " and 1000000, got " + inferSamples);
        }
        for (int t : threads) {
            Threads.resolve(t);
        }
        var out = spec.commandLine().getOut();
        DataSupport.Loaded data = DataSupport.bundled();
        int trainSamples = (warmup + batches) * BATCH;
        Dataset train = repeat(data.train(), trainSamples);
        Dataset infer = repeat(data.train(), inferSamples);
        out.println("reference workload: 784-1000-10 LIF (beta 0.95, reset by subtraction), T=25, batch 128,");
        out.println("  direct input at every step, CE on membrane summed over steps, Adam 5e-4 (snnTorch tutorial 5)");
        out.printf(Locale.ROOT, "  %s, %s; %d warm-up + %d timed batches; inference on %d samples (batch %d)%n",
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"), Simd.describe(),
                warmup, batches, inferSamples, BATCH);
        out.printf(Locale.ROOT, "  CPU: %s, %d processors%n", cpuModel(), Runtime.getRuntime().availableProcessors());
        out.println();
        out.println("threads | train samples/s | x snnTorch | train GFLOP/s | infer samples/s | x snnTorch | GEMM 1024^3 GFLOP/s");
        out.flush();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int t : threads) {
            try (Kernels kernels = Kernels.create(t)) {
                double trainRate = trainRate(kernels, train);
                double inferRate = inferRate(kernels, infer);
                double gemm = KernelBenchmark.gemmGflops(kernels, false, false, 1024, 1024, 1024, 1.0);
                double refTrain = t == 1 ? SNNTORCH_TRAIN_1T : t == 2 ? SNNTORCH_TRAIN_2T : Double.NaN;
                double refInfer = t == 1 ? SNNTORCH_INFER_1T : t == 2 ? SNNTORCH_INFER_2T : Double.NaN;
                out.printf(Locale.ROOT, "%7d | %15.0f | %9.2fx | %13.1f | %15.0f | %9.2fx | %.1f%n", t, trainRate,
                        trainRate / refTrain, trainRate * TRAIN_FLOP_PER_SAMPLE / 1e9, inferRate, inferRate / refInfer, gemm);
                out.flush();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("threads", t);
                row.put("train_samples_per_second", JsonLine.round(trainRate, 1));
                row.put("train_vs_snntorch", JsonLine.round(trainRate / refTrain, 3));
                row.put("train_gflops", JsonLine.round(trainRate * TRAIN_FLOP_PER_SAMPLE / 1e9, 1));
                row.put("infer_samples_per_second", JsonLine.round(inferRate, 1));
                row.put("infer_vs_snntorch", JsonLine.round(inferRate / refInfer, 3));
                row.put("gemm_1024_gflops", JsonLine.round(gemm, 1));
                rows.add(row);
            }
        }
        out.println();
        out.println("snnTorch 0.9.4 (PyTorch 1.13 CPU) on the reference machine (2 vCPU AMD Zen 5, AVX-512): train 722");
        out.println("  (1 thread) / 1044 (2) samples/s, inference 1650 / 2775 samples/s; compare like for like only on such a CPU.");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("command", "bench train");
        figures.put("simd", Simd.describe());
        figures.put("cpu", cpuModel());
        figures.put("results", rows);
        JsonLine.print(out, figures);
        return 0;
    }

    private double trainRate(Kernels kernels, Dataset train) {
        Network network = Presets.referenceSpec().build(seed);
        long[] ends = new long[warmup + batches];
        Trainer trainer = Trainer.builder(network).loss(new CrossEntropyMembraneLoss()).optimizer(new Adam(5e-4f))
                .encoder(new DirectEncoder()).steps(STEPS).batchSize(BATCH).epochs(1).seed(seed).kernels(kernels)
                .listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(BatchReport r) {
                        ends[r.batch()] = System.nanoTime();
                    }
                }).build();
        trainer.fit(train, null);
        double seconds = (ends[warmup + batches - 1] - ends[warmup - 1]) / 1e9;
        return (double) batches * BATCH / seconds;
    }

    private double inferRate(Kernels kernels, Dataset infer) {
        Network network = Presets.referenceSpec().build(seed);
        DirectEncoder enc = new DirectEncoder();
        CrossEntropyMembraneLoss loss = new CrossEntropyMembraneLoss();
        Evaluator.evaluate(network, Datasets.range(infer, 0, Math.min(infer.size(), 10 * BATCH)), enc, loss, STEPS,
                BATCH, seed, kernels);
        Evaluation e = Evaluator.evaluate(network, infer, enc, loss, STEPS, BATCH, seed, kernels);
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
