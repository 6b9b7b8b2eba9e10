package org.snn4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Qcfs;
import org.snn4j.core.layer.Relu;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.network.Provenance;

/** Architecture JSON and model files of ANNs with the relu and qcfs activations. */
class ActivationLayersRoundTripTest {

    @TempDir
    Path dir;

    private static NetworkSpec spec() {
        return Network.builder(1, 6, 6).conv2d(2, 3, 1, 1).batchNorm().relu().avgPool2d(2).flatten().linear(5)
                .qcfs(4).add(new Qcfs.Spec(2, 1.5f)).linear(3).spec();
    }

    @Test
    void architectureJsonRoundTripsAndTakesTheDefaultThreshold() throws Exception {
        NetworkSpec spec = spec();
        String json = ArchitectureJson.toJson(spec);
        assertThat(json).contains("{\"type\": \"relu\"}", "{\"type\": \"qcfs\", \"levels\": 4, \"initialThreshold\": 8.0}",
                "{\"type\": \"qcfs\", \"levels\": 2, \"initialThreshold\": 1.5}");
        assertThat(ArchitectureJson.parse(json)).isEqualTo(spec);
        NetworkSpec minimal = ArchitectureJson.parse("{\"input\": [4], \"layers\": [{\"type\": \"relu\"}, "
                + "{\"type\": \"qcfs\", \"levels\": 8}]}");
        assertThat(minimal.layers()).containsExactly(new Relu.Spec(), new Qcfs.Spec(8, 8f));
    }

    @Test
    void modelFileKeepsTrainedThresholdsAndInferenceIsIdentical() throws Exception {
        Network net = spec().build(3);
        Qcfs first = (Qcfs) net.layers().get(6);
        first.parameters().get(0).value()[0] = 2.75f;
        first.parameters().get(0).markModified();
        Provenance prov = new Provenance("0.1.0-test", "JDK 25", "vector", 1, 3L, Map.of(), "2025-01-02T03:04:05Z");
        Model model = new Model(net, "direct", 1, "ce-count", "", List.of(), prov);
        Path file = dir.resolve("ann.snn4j");
        ModelFile.save(model, file);
        Model loaded = ModelFile.load(file);
        assertThat(loaded.network().spec()).isEqualTo(net.spec());
        assertThat(((Qcfs) loaded.network().layers().get(6)).threshold()).isEqualTo(2.75f);
        assertThat(((Qcfs) loaded.network().layers().get(7)).threshold()).isEqualTo(1.5f);
        float[] x = new float[2 * 36];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(0, 1);
        }
        try (Kernels k = Kernels.create(1)) {
            float[] y = net.forward(x, new RunContext(1, 2, false, 0, k)).output().clone();
            float[] z = loaded.network().forward(x, new RunContext(1, 2, false, 0, k)).output();
            assertThat(z).containsExactly(y);
        }
    }
}
