package org.snn4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.neuron.IfSpec;

/** The IF initial membrane (added for ANN→SNN conversion) round-trips, and older files without it load with 0. */
class IfInitialMembraneJsonTest {

    @Test
    void roundTripsAndDefaultsToZero() throws Exception {
        NetworkSpec spec = new NetworkSpec(org.snn4j.core.Shape.of(3),
                java.util.List.of(IfSpec.builder().threshold(0.7f).initialMembrane(0.5f).build()));
        NetworkSpec back = ArchitectureJson.parse(ArchitectureJson.toJson(spec));
        assertThat(back).isEqualTo(spec);
        NetworkSpec old = ArchitectureJson.parse("{\"input\": [3], \"layers\": [{\"type\": \"if\", \"threshold\": 0.7}]}");
        assertThat(((IfSpec) old.layers().get(0)).initialMembrane()).isZero();
        assertThat(((IfSpec) old.layers().get(0)).threshold()).isEqualTo(0.7f);
    }
}
