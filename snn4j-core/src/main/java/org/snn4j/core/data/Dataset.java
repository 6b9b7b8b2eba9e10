package org.snn4j.core.data;

import org.snn4j.core.Shape;

/** A labelled, random-access data set of static samples (e.g. images) held in memory. */
public interface Dataset {

    /** A short name, e.g. {@code "fashion-mnist/train"}. */
    String name();

    int size();

    /** Per-sample shape, e.g. {@code [1, 28, 28]}. */
    Shape sampleShape();

    /** Number of classes; labels lie in {@code [0, numClasses)}. */
    int numClasses();

    int label(int index);

    /** Copies sample {@code index}'s features (scaled to [0, 1]) into {@code dst[dstOff ...]}. */
    void copyFeatures(int index, float[] dst, int dstOff);
}
