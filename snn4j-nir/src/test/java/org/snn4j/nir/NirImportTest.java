package org.snn4j.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.ResetTiming;
import org.snn4j.core.neuron.RecurrentSynaptic;
import org.snn4j.core.neuron.RlifSpec;
import org.snn4j.core.neuron.RsynSpec;
import org.snn4j.core.neuron.SpikingLayer;
import org.snn4j.core.neuron.SynapticSpec;

/** NIR graphs as the Python frameworks write them, imported and simulated. */
class NirImportTest {

    /** The 100-element spike pattern of the NIR paper's LIF experiment (README of the sample files). */
    static final int[] PATTERN = {
        0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
        1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
        0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    // ------------------------------------------------------------------ graph-building helpers

    static final class G {
        final Map<String, NirNode> nodes = new LinkedHashMap<>();
        final List<NirGraph.Edge> edges = new ArrayList<>();

        G node(String name, String type, Object... kv) {
            Map<String, NirArray> p = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                p.put((String) kv[i], (NirArray) kv[i + 1]);
            }
            nodes.put(name, NirNode.of(type, p));
            return this;
        }

        G graph(String name, NirGraph g) {
            nodes.put(name, NirNode.graph(g));
            return this;
        }

        G chain(String... names) {
            for (int i = 0; i + 1 < names.length; i++) {
                edges.add(new NirGraph.Edge(names[i], names[i + 1]));
            }
            return this;
        }

        NirGraph build() {
            return new NirGraph(nodes, edges, "0.2.0");
        }
    }

    static NirArray f32(float[] v, long... shape) {
        return NirArray.float32(v, shape);
    }

