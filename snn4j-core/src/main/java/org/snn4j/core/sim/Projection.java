package org.snn4j.core.sim;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.snn4j.core.kernel.SimKernels;

/**
 * Synapses from a {@link SpikeSource} onto a {@link Population}: a {@link Connectivity}
 * (compressed rows by presynaptic element), one weight per synapse ({@code ≥ 0}, the sign comes
 * from the {@link Receptor}), a delay in steps ({@code ≥ 1}, one for all synapses or one per
 * synapse) and optionally a {@link Plasticity} rule.
 *
 * <p>Delivery: a spike of presynaptic element {@code i} in step {@code n} adds {@code w[p]} to the
 * target's ring slot for step {@code n + delay[p]}, receptor {@link #receptor()}, neuron
 * {@code columns[p]}, for every synapse {@code p} of row {@code i}. Dense rows with one delay use
 * the vectorised row add; others scatter by index.
 *
 * <p>Weights are stored in synapse order ({@link #weights()}, live): synapse {@code p} of row
 * {@code i} is at {@code rowPtr[i] ≤ p < rowPtr[i+1]}. For all-to-all projections this is exactly
 * the dense row-major {@code [pre, post]} matrix. The incoming index ({@link #incomingPtr()},
 * {@link #incomingSynapses()}) lists, for each postsynaptic neuron, its synapses in increasing
 * presynaptic order; it is built on first use.
 */
public final class Projection {
    private final String name;
    private final SpikeSource pre;
    private final Population post;
    private final Receptor receptor;
    private final Connectivity connectivity;
    private final float[] weights;
    private final int delay;
    private final int[] delays;
    private final int maxDelay;
    private final boolean denseRows;
    private final SimKernels kernels;
    private final Plasticity plasticity;
    private final float[] direct;
    /** The columns as 16-bit indices when the target has at most 65 536 neurons (less memory traffic per spike), else null. */
    private final char[] shortColumns;
    /** Sink of {@link #touchRows}. */
    @SuppressWarnings("unused")
    private float touched;
    private Plasticity.State plasticityState;
    private boolean learning = true;
    private int[] incomingPtr;
    private int[] incomingSynapses;

    Projection(String name, SpikeSource pre, Population post, Receptor receptor, Connectivity connectivity,
               float[] weights, int delay, int[] delays, Plasticity plasticity, SimKernels kernels) {
        this.name = name;
        this.pre = pre;
        this.post = post;
        this.receptor = receptor;
        this.connectivity = connectivity;
        this.weights = weights;
        this.delay = delay;
        this.delays = delays;
        int max = delay;
        if (delays != null) {
            max = 1;
            for (int d : delays) {
                max = Math.max(max, d);
            }
        }
        this.maxDelay = max;
        this.denseRows = connectivity.isDense() && delays == null;
        this.kernels = kernels;
        this.plasticity = plasticity;
        this.direct = delays == null && delay == 1 ? post.dynamics().directInput(receptor) : null;
        this.shortColumns = post.size() <= 1 << 16 && !denseRows ? toChars(connectivity.columns()) : null;
        if (direct == null) {
            post.useRingInput();
        }
    }

    void bindPlasticity(double dtMs) {
        if (plasticity != null) {
            plasticityState = plasticity.bind(this, dtMs);
        }
    }

    /** The name, by default {@code "pre->post"}. */
    public String name() {
        return name;
    }

    /** The presynaptic source. */
    public SpikeSource pre() {
        return pre;
    }

    /** The postsynaptic population. */
    public Population post() {
        return post;
    }

    /** The receptor the synapses drive. */
    public Receptor receptor() {
        return receptor;
    }

    /** The connectivity (compressed rows). */
    public Connectivity connectivity() {
        return connectivity;
    }

    /** The number of synapses. */
    public int synapseCount() {
        return weights.length;
    }

    /** The live weights in synapse order (see the class comment); writes change the network. */
    public float[] weights() {
        return weights;
    }

    /** Row offsets of the compressed rows ({@code pre().size() + 1} values; do not modify). */
    public int[] rowPtr() {
        return connectivity.rowPtr();
    }

    /** Postsynaptic neuron of each synapse (do not modify). */
    public int[] columns() {
        return connectivity.columns();
    }

