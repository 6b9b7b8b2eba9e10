package org.snn4j.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A located and loaded data set: where it came from and its train and test parts.
 *
 * @param origin   which rule of {@link DataLocator} found it
 * @param dataset  the data set's name (labels the data: class names)
 * @param location the directory it was read from, or the classpath resource directory for {@link Origin#BUNDLED}
 * @param train    the training part
 * @param test     the test part
 */
public record DataSource(Origin origin, DatasetName dataset, String location, IdxDataset train, IdxDataset test) {

    /** Where the data was found, in the order {@link DataLocator} tries. */
    public enum Origin {
        /** A directory given explicitly (the CLI's {@code --data-dir}). */
        DATA_DIR,
        /** The directory named by the {@value DataLocator#ENV_VAR} environment variable. */
        ENV,
        /** A system directory such as {@code /usr/share/datasets/fashion-mnist}. */
        SYSTEM,
        /** The Fashion-MNIST sample inside the snn4j-data jar. */
        BUNDLED
    }

    public DataSource {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }

    /** The directory read, empty for {@link Origin#BUNDLED}. */
    public Optional<Path> directory() {
        return origin == Origin.BUNDLED ? Optional.empty() : Optional.of(Path.of(location));
    }

    /** One line for logs and reports, e.g. {@code fashion-mnist from /usr/share/datasets/fashion-mnist (SYSTEM): 60000 train, 10000 test}. */
    public String describe() {
        return dataset.id() + " from " + location + " (" + origin + "): " + train.size() + " train, " + test.size() + " test";
    }
}
