package org.snn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.data.InMemoryDataset;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.Provenance;
import org.snn4j.core.neuron.LiSpec;

/** The spike raster and the learning family count only layers that emit spikes, not a leaky integrator read-out. */
class ModelBenchmarkRasterTest {

    private static Model model(Network net) {
        Provenance prov = new Provenance("test", "jdk", "scalar", 1, 3L, Map.of(), "2025-01-01T00:00:00Z");
        return new Model(net, "direct", 5, "ce_count", "none", List.of("a", "b", "c"), prov);
    }

    @Test
    void leakyIntegratorIsNoSpikingLayer() {
        InMemoryDataset data = new InMemoryDataset("d", Shape.of(4), 3, new float[] {1f, 0.5f, 0.8f, 1f}, new int[] {0});
        Network snn = Network.builder(4).linear(6).lif(0.9f).linear(3).add(LiSpec.of(0.9f)).build(3);
        Network readout = Network.builder(4).linear(3).add(LiSpec.of(0.9f)).build(3);
        try (Kernels k = Kernels.create(1)) {
            ModelBenchmark.Raster r = ModelBenchmark.raster(model(snn), data, new DirectEncoder(), k);
            assertThat(r.layers()).containsExactly("1 lif[6]");
            assertThat(r.neurons()).isLessThanOrEqualTo(6);
            assertThat(ModelBenchmark.raster(model(readout), data, new DirectEncoder(), k)).isNull();
        }
        assertThat(ModelBenchmark.family(model(snn))).isEqualTo("surrogate-gradient BPTT");
        assertThat(ModelBenchmark.family(model(readout))).isEqualTo("ANN (no spiking layer)");
    }
}
