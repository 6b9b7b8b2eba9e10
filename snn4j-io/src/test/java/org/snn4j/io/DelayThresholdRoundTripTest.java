package org.snn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Delay;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.network.Provenance;
import org.snn4j.core.neuron.LearnMode;
import org.snn4j.core.neuron.Surrogate;
import org.snn4j.core.neuron.Threshold;
import org.snn4j.core.neuron.ThresholdSpec;

/** Architecture JSON and model files of a network Linear → delay → threshold. */
class DelayThresholdRoundTripTest {

    @TempDir
    Path dir;

    private static NetworkSpec spec() {
        return Network.builder(3).linear(4).delay(1)
                .add(new ThresholdSpec(0.25f, Surrogate.fastSigmoid(10f), LearnMode.PER_NEURON)).spec();
    }

    private static Model model(Network net) {
        Provenance prov = new Provenance("0.1.0-test", "JDK 25", "vector", 1, 3L, Map.of(), "2025-01-02T03:04:05Z");
        return new Model(net, "direct", 5, "ce-count", "", List.of(), prov);
    }

    @Test
    void architectureJsonRoundTripsAndTakesTheDefaults() throws Exception {
        NetworkSpec spec = spec();
        String json = ArchitectureJson.toJson(spec);
        assertThat(json).contains("{\"type\": \"delay\", \"initialDelay\": 1}", "\"type\": \"threshold\",\n"
                + "      \"threshold\": 0.25,\n      \"surrogate\": {\"kind\": \"FAST_SIGMOID\", \"scale\": 10.0},\n"
                + "      \"learnThreshold\": \"PER_NEURON\"");
        assertThat(ArchitectureJson.parse(json)).isEqualTo(spec);
        NetworkSpec minimal = ArchitectureJson.parse("{\"input\": [4], \"layers\": [{\"type\": \"delay\"}, "
                + "{\"type\": \"threshold\"}, {\"type\": \"threshold\", \"threshold\": -2}]}");
        assertThat(minimal.layers()).containsExactly(new Delay.Spec(0), ThresholdSpec.defaults(), ThresholdSpec.of(-2f));
        assertThatThrownBy(() -> ArchitectureJson.parse("{\"input\": [4], \"layers\": [{\"type\": \"delay\", "
                + "\"initialDelay\": -3}]}"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("delay initialDelay must be in [0, 16777216] steps, got -3");
        assertThatThrownBy(() -> ArchitectureJson.parse("{\"input\": [4], \"layers\": [{\"type\": \"threshold\", "
                + "\"threshold\": \"NaN\"}]}"))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("threshold must be finite, got NaN");
    }

    @Test
    void modelFileKeepsPerFeatureDelaysAndThresholdsAndInferenceIsIdentical() throws Exception {
        Network net = spec().build(3);
        ((Delay) net.layers().get(1)).setDelays(0, 1, 3, 7);
        ((Threshold) net.layers().get(2)).setThresholds(0.1f, -0.2f, 0f, 0.3f);
        Path file = dir.resolve("delay.snn4j");
        ModelFile.save(model(net), file);
        Model loaded = ModelFile.load(file);
        Network back = loaded.network();
        assertThat(back.spec()).isEqualTo(net.spec());
        assertThat(((Delay) back.layers().get(1)).delays()).containsExactly(0, 1, 3, 7);
        assertThat(((Threshold) back.layers().get(2)).thresholds()).containsExactly(0.1f, -0.2f, 0f, 0.3f);
        assertThat(back.buffers()).extracting(p -> p.name()).containsExactly("delay");
        assertThat(back.parameters()).extracting(p -> p.name()).containsExactly("weight", "bias", "threshold");
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[5 * 2 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        try (Kernels k = Kernels.create(1)) {
            float[] y = net.forward(x, new RunContext(5, 2, false, 0, k)).output().clone();
            float[] z = back.forward(x, new RunContext(5, 2, false, 0, k)).output();
            assertThat(z).containsExactly(y);
            assertThat(y).contains(1f);
        }
    }

    @Test
    void loadingRefusesAFractionalDelayOrANonFiniteThresholdNamingLayerAndFeature() throws Exception {
        Network net = spec().build(3);
        Delay delay = (Delay) net.layers().get(1);
        delay.delayBuffer().value()[2] = 2.5f;
        delay.delayBuffer().markModified();
        Path file = dir.resolve("bad-delay.snn4j");
        ModelFile.save(model(net), file);
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("layer 1 (delay) cannot use the stored values: delay buffer 'delay': feature 2 "
                        + "has delay 2.5; delays must be whole numbers of steps in [0, 16777216]");

        Network net2 = spec().build(3);
        Threshold th = (Threshold) net2.layers().get(2);
        th.parameters().get(0).value()[3] = Float.NaN;
        th.parameters().get(0).markModified();
        Path file2 = dir.resolve("bad-threshold.snn4j");
        ModelFile.save(model(net2), file2);
        assertThatThrownBy(() -> ModelFile.load(file2)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("layer 2 (threshold) cannot use the stored values: threshold: θ[3] is NaN");
    }
}
