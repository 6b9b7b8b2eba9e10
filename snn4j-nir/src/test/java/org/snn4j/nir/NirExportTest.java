package org.snn4j.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.AlifSpec;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.SynapticSpec;

/** The NIR graphs snn4j writes, and the layers it refuses. */
class NirExportTest {

    private static final NirImport.Options SNNTORCH = NirImport.Options.of(NirConvention.SNNTORCH);

    @Test
    void fullyConnectedNetworkIsWrittenAsSnnTorchWould() {
        Network net = Network.builder(4).linear(3).add(LifSpec.builder().beta(0.9f).threshold(0.5f).build())
                .dropout(0.2f).linear(2, false).add(SynapticSpec.builder().alpha(0.5f).beta(0.8f).build()).build(1);
        NirGraph g = NirExport.toGraph(net, SNNTORCH);
        assertThat(g.nodes().keySet()).containsExactly("input", "0", "1", "3", "4", "output");
        assertThat(g.edges()).containsExactly(new NirGraph.Edge("input", "0"), new NirGraph.Edge("0", "1"),
                new NirGraph.Edge("1", "3"), new NirGraph.Edge("3", "4"), new NirGraph.Edge("4", "output"));
        assertThat(g.nodes().get("input").param("shape").toInts()).containsExactly(4);
        assertThat(g.nodes().get("output").param("shape").toInts()).containsExactly(2);

        NirNode affine = g.nodes().get("0");
        assertThat(affine.type()).isEqualTo("Affine");
        assertThat(affine.param("weight").shape()).containsExactly(3, 4);
        float[] w = ((Linear) net.layers().get(0)).weight().value();
        assertThat(affine.param("weight").get(2 * 4 + 1)).isEqualTo(w[1 * 3 + 2]);
        assertThat(affine.param("bias").toFloats()).containsExactly(((Linear) net.layers().get(0)).bias().value());
        assertThat(g.nodes().get("3").type()).isEqualTo("Linear");

        NirNode lif = g.nodes().get("1");
        assertThat(lif.type()).isEqualTo("LIF");
        double tau = 1e-4 / (1 - (double) 0.9f);
        assertThat(lif.param("tau").shape()).containsExactly(3);
        assertThat(lif.param("tau").data()).containsExactly(tau, tau, tau);
        assertThat(lif.param("r").get(0)).isEqualTo(tau / 1e-4);
        assertThat(lif.param("v_leak").data()).containsExactly(0, 0, 0);
        assertThat(lif.param("v_threshold").get(2)).isEqualTo(0.5);
        assertThat(lif.param("tau").type()).isEqualTo(NirArray.ElementType.FLOAT64);

        NirNode cuba = g.nodes().get("4");
        assertThat(cuba.type()).isEqualTo("CubaLIF");
        double tauSyn = 1e-4 / (1 - (double) 0.5f);
        assertThat(cuba.param("tau_syn").get(1)).isEqualTo(tauSyn);
        assertThat(cuba.param("w_in").get(1)).isEqualTo(tauSyn / 1e-4);
        assertThat(cuba.param("tau_mem").get(1)).isEqualTo(1e-4 / (1 - (double) 0.8f));
        for (String name : g.nodes().keySet()) {
            NirTypes.check(name, g.nodes().get(name));
        }
    }

