package org.snn4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.data.InMemoryDataset;
import org.snn4j.core.encode.Encoders;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.loss.Losses;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LiSpec;
import org.snn4j.core.train.Evaluation;
import org.snn4j.core.train.Evaluator;

class WorkloadMetricsTest {
    private static final Kernels KERNELS = Kernels.create(1);

    @AfterAll
    static void close() {
        KERNELS.close();
    }

    /** Linear 2 → 3 with currents 0.6, 1.5 and 0 for the input (1, 1), then IF (θ = 1, reset by subtraction). */
    private static Network currents() {
        Network net = Network.builder(2).linear(3).add(IfSpec.builder().threshold(1f).build()).build(1);
        Linear lin = (Linear) net.layers().get(0);
        System.arraycopy(new float[] {0.6f, 0, 0, 0, 1.5f, 0}, 0, lin.weight().value(), 0, 6);
        Arrays.fill(lin.bias().value(), 0f);
        return net;
    }

    @Test
    void activityCountsSpikesRatesAndMembraneUpdatesByHand() {
        Network net = currents();
        ActivityCounter counter = ActivityCounter.attach(net);
        net.forwardTimeInvariant(new float[] {1, 1}, new RunContext(3, 1, false, 1, KERNELS));
        // neuron 0: U = 0.6, 1.2 (spike), 0.8          -> 1 spike, updated at all 3 steps
        // neuron 1: U = 1.5 (spike), 2.0 (spike), 2.5 (spike) -> 3 spikes, updated at all 3 steps
        // neuron 2: U = 0, 0, 0                          -> no spike, never updated
        assertThat(counter.activationSparsity()).isCloseTo(5 / 9.0, Offset.offset(1e-12));
        assertThat(counter.membraneUpdatesPerSample()).isEqualTo(6);
        assertThat(counter.neuronStepsPerSample()).isEqualTo(9);
        assertThat(counter.perLayer()).singleElement().satisfies(l -> {
            assertThat(l.layerIndex()).isEqualTo(1);
            assertThat(l.type()).isEqualTo("if");
            assertThat(l.spiking()).isTrue();
            assertThat(l.neurons()).isEqualTo(3);
            assertThat(l.rate()).isCloseTo(4 / 9.0, Offset.offset(1e-12));
        });
    }

    @Test
    void leakyIntegratorCountsZerosAndMembraneChangesButNoSpikes() {
        Network net = Network.builder(2).linear(3).add(LiSpec.of(1f)).build(1);
        Linear lin = (Linear) net.layers().get(0);
        System.arraycopy(new float[] {0.6f, 0, 0, 0, 1.5f, 0}, 0, lin.weight().value(), 0, 6);
        Arrays.fill(lin.bias().value(), 0f);
        ActivityCounter counter = ActivityCounter.attach(net);
        // input (1, 1), then (0, 0) twice; the integrator (β = 1) holds its value:
        // neuron 0: U = 0.6, 0.6, 0.6; neuron 1: U = 1.5, 1.5, 1.5; neuron 2: U = 0, 0, 0
        net.forward(new float[] {1, 1, 0, 0, 0, 0}, new RunContext(3, 1, false, 1, KERNELS));
        assertThat(counter.activationSparsity()).isCloseTo(3 / 9.0, Offset.offset(1e-12));
        // updated only where U changes (step 0 of neurons 0 and 1): a non-zero output is no spike and causes no reset
        assertThat(counter.membraneUpdatesPerSample()).isEqualTo(2);
        assertThat(counter.neuronStepsPerSample()).isEqualTo(9);
        assertThat(counter.perLayer()).singleElement().satisfies(l -> {
            assertThat(l.type()).isEqualTo("li");
            assertThat(l.spiking()).isFalse();
            assertThat(l.rate()).isCloseTo(6 / 9.0, Offset.offset(1e-12));
            assertThat(l.membraneUpdatesPerSample()).isEqualTo(2);
        });
    }

    @Test
    void annActivationsCountZerosOncePerStepOfATimeInvariantPass() {
        Network net = Network.builder(2).linear(4).relu().linear(2).build(1);
        Linear lin = (Linear) net.layers().get(0);
        System.arraycopy(new float[] {1, -1, 2, 0, 1, 1, -3, 0}, 0, lin.weight().value(), 0, 8);
        Arrays.fill(lin.bias().value(), 0f);
        ActivityCounter counter = ActivityCounter.attach(net);
        // x = (1, 1): pre-activations (2, 0, −1, 0) -> one of four ReLU outputs is non-zero
        net.forwardTimeInvariant(new float[] {1, 1}, new RunContext(5, 1, false, 1, KERNELS));
        assertThat(counter.activationSparsity()).isEqualTo(0.75);
        assertThat(counter.membraneUpdatesPerSample()).isZero();
        assertThat(counter.perLayer().get(0).spiking()).isFalse();
        assertThat(counter.perLayer().get(0).rate()).isEqualTo(0.25);
    }

