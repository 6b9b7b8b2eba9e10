package org.snn4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkBuilder;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.ResetTiming;
import org.snn4j.core.neuron.RlifSpec;
import org.snn4j.core.neuron.RsynSpec;
import org.snn4j.core.neuron.SynapticSpec;

/**
 * Spike counts of multi-spike IF layers in the metrics: a count of k onto a synapse is k accumulates
 * (through Flatten too), the rate counts k spikes, sparsity counts one non-zero output; single-spike
 * layers and analog inputs keep the NeuroBench rule. The same for multi-spike synaptic, recurrent LIF and
 * recurrent synaptic layers, whose feedback synapses also count k accumulates per count k.
 */
class MultiSpikeMetricsTest {
    private static final Kernels KERNELS = Kernels.create(1);

    @AfterAll
    static void close() {
        KERNELS.close();
    }

    /**
     * IF (θ = 1, SUBTRACT, IMMEDIATE, {@code maxSpikes} as given) on 3 inputs, then Linear 3 → 2 with
     * W = [[1, 0], [0, 0], [2, −3]] (rows: inputs): fan-outs 1, 0, 2; dense 6.
     */
    private static Network net(int maxSpikes, boolean flatten) {
        NetworkBuilder b = Network.builder(3).add(IfSpec.builder().maxSpikes(maxSpikes)
                .resetTiming(ResetTiming.IMMEDIATE).build());
        if (flatten) {
            b.flatten();
        }
        Network net = b.linear(2).build(1);
        Linear lin = (Linear) net.layers().get(flatten ? 2 : 1);
        System.arraycopy(new float[] {1, 0, 0, 0, 2, -3}, 0, lin.weight().value(), 0, 6);
        Arrays.fill(lin.bias().value(), 0f);
        return net;
    }

    // step 0: U = (2.5, 0.5, 1.2) -> spikes (2, 0, 1); step 1: U = (0.5 + 1, 0.5 + 0, 0.2 + 2) -> (1, 0, 2)
    private static final float[] INPUT = {2.5f, 0.5f, 1.2f, 1.0f, 0f, 2.0f};

    @Test
    void aCountOfKIsKAccumulatesPerSynapse() {
        for (boolean flatten : new boolean[] {false, true}) {
            Network net = net(0, flatten);
            SynapticOperations ops = SynapticOperations.attach(net);
            net.forward(INPUT, new RunContext(2, 1, false, 1, KERNELS));
            // step 0: 2·1 + 0·0 + 1·2 = 4; step 1: 1·1 + 2·2 = 5
            assertThat(ops.perSample()).as("flatten=%s", flatten).isEqualTo(new OperationCounts(12, 0, 9));
            assertThat(ops.perSampleUpTo(1)).isEqualTo(new OperationCounts(6, 0, 4));
        }
    }

    @Test
    void singleSpikeLayersAndAnalogInputsKeepTheNeuroBenchRule() {
        Network single = net(1, false);
        SynapticOperations ops = SynapticOperations.attach(single);
        single.forward(INPUT, new RunContext(2, 1, false, 1, KERNELS));
        // single spike, U > θ: step 0 spikes (1, 0, 1) -> 1 + 2 = 3; U = (1.5, 0.5, 0.2) + (1, 0, 2) = (2.5, 0.5, 2.2)
        // -> (1, 0, 1) -> 3
        assertThat(ops.perSample()).isEqualTo(new OperationCounts(12, 0, 6));
        // integer-valued analog input straight into a Linear layer: one MAC per non-zero input and synapse
        Network analog = Network.builder(3).linear(2).build(1);
        System.arraycopy(new float[] {1, 0, 0, 0, 2, -3}, 0, ((Linear) analog.layers().get(0)).weight().value(), 0, 6);
        SynapticOperations a = SynapticOperations.attach(analog);
        analog.forward(new float[] {2, 0, 1}, new RunContext(1, 1, false, 1, KERNELS));
        assertThat(a.perSample()).isEqualTo(new OperationCounts(6, 3, 0));
    }

