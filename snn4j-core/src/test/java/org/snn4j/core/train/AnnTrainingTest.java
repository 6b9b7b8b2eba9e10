package org.snn4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Qcfs;
import org.snn4j.core.loss.CrossEntropyCountLoss;
import org.snn4j.core.network.Network;
import org.snn4j.core.optim.Adam;

/** Plain ANNs (no spiking layer) trained with T = 1, direct input and ce-count (softmax CE on logits). */
class AnnTrainingTest {

    private static List<TrainingListener.EpochReport> fit(Network net, Kernels k) {
        List<TrainingListener.EpochReport> epochs = new ArrayList<>();
        Trainer.builder(net).loss(new CrossEntropyCountLoss()).optimizer(new Adam(5e-3f)).encoder(new DirectEncoder())
                .steps(1).batchSize(32).epochs(3).seed(5).kernels(k).listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport r) {
                        epochs.add(r);
                    }
                }).build().fit(TrainerTest.prototypes(800, 1), TrainerTest.prototypes(400, 2));
        return epochs;
    }

    @Test
    void reluNetworkLearnsWithTheTrainer() {
        Network net = Network.builder(24).linear(64).relu().linear(4).build(1);
        try (Kernels k = Kernels.create(1)) {
            Evaluation before = Evaluator.evaluate(net, TrainerTest.prototypes(400, 2), new DirectEncoder(),
                    new CrossEntropyCountLoss(), 1, 100, 0, k);
            List<TrainingListener.EpochReport> epochs = fit(net, k);
            assertThat(epochs).hasSize(3);
            assertThat(epochs.get(2).trainLoss()).isLessThan(epochs.get(0).trainLoss());
            assertThat(epochs.get(2).validation().loss()).isLessThan(before.loss());
            assertThat(epochs.get(2).validation().accuracy()).isGreaterThan(0.9);
        }
    }

    @Test
    void qcfsNetworkLearnsAndTrainsItsThreshold() {
        Network net = Network.builder(24).linear(64).qcfs(4).linear(4).build(1);
        Qcfs q = (Qcfs) net.layers().get(1);
        assertThat(q.threshold()).isEqualTo(8f);
        try (Kernels k = Kernels.create(1)) {
            List<TrainingListener.EpochReport> epochs = fit(net, k);
            assertThat(epochs.get(2).trainLoss()).isLessThan(epochs.get(0).trainLoss());
            assertThat(epochs.get(2).validation().accuracy()).isGreaterThan(0.9);
        }
        assertThat(q.threshold()).isNotEqualTo(8f).isPositive();
    }
}
