package org.snn4j.core.sim;

import java.util.SplittableRandom;

/**
 * Configures a new {@link Projection}; obtained from {@link Simulation#connect}. Defaults:
 * all-to-all connectivity, excitatory receptor, weight 0, delay 1 step, no plasticity.
 */
public final class ProjectionBuilder {
    private final Simulation simulation;
    private final SpikeSource pre;
    private final Population post;
    private String name;
    private Connector connector = Connector.allToAll(Connector.Diagonal.INCLUDE);
    private Receptor receptor = Receptor.EXCITATORY;
    private Projection.WeightInit weightInit = Projection.WeightInit.constant(0);
    private int delay = 1;
    private int minDelay = -1;
    private int maxDelay = -1;
    private int[] delays;
    private Plasticity plasticity;

    ProjectionBuilder(Simulation simulation, SpikeSource pre, Population post) {
        this.simulation = simulation;
        this.pre = pre;
        this.post = post;
        this.name = pre.name() + "->" + post.name();
    }

    /** The name (default {@code "pre->post"}); must be unique in the simulation. */
    public ProjectionBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The connection rule. */
    public ProjectionBuilder connector(Connector connector) {
        this.connector = java.util.Objects.requireNonNull(connector, "connector");
        return this;
    }

    /** The receptor (the sign of the synapses). */
    public ProjectionBuilder receptor(Receptor receptor) {
        this.receptor = java.util.Objects.requireNonNull(receptor, "receptor");
        return this;
    }

    /** The same weight (a magnitude, {@code ≥ 0}) on every synapse; ignored where the connector gives weights. */
    public ProjectionBuilder weight(double w) {
        this.weightInit = Projection.WeightInit.constant(w);
        return this;
    }

    /** Draws every weight from {@code init}; ignored where the connector gives weights. */
    public ProjectionBuilder weights(Projection.WeightInit init) {
        this.weightInit = java.util.Objects.requireNonNull(init, "weight init");
        return this;
    }

    /**
     * One delay for every synapse, in steps: a spike emitted in step {@code n} arrives at the start
     * of step {@code n + steps}.
     *
     * @throws IllegalArgumentException if {@code steps < 1}
     */
    public ProjectionBuilder delay(int steps) {
        checkDelay(steps);
        this.delay = steps;
        this.delays = null;
        this.minDelay = -1;
        return this;
    }

    /** Delays drawn per synapse uniformly from the whole numbers in {@code [min, max]} steps. */
    public ProjectionBuilder delays(int min, int max) {
        checkDelay(min);
        if (max < min) {
            throw new IllegalArgumentException("delay range needs min <= max, got [" + min + ", " + max + "]");
        }
        this.minDelay = min;
        this.maxDelay = max;
        this.delays = null;
        return this;
    }

    /** One delay per synapse, in synapse order (see {@link Projection}); copied. */
    public ProjectionBuilder delays(int[] perSynapse) {
        for (int d : perSynapse) {
            checkDelay(d);
        }
        this.delays = perSynapse.clone();
        this.minDelay = -1;
        return this;
    }

    /** A plasticity rule, or {@code null} for static synapses. */
    public ProjectionBuilder plasticity(Plasticity rule) {
        this.plasticity = rule;
        return this;
    }

    /** Draws the connectivity, weights and delays and adds the projection to the simulation. */
    public Projection build() {
        SplittableRandom rng = simulation.nextRandom();
        Connectivity c = connector.connect(pre.size(), post.size(), rng);
        if (c.preSize() != pre.size() || c.postSize() != post.size()) {
            throw new IllegalStateException("connector produced " + c.preSize() + " x " + c.postSize()
                    + " for " + pre.size() + " x " + post.size());
        }
        float[] w = c.weights() != null ? c.weights().clone() : new float[c.synapseCount()];
        int[] rowPtr = c.rowPtr();
        int[] cols = c.columns();
        if (c.weights() == null) {
            for (int i = 0; i < c.preSize(); i++) {
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    w[p] = (float) weightInit.weight(i, cols[p], rng);
                }
            }
        }
        for (int p = 0; p < w.length; p++) {
            if (!(w[p] >= 0f) || !Float.isFinite(w[p])) {
                throw new IllegalArgumentException("projection '" + name + "': weight " + w[p] + " at synapse " + p
                        + " must be finite and >= 0 (the receptor gives the sign; use Receptor.INHIBITORY for inhibition)");
            }
        }
        int[] d = delays;
        if (d != null && d.length != w.length) {
            throw new IllegalArgumentException("projection '" + name + "': " + d.length + " delays for " + w.length + " synapses");
        }
        if (d == null && minDelay > 0) {
            d = new int[w.length];
            for (int p = 0; p < d.length; p++) {
                d[p] = minDelay + rng.nextInt(maxDelay - minDelay + 1);
            }
        }
        Projection projection = new Projection(name, pre, post, receptor, c, w, delay, d, plasticity, simulation.kernels());
        simulation.add(projection);
        return projection;
    }

    private static void checkDelay(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("synaptic delay must be at least 1 step, got " + steps);
        }
    }
}
