package org.snn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snn4j.core.Version;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.sim.models.DiehlCook;
import org.snn4j.core.sim.neuron.AdaptiveThresholdLif.SpikeSelection;
import org.snn4j.io.AtomicFiles;
import org.snn4j.report.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code snn4j stdp}: trains Diehl &amp; Cook's (2015) unsupervised STDP network ({@link DiehlCook}) on
 * an IDX image data set in one pass, assigns labels from a pass without learning over the first
 * {@code --label} training images, classifies the test images with BindsNET's "all activity" and
 * "proportion weighting" schemes, and writes {@code report.md}, {@code report.json},
 * {@code receptive-fields.png}, {@code confusion.png} and {@code training.png} (each atomically).
 */
@Command(name = "stdp", mixinStandardHelpOptions = true,
        description = {"Train Diehl & Cook's (2015) unsupervised STDP network (built as BindsNET's DiehlAndCook2015) on an",
                "IDX image data set in one pass, label its neurons, test it, and write a report with plots.",
                "Defaults: the paper's input rate (64 Hz) and fewer-than-5-spikes rule, eth_mnist.py's inhibition (120),",
                "and each image scaled to a pixel sum of 100 (--input-mass). BindsNET's example settings:",
                "--intensity 128 --min-spikes 0 --input-mass 0."})
final class StdpCommand implements Callable<Integer> {

    /** Default size of the labelling pass: about 1 000 images per class, 1/6 of the training cost. */
    static final int DEFAULT_LABEL = StdpJob.DEFAULT_LABEL;

    @Option(names = "--neurons", defaultValue = StdpJob.NEURONS, description = "Excitatory (and inhibitory) neurons (default: ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--train", description = "Training images, one pass in order (default: all).")
    Integer train;

    @Option(names = "--label", description = "Training images presented without learning to assign each neuron a class "
            + "(default: " + DEFAULT_LABEL + ", or all training images used if fewer: ~1 000 per class).")
    Integer label;

    @Option(names = "--test", description = "Test images (default: all).")
    Integer test;

    @Option(names = "--data", defaultValue = "fashion-mnist",
            description = "Data set: fashion-mnist, mnist, kmnist, sample (the bundled Fashion-MNIST sample) or a directory "
                    + "holding the four IDX files (default: ${DEFAULT-VALUE}).")
    String data = "fashion-mnist";

    @Option(names = "--intensity", defaultValue = StdpJob.INTENSITY, description = "Poisson rate of a white pixel in Hz "
            + "(default: ${DEFAULT-VALUE}, about Diehl & Cook's 63.75; BindsNET's eth_mnist.py uses 128).")
    double intensity;

    @Option(names = "--steps", defaultValue = StdpJob.STEPS, description = "Steps of 1 ms per image (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--norm", defaultValue = StdpJob.NORM, description = "Sum of each neuron's input weights (default: ${DEFAULT-VALUE}).")
    double norm;

    @Option(names = "--inh", defaultValue = StdpJob.INH, description = "Inhibitory weight onto every other excitatory neuron in mV "
            + "(default: ${DEFAULT-VALUE}, as BindsNET's eth_mnist.py; its DiehlAndCook2015 class defaults to 17.5).")
    double inh;

    @Option(names = "--input-mass", defaultValue = StdpJob.INPUT_MASS,
            description = "Scale each image so that its pixels (0..1) sum to this before rate coding, so every image drives the "
                    + "same total rate (default: ${DEFAULT-VALUE}, about an average MNIST digit; 0: off, as Diehl & Cook and BindsNET).")
    double inputMass;

    @Option(names = "--theta-plus", defaultValue = StdpJob.THETA_PLUS, description = "Threshold increment per spike in mV (default: ${DEFAULT-VALUE}).")
    double thetaPlus;

    @Option(names = "--min-spikes", defaultValue = StdpJob.MIN_SPIKES, description = "Diehl & Cook's rule: repeat an image with fewer excitatory "
            + "spikes at +32 Hz intensity (default: ${DEFAULT-VALUE}, as the paper; 0 = off, as BindsNET).")
    int minSpikes;

