package org.snn4j.core.layer;

import org.snn4j.core.Shape;

/**
 * The geometry of a square 2-D pooling window over {@code [C, H, W]} rows (PyTorch semantics, floor
 * mode): window {@code k×k}, stride {@code s}, zero-based padding {@code p} on every side, output
 * {@code H_out = ⌊(H + 2p − k)/s⌋ + 1} (same for W). Shared by {@link MaxPool2d} and {@link AvgPool2d}.
 */
record PoolGeometry(int channels, int height, int width, int kernel, int stride, int padding,
                    int outHeight, int outWidth) {

    /** Input values (rows·C·H·W) at or above which pooling loops run on the thread pool. */
    static final int PARALLEL_MIN_VALUES = 1 << 15;

    /** Validates the hyper-parameters of a pooling spec; {@code type} names the layer in messages. */
    static void checkSpec(String type, int kernelSize, int stride, int padding) {
        if (kernelSize < 1) {
            throw new IllegalArgumentException(type + " kernelSize must be >= 1, got " + kernelSize);
        }
        if (stride < 0) {
            throw new IllegalArgumentException(type + " stride must be >= 1 (or 0 = kernelSize), got " + stride);
        }
        if (padding < 0 || padding > kernelSize / 2) {
            throw new IllegalArgumentException(type + " padding must be in [0, kernelSize/2] = [0, " + kernelSize / 2
                    + "], got " + padding);
        }
    }

    /**
     * The geometry for {@code input}, which must be {@code [C, H, W]}, with {@code stride} already
     * resolved (≥ 1).
     */
    static PoolGeometry of(String type, Shape input, int kernel, int stride, int padding) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException(type + " needs an input of rank 3 [C, H, W], got rank " + input.rank()
                    + " " + input + "; add the layer before flatten or give the network an image-shaped input");
        }
        int c = input.dim(0);
        int h = input.dim(1);
        int w = input.dim(2);
        if (kernel > h + 2 * padding || kernel > w + 2 * padding) {
            throw new IllegalArgumentException(type + " kernelSize " + kernel + " is larger than the padded input "
                    + (h + 2 * padding) + "×" + (w + 2 * padding) + " (input " + input + ", padding " + padding + ")");
        }
        return new PoolGeometry(c, h, w, kernel, stride, padding,
                (h + 2 * padding - kernel) / stride + 1, (w + 2 * padding - kernel) / stride + 1);
    }

    Shape outputShape() {
        return Shape.of(channels, outHeight, outWidth);
    }

    int inPlane() {
        return height * width;
    }

    int outPlane() {
        return outHeight * outWidth;
    }

    /** First output column {@code j} whose window column {@code v} lies inside the input: {@code j·s − p + v ≥ 0}. */
    int firstColumn(int v) {
        return Math.min(outWidth, Math.max(0, -Math.floorDiv(v - padding, stride)));
    }

    /** One past the last output column {@code j} whose window column {@code v} lies inside: {@code j·s − p + v < W}. */
    int endColumn(int v) {
        return Math.max(0, Math.min(outWidth, Math.floorDiv(width - 1 + padding - v, stride) + 1));
    }

    /** The 2×2 window with stride 2 and no padding, which has a dedicated loop. */
    boolean isTwoByTwo() {
        return kernel == 2 && stride == 2 && padding == 0;
    }
}
