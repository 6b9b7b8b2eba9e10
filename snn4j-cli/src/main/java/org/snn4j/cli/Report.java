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
import org.snn4j.core.network.Model;
import org.snn4j.core.train.Evaluation;
import org.snn4j.core.train.TrainingListener.EpochReport;
import org.snn4j.io.AtomicFiles;

/**
 * The short report of a training run: {@code report.md} for people and {@code report.json} for
 * scripts, both written atomically. Holds the configuration, the per-epoch figures, the final test
 * accuracy with per-class accuracy and confusion matrix, and the provenance.
 */
final class Report {
    private final String command;
    private final Model model;
    private final List<EpochReport> epochs;
    private final double seconds;
    private final List<String> classNames;

    Report(String command, Model model, List<EpochReport> epochs, double seconds, List<String> classNames) {
        this.command = command;
        this.model = model;
        this.epochs = List.copyOf(epochs);
        this.seconds = seconds;
        this.classNames = classNames;
    }

    void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve("report.md"), markdown().getBytes(StandardCharsets.UTF_8));
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(dir.resolve("report.json"), mapper.writeValueAsBytes(json()));
    }

    private Evaluation last() {
        return epochs.get(epochs.size() - 1).validation();
    }

    private String className(int c) {
        return c < classNames.size() ? classNames.get(c) : Integer.toString(c);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        Evaluation eval = last();
        sb.append("# snn4j ").append(command).append(" report\n\n");
        sb.append(String.format(Locale.ROOT, "**Test accuracy: %.2f %%** on %d samples of %s after %d epochs (%.1f s in all).%n%n",
                100 * eval.accuracy(), eval.samples(), model.dataset(), epochs.size(), seconds));
        sb.append("Network: `").append(model.network()).append("`  \n");
        sb.append("Time steps: ").append(model.steps()).append(", encoder: ").append(model.encoder())
                .append(", loss: ").append(model.loss()).append("\n\n");
        sb.append("## Epochs\n\n| epoch | train loss | train acc | test loss | test acc | seconds | samples/s |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EpochReport r : epochs) {
            Evaluation v = r.validation();
            sb.append(String.format(Locale.ROOT, "| %d | %.4f | %.2f %% | %.4f | %.2f %% | %.1f | %.0f |%n", r.epoch() + 1,
                    r.trainLoss(), 100 * r.trainAccuracy(), v.loss(), 100 * v.accuracy(), r.seconds(), r.samplesPerSecond()));
        }
        sb.append("\n## Per-class test accuracy\n\n| class | accuracy |\n|---|---:|\n");
        double[] perClass = eval.perClassAccuracy();
        for (int c = 0; c < perClass.length; c++) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f %% |%n", className(c), 100 * perClass[c]));
        }
        sb.append("\n## Confusion matrix (rows: true class, columns: predicted)\n\n|   |");
        int[][] cm = eval.confusion();
        for (int c = 0; c < cm.length; c++) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append("\n|---|");
        sb.append("---:|".repeat(cm.length));
        sb.append('\n');
        for (int r = 0; r < cm.length; r++) {
            sb.append("| ").append(r).append(' ').append(className(r)).append(" |");
            for (int c = 0; c < cm.length; c++) {
                sb.append(' ').append(cm[r][c]).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n## Provenance\n\n");
        var p = model.provenance();
        sb.append("- snn4j ").append(p.snn4jVersion()).append(", JDK ").append(p.jdk()).append('\n');
        sb.append("- SIMD: ").append(p.simd()).append(", threads: ").append(p.threads()).append(", seed: ").append(p.seed()).append('\n');
        sb.append("- created: ").append(p.createdAt()).append('\n');
        for (Map.Entry<String, String> e : p.sortedConfig().entrySet()) {
            sb.append("- ").append(e.getKey()).append(": `").append(e.getValue()).append("`\n");
        }
        return sb.toString();
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        Evaluation eval = last();
        m.put("command", command);
        m.put("test_accuracy", eval.accuracy());
        m.put("test_loss", eval.loss());
        m.put("test_samples", eval.samples());
        m.put("seconds", seconds);
        m.put("network", model.network().toString());
        m.put("steps", model.steps());
        m.put("encoder", model.encoder());
        m.put("loss", model.loss());
        m.put("dataset", model.dataset());
        List<Map<String, Object>> ep = new ArrayList<>();
        for (EpochReport r : epochs) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", r.epoch() + 1);
            e.put("train_loss", r.trainLoss());
            e.put("train_accuracy", r.trainAccuracy());
            e.put("test_loss", r.validation().loss());
            e.put("test_accuracy", r.validation().accuracy());
            e.put("seconds", r.seconds());
            e.put("samples_per_second", r.samplesPerSecond());
            ep.add(e);
        }
        m.put("epochs", ep);
        m.put("class_names", classNames);
        m.put("per_class_accuracy", eval.perClassAccuracy());
        m.put("confusion", eval.confusion());
        m.put("provenance", model.provenance());
        return m;
    }
}
