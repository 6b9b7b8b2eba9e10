package org.snn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snn4j.core.convert.AnnToSnnConverter;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.network.Model;
import org.snn4j.core.train.TrainingListener;
import org.snn4j.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code snn4j bench suite}: trains, converts or loads each model of a suite in order and measures
 * it with {@link ModelBenchmark}, or learns and measures an unsupervised STDP network with
 * {@link StdpBenchmark}, and writes one report for all of them.
 */
@Command(name = "suite", mixinStandardHelpOptions = true,
        description = {"Run a benchmark suite: train (or convert, or load, or learn with unsupervised STDP) each model of a",
                "JSON suite file with a fixed seed, measure accuracy, synaptic operations, energy, sparsity, footprint,",
                "latency, throughput and heap, and write results.json, report.md and plots. Without SUITE: the bundled",
                "default suite (fc, conv, ann-conv and its conversion, ann-conv-qcfs and its conversion, and Diehl & Cook's",
                "STDP network with 100 neurons on Fashion-MNIST)."})
final class BenchSuiteCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SUITE", description = "Suite file (default: the bundled default suite).")
    Path suiteFile;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: as for train).")
    Path dataDir;

    @Option(names = "--limit-train", description = "Use only the first N training samples (quick runs).")
    Integer limitTrain;

    @Option(names = "--limit-test", description = "Use only the first N test samples (quick runs).")
    Integer limitTest;

    @Option(names = "--epochs", description = "Override every train entry's epochs (quick runs).")
    Integer epochs;

    @Mixin
    MeasureOptions measure = new MeasureOptions();

    @Option(names = {"-t", "--threads"}, description = "Worker threads (default: all available processors).")
    Integer threads;

    @Option(names = {"-o", "--output"}, description = "Output directory (default: runs/suite-<name>-<time>).")
    Path output;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Suite suite = suiteFile == null ? Suite.defaultSuite() : Suite.read(suiteFile);
        measure.validate();
        if (epochs != null && (epochs < 1 || epochs > 10_000)) {
            throw new CliException("--epochs must be between 1 and 10000, got " + epochs);
        }
        for (Suite.Entry e : suite.models()) {
            if (e.load() != null && !Files.isRegularFile(Path.of(e.load().file()))) {
                throw new CliException("suite model \"" + e.name() + "\": model file " + e.load().file() + " does not exist");
            }
        }
        int t = Threads.resolve(threads);
        DataSupport.Loaded data = DataSupport.load(suite.dataset(), dataDir);
        Dataset train = DataSupport.limit(data.train(), limitTrain, "--limit-train");
        Dataset test = DataSupport.limit(data.test(), limitTest, "--limit-test");
        Path dir = output != null ? output : OutputDirs.timestamped("suite-" + BenchmarkReport.slug(suite.name()));
        OutputDirs.prepare(dir);
        var out = spec.commandLine().getOut();
        String command = "snn4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        out.printf(Locale.ROOT, "suite %s: %d models on %s (%d train / %d test samples), seed %d, %d threads%n",
                suite.name(), suite.models().size(), suite.dataset(), train.size(), test.size(), suite.seedOrDefault(), t);
        out.flush();
        long start = System.nanoTime();
        Map<String, Model> models = new HashMap<>();
        List<ModelBenchmark.Result> results = new ArrayList<>();
        for (Suite.Entry e : suite.models()) {
            ModelBenchmark.Result result;
            if (e.stdp() != null) {
                out.printf("== %s: learning Diehl & Cook's network with STDP%n", e.name());
                out.flush();
                result = StdpBenchmark.measure(e.name(), e.stdp(), train, test, suite.seedOrDefault(), measure.options().energy(),
                        out);
            } else {
                result = measureModel(suite, e, train, test, data, dir, models, t, out);
            }
            results.add(result);
            var m = result.metrics();
            out.printf(Locale.ROOT, "%s: accuracy %.2f %% at T = %d, %s effective ACs + %s effective MACs per sample, %.1f nJ, "
                            + "activation sparsity %.3f, %.0f samples/s%n", e.name(), 100 * m.evaluation().accuracy(), m.steps(),
                    OperationsJson.compact(m.synapticOperations().effectiveAcs()),
                    OperationsJson.compact(m.synapticOperations().effectiveMacs()), m.energyPicojoules() / 1e3,
                    m.activationSparsity(), m.samplesPerSecond());
            out.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("command", "bench suite");
        header.put("suite", suite.name());
        header.put("dataset", suite.dataset());
        header.put("seed", suite.seedOrDefault());
        header.put("train_samples", train.size());
        header.put("test_samples", test.size());
        header.put("threads", t);
        BenchmarkReport.write(dir, "snn4j bench suite: " + suite.name(), command, header, results, seconds);
        out.printf(Locale.ROOT, "suite %s done in %.1f s; report %s%n", suite.name(), seconds, dir.resolve("report.md"));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("command", "bench suite");
        f.put("suite", suite.name());
        f.put("models", results.stream().map(ModelBenchmark.Result::name).toList());
        f.put("test_accuracy", results.stream().map(r -> JsonLine.round(r.metrics().evaluation().accuracy(), 5)).toList());
        f.put("seconds", JsonLine.round(seconds, 1));
        f.put("report", dir.resolve("report.md").toString());
        JsonLine.print(out, f);
        return 0;
    }

    /** Trains, converts or loads the model of entry {@code e} and measures it with {@link ModelBenchmark}. */
    private ModelBenchmark.Result measureModel(Suite suite, Suite.Entry e, Dataset train, Dataset test, DataSupport.Loaded data,
                                               Path dir, Map<String, Model> models, int t, java.io.PrintWriter out)
            throws java.io.IOException {
        Path entryDir = dir.resolve(BenchmarkReport.slug(e.name()));
        Model model;
        List<TrainingListener.EpochReport> epochReports = List.of();
        double trainSeconds = Double.NaN;
        if (e.train() != null) {
            out.printf("== %s: training %s%n", e.name(), e.train().model());
            out.flush();
            TrainingJob.Result r = new TrainingJob(trainOptions(suite, e.train(), entryDir, t), "bench suite", out).train();
            model = r.model();
            epochReports = r.epochs();
            trainSeconds = r.seconds();
        } else if (e.convert() != null) {
            out.printf("== %s: converting %s%n", e.name(), e.convert().from());
            out.flush();
            model = convert(e, models.get(e.convert().from()), train, data, entryDir, t);
        } else {
            out.printf("== %s: loading %s%n", e.name(), e.load().file());
            model = ModelFile.load(Path.of(e.load().file()));
        }
        models.put(e.name(), model);
        try (Kernels kernels = Kernels.create(t)) {
            return ModelBenchmark.measure(e.name(), model, test, measure.options(), kernels, epochReports, trainSeconds);
        }
    }

    private TrainOptions trainOptions(Suite suite, Suite.Train train, Path entryDir, int threads) {
        TrainOptions o = new TrainOptions();
        o.dataset = suite.dataset();
        o.dataDir = dataDir;
        o.model = train.model();
        o.epochs = epochs != null ? epochs : train.epochs();
        o.steps = train.steps();
        o.batchSize = train.batchSize() != null ? train.batchSize() : o.batchSize;
        o.augment = train.augment();
        o.seed = suite.seedOrDefault();
        o.threads = threads;
        o.output = entryDir;
        o.limitTrain = limitTrain;
        o.limitTest = limitTest;
        o.noProgress = true;
        return o;
    }

    private static Model convert(Suite.Entry e, Model ann, Dataset train, DataSupport.Loaded data, Path entryDir, int threads)
            throws java.io.IOException {
        ConversionRecipe recipe = e.convert().recipe();
        String source = "suite model " + e.convert().from();
        AnnToSnnConverter.Conversion conversion = recipe.convert(ann, train, source);
        Model model = recipe.model(conversion, ann, source, e.convert().steps(), ann.dataset(), data.classNames(), threads,
                Math.min(recipe.calibration(), train.size()));
        OutputDirs.prepare(entryDir);
        ModelFile.save(model, entryDir.resolve("snn.snn4j"));
        return model;
    }
}
