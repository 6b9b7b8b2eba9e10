package org.snn4j.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not NIR graphs: each error names the file, the node and the field, and what was expected. */
class NirFileErrorTest {

    @TempDir
    Path dir;

    /** A file with version 0.2.0 and a root graph group whose contents {@code fill} writes. */
    private Path craft(String name, Consumer<WritableGroup> fill) {
        Path file = dir.resolve(name);
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("version", "0.2.0");
            fill.accept(hdf.putGroup("node"));
        }
        return file;
    }

    /** Input → lif → Output, with the LIF's parameters written by {@code lif}. */
    private Path craftLif(String name, String[][] edges, Consumer<WritableGroup> lif) {
        return craft(name, g -> {
            g.putDataset("type", "NIRGraph");
            g.putDataset("edges", edges);
            WritableGroup nodes = g.putGroup("nodes");
            WritableGroup in = nodes.putGroup("input");
            in.putDataset("type", "Input");
            in.putDataset("shape", new long[] {1});
            WritableGroup out = nodes.putGroup("output");
            out.putDataset("type", "Output");
            out.putDataset("shape", new long[] {1});
            lif.accept(nodes.putGroup("lif"));
        });
    }

    private static final String[][] CHAIN = {{"input", "lif"}, {"lif", "output"}};

    private static void lifParams(WritableGroup lif) {
        lif.putDataset("type", "LIF");
        lif.putDataset("tau", new float[] {0.01f});
        lif.putDataset("r", new float[] {1f});
        lif.putDataset("v_leak", new float[] {0f});
        lif.putDataset("v_threshold", new float[] {1f});
    }

    private static NirFormatException formatError(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(NirFormatException.class);
        return (NirFormatException) t;
    }

    @Test
    void craftedChainReadsFine() throws Exception {
        NirGraph g = NirFile.read(craftLif("ok.nir", CHAIN, NirFileErrorTest::lifParams));
        assertThat(g.nodes().keySet()).containsExactly("input", "lif", "output");
        NirFile.validate(g);
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.nir");
        assertThatThrownBy(() -> NirFile.read(file))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent.nir")
                .hasMessageContaining("no such NIR file");
    }

    @Test
    void textFileWithNirExtension() throws Exception {
        Path file = dir.resolve("notes.nir");
        Files.writeString(file, "this is a text file, not HDF5\n");
        NirFormatException e = formatError(() -> NirFile.read(file));
        assertThat(e.getMessage()).startsWith(file.toString()).contains("not an HDF5 file");
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.node()).isNull();
    }

    @Test
    void truncatedCopiesOfRealFiles() throws Exception {
        for (String name : new String[] {"cnn_sinabs.nir", "lif_norse.nir"}) {
            byte[] all = Files.readAllBytes(NirSamples.path(name));
            Path file = dir.resolve("half-" + name);
            Files.write(file, Arrays.copyOf(all, all.length / 2));
            NirFormatException e = formatError(() -> NirFile.read(file));
            assertThat(e.getMessage()).startsWith(file.toString())
                    .contains("truncated: the HDF5 superblock declares " + all.length + " bytes, the file has "
                            + all.length / 2);
        }
    }

    @Test
    void noNodeGroup() {
        Path file = dir.resolve("empty.nir");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("version", "0.2.0");
        }
        NirFormatException e = formatError(() -> NirFile.read(file));
        assertThat(e.field()).isEqualTo("node");
        assertThat(e.getMessage()).contains("field 'node': missing").contains("[version]");
    }

    @Test
    void nodeWithoutType() {
        Path file = craftLif("notype.nir", CHAIN, lif -> lif.putDataset("tau", new float[] {0.01f}));
        NirFormatException e = formatError(() -> NirFile.read(file));
        assertThat(e.node()).isEqualTo("lif");
        assertThat(e.field()).isEqualTo("type");
        assertThat(e.getMessage()).contains("node 'lif' (HDF5 group /node/nodes/lif), field 'type': missing")
                .contains("[tau]");
    }

    @Test
    void nestedNodeWithoutTypeIsNamedByItsPath() {
        Path file = craft("nested.nir", g -> {
            g.putDataset("type", "NIRGraph");
            g.putDataset("edges", new String[][] {{"sub", "sub"}});
            WritableGroup sub = g.putGroup("nodes").putGroup("sub");
            sub.putDataset("type", "NIRGraph");
            sub.putDataset("edges", new String[][] {{"a", "a"}});
            sub.putGroup("nodes").putGroup("a").putDataset("weight", new float[] {1f});
        });
        NirFormatException e = formatError(() -> NirFile.read(file));
        assertThat(e.node()).isEqualTo("sub/a");
        assertThat(e.getMessage()).contains("node 'sub/a' (HDF5 group /node/nodes/sub/nodes/a), field 'type'");
    }

    @Test
    void edgesThatAreNotPairsOfStrings() {
        Path wide = craftLif("wide.nir", new String[][] {{"input", "lif", "output"}}, NirFileErrorTest::lifParams);
        NirFormatException e = formatError(() -> NirFile.read(wide));
        assertThat(e.node()).isEmpty();
        assertThat(e.getMessage()).contains("the root graph (HDF5 group /node), field 'edges': expected strings of shape"
                + " (E, 2), found a fixed-length string dataset of shape [1, 3]");

        Path numeric = craft("numeric.nir", g -> {
            g.putDataset("type", "NIRGraph");
            g.putDataset("edges", new long[][] {{0, 1}});
            g.putGroup("nodes");
        });
        assertThat(formatError(() -> NirFile.read(numeric)).getMessage())
                .contains("field 'edges': expected strings of shape (E, 2), found an int64 dataset of shape [1, 2]");
    }

    @Test
    void edgeToAMissingNode() {
        Path file = craftLif("ghost.nir", new String[][] {{"input", "lif"}, {"lif", "ghost"}}, NirFileErrorTest::lifParams);
        NirFormatException e = formatError(() -> NirFile.read(file));
        assertThat(e.field()).isEqualTo("edges");
        assertThat(e.getMessage()).contains("the root graph (HDF5 group /node), field 'edges': edge 1 (lif -> ghost)"
                + " names node 'ghost', which this graph does not have; expected one of [input, lif, output]");
    }

    @Test
    void aDottedEdgeMustNameANodeOfTheNestedGraph() {
        Path file = craft("dotted.nir", g -> {
            g.putDataset("type", "NIRGraph");
            g.putDataset("edges", new String[][] {{"sub.input", "sub.nothing"}});
            WritableGroup sub = g.putGroup("nodes").putGroup("sub");
            sub.putDataset("type", "NIRGraph");
            sub.putDataset("edges", new String[][] {{"input", "input"}});
            WritableGroup in = sub.putGroup("nodes").putGroup("input");
            in.putDataset("type", "Input");
            in.putDataset("shape", new long[] {1});
        });
        assertThat(formatError(() -> NirFile.read(file)).getMessage())
                .contains("edge 0 (sub.input -> sub.nothing) names node 'sub.nothing'");
    }

    @Test
    void aStringWhereANumberIsExpected() {
        Path file = craftLif("string.nir", CHAIN, lif -> {
            lifParams(lif);
            lif.putDataset("v_reset", "zero");
        });
        NirFormatException e = formatError(() -> NirFile.read(file));
        assertThat(e.node()).isEqualTo("lif");
        assertThat(e.field()).isEqualTo("v_reset");
        assertThat(e.getMessage()).contains("node 'lif' (HDF5 group /node/nodes/lif), field 'v_reset': expected a float or"
                + " integer dataset, found a fixed-length string dataset");
    }

    @Test
    void aNumberWhereATypeNameIsExpected() {
        Path file = craftLif("numtype.nir", CHAIN, lif -> lif.putDataset("type", 3L));
        assertThat(formatError(() -> NirFile.read(file)).getMessage())
                .contains("node 'lif' (HDF5 group /node/nodes/lif), field 'type': expected a string dataset, found an int64");
    }

    @Test
    void aRootThatIsNotAGraph() {
        Path file = craft("root.nir", g -> {
            g.putDataset("type", "LIF");
            g.putDataset("tau", new float[] {1f});
        });
        assertThat(formatError(() -> NirFile.read(file)).getMessage())
                .contains("field 'type': expected the root node to be a NIRGraph, found 'LIF'");
    }

    @Test
    void unknownNodeTypeReadsButCheckNamesTheNode() throws Exception {
        Path file = craftLif("unknown.nir", CHAIN, lif -> {
            lif.putDataset("type", "Hodgkin");
            lif.putDataset("g_na", new double[] {120});
        });
        NirGraph g = NirFile.read(file);
        NirNode node = g.nodes().get("lif");
        assertThat(node.type()).isEqualTo("Hodgkin");
        assertThat(node.param("g_na").get(0)).isEqualTo(120.0);
        assertThatThrownBy(() -> NirTypes.check("lif", node))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node 'lif' has unknown type 'Hodgkin'");
        assertThatThrownBy(() -> NirFile.validate(g)).hasMessageContaining("node 'lif' has unknown type 'Hodgkin'");
    }

    @Test
    void nodeLackingARequiredFieldReadsButCheckAndWriteNameNodeAndField() throws Exception {
        Path file = craftLif("lacking.nir", CHAIN, lif -> {
            lif.putDataset("type", "LIF");
            lif.putDataset("tau", new float[] {0.01f});
            lif.putDataset("r", new float[] {1f});
            lif.putDataset("v_leak", new float[] {0f});
        });
        NirGraph g = NirFile.read(file);
        assertThatThrownBy(() -> NirTypes.check("lif", g.nodes().get("lif")))
                .hasMessage("node 'lif' (LIF) lacks its 'v_threshold' field");
        assertThatThrownBy(() -> NirFile.write(g, dir.resolve("out.nir")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node 'lif' (LIF) lacks its 'v_threshold' field");
        assertThat(dir.resolve("out.nir")).doesNotExist();
    }

    @Test
    void versionMustBeAString() {
        Path file = dir.resolve("version.nir");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("version", 2.0);
            hdf.putGroup("node");
        }
        NirFormatException e = formatError(() -> NirFile.read(file));
        assertThat(e.node()).isNull();
        assertThat(e.getMessage()).isEqualTo(file + ": field 'version': expected a string dataset, found a float64 dataset");
    }

    @Test
    void aDatasetWhereANodeGroupIsExpected() {
        Path file = craft("flat.nir", g -> {
            g.putDataset("type", "NIRGraph");
            g.putDataset("edges", new String[][] {{"x", "x"}});
            g.putGroup("nodes").putDataset("x", new float[] {1f});
        });
        assertThat(formatError(() -> NirFile.read(file)).getMessage())
                .contains("node 'x' (HDF5 group /node/nodes/x): expected a group (one per node) in 'nodes', found a dataset");
    }

    @Test
    void unexpectedDatasetInAGraphGroup() {
        Path withExtra = craft("extra.nir", g -> {
            g.putDataset("type", "NIRGraph");
            g.putDataset("edges", CHAIN);
            g.putDataset("dt", 1e-4);
            g.putGroup("nodes");
        });
        assertThat(formatError(() -> NirFile.read(withExtra)).getMessage())
                .contains("the root graph (HDF5 group /node), field 'dt': unexpected in a NIRGraph group");
    }
}
