package org.snn4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.data.Datasets;
import org.snn4j.data.BundledSample;
import org.snn4j.data.DataLocator;
import org.snn4j.data.DataSource;

/** Finds the data a command asked for (see {@link DataLocator} for the search order). */
final class DataSupport {
    private DataSupport() {
    }

    /**
     * Training and test splits with their class names and a description of where they came from.
     *
     * @param description e.g. "/usr/share/datasets/fashion-mnist (system)"
     */
    record Loaded(Dataset train, Dataset test, List<String> classNames, String description) {
    }

    static Loaded load(String dataset, Path dataDir) throws IOException {
        return loaded(new DataLocator().locate(dataset, dataDir));
    }

    /** The Fashion-MNIST sample bundled with snn4j, whatever else is installed. */
    static Loaded bundled() throws IOException {
        return loaded(BundledSample.load());
    }

    private static Loaded loaded(DataSource source) {
        return new Loaded(source.train(), source.test(), source.dataset().classNames(), source.describe());
    }

    /** The first {@code limit} samples of {@code data}, or all of it when {@code limit} is null. */
    static Dataset limit(Dataset data, Integer limit, String option) {
        if (limit == null) {
            return data;
        }
        if (limit < 1 || limit > data.size()) {
            throw new CliException(option + " must be between 1 and " + data.size() + " (the size of " + data.name()
                    + "), got " + limit);
        }
        return Datasets.range(data, 0, limit);
    }
}
