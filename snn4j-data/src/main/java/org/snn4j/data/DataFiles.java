package org.snn4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The four IDX files of an MNIST-family data set in one directory.
 *
 * <p>For each of {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte} the first existing regular file among
 * {@code NAME.gz}, {@code NAME}, and the dotted variants {@code train-images.idx3-ubyte[.gz]} is used;
 * the content (gzip or raw) is detected when reading.
 */
public record DataFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {

    /** The expected file names, for messages. */
    public static final String EXPECTED_NAMES = "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
            + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz (or the same names without .gz)";

    public DataFiles {
        Objects.requireNonNull(trainImages, "trainImages");
        Objects.requireNonNull(trainLabels, "trainLabels");
        Objects.requireNonNull(testImages, "testImages");
        Objects.requireNonNull(testLabels, "testLabels");
    }

    /** What a directory holds: the files found (null where missing) and the base names missing. */
    public record Scan(Path dir, Path trainImages, Path trainLabels, Path testImages, Path testLabels, List<String> missing) {

        public Scan {
            missing = List.copyOf(missing);
        }

        /** All four files are there. */
        public boolean complete() {
            return missing.isEmpty();
        }

        /** None of the four files is there. */
        public boolean empty() {
            return missing.size() == 4;
        }

        /** The complete file set; only when {@link #complete()}. */
        public DataFiles files() {
            if (!complete()) {
                throw new IllegalStateException(dir + " lacks " + missing);
            }
            return new DataFiles(trainImages, trainLabels, testImages, testLabels);
        }
    }

    /** Looks for the four files directly in {@code dir} (which need not exist). */
    public static Scan scan(Path dir) {
        List<String> missing = new ArrayList<>();
        Path ti = find(dir, Split.TRAIN.imagesFile(), missing);
        Path tl = find(dir, Split.TRAIN.labelsFile(), missing);
        Path vi = find(dir, Split.TEST.imagesFile(), missing);
        Path vl = find(dir, Split.TEST.labelsFile(), missing);
        return new Scan(dir, ti, tl, vi, vl, missing);
    }

    /** The image file of {@code split}. */
    public Path images(Split split) {
        return split == Split.TRAIN ? trainImages : testImages;
    }

    /** The label file of {@code split}. */
    public Path labels(Split split) {
        return split == Split.TRAIN ? trainLabels : testLabels;
    }

    private static Path find(Path dir, String base, List<String> missing) {
        String dotted = base.replace("-idx", ".idx");
        for (String name : new String[] {base + ".gz", base, dotted + ".gz", dotted}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        missing.add(base + "[.gz]");
        return null;
    }
}
