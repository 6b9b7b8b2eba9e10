package org.snn4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
