package org.snn4j.core.optim;

/** The learning rate as a function of the optimisation step, {@code 0 ≤ step < totalSteps}. */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate for update number {@code step} of {@code totalSteps}. */
    float rate(long step, long totalSteps);

    /** A constant learning rate. */
    static LearningRateSchedule constant(float lr) {
        return (step, total) -> lr;
    }
}
