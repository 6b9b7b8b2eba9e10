package org.snn4j.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snn4j.core.Parameter;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Monitor;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;
import org.snn4j.core.neuron.RecurrentSynaptic;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.RsynSpec;
import org.snn4j.core.neuron.SynapticSpec;

/**
 * The real Braille networks (recurrent CubaLIF, see PROVENANCE.md of the test resources) read with
 * {@link NirFile#read}, imported, checked against the values computed from the file, and run on
 * random input spikes against a hand-written loop of snnTorch's {@code RSynaptic}/{@code Synaptic}
 * equations in double precision, driven by the file's raw values (forward Euler with the exporter's
 * dt = 1e-4: α = 1 − dt/τ_syn, β = 1 − dt/τ_mem, synaptic gain dt·w_in/τ_syn, membrane gain
 * dt·r/τ_mem, not rounded to 1). Rockpool's Braille file is imported under ROCKPOOL and its
 * structure, α, β, θ and folded weights are checked against Rockpool's formulas (α = exp(−dt/τ_syn),
 * synaptic gain exp(−dt/τ_syn), β = exp(−dt/τ_mem), membrane gain dt·r/(τ_mem·exp(−dt/τ_mem))); its
 * dynamics, against Rockpool's {@code LIFTorch} update with several spikes per step, are in
 * {@link NirRockpoolTest} (the file's own values, τ in steps and r = β, give almost no activity at
 * ROCKPOOL's dt = 1 ms).
 */
class NirBrailleTest {
    private static final int T = 50;
    private static final int B = 3;

