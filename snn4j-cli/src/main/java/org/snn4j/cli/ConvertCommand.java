package org.snn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snn4j.core.convert.AnnToSnnConverter;
import org.snn4j.core.convert.TimeSweep;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.encode.Encoders;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.loss.Losses;
import org.snn4j.core.metrics.OperationCounts;
import org.snn4j.core.metrics.SynapticOperations;
import org.snn4j.core.network.Model;
import org.snn4j.core.train.Evaluation;
import org.snn4j.core.train.Evaluator;
import org.snn4j.io.ModelFile;
import org.snn4j.report.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code snn4j convert}: an ANN model (ReLU or QCFS activations) in, an IF spiking model out, with
 * the SNN's test accuracy against the number of time steps beside the ANN's.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a trained ANN (snn4j train --model ann-conv or ann-conv-qcfs) into a spiking network:",
                "batch norm folded, ReLU -> IF with reset by subtraction and thresholds from calibration",
                "(percentile or max of each layer's activations; QCFS layers use their trained threshold).",
                "Synaptic operations per test image (NeuroBench: dense, effective MACs, effective ACs) are counted",
                "for the ANN and for the SNN at each number of steps.",
                "Writes snn.snn4j, accuracy-vs-steps.png, synops-vs-steps.png, accuracy-vs-synops.png, report.md and",
                "report.json."})
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ANN_MODEL", description = "The ANN model file (model.snn4j).")
    Path modelFile;

    @Option(names = "--norm", defaultValue = "percentile", description = "Threshold from each layer's activations: percentile or max (default: ${DEFAULT-VALUE}).")
    AnnToSnnConverter.Normalisation norm;

    @Option(names = "--percentile", defaultValue = "99.9", description = "Percentile for --norm percentile (default: ${DEFAULT-VALUE}).")
    double percentile;

    @Option(names = "--init", defaultValue = "half_threshold", description = "Initial membrane: half_threshold or zero (default: ${DEFAULT-VALUE}).")
    AnnToSnnConverter.InitialMembrane init;

    @Option(names = "--calibration", defaultValue = "1000", description = "Training images used for calibration (default: ${DEFAULT-VALUE}).")
    int calibration;

    @Option(names = "--steps", split = ",", defaultValue = "1,2,4,8,16,32,64,128,256",
            description = "Numbers of time steps to evaluate, increasing (default: ${DEFAULT-VALUE}).")
    int[] steps;

    @Option(names = "--save-steps", defaultValue = "64", description = "T stored in the SNN model file (default: ${DEFAULT-VALUE}).")
    int saveSteps;

    @Option(names = "--dataset", description = "Data set (default: the one the ANN was trained on).")
    String dataset;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: as for train).")
    Path dataDir;

    @Option(names = "--limit-test", description = "Use only the first N test samples.")
    Integer limitTest;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "32", description = "Batch size of the SNN evaluation (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = {"-t", "--threads"}, description = "Worker threads (default: all available processors).")
    Integer threads;

    @Option(names = {"-o", "--output"}, description = "Output directory (default: runs/convert-<time>).")
    Path output;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(modelFile)) {
            throw new CliException("model file " + modelFile + " does not exist; train an ANN with 'snn4j train --model ann-conv'");
        }
        ConversionRecipe recipe = new ConversionRecipe(norm, percentile, init, calibration);
        if (batchSize < 1 || batchSize > 4096) {
            throw new CliException("--batch-size must be between 1 and 4096, got " + batchSize);
        }
        if (saveSteps < 1 || saveSteps > 100_000) {
            throw new CliException("--save-steps must be between 1 and 100000, got " + saveSteps);
        }
        for (int k = 0; k < steps.length; k++) {
            if (steps[k] < 1 || steps[k] > 100_000 || (k > 0 && steps[k] <= steps[k - 1])) {
                throw new CliException("--steps must be increasing whole numbers in [1, 100000], got " + Arrays.toString(steps));
            }
        }
        int t = Threads.resolve(threads);
        Model ann = ModelFile.load(modelFile);
        String name = dataset != null ? dataset : ann.dataset();
        DataSupport.Loaded data = DataSupport.load(name, dataDir);
        Dataset test = DataSupport.limit(data.test(), limitTest, "--limit-test");
        Dataset train = data.train();
        int n = Math.min(calibration, train.size());
        Path dir = output != null ? output : OutputDirs.timestamped("convert");
        OutputDirs.prepare(dir);
        var out = spec.commandLine().getOut();
        Evaluation annEval;
        AnnToSnnConverter.Conversion conversion;
        TimeSweep.Result sweep;
        OperationCounts annOps;
        List<SynapticOperations.LayerOperations> annLayerOps;
        OperationCounts[] snnOps = new OperationCounts[steps.length];
        List<SynapticOperations.LayerOperations> snnLayerOps;
        try (Kernels kernels = Kernels.create(t)) {
            SynapticOperations annCounter = SynapticOperations.attach(ann.network());
            annEval = Evaluator.evaluate(ann.network(), test, Encoders.byName(ann.encoder()), Losses.byName(ann.loss()),
                    ann.steps(), 256, ann.provenance().seed(), kernels);
            ann.network().removeObserver(annCounter);
            annOps = annCounter.perSample();
            annLayerOps = annCounter.perLayer();
            out.printf(Locale.ROOT, "ANN %s: test accuracy %.2f %% (%d images), %s synaptic operations per image (%s effective)%n",
                    ann.network(), 100 * annEval.accuracy(), annEval.samples(), OperationsJson.compact(annOps.dense()),
                    OperationsJson.compact(annOps.effective()));
            conversion = recipe.convert(ann, train, modelFile.toString());
            out.printf(Locale.ROOT, "SNN %s (%s, %s; thresholds from %d calibration images)%n", conversion.network(),
                    norm == AnnToSnnConverter.Normalisation.PERCENTILE ? percentile + "th percentile" : "maximum",
                    init.name().toLowerCase(Locale.ROOT), n);
            SynapticOperations snnCounter = SynapticOperations.attach(conversion.network());
            sweep = TimeSweep.evaluate(conversion.network(), test, test.size(), steps, batchSize, ann.provenance().seed(), kernels);
            conversion.network().removeObserver(snnCounter);
            for (int k = 0; k < steps.length; k++) {
                snnOps[k] = snnCounter.perSampleUpTo(steps[k]);
            }
            snnLayerOps = snnCounter.perLayer();
        }
        out.println("   T | SNN accuracy | gap to ANN | eff. ACs/img | eff. MACs/img | effective ops / ANN's");
        for (int k = 0; k < steps.length; k++) {
            out.printf(Locale.ROOT, "%4d | %10.2f %% | %+10.2f | %12s | %13s | %.2f%n", steps[k], 100 * sweep.accuracy()[k],
                    100 * (sweep.accuracy()[k] - annEval.accuracy()), OperationsJson.compact(snnOps[k].effectiveAcs()),
                    OperationsJson.compact(snnOps[k].effectiveMacs()), snnOps[k].effective() / annOps.effective());
        }
        out.printf(Locale.ROOT, "SNN evaluation: %.1f s for %d images up to T = %d%n", sweep.seconds(), sweep.samples(),
                steps[steps.length - 1]);
        Path snnFile = dir.resolve("snn.snn4j");
        ModelFile.save(recipe.model(conversion, ann, modelFile.toString(), saveSteps, name, data.classNames(), t, n), snnFile);
        writePlots(dir, sweep, annEval.accuracy(), snnOps, annOps);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("command", "convert");
        f.put("ann_model", modelFile.toString());
        f.put("ann_test_accuracy", JsonLine.round(annEval.accuracy(), 5));
        f.put("normalisation", norm.name().toLowerCase(Locale.ROOT));
        if (norm == AnnToSnnConverter.Normalisation.PERCENTILE) {
            f.put("percentile", percentile);
        }
        f.put("initial_membrane", init.name().toLowerCase(Locale.ROOT));
        f.put("calibration_images", n);
        f.put("thresholds", conversion.scales().toArray());
        f.put("test_samples", sweep.samples());
        f.put("steps", steps.clone());
        f.put("snn_test_accuracy", Arrays.stream(sweep.accuracy()).map(a -> JsonLine.round(a, 5)).toArray());
        f.put("snn_eval_seconds", JsonLine.round(sweep.seconds(), 2));
        f.put("ann_synops", OperationsJson.counts(annOps));
        f.put("ann_synops_per_layer", OperationsJson.layers(annLayerOps));
        f.put("snn_synops", Arrays.stream(snnOps).map(OperationsJson::counts).toArray());
        f.put("snn_synops_per_layer_at_max_steps", OperationsJson.layers(snnLayerOps));
        f.put("threads", t);
        f.put("snn_model", snnFile.toString());
        SimulationReport.addProvenance(f);
        f.put("report", dir.resolve("report.md").toString());
        List<String[]> images = new ArrayList<>();
        images.add(new String[] {"accuracy-vs-steps.png", "accuracy against time steps"});
        images.add(new String[] {"synops-vs-steps.png", "synaptic operations per image against time steps"});
        images.add(new String[] {"accuracy-vs-synops.png", "accuracy against effective synaptic operations per image"});
        SimulationReport.write(dir, spec, "snn4j convert", "ANN→SNN conversion of " + modelFile + " (" + ann.network() + ").", f,
                "`snn_test_accuracy[k]` is the converted network's test accuracy after `steps[k]` time steps (read-out: the "
                        + "output layer summed over the steps); `thresholds` are the IF thresholds of the spiking layers. "
                        + "`snn_synops[k]` are the SNN's synaptic operations per test image over the first `steps[k]` steps, "
                        + "`ann_synops` the ANN's, with NeuroBench's definitions: `dense` counts every multiply-accumulate "
                        + "of the conv2d and linear layers; `effective_macs` and `effective_acs` only those with a non-zero "
                        + "input and a non-zero weight, filed as accumulates where the layer's input at that step is all "
                        + "in {-1, 0, 1} (spikes) and as multiply-accumulates otherwise (analog pixels, averaged spikes "
                        + "after average pooling, ANN activations); biases are not counted.",
                images);
        out.printf("SNN model: %s; report: %s%n", snnFile, dir.resolve("report.md"));
        JsonLine.print(out, f);
        return 0;
    }

    private static void writePlots(Path dir, TimeSweep.Result sweep, double annAccuracy, OperationCounts[] snnOps,
                                   OperationCounts annOps) throws java.io.IOException {
        int n = sweep.steps().length;
        double[] steps = new double[n];
        double[] snnAcc = new double[n];
        double[] annAcc = new double[n];
        double[] snnEffective = new double[n];
        double[] annEffective = new double[n];
        for (int k = 0; k < n; k++) {
            steps[k] = sweep.steps()[k];
            snnAcc[k] = 100 * sweep.accuracy()[k];
            annAcc[k] = 100 * annAccuracy;
            snnEffective[k] = snnOps[k].effective();
            annEffective[k] = annOps.effective();
        }
        Plots.lines(dir.resolve("accuracy-vs-steps.png"), "Converted SNN: test accuracy against time steps",
                "time steps T", "test accuracy (%)", List.of(new Plots.Series("SNN", steps, snnAcc),
                        new Plots.Series("ANN", steps, annAcc)), Plots.Scale.LOG, Plots.Scale.LINEAR);
        List<Plots.Series> ops = new ArrayList<>();
        ops.add(new Plots.Series("SNN effective (ACs + MACs)", steps, snnEffective));
        addIfPositive(ops, "SNN effective ACs", steps, Arrays.stream(snnOps).mapToDouble(OperationCounts::effectiveAcs).toArray());
        addIfPositive(ops, "SNN effective MACs", steps, Arrays.stream(snnOps).mapToDouble(OperationCounts::effectiveMacs).toArray());
        ops.add(new Plots.Series("ANN effective MACs", steps, annEffective));
        Plots.lines(dir.resolve("synops-vs-steps.png"), "Synaptic operations per test image", "time steps T",
                "operations per image", ops, Plots.Scale.LOG, Plots.Scale.LOG);
        Plots.lines(dir.resolve("accuracy-vs-synops.png"), "Test accuracy against effective synaptic operations",
                "effective operations per image (ACs + MACs)", "test accuracy (%)",
                List.of(new Plots.Series("SNN (T = " + sweep.steps()[0] + " … " + sweep.steps()[n - 1] + ")", snnEffective, snnAcc),
                        new Plots.Series("ANN", new double[] {annOps.effective()}, new double[] {100 * annAccuracy})),
                Plots.Scale.LOG, Plots.Scale.LINEAR);
    }

    /** Adds the series unless a value is zero (a log axis cannot show it; the JSON holds every value). */
    private static void addIfPositive(List<Plots.Series> series, String name, double[] x, double[] y) {
        if (Arrays.stream(y).allMatch(v -> v > 0)) {
            series.add(new Plots.Series(name, x, y));
        }
    }

}
