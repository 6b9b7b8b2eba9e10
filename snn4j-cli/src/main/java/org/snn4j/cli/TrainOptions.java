package org.snn4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of {@code snn4j train}; {@code snn4j demo} fills the same fields with its own defaults. */
public final class TrainOptions {

    /** Learning-rate schedules selectable on the command line. */
    public enum ScheduleName { CONSTANT, COSINE, STEP }

    @Option(names = "--dataset", defaultValue = "fashion-mnist",
            description = "Data set name: fashion-mnist, mnist or kmnist (default: ${DEFAULT-VALUE}).")
    String dataset = "fashion-mnist";

    @Option(names = "--data-dir", description = "Directory holding the IDX files (default: $SNN4J_DATA, "
            + "/usr/share/datasets/fashion-mnist, then the bundled sample).")
    Path dataDir;

    @Option(names = {"-m", "--model"}, defaultValue = "fc",
            description = "Model preset (fc, fc-tutorial, conv, ann-conv, ann-conv-qcfs) or a JSON architecture file (default: ${DEFAULT-VALUE}).")
    String model = "fc";

    @Option(names = {"-T", "--steps"}, description = "Time steps per sample (default: the preset's, fc: 25).")
    Integer steps;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize = 128;

    @Option(names = {"-e", "--epochs"}, defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 10;

    @Option(names = "--lr", description = "Learning rate (default: the preset's).")
    Float learningRate;

    @Option(names = "--optimizer", description = "sgd, adam or adamw (default: the preset's).")
    String optimizer;

    @Option(names = "--weight-decay", description = "Weight decay (L2 for sgd/adam, decoupled for adamw; default: the preset's).")
    Float weightDecay;

    @Option(names = "--schedule", description = "Learning-rate schedule: constant, cosine (to 0 over the run) or step (x0.1 at 1/2, x0.01 at 3/4 of the run); default: the preset's.")
    ScheduleName schedule;

    @Option(names = "--clip", defaultValue = "0", description = "Clip the gradient L2 norm to this value, 0 = off (default: ${DEFAULT-VALUE}).")
    float clipNorm;

    @Option(names = "--encoder", description = "Input encoder: direct, poisson, latency, delta (default: the preset's).")
    String encoder;

    @Option(names = "--loss", description = "Loss: ce-count, ce-membrane, mse-count (default: the preset's).")
    String loss;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = {"-t", "--threads"}, description = "Worker threads (default: all available processors).")
    Integer threads;

    @Option(names = {"-o", "--output"}, description = "Directory for model.snn4j and the report (default: runs/<model>-<dataset>-<time>).")
    Path output;

    @Option(names = "--limit-train", description = "Use only the first N training samples.")
    Integer limitTrain;

    @Option(names = "--limit-test", description = "Use only the first N test samples.")
    Integer limitTest;

    @Option(names = "--checkpoint-every", description = "Save checkpoint.snn4j in the output directory every N epochs (default: off).")
    Integer checkpointEvery;

    @Option(names = "--augment", description = "Random augmentation of training images: none, or a comma-separated list "
            + "of flip (left-right mirror with probability 1/2) and shift:N (translate by up to N pixels, zero fill); "
            + "default: the preset's.")
    String augment;

    @Option(names = "--checkpoint-segment", description = "Train with gradient checkpointing over time: keep only "
            + "the state at every S-th step and recompute segments of S steps in backward (memory for long T; "
            + "about one extra forward). 0 = off (default).")
    int checkpointSegment;

    @Option(names = "--no-fold", description = "Compute every time step of the leading stateless layers even when the "
            + "input is the same at every step (direct encoding); by default they run once per sample, which is exact.")
    boolean noFold;

    /** Set by {@code snn4j demo}: always use the bundled sample, whatever else is installed. */
    boolean bundledOnly;

    @Option(names = "--no-progress", description = "Print plain progress lines instead of a progress bar.")
    boolean noProgress;
}
