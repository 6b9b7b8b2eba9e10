package org.snn4j.core.optim;

import java.util.List;
import java.util.Objects;
import org.snn4j.core.Parameter;

/**
 * Adam with the update of {@code torch.optim.Adam} (L2 weight decay added to the gradient). Per
 * element, at a parameter's step {@code k = 1, 2, …}:
 * <pre>
 *   g ← g + λ·w                    (only if the parameter has decay(); λ = weightDecay)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   w ← w − (lr / (1 − β1^k)) · m / ( √v / √(1 − β2^k) + ε )
 * </pre>
 * Bias corrections are computed in double, the element update in float. Moments and {@code k} are
 * kept per parameter object (identity). Mutates {@link Parameter#value()} only (and bumps its
 * {@link Parameter#version()}). Not thread-safe.
 */
public final class Adam implements Optimizer {
    /** Stable name. */
    public static final String NAME = "adam";

    private final AdamConfig config;
    private final AdamState state = new AdamState();
    private float learningRate;

    public Adam(AdamConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.learningRate = config.learningRate();
    }

    /** With {@link AdamConfig#adamDefaults}. */
    public Adam(float learningRate) {
        this(AdamConfig.adamDefaults(learningRate));
    }

    public AdamConfig config() {
        return config;
    }

    @Override
    public void step(List<Parameter> params) {
        state.step(params, learningRate, config, config.weightDecay(), 0f);
    }

    /** The number of updates {@code p} has received (the bias-correction exponent k). */
    public long steps(Parameter p) {
        return state.steps(p);
    }

    /** Forgets all moments and step counts. */
    public void reset() {
        state.reset();
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    /** @param lr finite and ≥ 0 (a schedule may anneal to 0) */
    @Override
    public void setLearningRate(float lr) {
        learningRate = Checks.nonNegativeFinite("learningRate", lr);
    }

    @Override
    public String name() {
        return NAME;
    }
}
