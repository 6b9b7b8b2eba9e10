package org.snn4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds and loads a data set. The first rule that applies wins:
 * <ol>
 *   <li>{@link DataSource.Origin#DATA_DIR}: an explicitly given directory;</li>
 *   <li>{@link DataSource.Origin#ENV}: the directory in the {@value #ENV_VAR} environment variable;</li>
 *   <li>{@link DataSource.Origin#SYSTEM}: {@code <root>/<id>} for each system root, by default
 *       {@code /usr/share/datasets} (so {@code /usr/share/datasets/fashion-mnist} for Fashion-MNIST,
 *       as installed by the Debian package {@code dataset-fashion-mnist});</li>
 *   <li>{@link DataSource.Origin#BUNDLED}: the {@link BundledSample} (Fashion-MNIST only).</li>
 * </ol>
 * In an explicit directory or the environment's, the files are looked for first in {@code <dir>/<id>/}
 * and then in {@code <dir>/} itself (see {@link DataFiles} for the accepted names). An explicit or
 * environment directory that is missing or lacks files is an error, not a fallback; a system directory
 * that is absent or holds none of the files is skipped, one holding only some is an error.
 *
 * <p>The environment and the system roots are constructor arguments, so tests need no global state.
 */
public final class DataLocator {

    /** Environment variable naming a data directory. */
    public static final String ENV_VAR = "SNN4J_DATA";
    /** Default system root: data set {@code id} is looked for in {@code /usr/share/datasets/<id>}. */
    public static final Path SYSTEM_DATA_ROOT = Path.of("/usr/share/datasets");
    /** Where the Debian package {@code dataset-fashion-mnist} installs the gzip'd IDX files. */
    public static final Path SYSTEM_FASHION_MNIST_DIR = SYSTEM_DATA_ROOT.resolve("fashion-mnist");

    private final Map<String, String> env;
    private final List<Path> systemRoots;

    /** Uses the process environment and {@link #SYSTEM_DATA_ROOT}. */
    public DataLocator() {
        this(System.getenv(), List.of(SYSTEM_DATA_ROOT));
    }

    /**
     * @param env         environment variables to consult (only {@value #ENV_VAR} is read)
     * @param systemRoots system data roots, tried in order; data set {@code id} is looked for in {@code root/id}
     */
    public DataLocator(Map<String, String> env, List<Path> systemRoots) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.systemRoots = List.copyOf(systemRoots);
    }

    /** {@link #locate(DatasetName, Path)} with the name parsed by {@link DatasetName#parse} (unknown names list the known ones). */
    public DataSource locate(String name, Path dataDir) throws DatasetException {
        return locate(DatasetName.parse(name), dataDir);
    }

    /**
     * Finds and loads {@code name}'s train and test parts.
     *
     * @param dataDir an explicitly given directory, or {@code null}
     * @throws DatasetException when an explicit or environment directory is unusable, a file is malformed,
     *                          or no data is found (naming the directories tried and the file names expected)
     */
    public DataSource locate(DatasetName name, Path dataDir) throws DatasetException {
        Objects.requireNonNull(name, "name");
        if (dataDir != null) {
            return load(DataSource.Origin.DATA_DIR, name, userDir(name, dataDir, "data directory " + dataDir));
        }
        String envDir = env.get(ENV_VAR);
        if (envDir != null && !envDir.isBlank()) {
            return load(DataSource.Origin.ENV, name, userDir(name, Path.of(envDir.trim()), ENV_VAR + "=" + envDir));
        }
        List<String> searched = new ArrayList<>();
        for (Path root : systemRoots) {
            Path dir = root.resolve(name.id());
            searched.add(dir.toString());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            DataFiles.Scan scan = DataFiles.scan(dir);
            if (scan.complete()) {
                return load(DataSource.Origin.SYSTEM, name, scan);
            }
            if (!scan.empty()) {
                throw new DatasetException("system data directory " + dir + " holds only part of " + name.id() + ": missing "
                        + String.join(", ", scan.missing()) + ". Fix: reinstall the data there (for Fashion-MNIST:"
                        + " apt-get install --reinstall dataset-fashion-mnist), or give a complete data directory.");
            }
        }
        if (name == DatasetName.FASHION_MNIST) {
            return BundledSample.load();
        }
        throw new DatasetException("no " + name.id() + " data found (searched " + (searched.isEmpty() ? "no system directory" : String.join(", ", searched))
                + "; the bundled sample is Fashion-MNIST only). Fix: put " + DataFiles.EXPECTED_NAMES + " in a directory DIR (or DIR/"
                + name.id() + ") and pass it as the data directory (--data-dir DIR) or set " + ENV_VAR + "=DIR.");
    }

    /** Scans {@code dir/<id>} then {@code dir}; the directory was given by the user, so problems are errors. */
    private static DataFiles.Scan userDir(DatasetName name, Path dir, String what) throws DatasetException {
        if (!Files.exists(dir)) {
            throw new DatasetException(what + " does not exist. Fix: create it and put " + DataFiles.EXPECTED_NAMES
                    + " for " + name.id() + " there, or correct the path.");
        }
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(what + " is not a directory. Fix: give the directory that holds " + DataFiles.EXPECTED_NAMES + ".");
        }
        Path sub = dir.resolve(name.id());
        if (Files.isDirectory(sub)) {
            DataFiles.Scan scan = DataFiles.scan(sub);
            if (scan.complete()) {
                return scan;
            }
        }
        DataFiles.Scan scan = DataFiles.scan(dir);
        if (scan.complete()) {
            return scan;
        }
        throw new DatasetException(what + " lacks the " + name.id() + " files " + String.join(", ", scan.missing())
                + " (looked in " + sub + " and " + dir + "). Fix: put " + DataFiles.EXPECTED_NAMES + " in " + dir + " or " + sub + ".");
    }

    private static DataSource load(DataSource.Origin origin, DatasetName name, DataFiles.Scan scan) throws DatasetException {
        DataFiles f = scan.files();
        IdxDataset train = IdxDataset.load(name.id() + "/train", name, f.trainImages(), f.trainLabels());
        IdxDataset test = IdxDataset.load(name.id() + "/test", name, f.testImages(), f.testLabels());
        return new DataSource(origin, name, scan.dir().toString(), train, test);
    }
}
