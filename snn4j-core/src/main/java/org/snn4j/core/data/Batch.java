package org.snn4j.core.data;

/**
 * One mini-batch of {@code size} samples.
 *
 * <p>{@code features} is row-major {@code [size, F]} with {@code F = sampleShape().size()} of the
 * data set: sample {@code r} of the batch occupies {@code features[r·F .. (r+1)·F)}.
 * {@code labels[r]} is its class. The {@link DataLoader} allocates fresh arrays for every batch and
 * sizes them exactly ({@code features.length == size·F}, {@code labels.length == size}), so a batch
 * may be kept after the loader moves on; nothing mutates them afterwards.
 *
 * @param features row-major {@code [size, F]} features
 * @param labels   {@code [size]} class labels
 * @param size     number of samples, {@code >= 1}
 */
public record Batch(float[] features, int[] labels, int size) {

    public Batch {
        if (features == null || labels == null) {
            throw new IllegalArgumentException("batch features and labels must not be null");
        }
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        if (labels.length != size) {
            throw new IllegalArgumentException("batch has " + labels.length + " labels for size " + size + "; expected exactly " + size);
        }
        if (features.length % size != 0) {
            throw new IllegalArgumentException("batch features length " + features.length + " is not a multiple of size " + size);
        }
    }

    /** Features per sample, {@code F = features.length / size}. */
    public int featuresPerSample() {
        return features.length / size;
    }
}