    @Test
    void footprintAndConnectionSparsityCountWeightsByHand() {
        Network net = Network.builder(3).linear(2).linear(1, false).build(1);
        // 3·2 weights + 2 biases + 2·1 weights = 10 floats
        assertThat(StaticMetrics.footprintBytes(net)).isEqualTo(40);
        assertThat(StaticMetrics.connectionSparsity(net)).isZero();
        Linear first = (Linear) net.layers().get(0);
        first.weight().value()[0] = 0;
        first.weight().value()[3] = 0;
        first.bias().value()[0] = 0;      // biases are not connections
        ((Linear) net.layers().get(1)).weight().value()[1] = 0;
        assertThat(StaticMetrics.connectionSparsity(net)).isEqualTo(3 / 8.0);
        Network withNorm = Network.builder(1, 4, 4).conv2d(2, 3).batchNorm().build(1);
        // conv 2·1·3·3 + 2 biases, batch norm γ, β (2 each) and running mean, variance (2 each)
        assertThat(StaticMetrics.footprintBytes(withNorm)).isEqualTo(4 * (18 + 2 + 4 + 4));
    }

    @Test
    void energyIsOperationsTimesCosts() {
        OperationCounts ops = new OperationCounts(100, 10, 20);
        assertThat(EnergyModel.HOROWITZ_45NM.picojoules(ops)).isCloseTo(10 * 4.6 + 20 * 0.9, Offset.offset(1e-9));
        assertThat(EnergyModel.HOROWITZ_45NM.annEquivalentPicojoules(ops, 4)).isCloseTo(25 * 4.6, Offset.offset(1e-9));
        assertThat(new EnergyModel(1, 0.5).picojoules(ops)).isEqualTo(20);
        assertThatThrownBy(() -> new EnergyModel(0, 0.9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAC 0.0 pJ");
        assertThatThrownBy(() -> new EnergyModel(4.6, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnergyModel.HOROWITZ_45NM.annEquivalentPicojoules(ops, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static InMemoryDataset randomData(int n, int features, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i * features + j] = rng.nextDouble() < 0.4 ? 0f : (float) rng.nextDouble();
            }
        }
        return new InMemoryDataset("random", Shape.of(features), classes, x, y);
    }

    @Test
    void measureAgreesWithTheSeparateCountersAndTheEvaluator() {
        Network net = Network.builder(8).linear(16).lif(0.9f).linear(3).lif(0.9f).build(4);
        InMemoryDataset data = randomData(20, 8, 3, 9);
        WorkloadMetrics m = WorkloadMetrics.measure(net, data, Encoders.byName("direct"), Losses.byName("ce-count"), 6, 8, 5,
                KERNELS, EnergyModel.HOROWITZ_45NM, 10);
        Evaluation plain = Evaluator.evaluate(net, data, Encoders.byName("direct"), Losses.byName("ce-count"), 6, 8, 5, KERNELS);
        assertThat(m.evaluation().accuracy()).isEqualTo(plain.accuracy());
        SynapticOperations ops = SynapticOperations.attach(net);
        ActivityCounter act = ActivityCounter.attach(net);
        Evaluator.evaluate(net, data, Encoders.byName("direct"), Losses.byName("ce-count"), 6, 8, 5, KERNELS);
        assertThat(m.synapticOperations()).isEqualTo(ops.perSample());
        assertThat(m.synapticOperations().dense()).isEqualTo(6 * (8 * 16 + 16 * 3));
        assertThat(m.activationSparsity()).isEqualTo(act.activationSparsity());
        assertThat(m.membraneUpdatesPerSample()).isEqualTo(act.membraneUpdatesPerSample());
        assertThat(m.neuronStepsPerSample()).isEqualTo(6 * (16 + 3));
        assertThat(m.footprintBytes()).isEqualTo(4 * (8 * 16 + 16 + 16 * 3 + 3));
        assertThat(m.energyPicojoules()).isEqualTo(EnergyModel.HOROWITZ_45NM.picojoules(m.synapticOperations()));
        assertThat(m.annEquivalentPicojoules()).isCloseTo((8 * 16 + 16 * 3) * 4.6, Offset.offset(1e-9));
        assertThat(m.samplesPerSecond()).isPositive();
        assertThat(m.peakHeapBytes()).isPositive();
        assertThat(m.timedSamples()).isEqualTo(10);
        assertThat(m.activity()).hasSize(2);
        assertThat(m.operationsPerLayer()).extracting(SynapticOperations.LayerOperations::layerIndex).containsExactly(0, 2);
    }

    @Test
    void measureRejectsEmptyAndMismatchedData() {
        Network net = Network.builder(8).linear(3).build(4);
        InMemoryDataset wrong = randomData(4, 5, 3, 1);
        assertThatThrownBy(() -> WorkloadMetrics.measure(net, wrong, Encoders.byName("direct"), Losses.byName("ce-count"), 1, 4,
                1, KERNELS, EnergyModel.HOROWITZ_45NM, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("samples of 5 values").hasMessageContaining("[8]");
        InMemoryDataset ok = randomData(4, 8, 3, 1);
        assertThatThrownBy(() -> WorkloadMetrics.measure(net, ok, Encoders.byName("direct"), Losses.byName("ce-count"), 1, 4,
                1, KERNELS, EnergyModel.HOROWITZ_45NM, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timed samples must be in [1, 4]");
        assertThat(net.layers()).hasSize(1);
    }
}
