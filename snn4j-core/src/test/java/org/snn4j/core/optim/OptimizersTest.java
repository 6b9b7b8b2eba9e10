package org.snn4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;

class OptimizersTest {

    private static Parameter scalar(float value, boolean decay) {
        return new Parameter(decay ? "weight" : "bias", Shape.of(1), new float[] {value}, decay);
    }

    /** Runs one step per gradient and returns the value after each. */
    private static float[] run(Optimizer opt, Parameter p, float... grads) {
        float[] after = new float[grads.length];
        for (int k = 0; k < grads.length; k++) {
            p.grad()[0] = grads[k];
            opt.step(List.of(p));
            after[k] = p.value()[0];
        }
        return after;
    }

    @Test
    void adamBiasCorrectionAfterOneAndThreeSteps() {
        // reference: torch.optim.Adam formulas evaluated in double, lr 0.1, w0 = 1, g = 0.5, −0.2, 0.1
        float[] w = run(new Adam(0.1f), scalar(1f, true), 0.5f, -0.2f, 0.1f);
        assertThat(w[0]).isCloseTo(0.900000002f, within(1e-6f));
        assertThat(w[1]).isCloseTo(0.8654394181f, within(1e-6f));
        assertThat(w[2]).isCloseTo(0.8275002408f, within(1e-6f));

        Adam custom = new Adam(AdamConfig.builder(0.01f).beta1(0.5f).beta2(0.9f).build());
        float[] c = run(custom, scalar(1f, true), 0.5f, -0.2f, 0.1f);
        assertThat(c).containsExactly(new float[] {0.9900000002f, 0.9891074501f, 0.9867486377f}, within(1e-6f));
    }

    @Test
    void adamL2AndAdamWDecoupledDecay() {
        AdamConfig cfg = AdamConfig.builder(0.1f).weightDecay(0.1f).build();
        float[] l2 = run(new Adam(cfg), scalar(1f, true), 0.5f, -0.2f, 0.1f);
        assertThat(l2).containsExactly(new float[] {0.9000000017f, 0.8475190630f, 0.7901621834f}, within(1e-6f));

        float[] dec = run(new AdamW(cfg), scalar(1f, true), 0.5f, -0.2f, 0.1f);
        assertThat(dec).containsExactly(new float[] {0.890000002f, 0.8465394181f, 0.8001348466f}, within(1e-6f));
    }

    @Test
    void weightDecaySkippedForNonDecayParameters() {
        AdamConfig cfg = AdamConfig.builder(0.1f).weightDecay(0.1f).build();
        float[] plain = run(new Adam(0.1f), scalar(1f, false), 0.5f, -0.2f, 0.1f);
        assertThat(run(new Adam(cfg), scalar(1f, false), 0.5f, -0.2f, 0.1f)).containsExactly(plain);
        assertThat(run(new AdamW(cfg), scalar(1f, false), 0.5f, -0.2f, 0.1f)).containsExactly(plain);
        SgdConfig sgd = SgdConfig.builder(0.1f).weightDecay(0.5f).build();
        assertThat(run(new Sgd(sgd), scalar(1f, false), 1f)).containsExactly(0.9f);
        assertThat(run(new Sgd(sgd), scalar(1f, true), 1f)).containsExactly(new float[] {0.85f}, within(1e-7f));
    }

    @Test
    void sgdMomentumNesterovDampeningAndDecay() {
        assertThat(run(new Sgd(0.1f), scalar(1f, true), 1f, 0.5f))
                .containsExactly(new float[] {0.9f, 0.85f}, within(1e-7f));
        Sgd classical = new Sgd(SgdConfig.builder(0.1f).momentum(0.9f).build());
        assertThat(run(classical, scalar(1f, true), 1f, 0.5f))
                .containsExactly(new float[] {0.9f, 0.76f}, within(1e-6f));
        Sgd nesterov = new Sgd(SgdConfig.builder(0.1f).momentum(0.9f)
                .nesterov(SgdConfig.NesterovMode.NESTEROV).build());
        assertThat(run(nesterov, scalar(1f, true), 1f, 0.5f))
                .containsExactly(new float[] {0.81f, 0.634f}, within(1e-6f));
        Sgd decayed = new Sgd(SgdConfig.builder(0.1f).momentum(0.9f).weightDecay(0.1f).build());
        assertThat(run(decayed, scalar(1f, true), 1f, 0.5f))
                .containsExactly(new float[] {0.89f, 0.7321f}, within(1e-6f));
        Sgd damped = new Sgd(SgdConfig.builder(0.1f).momentum(0.9f).dampening(0.5f).build());
        // first step copies g into the buffer (no dampening), as torch does
        assertThat(run(damped, scalar(1f, true), 1f, 0.5f))
                .containsExactly(new float[] {0.9f, 0.785f}, within(1e-6f));
    }

    @Test
    void stateIsPerParameter() {
        Adam adam = new Adam(0.1f);
        Parameter a = scalar(1f, true);
        Parameter b = scalar(1f, true);
        a.grad()[0] = 0.5f;
        adam.step(List.of(a));
        a.grad()[0] = -0.2f;
        b.grad()[0] = 0.5f;
        adam.step(List.of(a, b));
        assertThat(adam.steps(a)).isEqualTo(2);
        assertThat(adam.steps(b)).isEqualTo(1);
        assertThat(a.value()[0]).isCloseTo(0.8654394181f, within(1e-6f));
        assertThat(b.value()[0]).isCloseTo(0.900000002f, within(1e-6f));
        assertThat(a.grad()[0]).isEqualTo(-0.2f); // grads are not cleared
    }

