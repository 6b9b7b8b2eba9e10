package org.snn4j.nir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A NIR graph: named nodes and directed edges between them ({@code src → dst}, by node name).
 * Edges may form cycles (recurrence) and may point into and out of nested graphs with the
 * {@code "graph.node"} naming NIR uses. Node order is the order given (files: the order read).
 *
 * @param nodes   nodes by name, in order
 * @param edges   directed edges
 * @param version the NIR version string stored with the graph, or null when the file had none
 */
public record NirGraph(Map<String, NirNode> nodes, List<Edge> edges, String version) {

    /** A directed edge between two node names. */
    public record Edge(String source, String target) {
        public Edge {
            if (source == null || source.isBlank() || target == null || target.isBlank()) {
                throw new IllegalArgumentException("an edge needs a source and a target node name, got " + source + " -> "
                        + target);
            }
        }
    }

    public NirGraph {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(nodes, "nodes")));
        edges = List.copyOf(Objects.requireNonNull(edges, "edges"));
    }

    /** Nodes with an edge from {@code name}, in edge order. */
    public List<String> successors(String name) {
        List<String> out = new ArrayList<>();
        for (Edge e : edges) {
            if (e.source().equals(name)) {
                out.add(e.target());
            }
        }
        return out;
    }

    /** Nodes with an edge to {@code name}, in edge order. */
    public List<String> predecessors(String name) {
        List<String> in = new ArrayList<>();
        for (Edge e : edges) {
            if (e.target().equals(name)) {
                in.add(e.source());
            }
        }
        return in;
    }
}
