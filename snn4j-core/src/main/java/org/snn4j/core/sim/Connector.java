package org.snn4j.core.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A connection rule (PyNN's connectors): it draws the {@link Connectivity} between {@code pre}
 * presynaptic elements and {@code post} postsynaptic neurons from the simulation's seeded random
 * stream.
 */
@FunctionalInterface
public interface Connector {

    /** Whether pairs {@code (i, i)} (same index on both sides, e.g. autapses in a recurrent projection) may connect. */
    enum Diagonal {
        /** Pairs {@code (i, i)} are allowed. */
        INCLUDE,
        /** Pairs {@code (i, i)} are never connected (e.g. inhibition of every neuron but the one that fired). */
        EXCLUDE
    }

    /**
     * Draws the connectivity.
     *
     * @throws IllegalArgumentException if the rule cannot apply to these sizes
     */
    Connectivity connect(int pre, int post, SplittableRandom rng);

    /** Every presynaptic element to every postsynaptic neuron. */
    static Connector allToAll(Diagonal diagonal) {
        return (pre, post, rng) -> {
            boolean skip = diagonal == Diagonal.EXCLUDE;
            checkSynapses((long) pre * post);
            int[] rowPtr = new int[pre + 1];
            int[] cols = new int[pre * post];
            int p = 0;
            for (int i = 0; i < pre; i++) {
                for (int j = 0; j < post; j++) {
                    if (!(skip && i == j)) {
                        cols[p++] = j;
                    }
                }
                rowPtr[i + 1] = p;
            }
            return new Connectivity(pre, post, rowPtr, Arrays.copyOf(cols, p), null);
        };
    }

    /** Element {@code i} to neuron {@code i}; both sides must have the same size. */
    static Connector oneToOne() {
        return (pre, post, rng) -> {
            if (pre != post) {
                throw new IllegalArgumentException("one-to-one needs equal sizes, got " + pre + " -> " + post);
            }
            int[] rowPtr = new int[pre + 1];
            int[] cols = new int[pre];
            for (int i = 0; i < pre; i++) {
                cols[i] = i;
                rowPtr[i + 1] = i + 1;
            }
            return new Connectivity(pre, post, rowPtr, cols, null);
        };
    }

    /**
     * Each pair connects independently with probability {@code p} (Brian2's {@code connect(p=…)}).
     * Drawn by geometric skips over the pairs of each row, so the cost is proportional to the
     * number of synapses, not of pairs.
     *
     * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1]}
     */
    static Connector fixedProbability(double p, Diagonal diagonal) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("connection probability must be in [0, 1], got " + p);
        }
        return (pre, post, rng) -> {
            double logQ = Math.log1p(-p);
            int[] rowPtr = new int[pre + 1];
            int[] cols = new int[Math.max(16, (int) Math.min(Integer.MAX_VALUE - 8, (long) (1.1 * p * pre * post) + 16))];
            int n = 0;
            for (int i = 0; i < pre; i++) {
                long j = -1;
                while (p > 0) {
                    if (p >= 1) {
                        j++;
                    } else {
                        double u = 1.0 - rng.nextDouble();
                        double g = Math.floor(Math.log(u) / logQ);
                        j += 1 + (g >= post ? post : (long) g);
                    }
                    if (j >= post) {
                        break;
                    }
                    if (diagonal == Diagonal.EXCLUDE && j == i) {
                        continue;
                    }
                    if (n == cols.length) {
                        checkSynapses(2L * n);
                        cols = Arrays.copyOf(cols, 2 * n);
                    }
                    cols[n++] = (int) j;
                }
                rowPtr[i + 1] = n;
            }
            return new Connectivity(pre, post, rowPtr, Arrays.copyOf(cols, n), null);
        };
    }

    /**
     * Each postsynaptic neuron receives exactly {@code k} synapses from distinct presynaptic
     * elements chosen uniformly (PyNN's {@code FixedNumberPreConnector}).
     *
     * @throws IllegalArgumentException if {@code k < 0} or more than the available presynaptic elements
     */
    static Connector fixedFanIn(int k, Diagonal diagonal) {
        if (k < 0) {
            throw new IllegalArgumentException("fan-in must be >= 0, got " + k);
        }
        return (pre, post, rng) -> {
            int available = diagonal == Diagonal.EXCLUDE && pre == post ? pre - 1 : pre;
            if (k > available) {
                throw new IllegalArgumentException("fan-in " + k + " exceeds the " + available + " presynaptic elements available");
            }
            checkSynapses((long) k * post);
            int[] chosen = new int[k * post];          // presynaptic index per (post, slot)
            java.util.BitSet taken = new java.util.BitSet(pre);
            for (int j = 0; j < post; j++) {
                taken.clear();
                int excluded = diagonal == Diagonal.EXCLUDE && j < pre ? j : -1;
                // Floyd's algorithm over the candidates [0, available), mapped past the excluded index
                for (int r = available - k; r < available; r++) {
                    int t = rng.nextInt(r + 1);
                    int ct = t >= excluded && excluded >= 0 ? t + 1 : t;
                    int cr = r >= excluded && excluded >= 0 ? r + 1 : r;
                    int pick = taken.get(ct) ? cr : ct;
                    taken.set(pick);
                    chosen[j * k + (r - (available - k))] = pick;
                }
            }
            int[] rowPtr = new int[pre + 1];
            for (int c : chosen) {
                rowPtr[c + 1]++;
            }
            for (int i = 0; i < pre; i++) {
                rowPtr[i + 1] += rowPtr[i];
            }
            int[] fill = Arrays.copyOf(rowPtr, pre);
            int[] cols = new int[chosen.length];
            for (int j = 0; j < post; j++) {                // increasing j keeps rows sorted
                for (int s = 0; s < k; s++) {
                    cols[fill[chosen[j * k + s]]++] = j;
                }
            }
            return new Connectivity(pre, post, rowPtr, cols, null);
        };
    }

    /** Exactly the listed pairs {@code pre[k] → post[k]}, weights set by the projection. */
    static Connector fromList(int[] pre, int[] post) {
        return fromList(pre, post, null);
    }

    /**
     * Exactly the listed pairs {@code pre[k] → post[k]} with weights {@code weights[k]} (or
     * {@code null} to let the projection set them).
     *
     * @throws IllegalArgumentException (when connecting) for unequal lengths, an index out of range or a duplicate pair
     */
    static Connector fromList(int[] pre, int[] post, float[] weights) {
        int[] a = pre.clone();
        int[] b = post.clone();
        float[] w = weights == null ? null : weights.clone();
        return (preSize, postSize, rng) -> {
            if (a.length != b.length || (w != null && w.length != a.length)) {
                throw new IllegalArgumentException("connection list lengths differ: " + a.length + " pre, " + b.length
                        + " post" + (w == null ? "" : ", " + w.length + " weights"));
            }
            Integer[] order = new Integer[a.length];
            for (int k = 0; k < a.length; k++) {
                if (a[k] < 0 || a[k] >= preSize || b[k] < 0 || b[k] >= postSize) {
                    throw new IllegalArgumentException("connection " + k + " (" + a[k] + " -> " + b[k]
                            + ") is outside " + preSize + " x " + postSize);
                }
                order[k] = k;
            }
            Arrays.sort(order, (x, y) -> a[x] != a[y] ? Integer.compare(a[x], a[y]) : Integer.compare(b[x], b[y]));
            int[] rowPtr = new int[preSize + 1];
            int[] cols = new int[a.length];
            float[] ws = w == null ? null : new float[a.length];
            for (int k = 0; k < a.length; k++) {
                int s = order[k];
                if (k > 0 && a[s] == a[order[k - 1]] && b[s] == b[order[k - 1]]) {
                    throw new IllegalArgumentException("connection " + a[s] + " -> " + b[s] + " is listed twice");
                }
                rowPtr[a[s] + 1]++;
                cols[k] = b[s];
                if (ws != null) {
                    ws[k] = w[s];
                }
            }
            for (int i = 0; i < preSize; i++) {
                rowPtr[i + 1] += rowPtr[i];
            }
            return new Connectivity(preSize, postSize, rowPtr, cols, ws);
        };
    }

    /**
     * The non-zero entries of a dense {@code [pre, post]} row-major matrix become synapses with
     * those weights.
     *
     * @throws IllegalArgumentException (when connecting) if the matrix does not have {@code pre·post} entries
     */
    static Connector fromMatrix(float[] matrix) {
        float[] m = matrix.clone();
        return (pre, post, rng) -> {
            if ((long) pre * post != m.length) {
                throw new IllegalArgumentException("weight matrix has " + m.length + " entries, expected "
                        + pre + " x " + post + " = " + (long) pre * post);
            }
            int[] rowPtr = new int[pre + 1];
            int nnz = 0;
            for (float v : m) {
                if (v != 0f) {
                    nnz++;
                }
            }
            int[] cols = new int[nnz];
            float[] w = new float[nnz];
            int p = 0;
            for (int i = 0; i < pre; i++) {
                for (int j = 0; j < post; j++) {
                    float v = m[i * post + j];
                    if (v != 0f) {
                        cols[p] = j;
                        w[p++] = v;
                    }
                }
                rowPtr[i + 1] = p;
            }
            return new Connectivity(pre, post, rowPtr, cols, w);
        };
    }

    private static void checkSynapses(long count) {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " synapses exceed one projection's limit of "
                    + (Integer.MAX_VALUE - 8) + "; split the projection");
        }
    }
}