    @Option(names = "--selection", defaultValue = StdpJob.SELECTION, description = "Excitatory spikes per step: one_random "
            + "(BindsNET's one_spike), one_highest or all (default: ${DEFAULT-VALUE}).")
    SpikeSelection selection;

    @Option(names = "--window", defaultValue = StdpJob.WINDOW, description = "Images per running-accuracy window during training (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--seed", defaultValue = StdpJob.SEED, description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output", "--out"}, description = "Output directory (default: runs/stdp-<neurons>-<data>-<time>).")
    Path out;

    @Option(names = "--no-progress", description = "Print no progress lines.")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        validate();
        DataSupport.Loaded loaded = loadData();
        Dataset trainSet = loaded.train();
        Dataset testSet = loaded.test();
        int nTrain = count(train, trainSet.size(), "--train");
        int nTest = count(test, testSet.size(), "--test");
        int nLabel = label != null ? count(label, trainSet.size(), "--label") : StdpJob.defaultLabelImages(trainSet.size());
        int features = trainSet.sampleShape().size();
        int side = (int) Math.round(Math.sqrt(features));
        Path outDir = out != null ? out : OutputDirs.timestamped("stdp-" + neurons + "-" + dataTag());
        OutputDirs.prepare(outDir);

        DiehlCook.Config config = new StdpJob.Settings(neurons, steps, intensity, norm, inh, inputMass, thetaPlus, minSpikes,
                selection, window, seed).config(features);
        pw.printf(Locale.ROOT, "snn4j stdp: Diehl & Cook, %d excitatory neurons, %d inputs, %d steps/image, intensity %.0f Hz; "
                + "%d train / %d label / %d test images (data: %s)%n", neurons, features, steps, intensity, nTrain, nLabel, nTest,
                loaded.description());
        pw.flush();
        DiehlCook.Progress progress = noProgress ? DiehlCook.Progress.none() : new Lines(pw);
        StdpJob.Result run = StdpJob.run(config, window, trainSet, nTrain, nLabel, testSet, nTest, progress, StdpJob.TestPhase.PLAIN);
        DiehlCook net = run.network();
        DiehlCook.Training training = run.training();
        DiehlCook.Assignment assignment = run.assignment();
        DiehlCook.Evaluation eval = run.evaluation();
        double seconds = run.seconds();

        List<String> classNames = loaded.classNames();
        String[] labels = new String[eval.allActivityConfusion().length];
        for (int c = 0; c < labels.length; c++) {
            labels[c] = c < classNames.size() ? classNames.get(c) : Integer.toString(c);
        }
        int columns = (int) Math.ceil(Math.sqrt(neurons));
        if (side * side == features) {
            Plots.imageGrid(outDir.resolve("receptive-fields.png"), "Input weights of " + neurons + " excitatory neurons",
                    net.receptiveFields(), side, side, columns, neurons > 400 ? 1 : 2);
        }
        Plots.confusionMatrix(outDir.resolve("confusion.png"), String.format(Locale.ROOT,
                "Test confusion, all activity (%.2f %%)", 100 * eval.allActivityAccuracy()), eval.allActivityConfusion(), labels);
        boolean curve = training.windowEnd().length > 0;
        if (curve) {
            double[] x = new double[training.windowEnd().length];
            double[] all = new double[x.length];
            double[] prop = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                x[k] = training.windowEnd()[k];
                all[k] = 100 * training.windowAllActivity()[k];
                prop[k] = 100 * training.windowProportion()[k];
            }
            Plots.lines(outDir.resolve("training.png"), "Running accuracy (each window labelled by the previous one)",
                    "training images", "accuracy (%)",
                    List.of(new Plots.Series("all activity", x, all), new Plots.Series("proportion weighting", x, prop)));
        }
        Map<String, Object> json = json(config, loaded, training, assignment, eval, nTrain, seconds, labels);
        AtomicFiles.write(outDir.resolve("report.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
        AtomicFiles.write(outDir.resolve("report.md"),
                markdown(config, loaded, training, assignment, eval, seconds, labels, curve).getBytes(StandardCharsets.UTF_8));

        pw.printf(Locale.ROOT, "test accuracy: all activity %.2f %%, proportion weighting %.2f %% (%d images); "
                        + "train %.1f images/s, label %.1f, test %.1f; report %s%n",
                100 * eval.allActivityAccuracy(), 100 * eval.proportionAccuracy(), nTest, training.samplesPerSecond(),
                assignment.samplesPerSecond(), eval.samplesPerSecond(), outDir.resolve("report.md"));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("command", "stdp");
        figures.put("neurons", neurons);
        figures.put("test_accuracy_all_activity", JsonLine.round(eval.allActivityAccuracy(), 5));
        figures.put("test_accuracy_proportion", JsonLine.round(eval.proportionAccuracy(), 5));
        figures.put("train_samples", nTrain);
        figures.put("label_samples", nLabel);
        figures.put("test_samples", nTest);
        figures.put("train_samples_per_second", JsonLine.round(training.samplesPerSecond(), 1));
        figures.put("label_samples_per_second", JsonLine.round(assignment.samplesPerSecond(), 1));
        figures.put("test_samples_per_second", JsonLine.round(eval.samplesPerSecond(), 1));
        figures.put("seconds", JsonLine.round(seconds, 2));
        figures.put("report", outDir.resolve("report.md").toString());
        JsonLine.print(pw, figures);
        return 0;
    }

    private void validate() {
        if (neurons < 1 || neurons > 10_000) {
            throw new CliException("--neurons must be between 1 and 10000, got " + neurons);
        }
        if (steps < 1 || steps > 100_000) {
            throw new CliException("--steps must be between 1 and 100000, got " + steps);
        }
        if (!(intensity > 0) || intensity > 1e5) {
            throw new CliException("--intensity must be in (0, 100000] Hz, got " + intensity);
        }
        if (!(norm > 0) || Double.isInfinite(norm)) {
            throw new CliException("--norm must be a positive number, got " + norm);
        }
        if (!(inh >= 0) || inh > 1e4) {
            throw new CliException("--inh must be in [0, 10000] mV, got " + inh);
        }
        if (!(inputMass >= 0) || inputMass > 1e6) {
            throw new CliException("--input-mass must be in [0, 1e6], got " + inputMass);
        }
        if (!(thetaPlus >= 0) || thetaPlus > 100) {
            throw new CliException("--theta-plus must be in [0, 100] mV, got " + thetaPlus);
        }
        if (minSpikes < 0 || minSpikes > 100_000) {
            throw new CliException("--min-spikes must be between 0 (off) and 100000, got " + minSpikes);
        }
        if (window < 1) {
            throw new CliException("--window must be at least 1 image, got " + window);
        }
        for (Object[] o : new Object[][] {{"--train", train}, {"--label", label}, {"--test", test}}) {
            if (o[1] != null && (Integer) o[1] < 1) {
                throw new CliException(o[0] + " must be at least 1, got " + o[1]);
            }
        }
    }

    private static int count(Integer requested, int available, String option) {
        if (requested == null) {
            return available;
        }
        if (requested > available) {
            throw new CliException(option + " must be between 1 and " + available + " (the images available), got " + requested);
        }
        return requested;
    }

    private DataSupport.Loaded loadData() throws IOException {
        if (data.equalsIgnoreCase("sample")) {
            return DataSupport.bundled();
        }
        if (data.contains("/") || data.contains(java.io.File.separator) || data.startsWith(".")) {
            Path dir = Path.of(data);
            if (!Files.isDirectory(dir)) {
                throw new CliException("--data " + data + ": no such directory; give fashion-mnist, mnist, kmnist, sample "
                        + "or a directory holding the IDX files");
            }
            String name = dir.getFileName() != null && dir.getFileName().toString().toLowerCase(Locale.ROOT).contains("mnist")
                    && !dir.getFileName().toString().toLowerCase(Locale.ROOT).contains("fashion")
                    ? dir.getFileName().toString() : "fashion-mnist";
            try {
                return DataSupport.load(name, dir);
            } catch (IllegalArgumentException e) {
                return DataSupport.load("fashion-mnist", dir);
            }
        }
        return DataSupport.load(data, null);
    }

    private String dataTag() {
        String tag = data.contains("/") ? Path.of(data).getFileName().toString() : data;
        return tag.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private String commandLine() {
        StringBuilder sb = new StringBuilder("snn4j");
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }

    private Map<String, Object> json(DiehlCook.Config c, DataSupport.Loaded loaded, DiehlCook.Training t,
                                     DiehlCook.Assignment a, DiehlCook.Evaluation e, int nTrain, double seconds, String[] labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", commandLine());
        m.put("snn4j", Version.get());
        m.put("java", System.getProperty("java.version"));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("excitatory", c.excitatory());
        cfg.put("inputs", c.inputSize());
        cfg.put("steps_per_sample", c.stepsPerSample());
        cfg.put("dt_ms", c.dtMs());
        cfg.put("intensity_hz", c.intensityHz());
        cfg.put("norm_total", c.normTotal());
        cfg.put("exc_to_inh", c.excToInh());
        cfg.put("inh_to_exc", c.inhToExc());
        cfg.put("initial_weight_max", c.initialWeightMax());
        cfg.put("theta_plus", c.thetaPlus());
        cfg.put("input_mass", c.inputMass());
        cfg.put("selection", c.selection().name().toLowerCase(Locale.ROOT));
        cfg.put("min_spikes", c.minSpikes());
        cfg.put("plasticity", c.plasticity().toString());
        cfg.put("seed", c.seed());
        cfg.put("data", loaded.description());
        m.put("config", cfg);
        m.put("train_samples", nTrain);
        m.put("label_samples", a.samples());
        m.put("test_samples", e.samples());
        m.put("test_accuracy_all_activity", e.allActivityAccuracy());
        m.put("test_accuracy_proportion", e.proportionAccuracy());
        m.put("train_samples_per_second", t.samplesPerSecond());
        m.put("label_samples_per_second", a.samplesPerSecond());
        m.put("test_samples_per_second", e.samplesPerSecond());
        m.put("train_seconds", t.seconds());
        m.put("label_seconds", a.seconds());
        m.put("test_seconds", e.seconds());
        m.put("seconds", seconds);
        m.put("train_mean_spikes", t.meanSpikes());
        m.put("test_mean_spikes", e.meanSpikes());
        m.put("retries_train", t.retries());
        m.put("retries_test", e.retries());
        m.put("neurons_per_class", a.neuronsPerClass());
        m.put("class_names", labels);
        m.put("confusion_all_activity", e.allActivityConfusion());
        m.put("confusion_proportion", e.proportionConfusion());
        m.put("running_window", t.window());
        m.put("running_window_end", t.windowEnd());
        m.put("running_accuracy_all_activity", t.windowAllActivity());
        m.put("running_accuracy_proportion", t.windowProportion());
        return m;
    }

    private String markdown(DiehlCook.Config c, DataSupport.Loaded loaded, DiehlCook.Training t, DiehlCook.Assignment a,
                            DiehlCook.Evaluation e, double seconds, String[] labels, boolean curve) {
        StringBuilder sb = new StringBuilder();
        sb.append("# snn4j stdp report: Diehl & Cook (2015), ").append(c.excitatory()).append(" excitatory neurons\n\n");
        sb.append(String.format(Locale.ROOT, "**Test accuracy: %.2f %% (all activity), %.2f %% (proportion weighting)** on %d images.%n%n",
                100 * e.allActivityAccuracy(), 100 * e.proportionAccuracy(), e.samples()));
        sb.append("Command: `").append(commandLine()).append("`  \nData: ").append(loaded.description()).append("\n\n");
        sb.append("| pass | images | seconds | images/s (1 thread) | mean exc. spikes/image | repeats (<min spikes) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|\n");
        sb.append(String.format(Locale.ROOT, "| train (STDP) | %d | %.1f | %.1f | %.1f | %d |%n", t.samples(), t.seconds(),
                t.samplesPerSecond(), t.meanSpikes(), t.retries()));
        sb.append(String.format(Locale.ROOT, "| label (no learning) | %d | %.1f | %.1f | | |%n", a.samples(), a.seconds(),
                a.samplesPerSecond()));
        sb.append(String.format(Locale.ROOT, "| test (no learning) | %d | %.1f | %.1f | %.1f | %d |%n", e.samples(), e.seconds(),
                e.samplesPerSecond(), e.meanSpikes(), e.retries()));
        sb.append(String.format(Locale.ROOT, "%nTotal %.1f s.%n%n## Configuration%n%n", seconds));
        sb.append(String.format(Locale.ROOT, "- excitatory = inhibitory neurons: %d; inputs: %d (Poisson, pixel/255 × %.1f Hz%s)%n",
                c.excitatory(), c.inputSize(), c.intensityHz(),
                c.inputMass() > 0 ? String.format(Locale.ROOT, ", each image first scaled to a pixel sum of %.4g", c.inputMass()) : ""));
        sb.append(String.format(Locale.ROOT, "- %d steps of %.3g ms per image; weight normalisation total %.2f; exc→inh %.2f, inh→exc %.2f (all but self)%n",
                c.stepsPerSample(), c.dtMs(), c.normTotal(), c.excToInh(), c.inhToExc()));
        sb.append(String.format(Locale.ROOT, "- θ+ %.4g mV; spike selection %s; min-spikes rule %s; initial weights %.2f·U[0,1); seed %d%n",
                c.thetaPlus(), c.selection().name().toLowerCase(Locale.ROOT),
                c.minSpikes() > 0 ? "< " + c.minSpikes() + " spikes → +" + c.intensityStepHz() + " Hz, repeat" : "off",
                c.initialWeightMax(), c.seed()));
        sb.append("- STDP: `").append(c.plasticity()).append("`\n\n");
        int[] perClass = a.neuronsPerClass();
        sb.append("## Neurons per class (label pass)\n\n| class | neurons |\n|---|---:|\n");
        for (int k = 0; k < perClass.length; k++) {
            sb.append("| ").append(labels[k]).append(" | ").append(perClass[k]).append(" |\n");
        }
        sb.append("\n## Confusion matrix, all activity (rows: true class, columns: predicted)\n\n|   |");
        int[][] cm = e.allActivityConfusion();
        for (int k = 0; k < cm.length; k++) {
            sb.append(' ').append(k).append(" |");
        }
        sb.append("\n|---|").append("---:|".repeat(cm.length)).append('\n');
        for (int r = 0; r < cm.length; r++) {
            sb.append("| ").append(r).append(' ').append(labels[r]).append(" |");
            for (int k = 0; k < cm.length; k++) {
                sb.append(' ').append(cm[r][k]).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n## Plots\n\n![receptive fields](receptive-fields.png)\n\n![confusion](confusion.png)\n");
        if (curve) {
            sb.append("\n![running accuracy](training.png)\n");
        }
        return sb.toString();
    }

    /** Plain progress lines, one per tenth of each pass. */
    static final class Lines implements DiehlCook.Progress {
        private final PrintWriter out;

        Lines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void update(DiehlCook.Phase phase, int done, int total, double seconds) {
            int step = Math.max(1, total / 10);
            if (done % step == 0 || done == total) {
                double rate = done / Math.max(seconds, 1e-9);
                out.printf(Locale.ROOT, "  %-5s %6d/%d  %7.1f images/s  ETA %s%n", phase.name().toLowerCase(Locale.ROOT), done,
                        total, rate, ProgressDisplay.formatSeconds((total - done) / Math.max(rate, 1e-9)));
                out.flush();
            }
        }
    }
}
