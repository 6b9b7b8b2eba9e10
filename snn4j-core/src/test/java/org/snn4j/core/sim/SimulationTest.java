package org.snn4j.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.snn4j.core.sim.neuron.LifCuba;

class SimulationTest {

    /** One spike at step 2 through delay d arrives in step 2 + d, for ring and direct delivery. */
    @Test
    void spikeArrivesAfterItsDelay() {
        for (int d : new int[] {1, 2, 5}) {
            Simulation sim = Simulation.create(0.1, 1);
            SpikeArraySource in = sim.spikeArraySource("in", 1, new int[] {0}, new double[] {0.2});
            Population acc = sim.population("acc", 1, new InputAccumulator());
            sim.connect(in, acc).weight(0.5).delay(d).build();
            StateMonitor m = sim.stateMonitor(acc, "exc", new int[] {0}, 1);
            sim.run(12);
            float[] trace = m.trace(0);
            for (int n = 0; n < 12; n++) {
                assertThat(trace[n]).as("delay %d, after step %d", d, n).isEqualTo(n >= 2 + d ? 0.5f : 0f);
            }
        }
    }

    /** With LifCuba, delay 1 goes straight into g_e; its effect is the same as through a ring slot. */
    @Test
    void directDeliveryMatchesRingDelivery() {
        float[][] traces = new float[2][];
        for (int variant = 0; variant < 2; variant++) {
            Simulation sim = Simulation.create(0.1, 1);
            SpikeArraySource in = sim.spikeArraySource("in", 1, new int[] {0, 0}, new double[] {0.0, 0.3});
            Population p = sim.population("p", 1, LifCuba.vogelsAbbott());
            p.variable("v")[0] = -65f;
            ProjectionBuilder b = sim.connect(in, p).weight(2.0);
            if (variant == 0) {
                b.delay(1);
            } else {
                b.delays(new int[] {1});               // per-synapse delays force the ring path
            }
            b.build();
            StateMonitor m = sim.stateMonitor(p, "v", new int[] {0}, 1);
            sim.run(50);
            traces[variant] = m.trace(0);
        }
        assertThat(traces[1]).containsExactly(traces[0]);
    }

    @Test
    void perSynapseDelaysDeliverEachAtItsOwnStep() {
        Simulation sim = Simulation.create(1, 1);
        SpikeArraySource in = sim.spikeArraySource("in", 1, new int[] {0}, new double[] {0});
        Population acc = sim.population("acc", 3, new InputAccumulator());
        Projection proj = sim.connect(in, acc).weight(1).delays(new int[] {4, 1, 7}).build();
        sim.run(10);
        assertThat(proj.maxDelay()).isEqualTo(7);
        assertThat(acc.variable("lastArrival")).containsExactly(4f, 1f, 7f);
        assertThat(acc.variable("exc")).containsExactly(1f, 1f, 1f);
    }

    /** Every emitted spike delivers its whole row exactly once: totals are conserved. */
    @Test
    void deliveredInputIsConserved() {
        for (Connector c : new Connector[] {Connector.allToAll(Connector.Diagonal.INCLUDE),
                Connector.fixedProbability(0.3, Connector.Diagonal.INCLUDE), Connector.fixedFanIn(4, Connector.Diagonal.INCLUDE)}) {
            Simulation sim = Simulation.create(0.5, 7);
            PoissonSource in = sim.poissonSource("in", 20, 200);
            Population acc = sim.population("acc", 15, new InputAccumulator());
            Projection exc = sim.connect(in, acc).connector(c).weights(Projection.WeightInit.uniform(0.5, 1.5)).delays(1, 6).build();
            Projection inh = sim.connect(in, acc).name("inh").connector(c).receptor(Receptor.INHIBITORY).weight(0.25).delay(3).build();
            SpikeMonitor m = sim.spikeMonitor(in);
            sim.run(400);
            in.setRate(0);
            sim.run(10);                                 // let pending input arrive
            double expectedExc = 0;
            double expectedInh = 0;
            int[] counts = m.counts();
            for (int i = 0; i < 20; i++) {
                for (int p = exc.rowPtr()[i]; p < exc.rowPtr()[i + 1]; p++) {
                    expectedExc += counts[i] * (double) exc.weights()[p];
                }
                expectedInh += counts[i] * 0.25 * (inh.rowPtr()[i + 1] - inh.rowPtr()[i]);
            }
            double gotExc = 0;
            double gotInh = 0;
            for (int j = 0; j < 15; j++) {
                gotExc += acc.variable("exc")[j];
                gotInh += acc.variable("inh")[j];
            }
            assertThat(m.total()).isGreaterThan(500);
            assertThat(gotExc).isCloseTo(expectedExc, within(1e-3 * expectedExc));
            assertThat(gotInh).isCloseTo(expectedInh, within(1e-3 * expectedInh));
        }
    }

    @Test
    void spikeMonitorSeesEverySpikeOnce() {
        Simulation sim = Simulation.create(1, 3);
        int[] ch = {0, 1, 0, 2, 1};
        SpikeArraySource in = sim.spikeArraySource("in", 3, ch, new double[] {0, 0, 3, 3, 9});
        SpikeMonitor m = sim.spikeMonitor(in);
        sim.run(20);
        assertThat(m.eventSteps()).containsExactly(0, 0, 3, 3, 9);
        assertThat(m.eventIndices()).containsExactly(0, 1, 0, 2, 1);
        assertThat(m.counts()).containsExactly(2, 2, 1);
    }

