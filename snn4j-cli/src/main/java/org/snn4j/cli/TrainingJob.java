package org.snn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snn4j.core.data.Augmentation;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.encode.Encoder;
import org.snn4j.core.encode.Encoders;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.loss.Losses;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.network.Provenance;
import org.snn4j.core.optim.LearningRateSchedule;
import org.snn4j.core.optim.Optimizer;
import org.snn4j.core.train.Evaluation;
import org.snn4j.core.train.Trainer;
import org.snn4j.core.train.TrainingListener;
import org.snn4j.io.ModelCheckpoint;
import org.snn4j.io.ModelFile;

/**
 * One training run as {@code snn4j train} and {@code snn4j demo} perform it: resolve data and
 * model, train with a progress display, evaluate on the test set after every epoch, then write
 * {@code model.snn4j}, {@code report.md} and {@code report.json} into the output directory.
 */
final class TrainingJob {
    private final TrainOptions o;
    private final String command;
    private final PrintWriter out;

    TrainingJob(TrainOptions options, String command, PrintWriter out) {
        this.o = options;
        this.command = command;
        this.out = out;
    }

    /**
     * What a finished job produced.
     *
     * @param figures the JSON summary line's figures
     * @param model   the trained model (also saved as {@code model.snn4j})
     * @param epochs  one report per epoch, with the test-set evaluation
     * @param seconds wall time of the training
     * @param test    the test set it was evaluated on (after {@code --limit-test})
     */
    record Result(Map<String, Object> figures, Model model, List<TrainingListener.EpochReport> epochs, double seconds,
                  Dataset test) {
    }

    /** Runs the job and returns the figures for the JSON summary line. */
    Map<String, Object> run() throws IOException {
        return train().figures();
    }

