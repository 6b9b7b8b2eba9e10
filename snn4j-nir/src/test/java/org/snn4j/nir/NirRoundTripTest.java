package org.snn4j.nir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.snn4j.core.Parameter;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.AvgPool2d;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LearnMode;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.RlifSpec;
import org.snn4j.core.neuron.RsynSpec;
import org.snn4j.core.neuron.SpikingLayer;
import org.snn4j.core.neuron.SynapticSpec;

/** Network → NIR graph → network gives exactly the same spikes and membranes. */
class NirRoundTripTest {

    static final int T = 12;
    static final int B = 3;

    /** The outputs of a forward pass on {@code x}, then the membrane of every spiking layer. */
    static List<float[]> run(Network net, float[] x) {
        try (Kernels k = Kernels.create(1)) {
            NetworkOutput out = net.forward(x, new RunContext(T, B, false, 0, k));
            List<float[]> r = new ArrayList<>();
            r.add(out.output().clone());
            for (Layer l : net.layers()) {
                if (l instanceof SpikingLayer s) {
                    r.add(s.membrane().clone());
                }
            }
            return r;
        }
    }

    static float[] input(int features, long seed, double high) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[T * B * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(0, high);
        }
        return x;
    }

    /** Sets a per-neuron parameter of layer {@code i} to random values in [lo, hi). */
    static void randomise(Network net, int i, String name, double lo, double hi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Parameter p : net.layers().get(i).parameters()) {
            if (p.name().equals(name)) {
                for (int j = 0; j < p.size(); j++) {
                    p.value()[j] = (float) rng.nextDouble(lo, hi);
                }
                p.markModified();
                return;
            }
        }
        throw new AssertionError("no parameter " + name);
    }

    /** snn4j → NIR graph → NIR file on disk → NIR graph → snn4j. */
    private static Network roundTrip(Network net, NirImport.Options o) {
        return NirImport.toNetwork(viaFile(NirExport.toGraph(net, o)), o);
    }

    /** The graph written to a NIR file and read back. */
    static NirGraph viaFile(NirGraph g) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("roundtrip", ".nir");
            try {
                NirFile.write(g, file);
                NirGraph read = NirFile.read(file);
                assertThat(read.nodes().keySet()).containsExactlyInAnyOrderElementsOf(g.nodes().keySet());
                return read;
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertSame(Network a, Network b, float[] x) {
        assertThat(b.inputShape()).isEqualTo(a.inputShape());
        assertThat(types(b)).isEqualTo(types(a));
        List<float[]> ya = run(a, x);
        List<float[]> yb = run(b, x);
        assertThat(yb).hasSameSizeAs(ya);
        for (int i = 0; i < ya.size(); i++) {
            assertThat(yb.get(i)).as("output/membrane %d", i).containsExactly(ya.get(i));
        }
        float spikes = 0;
        for (float s : ya.get(0)) {
            spikes += s;
        }
        assertThat(spikes).as("the output spikes at all").isGreaterThan(0f);
    }

    private static List<String> types(Network n) {
        List<String> t = new ArrayList<>();
        for (LayerSpec s : n.spec().layers()) {
            t.add(s.type());
        }
        return t;
    }

    @ParameterizedTest
    @EnumSource(NirConvention.class)
    void fullyConnectedLifWithPerNeuronBetaAndThresholdUnderEveryConvention(NirConvention c) {
        for (Reset reset : new Reset[] {Reset.SUBTRACT, Reset.ZERO}) {
            Network net = Network.builder(20).linear(16)
                    .add(LifSpec.builder().beta(0.9f).threshold(1f).reset(reset).resetTiming(c.resetTiming()).maxSpikes(c.maxSpikes()).learnBeta(LearnMode.PER_NEURON)
                            .learnThreshold(LearnMode.PER_NEURON).build())
                    .linear(5).add(LifSpec.builder().beta(0.8f).threshold(0.5f).reset(reset).resetTiming(c.resetTiming()).maxSpikes(c.maxSpikes()).build()).build(1);
            randomise(net, 1, "beta", 0.5, 0.99, 2);
            randomise(net, 1, "threshold", 0.3, 1.2, 3);
            NirImport.Options o = NirImport.Options.builder(c).dt(c == NirConvention.GENERIC ? 5e-4 : c.defaultDt())
                    .reset(reset).build();
            Network back = roundTrip(net, o);
            assertSame(net, back, input(20, 4, 1.0));
            assertThat(((LifSpec) back.spec().layers().get(1)).learnBeta()).isEqualTo(LearnMode.PER_NEURON);
            assertThat(back.spec().layers().get(3)).isEqualTo(net.spec().layers().get(3));
        }
    }

    @Test
    void convolutionalNetworkRoundTripsUnderNorse() {
        Network net = Network.builder(2, 8, 8)
                .add(Conv2d.Spec.builder(4, 3).stride(1).padding(1).build())
                .add(LifSpec.builder().beta(0.85f).threshold(0.4f).reset(Reset.ZERO).resetTiming(NirConvention.NORSE.resetTiming()).build())
                .add(AvgPool2d.Spec.of(2)).flatten().linear(6)
                .add(LifSpec.builder().beta(0.7f).threshold(0.3f).reset(Reset.ZERO).resetTiming(NirConvention.NORSE.resetTiming()).build()).build(5);
        NirImport.Options o = NirImport.Options.of(NirConvention.NORSE);
        NirGraph g = NirExport.toGraph(net, o);
        assertThat(g.nodes().get("0").param("input_shape").toInts()).containsExactly(8, 8);
        assertThat(g.nodes().get("3").param("input_type").toInts()).containsExactly(4, 4, 4);
        Network back = NirImport.toNetwork(viaFile(g), o);
        assertThat(back.spec()).isEqualTo(net.spec());
        assertSame(net, back, input(2 * 8 * 8, 6, 1.0));
    }

    @Test
    void recurrentLifRoundTripsUnderSnnTorchAndRockpool() {
        for (NirConvention c : new NirConvention[] {NirConvention.SNNTORCH, NirConvention.ROCKPOOL}) {
            Network net = Network.builder(10).linear(12)
                    .add(RlifSpec.builder().beta(0.9f).threshold(0.8f).reset(Reset.SUBTRACT).resetTiming(c.resetTiming()).maxSpikes(c.maxSpikes()).build())
                    .linear(4).add(LifSpec.builder().beta(0.75f).threshold(0.5f).reset(Reset.SUBTRACT).resetTiming(c.resetTiming()).maxSpikes(c.maxSpikes()).build())
                    .build(7);
            NirImport.Options o = NirImport.Options.builder(c).reset(Reset.SUBTRACT).build();
            NirGraph g = NirExport.toGraph(net, o);
            assertThat(g.nodes()).containsKeys("1.lif", "1.w_rec");
            assertThat(g.edges()).contains(new NirGraph.Edge("1.lif", "1.w_rec"), new NirGraph.Edge("1.w_rec", "1.lif"),
                    new NirGraph.Edge("0", "1.lif"), new NirGraph.Edge("1.lif", "2"));
            Network back = NirImport.toNetwork(viaFile(g), o);
            assertThat(back.spec()).isEqualTo(net.spec());
            assertSame(net, back, input(10, 8, 1.0));
        }
    }

    @ParameterizedTest
    @EnumSource(NirConvention.class)
    void recurrentSynapticRoundTripsUnderEveryConventionAndBothResets(NirConvention c) {
        for (Reset reset : new Reset[] {Reset.SUBTRACT, Reset.ZERO}) {
            for (boolean bias : new boolean[] {true, false}) {
                Network net = Network.builder(10).linear(12)
                        .add(RsynSpec.builder().alpha(0.6f).beta(0.9f).threshold(0.8f).reset(reset).resetTiming(c.resetTiming()).maxSpikes(c.maxSpikes())
                                .recurrentBias(bias)
                                .learnAlpha(LearnMode.PER_NEURON).build())
                        .linear(4)
                        .add(SynapticSpec.builder().alpha(0.5f).beta(0.75f).threshold(0.5f).reset(reset).resetTiming(c.resetTiming()).maxSpikes(c.maxSpikes()).build())
                        .build(7);
                randomise(net, 1, "alpha", 0.3, 0.9, 14);
                NirImport.Options o = NirImport.Options.builder(c).dt(c == NirConvention.GENERIC ? 5e-4 : c.defaultDt())
                        .reset(reset).build();
                NirGraph g = NirExport.toGraph(net, o);
                assertThat(g.nodes().get("1.lif").type()).isEqualTo("CubaLIF");
                assertThat(g.nodes().get("1.w_rec").type()).isEqualTo(bias ? "Affine" : "Linear");
                assertThat(g.edges()).containsExactly(new NirGraph.Edge("input", "0"), new NirGraph.Edge("0", "1.lif"),
                        new NirGraph.Edge("1.lif", "1.w_rec"), new NirGraph.Edge("1.w_rec", "1.lif"),
                        new NirGraph.Edge("1.lif", "2"), new NirGraph.Edge("2", "3"), new NirGraph.Edge("3", "output"));
                Network back = NirImport.toNetwork(g, o);
                String what = c + " " + reset + " bias=" + bias;
                for (int i : new int[] {0, 2, 3}) {
                    assertThat(back.spec().layers().get(i)).as(what).isEqualTo(net.spec().layers().get(i));
                }
                RsynSpec rs = (RsynSpec) back.spec().layers().get(1);
                // per-neuron α comes back as PER_NEURON values (the spec's α is then the first neuron's)
                assertThat(rs.learnAlpha()).as(what).isEqualTo(LearnMode.PER_NEURON);
                assertThat(List.of(rs.beta(), rs.threshold(), rs.reset(), rs.recurrentBias())).as(what)
                        .isEqualTo(List.of(0.9f, 0.8f, reset, bias));
                assertThat(back.layers().get(1).parameters().get(0).value()).as(what)
                        .containsExactly(net.layers().get(1).parameters().get(0).value());
                assertSame(net, back, input(10, 8, 1.0));
            }
        }
    }

    @Test
    void integrateAndFireAndSynapticLayersRoundTrip() {
        for (NirConvention c : new NirConvention[] {NirConvention.SNNTORCH, NirConvention.NORSE, NirConvention.SINABS}) {
            Network net = Network.builder(10).linear(12, false)
                    .add(IfSpec.builder().threshold(1.5f).reset(Reset.SUBTRACT).resetTiming(c.resetTiming()).maxSpikes(c.maxSpikes()).learnThreshold(LearnMode.PER_NEURON).build())
                    .linear(4)
                    .add(SynapticSpec.builder().alpha(0.6f).beta(0.9f).threshold(0.7f).reset(Reset.SUBTRACT).resetTiming(c.resetTiming()).maxSpikes(c.maxSpikes()).build())
                    .build(9);
            randomise(net, 1, "threshold", 0.5, 2.0, 10);
            NirImport.Options o = NirImport.Options.builder(c).reset(Reset.SUBTRACT).build();
            NirGraph g = NirExport.toGraph(net, o);
            assertThat(g.nodes().get("0").type()).isEqualTo("Linear");
            assertThat(g.nodes().get("1").type()).isEqualTo("IF");
            assertThat(g.nodes().get("3").type()).isEqualTo("CubaLIF");
            Network back = NirImport.toNetwork(g, o);
            assertSame(net, back, input(10, 11, 1.0));
            assertThat(back.spec().layers().get(3)).isEqualTo(net.spec().layers().get(3));
        }
    }

    @Test
    void lifLayerWithoutLeakIsWrittenAsIfAndReadBackAsIf() {
        Network net = Network.builder(6).linear(5).add(LifSpec.builder().beta(1f).threshold(1f).build()).build(12);
        NirImport.Options o = NirImport.Options.builder(NirConvention.SNNTORCH).reset(Reset.SUBTRACT).build();
        NirGraph g = NirExport.toGraph(net, o);
        assertThat(g.nodes().get("1").type()).isEqualTo("IF");
        Network back = NirImport.toNetwork(g, o);
        assertThat(back.spec().layers().get(1)).isInstanceOf(IfSpec.class);
        List<float[]> ya = run(net, input(6, 13, 2.0));
        List<float[]> yb = run(back, input(6, 13, 2.0));
        assertThat(yb.get(0)).containsExactly(ya.get(0));
        assertThat(yb.get(1)).containsExactly(ya.get(1));
    }
}
