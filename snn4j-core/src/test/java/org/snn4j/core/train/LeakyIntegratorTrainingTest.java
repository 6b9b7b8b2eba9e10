package org.snn4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.loss.CrossEntropyCountLoss;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.LearnMode;
import org.snn4j.core.neuron.LiSpec;
import org.snn4j.core.optim.Adam;

/**
 * Linear → leaky integrator trained with the {@link Trainer} and {@code ce-count} (score
 * {@code Σ_t U[t]}): the loss decreases, α and β move, and the time-invariant and checkpointed
 * executions follow the same trajectory.
 */
class LeakyIntegratorTrainingTest {

    private static Network net() {
        return Network.builder(24).linear(4).add(LiSpec.builder().beta(0.8f).alpha(0.3f)
                .learnBeta(LearnMode.PER_NEURON).learnAlpha(LearnMode.SHARED).build()).build(2);
    }

    private static List<Double> fit(Network net, Kernels k, boolean fold, int checkpoint) {
        List<Double> losses = new ArrayList<>();
        Trainer.builder(net).loss(new CrossEntropyCountLoss()).optimizer(new Adam(2e-3f)).encoder(new DirectEncoder())
                .steps(6).batchSize(32).epochs(3).seed(5).kernels(k).foldTimeInvariantInput(fold)
                .checkpointSegment(checkpoint).listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochReport r) {
                        losses.add(r.trainLoss());
                    }
                }).build().fit(TrainerTest.prototypes(320, 1), null);
        return losses;
    }

    @Test
    void lossDecreasesAndDecaysAreTrained() {
        try (Kernels k = Kernels.create(1)) {
            Network net = net();
            List<Double> losses = fit(net, k, true, 0);
            assertThat(losses).hasSize(3);
            assertThat(losses.get(2)).isLessThan(losses.get(0) * 0.8);
            Parameter alpha = net.parameters().stream().filter(p -> p.name().equals("alpha")).findFirst().orElseThrow();
            Parameter beta = net.parameters().stream().filter(p -> p.name().equals("beta")).findFirst().orElseThrow();
            assertThat(alpha.value()[0]).isNotEqualTo(0.3f);
            assertThat(beta.value()).hasSize(4).doesNotContain(0.8f);
            // the broadcast input and checkpointing follow the same trajectory (up to float rounding)
            for (List<Double> other : List.of(fit(net(), k, false, 0), fit(net(), k, false, 4))) {
                for (int e = 0; e < 3; e++) {
                    assertThat(other.get(e)).isCloseTo(losses.get(e), Offset.offset(1e-4 * losses.get(0)));
                }
            }
        }
    }
}
