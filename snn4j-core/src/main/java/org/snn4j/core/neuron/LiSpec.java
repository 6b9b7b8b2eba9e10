package org.snn4j.core.neuron;

import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.LayerSpec;

/**
 * Non-spiking leaky integrator neurons, type {@code "li"}; builds a {@link LeakyIntegrator} layer.
 * With {@code J[−1] = U[−1] = 0}:
 * <pre>
 *   J[t] = α·J[t−1] + X[t]        (synaptic current; α = 0: J[t] = X[t], plain LI)
 *   U[t] = β·U[t−1] + J[t]        (β = 1: pure integrator)
 *   output[t] = U[t]              (no threshold, no spikes, no reset)
 * </pre>
 * The read-out layer of NIR's {@code LI} (α = 0), {@code CubaLI} and {@code I} (α = 0, β = 1) nodes
 * and of snnTorch membrane read-outs.
 *
 * @param beta       membrane decay β in [0, 1] (a trained β is clamped to [0, 1] when used); parameter
 *                   {@code "beta"} when trained
 * @param alpha      synaptic current decay α in [0, 1] (clamped likewise); parameter {@code "alpha"} when trained
 * @param learnBeta  whether and how β is trained
 * @param learnAlpha whether and how α is trained
 */
public record LiSpec(float beta, float alpha, LearnMode learnBeta, LearnMode learnAlpha) implements LayerSpec {

    public LiSpec {
        Specs.unit("beta", beta);
        Specs.unit("alpha", alpha);
        Specs.notNull("learnBeta", learnBeta);
        Specs.notNull("learnAlpha", learnAlpha);
    }

    /** β as given, α = 0 (plain LI), nothing trained. */
    public static LiSpec of(float beta) {
        return builder().beta(beta).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return "li";
    }

    @Override
    public LeakyIntegrator build(Shape inputShape, RandomGenerator rng) {
        return new LeakyIntegrator(this, inputShape);
    }

    /** Builder with defaults β = 0.95, α = 0, both FIXED. */
    public static final class Builder {
        private float beta = 0.95f;
        private float alpha = 0f;
        private LearnMode learnBeta = LearnMode.FIXED;
        private LearnMode learnAlpha = LearnMode.FIXED;

        private Builder() {
        }

        public Builder beta(float v) {
            beta = v;
            return this;
        }

        public Builder alpha(float v) {
            alpha = v;
            return this;
        }

        public Builder learnBeta(LearnMode v) {
            learnBeta = v;
            return this;
        }

        public Builder learnAlpha(LearnMode v) {
            learnAlpha = v;
            return this;
        }

        public LiSpec build() {
            return new LiSpec(beta, alpha, learnBeta, learnAlpha);
        }
    }
}