    @Test
    void sinabsConventionWritesUnitResistanceAndStepTimeConstants() {
        Network net = Network.builder(2, 4, 4).conv2d(3, 3, 1, 1).add(IfSpec.builder().threshold(2f).build())
                .avgPool2d(2).flatten().linear(2).add(LifSpec.builder().beta(0.5f).build()).build(2);
        NirGraph g = NirExport.toGraph(net, NirImport.Options.of(NirConvention.SINABS));
        NirNode conv = g.nodes().get("0");
        assertThat(conv.param("weight").shape()).containsExactly(3, 2, 3, 3);
        assertThat(conv.param("stride").toInts()).containsExactly(1, 1);
        assertThat(conv.param("padding").toInts()).containsExactly(1, 1);
        assertThat(conv.param("groups").rank()).isZero();
        NirNode ifNode = g.nodes().get("1");
        assertThat(ifNode.type()).isEqualTo("IF");
        assertThat(ifNode.param("r").shape()).containsExactly(3, 4, 4);
        assertThat(ifNode.param("r").get(47)).isEqualTo(1.0);
        assertThat(ifNode.param("v_threshold").get(0)).isEqualTo(2.0);
        assertThat(g.nodes().get("2").param("kernel_size").toInts()).containsExactly(2, 2);
        NirNode flat = g.nodes().get("3");
        assertThat(flat.param("start_dim").get(0)).isZero();
        assertThat(flat.param("end_dim").get(0)).isEqualTo(-1);
        assertThat(g.nodes().get("5").param("tau").get(0)).isEqualTo(-1.0 / Math.log(0.5));
        assertThat(g.nodes().get("5").param("r").get(0)).isEqualTo(1.0);
    }

    @Test
    void layersWithoutNirNodesAreRefusedNamingLayerAndType() {
        assertThatThrownBy(() -> NirExport.toGraph(Network.builder(1, 4, 4).conv2d(2, 3).batchNorm()
                .add(IfSpec.defaults()).build(1), SNNTORCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("layer 1 (batchnorm): batch norm has no NIR node")
                .hasMessageContaining("BatchNormFolding");
        assertThatThrownBy(() -> NirExport.toGraph(Network.builder(1, 4, 4).add(IfSpec.defaults()).maxPool2d(2)
                .build(1), SNNTORCH))
                .hasMessageStartingWith("layer 1 (maxpool2d): max pooling has no NIR node");
        assertThatThrownBy(() -> NirExport.toGraph(Network.builder(3).linear(3).relu().build(1), SNNTORCH))
                .hasMessageStartingWith("layer 1 (relu): a non-spiking activation has no NIR node");
        assertThatThrownBy(() -> NirExport.toGraph(Network.builder(3).linear(3)
                .add(LifSpec.builder().reset(Reset.NONE).build()).build(1), SNNTORCH))
                .hasMessage("layer 1 (lif): reset NONE has no NIR equivalent (NIR neurons always reset)");
        assertThatThrownBy(() -> NirExport.toGraph(Network.builder(3).linear(3)
                .add(IfSpec.builder().initialMembrane(0.5f).build()).build(1), SNNTORCH))
                .hasMessageStartingWith("layer 1 (if): its initial membrane 0.5·θ has no NIR field");
        assertThatThrownBy(() -> NirExport.toGraph(Network.builder(3).linear(3).add(AlifSpec.builder().build())
                .build(1), SNNTORCH))
                .hasMessage("layer 1 (alif): adaptive LIF neurons have no NIR node");
        assertThatThrownBy(() -> NirExport.toGraph(Network.builder(3).linear(3).add(LifSpec.of(0f)).build(1),
                NirImport.Options.of(NirConvention.ROCKPOOL)))
                .hasMessageStartingWith("layer 1 (lif): beta = 0.0 has no finite positive time constant under ROCKPOOL");
    }

    @Test
    void exportedSubtractResetNeedsTheResetOptionOnImport() {
        Network net = Network.builder(5).linear(4).add(LifSpec.builder().beta(0.9f).threshold(0.3f).build()).build(3);
        NirGraph g = NirExport.toGraph(net, SNNTORCH);
        float[] x = NirRoundTripTest.input(5, 4, 1.5);
        List<float[]> ref = NirRoundTripTest.run(net, x);
        Network zero = NirImport.toNetwork(g, SNNTORCH);
        Network subtract = NirImport.toNetwork(g, NirImport.Options.builder(NirConvention.SNNTORCH)
                .reset(Reset.SUBTRACT).build());
        assertThat(((LifSpec) zero.spec().layers().get(1)).reset()).isEqualTo(Reset.ZERO);
        assertThat(NirRoundTripTest.run(subtract, x).get(1)).containsExactly(ref.get(1));
        assertThat(NirRoundTripTest.run(zero, x).get(1)).isNotEqualTo(ref.get(1));
    }
}
