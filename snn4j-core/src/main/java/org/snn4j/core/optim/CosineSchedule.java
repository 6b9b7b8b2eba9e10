package org.snn4j.core.optim;

/**
 * Cosine annealing from {@code peak} to {@code min} over the steps after an optional linear
 * warm-up of {@code W = warmupSteps} steps. For update {@code step} of {@code total}:
 * <pre>
 *   step &lt; W:  lr = peak · (step + 1) / W
 *   else:      p  = clamp((step − W) / (total − W), 0, 1)     (p = 0 when total ≤ W)
 *              lr = min + (peak − min) · (1 + cos(π·p)) / 2
 * </pre>
 * so the first step after warm-up uses {@code peak}, and the rate approaches {@code min} at the
 * end ({@code torch CosineAnnealingLR} with {@code T_max = total − W}). Computed in double.
 *
 * @param peak        the rate after warm-up, finite and &gt; 0
 * @param min         the final rate, finite, in [0, peak]
 * @param warmupSteps W ≥ 0
 */
public record CosineSchedule(float peak, float min, long warmupSteps) implements LearningRateSchedule {

    public CosineSchedule {
        Checks.positiveFinite("peak", peak);
        Checks.nonNegativeFinite("min", min);
        if (min > peak) {
            throw new IllegalArgumentException("min must be ≤ peak = " + peak + ", got " + min);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be ≥ 0, got " + warmupSteps);
        }
    }

    /** @throws IllegalArgumentException if {@code step < 0} or {@code totalSteps < 1} */
    @Override
    public float rate(long step, long totalSteps) {
        if (step < 0 || totalSteps < 1) {
            throw new IllegalArgumentException("need step ≥ 0 and totalSteps ≥ 1, got step=" + step
                    + ", totalSteps=" + totalSteps);
        }
        if (step < warmupSteps) {
            return (float) ((double) peak * (step + 1) / warmupSteps);
        }
        long span = totalSteps - warmupSteps;
        double p = span <= 0 ? 0 : Math.min(1.0, (double) (step - warmupSteps) / span);
        return (float) (min + (peak - (double) min) * (1 + Math.cos(Math.PI * p)) / 2);
    }
}
