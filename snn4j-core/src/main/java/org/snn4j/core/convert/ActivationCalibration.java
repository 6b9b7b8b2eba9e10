package org.snn4j.core.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.Qcfs;
import org.snn4j.core.layer.Relu;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Network;

/**
 * Activation statistics of an ANN for conversion: runs the network in inference mode with
 * {@code T = 1} over a calibration set, layer by layer, and for every activation layer collects,
 * over all elements of its output for all calibration samples ({@code n = S·N} values), the maximum
 * and a percentile.
 *
 * <p>The percentile {@code p} is exact, computed as NumPy's default (linear interpolation): with the
 * values sorted ascending {@code v[0..n−1]}, {@code pos = (n − 1)·p/100}, {@code k = ⌊pos⌋},
 * {@code P = v[k] + (pos − k)·(v[k+1] − v[k])} ({@code v[k]} when {@code k = n − 1}); the
 * interpolation is computed in double and rounded to float. Memory is bounded by a min-heap of the
 * {@code n − k} largest values ({@code ≈ (1 − p/100)·n + 1} floats per layer: 0.1 % of the values at
 * the default 99.9), not by the whole activation set.
 *
 * <p>Supported layers: {@value #SUPPORTED}. Activation layers are {@code relu} (and {@code qcfs},
 * whose scale for conversion is its trained threshold λ rather than a statistic, see
 * {@link AnnToSnnConverter}). The network is not mutated (inference forwards only touch the layers'
 * output buffers).
 */
public final class ActivationCalibration {

    /** The layer types a calibrated (and converted) network may contain. */
    public static final String SUPPORTED = "linear, conv2d, avgpool2d, maxpool2d, flatten, dropout, batchnorm, relu, qcfs";
    private static final Set<String> SUPPORTED_TYPES = Set.of(SUPPORTED.split(", "));
    /** Calibration samples per forward pass. */
    private static final int BATCH = 64;

    /** Default percentile, 99.9. */
    public static final double DEFAULT_PERCENTILE = 99.9;

    private ActivationCalibration() {
    }

    /**
     * Statistics of one activation layer's outputs.
     *
     * @param layerIndex index of the layer in the network
     * @param type       its spec type ({@code relu} or {@code qcfs})
     * @param count      number of values seen ({@code S·N})
     * @param max        their maximum
     * @param percentile their {@code percentileLevel}-th percentile
     * @param percentileLevel the percentile level in (0, 100]
     */
    public record LayerStatistics(int layerIndex, String type, long count, float max, float percentile,
                                  double percentileLevel) {
    }

    /** Whether a layer is an activation layer (ReLU or QCFS). */
    static boolean isActivation(Layer layer) {
        return layer instanceof Relu || layer instanceof Qcfs;
    }

