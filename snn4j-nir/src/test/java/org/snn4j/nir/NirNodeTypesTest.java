package org.snn4j.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.snn4j.nir.NirImportTest.f32;
import static org.snn4j.nir.NirImportTest.f64;
import static org.snn4j.nir.NirImportTest.fill32;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Parameter;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Delay;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.LearnMode;
import org.snn4j.core.neuron.LiSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.ThresholdSpec;
import org.snn4j.nir.NirImportTest.G;

/**
 * The NIR node types beyond LIF/IF/CubaLIF: the non-spiking integrators LI, CubaLI and I (snn4j
 * {@code li}), Threshold ({@code threshold}) and Delay ({@code delay}), imported and checked against
 * double-precision loops of the NIR equations, and exported and read back.
 */
class NirNodeTypesTest {

    private static final int T = NirRoundTripTest.T;
    private static final int B = NirRoundTripTest.B;
    private static final int IN = 4;
    private static final int N = 3;

    /** Input [4] → Affine fc [3, 4] with fixed random float32 weights and bias. */
    private static G start() {
        return NirImportTest.affine(new G().node("input", "Input", "shape", NirArray.int64(IN)), "fc", N, IN, 77);
    }

    private static G end(G g, String last) {
        return g.node("output", "Output", "shape", NirArray.int64(N)).chain("input", "fc", last, "output");
    }

