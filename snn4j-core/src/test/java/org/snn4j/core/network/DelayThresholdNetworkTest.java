package org.snn4j.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Delay;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.metrics.ActivityCounter;
import org.snn4j.core.metrics.SynapticOperations;
import org.snn4j.core.neuron.LearnMode;
import org.snn4j.core.neuron.Surrogate;
import org.snn4j.core.neuron.Threshold;
import org.snn4j.core.neuron.ThresholdSpec;

/**
 * Delay and Threshold inside networks: checkpointing (Delay refused, Threshold segment by segment,
 * membrane gradient included), time-invariant folding through a leading threshold, and how the
 * activity and synaptic-operation metrics see them.
 */
class DelayThresholdNetworkTest {
    private static final int IN = 4;
    private static final int HID = 6;
    private static final int T = 7;
    private static final int B = 2;

    private static float[] random(long seed, int size) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        return v;
    }

    @Test
    void checkpointingRefusesADelayNamingTheLayer() {
        Network net = Network.builder(IN).linear(HID).delay(2).threshold(0.1f).build(1);
        String expected = "layer 1 (delay, Delay) does not support checkpointing over time";
        assertThatThrownBy(() -> CheckpointExecutor.requireSupported(net))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);
        try (Kernels k = Kernels.create(1)) {
            float[] x = random(1, T * B * IN);
            assertThatThrownBy(() -> net.forwardCheckpointed(x, new RunContext(T, B, true, 0, k), 3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);
            // the plain pass runs
            assertThat(net.forward(x, new RunContext(T, B, false, 0, k)).output()).hasSize(T * B * HID);
        }
    }

    @Test
    void checkpointedThresholdNetworkMatchesThePlainPassMembraneGradientIncluded() {
        ThresholdSpec spec = new ThresholdSpec(0.05f, Surrogate.fastSigmoid(3f), LearnMode.PER_NEURON);
        NetworkSpec ns = Network.builder(IN).linear(HID).add(spec).linear(3).add(spec).spec();
        CheckpointExecutor.requireSupported(ns.build(1));
        float[] x = random(2, T * B * IN);
        float[] gs = random(3, T * B * 3);
        float[] gm = random(4, T * B * 3);
        try (Kernels k = Kernels.create(1)) {
            Network plain = ns.build(5);
            NetworkOutput a = plain.forward(x, new RunContext(T, B, true, 0, k));
            float[] out = a.output().clone();
            float[] mem = a.membrane().clone();
            plain.backward(gs.clone(), gm.clone());
            for (int seg : new int[] {1, 3, 7}) {
                Network cp = ns.build(5);
                NetworkOutput c = cp.forwardCheckpointed(x, new RunContext(T, B, true, 0, k), seg);
                assertThat(c.output()).containsExactly(out);
                assertThat(c.membrane()).containsExactly(mem);
                cp.backward(gs.clone(), gm.clone());
                List<Parameter> p = plain.parameters();
                List<Parameter> q = cp.parameters();
                assertThat(q).hasSameSizeAs(p);
                for (int i = 0; i < p.size(); i++) {
                    float[] ga = p.get(i).grad();
                    float[] gb = q.get(i).grad();
                    for (int j = 0; j < ga.length; j++) {
                        assertThat(gb[j]).as("segment %d, %s[%d]", seg, p.get(i).name(), j)
                                .isCloseTo(ga[j], within(1e-5f + 1e-5f * Math.abs(ga[j])));
                    }
                }
            }
            // the membrane gradient matters: without it the first layer's weight gradient differs
            Network noMem = ns.build(5);
            noMem.forward(x, new RunContext(T, B, true, 0, k));
            noMem.backward(gs.clone(), null);
            assertThat(noMem.parameters().get(0).grad()).isNotEqualTo(plain.parameters().get(0).grad());
        }
    }

    @Test
    void aLeadingThresholdFoldsOverTimeLikeTheRepeatedInput() {
        NetworkSpec ns = Network.builder(IN).linear(HID)
                .add(new ThresholdSpec(0f, Surrogate.atan(), LearnMode.PER_NEURON)).delay(1).linear(3).spec();
        float[] rows = random(6, B * IN);
        float[] repeated = new float[T * B * IN];
        for (int t = 0; t < T; t++) {
            System.arraycopy(rows, 0, repeated, t * B * IN, B * IN);
        }
        float[] g = random(7, T * B * 3);
        try (Kernels k = Kernels.create(1)) {
            Network folded = ns.build(8);
            Network unfolded = ns.build(8);
            float[] y = folded.forwardTimeInvariant(rows, new RunContext(T, B, true, 0, k)).output().clone();
            float[] z = unfolded.forward(repeated, new RunContext(T, B, true, 0, k)).output();
            assertThat(y).containsExactly(z);
            folded.backward(g.clone(), null);
            unfolded.backward(g.clone(), null);
            for (int i = 0; i < folded.parameters().size(); i++) {
                float[] ga = unfolded.parameters().get(i).grad();
                float[] gb = folded.parameters().get(i).grad();
                for (int j = 0; j < ga.length; j++) {
                    assertThat(gb[j]).isCloseTo(ga[j], within(1e-5f + 1e-5f * Math.abs(ga[j])));
                }
            }
        }
    }

    @Test
    void metricsCountThresholdSpikesWithoutMembraneUpdatesAndNoSynapsesInADelay() {
        Network net = Network.builder(IN).linear(HID).threshold(0.2f).delay(1).linear(3).build(9);
        Delay delay = (Delay) net.layers().get(2);
        delay.setDelays(0, 1, 2, 3, 9, 0);
        Threshold th = (Threshold) net.layers().get(1);
        float[] x = random(10, T * B * IN);
        ActivityCounter activity = ActivityCounter.attach(net);
        SynapticOperations ops = SynapticOperations.attach(net);
        try (Kernels k = Kernels.create(1)) {
            float[] spikes = net.forward(x, new RunContext(T, B, false, 0, k)).output();
            assertThat(spikes).hasSize(T * B * 3);
            float[] s = net.layers().get(1).forward(net.layers().get(0).forward(x, new RunContext(T, B, false, 0, k)),
                    new RunContext(T, B, false, 0, k));
            long ones = 0;
            for (float v : s) {
                assertThat(v).isIn(0f, 1f);
                ones += v == 1f ? 1 : 0;
            }
            assertThat(ones).isPositive().isLessThan(s.length);
            List<ActivityCounter.LayerActivity> per = activity.perLayer();
            assertThat(per).hasSize(1);
            ActivityCounter.LayerActivity a = per.get(0);
            assertThat(a.layerIndex()).isEqualTo(1);
            assertThat(a.type()).isEqualTo("threshold");
            assertThat(a.spiking()).isTrue();
            assertThat(a.rate()).isCloseTo(ones / (double) s.length, within(1e-12));
            assertThat(a.membraneUpdatesPerSample()).isZero();
            assertThat(activity.membraneUpdatesPerSample()).isZero();
            assertThat(activity.neuronStepsPerSample()).isZero();
            assertThat(activity.activationSparsity()).isCloseTo(1 - ones / (double) s.length, within(1e-12));
            // synapses: the two linear layers only; the delay has none
            assertThat(ops.perLayer()).extracting(SynapticOperations.LayerOperations::layerIndex).containsExactly(0, 3);
            assertThat(ops.perLayer().get(1).counts().dense()).isEqualTo((double) T * HID * 3);
        }
        assertThat(th.thresholds()).containsOnly(0.2f);
    }
}