    @Test
    void ratesCountSpikesAndSparsityCountsZeros() {
        Network net = net(0, false);
        ActivityCounter counter = ActivityCounter.attach(net);
        net.forward(INPUT, new RunContext(2, 1, false, 1, KERNELS));
        // outputs (2, 0, 1, 1, 0, 2): 6 spikes over 6 neuron-steps, 2 of 6 outputs zero
        assertThat(counter.activationSparsity()).isCloseTo(2 / 6.0, Offset.offset(1e-12));
        assertThat(counter.perLayer()).singleElement().satisfies(l -> {
            assertThat(l.type()).isEqualTo("if");
            assertThat(l.rate()).isEqualTo(1.0);
        });
        Network single = net(1, false);
        ActivityCounter c1 = ActivityCounter.attach(single);
        single.forward(INPUT, new RunContext(2, 1, false, 1, KERNELS));
        assertThat(c1.perLayer().get(0).rate()).isCloseTo(4 / 6.0, Offset.offset(1e-12));
    }

    /**
     * {@code spec} (θ = 1, IMMEDIATE SUBTRACT, α = 0, β = 1: the IF example above plus the feedback) on 3 inputs,
     * then the Linear of {@link #net}; a recurrent layer gets no bias and {@code V} with the one weight
     * {@code V[0, 1] = 0.5} (recurrent fan-outs 1, 0, 0; 9 dense feedback synapses at every step but the first).
     */
    private static Network net(LayerSpec spec) {
        Network net = Network.builder(3).add(spec).linear(2).build(1);
        for (Parameter p : net.layers().get(0).parameters()) {
            if (p.name().equals("recurrent_weight")) {
                Arrays.fill(p.value(), 0f);
                p.value()[1] = 0.5f;
            }
        }
        Linear lin = (Linear) net.layers().get(1);
        System.arraycopy(new float[] {1, 0, 0, 0, 2, -3}, 0, lin.weight().value(), 0, 6);
        Arrays.fill(lin.bias().value(), 0f);
        return net;
    }

    @Test
    void synapticAndRecurrentCountsAreKAccumulatesPerSynapse() {
        for (int cap : new int[] {0, 1}) {
            // no feedback: the IF example, step 0 spikes (2, 0, 1), step 1 (1, 0, 2) -> 4 + 5 ACs
            Network syn = net(SynapticSpec.builder().alpha(0f).beta(1f).reset(Reset.SUBTRACT)
                    .resetTiming(ResetTiming.IMMEDIATE).maxSpikes(cap).build());
            SynapticOperations ops = SynapticOperations.attach(syn);
            syn.forward(INPUT, new RunContext(2, 1, false, 1, KERNELS));
            assertThat(ops.perSample()).as("synaptic cap %d", cap)
                    .isEqualTo(new OperationCounts(12, 0, cap == 0 ? 9 : 6));
            // recurrent: step 0 U = (2.5, 0.5, 1.2) -> (2, 0, 1) leaving (0.5, 0.5, 0.2); Q[1] = (0, 2·0.5, 0),
            // U[1] = (1.5, 1.5, 2.2) -> (1, 1, 2): Linear 4 + 5 ACs, feedback 2 ACs (a count 2 on a fan-out of 1).
            // One spike: (1, 0, 1) leaving (1.5, 0.5, 0.2); Q[1] = (0, 0.5, 0), U[1] = (2.5, 1.0, 2.2) -> (1, 0, 1):
            // Linear 3 + 3, feedback 1
            for (LayerSpec spec : new LayerSpec[] {
                    RsynSpec.builder().alpha(0f).beta(1f).reset(Reset.SUBTRACT).resetTiming(ResetTiming.IMMEDIATE)
                            .recurrentBias(false).maxSpikes(cap).build(),
                    RlifSpec.builder().beta(1f).reset(Reset.SUBTRACT).resetTiming(ResetTiming.IMMEDIATE)
                            .recurrentBias(false).maxSpikes(cap).build()}) {
                Network rec = net(spec);
                SynapticOperations r = SynapticOperations.attach(rec);
                rec.forward(INPUT, new RunContext(2, 1, false, 1, KERNELS));
                String what = spec.type() + " cap " + cap;
                assertThat(r.perSample()).as(what).isEqualTo(new OperationCounts(21, 0, cap == 0 ? 11 : 7));
                assertThat(r.perLayer()).as(what).containsExactly(
                        new SynapticOperations.LayerOperations(0, spec.type() + " (recurrent)",
                                new OperationCounts(9, 0, cap == 0 ? 2 : 1)),
                        new SynapticOperations.LayerOperations(1, "linear",
                                new OperationCounts(12, 0, cap == 0 ? 9 : 6)));
            }
        }
    }
}
