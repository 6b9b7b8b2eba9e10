package org.snn4j.core.kernel;

/**
 * The 2×2, stride-2, unpadded pooling window over {@code H×W} planes (one channel of one row, CHW
 * order), the hot case of 2-D pooling. Plane {@code p} of the input starts at {@code p·H·W}, plane
 * {@code p} of the output at {@code p·H_out·W_out} with {@code H_out = ⌊H/2⌋}, {@code W_out = ⌊W/2⌋}
 * (a last odd row or column is ignored). Each call handles planes {@code [from, to)} and writes only
 * their outputs, so disjoint plane ranges may run in parallel.
 *
 * <p>With {@code a, b, c, d} the window's values in scan order (top left, top right, bottom left,
 * bottom right):
 * <pre>
 *   max: y = the first maximum in scan order; a NaN counts as the maximum, the last NaN winning
 *        (PyTorch's rule: update while scanning when v &gt; m or v is NaN); argmax = its input index
 *   avg: y = (((a + b) + c) + d)·0.25
 * </pre>
 * Both implementations give bit-identical results.
 */
public interface PoolKernels {

    /** The vector implementation when {@link Simd#enabled()}, else the scalar one. */
    static PoolKernels create() {
        return Simd.enabled() ? PoolKernelsVector.INSTANCE : PoolKernelsScalar.INSTANCE;
    }

    /** The scalar twin. */
    static PoolKernels scalar() {
        return PoolKernelsScalar.INSTANCE;
    }

    /** {@code "vector"} or {@code "scalar"}. */
    String name();

    /**
     * 2×2 stride-2 max pooling of planes {@code [from, to)}.
     *
     * @param x      input planes {@code [planes, H, W]}, read
     * @param y      output planes {@code [planes, H/2, W/2]}, written for the planes
     * @param argmax per output, the index into {@code x} of the chosen input, written for the planes
     */
    void maxPool2x2(float[] x, int height, int width, float[] y, int[] argmax, int from, int to);

    /**
     * 2×2 stride-2 average pooling of planes {@code [from, to)}.
     *
     * @param x input planes {@code [planes, H, W]}, read
     * @param y output planes {@code [planes, H/2, W/2]}, written for the planes
     */
    void avgPool2x2(float[] x, int height, int width, float[] y, int from, int to);
}
