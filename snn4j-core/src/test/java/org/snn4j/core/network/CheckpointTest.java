package org.snn4j.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.data.InMemoryDataset;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.loss.CrossEntropyMembraneLoss;
import org.snn4j.core.neuron.AlifSpec;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LearnMode;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.RlifSpec;
import org.snn4j.core.neuron.RsynSpec;
import org.snn4j.core.neuron.SpikingLayer;
import org.snn4j.core.neuron.Surrogate;
import org.snn4j.core.neuron.SynapticSpec;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.train.Trainer;
import org.snn4j.core.train.TrainingListener;

/**
 * Gradient checkpointing over time ({@link Network#forwardCheckpointed}) against the plain
 * forward/backward: same outputs and gradients for every neuron type, segment lengths that do and
 * do not divide T, S = 1, S ≥ T, with dropout, on 1 and 2 threads; refusals, validation, the
 * executor's memory accounting and the trainer option.
 */
class CheckpointTest {
    private static final int IN = 5;
    private static final int HID = 11;
    private static final int OUT = 3;
    private static final int B = 3;
    private static final int T = 13;
    private static final int[] SEGMENTS = {1, 4, 5, 13, 20};

    static Stream<Arguments> neurons() {
        Surrogate sg = Surrogate.atan(2f);
        return Stream.of(
                Arguments.of("lif subtract, learnable β and θ", LifSpec.builder().beta(0.85f).threshold(0.8f)
                        .reset(Reset.SUBTRACT).surrogate(sg).detachReset(false).learnBeta(LearnMode.PER_NEURON)
                        .learnThreshold(LearnMode.SHARED).build(), true),
                Arguments.of("lif zero reset, learnable β and θ", LifSpec.builder().beta(0.9f).threshold(0.7f)
                        .reset(Reset.ZERO).surrogate(sg).detachReset(false).learnBeta(LearnMode.SHARED)
                        .learnThreshold(LearnMode.PER_NEURON).build(), true),
                Arguments.of("lif no reset, detached, sigmoid surrogate", LifSpec.builder().beta(0.8f)
                        .reset(Reset.NONE).surrogate(Surrogate.sigmoid(5f)).learnBeta(LearnMode.PER_NEURON).build(),
                        true),
                Arguments.of("if", IfSpec.builder().threshold(1.2f).reset(Reset.SUBTRACT).detachReset(false)
                        .learnThreshold(LearnMode.PER_NEURON).build(), true),
                Arguments.of("synaptic zero reset", SynapticSpec.builder().alpha(0.7f).beta(0.85f).reset(Reset.ZERO)
                        .detachReset(false).learnAlpha(LearnMode.PER_NEURON).learnBeta(LearnMode.SHARED)
                        .learnThreshold(LearnMode.PER_NEURON).build(), true),
                Arguments.of("synaptic subtract", SynapticSpec.builder().alpha(0.6f).beta(0.9f)
                        .reset(Reset.SUBTRACT).detachReset(false).learnAlpha(LearnMode.SHARED)
                        .learnThreshold(LearnMode.SHARED).build(), true),
                Arguments.of("adaptive subtract", AlifSpec.builder().beta(0.9f).adaptation(0.4f).adaptationDecay(0.8f)
                        .reset(Reset.SUBTRACT).detachReset(false).detachAdaptation(false)
                        .learnBeta(LearnMode.PER_NEURON).learnThreshold(LearnMode.PER_NEURON).build(), true),
                Arguments.of("adaptive zero reset", AlifSpec.builder().beta(0.85f).adaptation(0.3f)
                        .adaptationDecay(0.9f).reset(Reset.ZERO).detachReset(false).detachAdaptation(false)
                        .learnBeta(LearnMode.SHARED).learnThreshold(LearnMode.SHARED).build(), true),
                Arguments.of("recurrent zero reset", RlifSpec.builder().beta(0.8f).reset(Reset.ZERO).detachReset(false)
                        .recurrentBias(true).learnBeta(LearnMode.PER_NEURON).learnThreshold(LearnMode.SHARED).build(),
                        false),
                Arguments.of("recurrent subtract", RlifSpec.builder().beta(0.9f).reset(Reset.SUBTRACT)
                        .detachReset(false).learnThreshold(LearnMode.PER_NEURON).build(), false),
                Arguments.of("recurrent synaptic zero reset", RsynSpec.builder().alpha(0.7f).beta(0.85f)
                        .reset(Reset.ZERO).detachReset(false).learnAlpha(LearnMode.PER_NEURON)
                        .learnBeta(LearnMode.SHARED).learnThreshold(LearnMode.PER_NEURON).build(), false),
                Arguments.of("recurrent synaptic subtract, no bias", RsynSpec.builder().alpha(0.6f).beta(0.9f)
                        .reset(Reset.SUBTRACT).detachReset(false).recurrentBias(false).learnAlpha(LearnMode.SHARED)
                        .learnThreshold(LearnMode.SHARED).build(), false));
    }

