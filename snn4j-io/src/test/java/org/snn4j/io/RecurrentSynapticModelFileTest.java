package org.snn4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.Provenance;
import org.snn4j.core.neuron.LearnMode;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.RsynSpec;

/** A model with a {@code rsynaptic} layer saves and loads to the same spec, parameters and outputs. */
class RecurrentSynapticModelFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTripGivesIdenticalOutputs() throws Exception {
        RsynSpec rsyn = RsynSpec.builder().alpha(0.6f).beta(0.9f).threshold(0.7f).reset(Reset.ZERO)
                .learnAlpha(LearnMode.PER_NEURON).learnBeta(LearnMode.SHARED).build();
        Network net = Network.builder(5).linear(8).add(rsyn).linear(3).build(13);
        // train-like perturbation of α so that the saved value differs from the spec's
        net.parameters().stream().filter(p -> p.name().equals("alpha")).findFirst().orElseThrow().value()[2] = 0.31f;
        Provenance prov = new Provenance("test", "jdk", "scalar", 1, 13L, Map.of(), "2025-01-01T00:00:00Z");
        Model model = new Model(net, "direct", 6, "ce_rate", "none", List.of("a", "b", "c"), prov);
        Path file = dir.resolve("r.snn4j");
        ModelFile.save(model, file);
        Model loaded = ModelFile.load(file);
        assertThat(loaded.network().spec()).isEqualTo(net.spec());
        assertThat(loaded.network().parameters()).extracting(org.snn4j.core.Parameter::name)
                .containsExactly("weight", "bias", "recurrent_weight", "recurrent_bias", "alpha", "beta", "weight", "bias");
        float[] x = new float[6 * 2 * 5];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(0, 2);
        }
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(6, 2, false, 0, k);
            org.snn4j.core.network.Monitor hidden = loaded.network().monitor(1);
            float[] a = net.forward(x, ctx).output().clone();
            float[] b = loaded.network().forward(x, ctx).output().clone();
            assertThat(b).containsExactly(a);
            assertThat(hidden.output()).as("the recurrent synaptic layer spikes").contains(1f, 0f);
        }
    }
}
