package org.snn4j.core.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;

class SpecValidationTest {

    @Test
    void lifRejectsBadValues() {
        assertThatThrownBy(() -> LifSpec.of(1.5f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta").hasMessageContaining("[0, 1]").hasMessageContaining("1.5");
        assertThatThrownBy(() -> LifSpec.of(-0.1f)).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> LifSpec.of(Float.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> LifSpec.builder().threshold(0f).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold").hasMessageContaining("positive");
        assertThatThrownBy(() -> LifSpec.builder().threshold(-1f).build()).hasMessageContaining("-1.0");
        assertThatThrownBy(() -> LifSpec.builder().threshold(Float.POSITIVE_INFINITY).build())
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> LifSpec.builder().reset(null).build()).hasMessageContaining("reset");
        assertThatThrownBy(() -> LifSpec.builder().surrogate(null).build()).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> LifSpec.builder().learnBeta(null).build()).hasMessageContaining("learnBeta");
    }

    @Test
    void otherSpecsRejectBadValues() {
        assertThatThrownBy(() -> IfSpec.builder().threshold(0f).build()).hasMessageContaining("threshold");
        assertThatThrownBy(() -> SynapticSpec.of(1.1f, 0.5f)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> SynapticSpec.of(0.5f, -1f)).hasMessageContaining("beta");
        assertThatThrownBy(() -> AlifSpec.builder().adaptation(-0.5f).build()).hasMessageContaining("adaptation")
                .hasMessageContaining("-0.5");
        assertThatThrownBy(() -> AlifSpec.builder().adaptationDecay(2f).build())
                .hasMessageContaining("adaptationDecay");
        assertThatThrownBy(() -> RlifSpec.builder().threshold(-2f).build()).hasMessageContaining("threshold");
        assertThatThrownBy(() -> RsynSpec.builder().alpha(1.5f).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha").hasMessageContaining("1.5");
    }

    @Test
    void typesDefaultsAndParameterNames() {
        LifSpec lif = LifSpec.of(0.95f);
        assertThat(lif).isEqualTo(new LifSpec(0.95f, 1f, Reset.SUBTRACT, Surrogate.atan(2f), true,
                LearnMode.FIXED, LearnMode.FIXED));
        assertThat(lif.type()).isEqualTo("lif");
        assertThat(IfSpec.defaults().type()).isEqualTo("if");
        assertThat(SynapticSpec.of(0.9f, 0.8f).type()).isEqualTo("synaptic");
        assertThat(AlifSpec.builder().build().type()).isEqualTo("alif");
        assertThat(RlifSpec.of(0.9f).type()).isEqualTo("rlif");

        Shape shape = Shape.of(2, 3);
        SplittableRandom rng = new SplittableRandom(3);
        assertThat(lif.build(shape, rng).parameters()).isEmpty();
        var trained = LifSpec.builder().learnBeta(LearnMode.PER_NEURON).learnThreshold(LearnMode.SHARED).build()
                .build(shape, rng);
        assertThat(trained.parameters()).extracting(Parameter::name).containsExactly("beta", "threshold");
        assertThat(trained.parameters().get(0).shape()).isEqualTo(Shape.of(6));
        assertThat(trained.parameters().get(1).shape()).isEqualTo(Shape.of(1));
        assertThat(trained.outputShape()).isEqualTo(shape);
        assertThat(SynapticSpec.builder().learnAlpha(LearnMode.SHARED).build().build(shape, rng).parameters())
                .extracting(Parameter::name).containsExactly("alpha");
        var rlif = RlifSpec.of(0.9f).build(Shape.of(16), rng);
        assertThat(rlif.parameters()).extracting(Parameter::name).containsExactly("recurrent_weight", "recurrent_bias");
        assertThat(rlif.parameters().get(0).shape()).isEqualTo(Shape.of(16, 16));
        for (float w : rlif.parameters().get(0).value()) {
            assertThat(w).isBetween(-0.25f, 0.25f);
        }
        assertThat(rlif.spec()).isEqualTo(RlifSpec.of(0.9f));
        assertThat(RsynSpec.of(0.7f, 0.8f).type()).isEqualTo("rsynaptic");
        var rsyn = RsynSpec.builder().learnAlpha(LearnMode.SHARED).build().build(Shape.of(16), rng);
        assertThat(rsyn.parameters()).extracting(Parameter::name)
                .containsExactly("recurrent_weight", "recurrent_bias", "alpha");
        assertThat(RsynSpec.builder().recurrentBias(false).build().build(Shape.of(3), rng).parameters())
                .extracting(Parameter::name).containsExactly("recurrent_weight");
    }
}
