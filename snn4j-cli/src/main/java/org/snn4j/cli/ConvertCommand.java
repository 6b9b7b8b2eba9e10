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
import org.snn4j.core.convert.ActivationCalibration;
import org.snn4j.core.convert.AnnToSnnConverter;
import org.snn4j.core.convert.TimeSweep;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.encode.Encoders;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.loss.Losses;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Provenance;
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
                "Writes snn.snn4j, accuracy-vs-steps.png, report.md and report.json."})
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
        if (calibration < 1 || calibration > 1_000_000) {
            throw new CliException("--calibration must be between 1 and 1e6 images, got " + calibration);
        }
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
        int features = ann.network().inputShape().size();
        if (train.sampleShape().size() != features) {
            throw new CliException("the data set's samples have " + train.sampleShape().size() + " values but the model takes "
                    + features + "; give the data set the ANN was trained on");
        }
        float[] calib = new float[n * features];
        for (int i = 0; i < n; i++) {
            train.copyFeatures(i, calib, i * features);
        }
        Path dir = output != null ? output : OutputDirs.timestamped("convert");
        OutputDirs.prepare(dir);
        var out = spec.commandLine().getOut();
        AnnToSnnConverter.Config config = AnnToSnnConverter.Config.builder().normalisation(norm).initialMembrane(init)
                .build();
        if (norm == AnnToSnnConverter.Normalisation.PERCENTILE) {
            config = AnnToSnnConverter.Config.builder().percentile(percentile).initialMembrane(init).build();
        }
        Evaluation annEval;
        AnnToSnnConverter.Conversion conversion;
        TimeSweep.Result sweep;
        try (Kernels kernels = Kernels.create(t)) {
            annEval = Evaluator.evaluate(ann.network(), test, Encoders.byName(ann.encoder()), Losses.byName(ann.loss()),
                    ann.steps(), 256, ann.provenance().seed(), kernels);
            out.printf(Locale.ROOT, "ANN %s: test accuracy %.2f %% (%d images)%n", ann.network(), 100 * annEval.accuracy(),
                    annEval.samples());
            try {
                conversion = AnnToSnnConverter.convert(ann.network(), calib, config);
            } catch (IllegalArgumentException e) {
                throw new CliException("cannot convert " + modelFile + ": " + e.getMessage(), e);
            }
            out.printf(Locale.ROOT, "SNN %s (%s, %s; thresholds from %d calibration images)%n", conversion.network(),
                    norm == AnnToSnnConverter.Normalisation.PERCENTILE ? percentile + "th percentile" : "maximum",
                    init.name().toLowerCase(Locale.ROOT), n);
            sweep = TimeSweep.evaluate(conversion.network(), test, test.size(), steps, batchSize, ann.provenance().seed(), kernels);
        }
        out.println("   T | SNN accuracy | gap to ANN");
        for (int k = 0; k < steps.length; k++) {
            out.printf(Locale.ROOT, "%4d | %10.2f %% | %+7.2f%n", steps[k], 100 * sweep.accuracy()[k],
                    100 * (sweep.accuracy()[k] - annEval.accuracy()));
        }
        out.printf(Locale.ROOT, "SNN evaluation: %.1f s for %d images up to T = %d%n", sweep.seconds(), sweep.samples(),
                steps[steps.length - 1]);
        Path snnFile = dir.resolve("snn.snn4j");
        ModelFile.save(new Model(conversion.network(), "direct", saveSteps, "ce-count", name, data.classNames(),
                Provenance.capture(ann.provenance().seed(), t, Map.of("converted_from", modelFile.toString(),
                        "normalisation", norm.name().toLowerCase(Locale.ROOT), "percentile", Double.toString(percentile),
                        "initial_membrane", init.name().toLowerCase(Locale.ROOT), "calibration_images", Integer.toString(n)))),
                snnFile);
        double[] x = new double[steps.length];
        double[] snnAcc = new double[steps.length];
        double[] annAcc = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            x[k] = Math.log(steps[k]) / Math.log(2);
            snnAcc[k] = 100 * sweep.accuracy()[k];
            annAcc[k] = 100 * annEval.accuracy();
        }
        Plots.lines(dir.resolve("accuracy-vs-steps.png"), "Converted SNN: test accuracy against time steps",
                "log2(T)", "test accuracy (%)", List.of(new Plots.Series("SNN", x, snnAcc), new Plots.Series("ANN", x, annAcc)));
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
        f.put("threads", t);
        f.put("snn_model", snnFile.toString());
        SimulationReport.addProvenance(f);
        f.put("report", dir.resolve("report.md").toString());
        List<String[]> images = new ArrayList<>();
        images.add(new String[] {"accuracy-vs-steps.png", "accuracy against time steps"});
        SimulationReport.write(dir, spec, "snn4j convert", "ANN→SNN conversion of " + modelFile + " (" + ann.network() + ").", f,
                "`snn_test_accuracy[k]` is the converted network's test accuracy after `steps[k]` time steps (read-out: the "
                        + "output layer summed over the steps); `thresholds` are the IF thresholds of the spiking layers.",
                images);
        out.printf("SNN model: %s; report: %s%n", snnFile, dir.resolve("report.md"));
        JsonLine.print(out, f);
        return 0;
    }
}
