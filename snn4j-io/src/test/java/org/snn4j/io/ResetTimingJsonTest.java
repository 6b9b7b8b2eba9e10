package org.snn4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.ResetTiming;
import org.snn4j.core.neuron.RlifSpec;
import org.snn4j.core.neuron.RsynSpec;
import org.snn4j.core.neuron.SynapticSpec;

/** {@code resetTiming} of LIF, IF, Synaptic and the recurrent layers round-trips; files written before it existed load with DELAYED. */
class ResetTimingJsonTest {

    @Test
    void roundTripsAndOlderFilesLoadDelayed() throws Exception {
        NetworkSpec spec = new NetworkSpec(Shape.of(3), List.of(
                LifSpec.builder().reset(Reset.ZERO).resetTiming(ResetTiming.IMMEDIATE).build(),
                IfSpec.builder().reset(Reset.ZERO).resetTiming(ResetTiming.IMMEDIATE).build(),
                SynapticSpec.builder().resetTiming(ResetTiming.IMMEDIATE).build(),
                RlifSpec.builder().resetTiming(ResetTiming.IMMEDIATE).build(),
                RsynSpec.builder().resetTiming(ResetTiming.IMMEDIATE).build()));
        String json = ArchitectureJson.toJson(spec);
        assertThat(json).contains("\"resetTiming\"").contains("IMMEDIATE");
        assertThat(ArchitectureJson.parse(json)).isEqualTo(spec);

        NetworkSpec old = ArchitectureJson.parse("{\"input\": [3], \"layers\": [{\"type\": \"lif\", \"beta\": 0.9},"
                + " {\"type\": \"if\", \"threshold\": 0.7}, {\"type\": \"synaptic\", \"alpha\": 0.5}]}");
        assertThat(((LifSpec) old.layers().get(0)).resetTiming()).isEqualTo(ResetTiming.DELAYED);
        assertThat(((IfSpec) old.layers().get(1)).resetTiming()).isEqualTo(ResetTiming.DELAYED);
        assertThat(((SynapticSpec) old.layers().get(2)).resetTiming()).isEqualTo(ResetTiming.DELAYED);
        assertThat(((LifSpec) old.layers().get(0)).beta()).isEqualTo(0.9f);
        NetworkSpec oldRec = ArchitectureJson.parse("{\"input\": [3], \"layers\": [{\"type\": \"rlif\", \"beta\": 0.9},"
                + " {\"type\": \"rsynaptic\", \"alpha\": 0.5}]}");
        assertThat(((RlifSpec) oldRec.layers().get(0)).resetTiming()).isEqualTo(ResetTiming.DELAYED);
        assertThat(((RsynSpec) oldRec.layers().get(1)).resetTiming()).isEqualTo(ResetTiming.DELAYED);
    }
}
