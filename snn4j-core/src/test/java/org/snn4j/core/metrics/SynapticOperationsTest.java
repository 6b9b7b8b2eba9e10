package org.snn4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Monitor;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.RecurrentLeaky;
import org.snn4j.core.neuron.RlifSpec;

class SynapticOperationsTest {
    private static final Kernels KERNELS = Kernels.create(1);

    @AfterAll
    static void close() {
        KERNELS.close();
    }

    private static RunContext ctx(int steps, int batch) {
        return new RunContext(steps, batch, false, 1, KERNELS);
    }

    /** Linear 3 → 2 with W = [[1, 0], [0, 0], [2, −3]] (rows: inputs): fan-outs 1, 0, 2; dense 6. */
    private static Network smallLinear() {
        Network net = Network.builder(3).linear(2).build(1);
        Linear lin = (Linear) net.layers().get(0);
        System.arraycopy(new float[] {1, 0, 0, 0, 2, -3}, 0, lin.weight().value(), 0, 6);
        return net;
    }

    @Test
    void linearCountsNonZeroInputTimesNonZeroFanOutAndSplitsAcsFromMacs() {
        Network net = smallLinear();
        SynapticOperations ops = SynapticOperations.attach(net);
        // one step, two binary samples: (1·1 + 1·0) + (1·0 + 1·2) = 3 accumulates
        net.forward(new float[] {1, 1, 0, 0, 1, 1}, ctx(1, 2));
        assertThat(ops.samples()).isEqualTo(2);
        assertThat(ops.perSample()).isEqualTo(new OperationCounts(6, 0, 1.5));
        // one analog sample: 0.5 → 1 synapse, 0 → none, 2 → 2 synapses = 3 multiply-accumulates
        ops.reset();
        net.forward(new float[] {0.5f, 0, 2}, ctx(1, 1));
        assertThat(ops.perSample()).isEqualTo(new OperationCounts(6, 3, 0));
        // −1 counts as a spike (a sign, not a multiplication)
        ops.reset();
        net.forward(new float[] {-1, 0, 1}, ctx(1, 1));
        assertThat(ops.perSample()).isEqualTo(new OperationCounts(6, 0, 3));
    }