    static NirArray fill32(float v, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] a = new float[(int) n];
        java.util.Arrays.fill(a, v);
        return NirArray.float32(a, shape);
    }

    static NirArray f64(double... v) {
        return new NirArray(new long[] {v.length}, v, NirArray.ElementType.FLOAT64);
    }

    /** A LIF node with the given values for all {@code n} neurons. */
    static G lif(G g, String name, int n, float tau, float r, float vLeak, float th) {
        return g.node(name, "LIF", "tau", fill32(tau, n), "r", fill32(r, n), "v_leak", fill32(vLeak, n),
                "v_threshold", fill32(th, n));
    }

    static G affine(G g, String name, int out, int in, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] w = new float[out * in];
        float[] b = new float[out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextDouble(-0.5, 1.0);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextDouble(-0.1, 0.1);
        }
        return g.node(name, "Affine", "weight", f32(w, out, in), "bias", f32(b, out));
    }

    // ------------------------------------------------------------------ discretisation

    @Test
    void norseLifMatchesForwardEulerReference() {
        // lif_norse.nir: input -> 0 (Affine 1x1, weight 1, bias 0) -> 1 (LIF tau 0.0025, r 1, v_leak 0, v_th 0.1) -> output
        NirGraph g = lif(new G().node("input", "Input", "shape", NirArray.int64(1))
                .node("0", "Affine", "weight", fill32(1f, 1, 1), "bias", fill32(0f, 1)), "1", 1, 0.0025f, 1f, 0f, 0.1f)
                .node("output", "Output", "shape", NirArray.int64(1)).chain("input", "0", "1", "output").build();
        double dt = 1e-4;
        Network net = NirImport.toNetwork(g, NirImport.Options.builder(NirConvention.NORSE).dt(dt).build());
        assertThat(net.spec().layers()).hasSize(2);
        double tau = 0.0025f;
        LifSpec lif = (LifSpec) net.spec().layers().get(1);
        assertThat(lif.beta()).isEqualTo((float) (1 - dt / tau));
        assertThat(lif.threshold()).isEqualTo(0.1f);
        assertThat(lif.reset()).isEqualTo(Reset.ZERO);
        assertThat(((Linear) net.layers().get(0)).weight().value()).containsExactly((float) (dt / tau));
        assertThat(net.spec().layers().get(0)).isEqualTo(new Linear.Spec(1, 1, false));

        assertThat(lif.resetTiming()).isEqualTo(ResetTiming.IMMEDIATE);

        int steps = PATTERN.length * 10;
        float[] x = new float[steps];
        for (int k = 0; k < PATTERN.length; k++) {
            x[10 * k] = PATTERN[k];
        }
        assertThat(mismatchWithForwardEuler(net, x, dt, tau)).isZero();
        // constant input: the step right after each spike has input, where a delayed reset would drop it
        float[] constant = new float[200];
        java.util.Arrays.fill(constant, 0.3f);
        assertThat(mismatchWithForwardEuler(net, constant, dt, tau)).isZero();
        Network delayed = new NetworkSpec(net.spec().inputShape(), List.of(net.spec().layers().get(0),
                LifSpec.builder().beta(lif.beta()).threshold(lif.threshold()).reset(Reset.ZERO).build())).build(0);
        System.arraycopy(((Linear) net.layers().get(0)).weight().value(), 0,
                ((Linear) delayed.layers().get(0)).weight().value(), 0, 1);
        assertThat(mismatchWithForwardEuler(delayed, x, dt, tau)).as("pulses far apart: delayed agrees").isZero();
        assertThat(mismatchWithForwardEuler(delayed, constant, dt, tau)).as("constant input: delayed differs")
                .isPositive();
    }

    /**
     * Steps where the network's LIF (single neuron) differs from forward Euler of
     * {@code tau·dv/dt = (v_leak − v) + r·I} with {@code I = x}, reset to 0 in the step of the spike (the
     * compared value is v before the reset, as snn4j reports the membrane that crossed θ); the reference run
     * must spike at least 3 times.
     */
    private static int mismatchWithForwardEuler(Network net, float[] x, double dt, double tau) {
        int steps = x.length;
        float[] spikes;
        float[] membrane;
        try (Kernels k = Kernels.create(1)) {
            NetworkOutput out = net.forward(x, new RunContext(steps, 1, false, 0, k));
            spikes = out.output().clone();
            membrane = out.membrane().clone();
        }
        double v = 0;
        int count = 0;
        int mismatches = 0;
        for (int t = 0; t < steps; t++) {
            double current = 1.0 * x[t] + 0.0;
            v = v + dt / tau * ((0.0 - v) + 1.0 * current);
            boolean spike = v > 0.1f;
            if (Math.abs(membrane[t] - v) > 1e-6 || spikes[t] != (spike ? 1f : 0f)) {
                mismatches++;
            }
            if (spike) {
                count++;
                v = 0;
            }
        }
        assertThat(count).as("spikes of the reference run").isGreaterThanOrEqualTo(3);
        return mismatches;
    }

    private static int countSpikes(float[] s) {
        int n = 0;
        for (float v : s) {
            n += (int) v;
        }
        return n;
    }

    @Test
    void snnTorchCubaLifTimeConstantsGiveBackAlphaBetaAndUnitGains() {
        // braille_noDelay_*.nir, layer lif2: tau_syn 2e-4, tau_mem = 1e-4/(1 − 0.55f), r = tau_mem/dt, w_in = tau_syn/dt
        float alpha = 0.5f;
        float beta = 0.55f;
        double dt = 1e-4;
        double tauSyn = dt / (1 - (double) alpha);
        double tauMem = dt / (1 - (double) beta);
        NirGraph g = affine(new G().node("input", "Input", "shape", NirArray.int64(3)), "fc2", 7, 3, 1)
                .node("lif2", "CubaLIF", "tau_syn", f64(tauSyn), "tau_mem", f64(tauMem), "r", f64(tauMem / dt),
                        "v_leak", f64(0), "v_threshold", f64(1), "w_in", f64(tauSyn / dt))
                .node("output", "Output", "shape", NirArray.int64(7)).chain("input", "fc2", "lif2", "output").build();
        Network net = NirImport.toNetwork(g, NirImport.Options.of(NirConvention.SNNTORCH));
        SynapticSpec s = (SynapticSpec) net.spec().layers().get(1);
        assertThat(s.alpha()).isEqualTo(alpha);
        assertThat(s.beta()).isEqualTo(beta);
        assertThat(s.reset()).isEqualTo(Reset.ZERO);
        float[] w = ((Linear) net.layers().get(0)).weight().value();
        float[] nir = g.nodes().get("fc2").param("weight").toFloats();
        assertThat(w[1 * 7 + 4]).as("transposed, gain exactly 1").isEqualTo(nir[4 * 3 + 1]);
    }

    @Test
    void float32TimeConstantsOfSnnTorchLifStillGiveUnitGain() {
        // snnTorch writes tau and r of a Leaky as float32: tau = dt/(1 − β) and r = tau/dt in float32
        float beta = 0.9f;
        float tau = (float) (1e-4 / (1f - beta));
        float r = tau / 1e-4f;
        NirGraph g = lif(affine(new G().node("input", "Input", "shape", NirArray.int64(4)), "fc", 3, 4, 2),
                "lif", 3, tau, r, 0f, 1f).node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "lif", "output").build();
        Network net = NirImport.toNetwork(g, NirImport.Options.builder(NirConvention.SNNTORCH).reset(Reset.SUBTRACT).build());
        assertThat(((LifSpec) net.spec().layers().get(1)).beta()).isEqualTo(beta);
        assertThat(((Linear) net.layers().get(0)).weight().value()[0])
                .isEqualTo(g.nodes().get("fc").param("weight").toFloats()[0]);
        assertThat(((Linear) net.layers().get(0)).bias().value())
                .containsExactly(g.nodes().get("fc").param("bias").toFloats());
    }

    @Test
    void rockpoolLifUsesExponentialDecayAndItsUnitGain() {
        // lif_rockpool.nir: input -> Linear (weight 0.04) -> LIF (tau 0.0025, r 24.019737, v_th 0.1), dt = 1e-4
        NirGraph g = lif(new G().node("input", "Input", "shape", NirArray.int64(1))
                        .node("0_LinearTorch", "Linear", "weight", fill32(0.04f, 1, 1)),
                "1_LIFNeuronTorch", 1, 0.0025f, 24.019737f, 0f, 0.1f)
                .node("output", "Output", "shape", NirArray.int64(1, 1, 1))
                .chain("input", "0_LinearTorch", "1_LIFNeuronTorch", "output").build();
        Network net = NirImport.toNetwork(g, NirImport.Options.builder(NirConvention.ROCKPOOL).dt(1e-4).build());
        assertThat(((LifSpec) net.spec().layers().get(1)).beta()).isEqualTo((float) Math.exp(-1e-4 / (double) 0.0025f));
        assertThat(((LifSpec) net.spec().layers().get(1)).reset()).isEqualTo(Reset.SUBTRACT);
        assertThat(((Linear) net.layers().get(0)).weight().value()).containsExactly(0.04f);
        // the same file read as forward Euler (NORSE) has gain dt·r/τ = 0.9608 folded into the weight
        Network euler = NirImport.toNetwork(g, NirImport.Options.builder(NirConvention.NORSE).dt(1e-4).build());
        assertThat(((LifSpec) euler.spec().layers().get(1)).beta()).isEqualTo((float) (1 - 1e-4 / (double) 0.0025f));
        assertThat((double) ((Linear) euler.layers().get(0)).weight().value()[0])
                .isCloseTo(0.04 * 1e-4 * 24.019737 / 0.0025, within(1e-8));
    }

    @Test
    void leakDriveIsFoldedIntoTheBias() {
        // two_lif_neurons.nir, lif1: tau 0.01, r 1, v_leak 1.2, v_th 1 after Linear weight 1; dt = 1e-3
        NirGraph g = new G().node("in", "Input", "shape", NirArray.int64(1))
                .node("linear1", "Linear", "weight", new NirArray(new long[] {1, 1}, new double[] {1}, NirArray.ElementType.FLOAT64))
                .node("lif1", "LIF", "tau", f64(0.01), "r", f64(1), "v_leak", f64(1.2), "v_threshold", f64(1))
                .node("out", "Output", "shape", NirArray.int64(1)).chain("in", "linear1", "lif1", "out").build();
        Network net = NirImport.toNetwork(g, NirImport.Options.of(NirConvention.NORSE));
        Linear l = (Linear) net.layers().get(0);
        assertThat(l.weight().value()).containsExactly((float) (1e-3 / 0.01));
        assertThat(l.bias().value()).containsExactly((float) ((1.0 - (1.0 - 1e-3 / 0.01)) * 1.2));
        // without input the membrane rises to v_leak = 1.2 > θ: forward Euler v[t] = 0.9·v[t−1] + 0.12, first spike at
        // the first t with 1.2·(1 − 0.9^(t+1)) > 1, t = 17
        int steps = 40;
        float[] spikes;
        try (Kernels k = Kernels.create(1)) {
            spikes = net.forward(new float[steps], new RunContext(steps, 1, false, 0, k)).output().clone();
        }
        double v = 0;
        int first = -1;
        for (int t = 0; t < steps && first < 0; t++) {
            v = 0.9 * v + 0.12;
            if (v > 1) {
                first = t;
            }
        }
        int got = -1;
        for (int t = 0; t < steps && got < 0; t++) {
            if (spikes[t] == 1f) {
                got = t;
            }
        }
        assertThat(got).isEqualTo(first).isEqualTo(17);
    }

    // ------------------------------------------------------------------ Sinabs CNN

    private static float dyadic(SplittableRandom rng) {
        return (rng.nextInt(13) - 4) / 8f;
    }

    private static NirArray dyadicArray(SplittableRandom rng, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = dyadic(rng);
        }
        return NirArray.float32(v, shape);
    }

    private static G conv(G g, String name, NirArray w, int hw) {
        return g.node(name, "Conv2d", "weight", w, "bias", fill32(0f, w.shape()[0]), "stride", NirArray.int64(1, 1),
                "padding", NirArray.int64(1, 1), "dilation", NirArray.int64(1, 1), "groups", NirArray.int64Scalar(1),
                "input_shape", NirArray.int64(hw, hw));
    }

    private static G integrateAndFire(G g, String name, float th, long... shape) {
        return g.node(name, "IF", "r", fill32(1f, shape), "v_threshold", fill32(th, shape));
    }

    private static G sumPool(G g, String name) {
        return g.node(name, "SumPool2d", "kernel_size", NirArray.int64(2, 2), "stride", NirArray.int64(2, 2),
                "padding", NirArray.int64(0, 0));
    }

    @Test
    void sinabsStyleCnnWithSumPoolingMatchesSinabsDynamics() {
        // like cnn_sinabs.nir, smaller: Conv2d → IF → SumPool2d → Conv2d → IF → SumPool2d → Flatten → Affine → IF
        SplittableRandom rng = new SplittableRandom(21);
        float th = 1f + 1f / 1024f;  // v/θ never within float rounding of a whole number for sums of eighths
        NirArray w0 = dyadicArray(rng, 4, 2, 3, 3);
        NirArray w2 = dyadicArray(rng, 4, 4, 3, 3);
        NirArray w7 = dyadicArray(rng, 3, 16);
        G b = new G().node("input", "Input", "shape", NirArray.int64(2, 8, 8));
        conv(b, "0", w0, 8);
        integrateAndFire(b, "1", th, 4, 8, 8);
        sumPool(b, "2");
        conv(b, "3", w2, 4);
        integrateAndFire(b, "4", th, 4, 4, 4);
        sumPool(b, "5");
        b.node("6", "Flatten", "start_dim", NirArray.int64Scalar(0), "end_dim", NirArray.int64Scalar(-1),
                "input_type", NirArray.int64(4, 2, 2));
        b.node("7", "Affine", "weight", w7, "bias", fill32(0f, 3));
        integrateAndFire(b, "8", th, 3);
        b.node("output", "Output", "shape", NirArray.int64(3));
        // edges in file order are not chain order
        b.chain("6", "7", "8", "output").chain("input", "0", "1", "2", "3", "4", "5", "6");
        Network net = NirImport.toNetwork(b.build(), NirImport.Options.of(NirConvention.SINABS));

        List<String> types = new ArrayList<>();
        for (LayerSpec s : net.spec().layers()) {
            types.add(s.type());
        }
        assertThat(types).containsExactly("conv2d", "if", "avgpool2d", "conv2d", "if", "avgpool2d", "flatten", "linear", "if");
        assertThat(net.inputShape()).isEqualTo(Shape.of(2, 8, 8));
        assertThat(((IfSpec) net.spec().layers().get(1)).reset()).isEqualTo(Reset.SUBTRACT);
        assertThat(((Conv2d) net.layers().get(0)).weight().value()).containsExactly(w0.toFloats());
        float[] w3 = ((Conv2d) net.layers().get(3)).weight().value();
        assertThat(w3[5]).as("k² = 4 folded into the next convolution").isEqualTo(4 * w2.toFloats()[5]);
        assertThat(((Linear) net.layers().get(7)).weight().value()[2 * 3 + 1]).isEqualTo(4 * w7.toFloats()[1 * 16 + 2]);

        int steps = 10;
        int batch = 2;
        float[] x = new float[steps * batch * 128];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.3 ? 1f : 0f;
        }
        float[] out;
        float[][] mem = new float[3][];
        try (Kernels k = Kernels.create(1)) {
            out = net.forward(x, new RunContext(steps, batch, false, 0, k)).output().clone();
            mem[0] = ((SpikingLayer) net.layers().get(1)).membrane().clone();
            mem[1] = ((SpikingLayer) net.layers().get(4)).membrane().clone();
            mem[2] = ((SpikingLayer) net.layers().get(8)).membrane().clone();
        }
        // Sinabs: IAF v += input; ⌊v/θ⌋ spikes (MultiSpike); v −= spikes·θ (immediately); SumPool2d sums the window
        double[][] v = {new double[batch * 256], new double[batch * 64], new double[batch * 3]};
        int total = 0;
        double most = 0;
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s < batch; s++) {
                double[] in = new double[128];
                for (int i = 0; i < 128; i++) {
                    in[i] = x[(t * batch + s) * 128 + i];
                }
                double[] a = convRef(in, 2, 8, w0.data(), 4);
                a = ifRef(a, v[0], s, th, mem[0], (t * batch + s) * 256);
                most = Math.max(most, java.util.Arrays.stream(a).max().orElseThrow());
                a = sumPoolRef(a, 4, 8);
                a = convRef(a, 4, 4, w2.data(), 4);
                a = ifRef(a, v[1], s, th, mem[1], (t * batch + s) * 64);
                most = Math.max(most, java.util.Arrays.stream(a).max().orElseThrow());
                a = sumPoolRef(a, 4, 4);
                double[] y = new double[3];
                for (int o = 0; o < 3; o++) {
                    for (int i = 0; i < 16; i++) {
                        y[o] += w7.get(o * 16 + i) * a[i];
                    }
                }
                y = ifRef(y, v[2], s, th, mem[2], (t * batch + s) * 3);
                for (int o = 0; o < 3; o++) {
                    assertThat(out[(t * batch + s) * 3 + o]).as("output spike t=%d b=%d o=%d", t, s, o)
                            .isEqualTo((float) y[o]);
                    total += (int) y[o];
                }
            }
        }
        assertThat(total).as("output spikes").isGreaterThan(0);
        assertThat(most).as("some neuron spikes more than once in a step").isGreaterThanOrEqualTo(2);
        assertThat(((IfSpec) net.spec().layers().get(1)).maxSpikes()).isZero();
    }

    /** Same-padded (pad 1) 3×3 convolution, stride 1, of a [c, hw, hw] image to [cout, hw, hw]. */
    private static double[] convRef(double[] x, int c, int hw, double[] w, int cout) {
        double[] y = new double[cout * hw * hw];
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < hw; i++) {
                for (int j = 0; j < hw; j++) {
                    double s = 0;
                    for (int ci = 0; ci < c; ci++) {
                        for (int p = 0; p < 3; p++) {
                            for (int q = 0; q < 3; q++) {
                                int yi = i + p - 1;
                                int xj = j + q - 1;
                                if (yi >= 0 && yi < hw && xj >= 0 && xj < hw) {
                                    s += w[((o * c + ci) * 3 + p) * 3 + q] * x[(ci * hw + yi) * hw + xj];
                                }
                            }
                        }
                    }
                    y[(o * hw + i) * hw + j] = s;
                }
            }
        }
        return y;
    }

    private static double[] sumPoolRef(double[] x, int c, int hw) {
        int h = hw / 2;
        double[] y = new double[c * h * h];
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < h; j++) {
                    y[(ci * h + i) * h + j] = x[(ci * hw + 2 * i) * hw + 2 * j] + x[(ci * hw + 2 * i) * hw + 2 * j + 1]
                            + x[(ci * hw + 2 * i + 1) * hw + 2 * j] + x[(ci * hw + 2 * i + 1) * hw + 2 * j + 1];
                }
            }
        }
        return y;
    }

    /** Sinabs IAF step (MultiSpike) for sample {@code s}; checks snn4j's membrane (before the reset) on the way. */
    private static double[] ifRef(double[] in, double[] v, int s, float th, float[] mem, int memOffset) {
        int n = in.length;
        double[] spikes = new double[n];
        for (int i = 0; i < n; i++) {
            int k = s * n + i;
            v[k] += in[i];
            assertThat(mem[memOffset + i]).as("membrane").isEqualTo((float) v[k]);
            if (v[k] > 0) {                       // MultiSpike: ⌊v/θ⌋ spikes, MembraneSubtract removes them all
                spikes[i] = Math.floor(v[k] / th);
                v[k] -= spikes[i] * th;
            }
        }
        return spikes;
    }

    // ------------------------------------------------------------------ recurrence and nesting

    private static NirGraph recurrentLif(boolean nested) {
        SplittableRandom rng = new SplittableRandom(31);
        float[] w = new float[5 * 5];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextDouble(-0.6, 0.6);
        }
        double dt = 1e-4;
        double tau = dt / (1 - 0.9);
        G inner = new G();
        G outer = affine(new G().node("input", "Input", "shape", NirArray.int64(4)), "fc1", 5, 4, 32);
        G host = nested ? inner : outer;
        String p = nested ? "" : "lif1.";
        host.node(p + "lif", "LIF", "tau", f64(tau), "r", f64(tau / dt), "v_leak", f64(0), "v_threshold", f64(0.5))
                .node(p + "w_rec", "Affine", "weight", f32(w, 5, 5), "bias", fill32(0.05f, 5))
                .chain(p + "lif", p + "w_rec", p + "lif");
        if (nested) {
            inner.node("input", "Input", "shape", NirArray.int64(5)).node("output", "Output", "shape", NirArray.int64(5))
                    .chain("input", "lif").chain("lif", "output");
            outer.graph("lif1", inner.build()).chain("fc1", "lif1");
        } else {
            outer.chain("fc1", "lif1.lif");
        }
        affine(outer, "fc2", 3, 5, 33);
        lif(outer, "lif2", 3, (float) (dt / (1 - 0.8)), (float) (1 / (1 - 0.8)), 0f, 0.5f);
        outer.node("output", "Output", "shape", NirArray.int64(3)).chain("input", "fc1")
                .chain(nested ? "lif1" : "lif1.lif", "fc2", "lif2", "output");
        return outer.build();
    }

    @Test
    void recurrentLifBecomesRecurrentLeakyFlatOrNested() {
        NirImport.Options o = NirImport.Options.builder(NirConvention.SNNTORCH).reset(Reset.SUBTRACT).build();
        Network flat = NirImport.toNetwork(recurrentLif(false), o);
        Network nested = NirImport.toNetwork(recurrentLif(true), o);
        assertThat(flat.spec().layers().get(1)).isInstanceOf(RlifSpec.class);
        assertThat(((RlifSpec) flat.spec().layers().get(1)).beta()).isEqualTo(0.9f);
        assertThat(((RlifSpec) flat.spec().layers().get(1)).resetTiming()).isEqualTo(ResetTiming.DELAYED);
        // a same-step convention gives the recurrent layer the same-step reset too
        RlifSpec rockpool = (RlifSpec) NirImport.toNetwork(recurrentLif(false),
                NirImport.Options.builder(NirConvention.ROCKPOOL).reset(Reset.SUBTRACT).build()).spec().layers().get(1);
        assertThat(rockpool.resetTiming()).isEqualTo(ResetTiming.IMMEDIATE);
        assertThat(nested.spec()).isEqualTo(flat.spec());
        float[] v = flat.layers().get(1).parameters().get(0).value();
        float[] a = recurrentLif(false).nodes().get("lif1.w_rec").param("weight").toFloats();
        assertThat(v[1 * 5 + 3]).as("V[pre, post] = A[post, pre]").isEqualTo(a[3 * 5 + 1]);
        float[] x = NirRoundTripTest.input(4, 34, 1.0);
        List<float[]> yf = NirRoundTripTest.run(flat, x);
        List<float[]> yn = NirRoundTripTest.run(nested, x);
        for (int i = 0; i < yf.size(); i++) {
            assertThat(yn.get(i)).containsExactly(yf.get(i));
        }
        assertThat(countSpikes(yf.get(0))).isGreaterThan(0);
    }

    // ------------------------------------------------------------------ refusals

    private static NirImport.Options norse() {
        return NirImport.Options.of(NirConvention.NORSE);
    }

    private static G start() {
        return affine(new G().node("input", "Input", "shape", NirArray.int64(3)), "fc", 3, 3, 41);
    }

    @Test
    void branchesAndMergesAreRefusedNamingTheNode() {
        G branch = lif(lif(start(), "a", 3, 0.01f, 1f, 0f, 1f), "b", 3, 0.01f, 1f, 0f, 1f)
                .node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "a", "output").chain("fc", "b", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(branch.build(), norse()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node 'fc' (Affine) branches to [a, b]");
        G merge = affine(lif(start(), "a", 3, 0.01f, 1f, 0f, 1f), "extra", 3, 3, 42)
                .node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "a", "output").chain("extra", "a");
        assertThatThrownBy(() -> NirImport.toNetwork(merge.build(), norse()))
                .hasMessageContaining("node 'a' (LIF) has several inputs [fc, extra]");
        G dangling = affine(lif(start(), "a", 3, 0.01f, 1f, 0f, 1f), "lost", 3, 3, 43)
                .node("output", "Output", "shape", NirArray.int64(3)).chain("input", "fc", "a", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(dangling.build(), norse()))
                .hasMessageContaining("node 'lost' (Affine) is not on the path from Input 'input' to Output 'output'");
    }

    @Test
    void unknownTypesFractionalDelaysAndMissingFieldsAreRefusedNamingTheNode() {
        G unknown = start().node("x", "Foo").node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "x", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(unknown.build(), norse()))
                .hasMessageContaining("node 'x' has unknown type 'Foo'");
        G delay = start().node("d", "Delay", "delay", f32(new float[] {0.001f, 0.0015f, 0f}, 3))
                .node("output", "Output", "shape", NirArray.int64(3)).chain("input", "fc", "d", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(delay.build(), norse()))
                .hasMessageContaining("node 'd': delay[1] = 0.0015")
                .hasMessageContaining("is not a whole number of time steps")
                .hasMessageContaining("choose a dt that divides every delay");
        G negative = start().node("d", "Delay", "delay", fill32(-0.001f, 3))
                .node("output", "Output", "shape", NirArray.int64(3)).chain("input", "fc", "d", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(negative.build(), norse()))
                .hasMessageContaining("node 'd': delay[0] = -0.001");
        G missing = start().node("l", "LIF", "tau", fill32(0.01f, 3)).node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "l", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(missing.build(), norse()))
                .hasMessageMatching("node 'l' \\(LIF\\) lacks its '(r|v_leak|v_threshold)' field");
    }

    @Test
    void recurrentCubaLifBecomesRecurrentSynapticWithGainsFoldedFlatOrNested() {
        // SNNTORCH, dt = 1e-4: α = 1 − 1e-4/2e-4 = 0.5, β = 1 − 1e-4/1e-3 = 0.9, g_s = dt·w_in/τ_syn = 2, g_m = 1
        G flat = start()
                .node("lif1.lif", "CubaLIF", "tau_syn", f64(2e-4), "tau_mem", f64(1e-3), "r", f64(10), "v_leak", f64(0),
                        "v_threshold", f64(1), "w_in", f64(4))
                .node("lif1.w_rec", "Affine", "weight", fill32(0.1f, 3, 3), "bias", f32(new float[] {0.25f, 0f, -0.5f}, 3))
                .node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "lif1.lif", "output").chain("lif1.lif", "lif1.w_rec", "lif1.lif");
        NirImport.Options o = NirImport.Options.builder(NirConvention.SNNTORCH).reset(Reset.SUBTRACT).build();
        Network f = NirImport.toNetwork(flat.build(), o);
        assertThat(f.spec().layers()).hasSize(2);
        assertThat(f.spec().layers().get(1)).isEqualTo(RsynSpec.builder().alpha(0.5f).beta(0.9f).threshold(1f)
                .reset(Reset.SUBTRACT).build());
        RsynSpec generic = (RsynSpec) NirImport.toNetwork(flat.build(), NirImport.Options.builder(NirConvention.GENERIC)
                .dt(1e-4).reset(Reset.SUBTRACT).build()).spec().layers().get(1);
        assertThat(generic.resetTiming()).isEqualTo(ResetTiming.IMMEDIATE);
        RecurrentSynaptic layer = (RecurrentSynaptic) f.layers().get(1);
        assertThat(layer.recurrentWeight().value()).containsOnly(0.2f);
        assertThat(layer.recurrentBias().value()).containsExactly(0.5f, 0f, -1f);
        float[] fcNir = flat.build().nodes().get("fc").param("weight").toFloats();
        float[] fc = ((Linear) f.layers().get(0)).weight().value();
        assertThat(fc[1 * 3 + 2]).as("W[in 1, out 2] = 2·A[2, 1]").isEqualTo((float) (2.0 * fcNir[2 * 3 + 1]));

        NirGraph sub = new G().node("input", "Input", "shape", NirArray.int64(3))
                .node("lif", "CubaLIF", "tau_syn", f64(2e-4), "tau_mem", f64(1e-3), "r", f64(10), "v_leak", f64(0),
                        "v_threshold", f64(1), "w_in", f64(4))
                .node("w_rec", "Affine", "weight", fill32(0.1f, 3, 3), "bias", f32(new float[] {0.25f, 0f, -0.5f}, 3))
                .node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "lif", "w_rec", "lif", "output").build();
        G nested = start().graph("lif1", sub).node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "lif1", "output");
        Network n = NirImport.toNetwork(nested.build(), o);
        assertThat(n.spec()).isEqualTo(f.spec());
        float[] x = NirRoundTripTest.input(3, 35, 1.0);
        List<float[]> yf = NirRoundTripTest.run(f, x);
        List<float[]> yn = NirRoundTripTest.run(n, x);
        for (int i = 0; i < yf.size(); i++) {
            assertThat(yn.get(i)).containsExactly(yf.get(i));
        }
        assertThat(countSpikes(yf.get(0))).isGreaterThan(0);
        // a CubaLIF feedback through a Linear (no bias) gives a layer without recurrent bias
        G noBias = start()
                .node("r.lif", "CubaLIF", "tau_syn", f64(2e-4), "tau_mem", f64(1e-3), "r", f64(10), "v_leak", f64(0),
                        "v_threshold", f64(1), "w_in", f64(2))
                .node("r.w_rec", "Linear", "weight", fill32(0.1f, 3, 3)).node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "r.lif", "output").chain("r.lif", "r.w_rec", "r.lif");
        assertThat(((RsynSpec) NirImport.toNetwork(noBias.build(), o).spec().layers().get(1)).recurrentBias()).isFalse();
        // other neuron types with feedback are still refused
        G ifRec = start().node("x", "IF", "r", f64(1), "v_threshold", f64(1))
                .node("w", "Linear", "weight", fill32(0.1f, 3, 3)).node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "x", "output").chain("x", "w", "x");
        assertThatThrownBy(() -> NirImport.toNetwork(ifRec.build(), o))
                .hasMessage("node 'x' (IF) has recurrent feedback through 'w'; only LIF and CubaLIF nodes with an "
                        + "Affine/Linear feedback are supported (as RecurrentLeaky and RecurrentSynaptic)");
    }

    @Test
    void nestedGraphEdgesMustNameItsNodes() {
        // the *_subgraph.nir files name their inner CubaLIF 'lif1' but their edges 'lif'
        NirGraph broken = new G().node("input", "Input", "shape", NirArray.int64(3)).node("lif1", "IF", "r", f64(1),
                "v_threshold", f64(1)).node("output", "Output", "shape", NirArray.int64(3)).chain("input", "lif", "output")
                .build();
        G outer = start().graph("lif1", broken).node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "lif1", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(outer.build(), norse()))
                .hasMessage("nested graph 'lif1': edge input -> lif names no node 'lif' (nodes: input, lif1, output)");
    }

    @Test
    void valuesSnn4jCannotHoldAreRefusedNamingTheNode() {
        G resetTo = start().node("l", "LIF", "tau", fill32(0.01f, 3), "r", fill32(1f, 3), "v_leak", fill32(0f, 3),
                "v_threshold", fill32(1f, 3), "v_reset", fill32(-0.5f, 3)).node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "l", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(resetTo.build(), norse()))
                .hasMessageContaining("node 'l': v_reset other than 0 is not supported");
        G fast = lif(start(), "l", 3, 1e-4f, 1f, 0f, 1f).node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "l", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(fast.build(), norse()))
                .hasMessageContaining("node 'l': tau = ").hasMessageContaining("forward Euler needs dt <= tau");
        G direct = lif(new G().node("input", "Input", "shape", NirArray.int64(3)), "l", 3, 0.01f, 1f, 0f, 1f)
                .node("output", "Output", "shape", NirArray.int64(3)).chain("input", "l", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(direct.build(), norse()))
                .hasMessageStartingWith("node 'l': its LIF input gain and v_leak drive (gain 0.1")
                .hasMessageContaining("cannot be folded");
        G cubaLeak = start().node("c", "CubaLIF", "tau_syn", f64(0.01), "tau_mem", f64(0.01), "r", f64(1),
                "v_leak", f64(0.3), "v_threshold", f64(1)).node("output", "Output", "shape", NirArray.int64(3))
                .chain("input", "fc", "c", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(cubaLeak.build(), norse()))
                .hasMessageContaining("node 'c' (CubaLIF): a non-zero v_leak is not supported");
        G rect = new G().node("input", "Input", "shape", NirArray.int64(1, 6, 6))
                .node("p", "AvgPool2d", "kernel_size", NirArray.int64(2, 3), "stride", NirArray.int64(2, 3),
                        "padding", NirArray.int64(0, 0))
                .node("output", "Output", "shape", NirArray.int64(1, 3, 2)).chain("input", "p", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(rect.build(), norse()))
                .hasMessageContaining("node 'p': kernel_size [2, 3] differs between height and width; "
                        + "snn4j's pooling supports square values only");
        assertThatThrownBy(() -> NirImport.Options.of(NirConvention.GENERIC))
                .hasMessageContaining("GENERIC has no default dt");
    }
}
