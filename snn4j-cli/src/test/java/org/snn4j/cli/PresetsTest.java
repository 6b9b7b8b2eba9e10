package org.snn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.Reset;

class PresetsTest {

    @Test
    void fcPresetIsTheTutorialArchitecture() throws Exception {
        Presets.Preset fc = Presets.resolve("fc");
        Network net = fc.spec().build(1);
        assertThat(net.inputShape()).isEqualTo(Shape.of(784));
        assertThat(net.outputShape()).isEqualTo(Shape.of(10));
        assertThat(net.parameterCount()).isEqualTo(784 * 1000 + 1000 + 1000 * 10 + 10);
        LifSpec lif = (LifSpec) net.spec().layers().get(1);
        assertThat(lif.beta()).isEqualTo(0.95f);
        assertThat(lif.reset()).isEqualTo(Reset.SUBTRACT);
        assertThat(fc.steps()).isEqualTo(25);
        Presets.Preset tutorial = Presets.resolve("FC-Tutorial");
        assertThat(tutorial.learningRate()).isEqualTo(5e-4f);
        assertThat(tutorial.spec()).isEqualTo(fc.spec());
        assertThatThrownBy(() -> Presets.resolve("vgg")).isInstanceOf(CliException.class).hasMessageContaining("fc-tutorial");
    }

    @Test
    void convPresetIsTheDocumentedNetworkAndItsExampleFile() throws Exception {
        Presets.Preset conv = Presets.resolve("conv");
        Network net = conv.spec().build(1);
        assertThat(net.inputShape()).isEqualTo(Shape.of(1, 28, 28));
        assertThat(net.layers().get(3).outputShape()).isEqualTo(Shape.of(32, 14, 14));
        assertThat(net.layers().get(7).outputShape()).isEqualTo(Shape.of(64, 7, 7));
        long expected = (32 * 9 + 32) + 2 * 32 + (64 * 32 * 9 + 64) + 2 * 64 + (3136 * 256 + 256) + (256 * 10 + 10);
        assertThat(net.parameterCount()).isEqualTo(expected);
        assertThat(net.bufferCount()).isPositive();
        assertThat(conv.steps()).isEqualTo(4);
        // the README's builder expression describes the same architecture
        assertThat(Network.builder(1, 28, 28)
                .conv2d(32, 3, 1, 1).batchNorm().lif(0.5f).maxPool2d(2)
                .conv2d(64, 3, 1, 1).batchNorm().lif(0.5f).maxPool2d(2)
                .flatten().linear(256).lif(0.5f).linear(10).lif(0.5f).spec()).isEqualTo(conv.spec());
        // examples/conv-fashion-mnist.json describes the same architecture
        Presets.Preset file = Presets.resolve(Path.of("..", "examples", "conv-fashion-mnist.json").toString());
        assertThat(file.spec().build(1).spec()).isEqualTo(net.spec());
    }

    @Test
    void bundledExampleArchitecturesParseAndBuild() throws Exception {
        Path examples = Path.of("..", "examples");
        try (var files = Files.list(examples)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Presets.Preset p = Presets.resolve(f.toString());
                Network net = p.spec().build(1);
                assertThat(net.outputShape()).as(f.toString()).isEqualTo(Shape.of(10));
                assertThat(net.inputShape().size()).isEqualTo(784);
            }
        }
    }

    @Test
    void schedulesFollowTheirDefinitions() {
        var cosine = Presets.schedule(TrainOptions.ScheduleName.COSINE, 1f);
        assertThat(cosine.rate(0, 100)).isEqualTo(1f);
        assertThat(cosine.rate(50, 100)).isCloseTo(0.5f, org.assertj.core.data.Offset.offset(1e-6f));
        var step = Presets.schedule(TrainOptions.ScheduleName.STEP, 1f);
        assertThat(step.rate(49, 100)).isEqualTo(1f);
        assertThat(step.rate(50, 100)).isEqualTo(0.1f);
        assertThat(step.rate(75, 100)).isEqualTo(0.01f);
        assertThat(Presets.schedule(TrainOptions.ScheduleName.CONSTANT, 0.3f).rate(99, 100)).isEqualTo(0.3f);
    }
}
