package org.snn4j.cli;

import java.util.Arrays;
import org.snn4j.core.metrics.EnergyModel;
import picocli.CommandLine.Option;

/** Options of the measurement shared by {@code snn4j report} and {@code snn4j bench suite}. */
final class MeasureOptions {
    @Option(names = "--steps", split = ",", description = "Numbers of time steps to evaluate besides the model's own "
            + "(default: powers of two below it).")
    int[] steps;

    @Option(names = "--pj-mac", defaultValue = "4.6", description = "Energy of one multiply-accumulate in pJ (default: "
            + "${DEFAULT-VALUE}, fp32 at 45 nm, Horowitz 2014).")
    double pjMac;

    @Option(names = "--pj-ac", defaultValue = "0.9", description = "Energy of one accumulate in pJ (default: ${DEFAULT-VALUE}).")
    double pjAc;

    @Option(names = "--timed-samples", defaultValue = "2000", description = "Test samples of the timed pass that "
            + "measures throughput and peak heap (default: ${DEFAULT-VALUE}, or the whole test set if smaller).")
    int timedSamples;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "256", description = "Evaluation batch, at most 8192 / T "
            + "(default: ${DEFAULT-VALUE}).")
    int batchSize;

    void validate() {
        if (steps != null) {
            for (int k = 0; k < steps.length; k++) {
                if (steps[k] < 1 || steps[k] > 100_000) {
                    throw new CliException("--steps must be whole numbers in [1, 100000], got " + Arrays.toString(steps));
                }
            }
        }
        if (!(pjMac > 0 && pjMac < 1e9) || !(pjAc > 0 && pjAc < 1e9)) {
            throw new CliException("--pj-mac and --pj-ac must be positive energies in pJ below 1e9, got " + pjMac + " and " + pjAc);
        }
        if (timedSamples < 1 || timedSamples > 10_000_000) {
            throw new CliException("--timed-samples must be between 1 and 1e7, got " + timedSamples);
        }
        if (batchSize < 1 || batchSize > 65_536) {
            throw new CliException("--batch-size must be between 1 and 65536, got " + batchSize);
        }
    }

    ModelBenchmark.Options options() {
        return new ModelBenchmark.Options(steps, batchSize, timedSamples, new EnergyModel(pjMac, pjAc));
    }
}
