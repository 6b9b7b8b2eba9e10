package org.snn4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleMakerTest {

    @TempDir
    Path tmp;

    @Test
    void firstPerClassKeepsFileOrder() throws Exception {
        byte[] labels = {0, 1, 0, 0, 2, 1, 2, 1, 0};
        assertThat(SampleMaker.firstPerClass(labels, 3, 2, Path.of("l"))).containsExactly(0, 1, 2, 4, 5, 6);
        assertThatThrownBy(() -> SampleMaker.firstPerClass(labels, 3, 3, Path.of("l")))
                .isInstanceOf(DatasetException.class).hasMessageContaining("class 2 has only 2 samples, 3 wanted");
    }

    @Test
    void makesABalancedSampleFromSmallFiles() throws Exception {
        Path src = DataLocatorTest.writeDataset(tmp.resolve("src"), 40, Compression.NONE);
        Path out = tmp.resolve("out");
        SampleMaker.make(src, out, 3, 0);
        IdxImages img = IdxReader.readImages(out.resolve("train-images-idx3-ubyte.gz"));
        byte[] lab = IdxReader.readLabels(out.resolve("train-labels-idx1-ubyte.gz"), 10);
        assertThat(img.count()).isEqualTo(30);
        // labels of the source are i % 10, so the first 3 per class are indices 0..29 in order
        IdxImages full = IdxReader.readImages(src.resolve("train-images-idx3-ubyte"));
        assertThat(img.pixels()).isEqualTo(java.util.Arrays.copyOf(full.pixels(), 30 * 784));
        assertThat(lab[13]).isEqualTo((byte) 3);
    }

    /** Regenerates the bundled sample from the installed full data set and compares the decoded content. */
    @Test
    void bundledSampleIsReproducible() throws Exception {
        assumeTrue(Files.isDirectory(DataLocator.SYSTEM_FASHION_MNIST_DIR)
                && DataFiles.scan(DataLocator.SYSTEM_FASHION_MNIST_DIR).complete(), "full Fashion-MNIST not installed");
        Path out = tmp.resolve("regen");
        SampleMaker.make(DataLocator.SYSTEM_FASHION_MNIST_DIR, out, SampleMaker.TRAIN_PER_CLASS, SampleMaker.TEST_PER_CLASS);
        for (Split split : Split.values()) {
            IdxDataset bundled = BundledSample.load(split);
            IdxImages regenerated = IdxReader.readImages(out.resolve(split.imagesFile() + ".gz"));
            byte[] labels = IdxReader.readLabels(out.resolve(split.labelsFile() + ".gz"), 10);
            assertThat(regenerated.count()).isEqualTo(bundled.size());
            for (int i = 0; i < bundled.size(); i++) {
                assertThat(labels[i] & 0xFF).isEqualTo(bundled.label(i));
            }
            for (int i = 0; i < bundled.size(); i += 97) {
                for (int p = 0; p < 784; p++) {
                    assertThat(regenerated.pixels()[i * 784 + p] & 0xFF).isEqualTo(bundled.pixel(i, p));
                }
            }
        }
    }
}
