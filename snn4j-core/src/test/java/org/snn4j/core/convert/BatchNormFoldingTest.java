package org.snn4j.core.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.snn4j.core.Parameter;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.BatchNorm;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Network;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {

    static float[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(lo, hi);
        }
        return a;
    }

    /** Gives every batch norm random statistics and affine parameters. */
    static void randomiseBatchNorms(Network net, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Layer l : net.layers()) {
            if (l instanceof BatchNorm bn) {
                fill(bn.runningMean(), r, -0.5, 0.5);
                fill(bn.runningVar(), r, 0.2, 2.0);
                if (bn.weight() != null) {
                    fill(bn.weight(), r, 0.5, 1.5);
                    fill(bn.bias(), r, -0.3, 0.3);
                }
            }
        }
    }

    private static void fill(Parameter p, SplittableRandom r, double lo, double hi) {
        float[] v = p.value();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble(lo, hi);
        }
        p.markModified();
    }

    static float[] infer(Network net, float[] x, int batch) {
        try (Kernels k = Kernels.create(1)) {
            return net.forward(x, new RunContext(1, batch, false, 0, k)).output().clone();
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i],
                    org.assertj.core.data.Offset.offset(1e-5 * scale + 1e-6));
        }
    }

    @Test
    void foldsLinearBatchNormExactly() {
        Network net = Network.builder(6).linear(5).batchNorm().linear(4, false).batchNorm()
                .add(new BatchNorm.Spec(0.1f, 1e-3f, false)).build(3);
        randomiseBatchNorms(net, 7);
        assertThatThrownBy(() -> BatchNormFolding.fold(net)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchnorm layer 4").hasMessageContaining("layer 3 (batchnorm)")
                .hasMessageContaining("conv2d or linear");
        Network ok = Network.builder(6).linear(5).batchNorm().linear(4, false).batchNorm().linear(3).build(3);
        randomiseBatchNorms(ok, 7);
        Network folded = BatchNormFolding.fold(ok);
        assertThat(folded.layers()).hasSize(3).allMatch(l -> l instanceof Linear);
        assertThat(((Linear) folded.layers().get(1)).bias()).isNotNull();
        float[] x = uniform(1, 8 * 6, -2, 2);
        assertClose(infer(folded, x, 8), infer(ok, x, 8));
    }

    @Test
    void foldsConvBatchNormExactly() {
        Network net = Network.builder(2, 6, 6)
                .add(Conv2d.Spec.builder(4, 3).padding(1).bias(false).build()).batchNorm()
                .conv2d(3, 3).add(new BatchNorm.Spec(0.1f, 1e-5f, false))
                .avgPool2d(2).flatten().linear(5).batchNorm().build(11);
        randomiseBatchNorms(net, 13);
        Network folded = BatchNormFolding.fold(net);
        assertThat(folded.layers()).noneMatch(l -> l instanceof BatchNorm).hasSize(5);
        assertThat(((Conv2d) folded.layers().get(0)).bias()).isNotNull();
        float[] x = uniform(2, 5 * 72, -1, 1);
        assertClose(infer(folded, x, 5), infer(net, x, 5));
    }

    @Test
    void rejectsBatchNormAfterOtherLayers() {
        Network first = Network.builder(4).batchNorm().linear(2).build(1);
        assertThatThrownBy(() -> BatchNormFolding.fold(first)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchnorm layer 0").hasMessageContaining("network input");
        Network afterPool = Network.builder(1, 4, 4).conv2d(2, 3).avgPool2d(2).batchNorm().build(1);
        assertThatThrownBy(() -> BatchNormFolding.fold(afterPool)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchnorm layer 2").hasMessageContaining("layer 1 (avgpool2d)");
    }
}
