package org.snn4j.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a NIR graph: its type name as NIR writes it ({@code "Affine"}, {@code "LIF"},
 * {@code "Conv2d"} …, see {@link NirTypes}) and its array parameters by name ({@code weight},
 * {@code tau}, {@code v_threshold} …), or, for type {@code "NIRGraph"}, a nested graph.
 *
 * <p>Parameters keep the order they were given in. Which parameters a type needs is checked by
 * {@link NirTypes#check}, not here, so that a file's nodes can be read first and checked with a
 * message naming the node.
 *
 * @param type   NIR type name, not blank
 * @param params array parameters by name (empty for a nested graph)
 * @param graph  the nested graph for type {@code "NIRGraph"}, else null
 */
public record NirNode(String type, Map<String, NirArray> params, NirGraph graph) {

    public NirNode {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a NIR node needs a type, got " + (type == null ? "null" : "'" + type + "'"));
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
        if (NirTypes.GRAPH.equals(type) != (graph != null)) {
            throw new IllegalArgumentException("a node of type " + type + (graph != null ? " cannot hold" : " needs")
                    + " a nested graph");
        }
    }

    /** A primitive node. */
    public static NirNode of(String type, Map<String, NirArray> params) {
        return new NirNode(type, params, null);
    }

    /** A nested graph node. */
    public static NirNode graph(NirGraph graph) {
        return new NirNode(NirTypes.GRAPH, Map.of(), graph);
    }

    /** Whether the node has parameter {@code name}. */
    public boolean has(String name) {
        return params.containsKey(name);
    }

    /**
     * Parameter {@code name}.
     *
     * @throws IllegalArgumentException naming the parameter when the node has none of that name
     */
    public NirArray param(String name) {
        NirArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException(type + " node has no '" + name + "' (it has " + params.keySet() + ")");
        }
        return a;
    }
}
