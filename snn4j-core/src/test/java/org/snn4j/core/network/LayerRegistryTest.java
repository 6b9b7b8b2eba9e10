package org.snn4j.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.network.LayerRegistry.LayerType;
import org.snn4j.core.layer.Dropout;
import org.snn4j.core.layer.Flatten;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.Linear;

class LayerRegistryTest {

    /** A minimal extra layer type for registration tests. */
    record Scale(float factor, int repeat) implements LayerSpec {
        @Override
        public String type() {
            return "scale";
        }

        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            return new Flatten.Spec().build(inputShape, rng);
        }
    }

    @Test
    void builtInHasLinearDropoutFlattenWithDefaults() {
        LayerRegistry r = LayerRegistry.builtIn();
        assertThat(r.names()).containsExactly("alif", "avgpool2d", "batchnorm", "conv2d", "delay", "dropout", "flatten", "if", "li",
                "lif", "linear", "maxpool2d", "qcfs", "relu", "rlif", "rsynaptic", "synaptic", "threshold");
        LayerType linear = r.lookup("linear");
        assertThat(linear.specClass()).isEqualTo(Linear.Spec.class);
        assertThat(linear.defaults()).containsExactlyInAnyOrderEntriesOf(Map.of("inFeatures", 0, "bias", true));
        assertThat(linear.fieldNames()).containsExactly("inFeatures", "outFeatures", "bias");
        assertThat(linear.requiredFields()).containsExactly("outFeatures");
        assertThat(r.lookup("dropout").requiredFields()).containsExactly("p");
        assertThat(r.lookup("flatten").fieldNames()).isEmpty();
        assertThat(r.typeOf(new Dropout.Spec(0.2f)).name()).isEqualTo("dropout");
        // neuron types: every field has a default, taken from the spec's builder
        assertThat(r.lookup("lif").requiredFields()).isEmpty();
        assertThat(r.lookup("lif").defaults()).containsEntry("beta", 0.95f).containsEntry("threshold", 1f);
        assertThat(r.typeOf(org.snn4j.core.neuron.LifSpec.of(0.5f)).name()).isEqualTo("lif");
        assertThat(r.lookup("li").requiredFields()).isEmpty();
        assertThat(r.lookup("li").fieldNames()).containsExactly("beta", "alpha", "learnBeta", "learnAlpha");
        assertThat(r.lookup("li").defaults()).containsEntry("beta", 0.95f).containsEntry("alpha", 0f)
                .containsEntry("learnBeta", org.snn4j.core.neuron.LearnMode.FIXED)
                .containsEntry("learnAlpha", org.snn4j.core.neuron.LearnMode.FIXED);
        assertThat(r.typeOf(org.snn4j.core.neuron.LiSpec.of(0.5f)).name()).isEqualTo("li");
        LayerType conv = r.lookup("conv2d");
        assertThat(conv.specClass()).isEqualTo(org.snn4j.core.layer.Conv2d.Spec.class);
        assertThat(conv.requiredFields()).containsExactly("outChannels", "kernelSize");
        // the width components default to -1 = the height value, so square files need none of them
        assertThat(conv.defaults()).containsExactlyInAnyOrderEntriesOf(Map.of("inChannels", 0, "stride", 1,
                "padding", 0, "dilation", 1, "groups", 1, "bias", true, "kernelWidth", -1, "strideWidth", -1,
                "paddingWidth", -1, "dilationWidth", -1));
        // pooling: the kernel size is required, stride 0 (= kernel size) and padding 0 by default
        assertThat(r.lookup("maxpool2d").requiredFields()).containsExactly("kernelSize");
        assertThat(r.lookup("avgpool2d").defaults()).containsEntry("stride", 0).containsEntry("padding", 0);
        assertThat(r.lookup("batchnorm").requiredFields()).isEmpty();
        assertThat(r.lookup("batchnorm").defaults()).containsEntry("momentum", 0.1f).containsEntry("eps", 1e-5f)
                .containsEntry("affine", true);
        assertThat(r.typeOf(org.snn4j.core.layer.MaxPool2d.Spec.of(2)).name()).isEqualTo("maxpool2d");
        // delay: initial delay 0 steps; threshold: θ 1, arctan surrogate, fixed
        assertThat(r.lookup("delay").defaults()).containsExactlyInAnyOrderEntriesOf(Map.of("initialDelay", 0));
        assertThat(r.lookup("threshold").requiredFields()).isEmpty();
        assertThat(r.lookup("threshold").defaults()).containsEntry("threshold", 1f)
                .containsEntry("surrogate", org.snn4j.core.neuron.Surrogate.atan())
                .containsEntry("learnThreshold", org.snn4j.core.neuron.LearnMode.FIXED);
    }

    @Test
    void lookupOfUnknownTypeListsKnownOnes() {
        assertThatThrownBy(() -> LayerRegistry.builtIn().lookup("conv9d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown layer type 'conv9d'; known types: alif, avgpool2d, batchnorm, conv2d, delay, dropout, flatten, if, "
                        + "li, lif, linear, maxpool2d, qcfs, relu, rlif, rsynaptic, synaptic, threshold");
    }

    @Test
    void registerReturnsNewRegistryAndLeavesOriginalUnchanged() {
        LayerRegistry base = LayerRegistry.builtIn();
        LayerRegistry extended = base.register(LayerType.of("scale", Scale.class, Map.of("repeat", 1)));
        assertThat(extended.names()).containsExactly("alif", "avgpool2d", "batchnorm", "conv2d", "delay", "dropout", "flatten", "if", "li",
                "lif", "linear", "maxpool2d", "qcfs", "relu", "rlif", "rsynaptic", "scale", "synaptic", "threshold");
        assertThat(base.contains("scale")).isFalse();
        assertThat(extended.lookup("scale").requiredFields()).containsExactly("factor");
        assertThat(extended.typeOf(new Scale(2f, 3)).specClass()).isEqualTo(Scale.class);
        assertThatThrownBy(() -> base.typeOf(new Scale(2f, 3))).hasMessageContaining("unknown layer type 'scale'");
    }

    @Test
    void duplicateNamesAndClassesAreRejected() {
        LayerRegistry r = LayerRegistry.builtIn();
        assertThatThrownBy(() -> r.register(LayerType.of("linear", Scale.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'linear' is already registered");
        assertThatThrownBy(() -> r.register(LayerType.of("fc", Linear.Spec.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered as 'linear'");
    }

    @Test
    void defaultsAreCheckedAgainstTheRecordComponents() {
        assertThatThrownBy(() -> LayerType.of("scale", Scale.class, Map.of("factr", 1f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default given for 'factr'")
                .hasMessageContaining("[factor, repeat]");
        assertThatThrownBy(() -> LayerType.of("scale", Scale.class, Map.of("factor", 0.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default for 'factor' must be a Float (component type float), got Double 0.5");
        assertThatThrownBy(() -> LayerType.of(" ", Scale.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-blank");
    }

    @Test
    void typeOfRejectsASpecWhoseClassDiffersFromTheRegisteredOne() {
        record OtherLinear() implements LayerSpec {
            @Override
            public String type() {
                return "linear";
            }

            @Override
            public Layer build(Shape inputShape, RandomGenerator rng) {
                return new Flatten.Spec().build(inputShape, rng);
            }
        }
        assertThatThrownBy(() -> LayerRegistry.builtIn().typeOf(new OtherLinear()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registered with spec class org.snn4j.core.layer.Linear$Spec");
    }
}
