package org.snn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.ResetTiming;
import org.snn4j.core.neuron.RlifSpec;
import org.snn4j.core.neuron.RsynSpec;
import org.snn4j.core.neuron.SynapticSpec;

/**
 * {@code maxSpikes} of LIF, IF, synaptic, recurrent synaptic and recurrent LIF round-trips; files written before it
 * existed load with 1; a negative value is refused.
 */
class MultiSpikeJsonTest {

    @Test
    void roundTripsAndOlderFilesLoadWithOneSpike() throws Exception {
        NetworkSpec spec = new NetworkSpec(Shape.of(3), List.of(
                LifSpec.builder().maxSpikes(0).resetTiming(ResetTiming.IMMEDIATE).build(),
                IfSpec.builder().maxSpikes(3).build(),
                IfSpec.defaults()));
        String json = ArchitectureJson.toJson(spec);
        assertThat(json).contains("\"maxSpikes\": 0").contains("\"maxSpikes\": 3").contains("\"maxSpikes\": 1");
        assertThat(ArchitectureJson.parse(json)).isEqualTo(spec);

        NetworkSpec old = ArchitectureJson.parse("{\"input\": [3], \"layers\": [{\"type\": \"lif\", \"beta\": 0.9},"
                + " {\"type\": \"if\", \"threshold\": 0.7, \"resetTiming\": \"IMMEDIATE\"}]}");
        assertThat(((LifSpec) old.layers().get(0)).maxSpikes()).isEqualTo(1);
        assertThat(((IfSpec) old.layers().get(1)).maxSpikes()).isEqualTo(1);
        assertThat(old.layers().get(1)).isEqualTo(IfSpec.builder().threshold(0.7f)
                .resetTiming(ResetTiming.IMMEDIATE).build());

        NetworkSpec multi = ArchitectureJson.parse("{\"input\": [3], \"layers\": [{\"type\": \"if\", \"maxSpikes\": 0}]}");
        assertThat(((IfSpec) multi.layers().get(0)).maxSpikes()).isZero();
        assertThatThrownBy(() -> ArchitectureJson.parse("{\"input\": [3], \"layers\": [{\"type\": \"lif\","
                + " \"maxSpikes\": -2}]}")).hasMessageContaining("maxSpikes").hasMessageContaining("-2");
    }

    @Test
    void synapticAndRecurrentLayersRoundTripAndOlderFilesLoadWithOneSpike() throws Exception {
        NetworkSpec spec = new NetworkSpec(Shape.of(3), List.of(
                SynapticSpec.builder().maxSpikes(0).resetTiming(ResetTiming.IMMEDIATE).build(),
                RsynSpec.builder().maxSpikes(3).build(),
                RlifSpec.builder().maxSpikes(2).resetTiming(ResetTiming.IMMEDIATE).build(),
                SynapticSpec.of(0.9f, 0.8f)));
        String json = ArchitectureJson.toJson(spec);
        assertThat(json).contains("\"maxSpikes\": 0").contains("\"maxSpikes\": 3").contains("\"maxSpikes\": 2")
                .contains("\"maxSpikes\": 1");
        assertThat(ArchitectureJson.parse(json)).isEqualTo(spec);

        NetworkSpec old = ArchitectureJson.parse("{\"input\": [3], \"layers\": [{\"type\": \"synaptic\", \"alpha\": 0.7},"
                + " {\"type\": \"rsynaptic\", \"resetTiming\": \"IMMEDIATE\"}, {\"type\": \"rlif\", \"beta\": 0.9}]}");
        assertThat(old.layers()).containsExactly(SynapticSpec.builder().alpha(0.7f).build(),
                RsynSpec.builder().resetTiming(ResetTiming.IMMEDIATE).build(), RlifSpec.builder().beta(0.9f).build());
        assertThat(((SynapticSpec) old.layers().get(0)).maxSpikes()).isEqualTo(1);
        assertThat(((RsynSpec) old.layers().get(1)).maxSpikes()).isEqualTo(1);
        assertThat(((RlifSpec) old.layers().get(2)).maxSpikes()).isEqualTo(1);
        for (String type : new String[] {"synaptic", "rsynaptic", "rlif"}) {
            assertThatThrownBy(() -> ArchitectureJson.parse("{\"input\": [3], \"layers\": [{\"type\": \"" + type
                    + "\", \"maxSpikes\": -4}]}")).as(type).hasMessageContaining("maxSpikes").hasMessageContaining("-4");
        }
    }
}
