package org.snn4j.core.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.snn4j.core.Shape;

/** Views over data sets: subsets by index, seeded train/validation splits, class counts. */
public final class Datasets {

    private Datasets() {
    }

    /** A train/validation pair of disjoint views over one data set. */
    public record Split(Dataset train, Dataset validation) {
        public Split {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(validation, "validation");
        }
    }

    /**
     * A view of {@code base} holding the samples {@code indices[0], indices[1], ...} in that order:
     * view sample {@code j} is base sample {@code indices[j]}. The index array is copied; the base
     * data set is not.
     *
     * @throws IllegalArgumentException naming the first index outside {@code [0, base.size())}
     */
    public static Dataset subset(Dataset base, String name, int[] indices) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(name, "name");
        int[] idx = indices.clone();
        for (int j = 0; j < idx.length; j++) {
            if (idx[j] < 0 || idx[j] >= base.size()) {
                throw new IllegalArgumentException("subset index " + idx[j] + " at position " + j
                        + " is outside [0, " + base.size() + ") of " + base.name());
            }
        }
        return new IndexView(base, name, idx);
    }

    /** The contiguous view {@code [from, to)} of {@code base}, named {@code base.name() + "[from:to]"}. */
    public static Dataset range(Dataset base, int from, int to) {
        Objects.checkFromToIndex(from, to, base.size());
        int[] idx = new int[to - from];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = from + j;
        }
        return new IndexView(base, base.name() + "[" + from + ":" + to + "]", idx);
    }

    /**
     * Splits {@code base} into a validation part of {@code round(validationFraction · n)} samples and a
     * train part of the rest, after a seeded Fisher–Yates shuffle of {@code 0..n-1} with
     * {@code SplittableRandom(seed)}. Both parts keep the shuffled order. Same seed ⇒ same split.
     *
     * @param validationFraction in {@code [0, 1]}
     */
    public static Split split(Dataset base, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction <= 1)) {
            throw new IllegalArgumentException("validationFraction must lie in [0, 1], got " + validationFraction);
        }
        int n = base.size();
        int[] perm = identity(n);
        shuffle(perm, new SplittableRandom(seed));
        int nVal = (int) Math.round(validationFraction * n);
        int[] val = Arrays.copyOfRange(perm, 0, nVal);
        int[] train = Arrays.copyOfRange(perm, nVal, n);
        return new Split(new IndexView(base, base.name() + "/train-split", train),
                new IndexView(base, base.name() + "/validation-split", val));
    }

    /** {@code counts[c]} = number of samples with label {@code c}, for {@code c in [0, numClasses)}. */
    public static int[] classCounts(Dataset dataset) {
        int[] counts = new int[dataset.numClasses()];
        for (int i = 0; i < dataset.size(); i++) {
            counts[dataset.label(i)]++;
        }
        return counts;
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** In-place Fisher–Yates: for {@code i = n-1 .. 1}, swap {@code a[i]} with {@code a[rng.nextInt(i + 1)]}. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static final class IndexView implements Dataset {
        private final Dataset base;
        private final String name;
        private final int[] indices;

        IndexView(Dataset base, String name, int[] indices) {
            this.base = base;
            this.name = name;
            this.indices = indices;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public Shape sampleShape() {
            return base.sampleShape();
        }

        @Override
        public int numClasses() {
            return base.numClasses();
        }

        @Override
        public int label(int index) {
            return base.label(indices[Objects.checkIndex(index, indices.length)]);
        }

        @Override
        public void copyFeatures(int index, float[] dst, int dstOff) {
            base.copyFeatures(indices[Objects.checkIndex(index, indices.length)], dst, dstOff);
        }

        @Override
        public String toString() {
            return "Dataset[" + name + ", " + indices.length + " of " + base.name() + "]";
        }
    }
}
