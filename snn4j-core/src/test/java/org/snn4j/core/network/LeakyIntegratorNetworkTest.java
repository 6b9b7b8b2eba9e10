package org.snn4j.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.neuron.LearnMode;
import org.snn4j.core.neuron.LiSpec;

/**
 * A leaky integrator read-out inside a {@link Network}: its output is also the network's membrane,
 * checkpointed training gives the plain results (neuron gradients bit for bit), and the time-invariant
 * shortcut hands it the {@code [B, n]} rows with the broadcast path's results.
 */
class LeakyIntegratorNetworkTest {
    private static final int IN = 5;
    private static final int OUT = 3;
    private static final int B = 3;
    private static final int T = 11;

    private static final LiSpec READOUT = LiSpec.builder().beta(0.9f).alpha(0.5f).learnBeta(LearnMode.PER_NEURON)
            .learnAlpha(LearnMode.SHARED).build();

    @Test
    void checkpointedTrainingMatchesPlain() {
        float[] x = CheckpointTest.uniform(1, T * B * IN, 0, 1);
        float[] gS = CheckpointTest.uniform(2, T * B * OUT, -1, 1);
        float[] gM = CheckpointTest.uniform(3, T * B * OUT, -1, 1);
        try (Kernels k = Kernels.create(2)) {
            RunContext ctx = new RunContext(T, B, true, 11, k);
            Network plain = Network.builder(IN).linear(9).lif(0.8f).linear(OUT).add(READOUT).build(7);
            NetworkOutput po = plain.forward(x, ctx);
            float[] out = po.output().clone();
            assertThat(po.membrane()).containsExactly(out);
            plain.zeroGrad();
            plain.backward(gS.clone(), gM.clone());
            for (int s : new int[] {1, 4, 6, 20}) {
                Network ck = plain.spec().build(7);
                NetworkOutput co = ck.forwardCheckpointed(x, ctx, s);
                assertThat(co.output()).as("output, S = %d", s).containsExactly(out);
                assertThat(co.membrane()).as("membrane, S = %d", s).containsExactly(out);
                ck.zeroGrad();
                ck.backward(gS.clone(), gM.clone());
                assertGradients(plain.parameters(), ck.parameters(), s >= T, "S = " + s);
            }
        }
    }

    @Test
    void timeInvariantInputGoesIntoTheIntegratorDirectly() {
        float[] x = CheckpointTest.uniform(4, B * IN, 0, 1);
        float[] gS = CheckpointTest.uniform(5, T * B * OUT, -1, 1);
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(T, B, true, 0, k);
            Network folded = Network.builder(IN).linear(OUT).add(READOUT).build(3);
            Network broadcast = folded.spec().build(3);
            broadcast.timeInvariantLayers(false);
            float[] a = folded.forwardTimeInvariant(x, ctx).output().clone();
            assertThat(folded.foldedIntoLayer()).isTrue();
            float[] b = broadcast.forwardTimeInvariant(x, ctx).output().clone();
            assertThat(broadcast.foldedIntoLayer()).isFalse();
            assertThat(a).containsExactly(b);
            folded.zeroGrad();
            folded.backward(gS.clone(), null);
            broadcast.zeroGrad();
            broadcast.backward(gS.clone(), null);
            // Linear gradients differ by the summation order over time; α and β are bit for bit
            assertGradients(broadcast.parameters(), folded.parameters(), false, "folded");
        }
    }

    /** α, β exact; the Linear weight and bias exact when {@code exact}, else within 1e-5 of the largest entry. */
    private static void assertGradients(List<Parameter> expected, List<Parameter> actual, boolean exact, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Parameter e = expected.get(i);
            Parameter a = actual.get(i);
            assertThat(a.name()).isEqualTo(e.name());
            double scale = 0;
            for (float g : e.grad()) {
                scale = Math.max(scale, Math.abs(g));
            }
            assertThat(scale).as("gradient of %s, %s", e.name(), what).isGreaterThan(1e-6);
            if (exact || e.name().equals("alpha") || e.name().equals("beta")) {
                assertThat(a.grad()).as("%s, %s", e.name(), what).containsExactly(e.grad());
            } else {
                for (int j = 0; j < e.size(); j++) {
                    assertThat((double) a.grad()[j]).as("%s[%d], %s", e.name(), j, what)
                            .isCloseTo(e.grad()[j], Offset.offset(1e-5 * scale));
                }
            }
        }
    }
}