    /** Linear → neuron → dropout → Linear → LIF (learnable β), first layer scaled so the hidden layer spikes often. */
    private static Network net(LayerSpec neuron) {
        LifSpec out = LifSpec.builder().beta(0.9f).reset(Reset.SUBTRACT).detachReset(false)
                .learnBeta(LearnMode.PER_NEURON).build();
        Network net = Network.builder(IN).linear(HID).add(neuron).dropout(0.25f).linear(OUT).add(out).build(7);
        float[] w = ((Linear) net.layers().get(0)).weight().value();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 3f;
        }
        return net;
    }

    static float[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(lo, hi);
        }
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("neurons")
    void checkpointedMatchesPlain(String name, LayerSpec neuron, boolean neuronGradsExact) {
        float[] x = uniform(1, T * B * IN, 0, 1);
        float[] gS = uniform(2, T * B * OUT, -1, 1);
        float[] gM = uniform(3, T * B * OUT, -1, 1);
        for (int threads : new int[] {1, 2}) {
            try (Kernels k = Kernels.create(threads)) {
                RunContext ctx = new RunContext(T, B, true, 11, k);
                Network plain = net(neuron);
                Monitor hidden = plain.monitor(1);
                NetworkOutput po = plain.forward(x, ctx);
                float[] out = po.output().clone();
                float[] mem = po.membrane().clone();
                plain.zeroGrad();
                plain.backward(gS.clone(), gM.clone());
                assertActive(plain, hidden.output());
                for (int s : SEGMENTS) {
                    Network ck = net(neuron);
                    NetworkOutput co = ck.forwardCheckpointed(x, ctx, s);
                    String what = name + ", S = " + s + ", " + threads + " thread(s)";
                    assertThat(co.output()).as("output, %s", what).containsExactly(out);
                    assertThat(co.membrane()).as("membrane, %s", what).containsExactly(mem);
                    ck.zeroGrad();
                    ck.backward(gS.clone(), gM.clone());
                    assertGradients(plain, ck, neuronGradsExact, s >= T, what);
                }
            }
        }
    }

    /** Hidden spikes are neither all off nor all on, and every parameter receives gradient. */
    private static void assertActive(Network net, float[] hiddenSpikes) {
        double rate = 0;
        for (float v : hiddenSpikes) {
            rate += v;
        }
        assertThat(rate / hiddenSpikes.length).isBetween(0.05, 0.95);
        for (Parameter p : net.parameters()) {
            double sum = 0;
            for (float g : p.grad()) {
                sum += Math.abs(g);
            }
            assertThat(sum).as("gradient of %s", p).isGreaterThan(1e-6);
        }
    }

    /**
     * Neuron-parameter gradients (β, θ, α) are bit-identical when {@code neuronExact}; Linear and
     * recurrent-weight gradients are sums over all rows split at segment boundaries: relative
     * difference below 1e-5 of the largest entry. With one segment everything is bit-identical.
     */
    private static void assertGradients(Network plain, Network ck, boolean neuronExact, boolean oneSegment,
                                        String what) {
        List<Parameter> pa = plain.parameters();
        List<Parameter> pb = ck.parameters();
        assertThat(pb).hasSameSizeAs(pa);
        for (int i = 0; i < pa.size(); i++) {
            Parameter a = pa.get(i);
            Parameter b = pb.get(i);
            String pname = a.name();
            boolean neuronParam = pname.equals("beta") || pname.equals("threshold") || pname.equals("alpha");
            if (oneSegment || (neuronParam && neuronExact)) {
                assertThat(b.grad()).as("%s of %s", pname, what).containsExactly(a.grad());
            } else {
                double scale = 0;
                for (float g : a.grad()) {
                    scale = Math.max(scale, Math.abs(g));
                }
                for (int j = 0; j < a.size(); j++) {
                    assertThat((double) b.grad()[j]).as("%s[%d] of %s", pname, j, what)
                            .isCloseTo(a.grad()[j], org.assertj.core.data.Offset.offset(1e-5 * scale + 1e-12));
                }
            }
        }
    }

    @Test
    void inferenceInSegmentsMatchesPlainForward() {
        LayerSpec lif = LifSpec.builder().beta(0.9f).reset(Reset.ZERO).build();
        float[] x = uniform(4, T * B * IN, 0, 1);
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(T, B, false, 0, k);
            Network a = net(lif);
            float[] out = a.forward(x, ctx).output().clone();
            Network b = net(lif);
            assertThat(b.forwardCheckpointed(x, ctx, 3).output()).containsExactly(out);
            // inference keeps two alternating state slots, not one per segment
            CheckpointExecutor ex = b.checkpointExecutor();
            assertThat(ex.segments()).isEqualTo(5);
            assertThat(ex.retainedFloats()).isEqualTo(2L * T * B * OUT + 2L * (2 * B * HID + 2 * B * OUT));
            assertThatThrownBy(() -> b.backward(new float[T * B * OUT], null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("training = true");
        }
    }

    @Test
    void executorHoldsStartStatesAndOutputsOnlyAndLayersHoldOneSegment() {
        Network net = Network.builder(IN).linear(HID).lif(0.9f).linear(OUT).lif(0.9f).build(3);
        int s = 4;
        int k = 4; // ⌈13 / 4⌉
        float[] x = uniform(5, T * B * IN, 0, 1);
        try (Kernels kernels = Kernels.create(1)) {
            NetworkOutput out = net.forwardCheckpointed(x, new RunContext(T, B, true, 0, kernels), s);
            CheckpointExecutor ex = net.checkpointExecutor();
            assertThat(ex.segmentSteps()).isEqualTo(s);
            assertThat(ex.segments()).isEqualTo(k);
            // start states of segments 1..K-1: (U, S) for both LIF layers; output and membrane [T, B, OUT]
            long states = (long) (k - 1) * (2 * B * HID + 2 * B * OUT);
            assertThat(ex.retainedFloats()).isEqualTo(states + 2L * T * B * OUT);
            assertThat(out.output()).hasSize(T * B * OUT);
            // the layers hold the last segment (1 step), not [T, B, N]
            SpikingLayer hidden = (SpikingLayer) net.layers().get(1);
            assertThat(hidden.membrane()).hasSize(1 * B * HID);
            net.backward(new float[T * B * OUT], uniform(6, T * B * OUT, -1, 1));
            // after backward the last recomputed segment is segment 0 (S steps)
            assertThat(hidden.membrane()).hasSize(s * B * HID);

            CheckpointExecutor.MemoryEstimate e = CheckpointExecutor.estimate(net, T, B, s);
            assertThat(e.segments()).isEqualTo(k);
            assertThat(e.checkpointBytes()).isEqualTo(4 * states);
            assertThat(e.outputBytes()).isEqualTo(4L * 2 * T * B * OUT);
            long row = IN + HID + 4 * HID + (OUT + HID) + 4 * OUT + 2 * OUT;
            assertThat(e.segmentBytes()).isEqualTo(4L * s * B * row);
            assertThat(e.totalBytes()).isEqualTo(e.checkpointBytes() + e.outputBytes() + e.segmentBytes());
            // one segment: no checkpoints
            assertThat(CheckpointExecutor.estimate(net, T, B, 99).checkpointBytes()).isZero();

            // the plain forward keeps [T, B, N] in the layer
            net.forward(x, new RunContext(T, B, true, 0, kernels));
            assertThat(hidden.membrane()).hasSize(T * B * HID);
        }
    }

    @Test
    void segmentLengthFromMemoryBudget() {
        Network net = Network.builder(IN).linear(HID).lif(0.9f).linear(OUT).lif(0.9f).build(3);
        long budget = CheckpointExecutor.estimate(net, T, B, 6).totalBytes();
        int s = CheckpointExecutor.segmentStepsForBudget(net, T, B, budget);
        assertThat(s).isGreaterThanOrEqualTo(6);
        assertThat(CheckpointExecutor.estimate(net, T, B, s).totalBytes()).isLessThanOrEqualTo(budget);
        for (int longer = s + 1; longer <= T; longer++) {
            assertThat(CheckpointExecutor.estimate(net, T, B, longer).totalBytes()).isGreaterThan(budget);
        }
        assertThat(CheckpointExecutor.segmentStepsForBudget(net, T, B, Long.MAX_VALUE)).isEqualTo(T);
        assertThatThrownBy(() -> CheckpointExecutor.segmentStepsForBudget(net, T, B, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no segment length fits a memory budget of 100 bytes");
        assertThatThrownBy(() -> CheckpointExecutor.segmentStepsForBudget(net, T, B, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }

    @Test
    void segmentLengthAndMonitorsAreValidated() {
        Network net = Network.builder(IN).linear(HID).lif(0.9f).build(1);
        float[] x = new float[T * B * IN];
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(T, B, true, 0, k);
            assertThatThrownBy(() -> net.forwardCheckpointed(x, ctx, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("checkpoint segment length must be >= 1 time step, got 0");
            assertThatThrownBy(() -> net.forwardCheckpointed(x, ctx, -3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got -3");
            assertThatThrownBy(() -> net.forwardCheckpointed(new float[7], ctx, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("network input has 7 values");
            Monitor m = net.monitor(1);
            assertThatThrownBy(() -> net.forwardCheckpointed(x, ctx, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monitor");
            net.removeMonitor(m);
            net.forwardCheckpointed(x, ctx, 2);
            assertThatThrownBy(() -> net.backward(new float[5], null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gradOutput has 5 values");
        }
        assertThatThrownBy(() -> Trainer.builder(net).checkpointSegment(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint segment must be in [0, 100000] time steps (0 = off), got -1");
        assertThatThrownBy(() -> Trainer.builder(net).checkpointSegment(100_001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 100001");
    }

    /** A running sum over time: stateful, but neither a StatefulLayer nor time-local. */
    record CumulativeSpec() implements LayerSpec {
        @Override
        public String type() {
            return "cumulative";
        }

        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            return new Cumulative(this, inputShape);
        }
    }

    static final class Cumulative implements Layer {
        private final CumulativeSpec spec;
        private final Shape shape;
        private int block;

        Cumulative(CumulativeSpec spec, Shape shape) {
            this.spec = spec;
            this.shape = shape;
        }

        @Override
        public Shape inputShape() {
            return shape;
        }

        @Override
        public Shape outputShape() {
            return shape;
        }

        @Override
        public float[] forward(float[] input, RunContext ctx) {
            block = ctx.batch() * shape.size();
            float[] y = input.clone();
            for (int i = block; i < y.length; i++) {
                y[i] += y[i - block];
            }
            return y;
        }

        @Override
        public float[] backward(float[] gradOutput, boolean needInputGrad) {
            float[] g = gradOutput.clone();
            for (int i = g.length - block - 1; i >= 0; i--) {
                g[i] += g[i + block];
            }
            return g;
        }

        @Override
        public LayerSpec spec() {
            return spec;
        }
    }

    @Test
    void networkWithAnUnsupportedLayerIsRefusedNamingIt() {
        Network net = Network.builder(IN).linear(HID).add(new CumulativeSpec()).lif(0.9f).build(1);
        String expected = "layer 1 (cumulative, Cumulative) does not support checkpointing over time";
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(T, B, true, 0, k);
            float[] x = new float[T * B * IN];
            assertThatThrownBy(() -> net.forwardCheckpointed(x, ctx, 4))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);
            assertThatThrownBy(() -> CheckpointExecutor.estimate(net, T, B, 4))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);
            assertThatThrownBy(() -> Trainer.builder(net).loss(new CrossEntropyMembraneLoss())
                    .optimizer(new Adam(1e-3f)).encoder(new DirectEncoder()).kernels(k).checkpointSegment(4).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);
            // the plain path still works, and so does a trainer without checkpointing
            net.forward(x, ctx);
            Trainer.builder(net).loss(new CrossEntropyMembraneLoss()).optimizer(new Adam(1e-3f))
                    .encoder(new DirectEncoder()).kernels(k).build();
        }
    }

    @Test
    void trainerWithCheckpointSegmentsFollowsThePlainTrainer() {
        int n = 24;
        float[] features = uniform(8, n * IN, 0, 1);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % OUT;
        }
        InMemoryDataset data = new InMemoryDataset("random", Shape.of(IN), OUT, features, labels);
        LayerSpec hidden = LifSpec.builder().beta(0.9f).learnBeta(LearnMode.PER_NEURON).build();
        List<List<Float>> losses = new ArrayList<>();
        List<Network> nets = new ArrayList<>();
        for (int segment : new int[] {0, 5}) {
            Network net = net(hidden);
            List<Float> l = new ArrayList<>();
            try (Kernels k = Kernels.create(2)) {
                Trainer.builder(net).loss(new CrossEntropyMembraneLoss()).optimizer(new Adam(1e-2f))
                        .encoder(new DirectEncoder()).steps(T).batchSize(8).epochs(2).seed(3).kernels(k)
                        .checkpointSegment(segment).listener(new TrainingListener() {
                            @Override
                            public void onBatchEnd(BatchReport r) {
                                l.add(r.loss());
                            }
                        }).build().fit(data, null);
            }
            losses.add(l);
            nets.add(net);
        }
        assertThat(losses.get(1)).hasSize(6);
        for (int i = 0; i < losses.get(0).size(); i++) {
            assertThat(losses.get(1).get(i)).isCloseTo(losses.get(0).get(i), org.assertj.core.data.Offset.offset(1e-4f));
        }
        List<Parameter> pa = nets.get(0).parameters();
        List<Parameter> pb = nets.get(1).parameters();
        for (int i = 0; i < pa.size(); i++) {
            for (int j = 0; j < pa.get(i).size(); j++) {
                assertThat(pb.get(i).value()[j]).isCloseTo(pa.get(i).value()[j],
                        org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
        // training moved the parameters
        assertThat(pa.get(0).value()).isNotEqualTo(net(hidden).parameters().get(0).value());
    }
}
