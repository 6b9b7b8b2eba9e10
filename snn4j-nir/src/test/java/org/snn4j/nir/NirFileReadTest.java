package org.snn4j.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.snn4j.nir.NirArray.ElementType;
import org.snn4j.nir.NirGraph.Edge;

/** Reading the real NIR files: structure, element types, shapes and values as h5py shows them. */
class NirFileReadTest {

    static final List<String> REAL = NirSamples.REAL;

    /**
     * {@code h5py-listing.tsv} was written by h5py from the nine files (one row per dataset: file, HDF5 path,
     * numpy dtype or "string", shape, and the value of scalar strings); the graph read must give the same rows.
     */
    @ParameterizedTest
    @FieldSource("REAL")
    void everyDatasetMatchesWhatH5pyLists(String file) throws Exception {
        List<String> expected = Files.readAllLines(NirSamples.path("h5py-listing.tsv")).stream()
                .filter(l -> l.startsWith(file + "\t"))
                .sorted()
                .toList();
        List<String> actual = listing(file, NirSamples.read(file));
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    static List<String> listing(String file, NirGraph g) {
        List<String> rows = new ArrayList<>();
        if (g.version() != null) {
            rows.add(String.join("\t", file, "/version", "string", "", g.version()));
        }
        graphRows(file, "/node", g, rows);
        Collections.sort(rows);
        return rows;
    }

    private static void graphRows(String file, String group, NirGraph g, List<String> rows) {
        rows.add(String.join("\t", file, group + "/edges", "string", g.edges().size() + ",2", ""));
        rows.add(String.join("\t", file, group + "/type", "string", "", NirTypes.GRAPH));
        for (Map.Entry<String, NirNode> e : g.nodes().entrySet()) {
            String ng = group + "/nodes/" + e.getKey();
            NirNode node = e.getValue();
            if (node.graph() != null) {
                graphRows(file, ng, node.graph(), rows);
                continue;
            }
            rows.add(String.join("\t", file, ng + "/type", "string", "", node.type()));
            for (Map.Entry<String, NirArray> p : node.params().entrySet()) {
                NirArray a = p.getValue();
                String shape = LongStream.of(a.shape()).mapToObj(Long::toString).collect(Collectors.joining(","));
                rows.add(String.join("\t", file, ng + "/" + p.getKey(), a.type().name().toLowerCase(Locale.ROOT), shape, ""));
            }
        }
    }

    @Test
    void cnnSinabsConvolutionPoolingAndFlatten() throws Exception {
        NirGraph g = NirSamples.read("cnn_sinabs.nir");
        assertThat(g.version()).isEqualTo("0.2.0");
        // sorted by name, as h5py and jHDF list them
        assertThat(g.nodes().keySet()).containsExactly("0", "1", "10", "11", "12", "2", "3", "4", "5", "6", "7", "8", "9",
                "input", "output");
        NirNode conv = g.nodes().get("0");
        assertThat(conv.type()).isEqualTo("Conv2d");
        NirArray w = conv.param("weight");
        assertThat(w.type()).isEqualTo(ElementType.FLOAT32);
        assertThat(w.shape()).containsExactly(16, 2, 5, 5);
        assertThat(w.get(0)).isEqualTo((double) -0.2573422f);
        assertThat(w.get(w.size() - 1)).isEqualTo(0.10971786081790924);
        NirArray groups = conv.param("groups");
        assertThat(groups.type()).isEqualTo(ElementType.INT64);
        assertThat(groups.rank()).isZero();
        assertThat(groups.get(0)).isEqualTo(1.0);
        assertThat(conv.param("stride")).isEqualTo(NirArray.int64(2, 2));
        assertThat(conv.param("input_shape")).isEqualTo(NirArray.int64(34, 34));
        assertThat(g.nodes().get("4").type()).isEqualTo("SumPool2d");
        assertThat(g.nodes().get("4").param("kernel_size")).isEqualTo(NirArray.int64(2, 2));
        NirNode flatten = g.nodes().get("8");
        assertThat(flatten.param("start_dim")).isEqualTo(NirArray.int64Scalar(0));
        assertThat(flatten.param("end_dim")).isEqualTo(NirArray.int64Scalar(-1));
        assertThat(flatten.param("input_type")).isEqualTo(NirArray.int64(8, 4, 4));
        assertThat(g.nodes().get("1").param("v_threshold").shape()).containsExactly(16, 16, 16);
        assertThat(g.nodes().get("input").param("shape")).isEqualTo(NirArray.int64(2, 34, 34));
        assertThat(g.edges()).hasSize(14).startsWith(new Edge("8", "9"), new Edge("11", "12"));
        assertThat(g.successors("input")).containsExactly("0");
        assertThat(g.predecessors("output")).containsExactly("12");
    }

    @Test
    void lifNorseAndRockpoolValues() throws Exception {
        NirGraph norse = NirSamples.read("lif_norse.nir");
        assertThat(norse.version()).isEqualTo("0.1.1");
        NirNode lif = norse.nodes().get("1");
        assertThat(lif.type()).isEqualTo("LIF");
        assertThat(lif.param("tau")).isEqualTo(NirArray.float32(0.0025f));
        assertThat(lif.param("v_threshold")).isEqualTo(NirArray.float32(0.1f));
        assertThat(lif.param("r")).isEqualTo(NirArray.float32(1f));
        assertThat(norse.nodes().get("0").param("weight")).isEqualTo(NirArray.float32(new float[] {1f}, 1, 1));
        assertThat(norse.edges()).containsExactly(new Edge("input", "0"), new Edge("0", "1"), new Edge("1", "output"));

        NirGraph rockpool = NirSamples.read("lif_rockpool.nir");
        assertThat(rockpool.version()).isEqualTo("0.2.0");
        assertThat(rockpool.nodes().get("1_LIFNeuronTorch").param("r").get(0)).isEqualTo(24.019737243652344);
        assertThat(rockpool.nodes().get("0_LinearTorch").type()).isEqualTo("Linear");
        assertThat(rockpool.nodes().get("output").param("shape")).isEqualTo(NirArray.int64(1, 1, 1));

        NirNode lif1 = NirSamples.read("two_lif_neurons.nir").nodes().get("lif1");
        assertThat(lif1.param("v_leak").type()).isEqualTo(ElementType.FLOAT64);
        assertThat(lif1.param("v_leak").get(0)).isEqualTo(1.2);
        assertThat(lif1.param("tau").get(0)).isEqualTo(0.01);
    }

    @Test
    void brailleCubaLifWithDottedNodeNames() throws Exception {
        NirGraph g = NirSamples.read("braille_noDelay_bias_zero.nir");
        assertThat(g.nodes().keySet()).containsExactly("fc1", "fc2", "input", "lif1.lif", "lif1.w_rec", "lif2", "output");
        NirNode lif = g.nodes().get("lif1.lif");
        assertThat(lif.type()).isEqualTo("CubaLIF");
        NirArray tauMem = lif.param("tau_mem");
        assertThat(tauMem.type()).isEqualTo(ElementType.FLOAT64);
        assertThat(tauMem.shape()).containsExactly(38);
        assertThat(tauMem.get(0)).isEqualTo(0.0009999997615814777);
        assertThat(lif.param("tau_syn").get(0)).isEqualTo(0.0002222222281091009);
        assertThat(lif.param("w_in").get(0)).isEqualTo(2.2222222810910086);
        assertThat(g.nodes().get("fc1").param("weight").shape()).containsExactly(38, 12);
        assertThat(g.nodes().get("fc1").param("weight").get(1)).isEqualTo(0.057944901287555695);
        assertThat(g.edges()).contains(new Edge("lif1.w_rec", "lif1.lif"), new Edge("lif1.lif", "lif1.w_rec"));
        assertThat(NirSamples.read("braille_noDelay_noBias_subtract.nir").nodes().get("lif1.w_rec").type())
                .isEqualTo("Linear");
    }

    @Test
    void subgraphFileNestsTheRecurrentLayerAndRepairsItsEdgeNames() throws Exception {
        NirGraph g = NirSamples.read("braille_noDelay_bias_zero_subgraph.nir");
        assertThat(g.edges()).containsExactly(new Edge("input", "fc1"), new Edge("fc1", "lif1"), new Edge("lif1", "fc2"),
                new Edge("fc2", "lif2"), new Edge("lif2", "output"));
        NirNode lif1 = g.nodes().get("lif1");
        assertThat(lif1.type()).isEqualTo(NirTypes.GRAPH);
        assertThat(lif1.params()).isEmpty();
        NirGraph sub = lif1.graph();
        assertThat(sub.version()).isNull();
        assertThat(sub.nodes().keySet()).containsExactly("input", "lif1", "lin", "output");
        assertThat(sub.nodes().get("lif1").param("tau_mem").shape()).containsExactly(38);
        assertThat(sub.nodes().get("input").param("shape")).isEqualTo(NirArray.int64(38));
        // the file's nested edges say 'lif'; the only node that name can mean is 'lif1'
        assertThat(sub.edges()).containsExactly(new Edge("input", "lif1"), new Edge("lif1", "lin"), new Edge("lin", "lif1"),
                new Edge("lif1", "output"));
    }

    @Test
    void rockpoolBrailleNestedGraphNeedsNoRepair() throws Exception {
        NirGraph g = NirSamples.read("rockpool_braille.nir");
        NirGraph hidden = g.nodes().get("hidden").graph();
        assertThat(hidden.nodes().keySet()).containsExactly("input", "lif", "lin", "output");
        assertThat(hidden.edges()).containsExactly(new Edge("input", "lif"), new Edge("lif", "lin"), new Edge("lin", "lif"),
                new Edge("lif", "output"));
        assertThat(hidden.nodes().get("lif").has("w_in")).isFalse();
        assertThat(g.predecessors("hidden")).containsExactly("fc1");
    }

    @ParameterizedTest
    @FieldSource("REAL")
    void everySampleValidates(String file) throws Exception {
        NirGraph g = NirSamples.read(file);
        assertThatCode(() -> NirFile.validate(g)).doesNotThrowAnyException();
    }

    @Test
    void gzipAndOtherElementTypesAreConverted() throws Exception {
        NirGraph g = NirSamples.read(NirSamples.DTYPES_GZIP);
        assertThat(g.version()).isEqualTo("1.0.7");
        assertThat(g.nodes().keySet()).containsExactly("input", "lif", "lin", "output");
        // int32 and uint8 → int64
        assertThat(g.nodes().get("input").param("shape")).isEqualTo(NirArray.int64(3));
        assertThat(g.nodes().get("output").param("shape")).isEqualTo(NirArray.int64(2));
        NirNode lin = g.nodes().get("lin");
        // gzip + shuffle float64; the input_type sub-group is kept, the metadata group skipped
        assertThat(lin.params().keySet()).containsExactly("input_type/input", "weight");
        assertThat(lin.param("weight")).isEqualTo(new NirArray(new long[] {2, 3}, new double[] {0, 0.25, 0.5, 0.75, 1, 1.25},
                ElementType.FLOAT64));
        assertThat(lin.param("input_type/input")).isEqualTo(NirArray.int64(3));
        NirNode lif = g.nodes().get("lif");
        // float16 → float32, int32 → int64, a float32 scalar stays a scalar
        assertThat(lif.param("tau")).isEqualTo(NirArray.float32(0.5f, 0.25f));
        assertThat(lif.param("r")).isEqualTo(NirArray.int64(1, 2));
        assertThat(lif.param("v_leak")).isEqualTo(NirArray.scalar(-0.5f));
        assertThat(lif.param("v_threshold")).isEqualTo(NirArray.float32(1f, 1.5f));
        assertThat(g.edges()).containsExactly(new Edge("input", "lin"), new Edge("lin", "lif"), new Edge("lif", "output"));
    }
}
