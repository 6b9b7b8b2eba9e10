package org.snn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.network.Provenance;
import org.snn4j.core.neuron.LearnMode;
import org.snn4j.core.neuron.LiSpec;

/**
 * The {@code li} layer in architecture JSON ({@code {"type": "li", "beta": 0.9}} with the other fields at
 * their defaults, bad values named) and in a model file: saved and loaded to the same spec, trained α/β
 * values and outputs.
 */
class LeakyIntegratorModelFileTest {

    @TempDir
    Path dir;

    @Test
    void architectureJsonNamesOnlyWhatDiffersFromTheDefaults() throws Exception {
        NetworkSpec spec = ArchitectureJson.parse("{\"input\": [3], \"layers\": [{\"type\": \"linear\", \"outFeatures\": 2},"
                + " {\"type\": \"li\", \"beta\": 0.9}]}");
        assertThat(spec.layers().get(1)).isEqualTo(new LiSpec(0.9f, 0f, LearnMode.FIXED, LearnMode.FIXED));
        NetworkSpec cuba = new NetworkSpec(Shape.of(3), List.of(LiSpec.builder().beta(1f).alpha(0.4f)
                .learnAlpha(LearnMode.PER_NEURON).learnBeta(LearnMode.SHARED).build()));
        String json = ArchitectureJson.toJson(cuba);
        assertThat(json).contains("\"li\"").contains("\"alpha\"").contains("PER_NEURON");
        assertThat(ArchitectureJson.parse(json)).isEqualTo(cuba);
        assertThatThrownBy(() -> ArchitectureJson.parse("{\"input\": [3], \"layers\": [{\"type\": \"li\", \"beta\": 1.2}]}"))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("layers[0]").hasMessageContaining("beta")
                .hasMessageContaining("1.2");
    }

    @Test
    void roundTripGivesIdenticalOutputs() throws Exception {
        LiSpec li = LiSpec.builder().beta(0.85f).alpha(0.5f).learnAlpha(LearnMode.PER_NEURON)
                .learnBeta(LearnMode.SHARED).build();
        Network net = Network.builder(5).linear(8).lif(0.9f).linear(3).add(li).build(13);
        // train-like perturbation of α so that the saved value differs from the spec's
        Parameter alpha = net.parameters().stream().filter(p -> p.name().equals("alpha")).findFirst().orElseThrow();
        alpha.value()[2] = 0.31f;
        Provenance prov = new Provenance("test", "jdk", "scalar", 1, 13L, Map.of(), "2025-01-01T00:00:00Z");
        Model model = new Model(net, "direct", 6, "ce_count", "none", List.of("a", "b", "c"), prov);
        Path file = dir.resolve("li.snn4j");
        ModelFile.save(model, file);
        Model loaded = ModelFile.load(file);
        assertThat(loaded.network().spec()).isEqualTo(net.spec());
        assertThat(loaded.network().parameters()).extracting(Parameter::name)
                .containsExactly("weight", "bias", "weight", "bias", "alpha", "beta");
        assertThat(loaded.network().parameters().get(4).value()).containsExactly(alpha.value());
        float[] x = new float[6 * 2 * 5];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(0, 2);
        }
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(6, 2, false, 0, k);
            float[] a = net.forward(x, ctx).output().clone();
            float[] b = loaded.network().forward(x, ctx).output().clone();
            assertThat(b).containsExactly(a);
            assertThat(b).as("an analog read-out").doesNotContain(0f);
        }
    }
}
