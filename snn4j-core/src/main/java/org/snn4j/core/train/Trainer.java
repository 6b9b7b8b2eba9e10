package org.snn4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.snn4j.core.Parameter;
import org.snn4j.core.data.Augmentation;
import org.snn4j.core.data.Batch;
import org.snn4j.core.data.DataLoader;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.encode.Encoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.loss.Readout;
import org.snn4j.core.network.CheckpointExecutor;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;
import org.snn4j.core.optim.GradientClipping;
import org.snn4j.core.optim.LearningRateSchedule;
import org.snn4j.core.optim.Optimizer;

/**
 * Surrogate-gradient training by backpropagation through time (BPTT) of a {@link Network}.
 * One step: encode the batch {@code [B, F] → [T, B, F]}, forward, loss, backward, optional
 * gradient clipping, learning rate from the schedule, optimiser update. Given the same seed and
 * thread count, a run is bit-for-bit reproducible: shuffling, encoder and dropout randomness are
 * all derived from the seed, epoch and batch index.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(network).loss(new CrossEntropyMembraneLoss())
 *         .optimizer(new Adam(5e-4f)).encoder(new DirectEncoder()).steps(25).batchSize(128)
 *         .epochs(1).seed(42).kernels(kernels).build();
 * trainer.fit(train, test);
 * }</pre>
 */
public final class Trainer {
    private final Network network;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Encoder encoder;
    private final int steps;
    private final int batchSize;
    private final int evalBatchSize;
    private final int epochs;
    private final LearningRateSchedule schedule;
    private final float clipNorm;
    private final long seed;
    private final Kernels kernels;
    private final boolean foldTimeInvariantInput;
    private final Augmentation augmentation;
    private final List<TrainingListener> listeners;
    private final int checkpointSegment;

    private float[] gradOutput = new float[0];
    private float[] gradMembrane = new float[0];

    private Trainer(Builder b) {
        this.network = b.network;
        this.loss = Objects.requireNonNull(b.loss, "loss");
        this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer");
        this.encoder = Objects.requireNonNull(b.encoder, "encoder");
        this.steps = b.steps;
        this.batchSize = b.batchSize;
        this.evalBatchSize = b.evalBatchSize;
        this.epochs = b.epochs;
        float lr = optimizer.learningRate();
        this.schedule = b.schedule != null ? b.schedule : LearningRateSchedule.constant(lr);
        this.clipNorm = b.clipNorm;
        this.seed = b.seed;
        this.kernels = Objects.requireNonNull(b.kernels, "kernels");
        this.foldTimeInvariantInput = b.foldTimeInvariantInput;
        this.augmentation = b.augmentation;
        this.listeners = List.copyOf(b.listeners);
        this.checkpointSegment = b.checkpointSegment;
        if (checkpointSegment > 0) {
            CheckpointExecutor.requireSupported(network);
        }
    }

    public static Builder builder(Network network) {
        return new Builder(network);
    }

    public Network network() {
        return network;
    }

    /**
     * Trains for the configured number of epochs.
     *
     * @param train      training data
     * @param validation evaluated after every epoch, or null
     * @return the report of the last epoch
     */
    public TrainingListener.EpochReport fit(Dataset train, Dataset validation) {
        checkCompatible(train);
        if (validation != null) {
            checkCompatible(validation);
        }
        DataLoader loader = DataLoader.builder(train, batchSize).shuffled(seed).prefetch(2).augment(augmentation)
                .build();
        int batchesPerEpoch = loader.numBatches();
        long totalSteps = (long) batchesPerEpoch * epochs;
        for (TrainingListener l : listeners) {
            l.onTrainingStart(new TrainingListener.TrainingPlan(epochs, batchesPerEpoch, train.size()));
        }
        TrainingListener.EpochReport report = null;
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            int batchIndex = 0;
            try (DataLoader.BatchIterator it = loader.epoch(epoch)) {
                while (it.hasNext()) {
                    Batch batch = it.next();
                    float lr = schedule.rate(step, totalSteps);
                    optimizer.setLearningRate(lr);
                    long batchSeed = mix(seed, epoch, batchIndex);
                    StepResult r = trainStep(batch, batchSeed);
                    step++;
                    lossSum += (double) r.loss * batch.size();
                    correct += r.correct;
                    seen += batch.size();
                    double secs = (System.nanoTime() - start) / 1e9;
                    TrainingListener.BatchReport br = new TrainingListener.BatchReport(epoch, batchIndex, seen, r.loss,
                            (float) r.correct / batch.size(), lossSum / seen, (double) correct / seen,
                            seen / Math.max(secs, 1e-9), lr);
                    for (TrainingListener l : listeners) {
                        l.onBatchEnd(br);
                    }
                    batchIndex++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation eval = validation == null ? null : evaluate(validation);
            report = new TrainingListener.EpochReport(epoch, lossSum / seen, (double) correct / seen, eval,
                    seconds, seen / seconds);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(report);
            }
        }
        return report;
    }

    /** The outcome of one optimisation step. */
    private record StepResult(float loss, int correct) {
    }

