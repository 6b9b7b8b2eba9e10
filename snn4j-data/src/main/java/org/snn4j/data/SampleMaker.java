package org.snn4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Makes the {@link BundledSample}: from a full Fashion-MNIST directory, keeps the first {@code perClass}
 * images of each class in file order (train 600, test 100 per class), in their original relative order,
 * and writes them as gzip'd IDX files.
 *
 * <p>Run: {@code java -cp snn4j-core/target/classes:snn4j-data/target/classes org.snn4j.data.SampleMaker
 * [SOURCE_DIR [OUT_DIR]]}, defaults {@code /usr/share/datasets/fashion-mnist} and
 * {@code snn4j-data/src/main/resources/org/snn4j/data/fashion-mnist-sample}. Prints each file's size and
 * SHA-256.
 */
public final class SampleMaker {

    /** Training images kept per class. */
    public static final int TRAIN_PER_CLASS = 600;
    /** Test images kept per class. */
    public static final int TEST_PER_CLASS = 100;

    private SampleMaker() {
    }

    /** Writes the train and test subsets of the data set in {@code sourceDir} to {@code outDir} (created if needed). */
    public static void make(Path sourceDir, Path outDir, int trainPerClass, int testPerClass) throws IOException {
        DataFiles.Scan scan = DataFiles.scan(sourceDir);
        if (!scan.complete()) {
            throw new DatasetException(sourceDir + " lacks " + String.join(", ", scan.missing())
                    + ". Fix: install the full data set (apt-get install dataset-fashion-mnist) or give its directory.");
        }
        DataFiles files = scan.files();
        Files.createDirectories(outDir);
        for (Split split : Split.values()) {
            int perClass = split == Split.TRAIN ? trainPerClass : testPerClass;
            IdxImages images = IdxReader.readImages(files.images(split));
            byte[] labels = IdxReader.readLabels(files.labels(split), DatasetName.FASHION_MNIST.numClasses());
            int[] keep = firstPerClass(labels, DatasetName.FASHION_MNIST.numClasses(), perClass, files.labels(split));
            int size = images.imageSize();
            byte[] pix = new byte[keep.length * size];
            byte[] lab = new byte[keep.length];
            for (int j = 0; j < keep.length; j++) {
                System.arraycopy(images.pixels(), keep[j] * size, pix, j * size, size);
                lab[j] = labels[keep[j]];
            }
            IdxWriter.writeImages(outDir.resolve(split.imagesFile() + ".gz"),
                    new IdxImages(keep.length, images.rows(), images.cols(), pix), Compression.GZIP);
            IdxWriter.writeLabels(outDir.resolve(split.labelsFile() + ".gz"), lab, Compression.GZIP);
        }
    }

    /**
     * Indices {@code i} (ascending) such that {@code labels[i]} is among the first {@code perClass}
     * occurrences of its class.
     *
     * @throws DatasetException when some class has fewer than {@code perClass} samples
     */
    static int[] firstPerClass(byte[] labels, int numClasses, int perClass, Path source) throws DatasetException {
        int[] counts = new int[numClasses];
        int[] keep = new int[numClasses * perClass];
        int k = 0;
        for (int i = 0; i < labels.length && k < keep.length; i++) {
            int c = labels[i] & 0xFF;
            if (counts[c] < perClass) {
                counts[c]++;
                keep[k++] = i;
            }
        }
        for (int c = 0; c < numClasses; c++) {
            if (counts[c] < perClass) {
                throw new DatasetException(source + ": class " + c + " has only " + counts[c] + " samples, " + perClass
                        + " wanted. Fix: use the full data set or a smaller count per class.");
            }
        }
        return keep;
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Path src = Path.of(args.length > 0 ? args[0] : DataLocator.SYSTEM_FASHION_MNIST_DIR.toString());
        Path out = Path.of(args.length > 1 ? args[1] : "snn4j-data/src/main/resources/org/snn4j/data/fashion-mnist-sample");
        make(src, out, TRAIN_PER_CLASS, TEST_PER_CLASS);
        for (Split split : Split.values()) {
            for (String name : new String[] {split.imagesFile() + ".gz", split.labelsFile() + ".gz"}) {
                Path p = out.resolve(name);
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                System.out.printf("%-32s %9d bytes  sha256 %s%n", name, Files.size(p), HexFormat.of().formatHex(digest));
            }
        }
    }
}
