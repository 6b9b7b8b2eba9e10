package org.snn4j.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.snn4j.nir.NirArray.ElementType;
import org.snn4j.nir.NirGraph.Edge;

/** Writing NIR files: round trips of the real files, the HDF5 layout written, atomic replacement, validation. */
class NirFileWriteTest {

    static final List<String> REAL = NirSamples.REAL;
    static final List<String> ALL = Stream.concat(REAL.stream(), Stream.of(NirSamples.DTYPES_GZIP)).toList();

    @TempDir
    Path dir;

    @ParameterizedTest
    @FieldSource("ALL")
    void roundTripGivesAnEqualGraph(String file) throws Exception {
        NirGraph original = NirSamples.read(file);
        Path out = dir.resolve(file);
        NirFile.write(original, out);
        NirGraph back = NirFile.read(out);
        assertThat(back).isEqualTo(original);
        assertThat(back.version()).isEqualTo(original.version());
        assertThat(List.copyOf(back.nodes().keySet())).isEqualTo(List.copyOf(original.nodes().keySet()));
        assertThat(back.edges()).isEqualTo(original.edges());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(file);
        }
        // -Dsnn4j.nir.writtenDir=DIR keeps the written files for scripts/check-nir-h5py.py (see docs/nir.md)
        String keep = System.getProperty("snn4j.nir.writtenDir");
        if (keep != null) {
            Files.createDirectories(Path.of(keep));
            Files.copy(out, Path.of(keep, file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The file written has the real file's groups and datasets, with the same numeric element types (class and
     * width) and dataspaces (rank and dimensions); its strings are fixed-length UTF-8 where the real file's are
     * variable-length.
     */
    @ParameterizedTest
    @FieldSource("REAL")
    void writtenLayoutMatchesTheRealFile(String file) throws Exception {
        Path out = dir.resolve(file);
        NirFile.write(NirSamples.read(file), out);
        Map<String, String> original = layout(NirSamples.path(file), false);
        Map<String, String> written = layout(out, true);
        assertThat(written.keySet()).containsExactlyElementsOf(original.keySet());
        assertThat(written).containsExactlyEntriesOf(original);
        assertThat(original).containsKeys("/version", "/node/type", "/node/edges");
    }

    /** Path → "group", or "<kind> <dims>" for a dataset, with the string kind checked against what each file uses. */
    private static Map<String, String> layout(Path file, boolean writtenByJhdf) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (HdfFile hdf = new HdfFile(file)) {
            walk(hdf, out, writtenByJhdf);
        }
        return out;
    }

    private static void walk(Group g, Map<String, String> out, boolean writtenByJhdf) {
        for (Node n : g.getChildren().values()) {
            String path = n.getPath().endsWith("/") ? n.getPath().substring(0, n.getPath().length() - 1) : n.getPath();
            if (n instanceof Group sub) {
                out.put(path, "group");
                walk(sub, out, writtenByJhdf);
                continue;
            }
            Dataset d = (Dataset) n;
            DataType dt = d.getDataType();
            String kind;
            if (dt instanceof FloatingPoint) {
                kind = "float" + 8 * dt.getSize();
            } else if (dt instanceof FixedPoint) {
                kind = "int" + 8 * dt.getSize();
            } else if (writtenByJhdf) {
                assertThat(dt).as(path).isInstanceOf(StringData.class);
                StringData s = (StringData) dt;
                assertThat(s.getCharset()).as(path).isEqualTo(StandardCharsets.UTF_8);
                assertThat(s.getPaddingType()).as(path).isEqualTo(StringData.PaddingType.NULL_TERMINATED);
                kind = "string";
            } else {
                assertThat(dt).as(path).isInstanceOfSatisfying(VariableLength.class,
                        v -> assertThat(v.isVariableLengthString()).isTrue());
                kind = "string";
            }
            out.put(path, kind + " " + (d.isScalar() ? "scalar" : Arrays.toString(d.getDimensions())));
        }
    }

    private static NirGraph smallGraph(String version) {
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        nodes.put("input", NirNode.of("Input", Map.of("shape", NirArray.int64(3))));
        Map<String, NirArray> affine = new LinkedHashMap<>();
        affine.put("weight", NirArray.float32(new float[] {1.5f, -2f, 0.1f, 4f, 5f, 6f}, 2, 3));
        affine.put("bias", new NirArray(new long[] {2}, new double[] {0.1, -0.2}, ElementType.FLOAT64));
        nodes.put("fc", NirNode.of("Affine", affine));
        Map<String, NirArray> lif = new LinkedHashMap<>();
        lif.put("tau", NirArray.scalar(0.02f));
        lif.put("r", new NirArray(new long[0], new double[] {1.25}, ElementType.FLOAT64));
        lif.put("v_leak", NirArray.float32(0f, 0f));
        lif.put("v_threshold", NirArray.float32(1f, 1f));
        lif.put("extra", NirArray.int64Scalar(-7));
        lif.put("input_type/input", NirArray.int64(2));
        nodes.put("lif.0", NirNode.of("LIF", lif));
        nodes.put("output", NirNode.of("Output", Map.of("shape", NirArray.int64(2))));
        List<Edge> edges = List.of(new Edge("input", "fc"), new Edge("fc", "lif.0"), new Edge("lif.0", "output"));
        return new NirGraph(nodes, edges, version);
    }

    @Test
    void elementTypesScalarsAndSubGroupsSurviveAndNullVersionBecomesTheWriteVersion() throws Exception {
        Path out = dir.resolve("small.nir");
        NirGraph g = smallGraph(null);
        NirFile.write(g, out);
        NirGraph back = NirFile.read(out);
        assertThat(back.version()).isEqualTo(NirFile.WRITE_VERSION).isEqualTo("1.0.7");
        assertThat(back.nodes()).isEqualTo(g.nodes());
        assertThat(back.edges()).isEqualTo(g.edges());
        NirNode lif = back.nodes().get("lif.0");
        assertThat(lif.param("tau").type()).isEqualTo(ElementType.FLOAT32);
        assertThat(lif.param("tau").rank()).isZero();
        assertThat(lif.param("r").type()).isEqualTo(ElementType.FLOAT64);
        assertThat(lif.param("extra")).isEqualTo(NirArray.int64Scalar(-7));
        assertThat(back.nodes().get("fc").param("weight").toFloats()).containsExactly(1.5f, -2f, 0.1f, 4f, 5f, 6f);
        try (HdfFile hdf = new HdfFile(out)) {
            Dataset tau = hdf.getDatasetByPath("/node/nodes/lif.0/tau");
            assertThat(tau.isScalar()).isTrue();
            assertThat(tau.getData()).isEqualTo(0.02f);
            assertThat(hdf.getByPath("/node/nodes/lif.0/input_type")).isInstanceOf(Group.class);
            Dataset weight = hdf.getDatasetByPath("/node/nodes/fc/weight");
            assertThat(weight.getDimensions()).containsExactly(2, 3);
            assertThat(weight.getData()).isEqualTo(new float[][] {{1.5f, -2f, 0.1f}, {4f, 5f, 6f}});
            assertThat(hdf.getDatasetByPath("/node/nodes/fc/type").getData()).isEqualTo("Affine");
            assertThat(hdf.getDatasetByPath("/version").getData()).isEqualTo("1.0.7");
            assertThat(hdf.getDatasetByPath("/node/edges").getData())
                    .isEqualTo(new String[][] {{"input", "fc"}, {"fc", "lif.0"}, {"lif.0", "output"}});
        }
        NirFile.write(smallGraph("0.2.0"), out);
        assertThat(NirFile.read(out).version()).isEqualTo("0.2.0");
    }

    @Test
    void edgesMayReachIntoNestedGraphsWithDottedNames() throws Exception {
        NirGraph inner = new NirGraph(Map.of(
                "input", NirNode.of("Input", Map.of("shape", NirArray.int64(2))),
                "output", NirNode.of("Output", Map.of("shape", NirArray.int64(2)))),
                List.of(new Edge("input", "output")), null);
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        nodes.put("input", NirNode.of("Input", Map.of("shape", NirArray.int64(2))));
        nodes.put("sub", NirNode.graph(inner));
        nodes.put("output", NirNode.of("Output", Map.of("shape", NirArray.int64(2))));
        NirGraph g = new NirGraph(nodes, List.of(new Edge("input", "sub.input"), new Edge("sub.output", "output")), "0.2.0");
        Path out = dir.resolve("nested.nir");
        NirFile.write(g, out);
        NirGraph back = NirFile.read(out);
        assertThat(back).isEqualTo(g);
        assertThat(back.nodes().get("sub").graph().edges()).containsExactly(new Edge("input", "output"));
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFile() throws Exception {
        Path out = dir.resolve("net.nir");
        NirFile.write(NirSamples.read("lif_norse.nir"), out);
        NirFile.write(NirSamples.read("two_lif_neurons.nir"), out);
        assertThat(NirFile.read(out)).isEqualTo(NirSamples.read("two_lif_neurons.nir"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("net.nir");
        }
    }

    @Test
    void invalidGraphsAreRefusedNamingNodeAndFieldAndTheTargetIsKept() throws Exception {
        Path out = dir.resolve("keep.nir");
        NirFile.write(NirSamples.read("lif_norse.nir"), out);
        byte[] before = Files.readAllBytes(out);

        NirGraph small = smallGraph(null);
        assertRefused(with(small, "fc", NirNode.of("Affine", Map.of("weight", NirArray.float32(1f)))), out,
                "node 'fc' (Affine) lacks its 'bias' field");
        assertRefused(with(small, "fc", NirNode.of("Dense", Map.of())), out, "node 'fc' has unknown type 'Dense'");
        assertRefused(new NirGraph(small.nodes(), List.of(new Edge("input", "ghost")), null), out,
                "the root graph, field 'edges': edge 0 (input -> ghost) names node 'ghost'");
        assertRefused(with(small, "input", NirNode.of("Input", Map.of("shape", new NirArray(new long[] {0}, new double[0],
                ElementType.INT64)))), out, "node 'input', field 'shape': empty array");
        assertRefused(with(small, "lif.0", NirNode.of("LIF", Map.of("tau", NirArray.scalar(1f), "r", NirArray.scalar(1f),
                "v_leak", NirArray.scalar(0f), "v_threshold", NirArray.scalar(1f), "type", NirArray.scalar(1f)))), out,
                "node 'lif.0' has a parameter named 'type'");
        assertRefused(new NirGraph(small.nodes(), List.of(), null), out, "the root graph has no edges");
        NirGraph badInner = new NirGraph(Map.of("lif", NirNode.of("LIF", Map.of("tau", NirArray.scalar(1f)))),
                List.of(new Edge("lif", "lif")), null);
        assertRefused(with(small, "sub", NirNode.graph(badInner)), out, "node 'sub/lif' (LIF) lacks its");

        assertThat(Files.readAllBytes(out)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keep.nir");
        }
    }

    @Test
    void writeIntoAMissingDirectoryFails() {
        Path out = dir.resolve("no/such/dir/net.nir");
        assertThatThrownBy(() -> NirFile.write(smallGraph(null), out))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void slf4jHasTheNoOperationProviderSoJhdfPrintsNothing() throws Exception {
        // slf4j-api 2.x prints a three-line warning when it finds no provider; slf4j-nop is that provider.
        assertThat(Class.forName("org.slf4j.nop.NOPServiceProvider")).isNotNull();
        List<Object> providers = new ArrayList<>();
        java.util.ServiceLoader.load(Class.forName("org.slf4j.spi.SLF4JServiceProvider")).forEach(providers::add);
        assertThat(providers).extracting(p -> p.getClass().getName()).containsExactly("org.slf4j.nop.NOPServiceProvider");
    }

    private static NirGraph with(NirGraph g, String name, NirNode node) {
        Map<String, NirNode> nodes = new LinkedHashMap<>(g.nodes());
        nodes.put(name, node);
        return new NirGraph(nodes, g.edges(), g.version());
    }

    private static void assertRefused(NirGraph g, Path out, String message) {
        assertThatThrownBy(() -> NirFile.write(g, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
