package org.snn4j.core.optim;

/** Factories for the learning-rate schedules. */
public final class Schedules {
    private Schedules() {
    }

    /** {@code lr(step) = lr}; lr finite and &gt; 0. */
    public static LearningRateSchedule constant(float lr) {
        Checks.positiveFinite("lr", lr);
        return LearningRateSchedule.constant(lr);
    }

    /** {@code lr(step) = initial · γ^⌊step / everySteps⌋} (see {@link StepDecaySchedule}). */
    public static StepDecaySchedule stepDecay(float initial, float gamma, long everySteps) {
        return new StepDecaySchedule(initial, gamma, everySteps);
    }

    /**
     * {@code lr(step) = initial · γ^⌊step / (everyEpochs·stepsPerEpoch)⌋}: decay by γ every
     * {@code everyEpochs} epochs of {@code stepsPerEpoch} optimisation steps.
     */
    public static StepDecaySchedule stepDecayEveryEpochs(float initial, float gamma, int everyEpochs,
                                                         int stepsPerEpoch) {
        if (everyEpochs < 1 || stepsPerEpoch < 1) {
            throw new IllegalArgumentException("everyEpochs and stepsPerEpoch must be ≥ 1, got everyEpochs="
                    + everyEpochs + ", stepsPerEpoch=" + stepsPerEpoch);
        }
        return new StepDecaySchedule(initial, gamma, (long) everyEpochs * stepsPerEpoch);
    }

    /** Cosine annealing from {@code peak} to {@code min}, no warm-up (see {@link CosineSchedule}). */
    public static CosineSchedule cosine(float peak, float min) {
        return new CosineSchedule(peak, min, 0);
    }

    /** Linear warm-up over {@code warmupSteps}, then cosine annealing to {@code min}. */
    public static CosineSchedule cosine(float peak, float min, long warmupSteps) {
        return new CosineSchedule(peak, min, warmupSteps);
    }
}
