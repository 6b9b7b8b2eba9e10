package org.snn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.data.Datasets;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.loss.CrossEntropyMembraneLoss;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.Provenance;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.optim.Schedules;
import org.snn4j.core.train.Trainer;
import org.snn4j.data.BundledSample;
import org.snn4j.data.DataSource;
import org.snn4j.io.ModelFile;

/** The README's Java example, run as written but on a slice of the bundled sample with T = 10. */
class ReadmeExampleTest {

    @TempDir
    Path tmp;

    @Test
    void readmeApiExampleRunsAndLearns() throws Exception {
        try (Kernels kernels = Kernels.create(2)) {
            DataSource data = BundledSample.load();
            Dataset train = Datasets.range(data.train(), 0, 1500);
            Dataset test = Datasets.range(data.test(), 0, 500);
            Network net = Network.builder(784).linear(1000).lif(0.95f).linear(10).lif(0.95f).build(42);
            Trainer trainer = Trainer.builder(net).loss(new CrossEntropyMembraneLoss()).optimizer(new Adam(2e-3f))
                    .schedule(Schedules.cosine(2e-3f, 0f)).encoder(new DirectEncoder())
                    .steps(10).batchSize(128).epochs(1).seed(42).kernels(kernels).build();
            trainer.fit(train, test);
            double accuracy = trainer.evaluate(test).accuracy();
            assertThat(accuracy).isGreaterThan(0.5);
            Path file = tmp.resolve("model.snn4j");
            ModelFile.save(new Model(net, "direct", 10, "ce-membrane", "fashion-mnist", List.of(),
                    Provenance.capture(42, 2, Map.of())), file);
            Model loaded = ModelFile.load(file);
            assertThat(loaded.network().spec()).isEqualTo(net.spec());
            assertThat(loaded.network().parameters().get(0).value()).isEqualTo(net.parameters().get(0).value());
        }
    }
}
