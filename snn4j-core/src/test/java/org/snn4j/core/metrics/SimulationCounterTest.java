package org.snn4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.sim.Connector;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeArraySource;
import org.snn4j.core.sim.SpikeMonitor;
import org.snn4j.core.sim.models.DiehlCook;
import org.snn4j.core.sim.neuron.LifCuba;

class SimulationCounterTest {

    @Test
    void countsHandComputedOperationsFromTheSpikesAndTheNonZeroWeights() {
        Simulation sim = Simulation.create(1, 5);
        // input 0 spikes twice, 1 and 2 once each
        SpikeArraySource in = sim.spikeArraySource("in", 3, new int[] {0, 1, 0, 2}, new double[] {0, 0, 3, 5});
        Population p = sim.population("p", 2, LifCuba.vogelsAbbott());
        // row 1 has a zero weight onto neuron 0: non-zero weights per row = 2, 1, 2
        sim.connect(in, p).connector(Connector.allToAll(Connector.Diagonal.INCLUDE))
                .weights((i, j, rng) -> i == 1 && j == 0 ? 0 : 0.5).delay(1).build();
        SimulationCounter counter = SimulationCounter.attach(sim);
        SpikeMonitor independent = sim.spikeMonitor(p);
        sim.run(10);
        counter.detach();
        sim.run(5);
        assertThat(counter.steps()).isEqualTo(10);
        assertThat(counter.spikeCounts(in)).containsExactly(2, 1, 1);
        OperationCounts ops = counter.operationsPerSample(2);
        assertThat(ops.dense()).isEqualTo(6 * 10 / 2.0);
        assertThat(ops.effectiveAcs()).isEqualTo((2 * 2 + 1 * 1 + 1 * 2) / 2.0);
        assertThat(ops.effectiveMacs()).isZero();
        List<SynapticOperations.LayerOperations> per = counter.operationsPerProjection(2);
        assertThat(per).singleElement().satisfies(l -> {
            assertThat(l.layerIndex()).isZero();
            assertThat(l.type()).isEqualTo("in->p");
            assertThat(l.counts()).isEqualTo(ops);
        });
        long popSpikes = independent.eventSteps().length - java.util.Arrays.stream(independent.eventSteps())
                .filter(s -> s >= 10).count();
        assertThat(counter.spikes(p)).isEqualTo(popSpikes);
        ActivityCounter.LayerActivity a = counter.activityPerPopulation(2).get(0);
        assertThat(a.neurons()).isEqualTo(2);
        assertThat(a.spiking()).isTrue();
        assertThat(a.rate()).isEqualTo(popSpikes / 20.0);
        assertThat(a.membraneUpdatesPerSample()).isEqualTo(2 * 10 / 2.0);
        assertThat(counter.neuronStepsPerSample(2)).isEqualTo(10.0);
        assertThat(counter.activationSparsity()).isEqualTo(1 - popSpikes / 20.0);
        assertThatThrownBy(() -> counter.operationsPerSample(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("samples must be >= 1, got 0");
        SpikeArraySource other = sim.spikeArraySource("other", 1, new int[0], new double[0]);
        assertThatThrownBy(() -> counter.spikes(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'other' is not counted");
    }

    /** Four 4×4 patterns (one bright row each), class = row index mod 2. */
    private static final class Rows implements Dataset {
        @Override
        public String name() {
            return "rows";
        }

        @Override
        public int size() {
            return 40;
        }

        @Override
        public Shape sampleShape() {
            return Shape.of(1, 4, 4);
        }

        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public int label(int index) {
            return index % 2;
        }

        @Override
        public void copyFeatures(int index, float[] dst, int dstOff) {
            for (int k = 0; k < 16; k++) {
                dst[dstOff + k] = k / 4 == index % 4 ? 1f : 0f;
            }
        }
    }

    @Test
    void effectiveAccumulatesOfADiehlCookTestPassMatchSpikesRecordedIndependently() {
        int n = 5;
        int steps = 40;
        DiehlCook net = new DiehlCook(DiehlCook.Config.builder().excitatory(n).inputSize(16).stepsPerSample(steps)
                .normTotal(30).initialWeightMax(1).minSpikes(3).seed(11).build());
        Rows data = new Rows();
        net.train(data, 40, 20, DiehlCook.Progress.none());
        DiehlCook.Assignment assignment = net.labelAssignment(data, 20, DiehlCook.Progress.none());
        Simulation sim = net.simulation();
        SimulationCounter counter = SimulationCounter.attach(sim);
        SpikeMonitor input = sim.spikeMonitor(net.input());
        SpikeMonitor exc = sim.spikeMonitor(net.excitatory());
        SpikeMonitor inh = sim.spikeMonitor(net.inhibitory());
        DiehlCook.Evaluation eval = net.evaluate(data, 12, assignment, DiehlCook.Progress.none());
        counter.detach();

        float[] w = net.inputWeights();
        long expectedInput = 0;
        for (int i : input.eventIndices()) {
            for (int j = 0; j < n; j++) {
                expectedInput += w[i * n + j] != 0f ? 1 : 0;
            }
        }
        long excSpikes = exc.eventIndices().length;
        long inhSpikes = inh.eventIndices().length;
        assertThat(input.eventIndices().length).isPositive();
        assertThat(excSpikes).isPositive();
        assertThat(inhSpikes).isPositive();
        long presentations = 12 + eval.retries();
        assertThat(counter.steps()).isEqualTo(presentations * steps);
        OperationCounts ops = counter.operationsPerSample(12);
        assertThat(ops.effectiveAcs() * 12).isCloseTo(expectedInput + excSpikes * 1 + inhSpikes * (n - 1), within(1e-6));
        assertThat(ops.effectiveMacs()).isZero();
        assertThat(ops.dense() * 12).isEqualTo((double) presentations * steps * (16 * n + n + n * (n - 1)));
        List<SynapticOperations.LayerOperations> per = counter.operationsPerProjection(12);
        assertThat(per).extracting(SynapticOperations.LayerOperations::type).containsExactly("input->exc", "exc->inh", "inh->exc");
        assertThat(per.get(1).counts().effectiveAcs() * 12).isCloseTo(excSpikes, within(1e-6));
        assertThat(per.get(2).counts().effectiveAcs() * 12).isCloseTo(inhSpikes * (n - 1), within(1e-6));
        List<ActivityCounter.LayerActivity> act = counter.activityPerPopulation(12);
        assertThat(act.get(0).rate()).isCloseTo(excSpikes / (double) (n * presentations * steps), within(1e-12));
        assertThat(act.get(1).rate()).isCloseTo(inhSpikes / (double) (n * presentations * steps), within(1e-12));
        assertThat(counter.activationSparsity())
                .isCloseTo(1 - (excSpikes + inhSpikes) / (double) (2 * n * presentations * steps), within(1e-12));
    }
}
