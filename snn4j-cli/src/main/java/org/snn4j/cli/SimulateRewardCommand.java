package org.snn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snn4j.core.sim.models.RewardLearningTask;
import org.snn4j.report.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snn4j simulate reward}: reward-modulated STDP learning to respond to one input pattern
 * and not to another ({@link RewardLearningTask}).
 */
@Command(name = "reward", mixinStandardHelpOptions = true,
        description = {"Reward-modulated STDP (three-factor rule): one LIF neuron learns to fire for input pattern A",
                "(reward +1) and not for pattern B (reward -1). Prints the response rates per block of trials and of a",
                "test with learning off; writes learning.png, report.md and report.json."})
final class SimulateRewardCommand implements Callable<Integer> {

    @Option(names = "--trials", defaultValue = "300", description = "Training trials (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--block", defaultValue = "50", description = "Trials per reported block (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--test", defaultValue = "50", description = "Test trials of each pattern, learning off (default: ${DEFAULT-VALUE}).")
    int test;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, description = "Directory for the report and plot (default: runs/reward-<time>).")
    Path output;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RewardLearningTask.Config d = RewardLearningTask.Config.defaults(seed);
        if (trials < 1 || trials > 1_000_000 || block < 1 || test < 1 || test > 1_000_000) {
            throw new CliException("--trials (1..1e6), --block (>= 1) and --test (1..1e6) are out of range: "
                    + trials + ", " + block + ", " + test);
        }
        RewardLearningTask.Config config = new RewardLearningTask.Config(d.inputs(), trials, block, test, d.trialMs(),
                d.rule(), d.wInit(), d.highRateHz(), d.lowRateHz(), seed);
        Path dir = output != null ? output : OutputDirs.timestamped("reward");
        OutputDirs.prepare(dir);
        PrintWriter out = spec.commandLine().getOut();
        RewardLearningTask.Result r = RewardLearningTask.run(config);
        out.printf(Locale.ROOT, "%d inputs -> 1 LIF neuron, reward-modulated STDP (eligibility τ %.0f ms, η %.3g), %d trials of %.0f ms%n",
                config.inputs(), config.rule().tauEligibilityMs(), config.rule().learningRate(), trials, config.trialMs());
        out.println("block | responded to A | responded to B");
        double[] x = new double[r.blockResponseA().length];
        for (int b = 0; b < x.length; b++) {
            x[b] = (b + 1) * block;
            out.printf(Locale.ROOT, "%5d | %13.0f %% | %13.0f %%%n", b + 1, 100 * r.blockResponseA()[b], 100 * r.blockResponseB()[b]);
        }
        out.printf(Locale.ROOT, "test (learning off): A %.0f %%, B %.0f %% (%.2f s)%n", 100 * r.testResponseA(),
                100 * r.testResponseB(), r.seconds());
        Plots.lines(dir.resolve("learning.png"), "Reward-modulated STDP: response per block", "trials", "fraction of trials with a spike",
                List.of(new Plots.Series("pattern A (rewarded)", x, r.blockResponseA()),
                        new Plots.Series("pattern B (punished)", x, r.blockResponseB())));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("command", "simulate reward");
        f.put("inputs", config.inputs());
        f.put("trials", trials);
        f.put("block_trials", block);
        f.put("test_trials", test);
        f.put("seed", seed);
        f.put("block_response_a", r.blockResponseA());
        f.put("block_response_b", r.blockResponseB());
        f.put("test_response_a", r.testResponseA());
        f.put("test_response_b", r.testResponseB());
        f.put("seconds", JsonLine.round(r.seconds(), 3));
        SimulationReport.addProvenance(f);
        f.put("report", dir.resolve("report.md").toString());
        SimulationReport.write(dir, spec, "snn4j simulate reward",
                "Reward-modulated STDP on the snn4j event-driven engine (models.RewardLearningTask).", f,
                "A block's response is the fraction of its A (or B) trials in which the neuron spiked at least once. "
                        + "Block fractions are NaN when a block had no trial of that pattern.",
                List.<String[]>of(new String[] {"learning.png", "response per block"}));
        out.printf("report: %s%n", dir.resolve("report.md"));
        JsonLine.print(out, f);
        return 0;
    }
}
