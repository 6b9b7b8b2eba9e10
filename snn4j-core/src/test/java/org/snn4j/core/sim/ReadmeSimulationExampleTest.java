package org.snn4j.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.snn4j.core.sim.neuron.LifCuba;
import org.snn4j.core.sim.plasticity.PairStdp;

/** The README's simulation example, run as written. */
class ReadmeSimulationExampleTest {

    @Test
    void readmeSimulationExampleRunsAndLearns() {
        Simulation sim = Simulation.create(0.1, 42);                             // dt = 0.1 ms, seed
        PoissonSource input = sim.poissonSource("input", 1000, 15.0);           // 15 Hz each
        Population neuron = sim.population("neuron", 1, LifCuba.songMillerAbbott());
        Projection syn = sim.connect(input, neuron).weights(Projection.WeightInit.uniform(0, 0.6))
                .delay(1).plasticity(PairStdp.songMillerAbbott(0.6)).build();  // additive STDP, bounds [0, 0.6]
        SpikeMonitor spikes = sim.spikeMonitor(neuron);
        float[] before = syn.weights().clone();
        sim.runFor(10_000);                                                      // 10 s simulated

        assertThat(spikes.total()).isPositive();
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            assertThat(syn.weights()[i]).isBetween(0f, 0.6f);
            if (syn.weights()[i] != before[i]) {
                changed++;
            }
        }
        assertThat(changed).isGreaterThan(900);
    }
}
