package org.snn4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.data.Batch;
import org.snn4j.core.data.DataLoader;
import org.snn4j.core.data.Datasets;

class BundledSampleTest {

    static DataSource sample;

    @BeforeAll
    static void load() throws Exception {
        sample = BundledSample.load();
    }

    @Test
    void sizesAndClassBalance() {
        assertThat(sample.train().size()).isEqualTo(BundledSample.TRAIN_SIZE).isEqualTo(6000);
        assertThat(sample.test().size()).isEqualTo(BundledSample.TEST_SIZE).isEqualTo(1000);
        assertThat(Datasets.classCounts(sample.train())).containsOnly(600).hasSize(10);
        assertThat(Datasets.classCounts(sample.test())).containsOnly(100).hasSize(10);
        assertThat(sample.train().sampleShape()).isEqualTo(Shape.of(1, 28, 28));
        assertThat(sample.train().name()).isEqualTo("fashion-mnist-sample/train");
        assertThat(sample.dataset()).isEqualTo(DatasetName.FASHION_MNIST);
    }

    @Test
    void firstSamplesAreTheFirstOfTheOriginalFile() {
        // Fashion-MNIST train starts with labels 9 0 0 3 0 2 7 2 5 5; test with 9 2 1 1 6 1 4 6 5 7
        int[] train = new int[10];
        int[] test = new int[10];
        for (int i = 0; i < 10; i++) {
            train[i] = sample.train().label(i);
            test[i] = sample.test().label(i);
        }
        assertThat(train).containsExactly(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
        assertThat(test).containsExactly(9, 2, 1, 1, 6, 1, 4, 6, 5, 7);
        assertThat(sample.train().classNames().get(9)).isEqualTo("Ankle boot");
    }

    @Test
    void featuresLieInUnitIntervalAndAreNotBlank() {
        float[] f = new float[784];
        double sum = 0;
        float max = 0;
        for (int i = 0; i < 100; i++) {
            sample.test().copyFeatures(i, f, 0);
            for (float v : f) {
                assertThat(v).isBetween(0f, 1f);
                sum += v;
                max = Math.max(max, v);
            }
        }
        assertThat(max).isEqualTo(1f);
        // mean pixel intensity of Fashion-MNIST is about 0.29
        assertThat(sum / (100 * 784)).isBetween(0.2, 0.4);
    }

    @Test
    void loaderOverTheSample() {
        DataLoader loader = DataLoader.builder(sample.train(), 128).shuffled(1).prefetch(2).build();
        assertThat(loader.numBatches()).isEqualTo(47);
        int n = 0;
        try (DataLoader.BatchIterator it = loader.epoch(0)) {
            while (it.hasNext()) {
                Batch b = it.next();
                assertThat(b.featuresPerSample()).isEqualTo(784);
                n += b.size();
            }
        }
        assertThat(n).isEqualTo(6000);
    }

    @Test
    void licenceAndReadmeAreBundled() throws Exception {
        try (InputStream in = BundledSample.class.getResourceAsStream(BundledSample.RESOURCE_DIR + "LICENSE")) {
            assertThat(in).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains("Copyright (c) 2017 Zalando SE").contains("Permission is hereby granted, free of charge");
        }
        try (InputStream in = BundledSample.class.getResourceAsStream(BundledSample.RESOURCE_DIR + "README.md")) {
            assertThat(in).isNotNull();
        }
    }
}