    @Test
    void sameSeedSameSpikesOtherSeedOtherSpikes() {
        long[] a = smallNetworkSpikes(11);
        long[] b = smallNetworkSpikes(11);
        long[] c = smallNetworkSpikes(12);
        assertThat(a.length).isGreaterThan(100);
        assertThat(b).containsExactly(a);
        assertThat(Arrays.equals(a, c)).isFalse();
    }

    private static long[] smallNetworkSpikes(long seed) {
        Simulation sim = Simulation.create(0.1, seed);
        PoissonSource in = sim.poissonSource("in", 50, 20);
        Population p = sim.population("p", 40, LifCuba.vogelsAbbott());
        sim.connect(in, p).connector(Connector.fixedProbability(0.2, Connector.Diagonal.INCLUDE)).weight(4).build();
        sim.connect(p, p).connector(Connector.fixedFanIn(5, Connector.Diagonal.EXCLUDE)).receptor(Receptor.INHIBITORY)
                .weight(3).delays(1, 4).build();
        SpikeMonitor m = sim.spikeMonitor(p);
        sim.runFor(300);
        long[] steps = m.eventSteps();
        int[] idx = m.eventIndices();
        long[] code = new long[steps.length];
        for (int k = 0; k < steps.length; k++) {
            code[k] = steps[k] * 1000 + idx[k];
        }
        return code;
    }

    @Test
    void restDropsPendingInputAndReplaysSpikeArrays() {
        Simulation sim = Simulation.create(1, 1);
        SpikeArraySource in = sim.spikeArraySource("in", 1, new int[] {0}, new double[] {0});
        Population acc = sim.population("acc", 1, new InputAccumulator());
        sim.connect(in, acc).weight(1).delay(5).build();
        SpikeMonitor m = sim.spikeMonitor(in);
        sim.run(3);                                     // spike emitted, not yet arrived
        sim.rest();
        assertThat(acc.variable("exc")[0]).isZero();
        sim.run(3);                                     // replayed at the first step after rest
        assertThat(m.total()).isEqualTo(2);
        sim.run(10);
        assertThat(acc.variable("exc")[0]).isEqualTo(1f);
    }

    @Test
    void longerDelayAddedLaterKeepsPendingInput() {
        Simulation sim = Simulation.create(1, 1);
        SpikeArraySource in = sim.spikeArraySource("in", 1, new int[] {0}, new double[] {0});
        Population acc = sim.population("acc", 1, new InputAccumulator());
        sim.connect(in, acc).weight(1).delay(3).build();
        sim.run(1);                                     // in flight: arrives at step 3
        SpikeArraySource later = sim.spikeArraySource("later", 1, new int[] {0}, new double[] {0});
        sim.connect(later, acc).weight(10).delay(9).build();
        sim.run(20);
        assertThat(acc.variable("exc")[0]).isEqualTo(11f);
    }

    @Test
    void normalizeIncomingScalesEachColumnToTheTotal() {
        Simulation sim = Simulation.create(1, 5);
        PoissonSource in = sim.poissonSource("in", 30, 0);
        Population acc = sim.population("acc", 4, new InputAccumulator());
        Projection p = sim.connect(in, acc).weights(Projection.WeightInit.uniform(0, 1)).build();
        p.normalizeIncoming(7.5);
        float[] dense = p.denseWeights();
        for (int j = 0; j < 4; j++) {
            double sum = 0;
            for (int i = 0; i < 30; i++) {
                sum += dense[i * 4 + j];
            }
            assertThat(sum).isCloseTo(7.5, within(1e-4));
        }
        assertThat(p.weight(3, 2)).isEqualTo(dense[3 * 4 + 2]);

        // sparse rows go through the incoming index and reach the same totals
        Projection sparse = sim.connect(in, acc).name("sparse").connector(Connector.fixedProbability(0.5, Connector.Diagonal.INCLUDE))
                .weights(Projection.WeightInit.uniform(0, 1)).build();
        assertThat(sparse.connectivity().isDense()).isFalse();
        sparse.normalizeIncoming(7.5);
        float[] sw = sparse.denseWeights();
        for (int j = 0; j < 4; j++) {
            double sum = 0;
            for (int i = 0; i < 30; i++) {
                sum += sw[i * 4 + j];
            }
            assertThat(sum).isCloseTo(7.5, within(1e-4));
        }
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        Simulation sim = Simulation.create(0.1, 1);
        PoissonSource in = sim.poissonSource("in", 3, 10);
        Population p = sim.population("p", 2, LifCuba.vogelsAbbott());
        assertThatThrownBy(() -> sim.connect(in, p).weight(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Receptor.INHIBITORY");
        assertThatThrownBy(() -> sim.connect(in, p).delay(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 step");
        assertThatThrownBy(() -> sim.population("p", 2, LifCuba.vogelsAbbott()))
                .hasMessageContaining("already used");
        assertThatThrownBy(() -> p.variable("u")).hasMessageContaining("[v, ge, gi]");
        assertThatThrownBy(() -> in.setRates(new float[] {1, -2, 3})).hasMessageContaining("rate[1]");
        assertThatThrownBy(() -> Simulation.create(0, 1)).hasMessageContaining("dt");
        assertThatThrownBy(() -> sim.run(-1)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> p.injectCurrent(new float[3])).hasMessageContaining("2 values");
        assertThat(sim.connect(p, p).connector(Connector.oneToOne()).build().synapseCount()).isEqualTo(2);
        assertThatThrownBy(() -> sim.connect(in, p).name("x").connector(Connector.oneToOne()).build())
                .hasMessageContaining("equal sizes");
        assertThatThrownBy(() -> sim.spikeArraySource("s", 2, new int[] {0, 0}, new double[] {1, 1}))
                .hasMessageContaining("twice");
    }
}
