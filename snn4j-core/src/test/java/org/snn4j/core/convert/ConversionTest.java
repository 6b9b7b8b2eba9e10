package org.snn4j.core.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.snn4j.core.convert.BatchNormFoldingTest.infer;
import static org.snn4j.core.convert.BatchNormFoldingTest.randomiseBatchNorms;
import static org.snn4j.core.convert.BatchNormFoldingTest.uniform;

import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.AvgPool2d;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.Qcfs;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Monitor;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.Leaky;

class ConversionTest {

    /** Linear [n → n] with identity weights and zero bias, then ReLU. */
    private static Network identityRelu(int n) {
        Network net = Network.builder(n).linear(n).relu().build(1);
        Linear lin = (Linear) net.layers().get(0);
        Arrays.fill(lin.weight().value(), 0f);
        for (int i = 0; i < n; i++) {
            lin.weight().value()[i * n + i] = 1f;
        }
        Arrays.fill(lin.bias().value(), 0f);
        return net;
    }

    /** NumPy's linear-interpolation percentile of max(x, 0). */
    private static double reference(float[] x, double p) {
        double[] v = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = Math.max(x[i], 0f);
        }
        Arrays.sort(v);
        double pos = (v.length - 1) * p / 100;
        int k = (int) Math.floor(pos);
        return k + 1 < v.length ? v[k] + (pos - k) * (v[k + 1] - v[k]) : v[k];
    }

    @Test
    void calibrationGivesExactMaxAndPercentile() {
        Network net = identityRelu(4);
        float[] x = {0.5f, -1f, 2f, 0.25f, 3f, 0f, 1f, -0.5f, 0.75f, 1.5f, -2f, 4f};
        List<ActivationCalibration.LayerStatistics> st = ActivationCalibration.calibrate(net, x, 50);
        assertThat(st).hasSize(1);
        assertThat(st.get(0).layerIndex()).isEqualTo(1);
        assertThat(st.get(0).type()).isEqualTo("relu");
        assertThat(st.get(0).count()).isEqualTo(12);
        assertThat(st.get(0).max()).isEqualTo(4f);
        // sorted: 0 0 0 0 .25 .5 .75 1 1.5 2 3 4; pos 5.5 -> (0.5 + 0.75)/2
        assertThat(st.get(0).percentile()).isEqualTo(0.625f);
        float[] big = uniform(5, 4 * 300, -1, 3);
        for (double p : new double[] {90, 99.9, 100, 0.5}) {
            ActivationCalibration.LayerStatistics s = ActivationCalibration.calibrate(net, big, p).get(0);
            assertThat((double) s.percentile()).as("p=%s", p).isCloseTo(reference(big, p), Offset.offset(1e-6));
            assertThat((double) s.max()).isEqualTo(reference(big, 100), Offset.offset(0.0));
        }
    }

    @Test
    void calibrationErrors() {
        Network net = identityRelu(4);
        assertThatThrownBy(() -> ActivationCalibration.calibrate(net, new float[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ActivationCalibration.calibrate(net, new float[6]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 values")
                .hasMessageContaining("[4]");
        assertThatThrownBy(() -> ActivationCalibration.calibrate(net, new float[8], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("percentile");
        Network spiking = Network.builder(4).linear(3).add(IfSpec.defaults()).linear(2).build(1);
        assertThatThrownBy(() -> ActivationCalibration.calibrate(spiking, new float[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 1 (if)")
                .hasMessageContaining("supported layers: linear, conv2d");
        assertThatThrownBy(() -> AnnToSnnConverter.convert(spiking, new float[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 1 (if)");
    }

    @Test
    void initialMembraneStartsAtHalfThreshold() {
        IfSpec spec = IfSpec.builder().threshold(2f).initialMembrane(0.5f).build();
        assertThat(IfSpec.defaults().initialMembrane()).isZero();
        assertThat(new IfSpec(1f, spec.reset(), spec.surrogate(), true, spec.learnThreshold()).initialMembrane()).isZero();
        assertThatThrownBy(() -> IfSpec.builder().initialMembrane(1.5f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        Network net = Network.builder(2).add(spec).build(1);
        int steps = 4;
        float[] x = {0.6f, 1.5f};
        float[] seq = new float[steps * 2];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(x, 0, seq, 2 * t, 2);
        }
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(steps, 1, false, 0, k);
            float[] s = net.forward(seq, ctx).output().clone();
            float[] u = ((Leaky) net.layers().get(0)).membrane().clone();
            // neuron 0: U = 1.6, 2.2 (spike), 0.8, 1.4 ; neuron 1: U = 2.5 (spike), 2.0, 3.5 (spike), 3.0 (spike)
            assertThat(u).containsExactly(new float[] {1.6f, 2.5f, 2.2f, 2.0f, 0.8f, 3.5f, 1.4f, 3.0f},
                    Offset.offset(1e-6f));
            assertThat(s).containsExactly(0, 1, 1, 0, 0, 1, 0, 1);
            float[] s2 = net.forwardTimeInvariant(x, ctx).output();
            assertThat(s2).containsExactly(s);
        }
    }

    /** max over hidden neurons and samples of |rate_T − clip(a/λ, 0, 1)|. */
    private static double rateError(Network ann, AnnToSnnConverter.Conversion conv, float[] x, int batch, int steps) {
        float[] a;
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(1, batch, false, 0, k);
            a = ann.layers().get(1).forward(ann.layers().get(0).forward(x, ctx), ctx).clone();
            Network snn = conv.network();
            Monitor m = snn.monitor(1);
            snn.forwardTimeInvariant(x, new RunContext(steps, batch, false, 0, k));
            snn.removeMonitor(m);
            float lambda = conv.scales().get(0);
            double worst = 0;
            int n = a.length;
            for (int i = 0; i < n; i++) {
                double rate = 0;
                for (int t = 0; t < steps; t++) {
                    rate += m.output()[t * n + i];
                }
                rate /= steps;
                double target = Math.min(1, Math.max(0, a[i] / lambda));
                worst = Math.max(worst, Math.abs(rate - target));
            }
            return worst;
        }
    }

    @Test
    void firingRatesApproachNormalisedActivations() {
        Network ann = Network.builder(6).linear(12).relu().linear(3).build(21);
        int batch = 32;
        float[] x = uniform(4, batch * 6, -1, 1);
        for (AnnToSnnConverter.InitialMembrane init : AnnToSnnConverter.InitialMembrane.values()) {
            AnnToSnnConverter.Conversion conv = AnnToSnnConverter.convert(ann, x, AnnToSnnConverter.Config.builder()
                    .normalisation(AnnToSnnConverter.Normalisation.MAX).initialMembrane(init).build());
            double bound = init == AnnToSnnConverter.InitialMembrane.HALF_THRESHOLD ? 0.5 : 1.0;
            double previous = Double.MAX_VALUE;
            for (int steps : new int[] {16, 64, 256}) {
                double err = rateError(ann, conv, x, batch, steps);
                System.out.printf("rate error %s T=%d: %.5f (bound %.5f)%n", init, steps, err, bound / steps);
                assertThat(err).isLessThan(previous).isLessThanOrEqualTo(bound / steps + 1e-4);
                previous = err;
            }
        }
    }

    private static int[] argmax(float[] y, int batch, int classes, int steps) {
        int[] out = new int[batch];
        for (int b = 0; b < batch; b++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = 0;
                for (int t = 0; t < steps; t++) {
                    s += y[(t * batch + b) * classes + c];
                }
                if (s > best) {
                    best = s;
                    out[b] = c;
                }
            }
        }
        return out;
    }

    @Test
    void convertedConvNetworkAgreesWithTheAnn() {
        Network ann = Network.builder(1, 8, 8).conv2d(4, 3, 1, 1).batchNorm().relu().maxPool2d(2)
                .conv2d(6, 3).batchNorm().relu().flatten().dropout(0.2f).linear(10).relu().linear(4).build(5);
        randomiseBatchNorms(ann, 9);
        int batch = 64;
        float[] x = uniform(8, batch * 64, 0, 1);
        AnnToSnnConverter.Conversion conv = AnnToSnnConverter.convert(ann, x);
        Network snn = conv.network();
        assertThat(snn.layers().stream().map(l -> l.spec().type()).toList()).containsExactly("conv2d", "if",
                "avgpool2d", "conv2d", "if", "flatten", "linear", "if", "linear");
        assertThat(conv.scales()).hasSize(3).allMatch(s -> s > 0f);
        assertThat(((IfSpec) snn.layers().get(1).spec()).threshold()).isEqualTo(conv.scales().get(0));
        assertThat(((IfSpec) snn.layers().get(1).spec()).initialMembrane()).isEqualTo(0.5f);
        // the reference ANN: the folded network with maxpool replaced by avgpool, as converted
        Network reference = Network.builder(1, 8, 8).conv2d(4, 3, 1, 1).relu().avgPool2d(2).conv2d(6, 3).relu()
                .flatten().linear(10).relu().linear(4).build(1);
        for (int i = 0, j = 0; i < conv.folded().layers().size(); i++) {
            Layer from = conv.folded().layers().get(i);
            if (from.spec().type().equals("dropout")) {
                continue;
            }
            Layer to = reference.layers().get(j++);
            for (int p = 0; p < from.parameters().size(); p++) {
                System.arraycopy(from.parameters().get(p).value(), 0, to.parameters().get(p).value(), 0,
                        from.parameters().get(p).size());
            }
        }
        int[] expected = argmax(infer(reference, x, batch), batch, 4, 1);
        int steps = 256;
        float[] y;
        try (Kernels k = Kernels.create(1)) {
            y = snn.forwardTimeInvariant(x, new RunContext(steps, batch, false, 0, k)).output();
        }
        int[] got = argmax(y, batch, 4, steps);
        int agree = 0;
        for (int b = 0; b < batch; b++) {
            agree += got[b] == expected[b] ? 1 : 0;
        }
        System.out.printf("argmax agreement at T=%d: %d/%d%n", steps, agree, batch);
        assertThat(agree).isGreaterThanOrEqualTo(batch * 9 / 10);
    }

    @Test
    void qcfsThresholdBecomesTheFiringThreshold() {
        Network ann = Network.builder(4).linear(5).add(new Qcfs.Spec(8, 2.5f)).linear(2).build(3);
        AnnToSnnConverter.Conversion conv = AnnToSnnConverter.convert(ann, uniform(1, 40, -1, 1));
        assertThat(conv.scales()).containsExactly(2.5f);
        assertThat(((IfSpec) conv.network().layers().get(1).spec()).threshold()).isEqualTo(2.5f);
        float[] w0 = ((Linear) ann.layers().get(2)).weight().value();
        float[] w1 = ((Linear) conv.network().layers().get(2)).weight().value();
        for (int i = 0; i < w0.length; i++) {
            assertThat(w1[i]).isEqualTo(w0[i] * 2.5f);
        }
    }

    @Test
    void maxPoolHandling() {
        Network ann = Network.builder(1, 4, 4).conv2d(2, 3, 1, 1).relu().maxPool2d(2).flatten().linear(2).build(3);
        float[] x = uniform(2, 3 * 16, 0, 1);
        assertThat(AnnToSnnConverter.convert(ann, x).network().layers().get(2)).isInstanceOf(AvgPool2d.class);
        assertThatThrownBy(() -> AnnToSnnConverter.convert(ann, x, AnnToSnnConverter.Config.builder()
                .maxPool(AnnToSnnConverter.MaxPoolHandling.REJECT).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 2 (maxpool2d)");
    }
}
