package org.snn4j.core.sim.plasticity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.snn4j.core.sim.Connector;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Receptor;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeMonitor;
import org.snn4j.core.sim.neuron.LifCuba;

/** Lateral inhibition as a projection (all-to-all without the diagonal, inhibitory) gives winner-take-all. */
class WinnerTakeAllTest {

    private static int[] counts(double inhibition) {
        Simulation sim = Simulation.create(0.5, 1);
        Population layer = sim.population("layer", 3, new LifCuba(20, 5, 10, -65, -50, -65, 2, 1));
        layer.injectCurrent(new float[] {20f, 19f, 18.5f});
        if (inhibition > 0) {
            sim.connect(layer, layer).connector(Connector.allToAll(Connector.Diagonal.EXCLUDE))
                    .receptor(Receptor.INHIBITORY).weight(inhibition).build();
        }
        SpikeMonitor m = sim.spikeCounter(layer);
        sim.runFor(500);
        return m.counts();
    }

    @Test
    void strongestDrivenNeuronSilencesTheOthers() {
        int[] free = counts(0);
        assertThat(java.util.Arrays.stream(free).min().orElseThrow()).isGreaterThan(5);
        int[] wta = counts(30);
        assertThat(wta[0]).isGreaterThan(5);
        assertThat(wta[1]).isZero();
        assertThat(wta[2]).isZero();
    }
}
