package org.snn4j.nir;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape checks and the walk that turn a NIR graph into the sequential chain of nodes an snn4j
 * network can hold.
 *
 * <p>{@link #flatten} inlines nested graphs: node {@code n} of nested graph {@code G} becomes
 * {@code G.n}, its edges are renamed likewise, an outer edge into {@code G} enters at {@code G}'s
 * Input node and an outer edge out of {@code G} leaves from its Output node; the nested Input and
 * Output nodes are then spliced out (their predecessors connected to their successors).
 *
 * <p>{@link #walk} requires one Input and one Output node and follows the edges from Input: every
 * node on the way must have exactly one successor and one predecessor, apart from recurrent
 * feedback of the form {@code X → A → X} with {@code X} a LIF or CubaLIF node and {@code A} an Affine
 * or Linear node that has no other edges, which is taken out of the chain and reported with {@code X}.
 */
final class NirChain {

    /** The chain found by {@link #walk}. */
    record Walk(String input, List<String> chain, String output, Map<String, String> feedback) {
    }

    private NirChain() {
    }

    /** The graph with every nested graph inlined (recursively); node and edge names checked. */
    static NirGraph flatten(NirGraph graph) {
        return flatten(graph, "the graph");
    }

    private static NirGraph flatten(NirGraph graph, String label) {
        for (NirGraph.Edge e : graph.edges()) {
            for (String end : List.of(e.source(), e.target())) {
                if (!graph.nodes().containsKey(end) && !nestedName(graph, end)) {
                    throw new IllegalArgumentException(label + ": edge " + e.source() + " -> " + e.target()
                            + " names no node '" + end + "' (nodes: " + String.join(", ", graph.nodes().keySet()) + ")");
                }
            }
        }
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        List<NirGraph.Edge> edges = new ArrayList<>();
        Map<String, String> entry = new LinkedHashMap<>();
        Map<String, String> exit = new LinkedHashMap<>();
        for (Map.Entry<String, NirNode> n : graph.nodes().entrySet()) {
            String name = n.getKey();
            NirNode node = n.getValue();
            if (!NirTypes.GRAPH.equals(node.type())) {
                nodes.put(name, node);
                continue;
            }
            NirGraph inner = flatten(node.graph(), "nested graph '" + name + "'");
            List<String> ins = ofType(inner, "Input");
            List<String> outs = ofType(inner, "Output");
            if (ins.size() != 1 || outs.size() != 1) {
                throw new IllegalArgumentException("nested graph '" + name + "' needs exactly one Input and one Output node, "
                        + "it has Input " + ins + " and Output " + outs);
            }
            for (Map.Entry<String, NirNode> m : inner.nodes().entrySet()) {
                nodes.put(name + "." + m.getKey(), m.getValue());
            }
            for (NirGraph.Edge e : inner.edges()) {
                edges.add(new NirGraph.Edge(name + "." + e.source(), name + "." + e.target()));
            }
            entry.put(name, name + "." + ins.get(0));
            exit.put(name, name + "." + outs.get(0));
        }
        for (NirGraph.Edge e : graph.edges()) {
            edges.add(new NirGraph.Edge(exit.getOrDefault(e.source(), e.source()), entry.getOrDefault(e.target(), e.target())));
        }
        for (NirGraph.Edge e : edges) {
            for (String end : List.of(e.source(), e.target())) {
                if (!nodes.containsKey(end)) {
                    throw new IllegalArgumentException(label + ": edge " + e.source() + " -> " + e.target()
                            + " names no node '" + end + "'");
                }
            }
        }
        Set<String> passThrough = new LinkedHashSet<>(entry.values());
        passThrough.addAll(exit.values());
        for (String p : passThrough) {
            List<String> preds = new ArrayList<>();
            List<String> succs = new ArrayList<>();
            List<NirGraph.Edge> kept = new ArrayList<>();
            for (NirGraph.Edge e : edges) {
                if (e.target().equals(p)) {
                    preds.add(e.source());
                } else if (e.source().equals(p)) {
                    succs.add(e.target());
                } else {
                    kept.add(e);
                }
            }
            for (String a : preds) {
                for (String b : succs) {
                    kept.add(new NirGraph.Edge(a, b));
                }
            }
            edges = kept;
            nodes.remove(p);
        }
        return new NirGraph(nodes, edges, graph.version());
    }

    /** Whether {@code name} is {@code G.n} for a nested graph {@code G} of {@code graph} with a node {@code n}. */
    private static boolean nestedName(NirGraph graph, String name) {
        int dot = name.indexOf('.');
        while (dot > 0) {
            NirNode g = graph.nodes().get(name.substring(0, dot));
            if (g != null && g.graph() != null) {
                String rest = name.substring(dot + 1);
                return g.graph().nodes().containsKey(rest) || nestedName(g.graph(), rest);
            }
            dot = name.indexOf('.', dot + 1);
        }
        return false;
    }

    private static List<String> ofType(NirGraph g, String type) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, NirNode> n : g.nodes().entrySet()) {
            if (n.getValue().type().equals(type)) {
                names.add(n.getKey());
            }
        }
        return names;
    }

    /**
     * The chain from the Input node to the Output node of a flat graph.
     *
     * @throws IllegalArgumentException naming the node where the graph is not a chain (branch,
     *                                  merge, skip connection, dead end, unreachable node, other cycle)
     */
    static Walk walk(NirGraph g) {
        List<String> ins = ofType(g, "Input");
        List<String> outs = ofType(g, "Output");
        if (ins.size() != 1) {
            throw new IllegalArgumentException("the graph needs exactly one Input node, it has " + ins);
        }
        if (outs.size() != 1) {
            throw new IllegalArgumentException("the graph needs exactly one Output node, it has " + outs);
        }
        Map<String, String> feedback = new LinkedHashMap<>();
        Set<String> feedbackNodes = new HashSet<>();
        for (Map.Entry<String, NirNode> n : g.nodes().entrySet()) {
            String a = n.getKey();
            String type = n.getValue().type();
            List<String> preds = g.predecessors(a);
            List<String> succs = g.successors(a);
            if (!("Affine".equals(type) || "Linear".equals(type)) || preds.size() != 1 || succs.size() != 1
                    || !preds.get(0).equals(succs.get(0))) {
                continue;
            }
            String x = preds.get(0);
            String xType = g.nodes().get(x).type();
            if (!"LIF".equals(xType) && !"CubaLIF".equals(xType)) {
                throw new IllegalArgumentException("node '" + x + "' (" + xType + ") has recurrent feedback through '" + a
                        + "'; only LIF and CubaLIF nodes with an Affine/Linear feedback are supported (as RecurrentLeaky "
                        + "and RecurrentSynaptic)");
            }
            if (feedback.containsKey(x)) {
                throw new IllegalArgumentException("node '" + x + "' has two recurrent feedbacks, '" + feedback.get(x)
                        + "' and '" + a + "'; at most one is supported");
            }
            feedback.put(x, a);
            feedbackNodes.add(a);
        }
        List<String> chain = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        String input = ins.get(0);
        String output = outs.get(0);
        String current = input;
        visited.add(input);
        while (!current.equals(output)) {
            List<String> succs = forward(g, current, feedbackNodes);
            if (succs.isEmpty()) {
                throw new IllegalArgumentException("node '" + current + "' (" + g.nodes().get(current).type()
                        + ") has no outgoing edge: the graph ends before its Output node '" + output + "'");
            }
            if (succs.size() > 1) {
                throw new IllegalArgumentException("node '" + current + "' (" + g.nodes().get(current).type()
                        + ") branches to " + succs + ": only a chain of nodes (plus LIF/CubaLIF recurrence) is supported");
            }
            String next = succs.get(0);
            List<String> preds = backward(g, next, feedbackNodes);
            if (preds.size() > 1) {
                throw new IllegalArgumentException("node '" + next + "' (" + g.nodes().get(next).type()
                        + ") has several inputs " + preds + " (a merge or skip connection): only a chain of nodes is supported");
            }
            if (!visited.add(next)) {
                throw new IllegalArgumentException("node '" + next + "' is reached twice: the graph has a cycle other than "
                        + "an X -> Affine/Linear -> X recurrence of a LIF or CubaLIF node");
            }
            if (!next.equals(output)) {
                chain.add(next);
            }
            current = next;
        }
        for (String n : g.nodes().keySet()) {
            if (!visited.contains(n) && !feedbackNodes.contains(n)) {
                throw new IllegalArgumentException("node '" + n + "' (" + g.nodes().get(n).type()
                        + ") is not on the path from Input '" + input + "' to Output '" + output + "'");
            }
        }
        return new Walk(input, chain, output, feedback);
    }

    private static List<String> forward(NirGraph g, String n, Set<String> skip) {
        List<String> out = new ArrayList<>();
        for (String s : g.successors(n)) {
            if (!skip.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<String> backward(NirGraph g, String n, Set<String> skip) {
        List<String> in = new ArrayList<>();
        for (String s : g.predecessors(n)) {
            if (!skip.contains(s)) {
                in.add(s);
            }
        }
        return in;
    }
}