    /** The Affine's current {@code I[t, b, n] = Σ_i W[n, i]·x[t, b, i] + b[n]} in double, {@code [T][B][N]}. */
    private static double[][][] current(NirGraph g, float[] x) {
        NirNode fc = g.nodes().get("fc");
        double[] w = fc.param("weight").data();
        double[] bias = fc.param("bias").data();
        double[][][] cur = new double[T][B][N];
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                for (int n = 0; n < N; n++) {
                    double s = bias[n];
                    for (int i = 0; i < IN; i++) {
                        s += w[n * IN + i] * x[(t * B + b) * IN + i];
                    }
                    cur[t][b][n] = s;
                }
            }
        }
        return cur;
    }

    private static void assertClose(float[] actual, double[][][] expected, double tol) {
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                for (int n = 0; n < N; n++) {
                    assertThat((double) actual[(t * B + b) * N + n]).as("t=%d b=%d n=%d", t, b, n)
                            .isCloseTo(expected[t][b][n], within(tol * Math.max(1.0, Math.abs(expected[t][b][n]))));
                }
            }
        }
    }

    private static Parameter param(Network net, int layer, String name) {
        return net.layers().get(layer).parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static float[] output(Network net, float[] x) {
        return NirRoundTripTest.run(net, x).get(0);
    }

    @Test
    void leakyIntegratorFollowsForwardEulerOfTheLiOdeUnderNorse() {
        double dt = 1e-3;
        double[] tau = {0.005, 0.01, 0.02};
        double[] r = {1, 2, 0.5};
        double[] vLeak = {0, 0.1, -0.2};
        NirGraph g = end(start().node("li", "LI", "tau", f64(tau), "r", f64(r), "v_leak", f64(vLeak)), "li").build();
        Network net = NirImport.toNetwork(g, NirImport.Options.builder(NirConvention.NORSE).dt(dt).build());
        assertThat(net.spec().layers()).hasSize(2);
        LiSpec li = (LiSpec) net.spec().layers().get(1);
        assertThat(li.learnBeta()).isEqualTo(LearnMode.PER_NEURON);
        assertThat(li.alpha()).isZero();
        assertThat(param(net, 1, "beta").value()).containsExactly(0.8f, 0.9f, 0.95f);

        float[] x = NirRoundTripTest.input(IN, 5, 1.0);
        double[][][] cur = current(g, x);
        double[][][] v = new double[T][B][N];
        for (int b = 0; b < B; b++) {
            for (int n = 0; n < N; n++) {
                double u = 0;
                for (int t = 0; t < T; t++) {
                    u += dt / tau[n] * ((vLeak[n] - u) + r[n] * cur[t][b][n]);
                    v[t][b][n] = u;
                }
            }
        }
        assertClose(output(net, x), v, 1e-5);
    }

    @Test
    void cubaLiAndIntegratorFollowTheirDocumentedDiscretisation() {
        double dt = 1e-4;
        double[] tauSyn = {2e-4, 5e-4, 1e-3};
        double[] tauMem = {1e-3, 2e-3, 4e-3};
        double[] r = {10, 20, 40};
        double[] wIn = {2, 5, 10};
        NirGraph cuba = end(start().node("c", "CubaLI", "tau_syn", f64(tauSyn), "tau_mem", f64(tauMem), "r", f64(r),
                "v_leak", f64(0, 0, 0), "w_in", f64(wIn)), "c").build();
        Network net = NirImport.toNetwork(cuba, NirImport.Options.of(NirConvention.SNNTORCH));
        assertThat(net.spec().layers().get(1)).isInstanceOf(LiSpec.class);
        float[] x = NirRoundTripTest.input(IN, 6, 1.0);
        double[][][] cur = current(cuba, x);
        double[][][] v = new double[T][B][N];
        for (int b = 0; b < B; b++) {
            for (int n = 0; n < N; n++) {
                double j = 0;
                double u = 0;
                for (int t = 0; t < T; t++) {
                    j = (1 - dt / tauSyn[n]) * j + dt * wIn[n] / tauSyn[n] * cur[t][b][n];
                    u = (1 - dt / tauMem[n]) * u + dt * r[n] / tauMem[n] * j;
                    v[t][b][n] = u;
                }
            }
        }
        assertClose(output(net, x), v, 1e-5);

        // I: dv/dt = r·I, forward Euler under GENERIC (gain dt·r), one add per step under SNNTORCH (gain r)
        for (NirConvention c : new NirConvention[] {NirConvention.GENERIC, NirConvention.SNNTORCH}) {
            double[] ri = {0.5, 1, 3};
            NirGraph integ = end(start().node("i", "I", "r", f64(ri)), "i").build();
            Network in = NirImport.toNetwork(integ, NirImport.Options.builder(c).dt(1e-2).build());
            double[][][] acc = new double[T][B][N];
            for (int b = 0; b < B; b++) {
                for (int n = 0; n < N; n++) {
                    double u = 0;
                    for (int t = 0; t < T; t++) {
                        u += (c == NirConvention.GENERIC ? 1e-2 : 1.0) * ri[n] * cur[t][b][n];
                        acc[t][b][n] = u;
                    }
                }
            }
            assertThat(((LiSpec) in.spec().layers().get(1)).beta()).as("%s", c).isEqualTo(1f);
            assertClose(output(in, x), acc, 1e-5);
        }
    }

    @Test
    void thresholdIsAHeavisideOfTheInputPerFeature() {
        double[] theta = {-0.2, 0.3, 0.6};
        NirGraph g = end(start().node("th", "Threshold", "threshold", f64(theta)), "th").build();
        Network net = NirImport.toNetwork(g, NirImport.Options.of(NirConvention.NORSE));
        assertThat(net.spec().layers().get(1)).isInstanceOf(ThresholdSpec.class);
        float[] x = NirRoundTripTest.input(IN, 7, 1.0);
        double[][][] cur = current(g, x);
        double[][][] s = new double[T][B][N];
        int spikes = 0;
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                for (int n = 0; n < N; n++) {
                    // the layer compares float32 values: I rounded to float, θ rounded to float
                    s[t][b][n] = (float) cur[t][b][n] - (float) theta[n] > 0 ? 1 : 0;
                    spikes += (int) s[t][b][n];
                }
            }
        }
        assertThat(spikes).as("some but not all steps spike").isBetween(1, T * B * N - 1);
        assertClose(output(net, x), s, 0);
        G nan = end(start().node("th", "Threshold", "threshold", f64(Double.NaN)), "th");
        assertThatThrownBy(() -> NirImport.toNetwork(nan.build(), NirImport.Options.of(NirConvention.NORSE)))
                .hasMessageContaining("node 'th': threshold must be finite, got NaN");
    }

    @Test
    void delayShiftsTheCurrentOfADelayedLifByWholeSteps() {
        double dt = 1e-3;
        // delays 0, 2 and 5 ms at dt = 1 ms: 0, 2 and 5 steps (float32 0.002f/1e-3 is not exactly 2)
        NirGraph g = NirImportTest.lif(start().node("d", "Delay", "delay", f32(new float[] {0f, 0.002f, 0.005f}, N)),
                        "lif", N, 0.004f, 1f, 0f, 0.5f)
                .node("output", "Output", "shape", NirArray.int64(N)).chain("input", "fc", "d", "lif", "output").build();
        Network net = NirImport.toNetwork(g, NirImport.Options.builder(NirConvention.NORSE).dt(dt).build());
        assertThat(net.spec().layers()).extracting(s -> s.type()).containsExactly("linear", "delay", "lif");
        assertThat(((Delay) net.layers().get(1)).delays()).containsExactly(0, 2, 5);

        float[] x = NirRoundTripTest.input(IN, 8, 2.0);
        double[][][] cur = current(g, x);
        double[][][] spikes = new double[T][B][N];
        int[] d = {0, 2, 5};
        double beta = 1 - dt / 0.004;
        double gain = dt / 0.004;
        int total = 0;
        for (int b = 0; b < B; b++) {
            for (int n = 0; n < N; n++) {
                double u = 0;
                for (int t = 0; t < T; t++) {
                    double in = t >= d[n] ? cur[t - d[n]][b][n] : 0.0;
                    u = beta * u + gain * in;          // NORSE: reset to 0 in the spike's own step
                    boolean s = u > 0.5;
                    spikes[t][b][n] = s ? 1 : 0;
                    total += s ? 1 : 0;
                    if (s) {
                        u = 0;
                    }
                }
            }
        }
        assertThat(total).isGreaterThan(3);
        assertClose(output(net, x), spikes, 0);
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < 5; t++) {
                assertThat(spikes[t][b][2]).as("nothing reaches the 5-step neuron before step 5").isZero();
            }
        }
    }

    @Test
    void aDriveCannotPassADelayAndIsRefusedNamingTheNode() {
        G g = NirImportTest.lif(start().node("d", "Delay", "delay", fill32(0.001f, N)), "lif", N, 0.004f, 1f, 0.3f, 0.5f)
                .node("output", "Output", "shape", NirArray.int64(N)).chain("input", "fc", "d", "lif", "output");
        assertThatThrownBy(() -> NirImport.toNetwork(g.build(), NirImport.Options.of(NirConvention.NORSE)))
                .hasMessageContaining("node 'lif': its LIF input gain and v_leak drive")
                .hasMessageContaining("a gain without drive also passes Delay nodes");
    }

    @Test
    void liThresholdAndDelayLayersRoundTripExactlyThroughAFile() {
        for (NirConvention c : NirConvention.values()) {
            NirImport.Options o = NirImport.Options.builder(c).dt(c == NirConvention.GENERIC ? 5e-4 : c.defaultDt())
                    .reset(Reset.SUBTRACT).build();
            Network net = Network.builder(IN).linear(6).delay(0)
                    .add(new ThresholdSpec(0.2f, org.snn4j.core.neuron.Surrogate.atan(), LearnMode.PER_NEURON))
                    .linear(5).add(LiSpec.builder().beta(0.9f).alpha(0.5f).learnBeta(LearnMode.PER_NEURON).build())
                    .linear(N).add(LiSpec.builder().beta(0.8f).build())
                    .linear(2).add(LiSpec.builder().beta(1f).build())
                    .build(21);
            ((Delay) net.layers().get(1)).setDelays(0, 1, 2, 3, 0, 7);
            NirRoundTripTest.randomise(net, 2, "threshold", -0.1, 0.5, 22);
            NirRoundTripTest.randomise(net, 4, "beta", 0.6, 0.95, 23);
            NirGraph graph = NirExport.toGraph(net, o);
            assertThat(List.of("1", "2", "4", "6", "8")).extracting(k -> graph.nodes().get(k).type())
                    .containsExactly("Delay", "Threshold", "CubaLI", "LI", "I");
            assertThat(graph.nodes().get("1").param("delay").data()[3]).as("%s", c).isEqualTo(3 * o.dt());
            Network back = NirImport.toNetwork(NirRoundTripTest.viaFile(graph), o);
            assertThat(back.spec().layers()).extracting(s -> s.type()).as("%s", c)
                    .isEqualTo(net.spec().layers().stream().map(s -> s.type()).toList());
            assertThat(((Delay) back.layers().get(1)).delays()).containsExactly(0, 1, 2, 3, 0, 7);
            float[] x = NirRoundTripTest.input(IN, 24, 1.0);
            List<float[]> ya = NirRoundTripTest.run(net, x);
            List<float[]> yb = NirRoundTripTest.run(back, x);
            for (int i = 0; i < ya.size(); i++) {
                assertThat(yb.get(i)).as("%s output/membrane %d", c, i).containsExactly(ya.get(i));
            }
            float spikes = 0;
            for (float s : NirRoundTripTest.run(net, x).get(1)) {
                spikes += s;
            }
            assertThat(spikes).as("the threshold layer's membrane (its input) is not all zero").isNotZero();
        }
    }

    @Test
    void liMixingLeakAndNoLeakIsRefusedOnExport() {
        Network net = Network.builder(IN).linear(N).add(LiSpec.builder().beta(0.9f).learnBeta(LearnMode.PER_NEURON).build())
                .build(3);
        param(net, 1, "beta").value()[1] = 1f;
        param(net, 1, "beta").markModified();
        assertThatThrownBy(() -> NirExport.toGraph(net, NirImport.Options.of(NirConvention.NORSE)))
                .hasMessageContaining("layer 1 (li): 1 of its 3 neurons have β = 1")
                .hasMessageContaining("NIR has no such LI");
    }

    @Test
    void conv1dIsA1xkConv2dOverCx1xLAndMatchesANaiveOneDimensionalConvolution() {
        // Input [2, 10] → Conv1d (3 out, k 3, stride 2, padding 1, dilation 2, bias) → IF (unit gain, θ 0.6) under NORSE
        int cin = 2;
        int len = 10;
        int cout = 3;
        int k = 3;
        SplittableRandom rng = new SplittableRandom(31);
        float[] w = new float[cout * cin * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextDouble(-0.4, 0.8);
        }
        float[] bias = {0.05f, -0.1f, 0f};
        int lo = (len + 2 * 1 - 2 * (k - 1) - 1) / 2 + 1;
        double dt = NirConvention.NORSE.defaultDt();
        NirGraph g = new G().node("input", "Input", "shape", NirArray.int64(cin, len))
                .node("c", "Conv1d", "weight", f32(w, cout, cin, k), "bias", f32(bias, cout), "stride", NirArray.int64(2),
                        "padding", NirArray.int64(1), "dilation", NirArray.int64(2), "groups", NirArray.int64Scalar(1),
                        "input_shape", NirArray.int64(len))
                .node("if", "IF", "r", f64(1 / dt), "v_threshold", f64(0.6))
                .node("output", "Output", "shape", NirArray.int64(cout, lo)).chain("input", "c", "if", "output").build();
        Network net = NirImport.toNetwork(g, NirImport.Options.of(NirConvention.NORSE));
        assertThat(net.inputShape()).isEqualTo(org.snn4j.core.Shape.of(cin, 1, len));
        Conv2d.Spec spec = (Conv2d.Spec) net.spec().layers().get(0);
        assertThat(List.of(spec.kernelHeight(), spec.kernelWidth(), spec.strideHeight(), spec.strideWidth(),
                spec.paddingHeight(), spec.paddingWidth(), spec.dilationHeight(), spec.dilationWidth()))
                .containsExactly(1, 3, 1, 2, 0, 1, 1, 2);

        float[] x = NirRoundTripTest.input(cin * len, 32, 1.0);
        float[] out = output(net, x);
        int spikes = 0;
        for (int b = 0; b < B; b++) {
            double[] v = new double[cout * lo];
            for (int t = 0; t < T; t++) {
                for (int o = 0; o < cout; o++) {
                    for (int j = 0; j < lo; j++) {
                        double cur = bias[o];
                        for (int c = 0; c < cin; c++) {
                            for (int q = 0; q < k; q++) {
                                int pos = j * 2 - 1 + q * 2;
                                if (pos >= 0 && pos < len) {
                                    cur += w[(o * cin + c) * k + q] * x[(t * B + b) * cin * len + c * len + pos];
                                }
                            }
                        }
                        int n = o * lo + j;
                        v[n] += cur;
                        float s = v[n] > 0.6 ? 1f : 0f;    // NORSE: reset to 0 in the spike's own step
                        if (s > 0) {
                            v[n] = 0;
                        }
                        spikes += (int) s;
                        assertThat(out[(t * B + b) * cout * lo + n]).as("t=%d b=%d n=%d", t, b, n).isEqualTo(s);
                    }
                }
            }
        }
        assertThat(spikes).isGreaterThan(5);
    }

    @Test
    void rectangularConv2dImportsWithItsGeometryAndRoundTrips() {
        NirImport.Options o = NirImport.Options.of(NirConvention.NORSE);
        Network net = Network.builder(2, 7, 9)
                .add(Conv2d.Spec.builder(4, 2).kernel(2, 3).stride(1, 2).padding(0, 1).dilation(2, 1).build())
                .add(org.snn4j.core.neuron.LifSpec.builder().beta(0.8f).threshold(0.3f).reset(Reset.ZERO)
                        .resetTiming(NirConvention.NORSE.resetTiming()).build())
                .flatten().linear(N).build(33);
        NirGraph graph = NirExport.toGraph(net, o);
        NirNode conv = graph.nodes().get("0");
        assertThat(conv.param("weight").shape()).containsExactly(4, 2, 2, 3);
        assertThat(conv.param("stride").toInts()).containsExactly(1, 2);
        assertThat(conv.param("padding").toInts()).containsExactly(0, 1);
        assertThat(conv.param("dilation").toInts()).containsExactly(2, 1);
        Network back = NirImport.toNetwork(NirRoundTripTest.viaFile(graph), o);
        assertThat(back.spec()).isEqualTo(net.spec());
        float[] x = NirRoundTripTest.input(2 * 7 * 9, 34, 1.0);
        List<float[]> ya = NirRoundTripTest.run(net, x);
        List<float[]> yb = NirRoundTripTest.run(back, x);
        for (int i = 0; i < ya.size(); i++) {
            assertThat(yb.get(i)).as("output/membrane %d", i).containsExactly(ya.get(i));
        }
    }
}
