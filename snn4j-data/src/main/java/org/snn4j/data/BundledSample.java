package org.snn4j.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * The Fashion-MNIST sample shipped inside snn4j-data: a class-balanced subset of 6 000 training images
 * (the first 600 of each class in file order) and 1 000 test images (the first 100 of each class),
 * made by {@link SampleMaker}. Files are gzip'd IDX under {@value #RESOURCE_DIR}, next to the data set's
 * MIT {@code LICENSE} (Copyright (c) 2017 Zalando SE) and a {@code README.md}.
 */
public final class BundledSample {

    /** Classpath directory of the sample's files. */
    public static final String RESOURCE_DIR = "/org/snn4j/data/fashion-mnist-sample/";
    /** Training images in the sample. */
    public static final int TRAIN_SIZE = 6_000;
    /** Test images in the sample. */
    public static final int TEST_SIZE = 1_000;

    private BundledSample() {
    }

    /** Loads one part of the sample (named {@code fashion-mnist-sample/train} or {@code .../test}). */
    public static IdxDataset load(Split split) throws DatasetException {
        String images = RESOURCE_DIR + split.imagesFile() + ".gz";
        String labels = RESOURCE_DIR + split.labelsFile() + ".gz";
        IdxImages img;
        byte[] lab;
        try (InputStream in = open(images)) {
            img = IdxReader.readImages(in, "classpath:" + images);
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetException("classpath:" + images + ": read failed: " + e, e);
        }
        try (InputStream in = open(labels)) {
            lab = IdxReader.readLabels(in, "classpath:" + labels, DatasetName.FASHION_MNIST.numClasses());
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetException("classpath:" + labels + ": read failed: " + e, e);
        }
        return IdxDataset.checked("fashion-mnist-sample/" + split.id(), DatasetName.FASHION_MNIST, img, lab,
                "classpath:" + images, "classpath:" + labels);
    }

    /** Loads both parts as a {@link DataSource} with origin {@link DataSource.Origin#BUNDLED}. */
    public static DataSource load() throws DatasetException {
        return new DataSource(DataSource.Origin.BUNDLED, DatasetName.FASHION_MNIST, "classpath:" + RESOURCE_DIR,
                load(Split.TRAIN), load(Split.TEST));
    }

    private static InputStream open(String resource) throws DatasetException {
        InputStream in = BundledSample.class.getResourceAsStream(resource);
        if (in == null) {
            throw new DatasetException("classpath:" + resource + ": the bundled Fashion-MNIST sample is missing from the"
                    + " classpath. Fix: put the snn4j-data jar on the classpath, or give a data directory with the full data set.");
        }
        return in;
    }
}
