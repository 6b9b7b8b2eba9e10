package org.snn4j.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.network.NetworkOutput;

class LossesTest {

    /** T=2, B=2, N=3; counts b0 = [2,0,1], b1 = [0,1,2]. */
    private static NetworkOutput spikes() {
        float[] out = {
            1, 0, 0, /* t0 b0 */ 0, 1, 1, /* t0 b1 */
            1, 0, 1, /* t1 b0 */ 0, 0, 1 /* t1 b1 */
        };
        return new NetworkOutput(out, null, 2, 2, 3);
    }

    @Test
    void ceCountMatchesHandComputedValueAndGradient() {
        float[] grad = new float[12];
        float[] gradMem = new float[12];
        Arrays.fill(gradMem, Float.NaN);
        float loss = new CrossEntropyCountLoss().compute(spikes(), new int[] {0, 1}, grad, gradMem);
        // b0: log(e²+1+e) − 2, b1: log(1+e+e²) − 1, mean
        assertThat(loss).isCloseTo(0.9076059644f, within(1e-6f));
        float[] perStep = {-0.1673795221f, 0.0450152866f, 0.1223642355f, 0.0450152866f, -0.3776357645f, 0.3326204779f};
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 6; i++) {
                assertThat(grad[t * 6 + i]).isCloseTo(perStep[i], within(1e-6f));
            }
        }
        assertThat(gradMem).containsOnly(0f);
    }

    @Test
    void ceMembraneSumsPerStepBatchMeanCrossEntropy() {
        // T=2, B=2, N=2, labels [0, 1]
        float[] mem = {1, 0, 0.5f, -0.5f, 0, 0, 2, 1};
        NetworkOutput out = new NetworkOutput(new float[8], mem, 2, 2, 2);
        float[] gradMem = new float[8];
        float[] gradOut = new float[8];
        Arrays.fill(gradOut, 7f);
        Loss loss = new CrossEntropyMembraneLoss();
        float value = loss.compute(out, new int[] {0, 1}, gradOut, gradMem);
        assertThat(value).isCloseTo(1.8164661216f, within(1e-6f));
        float[] expected = {-0.1344707107f, 0.1344707107f, 0.3655292893f, -0.3655292893f,
            -0.25f, 0.25f, 0.3655292893f, -0.3655292893f};
        for (int i = 0; i < 8; i++) {
            assertThat(gradMem[i]).as("gradMem[%d]", i).isCloseTo(expected[i], within(1e-6f));
        }
        assertThat(gradOut).containsOnly(0f);
        assertThat(loss.usesMembrane()).isTrue();
        assertThat(loss.usesOutput()).isFalse();
    }

    @Test
    void mseCountMatchesSnnTorchReduction() {
        // T=5, B=1, N=2, rates 0.8/0.2 → targets 4 and 1; counts [3, 2], label 0
        float[] out = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
        NetworkOutput o = new NetworkOutput(out, null, 5, 1, 2);
        float[] grad = new float[10];
        MseCountLoss loss = MseCountLoss.defaults();
        float value = loss.compute(o, new int[] {0}, grad, null);
        // mean over [B,N] of (c − τ)² = (1 + 1)/2 = 1, divided by T = 5
        assertThat(value).isCloseTo(0.2f, within(1e-7f));
        for (int t = 0; t < 5; t++) {
            assertThat(grad[t * 2]).isCloseTo(-0.2f, within(1e-7f));
            assertThat(grad[t * 2 + 1]).isCloseTo(0.2f, within(1e-7f));
        }
    }

    @Test
    void mseCountTargetsTruncateLikePythonInt() {
        MseCountLoss loss = new MseCountLoss(0.7, 0.29);
        assertThat(loss.onTarget(10)).isEqualTo(7);
        assertThat(loss.offTarget(100)).isEqualTo(28); // int(100 * 0.29) == 28 in Python
        assertThat(MseCountLoss.defaults().onTarget(25)).isEqualTo(20);
        assertThat(MseCountLoss.defaults().offTarget(25)).isEqualTo(5);
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        int steps = 3;
        int batch = 2;
        int classes = 4;
        int size = steps * batch * classes;
        SplittableRandom rng = new SplittableRandom(42);
        float[] out = new float[size];
        float[] mem = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) rng.nextDouble();
            mem[i] = (float) (rng.nextDouble() * 4 - 2);
        }
        int[] labels = {3, 1};
        Loss[] losses = {new CrossEntropyCountLoss(), new CrossEntropyMembraneLoss(), new MseCountLoss(0.8, 0.2)};
        for (Loss loss : losses) {
            float[] target = loss.usesMembrane() ? mem : out;
            float[] gOut = new float[size];
            float[] gMem = new float[size];
            NetworkOutput o = new NetworkOutput(out, mem, steps, batch, classes);
            loss.compute(o, labels, gOut, gMem);
            float[] analytic = loss.usesMembrane() ? gMem : gOut;
            float h = 1e-2f;
            for (int i = 0; i < size; i++) {
                float keep = target[i];
                target[i] = keep + h;
                double up = loss.compute(o, labels, null, null);
                target[i] = keep - h;
                double down = loss.compute(o, labels, null, null);
                target[i] = keep;
                double numeric = (up - down) / ((keep + h) - (keep - h));
                assertThat((double) analytic[i]).as("%s dL/d[%d]", loss.name(), i)
                        .isCloseTo(numeric, within(2e-4));
            }
        }
    }

    @Test
    void readoutsAndArgmax() {
        NetworkOutput o = spikes();
        float[] counts = new CrossEntropyCountLoss().scores(o);
        assertThat(counts).containsExactly(2, 0, 1, 0, 1, 2);
        assertThat(Readout.argmax(counts, 2, 3)).containsExactly(0, 2);
        assertThat(Readout.argmax(new float[] {1, 3, 3}, 1, 3)).containsExactly(1);

        float[] mem = {1, 0, 0.5f, -0.5f, -3, 0, 2, 1};
        NetworkOutput m = new NetworkOutput(new float[] {0, 1, 1, 0, 0, 1, 1, 0}, mem, 2, 2, 2);
        float[] sum = new CrossEntropyMembraneLoss().scores(m);
        assertThat(sum).containsExactly(-2, 0, 2.5f, 0.5f);
        assertThat(Readout.argmax(sum, 2, 2)).containsExactly(1, 0);
        float[] viaSpikes = new CrossEntropyMembraneLoss(Readout.SPIKE_COUNT).scores(m);
        assertThat(viaSpikes).containsExactly(0, 2, 2, 0);
    }

    @Test
    void factoryAndErrors() {
        assertThat(Losses.byName("ce-count")).isInstanceOf(CrossEntropyCountLoss.class);
        assertThat(Losses.byName(" CE-Membrane ").name()).isEqualTo("ce-membrane");
        assertThat(Losses.byName("mse-count")).isEqualTo(new MseCountLoss(0.8, 0.2));
        assertThatThrownBy(() -> Losses.byName("hinge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hinge'").hasMessageContaining("ce-count, ce-membrane, mse-count");
        assertThatThrownBy(() -> new MseCountLoss(1.5, 0))
                .hasMessageContaining("correctRate").hasMessageContaining("1.5");
        assertThatThrownBy(() -> new CrossEntropyCountLoss().compute(spikes(), new int[] {0, 3}, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3");
        assertThatThrownBy(() -> new CrossEntropyMembraneLoss().compute(spikes(), new int[] {0, 1}, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("membrane");
        assertThatThrownBy(() -> new CrossEntropyCountLoss().compute(spikes(), new int[] {0, 1}, new float[5], null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gradOutput has 5");
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        float[] mem = {1000, 0, -1000, 999};
        NetworkOutput o = new NetworkOutput(new float[4], mem, 1, 2, 2);
        float[] g = new float[4];
        float loss = new CrossEntropyMembraneLoss().compute(o, new int[] {1, 1}, null, g);
        // b0: CE = 1000, b1: CE = log(1 + e^-1999) ≈ 0 → mean 500
        assertThat(loss).isCloseTo(500f, within(1e-3f));
        assertThat(g).containsExactly(0.5f, -0.5f, 0f, 0f);
    }
}
