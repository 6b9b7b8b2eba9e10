package org.snn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snn4j.core.sim.models.CubaNetwork;
import org.snn4j.report.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snn4j simulate cuba}: the Vogels &amp; Abbott (2005) CUBA network ({@link CubaNetwork}),
 * timed on one thread, with a raster plot and a report.
 */
@Command(name = "cuba", mixinStandardHelpOptions = true,
        description = {"Vogels & Abbott (2005) CUBA network: 80 % excitatory / 20 % inhibitory current-based LIF neurons,",
                "random connectivity with a fixed expected fan-in (p = 0.02 at 4000 neurons), dt = 0.1 ms, one thread.",
                "Prints loop wall time per simulated second, spikes, mean rate and CV of inter-spike intervals;",
                "writes raster.png, rate.png, report.md and report.json."})
final class SimulateCubaCommand implements Callable<Integer> {
    /** Brian2 2.5.1 C++ standalone loop time for the original network, 10 s simulated, 1 thread (DESIGN.md). */
    static final double BRIAN2_STANDALONE_SECONDS = 0.81;

    @Option(names = "--neurons", defaultValue = "4000", description = "Total neurons (default: ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--fan-in", defaultValue = "80", description = "Expected synapses onto each neuron (default: ${DEFAULT-VALUE}).")
    double fanIn;

    @Option(names = "--duration", defaultValue = "10000", description = "Simulated time in ms (default: ${DEFAULT-VALUE}).")
    double durationMs;

    @Option(names = "--dt", defaultValue = "0.1", description = "Time step in ms (default: ${DEFAULT-VALUE}).")
    double dtMs;

    @Option(names = "--warmup", defaultValue = "3000",
            description = "Simulated ms of an untimed run of the same network first, so the JIT has compiled the loop (like Brian2's compile step; 0: none; default: ${DEFAULT-VALUE}).")
    double warmupMs;

    @Option(names = "--repeat", defaultValue = "3",
            description = "Timed runs of the same network (same seed, same spikes); the median loop time is reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--raster-ms", defaultValue = "1000", description = "Length of the raster plot window in ms (default: ${DEFAULT-VALUE}).")
    double rasterMs;

