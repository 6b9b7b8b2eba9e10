package org.snn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snn4j.core.metrics.ActivityCounter;
import org.snn4j.core.metrics.OperationCounts;
import org.snn4j.core.metrics.WorkloadMetrics;
import org.snn4j.core.train.TrainingListener;
import org.snn4j.io.AtomicFiles;
import org.snn4j.report.Plots;

/**
 * The report of {@code snn4j report} and {@code snn4j bench suite}: {@code results.json} (every
 * figure and the environment), {@code report.md} (tables) and PNG plots (accuracy against time
 * steps and against synaptic operations, per-layer rates, training curves, one raster per spiking
 * model), all written atomically.
 */
final class BenchmarkReport {
    /** Figures that depend on the machine's speed or load, not on the seed. */
    static final List<String> TIMING_KEYS = List.of("samples_per_second", "peak_heap_mib", "train_seconds", "seconds",
            "wall_seconds");

    private BenchmarkReport() {
    }

    /**
     * Writes the report into {@code dir}.
     *
     * @param title   heading of report.md
     * @param command the command line as typed
     * @param header  extra top-level entries of results.json (suite name, seed …), in order
     */
    static void write(Path dir, String title, String command, Map<String, Object> header,
                      List<ModelBenchmark.Result> results, double wallSeconds) throws IOException {
        List<String[]> images = plots(dir, results);
        Map<String, Object> json = new LinkedHashMap<>(header);
        json.put("environment", Environment.capture());
        if (!results.isEmpty()) {
            var e = results.get(0).metrics().energyModel();
            json.put("energy_model", Map.of("pj_per_mac", e.picojoulesPerMac(), "pj_per_ac", e.picojoulesPerAc()));
        }
        json.put("models", results.stream().map(BenchmarkReport::modelJson).toList());
        json.put("wall_seconds", round(wallSeconds, 1));
        AtomicFiles.write(dir.resolve("results.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
        AtomicFiles.write(dir.resolve("report.md"), markdown(title, command, json, results, images)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static double round(double v, int digits) {
        return JsonLine.round(v, digits);
    }

    static Map<String, Object> modelJson(ModelBenchmark.Result r) {
        WorkloadMetrics m = r.metrics();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", r.name());
        j.put("family", r.family());
        j.put("dataset", r.dataset());
        j.put("network", r.model().network());
        j.put("encoder", r.model().encoder());
        j.put("readout", r.model().readout());
        j.put("test_samples", m.evaluation().samples());
        j.put("test_accuracy", round(m.evaluation().accuracy(), 5));
        j.put("latency_steps", m.steps());
        j.put("synops", OperationsJson.counts(m.synapticOperations()));
        j.put("synops_per_layer", OperationsJson.layers(m.operationsPerLayer()));
        j.put("activation_sparsity", round(m.activationSparsity(), 5));
        j.put("membrane_updates", round(m.membraneUpdatesPerSample(), 1));
        j.put("neuron_steps", round(m.neuronStepsPerSample(), 1));
        j.put("footprint_bytes", m.footprintBytes());
        j.put("connection_sparsity", round(m.connectionSparsity(), 5));
        j.put("energy_nj", round(m.energyPicojoules() / 1000, 3));
        j.put("ann_equivalent_energy_nj", round(m.annEquivalentPicojoules() / 1000, 3));
        List<Map<String, Object>> layers = new ArrayList<>();
        for (ActivityCounter.LayerActivity a : m.activity()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("layer", a.layerIndex());
            l.put("type", a.type());
            l.put("neurons", a.neurons());
            l.put("spiking", a.spiking());
            l.put("rate", round(a.rate(), 5));
            l.put("membrane_updates", round(a.membraneUpdatesPerSample(), 1));
            layers.add(l);
        }
        j.put("activation_layers", layers);
        Map<String, Object> sweep = new LinkedHashMap<>();
        sweep.put("steps", r.sweep().steps());
        sweep.put("test_accuracy", java.util.Arrays.stream(r.sweep().accuracy()).map(a -> round(a, 5)).toArray());
        sweep.put("synops", java.util.Arrays.stream(r.sweep().operations()).map(OperationsJson::counts).toList());
        j.put("sweep", sweep);
        if (!r.epochs().isEmpty()) {
            List<Map<String, Object>> ep = new ArrayList<>();
            for (TrainingListener.EpochReport e : r.epochs()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("epoch", e.epoch() + 1);
                x.put("train_loss", round(e.trainLoss(), 5));
                x.put("train_accuracy", round(e.trainAccuracy(), 5));
                x.put("test_accuracy", round(e.validation().accuracy(), 5));
                x.put("seconds", round(e.seconds(), 1));
                ep.add(x);
            }
            j.put("epochs", ep);
        }
        if (Double.isFinite(r.trainSeconds())) {
            j.put("train_seconds", round(r.trainSeconds(), 1));
        }
        j.put("samples_per_second", round(m.samplesPerSecond(), 1));
        j.put("timed_samples", m.timedSamples());
        j.put("peak_heap_mib", round(m.peakHeapBytes() / 1048576.0, 1));
        return j;
    }

    /** "file name, caption" pairs of the plots written. */
    private static List<String[]> plots(Path dir, List<ModelBenchmark.Result> results) throws IOException {
        List<String[]> images = new ArrayList<>();
        List<Plots.Series> accSteps = new ArrayList<>();
        List<Plots.Series> accOps = new ArrayList<>();
        List<Plots.Series> rates = new ArrayList<>();
        List<Plots.Series> curves = new ArrayList<>();
        for (ModelBenchmark.Result r : results) {
            ModelBenchmark.Sweep s = r.sweep();
            int n = s.steps().length;
            double[] steps = new double[n];
            double[] acc = new double[n];
            List<Double> opsX = new ArrayList<>();
            List<Double> opsY = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                steps[k] = s.steps()[k];
                acc[k] = 100 * s.accuracy()[k];
                double eff = s.operations()[k].effective();
                if (eff > 0) {
                    opsX.add(eff);
                    opsY.add(acc[k]);
                }
            }
            accSteps.add(new Plots.Series(r.name(), steps, acc));
            if (!opsX.isEmpty()) {
                accOps.add(new Plots.Series(r.name(), opsX.stream().mapToDouble(Double::doubleValue).toArray(),
                        opsY.stream().mapToDouble(Double::doubleValue).toArray()));
            }
            List<ActivityCounter.LayerActivity> act = r.metrics().activity();
            if (!act.isEmpty()) {
                double[] x = new double[act.size()];
                double[] y = new double[act.size()];
                for (int i = 0; i < act.size(); i++) {
                    x[i] = i + 1;
                    y[i] = act.get(i).rate();
                }
                rates.add(new Plots.Series(r.name(), x, y));
            }
            if (!r.epochs().isEmpty()) {
                double[] x = new double[r.epochs().size()];
                double[] test = new double[x.length];
                double[] train = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    TrainingListener.EpochReport e = r.epochs().get(i);
                    x[i] = e.epoch() + 1;
                    test[i] = 100 * e.validation().accuracy();
                    train[i] = 100 * e.trainAccuracy();
                }
                curves.add(new Plots.Series(r.name() + " test", x, test));
                curves.add(new Plots.Series(r.name() + " train", x, train));
            }
        }
        if (!accSteps.isEmpty()) {
            Plots.lines(dir.resolve("accuracy-vs-steps.png"), "Test accuracy against time steps", "time steps T",
                    "test accuracy (%)", accSteps, Plots.Scale.LOG, Plots.Scale.LINEAR);
            images.add(new String[] {"accuracy-vs-steps.png", "test accuracy against the number of time steps"});
        }
        if (!accOps.isEmpty()) {
            Plots.lines(dir.resolve("accuracy-vs-synops.png"), "Test accuracy against synaptic operations",
                    "effective synaptic operations per sample (ACs + MACs)", "test accuracy (%)", accOps,
                    Plots.Scale.LOG, Plots.Scale.LINEAR);
            images.add(new String[] {"accuracy-vs-synops.png", "test accuracy against effective synaptic operations per sample"});
        }
        if (!rates.isEmpty()) {
            Plots.lines(dir.resolve("firing-rates.png"), "Activity per activation layer", "activation layer (network order)",
                    "non-zero outputs per neuron and step", rates);
            images.add(new String[] {"firing-rates.png", "per-layer firing rates (spikes per neuron and step)"});
        }
        if (!curves.isEmpty()) {
            Plots.lines(dir.resolve("training-curves.png"), "Training curves", "epoch", "accuracy (%)", curves);
            images.add(new String[] {"training-curves.png", "train and test accuracy per epoch"});
        }
        for (ModelBenchmark.Result r : results) {
            ModelBenchmark.Raster ra = r.raster();
            if (ra == null) {
                continue;
            }
            String file = "raster-" + slug(r.name()) + ".png";
            Plots.raster(dir.resolve(file), r.name() + ": test sample 0, the " + ModelBenchmark.RASTER_NEURONS_PER_LAYER
                    + " most active neurons of each layer (bottom up: " + String.join(", ", ra.layers()) + ")", "time step",
                    ra.neuron(), ra.step(), ra.steps(), ra.neurons());
            images.add(new String[] {file, r.name() + ": spike raster of one test sample"});
        }
        return images;
    }

    /** A file-name-safe form of a model name: lower case letters, digits and dashes. */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "model" : s;
    }

    private static String markdown(String title, String command, Map<String, Object> json, List<ModelBenchmark.Result> results,
                                   List<String[]> images) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\nCommand: `").append(command).append("`\n\n");
        md.append("| model | family | test accuracy | T | effective ACs | effective MACs | dense ops | energy | "
                + "ANN-equivalent energy | activation sparsity | membrane updates | footprint | samples/s | peak heap |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ModelBenchmark.Result r : results) {
            WorkloadMetrics m = r.metrics();
            OperationCounts ops = m.synapticOperations();
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f %% | %d | %s | %s | %s | %s | %s | %.3f | %s | %s | %.0f | %.0f MiB |%n",
                    r.name(), r.family(), 100 * m.evaluation().accuracy(), m.steps(), OperationsJson.compact(ops.effectiveAcs()),
                    OperationsJson.compact(ops.effectiveMacs()), OperationsJson.compact(ops.dense()), energy(m.energyPicojoules()),
                    energy(m.annEquivalentPicojoules()), m.activationSparsity(), OperationsJson.compact(m.membraneUpdatesPerSample()),
                    bytes(m.footprintBytes()), m.samplesPerSecond(), m.peakHeapBytes() / 1048576.0));
        }
        md.append("\nPer sample of the test set. Operations with NeuroBench's definitions: dense counts every multiply-"
                + "accumulate of the conv2d/linear (and recurrent) synapses at every step; effective counts only those with "
                + "a non-zero input and a non-zero weight, as accumulates (ACs) where the layer's input at that step is all "
                + "in {-1, 0, 1} (spikes) and as multiply-accumulates (MACs) otherwise; bias is not counted. Energy = "
                + "effective MACs × e_MAC + effective ACs × e_AC (computation only, no memory access); the ANN-equivalent "
                + "energy is one step's dense operations as MACs. Activation sparsity: zero outputs / all outputs of the "
                + "activation layers (spiking layers, ReLU, QCFS) over all steps. Membrane updates: neuron-steps whose "
                + "membrane changed or was reset. Footprint: 4 bytes per parameter and buffer. samples/s and peak heap "
                + "(an upper bound, data set included) come from a separate timed pass without counters.\n\n");
        if (results.stream().anyMatch(r -> StdpBenchmark.FAMILY.equals(r.family()))) {
            md.append("Unsupervised STDP models (Diehl & Cook) are counted from the spikes of their test pass on the "
                    + "clock-driven simulator: dense = every synapse of the input→exc, exc→inh and inh→exc projections at "
                    + "every step; effective ACs = every spike × the non-zero weights it reaches (no MACs: all inputs are "
                    + "spikes); membrane updates = every neuron at every step; footprint = input weights, adaptive thresholds "
                    + "and the neurons' class labels; connection sparsity over the input weights; a presentation repeated by "
                    + "the fewer-than-" + StdpJob.MIN_SPIKES + "-spikes rule adds its steps to the operations but not to T. Their samples/s and peak "
                    + "heap come from that counted test pass.\n\n");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) json.get("environment");
        md.append("Environment: ").append(env.get("cpu")).append(", ").append(env.get("logical_cores")).append(" logical cores, ")
                .append(env.get("jdk")).append(", SIMD ").append(env.get("simd")).append(", snn4j ").append(env.get("snn4j"))
                .append(" (commit ").append(env.get("git_commit")).append(").\n\n");
        for (ModelBenchmark.Result r : results) {
            md.append("## ").append(r.name()).append("\n\n`").append(r.model().network()).append("`, T = ")
                    .append(r.model().steps()).append(", encoder ").append(r.model().encoder()).append(", read-out ")
                    .append(r.model().readout()).append(", ").append(r.metrics().evaluation().samples()).append(" test samples of ")
                    .append(r.dataset()).append(".\n\n| T | test accuracy | effective ACs | effective MACs |\n|---:|---:|---:|---:|\n");
            ModelBenchmark.Sweep s = r.sweep();
            for (int k = 0; k < s.steps().length; k++) {
                md.append(String.format(Locale.ROOT, "| %d | %.2f %% | %s | %s |%n", s.steps()[k], 100 * s.accuracy()[k],
                        OperationsJson.compact(s.operations()[k].effectiveAcs()),
                        OperationsJson.compact(s.operations()[k].effectiveMacs())));
            }
            md.append("\n| activation layer | type | neurons | rate | membrane updates |\n|---:|---|---:|---:|---:|\n");
            for (ActivityCounter.LayerActivity a : r.metrics().activity()) {
                md.append(String.format(Locale.ROOT, "| %d | %s | %d | %.4f | %s |%n", a.layerIndex(), a.type(), a.neurons(),
                        a.rate(), OperationsJson.compact(a.membraneUpdatesPerSample())));
            }
            md.append('\n');
        }
        for (String[] image : images) {
            md.append("![").append(image[1]).append("](").append(image[0]).append(")\n\n");
        }
        return md.toString();
    }

    private static String energy(double picojoules) {
        return picojoules >= 1e6 ? String.format(Locale.ROOT, "%.2f µJ", picojoules / 1e6)
                : String.format(Locale.ROOT, "%.1f nJ", picojoules / 1e3);
    }

    private static String bytes(long b) {
        return b >= 1 << 20 ? String.format(Locale.ROOT, "%.2f MiB", b / 1048576.0)
                : String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
}
