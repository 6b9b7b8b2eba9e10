package org.snn4j.core.neuron;

import java.util.Arrays;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;

/**
 * One neuron hyper-parameter (β, θ or α) of a layer of {@code N} neurons, either fixed or trainable
 * per {@link LearnMode}. It expands its value to a per-neuron array for the loops and folds per-lane
 * gradient partial sums back into {@link Parameter#grad()} in a fixed order (first over the batch
 * for each neuron, then, for a shared parameter, over neurons; in double precision), so the
 * gradient does not depend on the thread count.
 *
 * <p>When {@code clampUnit} is set (decay factors β, α) the loops use {@code clamp(v, 0, 1)} and the
 * gradient passes only where {@code 0 ≤ v ≤ 1} (PyTorch's {@code clamp} rule).
 */
final class NeuronParameter {
    private final LearnMode mode;
    private final boolean clampUnit;
    private final Parameter parameter;
    private final float fixed;
    private final float[] expanded;

    NeuronParameter(String name, float initial, LearnMode mode, boolean clampUnit, int n) {
        this.mode = mode;
        this.clampUnit = clampUnit;
        this.fixed = initial;
        this.expanded = new float[n];
        this.parameter = switch (mode) {
            case FIXED -> null;
            case SHARED -> new Parameter(name, Shape.of(1), new float[] {initial}, false);
            case PER_NEURON -> {
                float[] v = new float[n];
                Arrays.fill(v, initial);
                yield new Parameter(name, Shape.of(n), v, false);
            }
        };
    }

    /** The trainable parameter, or null when fixed. */
    Parameter parameter() {
        return parameter;
    }

    boolean learnable() {
        return parameter != null;
    }

    /** Per-neuron values as used by the loops (clamped if requested); refreshed from the parameter. */
    float[] values() {
        int n = expanded.length;
        switch (mode) {
            case FIXED -> Arrays.fill(expanded, use(fixed));
            case SHARED -> Arrays.fill(expanded, use(parameter.value()[0]));
            case PER_NEURON -> {
                float[] v = parameter.value();
                for (int i = 0; i < n; i++) {
                    expanded[i] = use(v[i]);
                }
            }
        }
        return expanded;
    }

    /** Raw (unclamped) value of neuron {@code i}. */
    float raw(int i) {
        return switch (mode) {
            case FIXED -> fixed;
            case SHARED -> parameter.value()[0];
            case PER_NEURON -> parameter.value()[i];
        };
    }

    private float use(float v) {
        return clampUnit ? Math.min(1f, Math.max(0f, v)) : v;
    }

    private boolean passes(float v) {
        return !clampUnit || (v >= 0f && v <= 1f);
    }

    /**
     * Adds per-lane partial gradients ({@code lanes = B·N}, lane {@code b·N + n}) into the
     * parameter's gradient. No-op when fixed.
     */
    void accumulate(float[] lanePartials, int lanes) {
        if (parameter == null) {
            return;
        }
        int n = expanded.length;
        int rows = lanes / n;
        float[] grad = parameter.grad();
        double total = 0;
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int b = 0; b < rows; b++) {
                sum += lanePartials[b * n + j];
            }
            if (mode == LearnMode.PER_NEURON) {
                if (passes(parameter.value()[j])) {
                    grad[j] += (float) sum;
                }
            } else {
                total += sum;
            }
        }
        if (mode == LearnMode.SHARED && passes(parameter.value()[0])) {
            grad[0] += (float) total;
        }
    }
}