    @Option(names = {"-o", "--output"}, description = "Directory for the report and plots (default: runs/cuba-<neurons>-<time>).")
    Path output;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SimulationReport.checkWarmup(warmupMs);
        if (repeat < 1 || repeat > 100) {
            throw new CliException("--repeat must be between 1 and 100, got " + repeat);
        }
        if (!(rasterMs > 0)) {
            throw new CliException("--raster-ms must be positive, got " + rasterMs);
        }
        CubaNetwork.Config config;
        try {
            config = new CubaNetwork.Config(neurons, fanIn, durationMs, dtMs, seed);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage().replace("fan-in", "--fan-in").replace("duration", "--duration"), e);
        }
        if ((long) neurons * fanIn > 1.5e9) {
            throw new CliException("--neurons × --fan-in = " + (long) (neurons * fanIn) + " synapses is more than this command supports (1.5e9)");
        }
        Path dir = output != null ? output : OutputDirs.timestamped("cuba-" + neurons);
        OutputDirs.prepare(dir);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "CUBA: %d neurons (%d exc, %d inh), fan-in %.0f, %.0f ms at dt %.3g ms, 1 thread, seed %d%n",
                neurons, Math.round(neurons * 0.8f), neurons - Math.round(neurons * 0.8f), fanIn, durationMs, dtMs, seed);
        CubaNetwork.Result warm = null;
        if (warmupMs > 0) {
            warm = CubaNetwork.run(new CubaNetwork.Config(neurons, fanIn, warmupMs, dtMs, seed + 1));
            out.printf(Locale.ROOT, "warm-up run (%.0f ms simulated, not counted): loop %.3f s%n", warmupMs, warm.runSeconds());
        }
        CubaNetwork.Result r = null;
        double[] loops = new double[repeat];
        for (int k = 0; k < repeat; k++) {
            r = CubaNetwork.run(config);
            loops[k] = r.runSeconds();
        }
        double[] sorted = loops.clone();
        java.util.Arrays.sort(sorted);
        double median = repeat % 2 == 1 ? sorted[repeat / 2] : (sorted[repeat / 2 - 1] + sorted[repeat / 2]) / 2;
        double perSecond = median / (durationMs / 1000.0);
        boolean original = neurons == 4000 && fanIn == 80 && dtMs == 0.1;
        out.printf(Locale.ROOT, "synapses %,d, build %.3f s%n", r.synapses(), r.buildSeconds());
        out.printf(Locale.ROOT, "loop wall time %s s: median %.3f s = %.3f s per simulated second%n",
                java.util.Arrays.stream(loops).mapToObj(x -> String.format(Locale.ROOT, "%.3f", x))
                        .collect(java.util.stream.Collectors.joining(", ")), median, perSecond);
        out.printf(Locale.ROOT, "spikes %,d, mean rate %.2f Hz, CV of ISI %.3f%n", r.spikes(), r.meanRateHz(), r.cvIsi());
        if (original && durationMs == 10_000) {
            out.printf(Locale.ROOT, "Brian2 2.5.1 C++ standalone (same network, 10 s, 1 thread): %.2f–0.85 s loop, 5.6 Hz"
                    + " -> snn4j takes %.2f× its time%n", BRIAN2_STANDALONE_SECONDS, median / BRIAN2_STANDALONE_SECONDS);
        }
        writePlots(dir, r);
        Map<String, Object> figures = figures(r, warm, loops, median, perSecond, dir);
        writeReport(dir, figures);
        out.printf("report: %s%n", dir.resolve("report.md"));
        JsonLine.print(out, figures);
        return 0;
    }

    private void writePlots(Path dir, CubaNetwork.Result r) throws IOException {
        long window = Math.round(Math.min(rasterMs, durationMs) / dtMs);
        int count = 0;
        while (count < r.spikeSteps().length && r.spikeSteps()[count] < window) {
            count++;
        }
        int[] neuron = java.util.Arrays.copyOf(r.spikeNeurons(), count);
        double[] time = new double[count];
        for (int k = 0; k < count; k++) {
            time[k] = r.spikeSteps()[k] * dtMs;
        }
        Plots.raster(dir.resolve("raster.png"), String.format(Locale.ROOT, "CUBA, %d neurons: first %.0f ms (inhibitory above %d)",
                neurons, window * dtMs, Math.round(neurons * 0.8f)), neuron, time, window * dtMs, neurons);
        int bin = (int) Math.max(1, Math.round(5 / dtMs));               // 5 ms bins
        int bins = (int) (Math.round(durationMs / dtMs) / bin);
        double[] rate = new double[bins];
        double[] t = new double[bins];
        for (long s : r.spikeSteps()) {
            int b = (int) (s / bin);
            if (b < bins) {
                rate[b]++;
            }
        }
        for (int b = 0; b < bins; b++) {
            rate[b] /= neurons * bin * dtMs / 1000.0;
            t[b] = (b + 0.5) * bin * dtMs;
        }
        Plots.lines(dir.resolve("rate.png"), "CUBA population rate (5 ms bins)", "time (ms)", "rate (Hz)",
                List.of(new Plots.Series("all neurons", t, rate)));
    }

    private Map<String, Object> figures(CubaNetwork.Result r, CubaNetwork.Result warm, double[] loops, double median,
                                        double perSecond, Path dir) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("command", "simulate cuba");
        f.put("neurons", neurons);
        f.put("fan_in", fanIn);
        f.put("synapses", r.synapses());
        f.put("duration_ms", durationMs);
        f.put("dt_ms", dtMs);
        f.put("seed", seed);
        f.put("threads", 1);
        f.put("warmup_ms", warmupMs);
        if (warm != null) {
            f.put("warmup_loop_seconds", JsonLine.round(warm.runSeconds(), 4));
        }
        f.put("build_seconds", JsonLine.round(r.buildSeconds(), 4));
        f.put("loop_seconds_each_run", java.util.Arrays.stream(loops).map(x -> JsonLine.round(x, 4)).toArray());
        f.put("loop_seconds", JsonLine.round(median, 4));
        f.put("loop_seconds_per_simulated_second", JsonLine.round(perSecond, 4));
        f.put("spikes", r.spikes());
        f.put("mean_rate_hz", JsonLine.round(r.meanRateHz(), 3));
        f.put("cv_isi", JsonLine.round(r.cvIsi(), 4));
        if (neurons == 4000 && fanIn == 80 && dtMs == 0.1 && durationMs == 10_000) {
            f.put("brian2_standalone_seconds", BRIAN2_STANDALONE_SECONDS);
            f.put("time_vs_brian2", JsonLine.round(median / BRIAN2_STANDALONE_SECONDS, 3));
        }
        SimulationReport.addProvenance(f);
        f.put("report", dir.resolve("report.md").toString());
        return f;
    }

    private void writeReport(Path dir, Map<String, Object> f) throws IOException {
        SimulationReport.write(dir, spec, "snn4j simulate cuba",
                "Vogels & Abbott (2005) CUBA network on the snn4j event-driven engine, one thread.", f,
                "`loop_seconds` is the median over the timed runs (`loop_seconds_each_run`, each a fresh network with the same seed) "
                        + "of the wall time of the simulation loop only (spike recording included), "
                        + "after an untimed warm-up run of the same network so that the JIT has compiled it; Brian2's "
                        + "standalone figure is likewise its loop time without its C++ compilation.",
                List.of(new String[] {"raster.png", "raster"}, new String[] {"rate.png", "population rate"}));
    }
}
