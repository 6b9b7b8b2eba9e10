package org.snn4j.cli;

import picocli.CommandLine.Command;

/** {@code snn4j bench}: performance benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Performance benchmarks.",
        subcommands = {BenchTrainCommand.class, BenchSuiteCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing benchmark name (available: train, suite)");
    }
}
