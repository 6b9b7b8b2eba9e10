package org.snn4j.core.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.data.InMemoryDataset;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Network;

class TimeSweepTest {

    /**
     * A network whose output is the same at every step (one Linear layer): the summed read-out
     * has the same argmax at every checkpoint, so every checkpoint's accuracy is that of the
     * one-step output.
     */
    @Test
    void timeInvariantOutputGivesTheSameAccuracyAtEveryCheckpoint() {
        Network net = Network.builder(6).linear(3).build(5);
        SplittableRandom r = new SplittableRandom(2);
        int n = 40;
        float[] x = new float[n * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3);
        }
        InMemoryDataset data = new InMemoryDataset("toy", Shape.of(6), 3, x, labels);
        try (Kernels k = Kernels.create(1)) {
            float[] out = net.forward(x, new RunContext(1, n, false, 1, k)).output();
            int correct = 0;
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < 3; c++) {
                    if (out[i * 3 + c] > out[i * 3 + best]) {
                        best = c;
                    }
                }
                correct += best == labels[i] ? 1 : 0;
            }
            TimeSweep.Result res = TimeSweep.evaluate(net, data, n, new int[] {1, 2, 8}, 7, 1, k);
            assertThat(res.steps()).containsExactly(1, 2, 8);
            assertThat(res.samples()).isEqualTo(n);
            for (double a : res.accuracy()) {
                assertThat(a).isEqualTo(correct / (double) n);
            }
            assertThatThrownBy(() -> TimeSweep.evaluate(net, data, n, new int[] {4, 2}, 7, 1, k))
                    .hasMessageContaining("increasing");
            assertThatThrownBy(() -> TimeSweep.evaluate(net, data, n + 1, new int[] {1}, 7, 1, k))
                    .hasMessageContaining("samples");
            InMemoryDataset wrong = new InMemoryDataset("wrong", Shape.of(5), 3, new float[5], new int[] {0});
            assertThatThrownBy(() -> TimeSweep.evaluate(net, wrong, 1, new int[] {1}, 7, 1, k))
                    .hasMessageContaining("takes 6");
        }
    }
}
