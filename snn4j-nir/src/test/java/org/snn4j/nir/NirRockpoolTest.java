package org.snn4j.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Monitor;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;
import org.snn4j.core.neuron.RecurrentSynaptic;
import org.snn4j.core.neuron.RsynSpec;
import org.snn4j.core.neuron.SynapticSpec;

/**
 * A Rockpool network as Rockpool's exporter ({@code rockpool.nn.modules.torch.nir.to_nir}) writes it,
 * imported under ROCKPOOL and run against a double-precision loop of the update equations of Rockpool's
 * {@code LIFTorch.forward} (rockpool/nn/modules/torch/lif_torch.py), step by step:
 * <pre>
 *   I_syn ← I_syn + in[t] + W_rec·S[t−1]
 *   I_syn ← exp(−dt/τ_syn)·I_syn
 *   V     ← exp(−dt/τ_mem)·V + I_syn
 *   S[t]  = [V ≥ θ]·min(⌊V/θ⌋, 2^16)        (StepPWL, max_spikes_per_dt = 2^16)
 *   V     ← V − S[t]·θ
 * </pre>
 * The network is Rockpool's Braille network ({@code rockpool_braille.nir}: Affine → CubaLIF with a
 * recurrent feedback → Affine → CubaLIF) with its weights and thresholds, and its CubaLIF nodes written as
 * {@code to_nir} writes a {@code LIFTorch} with {@code dt} = 1 ms: the file's time constants taken in
 * milliseconds, {@code r = τ_mem·exp(−dt/τ_mem)/dt}, no {@code w_in}, and the feedback a bias-free Linear
 * ({@code LIFTorch}'s {@code w_rec} has no bias). (The sample file itself holds {@code r = β} and τ in steps,
 * values no {@code to_nir} writes; Rockpool's own {@code from_nir} reads such a file with
 * {@code dt = min(τ_mem/(1 + r))} per node — a different time step for each layer — and ignores the
 * recurrent bias, which a one-{@code dt} import cannot reproduce.) Rockpool itself is not available here;
 * the reference is its update written out from its source, not a run of Rockpool.
 */
class NirRockpoolTest {
    private static final int T = 60;
    private static final int B = 2;
    private static final double DT = 1e-3;

    /** One CubaLIF layer of the file: per-neuron decays and thresholds. */
    private record Layer(double[] aSyn, double[] aMem, double[] theta) {
        static Layer of(NirNode node) {
            int n = node.param("tau_syn").size();
            double[] aSyn = new double[n];
            double[] aMem = new double[n];
            double[] theta = new double[n];
            for (int i = 0; i < n; i++) {
                aSyn[i] = Math.exp(-DT / node.param("tau_syn").get(i));
                aMem[i] = Math.exp(-DT / node.param("tau_mem").get(i));
                theta[i] = node.param("v_threshold").get(i);
            }
            assertThat(node.has("w_in")).as("Rockpool writes no w_in").isFalse();
            assertThat(node.param("v_leak").data()).containsOnly(0.0);
            return new Layer(aSyn, aMem, theta);
        }

        /** One LIFTorch step of every neuron; returns the spike counts, leaves the pre-reset V in {@code vPre}. */
        double[] step(double[] isyn, double[] v, double[] in, double[] vPre) {
            double[] s = new double[theta.length];
            for (int j = 0; j < theta.length; j++) {
                isyn[j] = aSyn[j] * (isyn[j] + in[j]);
                v[j] = aMem[j] * v[j] + isyn[j];
                vPre[j] = v[j];
                s[j] = v[j] >= theta[j] ? Math.min(Math.floor(v[j] / theta[j]), 65536) : 0;
                v[j] -= s[j] * theta[j];
            }
            return s;
        }
    }

