package org.snn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.metrics.EnergyModel;
import org.snn4j.core.network.Model;
import org.snn4j.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code snn4j report}: NeuroBench-style metrics and plots for a saved model on a data set's test
 * split, in the same report format as {@code snn4j bench suite}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Measure a saved model on a test set: accuracy, synaptic operations (dense, effective MACs and ACs),",
                "energy estimate, activation and connection sparsity, membrane updates, footprint, latency, throughput",
                "and peak heap; accuracy and operations at other numbers of time steps; a spike raster of one sample.",
                "Writes results.json, report.md and PNG plots."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file (model.snn4j, or snn.snn4j from convert).")
    Path modelFile;

    @Option(names = "--dataset", description = "Data set (default: the one the model was trained on).")
    String dataset;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: as for train).")
    Path dataDir;

    @Option(names = "--limit-test", description = "Use only the first N test samples.")
    Integer limitTest;

    @Mixin
    MeasureOptions measure = new MeasureOptions();

    @Option(names = {"-t", "--threads"}, description = "Worker threads (default: all available processors).")
    Integer threads;

    @Option(names = {"-o", "--output"}, description = "Output directory (default: runs/report-<time>).")
    Path output;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(modelFile)) {
            throw new CliException("model file " + modelFile + " does not exist; train one with 'snn4j train' or convert one "
                    + "with 'snn4j convert'");
        }
        measure.validate();
        int t = Threads.resolve(threads);
        Model model = ModelFile.load(modelFile);
        String name = dataset != null ? dataset : model.dataset();
        DataSupport.Loaded data = DataSupport.load(name, dataDir);
        Dataset test = DataSupport.limit(data.test(), limitTest, "--limit-test");
        if (test.sampleShape().size() != model.network().inputShape().size()) {
            throw new CliException("the data set's samples have " + test.sampleShape().size() + " values but the model takes "
                    + model.network().inputShape() + "; give the data set the model was trained on with --dataset");
        }
        Path dir = output != null ? output : OutputDirs.timestamped("report");
        OutputDirs.prepare(dir);
        var out = spec.commandLine().getOut();
        long start = System.nanoTime();
        ModelBenchmark.Result result;
        try (Kernels kernels = Kernels.create(t)) {
            String label = modelFile.getParent() != null && modelFile.getParent().getFileName() != null
                    ? modelFile.getParent().getFileName().toString() : modelFile.getFileName().toString();
            result = ModelBenchmark.measure(label, model, test, measure.options(), kernels, List.of(), Double.NaN);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("command", "report");
        header.put("model_file", modelFile.toString());
        header.put("threads", t);
        BenchmarkReport.write(dir, "snn4j report: " + modelFile, "snn4j " + String.join(" ",
                spec.commandLine().getParseResult().originalArgs()), header, List.of(result), seconds);
        var m = result.metrics();
        out.printf(Locale.ROOT, "%s on %d test samples of %s: accuracy %.2f %% at T = %d%n", model.network(),
                m.evaluation().samples(), name, 100 * m.evaluation().accuracy(), m.steps());
        out.printf(Locale.ROOT, "synaptic operations per sample: %s dense, %s effective MACs, %s effective ACs; energy %.1f nJ "
                        + "(ANN equivalent %.1f nJ)%n", OperationsJson.compact(m.synapticOperations().dense()),
                OperationsJson.compact(m.synapticOperations().effectiveMacs()),
                OperationsJson.compact(m.synapticOperations().effectiveAcs()), m.energyPicojoules() / 1e3,
                m.annEquivalentPicojoules() / 1e3);
        out.printf(Locale.ROOT, "activation sparsity %.4f, connection sparsity %.4f, footprint %d bytes, %.0f samples/s%n",
                m.activationSparsity(), m.connectionSparsity(), m.footprintBytes(), m.samplesPerSecond());
        out.printf("report: %s%n", dir.resolve("report.md"));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("command", "report");
        f.put("test_accuracy", JsonLine.round(m.evaluation().accuracy(), 5));
        f.put("steps", m.steps());
        f.put("sweep_steps", Arrays.stream(result.sweep().steps()).boxed().toList());
        f.put("synops", OperationsJson.counts(m.synapticOperations()));
        f.put("energy_nj", JsonLine.round(m.energyPicojoules() / 1e3, 3));
        f.put("activation_sparsity", JsonLine.round(m.activationSparsity(), 5));
        f.put("report", dir.resolve("report.md").toString());
        JsonLine.print(out, f);
        return 0;
    }
}
