package org.snn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snn4j.core.sim.models.SongMillerAbbott;
import org.snn4j.report.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snn4j simulate stdp-song}: Song, Miller &amp; Abbott (2000), 1 000 Poisson inputs onto one
 * neuron with additive STDP ({@link SongMillerAbbott}); the final weight distribution is bimodal.
 */
@Command(name = "stdp-song", mixinStandardHelpOptions = true,
        description = {"Song, Miller & Abbott (2000): Poisson inputs onto one LIF neuron through synapses with additive STDP,",
                "as in Brian2's example (100 s, dt 0.1 ms, one thread). Prints the loop wall time, the output rate and the",
                "final weight distribution; writes weights.png (histogram), rate.png, report.md and report.json."})
final class SimulateSongCommand implements Callable<Integer> {
    /** Brian2 2.5.1 standalone, Song/Miller/Abbott example, 100 s, 1 thread (DESIGN.md). */
    static final double BRIAN2_STANDALONE_SECONDS = 11.7;

    @Option(names = "--inputs", defaultValue = "1000", description = "Poisson inputs (default: ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--rate", defaultValue = "15", description = "Input rate in Hz (default: ${DEFAULT-VALUE}).")
    double rateHz;

    @Option(names = "--gmax", defaultValue = "0.01", description = "Maximal weight (default: ${DEFAULT-VALUE}).")
    double gmax;

    @Option(names = "--duration", defaultValue = "100000", description = "Simulated time in ms (default: ${DEFAULT-VALUE}).")
    double durationMs;

    @Option(names = "--dt", defaultValue = "0.1", description = "Time step in ms (default: ${DEFAULT-VALUE}).")
    double dtMs;

    @Option(names = "--synapse", defaultValue = "linearised",
            description = "linearised (Brian2's example: driving force fixed at 60 mV) or conductance (the paper's); default: ${DEFAULT-VALUE}.")
    SongMillerAbbott.Synapse synapse;

    @Option(names = "--warmup", defaultValue = "2000",
            description = "Simulated ms of an untimed run first, so the JIT has compiled the loop (0: none; default: ${DEFAULT-VALUE}).")
    double warmupMs;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, description = "Directory for the report and plots (default: runs/stdp-song-<time>).")
    Path output;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SimulationReport.checkWarmup(warmupMs);
        SongMillerAbbott.Config config;
        try {
            config = new SongMillerAbbott.Config(inputs, rateHz, gmax, durationMs, dtMs, synapse, seed);
        } catch (IllegalArgumentException e) {
            throw new CliException("--" + e.getMessage().replace("input rate", "rate").replace("inputs", "inputs"), e);
        }
        Path dir = output != null ? output : OutputDirs.timestamped("stdp-song");
        OutputDirs.prepare(dir);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Song, Miller & Abbott: %d Poisson inputs at %.3g Hz -> 1 neuron (%s synapse), additive STDP,"
                + " gmax %.3g, %.0f ms at dt %.3g ms, 1 thread, seed %d%n", inputs, rateHz, synapse.name().toLowerCase(Locale.ROOT),
                gmax, durationMs, dtMs, seed);
        SongMillerAbbott.Result warm = null;
        if (warmupMs > 0) {
            warm = SongMillerAbbott.run(new SongMillerAbbott.Config(inputs, rateHz, gmax, warmupMs, dtMs, synapse, seed + 1));
            out.printf(Locale.ROOT, "warm-up run (%.0f ms simulated, not counted): loop %.3f s%n", warmupMs, warm.runSeconds());
        }
        SongMillerAbbott.Result r = SongMillerAbbott.run(config);
        boolean brian2 = inputs == 1000 && rateHz == 15 && gmax == 0.01 && durationMs == 100_000 && dtMs == 0.1
                && synapse == SongMillerAbbott.Synapse.LINEARISED;
        out.printf(Locale.ROOT, "loop wall time %.3f s (%.3f s per simulated second); input spikes %,d; output %,d spikes = %.2f Hz%n",
                r.runSeconds(), r.runSeconds() / (durationMs / 1000), r.inputSpikes(), r.outputSpikes(), r.outputRateHz());
        out.printf(Locale.ROOT, "final weights / gmax per tenth of [0, 1]: %s -> %s%n", java.util.Arrays.toString(r.deciles()),
                r.bimodal() ? "bimodal (both outer tenths hold more than any inner tenth)" : "not bimodal");
        if (brian2) {
            out.printf(Locale.ROOT, "Brian2 2.5.1 standalone (same example, 100 s, 1 thread): %.1f s -> snn4j takes %.3f× its time%n",
                    BRIAN2_STANDALONE_SECONDS, r.runSeconds() / BRIAN2_STANDALONE_SECONDS);
        }
        Plots.histogram(dir.resolve("weights.png"), String.format(Locale.ROOT, "Final weights after %.0f s (%d synapses)",
                durationMs / 1000, inputs), "weight / gmax", r.finalWeights(), 20, 0, 1);
        double[] t = new double[r.outputRateBins().length];
        for (int b = 0; b < t.length; b++) {
            t[b] = (b + 0.5) * durationMs / 1000 / t.length;
        }
        Plots.lines(dir.resolve("rate.png"), "Output rate", "time (s)", "rate (Hz)",
                List.of(new Plots.Series("neuron", t, r.outputRateBins())));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("command", "simulate stdp-song");
        f.put("inputs", inputs);
        f.put("rate_hz", rateHz);
        f.put("gmax", gmax);
        f.put("synapse", synapse.name().toLowerCase(Locale.ROOT));
        f.put("duration_ms", durationMs);
        f.put("dt_ms", dtMs);
        f.put("seed", seed);
        f.put("threads", 1);
        f.put("warmup_ms", warmupMs);
        if (warm != null) {
            f.put("warmup_loop_seconds", JsonLine.round(warm.runSeconds(), 4));
        }
        f.put("build_seconds", JsonLine.round(r.buildSeconds(), 4));
        f.put("loop_seconds", JsonLine.round(r.runSeconds(), 4));
        f.put("input_spikes", r.inputSpikes());
        f.put("output_spikes", r.outputSpikes());
        f.put("output_rate_hz", JsonLine.round(r.outputRateHz(), 3));
        f.put("weight_deciles", r.deciles());
        f.put("fraction_near_zero", JsonLine.round(r.nearZero(), 4));
        f.put("fraction_near_gmax", JsonLine.round(r.nearMax(), 4));
        f.put("bimodal", r.bimodal());
        if (brian2) {
            f.put("brian2_standalone_seconds", BRIAN2_STANDALONE_SECONDS);
            f.put("time_vs_brian2", JsonLine.round(r.runSeconds() / BRIAN2_STANDALONE_SECONDS, 4));
        }
        SimulationReport.addProvenance(f);
        f.put("report", dir.resolve("report.md").toString());
        SimulationReport.write(dir, spec, "snn4j simulate stdp-song",
                "Song, Miller & Abbott (2000) on the snn4j event-driven engine, one thread.", f,
                "`loop_seconds` is the wall time of the simulation loop only, after an untimed warm-up run so that the JIT "
                        + "has compiled it. `weight_deciles` counts the final weights / gmax per tenth of [0, 1]; `bimodal` "
                        + "means both outer tenths hold more weights than any inner tenth (the initial weights are uniform).",
                List.of(new String[] {"weights.png", "final weight distribution"}, new String[] {"rate.png", "output rate"}));
        out.printf("report: %s%n", dir.resolve("report.md"));
        JsonLine.print(out, f);
        return 0;
    }
}
