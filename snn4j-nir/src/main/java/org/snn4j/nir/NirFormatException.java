package org.snn4j.nir;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A NIR file that cannot be read: not HDF5, truncated, or not laid out as NIR writes its graphs.
 * The message names the file, the node (its NIR path, see {@link #node()}, and the HDF5 group it
 * lives in), the field, and what was expected instead, e.g.
 * <pre>
 *   net.nir: node 'lif1/lin' (HDF5 group /node/nodes/lif1/nodes/lin), field 'weight': expected a float or
 *   integer dataset, found a string dataset
 * </pre>
 */
public final class NirFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String node;
    private final String field;

    /**
     * @param file    the file read
     * @param node    the node's NIR path (names from the root graph joined by {@code /}; {@code ""} for the root
     *                graph), or null when the problem is not about one node
     * @param field   the dataset or group of that node, or null
     * @param problem what is wrong and what was expected
     * @param cause   the underlying exception, or null
     */
    public NirFormatException(Path file, String node, String field, String problem, Throwable cause) {
        super(message(file, node, field, problem), cause);
        this.file = file;
        this.node = node;
        this.field = field;
    }

    /** Same as {@link #NirFormatException(Path, String, String, String, Throwable)} without a cause. */
    public NirFormatException(Path file, String node, String field, String problem) {
        this(file, node, field, problem, null);
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The node's NIR path ({@code ""} for the root graph), or null when the problem is not about a node. */
    public String node() {
        return node;
    }

    /** The field (dataset or group name within the node), or null. */
    public String field() {
        return field;
    }

    /** The HDF5 group of the node at NIR path {@code node}: {@code /node}, then {@code /nodes/<name>} per level. */
    static String hdf5Group(String node) {
        StringBuilder sb = new StringBuilder("/node");
        if (!node.isEmpty()) {
            for (String name : node.split("/", -1)) {
                sb.append("/nodes/").append(name);
            }
        }
        return sb.toString();
    }

    private static String message(Path file, String node, String field, String problem) {
        StringBuilder sb = new StringBuilder(String.valueOf(file));
        if (node != null) {
            sb.append(": ").append(node.isEmpty() ? "the root graph" : "node '" + node + "'");
            sb.append(" (HDF5 group ").append(hdf5Group(node)).append(')');
        }
        if (field != null) {
            sb.append(node != null ? ", field '" : ": field '").append(field).append('\'');
        }
        return sb.append(": ").append(problem).toString();
    }
}
