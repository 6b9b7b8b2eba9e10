package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal reverse-mode automatic differentiation tape for scalars, used as an independent
 * reference for the fused BPTT loops. Values are evaluated in float (like the layers), gradients
 * are accumulated in double. Every operation records its parents and local partial derivatives.
 */
final class Tape {
    static final class Node {
        final float value;
        final Node[] parents;
        final double[] partials;
        double grad;

        Node(float value, Node[] parents, double[] partials) {
            this.value = value;
            this.parents = parents;
            this.partials = partials;
        }
    }

    private final List<Node> nodes = new ArrayList<>();

    private Node record(float value, Node[] parents, double[] partials) {
        Node node = new Node(value, parents, partials);
        nodes.add(node);
        return node;
    }

    Node leaf(float v) {
        return record(v, new Node[0], new double[0]);
    }

    /** A constant with the same value: gradient stops here. */
    Node detach(Node x) {
        return leaf(x.value);
    }

    Node add(Node a, Node b) {
        return record(a.value + b.value, new Node[] {a, b}, new double[] {1, 1});
    }

    Node sub(Node a, Node b) {
        return record(a.value - b.value, new Node[] {a, b}, new double[] {1, -1});
    }

    Node mul(Node a, Node b) {
        return record(a.value * b.value, new Node[] {a, b}, new double[] {b.value, a.value});
    }

    /** {@code 1 − x}. */
    Node oneMinus(Node x) {
        return record(1f - x.value, new Node[] {x}, new double[] {-1});
    }

    /** H(x) with the surrogate as its derivative. */
    Node spike(Node x, Surrogate sg) {
        return record(x.value > 0f ? 1f : 0f, new Node[] {x}, new double[] {sg.derivative(x.value)});
    }

    /**
     * Sinabs's spike count {@code v > 0 ? min(cap, ⌊v/θ⌋) : 0} (no cap when {@code cap = 0}), differentiated as
     * {@code H(v − θ)}: the surrogate at {@code v − θ} for {@code v} and its negative for θ.
     */
    Node spikeCount(Node v, Node th, int cap, Surrogate sg) {
        float count = 0f;
        if (v.value > 0f) {
            count = (float) Math.floor(v.value / th.value);
            if (cap > 0) {
                count = Math.min(count, cap);
            }
        }
        double d = sg.derivative(v.value - th.value);
        return record(count, new Node[] {v, th}, new double[] {d, -d});
    }

    /** {@code 1 if x ≠ 0 else 0}, passing the gradient through unchanged (the reset of a spike count). */
    Node indicator(Node x) {
        return record(x.value != 0f ? 1f : 0f, new Node[] {x}, new double[] {1});
    }

    /** clamp(x, 0, 1) with PyTorch's gradient rule (1 inside [0, 1] inclusive, else 0). */
    Node clamp01(Node x) {
        float v = Math.min(1f, Math.max(0f, x.value));
        return record(v, new Node[] {x}, new double[] {x.value >= 0f && x.value <= 1f ? 1 : 0});
    }

    /** Back-propagates the gradients already seeded on the nodes (their {@code grad} fields). */
    void backward() {
        for (int k = nodes.size() - 1; k >= 0; k--) {
            Node node = nodes.get(k);
            if (node.grad == 0) {
                continue;
            }
            for (int p = 0; p < node.parents.length; p++) {
                node.parents[p].grad += node.grad * node.partials[p];
            }
        }
    }
}
