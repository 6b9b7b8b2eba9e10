package org.snn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.snn4j.io.AtomicFiles;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The report of a {@code simulate} or {@code stdp} run: {@code report.md} (title, the command as
 * typed, a table of the figures, notes, the plots) and {@code report.json} (the figures), both
 * written atomically.
 */
final class SimulationReport {
    private SimulationReport() {
    }

    /**
     * Writes both files into {@code dir}.
     *
     * @param spec    the command, for the command line as typed
     * @param title   the heading
     * @param intro   a paragraph under the heading
     * @param figures the figures (also the JSON document); the entries {@code command} and {@code report} are left out of the table
     * @param notes   a paragraph after the table (how to read the figures)
     * @param images  PNG file names in {@code dir} to show, with their captions (name, caption pairs)
     */
    /** A table cell: arrays as {@code [a, b, …]}, everything else by {@code toString}. */
    static String cell(Object value) {
        return switch (value) {
            case double[] a -> java.util.Arrays.toString(a);
            case int[] a -> java.util.Arrays.toString(a);
            case long[] a -> java.util.Arrays.toString(a);
            case Object[] a -> java.util.Arrays.deepToString(a);
            case null -> "";
            default -> value.toString();
        };
    }

    /** Adds the run's provenance (SIMD mode, JDK, snn4j version) to {@code figures}. */
    static void addProvenance(Map<String, Object> figures) {
        figures.put("simd", org.snn4j.core.kernel.Simd.describe());
        figures.put("java", Runtime.version().toString());
        figures.put("snn4j", org.snn4j.core.Version.get());
    }

    /** Checks a {@code --warmup} value (simulated ms of an untimed run before the timed one). */
    static void checkWarmup(double warmupMs) {
        if (!(warmupMs >= 0) || warmupMs > 1e7) {
            throw new CliException("--warmup must be between 0 and 1e7 ms, got " + warmupMs);
        }
    }

    static void write(Path dir, CommandSpec spec, String title, String intro, Map<String, Object> figures, String notes,
                      List<String[]> images) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n").append(intro).append("\n\n");
        // the parse result of a subcommand holds the whole command line, subcommand names included
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        md.append("Command: `snn4j ").append(String.join(" ", args)).append("`\n\n");
        md.append("| figure | value |\n|---|---:|\n");
        for (Map.Entry<String, Object> e : figures.entrySet()) {
            if (!e.getKey().equals("report") && !e.getKey().equals("command")) {
                md.append("| ").append(e.getKey()).append(" | ").append(cell(e.getValue())).append(" |\n");
            }
        }
        md.append('\n').append(notes).append("\n\n");
        for (String[] image : images) {
            md.append("![").append(image[1]).append("](").append(image[0]).append(")\n\n");
        }
        AtomicFiles.write(dir.resolve("report.md"), md.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("report.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(figures));
    }
}
