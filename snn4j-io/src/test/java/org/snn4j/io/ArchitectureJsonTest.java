package org.snn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.AvgPool2d;
import org.snn4j.core.layer.BatchNorm;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Dropout;
import org.snn4j.core.layer.Flatten;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.network.LayerRegistry;
import org.snn4j.core.network.LayerRegistry.LayerType;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.MaxPool2d;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

class ArchitectureJsonTest {

    /**
     * A neuron-like spec exercising every supported component kind: primitives, enum, nested
     * record, boxed nullable, string, shape, list and array.
     */
    record Neuron(float beta, double threshold, long window, boolean learnBeta, Reset reset, Surrogate surrogate,
                  Integer delay, String label, Shape kernel, List<Integer> taps) implements LayerSpec {
        Neuron {
            if (!(beta >= 0f && beta <= 1f)) {
                throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
            }
            taps = List.copyOf(taps);
        }

        @Override
        public String type() {
            return "neuron";
        }

        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            return new Flatten.Spec().build(inputShape, rng);
        }
    }

    static final LayerRegistry REGISTRY = LayerRegistry.builtIn().register(LayerType.of("neuron", Neuron.class,
            Map.of("threshold", 1.0, "window", 0L, "delay", 0, "learnBeta", false, "reset", Reset.SUBTRACT,
                    "surrogate", Surrogate.atan(), "label", "", "kernel", Shape.of(1), "taps", List.of())));

    private static NetworkSpec parse(String json) throws ModelFormatException {
        return ArchitectureJson.parse(json, "net.json", REGISTRY);
    }

    private static String layers(String layers) {
        return "{\"input\": [784], \"layers\": [" + layers + "]}";
    }

    @Test
    void builtInTypesRoundTrip() throws Exception {
        NetworkSpec spec = new NetworkSpec(Shape.of(1, 28, 28), List.of(new Flatten.Spec(),
                new Linear.Spec(0, 100, true), new Dropout.Spec(0.25f), new Linear.Spec(100, 10, false)));
        String json = ArchitectureJson.toJson(spec);
        assertThat(ArchitectureJson.parse(json)).isEqualTo(spec);
        assertThat(json).isEqualTo("""
                {
                  "input": [1, 28, 28],
                  "layers": [
                    {"type": "flatten"},
                    {"type": "linear", "inFeatures": 0, "outFeatures": 100, "bias": true},
                    {"type": "dropout", "p": 0.25},
                    {"type": "linear", "inFeatures": 100, "outFeatures": 10, "bias": false}
                  ]
                }
                """);
        NetworkSpec resolved = spec.build(1).spec();
        assertThat(ArchitectureJson.parse(ArchitectureJson.toJson(resolved))).isEqualTo(resolved);
        assertThat(((Linear.Spec) resolved.layers().get(1)).inFeatures()).isEqualTo(784);
    }

    @Test
    void conv2dRoundTripsWithDefaultsAndInferredChannels() throws Exception {
        NetworkSpec spec = ArchitectureJson.parse("""
                {"input": [1, 28, 28], "layers": [
                  {"type": "conv2d", "outChannels": 8, "kernelSize": 3, "padding": 1},
                  {"type": "lif", "beta": 0.9},
                  {"type": "conv2d", "outChannels": 8, "kernelSize": 3, "stride": 2, "dilation": 2, "groups": 8,
                   "bias": false},
                  {"type": "flatten"},
                  {"type": "linear", "outFeatures": 10}
                ]}""", "net.json", LayerRegistry.builtIn());
        assertThat(spec.layers().get(0)).isEqualTo(new Conv2d.Spec(0, 8, 3, 1, 1, 1, 1, true));
        assertThat(spec.layers().get(2)).isEqualTo(new Conv2d.Spec(0, 8, 3, 2, 0, 2, 8, false));
        String json = ArchitectureJson.toJson(spec);
        assertThat(json).contains("\"type\": \"conv2d\"", "\"inChannels\": 0", "\"kernelSize\": 3",
                "\"dilation\": 2", "\"groups\": 8", "\"bias\": false");
        assertThat(ArchitectureJson.parse(json)).isEqualTo(spec);
        Network net = spec.build(2);
        NetworkSpec resolved = net.spec();
        assertThat(((Conv2d.Spec) resolved.layers().get(2)).inChannels()).isEqualTo(8);
        assertThat(net.layers().get(2).outputShape()).isEqualTo(Shape.of(8, 12, 12));
        assertThat(ArchitectureJson.parse(ArchitectureJson.toJson(resolved))).isEqualTo(resolved);
        // the spec's own validation surfaces with the JSON location
        assertThatThrownBy(() -> parse(layers("{\"type\": \"conv2d\", \"outChannels\": 6, \"kernelSize\": 3, "
                + "\"groups\": 4}")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("layers[0]").hasMessageContaining("groups (4)").hasMessageContaining("outChannels (6)");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"conv2d\", \"outChannels\": 6}")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("kernelSize");
    }

    @Test
    void rectangularConv2dRoundTripsAndSquareFilesNeedNoWidthFields() throws Exception {
        // a file written before the width components existed: the square layer, unchanged
        NetworkSpec old = ArchitectureJson.parse("""
                {"input": [2, 9, 9], "layers": [
                  {"type": "conv2d", "inChannels": 2, "outChannels": 4, "kernelSize": 3, "stride": 2, "padding": 1,
                   "dilation": 1, "groups": 2, "bias": true}
                ]}""", "old.json", LayerRegistry.builtIn());
        Conv2d.Spec square = (Conv2d.Spec) old.layers().get(0);
        assertThat(square).isEqualTo(new Conv2d.Spec(2, 4, 3, 2, 1, 1, 2, true));
        assertThat(square.isSquare()).isTrue();
        assertThat(old.build(1).layers().get(0).outputShape()).isEqualTo(Shape.of(4, 5, 5));

        NetworkSpec rect = ArchitectureJson.parse("""
                {"input": [4, 1, 20], "layers": [
                  {"type": "conv2d", "outChannels": 6, "kernelSize": 1, "kernelWidth": 5, "strideWidth": 2,
                   "paddingWidth": 2, "dilationWidth": 3, "groups": 2},
                  {"type": "flatten"}
                ]}""", "conv1d.json", LayerRegistry.builtIn());
        Conv2d.Spec r = (Conv2d.Spec) rect.layers().get(0);
        assertThat(r).isEqualTo(Conv2d.Spec.builder(6, 1).kernel(1, 5).stride(1, 2).padding(0, 2).dilation(1, 3)
                .groups(2).build());
        String json = ArchitectureJson.toJson(rect);
        assertThat(json).contains("\"kernelSize\": 1", "\"kernelWidth\": 5", "\"stride\": 1", "\"strideWidth\": 2",
                "\"padding\": 0", "\"paddingWidth\": 2", "\"dilation\": 1", "\"dilationWidth\": 3");
        assertThat(ArchitectureJson.parse(json)).isEqualTo(rect);
        Network net = rect.build(1);
        // (20 + 2·2 − 3·4 − 1) / 2 + 1 = 6 outputs along the line
        assertThat(net.layers().get(0).outputShape()).isEqualTo(Shape.of(6, 1, 6));
        assertThat(((Conv2d) net.layers().get(0)).weight().shape()).isEqualTo(Shape.of(6, 2, 1, 5));
        NetworkSpec resolved = net.spec();
        assertThat(ArchitectureJson.parse(ArchitectureJson.toJson(resolved))).isEqualTo(resolved);
        // a bad width value surfaces with its field name and range
        assertThatThrownBy(() -> parse(layers("{\"type\": \"conv2d\", \"outChannels\": 6, \"kernelSize\": 3, "
                + "\"paddingWidth\": -2}")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("layers[0]")
                .hasMessageContaining("paddingWidth must be >= 0 (or -1 = padding), got -2");
    }

    @Test
    void missingFieldsTakeRegistryDefaults() throws Exception {
        NetworkSpec spec = parse(layers("""
                {"type": "linear", "outFeatures": 1000},
                {"type": "neuron", "beta": 0.95, "reset": "zero", "surrogate": {"kind": "fast_sigmoid", "scale": 25}},
                {"type": "linear", "outFeatures": 10, "bias": false},
                {"type": "neuron", "beta": 0.9, "delay": 3, "kernel": [3, 3], "taps": [1, 2]}"""));
        assertThat(spec.inputShape()).isEqualTo(Shape.of(784));
        assertThat(spec.layers()).containsExactly(
                new Linear.Spec(0, 1000, true),
                new Neuron(0.95f, 1.0, 0L, false, Reset.ZERO, Surrogate.fastSigmoid(25f), 0, "", Shape.of(1), List.of()),
                new Linear.Spec(0, 10, false),
                new Neuron(0.9f, 1.0, 0L, false, Reset.SUBTRACT, Surrogate.atan(), 3, "", Shape.of(3, 3), List.of(1, 2)));
        Network net = spec.build(3);
        assertThat(net.outputShape()).isEqualTo(Shape.of(10));
    }

    @Test
    void genericRecordsRoundTripIncludingNestedEnumsAndNonFiniteFloats() throws Exception {
        NetworkSpec spec = new NetworkSpec(Shape.of(5), List.of(
                new Neuron(0.5f, Double.POSITIVE_INFINITY, Long.MAX_VALUE, true, Reset.NONE, Surrogate.triangle(0.3f),
                        -7, "a \"quoted\" label ü", Shape.of(2, 1), List.of(4, 5, 6)),
                new Neuron(1f, Double.NaN, -1L, false, Reset.ZERO, Surrogate.sigmoid(1e-7f), null, "", Shape.of(1),
                        List.of())));
        String json = ArchitectureJson.toJson(spec, REGISTRY);
        assertThat(json).contains("\"threshold\": \"Infinity\"", "\"threshold\": \"NaN\"", "\"reset\": \"NONE\"",
                "\"surrogate\": {\"kind\": \"TRIANGLE\", \"scale\": 0.3}", "\"delay\": null");
        assertThat(parse(json)).isEqualTo(spec);
    }

    @Test
    void floatsRoundTripBitExactly() throws Exception {
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            float p = Float.intBitsToFloat(rng.nextInt(Float.floatToIntBits(1f)));
            float beta = rng.nextInt(4) == 0 ? Math.nextDown(1f) : (float) rng.nextDouble();
            NetworkSpec spec = new NetworkSpec(Shape.of(3), List.of(new Dropout.Spec(p),
                    new Neuron(beta, rng.nextDouble() * 1e-300, 0, false, Reset.ZERO, Surrogate.atan(), null, "",
                            Shape.of(1), List.of())));
            NetworkSpec back = parse(ArchitectureJson.toJson(spec, REGISTRY));
            assertThat(Float.floatToRawIntBits(((Dropout.Spec) back.layers().get(0)).p())).isEqualTo(Float.floatToRawIntBits(p));
            assertThat(back).isEqualTo(spec);
        }
    }

    @Test
    void fileWriteAndReadRoundTripAndErrorsNameTheFile(@TempDir Path dir) throws Exception {
        NetworkSpec spec = Network.builder(784).linear(64).dropout(0.1f).linear(10).spec();
        Path file = dir.resolve("arch.json");
        ArchitectureJson.write(spec, file);
        assertThat(ArchitectureJson.read(file)).isEqualTo(spec);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("arch.json");
        }
        Files.writeString(file, layers("{\"type\": \"linear\"}"));
        assertThatThrownBy(() -> ArchitectureJson.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(file + ": layers[0] (linear layer): missing required field 'outFeatures' (int); "
                        + "add it to the object");
        Files.write(file, new byte[] {'{', (byte) 0xC3, '}'});
        assertThatThrownBy(() -> ArchitectureJson.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not UTF-8 text");
    }

    @Test
    void everyBuiltInNeuronTypeRoundTripsAndTakesDefaults() throws Exception {
        ArchitectureJson.checkSupported(org.snn4j.core.network.LayerRegistry.builtIn());
        NetworkSpec spec = org.snn4j.core.network.Network.builder(1, 4, 4).flatten().linear(8)
                .add(org.snn4j.core.neuron.LifSpec.builder().beta(0.8f).reset(org.snn4j.core.neuron.Reset.ZERO)
                        .surrogate(org.snn4j.core.neuron.Surrogate.fastSigmoid(25f)).build())
                .linear(8).add(org.snn4j.core.neuron.IfSpec.defaults())
                .linear(8).add(org.snn4j.core.neuron.SynapticSpec.of(0.7f, 0.6f))
                .linear(8).add(org.snn4j.core.neuron.AlifSpec.builder().build())
                .linear(8).add(org.snn4j.core.neuron.RlifSpec.of(0.9f))
                .linear(3).add(org.snn4j.core.neuron.RsynSpec.builder().alpha(0.6f).beta(0.7f)
                        .reset(org.snn4j.core.neuron.Reset.ZERO).recurrentBias(false).build()).spec();
        assertThat(ArchitectureJson.parse(ArchitectureJson.toJson(spec))).isEqualTo(spec);
        NetworkSpec minimal = ArchitectureJson.parse("{\"input\": [784], \"layers\": [{\"type\": \"linear\", "
                + "\"outFeatures\": 10}, {\"type\": \"lif\", \"beta\": 0.5, \"reset\": \"zero\"}]}");
        assertThat(minimal.layers().get(1)).isEqualTo(org.snn4j.core.neuron.LifSpec.builder().beta(0.5f)
                .reset(org.snn4j.core.neuron.Reset.ZERO).build());
        assertThatThrownBy(() -> ArchitectureJson.parse("{\"input\": [4], \"layers\": [{\"type\": \"lif\", "
                + "\"beta\": 1.5}]}")).isInstanceOf(ModelFormatException.class).hasMessageContaining("beta")
                .hasMessageContaining("1.5");
    }

    @Test
    void poolingAndBatchNormRoundTripAndTakeDefaults() throws Exception {
        NetworkSpec spec = Network.builder(3, 10, 9).batchNorm().maxPool2d(2).avgPool2d(3, 1, 1)
                .add(new BatchNorm.Spec(0.05f, 1e-3f, false)).maxPool2d(3, 2, 1).flatten().linear(4)
                .add(BatchNorm.Spec.defaults()).spec();
        String json = ArchitectureJson.toJson(spec);
        assertThat(json).contains("{\"type\": \"maxpool2d\", \"kernelSize\": 2, \"stride\": 0, \"padding\": 0}",
                "{\"type\": \"avgpool2d\", \"kernelSize\": 3, \"stride\": 1, \"padding\": 1}",
                "{\"type\": \"batchnorm\", \"momentum\": 0.05, \"eps\": 0.001, \"affine\": false}");
        assertThat(ArchitectureJson.parse(json)).isEqualTo(spec);
        NetworkSpec resolved = spec.build(1).spec();
        assertThat(resolved.layers().get(1)).isEqualTo(new MaxPool2d.Spec(2, 2, 0));
        assertThat(ArchitectureJson.parse(ArchitectureJson.toJson(resolved))).isEqualTo(resolved);
        NetworkSpec minimal = ArchitectureJson.parse("{\"input\": [2, 8, 8], \"layers\": [{\"type\": \"batchnorm\"}, "
                + "{\"type\": \"maxpool2d\", \"kernelSize\": 2}, {\"type\": \"avgpool2d\", \"kernelSize\": 2, "
                + "\"padding\": 1}]}");
        assertThat(minimal.layers()).containsExactly(BatchNorm.Spec.defaults(), MaxPool2d.Spec.of(2),
                new AvgPool2d.Spec(2, 0, 1));
        assertThat(minimal.build(1).outputShape()).isEqualTo(Shape.of(2, 3, 3));
        assertThatThrownBy(() -> ArchitectureJson.parse("{\"input\": [2, 8, 8], \"layers\": [{\"type\": "
                + "\"maxpool2d\"}]}")).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing required field 'kernelSize' (int)");
        assertThatThrownBy(() -> ArchitectureJson.parse("{\"input\": [2, 8, 8], \"layers\": [{\"type\": "
                + "\"batchnorm\", \"momentum\": 2}]}")).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("batchnorm momentum must be in [0, 1], got 2.0");
    }

    @Test
    void unknownLayerTypeListsKnownTypes() {
        assertThatThrownBy(() -> parse(layers("{\"type\": \"linear\", \"outFeatures\": 5}, {\"type\": \"lstm\"}")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("net.json: layers[1].type: unknown layer type 'lstm'; known types: alif, avgpool2d, batchnorm, conv2d, "
                        + "delay, dropout, flatten, if, li, lif, linear, maxpool2d, neuron, qcfs, relu, rlif, rsynaptic, synaptic, threshold");
        assertThatThrownBy(() -> parse(layers("{\"outFeatures\": 5}")))
                .hasMessage("net.json: layers[0]: missing required field 'type'; known types: alif, avgpool2d, batchnorm, conv2d, "
                        + "delay, dropout, flatten, if, li, lif, linear, maxpool2d, neuron, qcfs, relu, rlif, rsynaptic, synaptic, threshold");
        assertThatThrownBy(() -> parse(layers("{\"type\": 3}")))
                .hasMessageContaining("layers[0].type: wrong JSON type: expected a string");
    }

    @Test
    void unknownFieldListsTheTypesFields() {
        assertThatThrownBy(() -> parse(layers("{\"type\": \"linear\", \"outfeatures\": 5}")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("net.json: layers[0] (linear layer): unknown field 'outfeatures'; the fields of Linear.Spec "
                        + "are: inFeatures, outFeatures, bias. Remove or rename it");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"flatten\", \"dim\": 1}")))
                .hasMessageContaining("unknown field 'dim'; the fields of Flatten.Spec are: (none)");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"neuron\", \"beta\": 0.9, \"surrogate\": {\"kind\": \"ATAN\", "
                + "\"alpha\": 2}}")))
                .hasMessageContaining("layers[0].surrogate (neuron layer): unknown field 'alpha'; the fields of "
                        + "Surrogate are: kind, scale");
        assertThatThrownBy(() -> parse("{\"input\": [3], \"layers\": [{\"type\": \"flatten\"}], \"name\": \"x\"}"))
                .hasMessage("net.json: name: unknown field 'name'; an architecture has the fields: input, layers. "
                        + "Remove or rename it");
    }

    @Test
    void wrongJsonTypesAreReportedWithTheFieldPath() {
        assertThatThrownBy(() -> parse(layers("{\"type\": \"linear\", \"outFeatures\": \"10\"}")))
                .hasMessage("net.json: layers[0].outFeatures (linear layer): wrong JSON type: expected an integer (int), "
                        + "got string \"10\"");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"linear\", \"outFeatures\": 10, \"bias\": 1}")))
                .hasMessageContaining("layers[0].bias (linear layer): wrong JSON type: expected true or false (boolean), "
                        + "got number 1");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"linear\", \"outFeatures\": 10.5}")))
                .hasMessageContaining("layers[0].outFeatures (linear layer): expected an integer (int), got 10.5; "
                        + "remove the fraction");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"neuron\", \"beta\": 0.9, \"reset\": 1}")))
                .hasMessageContaining("layers[0].reset (neuron layer): wrong JSON type: expected a string, one of "
                        + "SUBTRACT, ZERO, NONE (Reset), got number 1");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"neuron\", \"beta\": 0.9, \"surrogate\": \"atan\"}")))
                .hasMessageContaining("layers[0].surrogate (neuron layer): expected a JSON object for Surrogate, "
                        + "got string \"atan\"");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"neuron\", \"beta\": 0.9, \"taps\": [1, \"x\"]}")))
                .hasMessageContaining("layers[0].taps[1] (neuron layer): wrong JSON type: expected an integer");
        assertThatThrownBy(() -> parse("{\"input\": 784, \"layers\": []}"))
                .hasMessage("net.json: input: wrong JSON type: expected an array (Shape), got number 784");
        assertThatThrownBy(() -> parse("{\"input\": [784], \"layers\": {}}"))
                .hasMessageContaining("net.json: layers: wrong JSON type: expected an array of layer objects");
        assertThatThrownBy(() -> parse(layers("\"linear\"")))
                .hasMessageContaining("layers[0]: wrong JSON type: expected a layer object");
        assertThatThrownBy(() -> parse("[1]"))
                .hasMessageContaining("net.json: (top level): expected a JSON object with \"input\" and \"layers\"");
    }

    @Test
    void missingRequiredFields() {
        assertThatThrownBy(() -> parse(layers("{\"type\": \"dropout\"}")))
                .hasMessage("net.json: layers[0] (dropout layer): missing required field 'p' (float); add it to the object");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"neuron\", \"surrogate\": {}}")))
                .hasMessageContaining("layers[0] (neuron layer): missing required field 'beta' (float)");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"neuron\", \"beta\": 1, \"surrogate\": {}}")))
                .hasMessageContaining("layers[0].surrogate (neuron layer): missing required fields 'kind' (Kind), "
                        + "'scale' (float); add them");
        assertThatThrownBy(() -> parse("{\"layers\": []}"))
                .hasMessageContaining("missing required field 'input'");
        assertThatThrownBy(() -> parse("{\"input\": [3]}"))
                .hasMessageContaining("missing required field 'layers'");
    }

    @Test
    void invalidValuesWrapTheValidationMessage() {
        assertThatThrownBy(() -> parse(layers("{\"type\": \"linear\", \"outFeatures\": 0}")))
                .hasMessage("net.json: layers[0] (linear layer): invalid value: linear out_features must be >= 1, got 0");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"dropout\", \"p\": 1.5}")))
                .hasMessageContaining("layers[0] (dropout layer): invalid value: dropout probability must be in [0, 1), "
                        + "got 1.5");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"neuron\", \"beta\": 0.9, \"reset\": \"SUBTRAC\"}")))
                .hasMessageContaining("layers[0].reset (neuron layer): invalid value \"SUBTRAC\"; expected one of "
                        + "SUBTRACT, ZERO, NONE (case-insensitive)");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"neuron\", \"beta\": 0.9, \"surrogate\": {\"kind\": \"atan\", "
                + "\"scale\": -1}}")))
                .hasMessageContaining("layers[0].surrogate (neuron layer): invalid value: surrogate scale must be "
                        + "positive and finite, got -1.0");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"linear\", \"outFeatures\": 3000000000}")))
                .hasMessageContaining("invalid value: 3000000000 is out of range for int");
        assertThatThrownBy(() -> parse(layers("{\"type\": \"neuron\", \"beta\": 1e39}")))
                .hasMessageContaining("layers[0].beta (neuron layer): invalid value: 1E+39 is out of range for float");
        assertThatThrownBy(() -> parse(layers("")))
                .hasMessage("net.json: layers: invalid value: a network needs at least one layer");
        assertThatThrownBy(() -> parse("{\"input\": [0], \"layers\": [{\"type\": \"flatten\"}]}"))
                .hasMessageContaining("net.json: input: invalid value: shape dimensions must be positive, got [0]");
    }

    @Test
    void malformedJsonReportsLineAndColumn() {
        assertThatThrownBy(() -> parse("{\n  \"input\": [784],\n  \"layers\": [ {\"type\": \"linear\" \"outFeatures\": 3} ]\n}"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("net.json: malformed JSON at line 3, column ")
                .hasMessageContaining("Fix the JSON syntax there");
        assertThatThrownBy(() -> parse("{\"input\": [3], \"input\": [4], \"layers\": []}"))
                .hasMessageContaining("malformed JSON at line 1")
                .hasMessageContaining("Duplicate field 'input'");
        assertThatThrownBy(() -> parse("{\"input\": [3], \"layers\": [{\"type\": \"flatten\"}]} {}"))
                .hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> parse("   "))
                .hasMessageContaining("net.json: empty document");
    }

    @Test
    void writingAnUnregisteredTypeFailsAndRegistriesAreChecked() {
        NetworkSpec spec = new NetworkSpec(Shape.of(3), List.of(new Neuron(0.5f, 1, 0, false, Reset.ZERO,
                Surrogate.atan(), null, "", Shape.of(1), List.of())));
        assertThatThrownBy(() -> ArchitectureJson.toJson(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown layer type 'neuron'");
        ArchitectureJson.checkSupported(REGISTRY);

        record Opaque(Object thing) implements LayerSpec {
            @Override
            public String type() {
                return "opaque";
            }

            @Override
            public Layer build(Shape inputShape, RandomGenerator rng) {
                return new Flatten.Spec().build(inputShape, rng);
            }
        }
        LayerRegistry bad = REGISTRY.register(LayerType.of("opaque", Opaque.class));
        assertThatThrownBy(() -> ArchitectureJson.checkSupported(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("opaque.thing has type Object, which JSON files cannot hold");
    }

    @Test
    void textIsUtf8AndEndsWithNewline() throws IOException {
        String json = ArchitectureJson.toJson(Network.builder(2).linear(2).spec());
        assertThat(json).endsWith("}\n");
        assertThat(json.getBytes(StandardCharsets.UTF_8)).hasSize(json.length());
    }
}
