package org.snn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.Qcfs;
import org.snn4j.core.layer.Relu;
import org.snn4j.core.network.Network;
import org.snn4j.io.ModelFile;

class AnnPresetsTest {

    @TempDir
    Path tmp;

    @Test
    void annPresetsAreTheDocumentedNetworks() throws Exception {
        Presets.Preset ann = Presets.resolve("ann-conv");
        Network net = ann.spec().build(1);
        assertThat(net.inputShape()).isEqualTo(Shape.of(1, 28, 28));
        assertThat(net.outputShape()).isEqualTo(Shape.of(10));
        assertThat(net.layers().get(3).outputShape()).isEqualTo(Shape.of(32, 14, 14));
        assertThat(net.layers().get(7).outputShape()).isEqualTo(Shape.of(64, 7, 7));
        long expected = (32 * 9 + 32) + 2 * 32 + (64 * 32 * 9 + 64) + 2 * 64 + (3136 * 256 + 256) + (256 * 10 + 10);
        assertThat(net.parameterCount()).isEqualTo(expected);
        assertThat(net.spec().layers().stream().filter(s -> s instanceof Relu.Spec).count()).isEqualTo(3);
        assertThat(ann.steps()).isEqualTo(1);
        assertThat(ann.encoder()).isEqualTo("direct");
        assertThat(ann.loss()).isEqualTo("ce-count");
        assertThat(ann.learningRate()).isEqualTo(1e-3f);

        Presets.Preset qcfs = Presets.resolve("ann-conv-qcfs");
        Network qnet = qcfs.spec().build(1);
        assertThat(qnet.parameterCount()).isEqualTo(expected + 3);
        for (int i = 0; i < ann.spec().layers().size(); i++) {
            if (ann.spec().layers().get(i) instanceof Relu.Spec) {
                assertThat(qcfs.spec().layers().get(i)).isEqualTo(new Qcfs.Spec(8, 4f));
            } else {
                assertThat(qcfs.spec().layers().get(i)).isEqualTo(ann.spec().layers().get(i));
            }
        }
        assertThat(Presets.names()).contains("ann-conv", "ann-conv-qcfs");
    }

    @Test
    void trainAnnConvOnTheBundledSampleSavesModelAndReport() throws Exception {
        Path out = tmp.resolve("ann");
        CliTest.Result r = CliTest.run("train", "--model", "ann-conv", "--limit-train", "256", "--limit-test", "64",
                "--epochs", "1", "--output", out.toString(), "--no-progress");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("test_samples").asInt()).isEqualTo(64);
        assertThat(j.get("test_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(out.resolve("model.snn4j")).isRegularFile();
        assertThat(out.resolve("report.json")).isRegularFile();
        assertThat(Files.readString(out.resolve("report.md"))).contains("Test accuracy");
        var model = ModelFile.load(out.resolve("model.snn4j"));
        assertThat(model.steps()).isEqualTo(1);
        assertThat(model.network().spec()).isEqualTo(Presets.annConvSpec().build(1).spec());
    }
}
