package org.snn4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.data.InMemoryDataset;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.encode.RateEncoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.loss.CrossEntropyCountLoss;
import org.snn4j.core.loss.CrossEntropyMembraneLoss;
import org.snn4j.core.network.Network;
import org.snn4j.core.optim.Adam;

class TrainerTest {

    /** Four classes, each a noisy prototype over 24 features in [0, 1]. */
    static InMemoryDataset prototypes(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(99);
        int f = 24;
        int classes = 4;
        float[][] proto = new float[classes][f];
        for (float[] p : proto) {
            for (int i = 0; i < f; i++) {
                p[i] = rnd.nextDouble() < 0.5 ? 0.1f : 0.9f;
            }
        }
        SplittableRandom noise = new SplittableRandom(seed);
        float[] x = new float[n * f];
        int[] y = new int[n];
        for (int s = 0; s < n; s++) {
            y[s] = s % classes;
            for (int i = 0; i < f; i++) {
                x[s * f + i] = (float) Math.min(1, Math.max(0, proto[y[s]][i] + noise.nextGaussian() * 0.25));
            }
        }
        return new InMemoryDataset("prototypes", Shape.of(f), classes, x, y);
    }

    private static Trainer.Builder trainer(Network net, Kernels k) {
        return Trainer.builder(net).loss(new CrossEntropyMembraneLoss()).optimizer(new Adam(5e-3f))
                .encoder(new DirectEncoder()).steps(8).batchSize(32).epochs(3).seed(5).kernels(k);
    }

    @Test
    void learnsSeparableClassesWellAboveChance() {
        Network net = Network.builder(24).linear(64).lif(0.9f).linear(4).lif(0.9f).build(1);
        try (Kernels k = Kernels.create(2)) {
            Evaluation before = Evaluator.evaluate(net, prototypes(400, 2), new DirectEncoder(),
                    new CrossEntropyMembraneLoss(), 8, 100, 0, k);
            List<TrainingListener.EpochReport> epochs = new ArrayList<>();
            trainer(net, k).listener(new TrainingListener() {
                @Override
                public void onEpochEnd(EpochReport r) {
                    epochs.add(r);
                }
            }).build().fit(prototypes(800, 1), prototypes(400, 2));
            assertThat(epochs).hasSize(3);
            assertThat(epochs.get(2).trainLoss()).isLessThan(epochs.get(0).trainLoss());
            Evaluation after = epochs.get(2).validation();
            assertThat(after.samples()).isEqualTo(400);
            assertThat(after.accuracy()).isGreaterThan(0.9).isGreaterThan(before.accuracy() + 0.3);
            int total = 0;
            for (int[] row : after.confusion()) {
                for (int v : row) {
                    total += v;
                }
            }
            assertThat(total).isEqualTo(400);
        }
    }

    @Test
    void sameSeedGivesIdenticalWeightsForAnyThreadCount() {
        float[][] runs = new float[3][];
        int[] threads = {1, 1, 2};
        for (int r = 0; r < 3; r++) {
            Network net = Network.builder(24).linear(40).dropout(0.2f).lif(0.9f).linear(4).lif(0.9f).build(11);
            try (Kernels k = Kernels.create(threads[r])) {
                Trainer.builder(net).loss(new CrossEntropyCountLoss()).optimizer(new Adam(5e-3f))
                        .encoder(new RateEncoder(1f)).steps(6).batchSize(16).epochs(1).seed(8).kernels(k)
                        .build().fit(prototypes(160, 1), null);
            }
            runs[r] = flatten(net.parameters());
        }
        assertThat(runs[1]).isEqualTo(runs[0]);
        assertThat(runs[2]).isEqualTo(runs[0]);
        Network fresh = Network.builder(24).linear(40).dropout(0.2f).lif(0.9f).linear(4).lif(0.9f).build(11);
        assertThat(flatten(fresh.parameters())).isNotEqualTo(runs[0]);
    }

    @Test
    void rejectsDataOfTheWrongShape() {
        Network net = Network.builder(10).linear(4).lif(0.9f).build(1);
        try (Kernels k = Kernels.create(1)) {
            Trainer t = trainer(net, k).build();
            assertThatThrownBy(() -> t.fit(prototypes(64, 1), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[24]").hasMessageContaining("[10]");
        }
        assertThatThrownBy(() -> Trainer.builder(net).epochs(-1)).hasMessageContaining("epochs").hasMessageContaining("-1");
        assertThatThrownBy(() -> Trainer.builder(net).steps(0)).hasMessageContaining("time steps");
    }

    private static float[] flatten(List<Parameter> ps) {
        int n = 0;
        for (Parameter p : ps) {
            n += p.size();
        }
        float[] all = new float[n];
        int o = 0;
        for (Parameter p : ps) {
            System.arraycopy(p.value(), 0, all, o, p.size());
            o += p.size();
        }
        return all;
    }
}
