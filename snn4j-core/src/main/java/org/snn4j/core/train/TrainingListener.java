package org.snn4j.core.train;

/**
 * Callbacks from a {@link Trainer}: progress bars, metric logs, checkpoints. All methods run on the
 * training thread between batches; keep them cheap. Defaults do nothing.
 */
public interface TrainingListener {

    /** Before the first batch. */
    default void onTrainingStart(TrainingPlan plan) {
    }

    /** After every optimisation step. */
    default void onBatchEnd(BatchReport report) {
    }

    /** After every epoch, including its evaluation on the validation set if one was given. */
    default void onEpochEnd(EpochReport report) {
    }

    /**
     * What a training run will do.
     *
     * @param epochs          number of epochs
     * @param batchesPerEpoch optimisation steps per epoch
     * @param samplesPerEpoch training samples per epoch
     */
    record TrainingPlan(int epochs, int batchesPerEpoch, int samplesPerEpoch) {
    }

    /**
     * One optimisation step.
     *
     * @param epoch            0-based epoch
     * @param batch            0-based batch within the epoch
     * @param samples          training samples seen so far in this epoch
     * @param loss             the batch's mean loss
     * @param accuracy         fraction of the batch predicted correctly
     * @param runningLoss      mean loss over the epoch so far
     * @param runningAccuracy  accuracy over the epoch so far
     * @param samplesPerSecond training throughput over the epoch so far
     * @param learningRate     the learning rate used for this step
     */
    record BatchReport(int epoch, int batch, long samples, float loss, float accuracy, double runningLoss,
                       double runningAccuracy, double samplesPerSecond, float learningRate) {
    }

    /**
     * One finished epoch.
     *
     * @param epoch            0-based epoch
     * @param trainLoss        mean training loss over the epoch
     * @param trainAccuracy    training accuracy over the epoch (with dropout etc. active)
     * @param validation       evaluation on the validation set, or null if none was given
     * @param seconds          wall time of the epoch's training steps (evaluation excluded)
     * @param samplesPerSecond training throughput of the epoch
     */
    record EpochReport(int epoch, double trainLoss, double trainAccuracy, Evaluation validation,
                       double seconds, double samplesPerSecond) {
    }
}
