package org.snn4j.nir;

import org.snn4j.io.AtomicFiles;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * NIR HDF5 files (the layout {@code nir.write} of neuromorphs/NIR produces), read and written with
 * jHDF into and from a {@link NirGraph}.
 *
 * <h2>Layout</h2>
 * <pre>
 *   /version                  scalar string, e.g. "0.2.0" (absent in some older files)
 *   /node                     the root graph group:
 *       type                  scalar string "NIRGraph"
 *       edges                 strings of shape (E, 2): (source, target) node names
 *       nodes/&lt;name&gt;          one group per node:
 *           type              scalar string: "Affine", "LIF", "Conv2d", … or "NIRGraph" (then edges + nodes again)
 *           &lt;parameter&gt;       one dataset per parameter: float32/float64/int64 array or scalar
 * </pre>
 *
 * <h2>Reading</h2>
 * Every parameter dataset of a node becomes a {@link NirArray} with the dataset's shape (empty for a
 * scalar dataspace) and element type: 64-bit floats → {@code FLOAT64}, 32- and 16-bit floats →
 * {@code FLOAT32}, integers of any width and signedness → {@code INT64} (an integer beyond ±2<sup>53</sup>,
 * which a double cannot hold exactly, is refused). Parameters beyond those {@link NirTypes} lists are
 * kept. Datasets of a node's sub-groups (NIR 1.x writes {@code input_type/input},
 * {@code output_type/output}) are kept as parameters named {@code "group/dataset"}; a {@code metadata}
 * group is skipped, and so are the {@code metadata}, {@code input_type} and {@code output_type} groups of a
 * graph (NIR derives the latter two from the graph's Input and Output nodes). Compressed (gzip, shuffle …)
 * datasets are read as jHDF decodes them; variable- and fixed-length strings are both accepted. The
 * version is the root {@code version} string, or null without one.
 *
 * <p>Nodes are listed sorted by name ({@link String#compareTo}), which is also the order HDF5, h5py and
 * jHDF list them in; parameters likewise. Edges keep the file's order.
 *
 * <p>Every edge must name a node of its graph: by its name, or, to reach into a nested graph, as
 * {@code "g.x"} for node {@code x} of the nested graph node {@code g} (an exact name wins, so a node
 * literally named {@code "lif1.lif"} is found as such). One repair is made: a name that matches no node
 * but is the name of exactly one node less its trailing digits is taken to mean that node. The NIR paper's
 * {@code *_subgraph.nir} files need it: their nested graph {@code lif1} holds nodes {@code input, lif1, lin,
 * output} but its edges name {@code lif} (NIR 1.x's type check, run by its reader, looks every edge's names
 * up among the graph's nodes and fails on them). The repaired names are what a later {@link #write} stores.
 *
 * <p>Read errors are {@link NirFormatException}s naming the file, the node, the field and what was
 * expected; a missing file is a {@link NoSuchFileException}. Reading does not {@linkplain NirTypes#check check}
 * node types or their required fields: call {@link #validate} (or {@link NirTypes#check}) for that.
 *
 * <h2>Writing</h2>
 * {@link #write} stores the same layout: {@code version} (the graph's, or {@link #WRITE_VERSION} when it
 * has none), then {@code node}. Arrays keep their element type (float32 stays float32 …; a {@code FLOAT32}
 * array's double values are rounded to float, as the file holds them), scalars get a
 * scalar dataspace, parameters named {@code "group/dataset"} go back into sub-groups, datasets are stored
 * uncompressed. Strings ({@code version}, {@code type}, {@code edges}) are written as <em>fixed-length</em>
 * UTF-8, null-terminated HDF5 strings, because jHDF 0.13 cannot write variable-length ones; h5py reads
 * them as {@code bytes} ({@code node["type"][()] == b"Affine"}) and {@code edges} as an (E, 2) array of
 * {@code bytes} that decode to the node names, which is all {@code nir.read} needs. This was checked with
 * h5py ({@code scripts/check-nir-h5py.py}, see docs/nir.md) on the nine sample files read and written back
 * by this class: same version, node names, types, edges (but the repaired ones) and arrays (dtype, shape,
 * values). jHDF also adds a root attribute {@code _jHDF} naming itself. The write is atomic: the
 * file is written to a temporary file in the target's directory, forced to disk and renamed over the target.
 */
public final class NirFile {

    /**
     * The NIR version written when the graph has none: the latest NIR release (1.0.7) whose file layout is
     * the one this class writes (CubaLIF with {@code w_in}, optional {@code v_reset}).
     */
    public static final String WRITE_VERSION = "1.0.7";

    private static final String TYPE = "type";
    private static final String EDGES = "edges";
    private static final String NODES = "nodes";
    private static final String METADATA = "metadata";
    private static final Set<String> SKIPPED_GRAPH_GROUPS = Set.of(METADATA, "input_type", "output_type");
    /** Largest integer magnitude a double holds exactly. */
    private static final double MAX_EXACT = 0x1p53;

    private NirFile() {
    }

    /**
     * Reads a NIR file (see the class description for what is read and how).
     *
     * @param file the {@code .nir} (HDF5) file
     * @return the graph, nested graphs included, with the file's version (null when it has none)
     * @throws NoSuchFileException when the file does not exist
     * @throws NirFormatException  when it is not HDF5, is truncated, or is not a NIR graph as described
     * @throws IOException         when it cannot be read
     */
    public static NirGraph read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such NIR file");
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a NIR file");
        }
        try (HdfFile hdf = open(file)) {
            checkComplete(file, hdf);
            return new Reader(file).root(hdf);
        } catch (NirFormatException e) {
            throw e;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new NirFormatException(file, null, null, "cannot read the HDF5 structure (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes {@code graph} to {@code file}, replacing it atomically (see the class description).
     *
     * @throws IllegalArgumentException when {@link #validate} refuses the graph (the target is left as it was)
     * @throws IOException              when the file cannot be written
     */
    public static void write(NirGraph graph, Path file) throws IOException {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(file, "file");
        validate(graph);
        AtomicFiles.writeVia(file, tmp -> {
            try (WritableHdfFile hdf = HdfFile.write(tmp)) {
                hdf.putDataset("version", graph.version() != null ? graph.version() : WRITE_VERSION);
                writeGraph(hdf.putGroup("node"), graph);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (RuntimeException e) {
                throw new IOException("cannot write " + file + ": jHDF failed (" + e.getMessage() + ")", e);
            }
        });
    }

    /**
     * Checks that {@code graph} can be written as a NIR file: every node, nested ones included,
     * {@linkplain NirTypes#check passes NirTypes.check} (known type, required fields present), node and
     * parameter names are valid HDF5 names (not empty, no {@code /} except between the parts of a
     * {@code "group/dataset"} parameter, not {@code .}), no parameter is named {@code type} or is at once a
     * dataset and a group, no array is empty and every graph has at least one edge (jHDF 0.13 cannot write
     * zero-length datasets), a nested graph node carries no parameters, and every edge names a node of its
     * graph, directly or as {@code "g.x"} into nested graph {@code g}.
     *
     * @throws IllegalArgumentException naming the node (its path from the root graph, {@code /}-separated)
     *                                  and the field or edge at fault
     */
    public static void validate(NirGraph graph) {
        validateGraph(Objects.requireNonNull(graph, "graph"), "");
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    private static HdfFile open(Path file) throws NirFormatException {
        try {
            return new HdfFile(file);
        } catch (UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NirFormatException(file, null, null, "not an HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    /** Refuses a file shorter than its superblock's end-of-file address (a partial copy or download). */
    private static void checkComplete(Path file, HdfFile hdf) throws IOException {
        var superblock = hdf.getHdfBackingStorage().getSuperblock();
        long eof = superblock.getEndOfFileAddress();
        if (eof <= 0) {
            return;
        }
        long declared = superblock.getBaseAddressByte() + eof;
        long actual = Files.size(file);
        if (declared > actual) {
            throw new NirFormatException(file, null, null, "truncated: the HDF5 superblock declares " + declared
                    + " bytes, the file has " + actual);
        }
    }

    /** Reads one file; holds the file for the messages. */
    private record Reader(Path file) {

        NirGraph root(HdfFile hdf) throws NirFormatException {
            Map<String, Node> top = children(hdf, null);
            String version = null;
            Node v = top.get("version");
            if (v != null) {
                version = string(v, null, "version");
            }
            Node root = top.get("node");
            if (root == null) {
                throw fail(null, "node", "missing: a NIR file holds its graph in a group 'node' at the root (this file's root"
                        + " holds " + top.keySet() + ")");
            }
            if (!(root instanceof Group g)) {
                throw fail(null, "node", "expected a group holding the graph, found a dataset");
            }
            Map<String, Node> kids = children(g, "");
            String type = type(kids, "");
            if (!NirTypes.GRAPH.equals(type)) {
                throw fail("", TYPE, "expected the root node to be a " + NirTypes.GRAPH + ", found '" + type + "'");
            }
            return graph(kids, "", version);
        }

        NirGraph graph(Map<String, Node> kids, String path, String version) throws NirFormatException {
            for (Map.Entry<String, Node> e : kids.entrySet()) {
                String name = e.getKey();
                if (!name.equals(TYPE) && !name.equals(EDGES) && !name.equals(NODES)
                        && !(SKIPPED_GRAPH_GROUPS.contains(name) && e.getValue() instanceof Group)) {
                    throw fail(path, name, "unexpected in a NIRGraph group, which holds 'type', 'edges' and 'nodes'"
                            + " (and may hold the groups 'metadata', 'input_type', 'output_type', which are skipped)");
                }
            }
            Node nodesNode = kids.get(NODES);
            if (!(nodesNode instanceof Group nodesGroup)) {
                throw fail(path, NODES, (nodesNode == null ? "missing" : "a dataset")
                        + ": a NIRGraph holds a group 'nodes' with one sub-group per node");
            }
            Map<String, NirNode> nodes = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : children(nodesGroup, path).entrySet()) {
                String childPath = join(path, e.getKey());
                if (!(e.getValue() instanceof Group nodeGroup)) {
                    throw fail(childPath, null, "expected a group (one per node) in 'nodes', found a dataset");
                }
                nodes.put(e.getKey(), node(nodeGroup, childPath));
            }
            List<NirGraph.Edge> edges = edges(kids.get(EDGES), path);
            List<NirGraph.Edge> resolved = new ArrayList<>(edges.size());
            for (int i = 0; i < edges.size(); i++) {
                NirGraph.Edge edge = edges.get(i);
                resolved.add(new NirGraph.Edge(resolve(edge.source(), edge, i, nodes, path),
                        resolve(edge.target(), edge, i, nodes, path)));
            }
            return new NirGraph(nodes, resolved, version);
        }

        NirNode node(Group g, String path) throws NirFormatException {
            Map<String, Node> kids = children(g, path);
            String type = type(kids, path);
            if (NirTypes.GRAPH.equals(type)) {
                return NirNode.graph(graph(kids, path, null));
            }
            Map<String, NirArray> params = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : kids.entrySet()) {
                String name = e.getKey();
                if (name.equals(TYPE)) {
                    continue;
                }
                if (e.getValue() instanceof Group sub) {
                    if (!name.equals(METADATA)) {
                        subgroup(sub, path, name, params);
                    }
                } else {
                    params.put(name, array((Dataset) e.getValue(), path, name));
                }
            }
            return NirNode.of(type, params);
        }

        /** Datasets of a node's sub-group, as parameters {@code "prefix/name"}. */
        void subgroup(Group g, String path, String prefix, Map<String, NirArray> params) throws NirFormatException {
            for (Map.Entry<String, Node> e : children(g, path).entrySet()) {
                String key = prefix + "/" + e.getKey();
                if (e.getValue() instanceof Group sub) {
                    subgroup(sub, path, key, params);
                } else {
                    params.put(key, array((Dataset) e.getValue(), path, key));
                }
            }
        }

        String type(Map<String, Node> kids, String path) throws NirFormatException {
            Node t = kids.get(TYPE);
            if (t == null) {
                throw fail(path, TYPE, "missing: every NIR node has a string dataset 'type' (\"Affine\", \"LIF\", …,"
                        + " or \"NIRGraph\"); this node holds " + kids.keySet());
            }
            String type = string(t, path, TYPE);
            if (type.isBlank()) {
                throw fail(path, TYPE, "expected a node type name, found an empty string");
            }
            return type;
        }

        String string(Node n, String path, String field) throws NirFormatException {
            if (!(n instanceof Dataset d)) {
                throw fail(path, field, "expected a string dataset, found a group");
            }
            DataType dt = d.getDataType();
            if (!isString(dt)) {
                throw fail(path, field, "expected a string dataset, found " + describe(dt) + " dataset");
            }
            if (d.getSize() != 1) {
                throw fail(path, field, "expected a single string, found " + d.getSize() + " of shape "
                        + Arrays.toString(d.getDimensionsAsLong()));
            }
            Object flat = data(d, path, field);
            return String.valueOf(Array.get(flat, 0));
        }

        List<NirGraph.Edge> edges(Node n, String path) throws NirFormatException {
            if (n == null) {
                throw fail(path, EDGES, "missing: a NIRGraph holds a dataset 'edges' of (source, target) node names,"
                        + " shape (E, 2)");
            }
            if (!(n instanceof Dataset d)) {
                throw fail(path, EDGES, "expected a dataset of strings of shape (E, 2), found a group");
            }
            if (d.getSize() == 0) {
                return List.of(); // h5py stores an empty edge list as an empty dataset of any type
            }
            long[] dims = d.getDimensionsAsLong();
            if (!isString(d.getDataType()) || dims.length != 2 || dims[1] != 2) {
                throw fail(path, EDGES, "expected strings of shape (E, 2), found " + describe(d.getDataType())
                        + " dataset of shape " + Arrays.toString(dims));
            }
            Object flat = data(d, path, EDGES);
            List<NirGraph.Edge> edges = new ArrayList<>();
            for (int i = 0; i < dims[0]; i++) {
                String src = String.valueOf(Array.get(flat, 2 * i));
                String dst = String.valueOf(Array.get(flat, 2 * i + 1));
                if (src.isEmpty() || dst.isEmpty()) {
                    throw fail(path, EDGES, "edge " + i + " (" + src + " -> " + dst + ") has an empty node name");
                }
                edges.add(new NirGraph.Edge(src, dst));
            }
            return edges;
        }

        /** The node {@code name} stands for (see the class description), or a failure naming the edge. */
        String resolve(String name, NirGraph.Edge edge, int index, Map<String, NirNode> nodes, String path)
                throws NirFormatException {
            if (exists(name, nodes)) {
                return name;
            }
            String only = null;
            int matches = 0;
            for (String k : nodes.keySet()) {
                if (k.length() > name.length() && k.startsWith(name) && isDigits(k.substring(name.length()))) {
                    only = k;
                    matches++;
                }
            }
            if (matches == 1) {
                return only;
            }
            throw fail(path, EDGES, "edge " + index + " (" + edge.source() + " -> " + edge.target() + ") names node '"
                    + name + "', which this graph does not have; expected one of " + nodes.keySet()
                    + " or 'g.x' for node x of a nested graph g");
        }

        NirArray array(Dataset d, String path, String field) throws NirFormatException {
            DataType dt = d.getDataType();
            NirArray.ElementType type;
            if (dt instanceof FloatingPoint && (dt.getSize() == 2 || dt.getSize() == 4)) {
                type = NirArray.ElementType.FLOAT32;
            } else if (dt instanceof FloatingPoint && dt.getSize() == 8) {
                type = NirArray.ElementType.FLOAT64;
            } else if (dt instanceof FixedPoint) {
                type = NirArray.ElementType.INT64;
            } else {
                throw fail(path, field, "expected a float or integer dataset, found " + describe(dt) + " dataset");
            }
            if (d.isScalar() && d.isEmpty()) {
                throw fail(path, field, "expected a value, found a dataset with a null dataspace (no value)");
            }
            long[] shape = d.getDimensionsAsLong();
            double[] values = doubles(data(d, path, field), path, field);
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            if (n != values.length) {
                throw fail(path, field, "read " + values.length + " values for shape " + Arrays.toString(shape));
            }
            return new NirArray(shape, values, type);
        }

        Object data(Dataset d, String path, String field) throws NirFormatException {
            try {
                return d.getDataFlat();
            } catch (RuntimeException e) {
                throw fail(path, field, "cannot read the data (" + e.getMessage() + ")", e);
            }
        }

        double[] doubles(Object flat, String path, String field) throws NirFormatException {
            switch (flat) {
                case double[] a -> {
                    return a.clone();
                }
                case float[] a -> {
                    double[] d = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        d[i] = a[i];
                    }
                    return d;
                }
                case long[] a -> {
                    double[] d = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        d[i] = exact(a[i], path, field);
                    }
                    return d;
                }
                case int[] a -> {
                    double[] d = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        d[i] = a[i];
                    }
                    return d;
                }
                case short[] a -> {
                    double[] d = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        d[i] = a[i];
                    }
                    return d;
                }
                case byte[] a -> {
                    double[] d = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        d[i] = a[i];
                    }
                    return d;
                }
                case BigInteger[] a -> {
                    double[] d = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        d[i] = exact(a[i].doubleValue(), path, field);
                    }
                    return d;
                }
                case Object[] a when a.length == 0 -> {
                    return new double[0];
                }
                default -> throw fail(path, field, "expected numbers, jHDF returned " + flat.getClass().getSimpleName());
            }
        }

        double exact(double v, String path, String field) throws NirFormatException {
            if (Math.abs(v) > MAX_EXACT) {
                throw fail(path, field, "integer " + (long) v + " is beyond ±2^53, which snn4j's double values cannot"
                        + " hold exactly");
            }
            return v;
        }

        /** The group's children sorted by name. */
        Map<String, Node> children(Group g, String path) throws NirFormatException {
            try {
                return new TreeMap<>(g.getChildren());
            } catch (RuntimeException e) {
                throw fail(path, null, "cannot list the HDF5 group " + g.getPath() + " (" + e.getMessage() + ")", e);
            }
        }

        NirFormatException fail(String path, String field, String problem) {
            return new NirFormatException(file, path, field, problem);
        }

        NirFormatException fail(String path, String field, String problem, Throwable cause) {
            return new NirFormatException(file, path, field, problem, cause);
        }
    }

    private static boolean isString(DataType dt) {
        return dt instanceof StringData || dt instanceof VariableLength vl && vl.isVariableLengthString();
    }

    private static String describe(DataType dt) {
        int bits = 8 * dt.getSize();
        if (dt instanceof FloatingPoint) {
            return "a float" + bits;
        }
        if (dt instanceof FixedPoint fp) {
            return (fp.isSigned() ? "an int" : "a uint") + bits;
        }
        if (dt instanceof StringData) {
            return "a fixed-length string";
        }
        if (isString(dt)) {
            return "a variable-length string";
        }
        if (dt instanceof EnumDataType) {
            return "an enum (h5py's boolean)";
        }
        return "an HDF5 class-" + dt.getDataClass();
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} is a node of the graph, or {@code "g.x"} with x a node (recursively) of nested graph g. */
    private static boolean exists(String name, Map<String, NirNode> nodes) {
        if (nodes.containsKey(name)) {
            return true;
        }
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            NirNode g = nodes.get(name.substring(0, dot));
            if (g != null && g.graph() != null && exists(name.substring(dot + 1), g.graph().nodes())) {
                return true;
            }
        }
        return false;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "/" + name;
    }

    // ---------------------------------------------------------------------------------------------
    // Validation

    private static void validateGraph(NirGraph graph, String path) {
        String where = path.isEmpty() ? "the root graph" : "nested graph '" + path + "'";
        if (graph.edges().isEmpty()) {
            throw new IllegalArgumentException(where + " has no edges; a NIR file needs at least one (jHDF 0.13 cannot"
                    + " write an empty 'edges' dataset)");
        }
        for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
            String name = e.getKey();
            NirNode node = e.getValue();
            if (name.isEmpty() || name.contains("/") || name.equals(".")) {
                throw new IllegalArgumentException(where + " has a node named '" + name + "'; node names are HDF5 group"
                        + " names: not empty, no '/', not '.'");
            }
            String p = join(path, name);
            NirTypes.check(p, node);
            if (node.graph() != null) {
                if (!node.params().isEmpty()) {
                    throw new IllegalArgumentException("node '" + p + "' is a " + NirTypes.GRAPH + " and cannot carry"
                            + " parameters " + node.params().keySet() + " in a NIR file");
                }
                validateGraph(node.graph(), p);
                continue;
            }
            for (Map.Entry<String, NirArray> param : node.params().entrySet()) {
                String key = param.getKey();
                if (key.equals(TYPE)) {
                    throw new IllegalArgumentException("node '" + p + "' has a parameter named 'type', which NIR files"
                            + " use for the node type");
                }
                for (String part : key.split("/", -1)) {
                    if (part.isEmpty() || part.equals(".")) {
                        throw new IllegalArgumentException("node '" + p + "', field '" + key + "': not a valid name (parts"
                                + " separated by '/' must be non-empty HDF5 names, not '.')");
                    }
                }
                if (param.getValue().size() == 0) {
                    throw new IllegalArgumentException("node '" + p + "', field '" + key + "': empty array of shape "
                            + Arrays.toString(param.getValue().shape()) + "; jHDF 0.13 cannot write zero-length datasets");
                }
                for (String other : node.params().keySet()) {
                    if (other.startsWith(key + "/")) {
                        throw new IllegalArgumentException("node '" + p + "', field '" + key + "': both a dataset and the"
                                + " group of field '" + other + "'");
                    }
                }
            }
        }
        List<NirGraph.Edge> edges = graph.edges();
        for (int i = 0; i < edges.size(); i++) {
            NirGraph.Edge edge = edges.get(i);
            for (String end : List.of(edge.source(), edge.target())) {
                if (!exists(end, graph.nodes())) {
                    throw new IllegalArgumentException(where + ", field 'edges': edge " + i + " (" + edge.source() + " -> "
                            + edge.target() + ") names node '" + end + "', which the graph does not have; expected one of "
                            + graph.nodes().keySet() + " or 'g.x' for node x of a nested graph g");
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    private static void writeGraph(WritableGroup g, NirGraph graph) {
        g.putDataset(TYPE, NirTypes.GRAPH);
        String[][] edges = new String[graph.edges().size()][];
        for (int i = 0; i < edges.length; i++) {
            NirGraph.Edge e = graph.edges().get(i);
            edges[i] = new String[] {e.source(), e.target()};
        }
        g.putDataset(EDGES, edges);
        WritableGroup nodes = g.putGroup(NODES);
        for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
            WritableGroup ng = nodes.putGroup(e.getKey());
            NirNode node = e.getValue();
            if (node.graph() != null) {
                writeGraph(ng, node.graph());
                continue;
            }
            ng.putDataset(TYPE, node.type());
            Map<String, WritableGroup> groups = new HashMap<>();
            for (Map.Entry<String, NirArray> p : node.params().entrySet()) {
                String[] parts = p.getKey().split("/");
                WritableGroup target = ng;
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < parts.length - 1; i++) {
                    prefix.append(parts[i]).append('/');
                    WritableGroup parent = target;
                    String part = parts[i];
                    target = groups.computeIfAbsent(prefix.toString(), k -> parent.putGroup(part));
                }
                target.putDataset(parts[parts.length - 1], toJava(p.getValue()));
            }
        }
    }

    /** The array as jHDF writes it: a boxed scalar, or a (nested) primitive array of the element type. */
    private static Object toJava(NirArray a) {
        double[] d = a.data();
        Object flat;
        switch (a.type()) {
            case FLOAT32 -> {
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                if (a.rank() == 0) {
                    return f[0];
                }
                flat = f;
            }
            case FLOAT64 -> {
                if (a.rank() == 0) {
                    return d[0];
                }
                flat = d;
            }
            case INT64 -> {
                long[] l = new long[d.length];
                for (int i = 0; i < d.length; i++) {
                    l[i] = (long) d[i];
                }
                if (a.rank() == 0) {
                    return l[0];
                }
                flat = l;
            }
            default -> throw new IllegalStateException("unknown element type " + a.type());
        }
        long[] shape = a.shape();
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        return nest(flat, dims, 0);
    }

    /** Row-major {@code flat} as nested arrays of dimensions {@code dims[from..]}. */
    private static Object nest(Object flat, int[] dims, int from) {
        if (from == dims.length - 1) {
            return flat;
        }
        int rows = dims[from];
        int chunk = Array.getLength(flat) / rows;
        Class<?> component = flat.getClass().getComponentType();
        Object[] out = null;
        for (int r = 0; r < rows; r++) {
            Object part = Array.newInstance(component, chunk);
            System.arraycopy(flat, r * chunk, part, 0, chunk);
            Object nested = nest(part, dims, from + 1);
            if (out == null) {
                out = (Object[]) Array.newInstance(nested.getClass(), rows);
            }
            out[r] = nested;
        }
        return out;
    }
}
