package org.snn4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code snn4j train}: trains a preset or an architecture file on an IDX data set. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a spiking network with surrogate gradients (BPTT) on an IDX data set,",
                "then write model.snn4j, report.md and report.json into the output directory."})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    TrainOptions options = new TrainOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        JsonLine.print(out, new TrainingJob(options, "train", out).run());
        return 0;
    }
}