    /**
     * Checks that every layer is of a supported type.
     *
     * @throws IllegalArgumentException naming the first unsupported layer's index and type and the supported types
     */
    static void requireSupported(Network network) {
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            String type = layers.get(i).spec().type();
            if (!SUPPORTED_TYPES.contains(type)) {
                throw new IllegalArgumentException("layer " + i + " (" + type + ") is not supported for ANN→SNN "
                        + "conversion; supported layers: " + SUPPORTED);
            }
        }
    }

    /** {@link #calibrate(Network, float[], double)} at the default 99.9th percentile. */
    public static List<LayerStatistics> calibrate(Network network, float[] samples) {
        return calibrate(network, samples, DEFAULT_PERCENTILE);
    }

    /**
     * Statistics of every activation layer, in layer order.
     *
     * @param network    the ANN (not mutated)
     * @param samples    calibration inputs {@code [S, F]} with {@code F = network.inputShape().size()}, S ≥ 1
     * @param percentile percentile level in (0, 100]
     * @throws IllegalArgumentException for an empty calibration set, a length that is not a multiple of
     *                                  F, a percentile out of range, or an unsupported layer
     */
    public static List<LayerStatistics> calibrate(Network network, float[] samples, double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
        }
        requireSupported(network);
        int features = network.inputShape().size();
        if (samples.length == 0) {
            throw new IllegalArgumentException("the calibration set is empty: give at least one sample of "
                    + network.inputShape() + " (" + features + " values)");
        }
        if (samples.length % features != 0) {
            throw new IllegalArgumentException("calibration set has " + samples.length + " values, not a multiple of "
                    + "the network input size " + network.inputShape() + " = " + features);
        }
        int count = samples.length / features;
        List<Layer> layers = network.layers();
        List<Accumulator> acc = new ArrayList<>();
        Accumulator[] byLayer = new Accumulator[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            if (isActivation(layers.get(i))) {
                long n = (long) count * layers.get(i).outputShape().size();
                byLayer[i] = new Accumulator(i, layers.get(i).spec().type(), n, percentile);
                acc.add(byLayer[i]);
            }
        }
        try (Kernels k = Kernels.create(Math.max(1, Runtime.getRuntime().availableProcessors()))) {
            for (int s0 = 0; s0 < count; s0 += BATCH) {
                int b = Math.min(BATCH, count - s0);
                float[] x = Arrays.copyOfRange(samples, s0 * features, (s0 + b) * features);
                RunContext ctx = new RunContext(1, b, false, 0, k);
                for (int i = 0; i < layers.size(); i++) {
                    x = layers.get(i).forward(x, ctx.forLayer(i));
                    if (byLayer[i] != null) {
                        byLayer[i].add(x, b * layers.get(i).outputShape().size());
                    }
                }
            }
        }
        List<LayerStatistics> out = new ArrayList<>(acc.size());
        for (Accumulator a : acc) {
            out.add(a.result());
        }
        return List.copyOf(out);
    }

    /** Running maximum and a min-heap of the largest {@code n − k} values. */
    private static final class Accumulator {
        private final int layer;
        private final String type;
        private final long n;
        private final double level;
        private final double pos;
        private final float[] heap;
        private int size;
        private float max = Float.NEGATIVE_INFINITY;
        private long seen;

        Accumulator(int layer, String type, long n, double level) {
            this.layer = layer;
            this.type = type;
            this.n = n;
            this.level = level;
            this.pos = (n - 1) * level / 100.0;
            long k = (long) Math.floor(pos);
            long keep = n - k;
            if (keep > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("layer " + layer + " (" + type + "): the " + level
                        + "th percentile of " + n + " values would keep " + keep + " values; use fewer calibration "
                        + "samples or a higher percentile");
            }
            this.heap = new float[(int) keep];
        }

        void add(float[] x, int len) {
            for (int i = 0; i < len; i++) {
                float v = x[i];
                if (v > max) {
                    max = v;
                }
                if (size < heap.length) {
                    push(v);
                } else if (v > heap[0]) {
                    heap[0] = v;
                    siftDown(0);
                }
            }
            seen += len;
        }

        private void push(float v) {
            int i = size++;
            heap[i] = v;
            while (i > 0) {
                int p = (i - 1) / 2;
                if (heap[p] <= heap[i]) {
                    break;
                }
                float t = heap[p];
                heap[p] = heap[i];
                heap[i] = t;
                i = p;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int l = 2 * i + 1;
                if (l >= size) {
                    return;
                }
                int c = l + 1 < size && heap[l + 1] < heap[l] ? l + 1 : l;
                if (heap[i] <= heap[c]) {
                    return;
                }
                float t = heap[c];
                heap[c] = heap[i];
                heap[i] = t;
                i = c;
            }
        }

        private float pop() {
            float v = heap[0];
            heap[0] = heap[--size];
            siftDown(0);
            return v;
        }

        LayerStatistics result() {
            if (seen != n) {
                throw new IllegalStateException("layer " + layer + " saw " + seen + " values, expected " + n);
            }
            long k = (long) Math.floor(pos);
            float lo = pop();
            double p = lo;
            if (k + 1 < n) {
                float hi = pop();
                p = lo + (pos - k) * ((double) hi - lo);
            }
            return new LayerStatistics(layer, type, n, max, (float) p, level);
        }
    }
}