    /** The delay of synapse {@code p} in steps. */
    public int delay(int p) {
        return delays == null ? delay : delays[p];
    }

    /** The longest delay in steps. */
    public int maxDelay() {
        return maxDelay;
    }

    /** The plasticity rule, or {@code null}. */
    public Plasticity plasticity() {
        return plasticity;
    }

    /** The learning state of the plasticity rule (e.g. to give a reward signal), or {@code null}. */
    public Plasticity.State plasticityState() {
        return plasticityState;
    }

    /** Whether the plasticity rule is applied (default true); switch it off to test a trained network. */
    public boolean learning() {
        return learning;
    }

    /** Switches the plasticity rule on or off; traces stop updating too while it is off. */
    public void setLearning(boolean on) {
        this.learning = on;
    }

    /**
     * For each postsynaptic neuron {@code j}, its synapses are {@code incomingSynapses()[q]} for
     * {@code q ∈ [incomingPtr()[j], incomingPtr()[j+1])}, in increasing presynaptic order.
     */
    public synchronized int[] incomingPtr() {
        buildIncoming();
        return incomingPtr;
    }

    /** See {@link #incomingPtr()}. */
    public synchronized int[] incomingSynapses() {
        buildIncoming();
        return incomingSynapses;
    }

    private void buildIncoming() {
        if (incomingPtr != null) {
            return;
        }
        int postSize = post.size();
        int[] cols = connectivity.columns();
        int[] ptr = new int[postSize + 1];
        for (int c : cols) {
            ptr[c + 1]++;
        }
        for (int j = 0; j < postSize; j++) {
            ptr[j + 1] += ptr[j];
        }
        int[] fill = Arrays.copyOf(ptr, postSize);
        int[] syn = new int[cols.length];
        int[] rowPtr = connectivity.rowPtr();
        for (int i = 0; i < pre.size(); i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                syn[fill[cols[p]]++] = p;
            }
        }
        incomingSynapses = syn;
        incomingPtr = ptr;
    }

    /**
     * The weight from {@code i} to {@code j}, or 0 if they are not connected.
     *
     * @throws IndexOutOfBoundsException for indices outside the populations
     */
    public float weight(int i, int j) {
        int p = synapse(i, j);
        return p < 0 ? 0f : weights[p];
    }

    /** The synapse index of {@code i → j}, or −1 if they are not connected. */
    public int synapse(int i, int j) {
        if (i < 0 || i >= pre.size() || j < 0 || j >= post.size()) {
            throw new IndexOutOfBoundsException("synapse " + i + " -> " + j + " outside " + pre.size() + " x " + post.size());
        }
        int[] rowPtr = connectivity.rowPtr();
        int p = Arrays.binarySearch(connectivity.columns(), rowPtr[i], rowPtr[i + 1], j);
        return p >= 0 ? p : -1;
    }

    /** The weights as a dense row-major {@code [pre, post]} matrix (zeros where not connected); a copy. */
    public float[] denseWeights() {
        float[] dense = new float[pre.size() * post.size()];
        int[] rowPtr = connectivity.rowPtr();
        int[] cols = connectivity.columns();
        for (int i = 0; i < pre.size(); i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                dense[i * post.size() + cols[p]] = weights[p];
            }
        }
        return dense;
    }

    /**
     * Scales the incoming weights of every postsynaptic neuron {@code j} so that they sum to
     * {@code total}: {@code w_ij ← w_ij · total / Σ_i w_ij} (neurons whose weights sum to zero are
     * left alone). This is Diehl &amp; Cook's weight normalisation.
     *
     * @throws IllegalArgumentException if {@code total} is negative or not finite
     */
    public void normalizeIncoming(double total) {
        if (!(total >= 0) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("normalisation total must be finite and >= 0, got " + total);
        }
        if (connectivity.isDense()) {
            normalizeDense(total);
            return;
        }
        int[] ptr = incomingPtr();
        int[] syn = incomingSynapses;
        for (int j = 0; j < post.size(); j++) {
            double sum = 0;
            for (int q = ptr[j]; q < ptr[j + 1]; q++) {
                sum += weights[syn[q]];
            }
            if (sum > 0) {
                float factor = (float) (total / sum);
                for (int q = ptr[j]; q < ptr[j + 1]; q++) {
                    weights[syn[q]] *= factor;
                }
            }
        }
    }

    /**
     * Reads the first weight and column of the row of every presynaptic spike of this step, before
     * any projection delivers, so that the cache misses of all rows (sparse rows live in L3 or
     * memory) overlap instead of following one another; the sum is kept in a field so that the
     * reads are not dropped. Changes nothing else.
     */
    void touchRows() {
        int count = pre.spikeCount();
        if (count == 0 || shortColumns == null) {
            return;
        }
        int[] spikes = pre.spikes();
        int[] rowPtr = connectivity.rowPtr();
        float sum = 0;
        for (int k = 0; k < count; k++) {
            int from = rowPtr[spikes[k]];
            if (from < rowPtr[spikes[k] + 1]) {
                sum += weights[from] + shortColumns[from];
            }
        }
        touched = sum;
    }

    private static char[] toChars(int[] columns) {
        char[] c = new char[columns.length];
        for (int p = 0; p < c.length; p++) {
            c[p] = (char) columns[p];
        }
        return c;
    }

    /**
     * {@link #normalizeIncoming} for all-to-all weights (the dense row-major {@code [pre, post]}
     * matrix): row by row instead of through the incoming index, with the same column sums (in
     * double, in increasing presynaptic order) and factors, so the same result.
     */
    private void normalizeDense(double total) {
        int n = post.size();
        double[] sums = new double[n];
        for (int i = 0; i < pre.size(); i++) {
            int base = i * n;
            for (int j = 0; j < n; j++) {
                sums[j] += weights[base + j];
            }
        }
        float[] factors = new float[n];
        for (int j = 0; j < n; j++) {
            factors[j] = sums[j] > 0 ? (float) (total / sums[j]) : 1f;
        }
        for (int i = 0; i < pre.size(); i++) {
            int base = i * n;
            for (int j = 0; j < n; j++) {
                weights[base + j] *= factors[j];
            }
        }
    }

    /** Delivers this step's presynaptic spikes into the target's ring buffer. */
    void deliver(long step) {
        int count = pre.spikeCount();
        if (count == 0) {
            return;
        }
        int[] spikes = pre.spikes();
        int[] rowPtr = connectivity.rowPtr();
        int[] cols = connectivity.columns();
        if (delays == null) {
            float[] slot = direct != null ? direct : post.slot(receptor, step + delay);
            int postSize = post.size();
            for (int k = 0; k < count; k++) {
                int i = spikes[k];
                int from = rowPtr[i];
                int to = rowPtr[i + 1];
                if (denseRows) {
                    kernels.addRow(postSize, weights, from, slot, 0);
                } else if (shortColumns != null) {
                    char[] c16 = shortColumns;
                    for (int p = from; p < to; p++) {
                        slot[c16[p]] += weights[p];
                    }
                } else {
                    for (int p = from; p < to; p++) {
                        slot[cols[p]] += weights[p];
                    }
                }
            }
        } else {
            for (int k = 0; k < count; k++) {
                int i = spikes[k];
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    post.slot(receptor, step + delays[p])[cols[p]] += weights[p];
                }
            }
        }
    }

    void learn(long step) {
        if (plasticityState != null && learning) {
            plasticityState.step(step);
        }
    }

    void resetPlasticity() {
        if (plasticityState != null) {
            plasticityState.reset();
        }
    }

    /** How the weights of a new projection are drawn: {@code w = init.weight(i, j, rng)} per synapse. */
    @FunctionalInterface
    public interface WeightInit {
        /** The initial weight of synapse {@code i → j} (must be finite and {@code ≥ 0}). */
        double weight(int i, int j, SplittableRandom rng);

        /** The same weight everywhere. */
        static WeightInit constant(double w) {
            return (i, j, rng) -> w;
        }

        /** Uniform in {@code [lo, hi)}. */
        static WeightInit uniform(double lo, double hi) {
            if (!(lo <= hi)) {
                throw new IllegalArgumentException("uniform weights need lo <= hi, got [" + lo + ", " + hi + ")");
            }
            return (i, j, rng) -> lo + (hi - lo) * rng.nextDouble();
        }
    }
}
