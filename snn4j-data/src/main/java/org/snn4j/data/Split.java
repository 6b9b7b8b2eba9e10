package org.snn4j.data;

/** The two parts of an MNIST-family data set and their file names. */
public enum Split {
    TRAIN("train"),
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
        this.prefix = prefix;
    }

    /** Lower-case name used in data set names, {@code "train"} or {@code "test"}. */
    public String id() {
        return this == TRAIN ? "train" : "test";
    }

    /** The raw image file name, e.g. {@code train-images-idx3-ubyte}. */
    public String imagesFile() {
        return prefix + "-images-idx3-ubyte";
    }

    /** The raw label file name, e.g. {@code t10k-labels-idx1-ubyte}. */
    public String labelsFile() {
        return prefix + "-labels-idx1-ubyte";
    }
}
