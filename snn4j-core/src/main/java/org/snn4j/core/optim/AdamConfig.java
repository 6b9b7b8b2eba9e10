package org.snn4j.core.optim;

/**
 * Hyper-parameters of {@link Adam} and {@link AdamW}.
 *
 * @param learningRate initial learning rate, finite and &gt; 0
 * @param beta1        first-moment decay in [0, 1)
 * @param beta2        second-moment decay in [0, 1)
 * @param epsilon      added to the bias-corrected √v, finite and &gt; 0
 * @param weightDecay  λ ≥ 0: L2 added to the gradient for {@link Adam}, decoupled for {@link AdamW}
 */
public record AdamConfig(float learningRate, float beta1, float beta2, float epsilon, float weightDecay) {

    public AdamConfig {
        Checks.positiveFinite("learningRate", learningRate);
        Checks.unitInterval("beta1", beta1);
        Checks.unitInterval("beta2", beta2);
        Checks.positiveFinite("epsilon", epsilon);
        Checks.nonNegativeFinite("weightDecay", weightDecay);
    }

    /** torch.optim.Adam defaults: β = (0.9, 0.999), ε = 1e-8, λ = 0. */
    public static AdamConfig adamDefaults(float learningRate) {
        return new AdamConfig(learningRate, 0.9f, 0.999f, 1e-8f, 0f);
    }

    /** torch.optim.AdamW defaults: β = (0.9, 0.999), ε = 1e-8, λ = 0.01. */
    public static AdamConfig adamWDefaults(float learningRate) {
        return new AdamConfig(learningRate, 0.9f, 0.999f, 1e-8f, 0.01f);
    }

    /** A builder starting from {@link #adamDefaults}. */
    public static Builder builder(float learningRate) {
        return new Builder(adamDefaults(learningRate));
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private float learningRate;
        private float beta1;
        private float beta2;
        private float epsilon;
        private float weightDecay;

        private Builder(AdamConfig start) {
            learningRate = start.learningRate();
            beta1 = start.beta1();
            beta2 = start.beta2();
            epsilon = start.epsilon();
            weightDecay = start.weightDecay();
        }

        public Builder learningRate(float v) {
            learningRate = v;
            return this;
        }

        public Builder beta1(float v) {
            beta1 = v;
            return this;
        }

        public Builder beta2(float v) {
            beta2 = v;
            return this;
        }

        public Builder epsilon(float v) {
            epsilon = v;
            return this;
        }

        public Builder weightDecay(float v) {
            weightDecay = v;
            return this;
        }

        public AdamConfig build() {
            return new AdamConfig(learningRate, beta1, beta2, epsilon, weightDecay);
        }
    }
}
