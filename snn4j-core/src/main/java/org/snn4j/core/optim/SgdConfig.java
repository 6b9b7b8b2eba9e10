package org.snn4j.core.optim;

import java.util.Objects;

/**
 * Hyper-parameters of {@link Sgd} ({@code torch.optim.SGD} semantics).
 *
 * @param learningRate initial learning rate, finite and &gt; 0
 * @param momentum     μ in [0, 1); 0 disables the momentum buffer
 * @param dampening    in [0, 1]; the buffer update is {@code buf = μ·buf + (1 − dampening)·g}
 * @param nesterov     {@link NesterovMode#NESTEROV} needs μ &gt; 0 and dampening = 0 (as in torch)
 * @param weightDecay  L2 coefficient λ ≥ 0, added to the gradient as {@code g + λ·w}
 */
public record SgdConfig(float learningRate, float momentum, float dampening, NesterovMode nesterov,
                        float weightDecay) {

    /** Whether the momentum step looks ahead. */
    public enum NesterovMode {
        /** {@code w −= lr·buf}. */
        CLASSICAL,
        /** {@code w −= lr·(g + μ·buf)}. */
        NESTEROV
    }

    public SgdConfig {
        Checks.positiveFinite("learningRate", learningRate);
        Checks.unitInterval("momentum", momentum);
        Checks.closedUnitInterval("dampening", dampening);
        Objects.requireNonNull(nesterov, "nesterov");
        Checks.nonNegativeFinite("weightDecay", weightDecay);
        if (nesterov == NesterovMode.NESTEROV && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0 and dampening = 0, got momentum="
                    + momentum + ", dampening=" + dampening);
        }
    }

    /** A builder starting from momentum 0, dampening 0, classical, no weight decay. */
    public static Builder builder(float learningRate) {
        return new Builder(learningRate);
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private float learningRate;
        private float momentum;
        private float dampening;
        private NesterovMode nesterov = NesterovMode.CLASSICAL;
        private float weightDecay;

        private Builder(float learningRate) {
            this.learningRate = learningRate;
        }

        public Builder learningRate(float v) {
            learningRate = v;
            return this;
        }

        public Builder momentum(float v) {
            momentum = v;
            return this;
        }

        public Builder dampening(float v) {
            dampening = v;
            return this;
        }

        public Builder nesterov(NesterovMode v) {
            nesterov = v;
            return this;
        }

        public Builder weightDecay(float v) {
            weightDecay = v;
            return this;
        }

        public SgdConfig build() {
            return new SgdConfig(learningRate, momentum, dampening, nesterov, weightDecay);
        }
    }
}
