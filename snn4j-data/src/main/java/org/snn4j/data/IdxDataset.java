package org.snn4j.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.snn4j.core.Shape;
import org.snn4j.core.data.Dataset;

/**
 * An image data set read from IDX files, held compactly as unsigned bytes.
 *
 * <p>Sample {@code i} has shape {@code [1, rows, cols]}; its features are
 * {@code x[y·cols + x] = (pixels[i·rows·cols + y·cols + x] & 0xFF) / 255f}, so they lie in {@code [0, 1]};
 * its label is {@code labels[i] & 0xFF}. Immutable after construction and safe to read from several
 * threads.
 */
public final class IdxDataset implements Dataset {

    private static final float[] SCALE = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            SCALE[v] = v / 255f;
        }
    }

    private final String name;
    private final DatasetName kind;
    private final int rows;
    private final int cols;
    private final int imageSize;
    private final byte[] pixels;
    private final byte[] labels;
    private final Shape shape;

    /**
     * @param name   e.g. {@code "fashion-mnist/train"}
     * @param kind   which data set the files hold (class names, class count)
     * @param images the images; the pixel array is held, not copied
     * @param labels one label per image, each {@code < kind.numClasses()}; held, not copied
     * @throws IllegalArgumentException when the counts differ or a label is out of range
     */
    public IdxDataset(String name, DatasetName kind, IdxImages images, byte[] labels) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (images.count() != labels.length) {
            throw new IllegalArgumentException(name + ": " + images.count() + " images but " + labels.length + " labels");
        }
        if (images.count() == 0) {
            throw new IllegalArgumentException(name + ": the data set has no images");
        }
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) >= kind.numClasses()) {
                throw new IllegalArgumentException(name + ": label " + (labels[i] & 0xFF) + " at index " + i
                        + " is outside [0, " + kind.numClasses() + ")");
            }
        }
        this.rows = images.rows();
        this.cols = images.cols();
        this.imageSize = images.imageSize();
        this.pixels = images.pixels();
        this.labels = labels;
        this.shape = Shape.of(1, rows, cols);
    }

    /**
     * Reads an image file and its label file and checks that their counts match.
     *
     * @param name the data set's name, e.g. {@code "fashion-mnist/train"}
     * @throws DatasetException for any file problem, or when the two files hold different counts
     */
    public static IdxDataset load(String name, DatasetName kind, Path imagesFile, Path labelsFile) throws DatasetException {
        IdxImages images = IdxReader.readImages(imagesFile);
        byte[] labels = IdxReader.readLabels(labelsFile, kind.numClasses());
        return checked(name, kind, images, labels, imagesFile.toString(), labelsFile.toString());
    }

    /** Builds the data set after checking that {@code images} and {@code labels} have equal counts. */
    static IdxDataset checked(String name, DatasetName kind, IdxImages images, byte[] labels, String imagesSource,
                              String labelsSource) throws DatasetException {
        if (images.count() != labels.length) {
            throw new DatasetException(name + ": count mismatch: " + imagesSource + " holds " + images.count() + " images but "
                    + labelsSource + " holds " + labels.length + " labels. Fix: use the image and label files of the same split"
                    + " (train-* with train-*, t10k-* with t10k-*) from the same download.");
        }
        if (images.count() == 0) {
            throw new DatasetException(name + ": " + imagesSource + " declares 0 images. Fix: use a non-empty data set file.");
        }
        return new IdxDataset(name, kind, images, labels);
    }

    @Override
    public String name() {
        return name;
    }

    /** Which data set this is; gives the class names. */
    public DatasetName kind() {
        return kind;
    }

    @Override
    public int size() {
        return labels.length;
    }

    /** {@code [1, rows, cols]}. */
    @Override
    public Shape sampleShape() {
        return shape;
    }

    @Override
    public int numClasses() {
        return kind.numClasses();
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Class names indexed by label (for reports). */
    public List<String> classNames() {
        return kind.classNames();
    }

    @Override
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)] & 0xFF;
    }

    /** Pixel {@code p} ({@code 0 <= p < rows·cols}, row-major) of image {@code index}, in {@code 0..255}. */
    public int pixel(int index, int p) {
        Objects.checkIndex(index, labels.length);
        Objects.checkIndex(p, imageSize);
        return pixels[index * imageSize + p] & 0xFF;
    }

    /** Writes {@code (pixel & 0xFF) / 255f} for the {@code rows·cols} pixels of image {@code index} into {@code dst[dstOff ..]}. */
    @Override
    public void copyFeatures(int index, float[] dst, int dstOff) {
        Objects.checkIndex(index, labels.length);
        Objects.checkFromIndexSize(dstOff, imageSize, dst.length);
        int src = index * imageSize;
        for (int p = 0; p < imageSize; p++) {
            dst[dstOff + p] = SCALE[pixels[src + p] & 0xFF];
        }
    }

    @Override
    public String toString() {
        return "IdxDataset[" + name + ", " + labels.length + " x " + shape + ", " + kind.numClasses() + " classes]";
    }
}
