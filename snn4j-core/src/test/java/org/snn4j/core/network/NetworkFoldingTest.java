package org.snn4j.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.loss.CrossEntropyCountLoss;
import org.snn4j.core.loss.Loss;

/**
 * Time-invariant input folding ({@link Network#forwardTimeInvariant} in training) against the
 * unfolded computation on the input repeated over time: the forward outputs are identical and the
 * folded backward ({@code dW = Xᵀ·Σ_t G_t}) gives the same parameter gradients as
 * {@code Σ_t Xᵀ·G_t} up to float rounding. A first LIF layer takes the {@code [B, n]} rows itself
 * (no broadcast buffer) and gives the same results as the broadcast path.
 */
class NetworkFoldingTest {
    private static final int T = 6;
    private static final int B = 5;
    private static final int IN = 13;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void foldedTrainingStepEqualsUnfolded(int threads) {
        // two leading stateless layers (linear, flatten) are folded; the rest runs over time
        Network folded = Network.builder(IN).linear(21).flatten().lif(0.9f).linear(17).lif(0.8f).linear(4).lif(0.9f)
                .build(11);
        Network plain = folded.spec().build(11);
        boost(folded);
        boost(plain);
        float[] x = randomInput(B * IN, 5);
        int[] labels = {0, 3, 1, 2, 3};
        try (Kernels k = Kernels.create(threads)) {
            float[] outFolded = step(folded, x, labels, true, k);
            float[] outPlain = step(plain, x, labels, false, k);
            assertThat(outFolded).containsExactly(outPlain);
            double spikes = 0;
            for (float v : outPlain) {
                spikes += v;
            }
            assertThat(spikes).as("the output layer must spike for the check to mean something").isGreaterThan(0);
            assertGradientsClose(folded.parameters(), plain.parameters());
        }
    }

    @Test
    void firstLayerStatefulTakesTheRowsDirectly() {
        Network folded = Network.builder(IN).lif(0.9f).linear(4).lif(0.9f).build(3);
        Network plain = folded.spec().build(3);
        float[] x = randomInput(B * IN, 9);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 3f;
        }
        int[] labels = {0, 1, 2, 3, 0};
        try (Kernels k = Kernels.create(1)) {
            assertThat(step(folded, x, labels, true, k)).containsExactly(step(plain, x, labels, false, k));
            assertThat(folded.foldedIntoLayer()).isTrue();
            assertGradientsClose(folded.parameters(), plain.parameters());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void firstLifLayerConsumesTheRowsWithoutBroadcast(int threads) {
        Network direct = Network.builder(IN).linear(21).flatten().lif(0.9f).linear(17).lif(0.8f).linear(4).lif(0.9f)
                .build(11);
        Network broadcast = direct.spec().build(11);
        broadcast.timeInvariantLayers(false);
        boost(direct);
        boost(broadcast);
        float[] x = randomInput(B * IN, 5);
        int[] labels = {0, 3, 1, 2, 3};
        try (Kernels k = Kernels.create(threads)) {
            float[] outDirect = step(direct, x, labels, true, k);
            assertThat(direct.foldedIntoLayer()).as("the LIF layer took the [B, n] rows").isTrue();
            assertThat(direct.broadcastLength()).as("no [T, B, n] broadcast buffer").isZero();
            float[] outBroadcast = step(broadcast, x, labels, true, k);
            assertThat(broadcast.foldedIntoLayer()).isFalse();
            assertThat(broadcast.broadcastLength()).isEqualTo(T * B * 21);
            assertThat(outDirect).containsExactly(outBroadcast);
            assertGradientsClose(direct.parameters(), broadcast.parameters());
            // only the summation order of the time-summed gradient differs: the layers after the first LIF
            // layer see identical activations and gradients, so their parameter gradients are identical
            List<Parameter> d = direct.parameters();
            List<Parameter> b = broadcast.parameters();
            for (int p = 2; p < d.size(); p++) {
                assertThat(d.get(p).grad()).as(d.get(p).name()).containsExactly(b.get(p).grad());
            }
        }
    }

    @Test
    void outputLifLayerTakesTheRows() {
        // the LIF layer that reads the rows is also the last layer: its backward gets the loss gradient
        Network folded = Network.builder(IN).linear(4).lif(0.9f).build(8);
        Network plain = folded.spec().build(8);
        boost(folded);
        boost(plain);
        float[] x = randomInput(B * IN, 3);
        int[] labels = {3, 2, 1, 0, 3};
        try (Kernels k = Kernels.create(1)) {
            assertThat(step(folded, x, labels, true, k)).containsExactly(step(plain, x, labels, false, k));
            assertThat(folded.foldedIntoLayer()).isTrue();
            assertGradientsClose(folded.parameters(), plain.parameters());
        }
    }

    @Test
    void timeInvariantAndOrdinaryForwardsAlternate() {
        Network net = Network.builder(IN).linear(9).lif(0.9f).linear(4).lif(0.9f).build(4);
        Network plain = net.spec().build(4);
        boost(net);
        boost(plain);
        float[] x = randomInput(B * IN, 2);
        int[] labels = {1, 0, 3, 2, 1};
        try (Kernels k = Kernels.create(1)) {
            step(net, x, labels, true, k);
            assertThat(net.foldedIntoLayer()).isTrue();
            float[] ordinary = step(net, x, labels, false, k);
            assertThat(net.foldedIntoLayer()).isFalse();
            assertThat(ordinary).containsExactly(step(plain, x, labels, false, k));
            // same forward and the same backward (bit for bit) as a network that never folded
            List<Parameter> a = net.parameters();
            List<Parameter> b = plain.parameters();
            for (int p = 0; p < a.size(); p++) {
                assertThat(a.get(p).grad()).as(a.get(p).name()).containsExactly(b.get(p).grad());
            }
            step(net, x, labels, true, k);
            assertThat(net.foldedIntoLayer()).isTrue();
            assertGradientsClose(net.parameters(), plain.parameters());
        }
    }

    @Test
    void monitorsAndOtherNeuronsKeepTheBroadcastPath() {
        Network monitored = Network.builder(IN).linear(9).lif(0.9f).linear(4).lif(0.9f).build(4);
        Monitor m = monitored.monitor(1);
        Network synaptic = Network.builder(IN).linear(9).add(org.snn4j.core.neuron.SynapticSpec.of(0.8f, 0.9f))
                .linear(4).lif(0.9f).build(4);
        float[] x = randomInput(B * IN, 2);
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(T, B, false, 1, k);
            monitored.forwardTimeInvariant(x, ctx);
            assertThat(monitored.foldedIntoLayer()).isFalse();
            assertThat(m.steps()).isEqualTo(T);
            synaptic.forwardTimeInvariant(x, ctx);
            assertThat(synaptic.foldedIntoLayer()).isFalse();
            assertThat(synaptic.broadcastLength()).isEqualTo(T * B * 9);
        }
    }

