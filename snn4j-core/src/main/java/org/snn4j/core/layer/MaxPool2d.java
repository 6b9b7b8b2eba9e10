package org.snn4j.core.layer;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.PoolKernels;
import org.snn4j.core.kernel.ThreadPool;

/**
 * 2-D max pooling of every row {@code [C, H, W] → [C, H_out, W_out]}, PyTorch's {@code MaxPool2d}
 * (floor mode, dilation 1): with window {@code k}, stride {@code s}, padding {@code p},
 * {@code H_out = ⌊(H + 2p − k)/s⌋ + 1} (same for W) and
 * <pre>
 *   y[c, i, j] = max { x[c, i·s − p + u, j·s − p + v] : 0 ≤ u, v &lt; k, inside the input }
 * </pre>
 * (padding counts as −∞, so it is never the maximum). Windows are scanned row by row; the first
 * maximum in that order wins ties, and a NaN is taken as the maximum (the last NaN in scan order),
 * as in PyTorch. Rows (and channels) are independent, so the layer is time-invariant.
 *
 * <p>Every forward records, per output, the index of the input element chosen; backward scatters
 * the gradient there: {@code dx[argmax(c, i, j)] += dy[c, i, j]}, every other {@code dx} is 0.
 * The 2×2 stride-2 window runs in {@link PoolKernels} (Vector API and scalar twin).
 * Mutates only its own output, index and input-gradient buffers. Large inputs are split over the
 * kernels' thread pool by (row, channel) planes; results do not depend on the thread count.
 */
public final class MaxPool2d implements StatelessLayer {
    private static final PoolKernels PK = PoolKernels.create();

    /**
     * @param kernelSize window side {@code k}, ≥ 1
     * @param stride     step between windows, ≥ 1; 0 means {@code kernelSize} (PyTorch's default)
     * @param padding    implicit −∞ border on every side, in {@code [0, kernelSize/2]}
     */
    public record Spec(int kernelSize, int stride, int padding) implements LayerSpec {
        public Spec {
            PoolGeometry.checkSpec("maxpool2d", kernelSize, stride, padding);
        }

        /** A {@code k×k} window with stride {@code k} and no padding. */
        public static Spec of(int kernelSize) {
            return new Spec(kernelSize, 0, 0);
        }

        /** The stride actually used: {@code stride}, or {@code kernelSize} when it is 0. */
        public int effectiveStride() {
            return stride == 0 ? kernelSize : stride;
        }

        @Override
        public String type() {
            return "maxpool2d";
        }

        /** Builds for a {@code [C, H, W]} input; the built layer's spec has the stride resolved. */
        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            int s = effectiveStride();
            return new MaxPool2d(new Spec(kernelSize, s, padding),
                    PoolGeometry.of("maxpool2d", inputShape, kernelSize, s, padding), inputShape);
        }
    }

    private final Spec spec;
    private final PoolGeometry g;
    private final Shape inputShape;
    private final Shape outputShape;

    private float[] output = new float[0];
    private int[] argmax = new int[0];
    private float[] gradInput = new float[0];
    private int lastRows;
    private boolean pending;
    private ThreadPool lastPool;

    private MaxPool2d(Spec spec, PoolGeometry geometry, Shape inputShape) {
        this.spec = spec;
        this.g = geometry;
        this.inputShape = inputShape;
        this.outputShape = geometry.outputShape();
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return outputShape;
    }

    @Override
    public float[] forward(float[] input, RunContext ctx) {
        return forwardRows(input, ctx.rows(), ctx);
    }

    @Override
    public float[] forwardRows(float[] input, int rows, RunContext ctx) {
        int inPlane = g.inPlane();
        int outPlane = g.outPlane();
        int planes = rows * g.channels();
        if (input.length != planes * inPlane) {
            throw new IllegalArgumentException("maxpool2d input has " + input.length + " values, expected rows·C·H·W = "
                    + rows + "·" + g.channels() + "·" + g.height() + "·" + g.width() + " = " + planes * inPlane);
        }
        if (output.length != planes * outPlane) {
            output = new float[planes * outPlane];
            argmax = new int[planes * outPlane];
        }
        float[] y = output;
        int[] idx = argmax;
        ThreadPool pool = ctx.kernels().pool();
        if ((long) planes * inPlane >= PoolGeometry.PARALLEL_MIN_VALUES && pool.threads() > 1) {
            pool.parallelFor(planes, 1, (from, to) -> forwardPlanes(input, y, idx, from, to));
        } else {
            forwardPlanes(input, y, idx, 0, planes);
        }
        pending = ctx.training();
        lastRows = rows;
        lastPool = pool;
        return output;
    }

    private void forwardPlanes(float[] x, float[] y, int[] idx, int from, int to) {
        int inPlane = g.inPlane();
        int outPlane = g.outPlane();
        if (g.isTwoByTwo()) {
            PK.maxPool2x2(x, g.height(), g.width(), y, idx, from, to);
            return;
        }
        int h = g.height();
        int w = g.width();
        int k = g.kernel();
        int s = g.stride();
        int p = g.padding();
        for (int pl = from; pl < to; pl++) {
            int in = pl * inPlane;
            int o = pl * outPlane;
            for (int i = 0; i < g.outHeight(); i++) {
                int hs = i * s - p;
                int h0 = Math.max(hs, 0);
                int h1 = Math.min(hs + k, h);
                for (int j = 0; j < g.outWidth(); j++, o++) {
                    int ws = j * s - p;
                    int w0 = Math.max(ws, 0);
                    int w1 = Math.min(ws + k, w);
                    float m = Float.NEGATIVE_INFINITY;
                    int best = in + h0 * w + w0;
                    for (int u = h0; u < h1; u++) {
                        int row = in + u * w;
                        for (int v = w0; v < w1; v++) {
                            float xv = x[row + v];
                            if (xv > m || xv != xv) {
                                m = xv;
                                best = row + v;
                            }
                        }
                    }
                    y[o] = m;
                    idx[o] = best;
                }
            }
        }
    }

    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        if (!pending) {
            throw new IllegalStateException("maxpool2d backward called without a preceding training forward");
        }
        pending = false;
        int planes = lastRows * g.channels();
        int outPlane = g.outPlane();
        int inPlane = g.inPlane();
        if (gradOutput.length != planes * outPlane) {
            throw new IllegalArgumentException("maxpool2d gradient has " + gradOutput.length
                    + " values, expected rows·C·H_out·W_out = " + planes * outPlane);
        }
        if (!needInputGrad) {
            return null;
        }
        if (gradInput.length != planes * inPlane) {
            gradInput = new float[planes * inPlane];
        }
        float[] dx = gradInput;
        int[] idx = argmax;
        ThreadPool.RangeBody body = (from, to) -> {
            Arrays.fill(dx, from * inPlane, to * inPlane, 0f);
            for (int o = from * outPlane, end = to * outPlane; o < end; o++) {
                dx[idx[o]] += gradOutput[o];
            }
        };
        if ((long) planes * inPlane >= PoolGeometry.PARALLEL_MIN_VALUES && lastPool.threads() > 1) {
            lastPool.parallelFor(planes, 1, body);
        } else {
            body.run(0, planes);
        }
        return dx;
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