    @Test
    void classifiesEachStepOnItsOwnAndSumsStepsPerSample() {
        Network net = smallLinear();
        SynapticOperations ops = SynapticOperations.attach(net);
        // T = 2, B = 1: step 0 binary (input 2 → 2 ACs), step 1 analog (inputs 0, 2 → 1 + 2 MACs)
        net.forward(new float[] {0, 0, 1, 0.5f, 0, 2}, ctx(2, 1));
        assertThat(ops.perSampleUpTo(1)).isEqualTo(new OperationCounts(6, 0, 2));
        assertThat(ops.perSampleUpTo(2)).isEqualTo(new OperationCounts(12, 3, 2));
        assertThat(ops.perSample()).isEqualTo(ops.perSampleUpTo(2));
        assertThat(ops.perSampleUpTo(0)).isEqualTo(new OperationCounts(0, 0, 0));
        assertThatThrownBy(() -> ops.perSampleUpTo(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 2]");
        assertThat(ops.perLayer()).singleElement().satisfies(l -> {
            assertThat(l.layerIndex()).isEqualTo(0);
            assertThat(l.type()).isEqualTo("linear");
            assertThat(l.counts()).isEqualTo(new OperationCounts(12, 3, 2));
        });
    }

    @Test
    void convCountsOnlyTapsThatReachAnOutput() {
        // 1×3×3 input, one 2×2 kernel [[1, 0], [0, 1]], no padding: output 2×2
        Network net = Network.builder(1, 3, 3).conv2d(1, 2).build(1);
        Conv2d conv = (Conv2d) net.layers().get(0);
        System.arraycopy(new float[] {1, 0, 0, 1}, 0, conv.weight().value(), 0, 4);
        SynapticOperations ops = SynapticOperations.attach(net);
        float[] ones = new float[9];
        Arrays.fill(ones, 1f);
        net.forward(ones, ctx(1, 1));
        // 4 outputs × 2 non-zero taps; dense 4 outputs × 4 taps
        assertThat(ops.perSample()).isEqualTo(new OperationCounts(16, 0, 8));
        float[][] single = new float[3][9];
        single[0][4] = 1; // centre: meets all four taps, two of them non-zero
        single[1][0] = 1; // corner (0, 0): tap (0, 0) only
        single[2][2] = 1; // corner (0, 2): tap (0, 1) only, a zero weight
        double[] expected = {2, 1, 0};
        for (int k = 0; k < 3; k++) {
            ops.reset();
            net.forward(single[k], ctx(1, 1));
            assertThat(ops.perSample().effectiveAcs()).as("pixel case %d", k).isEqualTo(expected[k]);
            assertThat(ops.perSample().dense()).isEqualTo(16);
        }
    }

    /**
     * NeuroBench's formulation, independently: for every output pixel and every tap of its
     * {@code kh × kw} kernel whose input lies inside the image, count 1 (dense) or [x ≠ 0]·[w ≠ 0]
     * (effective).
     */
    private static long[] bruteForce(Conv2d conv, float[] x) {
        Conv2d.Spec s = conv.spec();
        int[] in = conv.inputShape().dims();
        int[] out = conv.outputShape().dims();
        int kh = s.kernelHeight();
        int kw = s.kernelWidth();
        int cinG = in[0] / s.groups();
        int coutG = out[0] / s.groups();
        float[] w = conv.weight().value();
        long dense = 0;
        long eff = 0;
        for (int o = 0; o < out[0]; o++) {
            for (int i = 0; i < out[1]; i++) {
                for (int j = 0; j < out[2]; j++) {
                    for (int cl = 0; cl < cinG; cl++) {
                        int c = (o / coutG) * cinG + cl;
                        for (int u = 0; u < kh; u++) {
                            for (int v = 0; v < kw; v++) {
                                int y = i * s.strideHeight() + u * s.dilationHeight() - s.paddingHeight();
                                int xx = j * s.strideWidth() + v * s.dilationWidth() - s.paddingWidth();
                                if (y < 0 || y >= in[1] || xx < 0 || xx >= in[2]) {
                                    continue;
                                }
                                dense++;
                                if (w[((o * cinG + cl) * kh + u) * kw + v] != 0f && x[(c * in[1] + y) * in[2] + xx] != 0f) {
                                    eff++;
                                }
                            }
                        }
                    }
                }
            }
        }
        return new long[] {dense, eff};
    }

    @Test
    void convMatchesTheOutputSideCountForStridePaddingDilationAndGroups() {
        SplittableRandom rng = new SplittableRandom(7);
        Conv2d.Spec[] specs = {
            Conv2d.Spec.builder(4, 3).padding(1).build(),
            Conv2d.Spec.builder(6, 3).stride(2).padding(1).build(),
            Conv2d.Spec.builder(4, 3).dilation(2).padding(2).build(),
            Conv2d.Spec.builder(4, 3).stride(2).groups(2).padding(1).build(),
            Conv2d.Spec.builder(2, 5).stride(3).padding(2).dilation(2).build(),
            // non-square kernels with per-direction stride, padding and dilation
            Conv2d.Spec.builder(4, 2).kernel(2, 3).stride(1, 2).padding(0, 1).dilation(2, 1).groups(2).build(),
            Conv2d.Spec.builder(3, 1).kernel(1, 5).padding(0, 2).build(),
            Conv2d.Spec.builder(2, 4).kernel(4, 1).stride(2, 1).padding(1, 0).dilation(1, 3).build(),
            Conv2d.Spec.builder(4, 3).kernel(3, 2).stride(3, 2).padding(2, 1).dilation(2, 2).groups(2).build(),
        };
        for (Conv2d.Spec spec : specs) {
            Network net = Network.builder(2, 9, 7).add(spec).build(3);
            Conv2d conv = (Conv2d) net.layers().get(0);
            float[] w = conv.weight().value();
            for (int i = 0; i < w.length; i++) {
                if (rng.nextDouble() < 0.4) {
                    w[i] = 0f;
                }
            }
            SynapticOperations ops = SynapticOperations.attach(net);
            float[] x = new float[2 * 9 * 7];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextDouble() < 0.3 ? 1f : 0f;
            }
            net.forward(x, ctx(1, 1));
            long[] ref = bruteForce(conv, x);
            assertThat(ops.perSample()).as(spec.toString()).isEqualTo(new OperationCounts(ref[0], 0, ref[1]));
        }
    }

    @Test
    void rectangularConvCountsEachDirectionWithItsOwnGeometry() {
        // 1×2×4 input, one 1×2 kernel [1, 0], stride (1, 2), no padding: output 2×2, and every input
        // column x meets exactly tap x mod 2 (a square reading of the geometry would give other counts)
        Network net = Network.builder(1, 2, 4).add(Conv2d.Spec.builder(1, 1).kernel(1, 2).stride(1, 2).build()).build(1);
        Conv2d conv = (Conv2d) net.layers().get(0);
        System.arraycopy(new float[] {1, 0}, 0, conv.weight().value(), 0, 2);
        SynapticOperations ops = SynapticOperations.attach(net);
        float[] ones = new float[8];
        Arrays.fill(ones, 1f);
        net.forward(ones, ctx(1, 1));
        // 4 outputs × 1 non-zero tap; dense 4 outputs × 2 taps
        assertThat(ops.perSample()).isEqualTo(new OperationCounts(8, 0, 4));
        for (int x = 0; x < 4; x++) {
            float[] single = new float[8];
            single[4 + x] = 1; // row 1, column x
            ops.reset();
            net.forward(single, ctx(1, 1));
            assertThat(ops.perSample().effectiveAcs()).as("column %d", x).isEqualTo(x % 2 == 0 ? 1 : 0);
        }
    }