    @Test
    void wrongInputLengthIsRefused() {
        Network net = Network.builder(IN).linear(4).lif(0.9f).build(1);
        try (Kernels k = Kernels.create(1)) {
            assertThatThrownBy(() -> net.forwardTimeInvariant(new float[T * B * IN], new RunContext(T, B, true, 1, k)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B·F");
        }
    }

    /** One forward + backward; returns a copy of the output spikes. */
    private static float[] step(Network net, float[] x, int[] labels, boolean fold, Kernels k) {
        RunContext ctx = new RunContext(T, B, true, 1, k);
        NetworkOutput out;
        if (fold) {
            out = net.forwardTimeInvariant(x, ctx);
        } else {
            float[] repeated = new float[T * x.length];
            for (int t = 0; t < T; t++) {
                System.arraycopy(x, 0, repeated, t * x.length, x.length);
            }
            out = net.forward(repeated, ctx);
        }
        Loss loss = new CrossEntropyCountLoss();
        float[] g = new float[out.output().length];
        loss.compute(out, labels, g, null);
        float[] copy = out.output().clone();
        net.zeroGrad();
        net.backward(g, null);
        return copy;
    }

    private static void assertGradientsClose(List<Parameter> a, List<Parameter> b) {
        assertThat(a).hasSameSizeAs(b);
        List<String> checked = new ArrayList<>();
        for (int p = 0; p < a.size(); p++) {
            float[] ga = a.get(p).grad();
            float[] gb = b.get(p).grad();
            double scale = 0;
            for (float v : gb) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(scale).as("gradient of %s must be non-zero", a.get(p).name()).isGreaterThan(0);
            for (int i = 0; i < ga.length; i++) {
                assertThat((double) ga[i]).as("%s[%d]", a.get(p).name(), i)
                        .isCloseTo(gb[i], org.assertj.core.api.Assertions.within(1e-5 * scale + 1e-7));
            }
            checked.add(a.get(p).name());
        }
        assertThat(checked).isNotEmpty();
    }

    /** Scales every weight by 3 so that all layers spike. */
    private static void boost(Network net) {
        for (Parameter p : net.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] *= 3f;
            }
        }
    }

    private static float[] randomInput(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(0, 1.5);
        }
        return x;
    }
}
