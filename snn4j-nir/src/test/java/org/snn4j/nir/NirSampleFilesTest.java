package org.snn4j.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.ResetTiming;

/** The real NIR files written by Norse, Rockpool and Sinabs: read from disk, imported, run. */
class NirSampleFilesTest {

    static Path resource(String name) {
        try {
            return Path.of(NirSampleFilesTest.class.getResource("/nir/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void norseLifFileRunsTheNirLifExperimentAsForwardEulerOfItsOwnValues() throws Exception {
        NirGraph g = NirFile.read(resource("lif_norse.nir"));
        NirNode lifNode = g.nodes().get("1");
        double tau = lifNode.param("tau").get(0);
        double r = lifNode.param("r").get(0);
        double vLeak = lifNode.param("v_leak").get(0);
        float th = (float) lifNode.param("v_threshold").get(0);
        double w = g.nodes().get("0").param("weight").get(0);
        double b = g.nodes().get("0").param("bias").get(0);
        double dt = 1e-4;
        Network net = NirImport.toNetwork(g, NirImport.Options.builder(NirConvention.NORSE).dt(dt).build());
        assertThat(((LifSpec) net.spec().layers().get(1)).reset()).isEqualTo(Reset.ZERO);

        assertThat(((LifSpec) net.spec().layers().get(1)).resetTiming()).isEqualTo(ResetTiming.IMMEDIATE);

        int steps = NirImportTest.PATTERN.length * 10;
        float[] x = new float[steps];
        for (int k = 0; k < NirImportTest.PATTERN.length; k++) {
            x[10 * k] = NirImportTest.PATTERN[k];
        }
        assertRunsAsForwardEuler(net, x, dt, tau, r, vLeak, th, w, b);
        // constant input: input right after every spike (a delayed reset would drop it)
        float[] constant = new float[200];
        java.util.Arrays.fill(constant, 0.3f);
        assertRunsAsForwardEuler(net, constant, dt, tau, r, vLeak, th, w, b);
    }

    /** The file's ODE, tau·dv/dt = (v_leak − v) + r·(w·x + b), forward Euler, reset to 0 in the spike's step. */
    private static void assertRunsAsForwardEuler(Network net, float[] x, double dt, double tau, double r, double vLeak,
                                                 float th, double w, double b) {
        int steps = x.length;
        NetworkOutput out;
        try (Kernels k = Kernels.create(1)) {
            out = net.forward(x, new RunContext(steps, 1, false, 0, k));
        }
        double v = 0;
        int spikes = 0;
        for (int t = 0; t < steps; t++) {
            v += dt / tau * ((vLeak - v) + r * (w * x[t] + b));
            boolean spike = v > th;
            assertThat((double) out.membrane()[t]).as("membrane at step %d", t).isCloseTo(v, within(1e-6));
            assertThat(out.output()[t]).as("spike at step %d", t).isEqualTo(spike ? 1f : 0f);
            if (spike) {
                spikes++;
                v = 0;
            }
        }
        assertThat(spikes).isGreaterThanOrEqualTo(3);
    }

    @Test
    void sinabsCnnFileImportsWithItsWeightsThresholdsAndPoolingAndRuns() throws Exception {
        NirGraph g = NirFile.read(resource("cnn_sinabs.nir"));
        Network net = NirImport.toNetwork(g, NirImport.Options.of(NirConvention.SINABS));
        assertThat(net.inputShape().dims()).containsExactly(2, 34, 34);
        assertThat(net.outputShape().dims()).containsExactly(10);
        Conv2d first = (Conv2d) net.layers().get(0);
        NirArray w0 = g.nodes().get("0").param("weight");
        assertThat(first.weight().value()).containsExactly(w0.toFloats());    // r = 1: no gain folded
        assertThat(first.spec().stride()).isEqualTo((int) g.nodes().get("0").param("stride").get(0));
        IfSpec if1 = (IfSpec) net.spec().layers().get(1);
        assertThat(if1.threshold()).isEqualTo((float) g.nodes().get("1").param("v_threshold").get(0));
        assertThat(if1.reset()).isEqualTo(Reset.SUBTRACT);
        // SumPool2d (node 4, 2×2) becomes an average pooling whose factor 4 moves into the next conv (node 5)
        Conv2d third = (Conv2d) net.layers().get(5);
        float[] w5 = g.nodes().get("5").param("weight").toFloats();
        for (int i = 0; i < w5.length; i++) {
            assertThat(third.weight().value()[i]).isEqualTo(4 * w5[i]);
        }
        Linear last = (Linear) net.layers().get(net.layers().size() - 2);
        NirArray w11 = g.nodes().get("11").param("weight");          // [10, 256] in NIR, [256, 10] in snn4j
        assertThat(last.weight().value()[3 * 10 + 7]).isEqualTo((float) w11.get(7 * 256 + 3));

        int steps = 20;
        SplittableRandom rng = new SplittableRandom(5);
        float[] events = new float[steps * 2 * 34 * 34];
        for (int i = 0; i < events.length; i++) {
            events[i] = rng.nextDouble() < 0.1 ? 1f : 0f;
        }
        NetworkOutput out;
        try (Kernels k = Kernels.create(1)) {
            out = net.forward(events, new RunContext(steps, 1, false, 0, k));
        }
        float total = 0;
        float most = 0;
        for (float s : out.output()) {
            assertThat(s).as("a spike count").isNotNegative().isEqualTo((float) Math.floor(s));
            total += s;
            most = Math.max(most, s);
        }
        assertThat(total).as("output spikes over %d steps", steps).isPositive();
        // Sinabs's MultiSpike matters for this file: an output neuron fires several times in one step
        assertThat(most).isGreaterThanOrEqualTo(2f);
        Network single = NirImport.toNetwork(g, NirImport.Options.builder(NirConvention.SINABS).maxSpikes(1).build());
        try (Kernels k = Kernels.create(1)) {
            for (float s : single.forward(events, new RunContext(steps, 1, false, 0, k)).output()) {
                assertThat(s).isIn(0f, 1f);
            }
        }
    }

    @Test
    void exportedSnn4jNetworksReadBackAsTheSameNetwork() throws Exception {
        NirGraph g = NirFile.read(resource("cnn_sinabs.nir"));
        NirImport.Options sinabs = NirImport.Options.of(NirConvention.SINABS);
        Network net = NirImport.toNetwork(g, sinabs);
        Path file = java.nio.file.Files.createTempDirectory("nir").resolve("cnn.nir");
        NirFile.write(NirExport.toGraph(net, sinabs), file);
        Network back = NirImport.toNetwork(NirFile.read(file), sinabs);
        int steps = 6;
        SplittableRandom rng = new SplittableRandom(9);
        float[] events = new float[steps * 2 * 2 * 34 * 34];
        for (int i = 0; i < events.length; i++) {
            events[i] = rng.nextDouble() < 0.15 ? 1f : 0f;
        }
        try (Kernels k = Kernels.create(1)) {
            float[] a = net.forward(events, new RunContext(steps, 2, false, 0, k)).output().clone();
            float[] b = back.forward(events, new RunContext(steps, 2, false, 0, k)).output().clone();
            assertThat(b).containsExactly(a);
        }
    }

    /** Every sample file with the convention of the framework that wrote it. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> samples() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("lif_norse.nir", NirConvention.NORSE, 1e-4),
                org.junit.jupiter.params.provider.Arguments.of("lif_rockpool.nir", NirConvention.ROCKPOOL, 1e-4),
                org.junit.jupiter.params.provider.Arguments.of("two_lif_neurons.nir", NirConvention.GENERIC, 1e-4),
                org.junit.jupiter.params.provider.Arguments.of("cnn_sinabs.nir", NirConvention.SINABS, 1.0),
                org.junit.jupiter.params.provider.Arguments.of("braille_noDelay_bias_zero.nir", NirConvention.SNNTORCH, 1e-4),
                org.junit.jupiter.params.provider.Arguments.of("braille_noDelay_bias_zero_subgraph.nir", NirConvention.SNNTORCH, 1e-4),
                org.junit.jupiter.params.provider.Arguments.of("braille_noDelay_noBias_subtract.nir", NirConvention.SNNTORCH, 1e-4),
                org.junit.jupiter.params.provider.Arguments.of("braille_noDelay_noBias_subtract_subgraph.nir", NirConvention.SNNTORCH, 1e-4),
                org.junit.jupiter.params.provider.Arguments.of("rockpool_braille.nir", NirConvention.ROCKPOOL, 1e-3));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("samples")
    void everySampleFileImportsAndRuns(String name, NirConvention convention, double dt) throws Exception {
        NirGraph g = NirFile.read(resource(name));
        Network net = NirImport.toNetwork(g, NirImport.Options.builder(convention).dt(dt).build());
        int steps = 30;
        int features = net.inputShape().size();
        float[] x = new float[steps * features];
        SplittableRandom rng = new SplittableRandom(name.hashCode());
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.3 ? 1f : 0f;
        }
        NetworkOutput out;
        try (Kernels k = Kernels.create(1)) {
            out = net.forward(x, new RunContext(steps, 1, false, 0, k));
        }
        assertThat(out.output()).hasSize(steps * net.outputShape().size());
        for (float s : out.output()) {
            assertThat(s).as("a spike count").isNotNegative().isEqualTo((float) Math.floor(s));
            if (convention.maxSpikes() == 1) {
                assertThat(s).isIn(0f, 1f);
            }
        }
        for (float u : out.membrane()) {
            assertThat(Float.isFinite(u)).isTrue();
        }
    }
}