    /** Runs the job and returns everything it produced. */
    Result train() throws IOException {
        validate();
        int threads = Threads.resolve(o.threads);
        DataSupport.Loaded data = o.bundledOnly ? DataSupport.bundled() : DataSupport.load(o.dataset, o.dataDir);
        Presets.Preset preset = Presets.resolve(o.model);
        NetworkSpec spec = preset.spec();
        int steps = o.steps != null ? o.steps : preset.steps();
        String encoderName = o.encoder != null ? o.encoder : preset.encoder();
        String lossName = o.loss != null ? o.loss : preset.loss();
        String optimizerName = o.optimizer != null ? o.optimizer : preset.optimizer();
        float lr = o.learningRate != null ? o.learningRate : preset.learningRate();
        float weightDecay = o.weightDecay != null ? o.weightDecay : preset.weightDecay();
        TrainOptions.ScheduleName scheduleName = o.schedule != null ? o.schedule : preset.schedule();
        Encoder encoder = Encoders.byName(encoderName);
        Loss loss = Losses.byName(lossName);
        Optimizer optimizer = Presets.optimizer(optimizerName, lr, weightDecay);
        LearningRateSchedule schedule = Presets.schedule(scheduleName, lr);
        String augmentName = o.augment != null ? o.augment : preset.augment();
        Augmentation augmentation = augmentName.equalsIgnoreCase("none") ? null : Augmentation.parse(augmentName);

        Dataset train = DataSupport.limit(data.train(), o.limitTrain, "--limit-train");
        Dataset test = DataSupport.limit(data.test(), o.limitTest, "--limit-test");
        if (augmentation != null && train.sampleShape().rank() < 2) {
            throw new CliException("--augment " + augmentName + " needs image samples [C, H, W], but " + o.dataset
                    + " has samples of shape " + train.sampleShape() + "; use --augment none");
        }
        Path outDir = o.output != null ? o.output : OutputDirs.timestamped(preset.name() + "-" + o.dataset);
        OutputDirs.prepare(outDir);

        Map<String, String> config = new LinkedHashMap<>();
        config.put("command", command);
        config.put("dataset", o.dataset);
        config.put("data_source", data.description());
        config.put("model", o.model);
        config.put("steps", Integer.toString(steps));
        config.put("batch_size", Integer.toString(o.batchSize));
        config.put("epochs", Integer.toString(o.epochs));
        config.put("optimizer", optimizerName);
        config.put("lr", Float.toString(lr));
        config.put("weight_decay", Float.toString(weightDecay));
        config.put("schedule", scheduleName.name().toLowerCase(Locale.ROOT));
        config.put("clip", Float.toString(o.clipNorm));
        config.put("encoder", encoderName);
        config.put("loss", lossName);
        config.put("augment", augmentName);
        config.put("checkpoint_segment", Integer.toString(o.checkpointSegment));
        config.put("train_samples", Integer.toString(train.size()));
        config.put("test_samples", Integer.toString(test.size()));

        Network network = spec.build(o.seed);
        out.printf("snn4j %s: %s on %s (%d train / %d test samples; data: %s)%n", command, network, o.dataset,
                train.size(), test.size(), data.description());
        out.printf("  T=%d, batch %d, %d epochs, %s lr %s (%s), encoder %s, loss %s, augment %s, %d threads, "
                + "seed %d%n",
                steps, o.batchSize, o.epochs, optimizerName, lr, scheduleName.name().toLowerCase(Locale.ROOT),
                encoderName, lossName, augmentName, threads, o.seed);
        out.flush();

        List<TrainingListener.EpochReport> epochs = new ArrayList<>();
        List<TrainingListener> extra = new ArrayList<>();
        if (o.checkpointEvery != null) {
            extra.add(new ModelCheckpoint(outDir.resolve("checkpoint.snn4j"), () -> new Model(network, encoderName, steps,
                    lossName, o.dataset, data.classNames(), Provenance.capture(o.seed, threads, config)), o.checkpointEvery));
        }
        long start = System.nanoTime();
        try (Kernels kernels = Kernels.create(threads);
             ProgressDisplay progress = new ProgressDisplay(out, !o.noProgress)) {
            Trainer.Builder builder = Trainer.builder(network).loss(loss).optimizer(optimizer).encoder(encoder)
                    .steps(steps).batchSize(o.batchSize).epochs(o.epochs).schedule(schedule)
                    .clipNorm(o.clipNorm).seed(o.seed).kernels(kernels).foldTimeInvariantInput(!o.noFold)
                    .checkpointSegment(o.checkpointSegment)
                    .augmentation(augmentation)
                    .listener(progress).listener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochReport report) {
                            epochs.add(report);
                        }
                    });
            extra.forEach(builder::listener);
            builder.build().fit(train, test);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingListener.EpochReport last = epochs.get(epochs.size() - 1);
        Evaluation eval = last.validation();

        Provenance provenance = Provenance.capture(o.seed, threads, config);
        Model model = new Model(network, encoderName, steps, lossName, o.dataset, data.classNames(), provenance);
        Path modelPath = outDir.resolve("model.snn4j");
        ModelFile.save(model, modelPath);
        Report report = new Report(command, model, epochs, seconds, data.classNames());
        report.write(outDir);

        out.printf("test accuracy %.2f %% (%d samples) after %d epochs in %.1f s; model %s, report %s%n",
                100 * eval.accuracy(), eval.samples(), o.epochs, seconds, modelPath, outDir.resolve("report.md"));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("command", command);
        figures.put("test_accuracy", JsonLine.round(eval.accuracy(), 5));
        figures.put("test_loss", JsonLine.round(eval.loss(), 5));
        figures.put("train_accuracy", JsonLine.round(last.trainAccuracy(), 5));
        figures.put("train_loss", JsonLine.round(last.trainLoss(), 5));
        figures.put("epochs", o.epochs);
        figures.put("train_samples", train.size());
        figures.put("test_samples", eval.samples());
        figures.put("seconds", JsonLine.round(seconds, 2));
        figures.put("train_samples_per_second", JsonLine.round(last.samplesPerSecond(), 1));
        figures.put("threads", threads);
        figures.put("model_file", modelPath.toString());
        figures.put("report", outDir.resolve("report.md").toString());
        return new Result(figures, model, List.copyOf(epochs), seconds, test);
    }

    private void validate() {
        if (o.epochs < 1 || o.epochs > 100_000) {
            throw new CliException("--epochs must be between 1 and 100000, got " + o.epochs);
        }
        if (o.batchSize < 1 || o.batchSize > 65_536) {
            throw new CliException("--batch-size must be between 1 and 65536, got " + o.batchSize);
        }
        if (o.steps != null && (o.steps < 1 || o.steps > 100_000)) {
            throw new CliException("--steps must be between 1 and 100000, got " + o.steps);
        }
        if (o.learningRate != null && !(o.learningRate > 0f && o.learningRate < 100f)) {
            throw new CliException("--lr must be positive and below 100, got " + o.learningRate);
        }
        if (o.weightDecay != null && !(o.weightDecay >= 0f && o.weightDecay < 10f)) {
            throw new CliException("--weight-decay must be in [0, 10), got " + o.weightDecay);
        }
        if (!(o.clipNorm >= 0f) || Float.isInfinite(o.clipNorm)) {
            throw new CliException("--clip must be >= 0 (0 = off), got " + o.clipNorm);
        }
        if (o.checkpointEvery != null && (o.checkpointEvery < 1 || o.checkpointEvery > o.epochs)) {
            throw new CliException("--checkpoint-every must be between 1 and the number of epochs (" + o.epochs
                    + "), got " + o.checkpointEvery);
        }
        if (o.checkpointSegment < 0 || o.checkpointSegment > 100_000) {
            throw new CliException("--checkpoint-segment must be between 0 (off) and 100000 steps, got "
                    + o.checkpointSegment);
        }
        if (o.model.endsWith(".json") && !Files.isRegularFile(Path.of(o.model))) {
            throw new CliException("architecture file " + o.model + " does not exist; give a JSON file or a preset ("
                    + String.join(", ", Presets.names()) + ")");
        }
    }
}