    @Test
    void learningRateSetterIsUsed() {
        Sgd sgd = new Sgd(0.1f);
        sgd.setLearningRate(0.5f);
        assertThat(run(sgd, scalar(1f, true), 1f)).containsExactly(0.5f);
        assertThat(sgd.learningRate()).isEqualTo(0.5f);
        assertThatThrownBy(() -> sgd.setLearningRate(Float.NaN)).hasMessageContaining("learningRate");
    }

    @Test
    void validationNamesTheValue() {
        assertThatThrownBy(() -> AdamConfig.builder(0.1f).beta1(1f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta1").hasMessageContaining("1.0");
        assertThatThrownBy(() -> AdamConfig.builder(0.1f).beta2(-0.1f).build()).hasMessageContaining("beta2");
        assertThatThrownBy(() -> AdamConfig.builder(0.1f).epsilon(0f).build()).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> AdamConfig.builder(Float.POSITIVE_INFINITY).build())
                .hasMessageContaining("learningRate").hasMessageContaining("Infinity");
        assertThatThrownBy(() -> AdamConfig.builder(0.1f).weightDecay(-1f).build())
                .hasMessageContaining("weightDecay").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> SgdConfig.builder(0.1f).momentum(1f).build())
                .hasMessageContaining("momentum").hasMessageContaining("1.0");
        assertThatThrownBy(() -> SgdConfig.builder(0f).build()).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> SgdConfig.builder(0.1f).nesterov(SgdConfig.NesterovMode.NESTEROV).build())
                .hasMessageContaining("Nesterov");
    }

    @Test
    void factory() {
        assertThat(Optimizers.byName("sgd", 0.1f)).isInstanceOf(Sgd.class);
        Optimizer adam = Optimizers.byName("Adam", 5e-4f);
        assertThat(adam.name()).isEqualTo("adam");
        assertThat(adam.learningRate()).isEqualTo(5e-4f);
        assertThat(((AdamW) Optimizers.byName("adamw", 1e-3f)).config().weightDecay()).isEqualTo(0.01f);
        assertThatThrownBy(() -> Optimizers.byName("rmsprop", 0.1f))
                .hasMessageContaining("'rmsprop'").hasMessageContaining("sgd, adam, adamw");
        assertThatThrownBy(() -> Optimizers.byName("adam", -1f)).hasMessageContaining("learningRate");
    }

    @Test
    void schedules() {
        assertThat(Schedules.constant(0.3f).rate(1000, 10)).isEqualTo(0.3f);
        StepDecaySchedule step = Schedules.stepDecay(0.1f, 0.5f, 10);
        assertThat(step.rate(0, 100)).isEqualTo(0.1f);
        assertThat(step.rate(9, 100)).isEqualTo(0.1f);
        assertThat(step.rate(10, 100)).isCloseTo(0.05f, within(1e-8f));
        assertThat(step.rate(25, 100)).isCloseTo(0.025f, within(1e-8f));
        assertThat(Schedules.stepDecayEveryEpochs(1f, 0.1f, 2, 50).rate(100, 1000)).isCloseTo(0.1f, within(1e-7f));
        assertThat(Schedules.stepDecayEveryEpochs(1f, 0.1f, 2, 50).rate(99, 1000)).isEqualTo(1f);

        CosineSchedule cos = Schedules.cosine(1f, 0f);
        assertThat(cos.rate(0, 100)).isEqualTo(1f);
        assertThat(cos.rate(50, 100)).isCloseTo(0.5f, within(1e-7f));
        assertThat(cos.rate(25, 100)).isCloseTo((float) ((1 + Math.cos(Math.PI / 4)) / 2), within(1e-7f));
        assertThat(cos.rate(100, 100)).isCloseTo(0f, within(1e-7f));

        CosineSchedule warm = Schedules.cosine(1f, 0.1f, 10);
        assertThat(warm.rate(0, 110)).isCloseTo(0.1f, within(1e-7f));
        assertThat(warm.rate(4, 110)).isCloseTo(0.5f, within(1e-7f));
        assertThat(warm.rate(9, 110)).isEqualTo(1f);
        assertThat(warm.rate(10, 110)).isEqualTo(1f);
        assertThat(warm.rate(60, 110)).isCloseTo(0.55f, within(1e-7f));
        assertThatThrownBy(() -> Schedules.cosine(0.1f, 0.2f)).hasMessageContaining("min").hasMessageContaining("0.2");
        assertThatThrownBy(() -> Schedules.stepDecay(0.1f, 0.5f, 0)).hasMessageContaining("period");
    }

    @Test
    void clipping() {
        Parameter a = new Parameter("w", Shape.of(2), new float[2], true);
        Parameter b = new Parameter("b", Shape.of(1), new float[1], false);
        a.grad()[0] = 3;
        a.grad()[1] = 4;
        b.grad()[0] = 0;
        assertThat(GradientClipping.clipNorm(List.of(a, b), 10f)).isCloseTo(5.0, within(1e-12));
        assertThat(a.grad()).containsExactly(3f, 4f);
        assertThat(GradientClipping.clipNorm(List.of(a, b), 1f)).isCloseTo(5.0, within(1e-12));
        assertThat(a.grad()).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
        assertThat(GradientClipping.clipNorm(List.of(a, b), 1f)).isCloseTo(1.0, within(1e-6));

        a.grad()[0] = 2;
        a.grad()[1] = -0.3f;
        b.grad()[0] = -5;
        assertThat(GradientClipping.clipValue(List.of(a, b), 0.5f)).isEqualTo(2);
        assertThat(a.grad()).containsExactly(0.5f, -0.3f);
        assertThat(b.grad()).containsExactly(-0.5f);
        assertThatThrownBy(() -> GradientClipping.clipNorm(List.of(a), 0f)).hasMessageContaining("maxNorm");
    }
}
