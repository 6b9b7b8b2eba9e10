package org.snn4j.data;

/**
 * Unsigned-byte images as stored in an IDX file: {@code pixels} is row-major {@code [count, rows, cols]},
 * image {@code i}'s pixel {@code (y, x)} is {@code pixels[(i·rows + y)·cols + x] & 0xFF}.
 * The array is held, not copied.
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    public IdxImages {
        if (count < 0 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("image dimensions must be count >= 0, rows >= 1, cols >= 1, got "
                    + count + " x " + rows + " x " + cols);
        }
        if (pixels == null || (long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels length " + (pixels == null ? "null" : pixels.length)
                    + " != count x rows x cols = " + (long) count * rows * cols);
        }
    }

    /** Pixels per image, {@code rows · cols}. */
    public int imageSize() {
        return rows * cols;
    }
}