    @Test
    void spikingLayersCountAcsAndTheAnalogFirstLayerMacsAtEveryStep() {
        int steps = 5;
        int batch = 3;
        Network net = Network.builder(4).linear(6).add(IfSpec.builder().threshold(0.5f).build()).linear(2).build(11);
        Monitor spikes = net.monitor(1);
        SynapticOperations ops = SynapticOperations.attach(net);
        float[] x = {0.9f, 0, 0.4f, 0.7f, 0, 0, 0, 0.2f, 1, 1, 0.3f, 0};
        net.forwardTimeInvariant(x, ctx(steps, batch));
        int[] firstFan = new int[4];
        float[] w1 = ((Linear) net.layers().get(0)).weight().value();
        for (int i = 0; i < 4; i++) {
            for (int o = 0; o < 6; o++) {
                firstFan[i] += w1[i * 6 + o] != 0f ? 1 : 0;
            }
        }
        long firstOps = 0;
        for (int i = 0; i < x.length; i++) {
            firstOps += x[i] != 0f ? firstFan[i % 4] : 0;
        }
        long spikeCount = 0;
        for (float s : spikes.output()) {
            spikeCount += s != 0f ? 1 : 0;
        }
        assertThat(spikeCount).isPositive();
        OperationCounts c = ops.perSample();
        assertThat(c.dense()).isEqualTo(steps * (4 * 6 + 6 * 2));
        assertThat(c.effectiveMacs()).isEqualTo(steps * firstOps / (double) batch);
        assertThat(c.effectiveAcs()).isEqualTo(spikeCount * 2 / (double) batch);
    }

    @Test
    void timeInvariantShortcutCountsTheSameAsTheRepeatedInput() {
        int steps = 4;
        Network net = Network.builder(1, 6, 6).conv2d(3, 3, 1, 1).add(IfSpec.defaults()).flatten().linear(5).build(5);
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[2 * 36];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.5 ? 0f : (float) rng.nextDouble(0, 3);
        }
        SynapticOperations folded = SynapticOperations.attach(net);
        net.forwardTimeInvariant(x, ctx(steps, 2));
        net.removeObserver(folded);
        float[] repeated = new float[steps * x.length];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(x, 0, repeated, t * x.length, x.length);
        }
        SynapticOperations plain = SynapticOperations.attach(net);
        net.forward(repeated, ctx(steps, 2));
        for (int t = 0; t <= steps; t++) {
            assertThat(folded.perSampleUpTo(t)).isEqualTo(plain.perSampleUpTo(t));
        }
        assertThat(plain.perSample().effectiveMacs()).isPositive();
        assertThat(plain.perSample().effectiveAcs()).isPositive();
    }

    @Test
    void recurrentFeedbackCountsLastStepsSpikesTimesTheirNonZeroFeedbackWeights() {
        int steps = 6;
        Network net = Network.builder(3).linear(4).add(RlifSpec.of(0.9f)).build(2);
        RecurrentLeaky rlif = (RecurrentLeaky) net.layers().get(1);
        float[] v = rlif.recurrentWeight().value();
        v[0] = 0;
        v[5] = 0;
        v[6] = 0;
        int[] rowFan = new int[4];
        for (int i = 0; i < 16; i++) {
            rowFan[i / 4] += v[i] != 0f ? 1 : 0;
        }
        Monitor spikes = net.monitor(1);
        SynapticOperations ops = SynapticOperations.attach(net);
        net.forwardTimeInvariant(new float[] {2, 1, 3, 0.5f, 2, 1}, ctx(steps, 2));
        long expected = 0;
        for (int t = 0; t < steps - 1; t++) {                   // spikes of step t drive step t + 1
            for (int b = 0; b < 2; b++) {
                for (int n = 0; n < 4; n++) {
                    expected += spikes.output(t, b, n) != 0f ? rowFan[n] : 0;
                }
            }
        }
        assertThat(expected).isPositive();
        assertThat(ops.perLayer()).hasSize(2);
        SynapticOperations.LayerOperations rec = ops.perLayer().get(1);
        assertThat(rec.layerIndex()).isEqualTo(1);
        assertThat(rec.type()).isEqualTo("rlif (recurrent)");
        assertThat(rec.counts()).isEqualTo(new OperationCounts((steps - 1) * 16, 0, expected / 2.0));
        assertThat(ops.perSample().effectiveAcs()).isEqualTo(expected / 2.0);
    }

    @Test
    void recurrentSynapticFeedbackIsCountedToo() {
        int steps = 5;
        Network net = Network.builder(3).linear(4).add(org.snn4j.core.neuron.RsynSpec.of(0.5f, 0.8f)).build(2);
        SynapticOperations ops = SynapticOperations.attach(net);
        net.forward(new float[steps * 2 * 3], ctx(steps, 2));
        assertThat(ops.perLayer()).hasSize(2);
        assertThat(ops.perLayer().get(1).type()).isEqualTo("rsynaptic (recurrent)");
        assertThat(ops.perLayer().get(1).counts().dense()).isEqualTo((steps - 1) * 16);
    }

    @Test
    void checkpointedForwardRefusesObservers() {
        Network net = smallLinear();
        SynapticOperations.attach(net);
        assertThatThrownBy(() -> net.forwardCheckpointed(new float[3], ctx(1, 1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("observer");
    }
}
