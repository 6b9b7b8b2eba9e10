package org.snn4j.core.optim;

/**
 * Step decay ({@code torch.optim.lr_scheduler.StepLR} counted in optimisation steps):
 * <pre>
 *   lr(step) = initial · γ^⌊step / period⌋
 * </pre>
 * For decay every {@code e} epochs of {@code s} steps use {@code period = e·s}
 * ({@link Schedules#stepDecayEveryEpochs}). {@code totalSteps} is ignored.
 *
 * @param initial learning rate at step 0, finite and &gt; 0
 * @param gamma   factor per period, finite and &gt; 0 (typically ≤ 1)
 * @param period  steps per decay, ≥ 1
 */
public record StepDecaySchedule(float initial, float gamma, long period) implements LearningRateSchedule {

    public StepDecaySchedule {
        Checks.positiveFinite("initial", initial);
        Checks.positiveFinite("gamma", gamma);
        if (period < 1) {
            throw new IllegalArgumentException("period must be ≥ 1 step, got " + period);
        }
    }

    /** @throws IllegalArgumentException if {@code step < 0} */
    @Override
    public float rate(long step, long totalSteps) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be ≥ 0, got " + step);
        }
        return (float) (initial * Math.pow(gamma, (double) (step / period)));
    }
}
