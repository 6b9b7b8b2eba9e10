package org.snn4j.core.layer;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.PoolKernels;
import org.snn4j.core.kernel.ThreadPool;

/**
 * 2-D average pooling of every row {@code [C, H, W] → [C, H_out, W_out]}, PyTorch's
 * {@code AvgPool2d} with its defaults (floor mode, {@code count_include_pad = true}): with window
 * {@code k}, stride {@code s}, padding {@code p}, {@code H_out = ⌊(H + 2p − k)/s⌋ + 1} (same for W) and
 * <pre>
 *   y[c, i, j] = (Σ { x[c, i·s − p + u, j·s − p + v] : 0 ≤ u, v &lt; k, inside the input }) · (1/k²)
 * </pre>
 * summed in scan order (row by row) in float. Padding counts as zeros in the divisor: every window
 * divides by {@code k²} (in floor mode no window reaches past the padding). Rows are independent, so
 * the layer is time-invariant.
 *
 * <p>Backward spreads each output gradient evenly over its window:
 * {@code dx[c, i·s − p + u, j·s − p + v] += dy[c, i, j]·(1/k²)} for the inside positions. Mutates only
 * its own output and input-gradient buffers. The 2×2 stride-2 forward runs in {@link PoolKernels}
 * (Vector API and scalar twin). Large inputs are split over the kernels' thread pool by
 * (row, channel) planes; results do not depend on the thread count.
 */
public final class AvgPool2d implements StatelessLayer {
    private static final PoolKernels PK = PoolKernels.create();

    /**
     * @param kernelSize window side {@code k}, ≥ 1
     * @param stride     step between windows, ≥ 1; 0 means {@code kernelSize} (PyTorch's default)
     * @param padding    implicit zero border on every side, in {@code [0, kernelSize/2]}
     */
    public record Spec(int kernelSize, int stride, int padding) implements LayerSpec {
        public Spec {
            PoolGeometry.checkSpec("avgpool2d", kernelSize, stride, padding);
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
            return "avgpool2d";
        }

