package org.snn4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code snn4j demo}: trains the conv preset (or another preset) on the Fashion-MNIST sample bundled with snn4j (6 000
 * training and 1 000 test images), so that it works with no download, and prints the test accuracy.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train the conv preset on the bundled Fashion-MNIST sample (6 000 train / 1 000 test images)",
                "and print the test accuracy. Needs no download; takes one to two minutes on 2 cores."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, defaultValue = "conv",
            description = "Preset or JSON architecture file (default: ${DEFAULT-VALUE}; fc for the FC network).")
    String model;

    @Option(names = {"-e", "--epochs"}, defaultValue = "3", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"-t", "--threads"}, description = "Worker threads (default: all available processors).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "runs/demo",
            description = "Directory for model.snn4j and the report (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--no-progress", description = "Print plain progress lines instead of a progress bar.")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainOptions o = new TrainOptions();
        o.dataset = "fashion-mnist";
        o.dataDir = null;
        o.bundledOnly = true;
        o.model = model;
        o.epochs = epochs;
        o.threads = threads;
        o.seed = seed;
        o.output = output;
        o.noProgress = noProgress;
        var out = spec.commandLine().getOut();
        JsonLine.print(out, new TrainingJob(o, "demo", out).run());
        return 0;
    }
}
