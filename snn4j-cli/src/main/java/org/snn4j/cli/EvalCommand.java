package org.snn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.encode.Encoders;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.loss.Losses;
import org.snn4j.core.network.Model;
import org.snn4j.core.train.Evaluation;
import org.snn4j.core.train.Evaluator;
import org.snn4j.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code snn4j eval}: accuracy of a saved model on a data set's test split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model (model.snn4j) on the test split of an IDX data set.")
final class EvalCommand implements Callable<Integer> {
    /** Upper bound of T·B rows per batch; larger batches are cut to {@code MAX_ROWS / T} samples. */
    static final int MAX_ROWS = 8192;

    /**
     * The batch for {@code steps} steps: {@code min(batch, max(1, MAX_ROWS / steps))}, since every
     * layer keeps its {@code [T, B, n]} output (e.g. a converted network stored with T = 64).
     */
    static int batchFor(int steps, int batch) {
        return Math.min(batch, Math.max(1, MAX_ROWS / steps));
    }

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file written by snn4j train or demo.")
    Path modelFile;

    @Option(names = "--dataset", description = "Data set name (default: the one the model was trained on).")
    String dataset;

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: as for train).")
    Path dataDir;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "256",
            description = "Batch size, at most 8192 / T (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--limit-test", description = "Use only the first N test samples.")
    Integer limitTest;

    @Option(names = {"-t", "--threads"}, description = "Worker threads (default: all available processors).")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1 || batchSize > 65_536) {
            throw new CliException("--batch-size must be between 1 and 65536, got " + batchSize);
        }
        if (!Files.exists(modelFile)) {
            throw new CliException("model file " + modelFile + " does not exist; train one with 'snn4j train' or 'snn4j demo'");
        }
        int t = Threads.resolve(threads);
        Model model = ModelFile.load(modelFile);
        int batch = batchFor(model.steps(), batchSize);
        String name = dataset != null ? dataset : model.dataset();
        DataSupport.Loaded data = DataSupport.load(name, dataDir);
        Dataset test = DataSupport.limit(data.test(), limitTest, "--limit-test");
        Evaluation eval;
        try (Kernels kernels = Kernels.create(t)) {
            eval = Evaluator.evaluate(model.network(), test, Encoders.byName(model.encoder()),
                    Losses.byName(model.loss()), model.steps(), batch, model.provenance().seed(), kernels);
        }
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "model %s: %s, T=%d, encoder %s%n", modelFile, model.network(), model.steps(), model.encoder());
        out.printf(Locale.ROOT, "data: %s test split, %d samples (%s)%n", name, eval.samples(), data.description());
        double[] perClass = eval.perClassAccuracy();
        for (int c = 0; c < perClass.length; c++) {
            String cn = c < data.classNames().size() ? data.classNames().get(c) : Integer.toString(c);
            out.printf(Locale.ROOT, "  %-12s %6.2f %%%n", cn, 100 * perClass[c]);
        }
        out.printf(Locale.ROOT, "test accuracy %.2f %% (loss %.4f), %.0f samples/s on %d threads%n",
                100 * eval.accuracy(), eval.loss(), eval.samplesPerSecond(), t);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("command", "eval");
        figures.put("model_file", modelFile.toString());
        figures.put("dataset", name);
        figures.put("test_samples", eval.samples());
        figures.put("test_accuracy", JsonLine.round(eval.accuracy(), 5));
        figures.put("test_loss", JsonLine.round(eval.loss(), 5));
        figures.put("samples_per_second", JsonLine.round(eval.samplesPerSecond(), 1));
        figures.put("threads", t);
        JsonLine.print(out, figures);
        return 0;
    }
}