    /** A CubaLIF node as Rockpool's {@code to_nir} writes a {@code LIFTorch} with these τ (seconds) and θ. */
    private static NirNode toNir(double[] tauSyn, double[] tauMem, double[] theta) {
        int n = tauMem.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = tauMem[i] * Math.exp(-DT / tauMem[i]) / DT;
        }
        java.util.Map<String, NirArray> p = new java.util.LinkedHashMap<>();
        p.put("tau_syn", NirImportTest.f64(tauSyn));
        p.put("tau_mem", NirImportTest.f64(tauMem));
        p.put("r", NirImportTest.f64(r));
        p.put("v_leak", NirImportTest.f64(new double[n]));
        p.put("v_threshold", NirImportTest.f64(theta));
        return NirNode.of("CubaLIF", p);
    }

    private static double[] scaled(NirArray a, double factor) {
        double[] v = a.data().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
        return v;
    }

    /** The Braille network with its CubaLIF nodes as {@code to_nir} writes them at dt = 1 ms (class comment). */
    private static NirGraph rockpoolExport() throws Exception {
        NirGraph file = NirChain.flatten(NirSamples.read("rockpool_braille.nir"));
        java.util.Map<String, NirNode> nodes = new java.util.LinkedHashMap<>(file.nodes());
        for (String name : new String[] {"hidden.lif", "lif2"}) {
            NirNode lif = file.nodes().get(name);
            nodes.put(name, toNir(scaled(lif.param("tau_syn"), 1e-3), scaled(lif.param("tau_mem"), 1e-3),
                    lif.param("v_threshold").data()));
        }
        nodes.put("hidden.lin", NirNode.of("Linear", java.util.Map.of("weight", file.nodes().get("hidden.lin").param("weight"))));
        return NirRoundTripTest.viaFile(new NirGraph(nodes, file.edges(), file.version()));
    }

    @Test
    void aRockpoolExportSpikesAsLifTorchWithSeveralSpikesPerStep() throws Exception {
        NirGraph graph = rockpoolExport();
        Network net = NirImport.toNetwork(graph, NirImport.Options.of(NirConvention.ROCKPOOL));
        assertThat(((RsynSpec) net.spec().layers().get(1)).maxSpikes()).isEqualTo(65536);
        assertThat(((SynapticSpec) net.spec().layers().get(3)).maxSpikes()).isEqualTo(65536);
        NirNode fc1 = graph.nodes().get("fc1");
        NirNode rec = graph.nodes().get("hidden.lin");
        NirNode fc2 = graph.nodes().get("fc2");
        Layer hidden = Layer.of(graph.nodes().get("hidden.lif"));
        Layer out = Layer.of(graph.nodes().get("lif2"));
        int n = hidden.theta().length;

        SplittableRandom rng = new SplittableRandom(17);
        float[] x = new float[T * B * 12];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.6 ? (float) rng.nextDouble(1, 8) : 0f;
        }
        float[] s1;
        float[] u1;
        float[] s2;
        float[] u2;
        try (Kernels k = Kernels.create(1)) {
            Monitor m = net.monitor(1);
            NetworkOutput o = net.forward(x, new RunContext(T, B, false, 0, k));
            s2 = o.output().clone();
            u2 = o.membrane().clone();
            s1 = m.output().clone();
            u1 = ((RecurrentSynaptic) net.layers().get(1)).membrane().clone();
        }
        double most = 0;
        double total = 0;
        for (int b = 0; b < B; b++) {
            double[] i1 = new double[n];
            double[] v1 = new double[n];
            double[] sp1 = new double[n];
            double[] i2 = new double[7];
            double[] v2 = new double[7];
            double[] pre1 = new double[n];
            double[] pre2 = new double[7];
            for (int t = 0; t < T; t++) {
                double[] in = new double[12];
                for (int f = 0; f < 12; f++) {
                    in[f] = x[(t * B + b) * 12 + f];
                }
                double[] cur = NirBrailleTest.affine(fc1, in);
                double[] fb = NirBrailleTest.affine(rec, sp1);
                for (int j = 0; j < n; j++) {
                    cur[j] += fb[j];
                }
                sp1 = hidden.step(i1, v1, cur, pre1);
                double[] sp2 = out.step(i2, v2, NirBrailleTest.affine(fc2, sp1), pre2);
                for (int j = 0; j < n; j++) {
                    int at = (t * B + b) * n + j;
                    assertThat(s1[at]).as("hidden spikes t=%d b=%d j=%d", t, b, j).isEqualTo((float) sp1[j]);
                    assertThat((double) u1[at]).as("hidden membrane t=%d b=%d j=%d", t, b, j)
                            .isCloseTo(pre1[j], within(1e-4 * Math.max(1, Math.abs(pre1[j]))));
                    most = Math.max(most, sp1[j]);
                    total += sp1[j];
                }
                for (int j = 0; j < 7; j++) {
                    int at = (t * B + b) * 7 + j;
                    assertThat(s2[at]).as("output spikes t=%d b=%d j=%d", t, b, j).isEqualTo((float) sp2[j]);
                    assertThat((double) u2[at]).as("output membrane t=%d b=%d j=%d", t, b, j)
                            .isCloseTo(pre2[j], within(1e-4 * Math.max(1, Math.abs(pre2[j]))));
                }
            }
        }
        assertThat(most).as("a hidden neuron fires several spikes in one step (total %s)", total).isGreaterThanOrEqualTo(2);
        assertThat(total).as("hidden spikes").isGreaterThan(20);
    }
}
