package org.snn4j.core.data;

import java.util.Objects;
import org.snn4j.core.Shape;

/**
 * A data set whose features are held as one flat {@code float[]}: sample {@code i} is
 * {@code features[i·F .. (i+1)·F)} with {@code F = sampleShape.size()}, its label {@code labels[i]}.
 * Meant for synthetic data and tests.
 *
 * <p>The arrays are taken over, not copied: the caller must not mutate them afterwards. Features are
 * returned as stored; {@link Dataset}'s "[0, 1]" convention is the caller's responsibility (it is not
 * checked, so that signed synthetic inputs remain possible).
 */
public final class InMemoryDataset implements Dataset {

    private final String name;
    private final Shape sampleShape;
    private final int numClasses;
    private final float[] features;
    private final int[] labels;
    private final int featureSize;

    /**
     * @param name        short name, e.g. {@code "xor/train"}
     * @param sampleShape per-sample shape; {@code F = sampleShape.size()}
     * @param numClasses  number of classes, {@code >= 1}
     * @param features    row-major {@code [n, F]} features, {@code length == labels.length · F}
     * @param labels      {@code [n]} labels in {@code [0, numClasses)}
     * @throws IllegalArgumentException naming the bad length or the first label out of range
     */
    public InMemoryDataset(String name, Shape sampleShape, int numClasses, float[] features, int[] labels) {
        this.name = Objects.requireNonNull(name, "name");
        this.sampleShape = Objects.requireNonNull(sampleShape, "sampleShape");
        this.features = Objects.requireNonNull(features, "features");
        this.labels = Objects.requireNonNull(labels, "labels");
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        this.numClasses = numClasses;
        this.featureSize = sampleShape.size();
        if ((long) labels.length * featureSize != features.length) {
            throw new IllegalArgumentException("features length " + features.length + " != labels (" + labels.length
                    + ") x sample size " + featureSize + " = " + (long) labels.length * featureSize);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is outside [0, " + numClasses + ")");
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Shape sampleShape() {
        return sampleShape;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int label(int index) {
        Objects.checkIndex(index, labels.length);
        return labels[index];
    }

    /** Copies {@code features[index·F .. (index+1)·F)} into {@code dst[dstOff .. dstOff+F)}. */
    @Override
    public void copyFeatures(int index, float[] dst, int dstOff) {
        Objects.checkIndex(index, labels.length);
        System.arraycopy(features, index * featureSize, dst, dstOff, featureSize);
    }

    @Override
    public String toString() {
        return "InMemoryDataset[" + name + ", " + labels.length + " x " + sampleShape + ", " + numClasses + " classes]";
    }
}