        /** Builds for a {@code [C, H, W]} input; the built layer's spec has the stride resolved. */
        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            int s = effectiveStride();
            return new AvgPool2d(new Spec(kernelSize, s, padding),
                    PoolGeometry.of("avgpool2d", inputShape, kernelSize, s, padding), inputShape);
        }
    }

    private final Spec spec;
    private final PoolGeometry g;
    private final Shape inputShape;
    private final Shape outputShape;
    private final float scale;

    private float[] output = new float[0];
    private float[] gradInput = new float[0];
    private int lastRows;
    private boolean pending;
    private ThreadPool lastPool;

    private AvgPool2d(Spec spec, PoolGeometry geometry, Shape inputShape) {
        this.spec = spec;
        this.g = geometry;
        this.inputShape = inputShape;
        this.outputShape = geometry.outputShape();
        this.scale = 1f / (geometry.kernel() * geometry.kernel());
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
            throw new IllegalArgumentException("avgpool2d input has " + input.length + " values, expected rows·C·H·W = "
                    + rows + "·" + g.channels() + "·" + g.height() + "·" + g.width() + " = " + planes * inPlane);
        }
        if (output.length != planes * outPlane) {
            output = new float[planes * outPlane];
        }
        float[] y = output;
        ThreadPool pool = ctx.kernels().pool();
        if ((long) planes * inPlane >= PoolGeometry.PARALLEL_MIN_VALUES && pool.threads() > 1) {
            pool.parallelFor(planes, 1, (from, to) -> forwardPlanes(input, y, from, to));
        } else {
            forwardPlanes(input, y, 0, planes);
        }
        pending = ctx.training();
        lastRows = rows;
        lastPool = pool;
        return output;
    }

    private void forwardPlanes(float[] x, float[] y, int from, int to) {
        int inPlane = g.inPlane();
        int outPlane = g.outPlane();
        int w = g.width();
        float sc = scale;
        if (g.isTwoByTwo()) {
            PK.avgPool2x2(x, g.height(), w, y, from, to);
            return;
        }
        // a whole output row at a time: for each window position (u, v) in scan order, add the
        // matching input to every output of the row whose window has it inside — per output the
        // same additions in the same order as a window-by-window scan, in long inner loops
        int h = g.height();
        int k = g.kernel();
        int s = g.stride();
        int p = g.padding();
        int wo = g.outWidth();
        for (int pl = from; pl < to; pl++) {
            int in = pl * inPlane;
            for (int i = 0, o = pl * outPlane; i < g.outHeight(); i++, o += wo) {
                Arrays.fill(y, o, o + wo, 0f);
                for (int u = 0; u < k; u++) {
                    int ih = i * s - p + u;
                    if (ih < 0 || ih >= h) {
                        continue;
                    }
                    for (int v = 0; v < k; v++) {
                        int base = in + ih * w - p + v;
                        int j1 = g.endColumn(v);
                        if (s == 1) {
                            for (int j = g.firstColumn(v); j < j1; j++) {
                                y[o + j] += x[base + j];
                            }
                        } else {
                            for (int j = g.firstColumn(v); j < j1; j++) {
                                y[o + j] += x[base + j * s];
                            }
                        }
                    }
                }
                for (int j = 0; j < wo; j++) {
                    y[o + j] *= sc;
                }
            }
        }
    }

    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        if (!pending) {
            throw new IllegalStateException("avgpool2d backward called without a preceding training forward");
        }
        pending = false;
        int planes = lastRows * g.channels();
        int outPlane = g.outPlane();
        int inPlane = g.inPlane();
        if (gradOutput.length != planes * outPlane) {
            throw new IllegalArgumentException("avgpool2d gradient has " + gradOutput.length
                    + " values, expected rows·C·H_out·W_out = " + planes * outPlane);
        }
        if (!needInputGrad) {
            return null;
        }
        if (gradInput.length != planes * inPlane) {
            gradInput = new float[planes * inPlane];
        }
        float[] dx = gradInput;
        ThreadPool.RangeBody body = (from, to) -> backwardPlanes(gradOutput, dx, from, to);
        if ((long) planes * inPlane >= PoolGeometry.PARALLEL_MIN_VALUES && lastPool.threads() > 1) {
            lastPool.parallelFor(planes, 1, body);
        } else {
            body.run(0, planes);
        }
        return dx;
    }

    private void backwardPlanes(float[] dy, float[] dx, int from, int to) {
        int inPlane = g.inPlane();
        int outPlane = g.outPlane();
        int w = g.width();
        float sc = scale;
        Arrays.fill(dx, from * inPlane, to * inPlane, 0f);
        if (g.isTwoByTwo()) {
            int ho = g.outHeight();
            int wo = g.outWidth();
            for (int pl = from; pl < to; pl++) {
                int in = pl * inPlane;
                int o = pl * outPlane;
                for (int i = 0; i < ho; i++) {
                    int r0 = in + 2 * i * w;
                    int r1 = r0 + w;
                    for (int j = 0; j < wo; j++) {
                        float v = dy[o + j] * sc;
                        int a = 2 * j;
                        dx[r0 + a] = v;
                        dx[r0 + a + 1] = v;
                        dx[r1 + a] = v;
                        dx[r1 + a + 1] = v;
                    }
                    o += wo;
                }
            }
            return;
        }
        int h = g.height();
        int k = g.kernel();
        int s = g.stride();
        int p = g.padding();
        int wo = g.outWidth();
        for (int pl = from; pl < to; pl++) {
            int in = pl * inPlane;
            for (int i = 0, o = pl * outPlane; i < g.outHeight(); i++, o += wo) {
                for (int u = 0; u < k; u++) {
                    int ih = i * s - p + u;
                    if (ih < 0 || ih >= h) {
                        continue;
                    }
                    for (int v = 0; v < k; v++) {
                        int base = in + ih * w - p + v;
                        int j1 = g.endColumn(v);
                        if (s == 1) {
                            for (int j = g.firstColumn(v); j < j1; j++) {
                                dx[base + j] += dy[o + j] * sc;
                            }
                        } else {
                            for (int j = g.firstColumn(v); j < j1; j++) {
                                dx[base + j * s] += dy[o + j] * sc;
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
