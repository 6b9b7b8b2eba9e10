package org.snn4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {

    @TempDir
    Path tmp;

    /** Writes the four files into {@code dir} with {@code nTrain} train and 2 test images of 28 x 28. */
    static Path writeDataset(Path dir, int nTrain, Compression c) throws IOException {
        Files.createDirectories(dir);
        String gz = c == Compression.GZIP ? ".gz" : "";
        for (Split s : Split.values()) {
            int n = s == Split.TRAIN ? nTrain : 2;
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
            }
            IdxWriter.writeImages(dir.resolve(s.imagesFile() + gz), IdxReaderTest.images(n, 28, 28), c);
            IdxWriter.writeLabels(dir.resolve(s.labelsFile() + gz), labels, c);
        }
        return dir;
    }

    private final Path nowhere = Path.of("/nonexistent-snn4j-root");

    @Test
    void explicitDirectoryWinsOverEnvAndSystem() throws Exception {
        Path explicit = writeDataset(tmp.resolve("explicit"), 3, Compression.GZIP);
        Path env = writeDataset(tmp.resolve("env"), 4, Compression.GZIP);
        Path root = tmp.resolve("sys");
        writeDataset(root.resolve("fashion-mnist"), 5, Compression.GZIP);
        DataLocator loc = new DataLocator(Map.of(DataLocator.ENV_VAR, env.toString()), List.of(root));
        DataSource s = loc.locate(DatasetName.FASHION_MNIST, explicit);
        assertThat(s.origin()).isEqualTo(DataSource.Origin.DATA_DIR);
        assertThat(s.train().size()).isEqualTo(3);
        assertThat(s.test().size()).isEqualTo(2);
        assertThat(s.directory()).contains(explicit);
        assertThat(s.train().name()).isEqualTo("fashion-mnist/train");
        assertThat(s.describe()).isEqualTo("fashion-mnist from " + explicit + " (DATA_DIR): 3 train, 2 test");
    }

    @Test
    void envWinsOverSystemAndSystemOverBundled() throws Exception {
        Path env = writeDataset(tmp.resolve("env"), 4, Compression.NONE);
        Path root = tmp.resolve("sys");
        writeDataset(root.resolve("fashion-mnist"), 5, Compression.GZIP);
        DataSource fromEnv = new DataLocator(Map.of(DataLocator.ENV_VAR, env.toString()), List.of(root))
                .locate(DatasetName.FASHION_MNIST, null);
        assertThat(fromEnv.origin()).isEqualTo(DataSource.Origin.ENV);
        assertThat(fromEnv.train().size()).isEqualTo(4);
        DataSource fromSystem = new DataLocator(Map.of(DataLocator.ENV_VAR, "  "), List.of(nowhere, root))
                .locate(DatasetName.FASHION_MNIST, null);
        assertThat(fromSystem.origin()).isEqualTo(DataSource.Origin.SYSTEM);
        assertThat(fromSystem.location()).isEqualTo(root.resolve("fashion-mnist").toString());
        assertThat(fromSystem.train().size()).isEqualTo(5);
    }

    @Test
    void bundledSampleWhenNothingElse() throws Exception {
        DataSource s = new DataLocator(Map.of(), List.of(nowhere)).locate("Fashion_MNIST", null);
        assertThat(s.origin()).isEqualTo(DataSource.Origin.BUNDLED);
        assertThat(s.train().size()).isEqualTo(6000);
        assertThat(s.test().size()).isEqualTo(1000);
        assertThat(s.directory()).isEmpty();
        assertThat(s.location()).isEqualTo("classpath:/org/snn4j/data/fashion-mnist-sample/");
    }

    @Test
    void systemDirectoryIsPerDatasetName() throws Exception {
        Path root = tmp.resolve("sys");
        writeDataset(root.resolve("kmnist"), 7, Compression.GZIP);
        DataSource s = new DataLocator(Map.of(), List.of(root)).locate(DatasetName.KMNIST, null);
        assertThat(s.origin()).isEqualTo(DataSource.Origin.SYSTEM);
        assertThat(s.train().classNames()).startsWith("o", "ki", "su");
        // fashion-mnist is not in that root: falls through to the bundled sample
        assertThat(new DataLocator(Map.of(), List.of(root)).locate(DatasetName.FASHION_MNIST, null).origin())
                .isEqualTo(DataSource.Origin.BUNDLED);
    }

    @Test
    void subdirectoryNamedAfterTheDatasetIsPreferred() throws Exception {
        Path d = tmp.resolve("data");
        writeDataset(d, 3, Compression.GZIP);
        writeDataset(d.resolve("mnist"), 6, Compression.NONE);
        DataLocator loc = new DataLocator(Map.of(), List.of());
        assertThat(loc.locate(DatasetName.MNIST, d).train().size()).isEqualTo(6);
        assertThat(loc.locate(DatasetName.MNIST, d).train().classNames().get(7)).isEqualTo("7");
        assertThat(loc.locate(DatasetName.FASHION_MNIST, d).train().size()).isEqualTo(3);
    }

    @Test
    void dottedRawNamesAreAccepted() throws Exception {
        Path d = writeDataset(tmp.resolve("raw"), 3, Compression.NONE);
        Files.move(d.resolve("train-images-idx3-ubyte"), d.resolve("train-images.idx3-ubyte"));
        DataSource s = new DataLocator(Map.of(), List.of()).locate(DatasetName.MNIST, d);
        assertThat(s.train().size()).isEqualTo(3);
    }

    @Test
    void explicitDirectoryMissingOrIncompleteIsAnError() throws Exception {
        DataLocator loc = new DataLocator(Map.of(), List.of());
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> loc.locate(DatasetName.FASHION_MNIST, missing))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("data directory " + missing + " does not exist")
                .hasMessageContaining("train-images-idx3-ubyte.gz");
        Path partial = writeDataset(tmp.resolve("partial"), 3, Compression.GZIP);
        Files.delete(partial.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> loc.locate(DatasetName.FASHION_MNIST, partial))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("data directory " + partial + " lacks the fashion-mnist files t10k-labels-idx1-ubyte[.gz]");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> loc.locate(DatasetName.FASHION_MNIST, file)).hasMessageContaining("is not a directory");
    }

    @Test
    void badEnvironmentDirectoryIsAnErrorNotAFallback() {
        Path missing = tmp.resolve("env-missing");
        DataLocator loc = new DataLocator(Map.of(DataLocator.ENV_VAR, missing.toString()), List.of());
        assertThatThrownBy(() -> loc.locate(DatasetName.FASHION_MNIST, null))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("SNN4J_DATA=" + missing + " does not exist");
    }

    @Test
    void partialSystemDirectoryIsAnError() throws Exception {
        Path root = tmp.resolve("sys");
        Path d = writeDataset(root.resolve("fashion-mnist"), 3, Compression.GZIP);
        Files.delete(d.resolve("train-images-idx3-ubyte.gz"));
        assertThatThrownBy(() -> new DataLocator(Map.of(), List.of(root)).locate(DatasetName.FASHION_MNIST, null))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("system data directory " + d + " holds only part of fashion-mnist: missing train-images-idx3-ubyte[.gz]");
    }

    @Test
    void mnistWithoutDataSaysWhereToPutTheFiles() {
        Path root = tmp.resolve("sys");
        assertThatThrownBy(() -> new DataLocator(Map.of(), List.of(root)).locate(DatasetName.MNIST, null))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("no mnist data found (searched " + root.resolve("mnist"))
                .hasMessageContaining("bundled sample is Fashion-MNIST only")
                .hasMessageContaining("--data-dir DIR")
                .hasMessageContaining("SNN4J_DATA=DIR")
                .hasMessageContaining("t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void unknownNameListsKnownNames() {
        DataLocator loc = new DataLocator(Map.of(), List.of());
        assertThatThrownBy(() -> loc.locate("cifar10", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown data set 'cifar10'; known data sets: fashion-mnist, mnist, kmnist");
        assertThat(DatasetName.parse(" KMNIST ")).isEqualTo(DatasetName.KMNIST);
    }

    @Test
    void malformedFileInExplicitDirectoryPropagates() throws Exception {
        Path d = writeDataset(tmp.resolve("bad"), 3, Compression.GZIP);
        IdxWriter.writeLabels(d.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1, 2}, Compression.GZIP);
        assertThatThrownBy(() -> new DataLocator(Map.of(), List.of()).locate(DatasetName.FASHION_MNIST, d))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("holds 3 images but")
                .hasMessageContaining("holds 2 labels");
    }

    @Test
    void defaultsPointAtTheDebianPackage() {
        assertThat(DataLocator.SYSTEM_FASHION_MNIST_DIR).isEqualTo(Path.of("/usr/share/datasets/fashion-mnist"));
        assertThat(DataLocator.SYSTEM_DATA_ROOT.resolve(DatasetName.FASHION_MNIST.id())).isEqualTo(DataLocator.SYSTEM_FASHION_MNIST_DIR);
    }
}
