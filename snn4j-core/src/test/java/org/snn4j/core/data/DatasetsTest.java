package org.snn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;

class DatasetsTest {

    @Test
    void inMemoryDatasetValidatesAndCopiesRows() {
        InMemoryDataset ds = new InMemoryDataset("t", Shape.of(3), 2, new float[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1});
        float[] dst = new float[5];
        ds.copyFeatures(1, dst, 1);
        assertThat(dst).containsExactly(0, 4, 5, 6, 0);
        assertThat(ds.label(1)).isEqualTo(1);
        assertThatThrownBy(() -> new InMemoryDataset("t", Shape.of(3), 2, new float[5], new int[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features length 5 != labels (2) x sample size 3");
        assertThatThrownBy(() -> new InMemoryDataset("t", Shape.of(1), 2, new float[3], new int[] {0, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 2 at index 2 is outside [0, 2)");
        assertThatThrownBy(() -> ds.label(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void subsetAndRangeMapIndices() {
        InMemoryDataset base = DataLoaderTest.indexed(10);
        Dataset sub = Datasets.subset(base, "sub", new int[] {9, 2, 2});
        float[] dst = new float[2];
        sub.copyFeatures(0, dst, 0);
        assertThat(dst).containsExactly(9f, 9.5f);
        assertThat(sub.label(1)).isEqualTo(2);
        assertThat(sub.size()).isEqualTo(3);
        Dataset range = Datasets.range(base, 3, 6);
        assertThat(range.size()).isEqualTo(3);
        assertThat(range.label(0)).isEqualTo(3);
        assertThat(range.name()).isEqualTo("indexed[3:6]");
        assertThatThrownBy(() -> Datasets.subset(base, "bad", new int[] {0, 10}))
                .hasMessageContaining("subset index 10 at position 1 is outside [0, 10)");
    }

    @Test
    void splitIsDisjointCompleteAndSeeded() {
        InMemoryDataset base = DataLoaderTest.indexed(100);
        Datasets.Split s = Datasets.split(base, 0.2, 5);
        assertThat(s.validation().size()).isEqualTo(20);
        assertThat(s.train().size()).isEqualTo(80);
        int[] all = IntStream.concat(ids(s.train()), ids(s.validation())).sorted().toArray();
        assertThat(all).isEqualTo(Datasets.identity(100));
        assertThat(ids(Datasets.split(base, 0.2, 5).validation()).toArray()).isEqualTo(ids(s.validation()).toArray());
        assertThat(ids(Datasets.split(base, 0.2, 6).validation()).toArray()).isNotEqualTo(ids(s.validation()).toArray());
        assertThatThrownBy(() -> Datasets.split(base, 1.5, 0)).hasMessageContaining("got 1.5");
    }

    @Test
    void classCountsCountLabels() {
        assertThat(Datasets.classCounts(DataLoaderTest.indexed(15))).containsExactly(3, 2, 2, 2, 2, 2, 2);
    }

    private static IntStream ids(Dataset d) {
        float[] f = new float[2];
        return IntStream.range(0, d.size()).map(i -> {
            d.copyFeatures(i, f, 0);
            return (int) f[0];
        });
    }

    @Test
    void fisherYatesIsAPermutation() {
        int[] a = Datasets.identity(50);
        Datasets.shuffle(a, new java.util.SplittableRandom(1));
        assertThat(Arrays.stream(a).sorted().toArray()).isEqualTo(Datasets.identity(50));
        assertThat(a).isNotEqualTo(Datasets.identity(50));
    }
}
