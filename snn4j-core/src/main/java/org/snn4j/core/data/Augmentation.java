package org.snn4j.core.data;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.snn4j.core.Shape;

/**
 * A random transformation of one training sample, applied by the {@link DataLoader} as it builds a
 * batch (on its prefetch thread). Randomness comes only from the generator passed in, which the
 * loader derives from its seed, the epoch and the sample's position, so a run is reproducible.
 * Image augmentations expect a sample shape {@code [C, H, W]} (or {@code [H, W]}), values in CHW
 * order.
 */
public interface Augmentation {

    /**
     * Transforms the sample {@code x[offset, offset + shape.size())} in place.
     *
     * @param x      the batch's feature array; only the sample's range is read and written
     * @param offset index of the sample's first value
     * @param shape  the sample shape
     * @param rng    the sample's random source
     */
    void apply(float[] x, int offset, Shape shape, SplittableRandom rng);

    /** A short name, e.g. {@code "flip"}, {@code "shift:2"}, for reports and the command line. */
    String name();

    /** Mirrors the image left–right with probability ½: {@code x'[c, i, j] = x[c, i, W − 1 − j]}. */
    static Augmentation horizontalFlip() {
        return new Augmentation() {
            @Override
            public void apply(float[] x, int offset, Shape shape, SplittableRandom rng) {
                int w = width(shape);
                if (!rng.nextBoolean()) {
                    return;
                }
                int rows = shape.size() / w;
                for (int r = 0; r < rows; r++) {
                    int base = offset + r * w;
                    for (int j = 0, k = w - 1; j < k; j++, k--) {
                        float t = x[base + j];
                        x[base + j] = x[base + k];
                        x[base + k] = t;
                    }
                }
            }

            @Override
            public String name() {
                return "flip";
            }
        };
    }

    /**
     * Translates the image by {@code (dy, dx)} drawn uniformly from {@code [−max, max]²}, filling the
     * uncovered border with 0: {@code x'[c, i, j] = x[c, i − dy, j − dx]} where that index lies in the
     * image, else 0 — the same as zero padding by {@code max} and a random crop of the original size.
     *
     * @param max largest shift in pixels, 1 … 64
     */
    static Augmentation randomShift(int max) {
        if (max < 1 || max > 64) {
            throw new IllegalArgumentException("shift must be between 1 and 64 pixels, got " + max);
        }
        return new Augmentation() {
            private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);

            @Override
            public void apply(float[] x, int offset, Shape shape, SplittableRandom rng) {
                int dy = rng.nextInt(-max, max + 1);
                int dx = rng.nextInt(-max, max + 1);
                if (dy == 0 && dx == 0) {
                    return;
                }
                int w = width(shape);
                int h = height(shape);
                int planes = shape.size() / (h * w);
                float[] tmp = scratch.get();
                if (tmp.length < h * w) {
                    tmp = new float[h * w];
                    scratch.set(tmp);
                }
                for (int p = 0; p < planes; p++) {
                    int base = offset + p * h * w;
                    System.arraycopy(x, base, tmp, 0, h * w);
                    for (int i = 0; i < h; i++) {
                        int si = i - dy;
                        for (int j = 0; j < w; j++) {
                            int sj = j - dx;
                            x[base + i * w + j] = si >= 0 && si < h && sj >= 0 && sj < w ? tmp[si * w + sj] : 0f;
                        }
                    }
                }
            }

            @Override
            public String name() {
                return "shift:" + max;
            }
        };
    }

    /** Applies {@code steps} in order. */
    static Augmentation chain(List<Augmentation> steps) {
        List<Augmentation> copy = List.copyOf(steps);
        return new Augmentation() {
            @Override
            public void apply(float[] x, int offset, Shape shape, SplittableRandom rng) {
                for (Augmentation a : copy) {
                    a.apply(x, offset, shape, rng);
                }
            }

            @Override
            public String name() {
                return String.join(",", copy.stream().map(Augmentation::name).toList());
            }
        };
    }

    /**
     * Parses a comma-separated list: {@code flip} and {@code shift:N}.
     *
     * @throws IllegalArgumentException naming the unknown entry and the known ones
     */
    static Augmentation parse(String spec) {
        List<Augmentation> steps = new java.util.ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.equals("flip")) {
                steps.add(horizontalFlip());
            } else if (p.startsWith("shift:")) {
                int n;
                try {
                    n = Integer.parseInt(p.substring(6));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("augmentation '" + part.strip() + "': shift needs a whole number "
                            + "of pixels, e.g. shift:2");
                }
                steps.add(randomShift(n));
            } else {
                throw new IllegalArgumentException("unknown augmentation '" + part.strip()
                        + "'; known: flip, shift:N (e.g. flip,shift:2)");
            }
        }
        return steps.size() == 1 ? steps.get(0) : chain(steps);
    }

    private static int width(Shape shape) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("image augmentation needs a sample shape [C, H, W] or [H, W], got " + shape);
        }
        return shape.dim(shape.rank() - 1);
    }

    private static int height(Shape shape) {
        width(shape);
        return shape.dim(shape.rank() - 2);
    }
}