    private StepResult trainStep(Batch batch, long batchSeed) {
        int b = batch.size();
        int f = network.inputShape().size();
        RunContext ctx = new RunContext(steps, b, true, batchSeed, kernels);
        NetworkOutput out;
        if (checkpointSegment == 0 && foldTimeInvariantInput && encoder.timeInvariant()) {
            out = network.forwardTimeInvariant(batch.features(), ctx);
        } else {
            float[] input = encoder.encode(batch.features(), b, f, steps, batchSeed);
            out = checkpointSegment > 0 ? network.forwardCheckpointed(input, ctx, checkpointSegment)
                    : network.forward(input, ctx);
        }
        int n = steps * b * out.classes();
        if (gradOutput.length != n) {
            gradOutput = new float[n];
            gradMembrane = new float[n];
        }
        float[] gOut = loss.usesOutput() ? gradOutput : null;
        float[] gMem = loss.usesMembrane() ? gradMembrane : null;
        float value = loss.compute(out, batch.labels(), gOut, gMem);
        int correct = countCorrect(loss.scores(out), batch.labels(), b, out.classes());
        network.zeroGrad();
        network.backward(gOut, gMem);
        List<Parameter> params = network.parameters();
        if (clipNorm > 0f) {
            GradientClipping.clipNorm(params, clipNorm);
        }
        optimizer.step(params);
        return new StepResult(value, correct);
    }

    /** Evaluates accuracy, loss and the confusion matrix on {@code data} (no shuffling, no dropout). */
    public Evaluation evaluate(Dataset data) {
        checkCompatible(data);
        return Evaluator.evaluate(network, data, encoder, loss, steps, evalBatchSize, seed, kernels);
    }

    private void checkCompatible(Dataset data) {
        if (data.sampleShape().size() != network.inputShape().size()) {
            throw new IllegalArgumentException("data set " + data.name() + " has samples of shape " + data.sampleShape()
                    + " but the network expects input " + network.inputShape());
        }
        if (data.numClasses() > network.outputShape().size()) {
            throw new IllegalArgumentException("data set " + data.name() + " has " + data.numClasses()
                    + " classes but the network has only " + network.outputShape().size() + " outputs");
        }
    }

    static int countCorrect(float[] scores, int[] labels, int batch, int classes) {
        int[] pred = Readout.argmax(scores, batch, classes);
        int correct = 0;
        for (int i = 0; i < batch; i++) {
            if (pred[i] == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** A well-mixed seed for (seed, epoch, batch). */
    static long mix(long seed, int epoch, int batch) {
        long z = seed ^ (0x9E3779B97F4A7C15L * (epoch + 1)) ^ (0xC2B2AE3D27D4EB4FL * (batch + 1));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Configures a {@link Trainer}. Loss, optimiser, encoder and kernels are required. */
    public static final class Builder {
        private final Network network;
        private Loss loss;
        private Optimizer optimizer;
        private Encoder encoder;
        private int steps = 25;
        private int batchSize = 128;
        private int evalBatchSize = 256;
        private int epochs = 1;
        private LearningRateSchedule schedule;
        private float clipNorm;
        private long seed = 42;
        private Kernels kernels;
        private boolean foldTimeInvariantInput = true;
        private Augmentation augmentation;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private int checkpointSegment;

        private Builder(Network network) {
            this.network = Objects.requireNonNull(network, "network");
        }

        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder encoder(Encoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /** Time steps T per sample, 1 … 100 000. */
        public Builder steps(int steps) {
            if (steps < 1 || steps > 100_000) {
                throw new IllegalArgumentException("time steps must be in [1, 100000], got " + steps);
            }
            this.steps = steps;
            return this;
        }

        /** Training batch size, 1 … 65 536. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 65_536) {
                throw new IllegalArgumentException("batch size must be in [1, 65536], got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Evaluation batch size, 1 … 65 536 (default 256). */
        public Builder evalBatchSize(int evalBatchSize) {
            if (evalBatchSize < 1 || evalBatchSize > 65_536) {
                throw new IllegalArgumentException("evaluation batch size must be in [1, 65536], got " + evalBatchSize);
            }
            this.evalBatchSize = evalBatchSize;
            return this;
        }

        /** Number of passes over the training set, ≥ 1. */
        public Builder epochs(int epochs) {
            if (epochs < 1 || epochs > 100_000) {
                throw new IllegalArgumentException("epochs must be in [1, 100000], got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Learning-rate schedule; default: the optimiser's rate, constant. */
        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * Whether to fold time-invariant input (default true): with an encoder whose every step
         * equals the input (direct encoding), the leading stateless layers are computed once per
         * sample and their backward is folded over time ({@link Network#forwardTimeInvariant}).
         * The result equals the unfolded computation up to float rounding; false computes every
         * step (the arithmetic of frameworks without the shortcut, e.g. for benchmarks).
         */
        public Builder foldTimeInvariantInput(boolean fold) {
            this.foldTimeInvariantInput = fold;
            return this;
        }

        /** Random augmentation of training samples (see {@link DataLoader.Builder#augment}); null = none. */
        public Builder augmentation(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** Clip the global gradient L2 norm to this value; 0 disables clipping. */
        public Builder clipNorm(float clipNorm) {
            if (!(clipNorm >= 0f) || Float.isInfinite(clipNorm)) {
                throw new IllegalArgumentException("gradient clip norm must be >= 0 and finite (0 = off), got " + clipNorm);
            }
            this.clipNorm = clipNorm;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder kernels(Kernels kernels) {
            this.kernels = kernels;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Gradient checkpointing over time: train with {@link Network#forwardCheckpointed} in segments
         * of this many steps (activation memory ∝ segment length instead of T, for about one extra
         * forward per step); 0 (default) = off. 0 … 100 000; a value ≥ T runs one segment.
         * {@link #build()} refuses a network with a layer that cannot run in segments.
         */
        public Builder checkpointSegment(int steps) {
            if (steps < 0 || steps > 100_000) {
                throw new IllegalArgumentException("checkpoint segment must be in [0, 100000] time steps (0 = off), got "
                        + steps);
            }
            this.checkpointSegment = steps;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
