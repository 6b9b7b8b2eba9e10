package org.snn4j.cli;

import picocli.CommandLine.Command;

/** {@code snn4j simulate}: reproductions of classic network simulations on the event-driven engine. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a classic network on the event-driven engine and write a report with plots.",
        subcommands = {SimulateCubaCommand.class, SimulateSongCommand.class, SimulateRewardCommand.class})
final class SimulateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing network name (available: cuba, stdp-song, reward)");
    }
}