    /** The per-layer constants of one CubaLIF node: decays and input gains (all neurons equal in these files). */
    private record Cuba(double alpha, double beta, double gSyn, double gMem, double theta) {
        static Cuba of(NirNode node, NirConvention c, double dt) {
            double tauSyn = node.param("tau_syn").get(0);
            double tauMem = node.param("tau_mem").get(0);
            double r = node.param("r").get(0);
            double wIn = node.has("w_in") ? node.param("w_in").get(0) : 1.0;
            for (String f : new String[] {"tau_syn", "tau_mem", "r", "v_threshold"}) {
                NirArray a = node.param(f);
                for (int i = 0; i < a.size(); i++) {
                    assertThat(a.get(i)).as("%s is equal over the layer", f).isEqualTo(a.get(0));
                }
            }
            assertThat(node.param("v_leak").data()).containsOnly(0.0);
            return new Cuba(c.decay(dt, tauSyn), c.decay(dt, tauMem), c.synapticGain(dt, wIn, tauSyn),
                    c.membraneGain(dt, r, tauMem), node.param("v_threshold").get(0));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "braille_noDelay_bias_zero.nir, SNNTORCH, ZERO, lif1.lif, lif1.w_rec, 38",
        "braille_noDelay_bias_zero_subgraph.nir, SNNTORCH, ZERO, lif1.lif1, lif1.lin, 38",
        "braille_noDelay_noBias_subtract.nir, SNNTORCH, SUBTRACT, lif1.lif, lif1.w_rec, 40",
        "braille_noDelay_noBias_subtract_subgraph.nir, SNNTORCH, SUBTRACT, lif1.lif1, lif1.lin, 40",
        "rockpool_braille.nir, ROCKPOOL, SUBTRACT, hidden.lif, hidden.lin, 38"})
    void brailleNetworkImportsWithFileValuesAndMatchesTheReferenceLoop(String file, NirConvention convention,
                                                                       Reset reset, String lifName, String recName,
                                                                       int hidden) throws Exception {
        NirGraph graph = NirSamples.read(file);
        NirImport.Options o = NirImport.Options.builder(convention).reset(reset).build();
        Network net = NirImport.toNetwork(graph, o);
        NirGraph flat = NirChain.flatten(graph);
        NirNode fc1 = flat.nodes().get("fc1");
        NirNode lif1 = flat.nodes().get(lifName);
        NirNode rec = flat.nodes().get(recName);
        NirNode fc2 = flat.nodes().get("fc2");
        NirNode lif2 = flat.nodes().get("lif2");
        assertThat(lif1.type()).isEqualTo("CubaLIF");
        boolean bias = fc1.type().equals("Affine");
        double dt = o.dt();
        Cuba c1 = Cuba.of(lif1, convention, dt);
        Cuba c2 = Cuba.of(lif2, convention, dt);

        // structure: Linear 12 → N, RecurrentSynaptic, Linear N → 7, Synaptic
        assertThat(net.inputShape().size()).isEqualTo(12);
        assertThat(net.spec().layers()).hasSize(4);
        assertThat(net.spec().layers().get(0)).isEqualTo(new Linear.Spec(12, hidden, bias));
        assertThat(net.spec().layers().get(2)).isEqualTo(new Linear.Spec(hidden, 7, bias));
        RsynSpec rs = (RsynSpec) net.spec().layers().get(1);
        SynapticSpec ss = (SynapticSpec) net.spec().layers().get(3);
        assertThat(net.layers().get(1)).isInstanceOf(RecurrentSynaptic.class);
        assertThat(rs.reset()).isEqualTo(reset);
        assertThat(ss.reset()).isEqualTo(reset);
        assertThat(rs.recurrentBias()).isEqualTo(rec.type().equals("Affine"));
        // α, β, θ: the convention's decays of the file's τ, rounded to float once
        assertThat(rs.alpha()).isEqualTo((float) c1.alpha());
        assertThat(rs.beta()).isEqualTo((float) c1.beta());
        assertThat(rs.threshold()).isEqualTo((float) c1.theta());
        assertThat(ss.alpha()).isEqualTo((float) c2.alpha());
        assertThat(ss.beta()).isEqualTo((float) c2.beta());
        assertThat(ss.threshold()).isEqualTo((float) c2.theta());
        double g1 = NirConvention.snapUnit(NirConvention.snapUnit(c1.gSyn()) * NirConvention.snapUnit(c1.gMem()));
        double g2 = NirConvention.snapUnit(NirConvention.snapUnit(c2.gSyn()) * NirConvention.snapUnit(c2.gMem()));
        if (convention == NirConvention.SNNTORCH) {
            // snnTorch writes r = τ/dt and w_in = τ_syn/dt: unit gains, α and β the trained values
            assertThat(g1).isEqualTo(1.0);
            assertThat(g2).isEqualTo(1.0);
            assertThat(c1.alpha()).isCloseTo(file.contains("bias_zero") ? 0.55 : 0.75, within(1e-6));
            assertThat(c1.beta()).isCloseTo(file.contains("bias_zero") ? 0.9 : 0.85, within(1e-6));
        }
        // weights: Wᵀ of the file with the input gain of the neuron after it folded into the output columns
        assertFolded(((Linear) net.layers().get(0)).weight().value(), fc1.param("weight"), g1);
        assertFolded(((Linear) net.layers().get(2)).weight().value(), fc2.param("weight"), g2);
        RecurrentSynaptic r = (RecurrentSynaptic) net.layers().get(1);
        assertFolded(r.recurrentWeight().value(), rec.param("weight"), g1);
        if (rs.recurrentBias()) {
            assertScaled(r.recurrentBias().value(), rec.param("bias"), g1);
            assertScaled(((Linear) net.layers().get(0)).bias().value(), fc1.param("bias"), g1);
            assertScaled(((Linear) net.layers().get(2)).bias().value(), fc2.param("bias"), g2);
        }

        if (convention != NirConvention.SNNTORCH) {
            return;
        }
        // a random spike input through the imported network and through the reference loop
        SplittableRandom rng = new SplittableRandom(file.hashCode());
        float[] x = new float[T * B * 12];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.3 ? 1f : 0f;
        }
        float[] s1;
        float[] u1;
        float[] s2;
        float[] u2;
        try (Kernels k = Kernels.create(1)) {
            Monitor m = net.monitor(1);
            NetworkOutput out = net.forward(x, new RunContext(T, B, false, 0, k));
            s2 = out.output().clone();
            u2 = out.membrane().clone();
            s1 = m.output().clone();
            u1 = ((RecurrentSynaptic) net.layers().get(1)).membrane().clone();
        }
        Reference ref = reference(x, fc1, rec, fc2, c1, c2, hidden, reset);
        assertThat(s1).as("hidden spikes").containsExactly(toFloats(ref.s1()));
        assertThat(s2).as("output spikes").containsExactly(toFloats(ref.s2()));
        assertClose("hidden membrane", u1, ref.u1());
        assertClose("output membrane", u2, ref.u2());
        assertThat(s1).as("the hidden layer spikes").contains(1f, 0f);
        assertThat(s2).as("the output layer spikes").contains(1f);
    }

    private record Reference(double[] s1, double[] u1, double[] s2, double[] u2) {
    }

    /** snnTorch's RSynaptic then Synaptic (linear recurrence, reset delayed one step), in double. */
    private static Reference reference(float[] x, NirNode fc1, NirNode rec, NirNode fc2, Cuba c1, Cuba c2, int n,
                                       Reset reset) {
        double[] s1 = new double[T * B * n];
        double[] u1 = new double[T * B * n];
        double[] s2 = new double[T * B * 7];
        double[] u2 = new double[T * B * 7];
        for (int b = 0; b < B; b++) {
            double[] i1 = new double[n];
            double[] m1 = new double[n];
            double[] sp1 = new double[n];
            double[] i2 = new double[7];
            double[] m2 = new double[7];
            double[] sp2 = new double[7];
            for (int t = 0; t < T; t++) {
                double[] in = new double[12];
                for (int f = 0; f < 12; f++) {
                    in[f] = x[(t * B + b) * 12 + f];
                }
                double[] cur = affine(fc1, in);
                double[] fb = affine(rec, sp1);
                double[] next1 = new double[n];
                for (int j = 0; j < n; j++) {
                    double[] v = cuba(c1, i1[j], m1[j], sp1[j], cur[j] + fb[j], reset);
                    i1[j] = v[0];
                    m1[j] = v[1];
                    next1[j] = m1[j] - c1.theta() > 0 ? 1 : 0;
                    u1[(t * B + b) * n + j] = m1[j];
                    s1[(t * B + b) * n + j] = next1[j];
                }
                sp1 = next1;
                double[] cur2 = affine(fc2, sp1);
                double[] next2 = new double[7];
                for (int j = 0; j < 7; j++) {
                    double[] v = cuba(c2, i2[j], m2[j], sp2[j], cur2[j], reset);
                    i2[j] = v[0];
                    m2[j] = v[1];
                    next2[j] = m2[j] - c2.theta() > 0 ? 1 : 0;
                    u2[(t * B + b) * 7 + j] = m2[j];
                    s2[(t * B + b) * 7 + j] = next2[j];
                }
                sp2 = next2;
            }
        }
        return new Reference(s1, u1, s2, u2);
    }

    /**
     * One step of snnTorch's (R)Synaptic with input gains: {@code J = α·I + g_s·in},
     * {@code U = β·U + g_m·J}; SUBTRACT {@code U −= R·θ}; ZERO multiplies I and U by (1 − R).
     */
    private static double[] cuba(Cuba c, double syn, double mem, double r, double in, Reset reset) {
        double j = c.alpha() * syn + c.gSyn() * in;
        double u = c.beta() * mem + c.gMem() * j;
        return switch (reset) {
            case SUBTRACT -> new double[] {j, u - r * c.theta()};
            case ZERO -> new double[] {j * (1 - r), u * (1 - r)};
            case NONE -> new double[] {j, u};
        };
    }

    /** {@code W·x + b} with the file's {@code [out, in]} weight (and bias when Affine). */
    static double[] affine(NirNode node, double[] x) {
        NirArray w = node.param("weight");
        int out = (int) w.shape()[0];
        int in = (int) w.shape()[1];
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double acc = node.type().equals("Affine") ? node.param("bias").get(o) : 0.0;
            for (int i = 0; i < in; i++) {
                acc += w.get(o * in + i) * x[i];
            }
            y[o] = acc;
        }
        return y;
    }

    private static void assertFolded(float[] actual, NirArray w, double g) {
        int out = (int) w.shape()[0];
        int in = (int) w.shape()[1];
        assertThat(actual).hasSize(out * in);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                assertThat(actual[i * out + o]).as("W[%d, %d]", i, o).isEqualTo((float) (g * w.get(o * in + i)));
            }
        }
    }

    private static void assertScaled(float[] actual, NirArray b, double g) {
        assertThat(actual).hasSize(b.size());
        for (int o = 0; o < b.size(); o++) {
            assertThat(actual[o]).as("b[%d]", o).isEqualTo((float) (g * b.get(o)));
        }
    }

    private static void assertClose(String what, float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i)
                    .isCloseTo(expected[i], within(1e-5 * Math.max(1, Math.abs(expected[i]))));
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
