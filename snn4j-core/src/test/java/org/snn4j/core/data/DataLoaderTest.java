package org.snn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;

class DataLoaderTest {

    /** Sample i has features {i, i + 0.5} and label i % 7. */
    static InMemoryDataset indexed(int n) {
        float[] f = new float[2 * n];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            f[2 * i] = i;
            f[2 * i + 1] = i + 0.5f;
            l[i] = i % 7;
        }
        return new InMemoryDataset("indexed", Shape.of(2), 7, f, l);
    }

    static List<Batch> all(DataLoader loader, int epoch) {
        List<Batch> out = new ArrayList<>();
        try (DataLoader.BatchIterator it = loader.epoch(epoch)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** Sample indices delivered, in order, decoded from feature 0. */
    static int[] indices(List<Batch> batches) {
        return batches.stream().flatMapToInt(b -> {
            int[] idx = new int[b.size()];
            for (int r = 0; r < b.size(); r++) {
                idx[r] = (int) b.features()[2 * r];
            }
            return Arrays.stream(idx);
        }).toArray();
    }

    @Test
    void sequentialBatchesHaveExactContentAndPartialLastBatch() {
        DataLoader loader = DataLoader.builder(indexed(10), 4).build();
        assertThat(loader.numBatches()).isEqualTo(3);
        List<Batch> batches = all(loader, 0);
        assertThat(batches).extracting(Batch::size).containsExactly(4, 4, 2);
        Batch last = batches.get(2);
        assertThat(last.features()).containsExactly(8f, 8.5f, 9f, 9.5f);
        assertThat(last.labels()).containsExactly(1, 2);
        assertThat(batches.get(0).labels()).containsExactly(0, 1, 2, 3);
        assertThat(last.featuresPerSample()).isEqualTo(2);
    }

    @Test
    void dropLastSkipsTheShortBatch() {
        DataLoader loader = DataLoader.builder(indexed(10), 4).lastBatch(DataLoader.LastBatch.DROP).build();
        assertThat(loader.numBatches()).isEqualTo(2);
        assertThat(loader.samplesPerEpoch()).isEqualTo(8);
        assertThat(all(loader, 0)).extracting(Batch::size).containsExactly(4, 4);
        assertThatThrownBy(() -> DataLoader.builder(indexed(3), 4).lastBatch(DataLoader.LastBatch.DROP).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 samples < batch size 4");
    }

    @Test
    void limitUsesTheFirstSamplesOnly() {
        DataLoader loader = DataLoader.builder(indexed(100), 8).limit(20).shuffled(3).build();
        int[] seen = indices(all(loader, 0));
        assertThat(seen).hasSize(20);
        assertThat(Arrays.stream(seen).sorted().toArray()).isEqualTo(Datasets.identity(20));
        assertThatThrownBy(() -> DataLoader.builder(indexed(10), 4).limit(11).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit 11 exceeds the 10 samples");
    }

    @Test
    void shuffledEpochCoversEveryIndexExactlyOnceAndDiffersPerEpoch() {
        DataLoader loader = DataLoader.builder(indexed(257), 16).shuffled(42).build();
        int[] e0 = indices(all(loader, 0));
        int[] e1 = indices(all(loader, 1));
        assertThat(Arrays.stream(e0).sorted().toArray()).isEqualTo(Datasets.identity(257));
        assertThat(Arrays.stream(e1).sorted().toArray()).isEqualTo(Datasets.identity(257));
        assertThat(e0).isNotEqualTo(e1).isNotEqualTo(Datasets.identity(257));
        assertThat(e0).isEqualTo(loader.epochOrder(0));
        // labels follow the features
        for (Batch b : all(loader, 1)) {
            for (int r = 0; r < b.size(); r++) {
                assertThat(b.labels()[r]).isEqualTo(((int) b.features()[2 * r]) % 7);
            }
        }
    }

    @Test
    void sameSeedSameBatchesDifferentSeedDifferentOrder() {
        DataLoader a = DataLoader.builder(indexed(100), 10).shuffled(7).build();
        DataLoader b = DataLoader.builder(indexed(100), 10).shuffled(7).build();
        DataLoader c = DataLoader.builder(indexed(100), 10).shuffled(8).build();
        assertThat(indices(all(a, 3))).isEqualTo(indices(all(b, 3)));
        assertThat(indices(all(a, 3))).isNotEqualTo(indices(all(c, 3)));
    }

    @Test
    void prefetchGivesTheSameBatchesAsDirect() {
        InMemoryDataset ds = indexed(1000);
        DataLoader direct = DataLoader.builder(ds, 33).shuffled(11).build();
        DataLoader pre = DataLoader.builder(ds, 33).shuffled(11).prefetch(3).build();
        for (int e = 0; e < 3; e++) {
            List<Batch> x = all(direct, e);
            List<Batch> y = all(pre, e);
            assertThat(y).hasSameSizeAs(x);
            for (int k = 0; k < x.size(); k++) {
                assertThat(y.get(k).features()).isEqualTo(x.get(k).features());
                assertThat(y.get(k).labels()).isEqualTo(x.get(k).labels());
            }
        }
    }

    @Test
    void earlyCloseStopsTheProducerThread() throws Exception {
        DataLoader loader = DataLoader.builder(indexed(10_000), 10).prefetch(2).build();
        DataLoader.Prefetching it = (DataLoader.Prefetching) loader.epoch(0);
        Batch first = it.next();
        assertThat(first.labels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 0, 1, 2);
        Thread producer = it.producer();
        // the producer is blocked on the full queue: 1000 batches cannot all be ready
        assertThat(producer.isAlive()).isTrue();
        it.close();
        assertThat(producer.isAlive()).isFalse();
        assertThat(it.hasNext()).isFalse();
        it.close(); // idempotent
    }

    @Test
    void producerFinishesAfterLastBatch() throws Exception {
        DataLoader loader = DataLoader.builder(indexed(50), 10).prefetch(4).build();
        DataLoader.Prefetching it = (DataLoader.Prefetching) loader.epoch(0);
        int n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        assertThat(n).isEqualTo(5);
        it.producer().join(TimeUnit.SECONDS.toMillis(5));
        assertThat(it.producer().isAlive()).isFalse();
    }

    /** Throws on sample 25. */
    static class Failing implements Dataset {
        final Dataset base = indexed(40);

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public int size() {
            return base.size();
        }

        @Override
        public Shape sampleShape() {
            return base.sampleShape();
        }

        @Override
        public int numClasses() {
            return base.numClasses();
        }

        @Override
        public int label(int index) {
            return base.label(index);
        }

        @Override
        public void copyFeatures(int index, float[] dst, int dstOff) {
            if (index == 25) {
                throw new ArithmeticException("broken sample 25");
            }
            base.copyFeatures(index, dst, dstOff);
        }
    }

    @Test
    void producerExceptionSurfacesInConsumerAtTheRightBatch() {
        for (int depth : new int[] {0, 2}) {
            DataLoader loader = DataLoader.builder(new Failing(), 10).prefetch(depth).build();
            try (DataLoader.BatchIterator it = loader.epoch(0)) {
                it.next();
                it.next();
                assertThatThrownBy(() -> {
                    it.hasNext();
                    it.next();
                })
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("batch 2 of epoch 0 from data set failing")
                        .hasRootCauseInstanceOf(ArithmeticException.class)
                        .hasRootCauseMessage("broken sample 25");
            }
        }
    }

    @Test
    void producerRunsAheadOfTheConsumer() throws Exception {
        CountDownLatch reads = new CountDownLatch(30);
        Dataset counting = new Failing() {
            @Override
            public void copyFeatures(int index, float[] dst, int dstOff) {
                reads.countDown();
                base.copyFeatures(index, dst, dstOff);
            }
        };
        DataLoader loader = DataLoader.builder(counting, 10).prefetch(3).build();
        try (DataLoader.BatchIterator it = loader.epoch(0)) {
            // three batches are prepared without the consumer asking for any
            assertThat(reads.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(it.next().size()).isEqualTo(10);
        }
    }

    @Test
    void builderRejectsBadArguments() {
        assertThatThrownBy(() -> DataLoader.builder(indexed(5), 0)).hasMessageContaining("batchSize must be >= 1, got 0");
        assertThatThrownBy(() -> DataLoader.builder(indexed(5), 2).prefetch(-1)).hasMessageContaining("[0, 64], got -1");
        assertThatThrownBy(() -> DataLoader.builder(indexed(5), 2).build().epochOrder(-1)).hasMessageContaining("epoch must be >= 0");
    }
}
