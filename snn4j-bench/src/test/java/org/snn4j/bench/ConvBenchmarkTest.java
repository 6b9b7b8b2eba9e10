package org.snn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snn4j.bench.ConvBenchmark.ConvShape;

class ConvBenchmarkTest {

    @Test
    void flopsFollowTheDocumentedFormulas() {
        // forward 2·rows·Cout·Ho·Wo·Cin·9, backward twice that
        assertThat(ConvShape.C1_H28_W28_K32_R128.forwardFlops()).isEqualTo(2L * 128 * 32 * 28 * 28 * 1 * 9);
        assertThat(ConvShape.C1_H28_W28_K32_R128.forwardFlops()).isEqualTo(57_802_752L);
        assertThat(ConvShape.C32_H14_W14_K64_R512.forwardFlops()).isEqualTo(3_699_376_128L);
        assertThat(ConvShape.C32_H14_W14_K32_R256.forwardFlops()).isEqualTo(924_844_032L);
        assertThat(ConvShape.C32_H14_W14_K64_R512.backwardFlops()).isEqualTo(7_398_752_256L);
        assertThat(ConvBenchmark.workPerOp("forward", Map.of("shape", "C32_H14_W14_K32_R256", "threads", "2")))
                .isEqualTo(new Work(924_844_032L, Work.Unit.FLOP));
        assertThat(ConvBenchmark.workPerOp("backward", Map.of("shape", "C1_H28_W28_K32_R128")))
                .isEqualTo(new Work(115_605_504L, Work.Unit.FLOP));
        assertThatThrownBy(() -> ConvBenchmark.workPerOp("step", Map.of("shape", "C1_H28_W28_K32_R128")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
        assertThatThrownBy(() -> ConvBenchmark.workPerOp("forward", Map.of("shape", "C1_H1_W1_K1_R1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Forward, weight, bias and input gradients of a tiny convolution (3→4 channels, 5×6 images,
     * 36 rows: several images per chunk) equal the convolution sums written out here.
     */
    @ParameterizedTest
    @CsvSource({"VECTOR, 1, true, true", "VECTOR, 2, false, true", "VECTOR, 2, true, false",
        "SCALAR, 1, false, false", "SCALAR, 2, true, true"})
    void tinyConvolutionMatchesTheNaiveLoops(KernelImpl impl, int threads, boolean bias, boolean spikes) {
        int cin = 3;
        int h = 5;
        int w = 6;
        int cout = 4;
        int steps = 4;
        int batch = 9;
        ConvBenchmark bench = new ConvBenchmark();
        bench.impl = impl;
        bench.threads = threads;
        bench.prepare(cin, h, w, cout, steps, batch, bias, spikes);
        try {
            int rows = steps * batch;
            float[] x = bench.input;
            if (spikes) {
                assertThat(SparseBenchmarkTest.onesFraction(x)).isCloseTo(ConvBenchmark.SPIKE_DENSITY, within(0.05));
            } else {
                for (float v : x) {
                    assertThat(v).isBetween(0f, 1f);
                }
            }
            float[] wt = bench.layer.weight().value();
            float[] b = bias ? bench.layer.bias().value() : null;
            assertThat(bench.layer.bias() != null).isEqualTo(bias);

            float[] y = bench.forward();
            double[] yRef = new double[rows * cout * h * w];
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < cout; o++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            double sum = b == null ? 0 : b[o];
                            for (int c = 0; c < cin; c++) {
                                for (int p = 0; p < 3; p++) {
                                    for (int q = 0; q < 3; q++) {
                                        sum += (double) wt[((o * cin + c) * 3 + p) * 3 + q]
                                                * pixel(x, r, c, i + p - 1, j + q - 1, cin, h, w);
                                    }
                                }
                            }
                            yRef[((r * cout + o) * h + i) * w + j] = sum;
                        }
                    }
                }
            }
            SparseBenchmarkTest.assertClose("Y", y, yRef, 1e-5);

            ConvBenchmark.Armed armed = new ConvBenchmark.Armed();
            armed.arm(bench);
            float[] dx = bench.backward(armed);
            float[] dy = bench.gradOutput;
            double[] dxRef = new double[rows * cin * h * w];
            double[] dwRef = new double[cout * cin * 9];
            double[] dbRef = new double[cout];
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < cout; o++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            double g = dy[((r * cout + o) * h + i) * w + j];
                            dbRef[o] += g;
                            for (int c = 0; c < cin; c++) {
                                for (int p = 0; p < 3; p++) {
                                    for (int q = 0; q < 3; q++) {
                                        int yy = i + p - 1;
                                        int xx = j + q - 1;
                                        if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                                            continue;
                                        }
                                        int wi = ((o * cin + c) * 3 + p) * 3 + q;
                                        dwRef[wi] += g * x[((r * cin + c) * h + yy) * w + xx];
                                        dxRef[((r * cin + c) * h + yy) * w + xx] += g * wt[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            SparseBenchmarkTest.assertClose("dX", dx, dxRef, 1e-5);
            float[] dw = bench.layer.weight().grad();
            SparseBenchmarkTest.assertClose("dW", dw, dwRef, 1e-4);
            if (bias) {
                SparseBenchmarkTest.assertClose("db", bench.layer.bias().grad(), dbRef, 1e-4);
            }

            // re-arming zeroes the gradients: a second call gives the same dW, not twice it
            float[] dwFirst = dw.clone();
            armed.arm(bench);
            bench.backward(armed);
            assertThat(bench.layer.weight().grad()).containsExactly(dwFirst);
        } finally {
            bench.tearDown();
        }
    }

    /** The JMH set-up of the first layer: analogue input, 128 rows, correct sampled outputs. */
    @Test
    void setUpOfTheFirstLayerComputesTheConvolution() {
        ConvBenchmark bench = new ConvBenchmark();
        bench.shape = ConvShape.C1_H28_W28_K32_R128;
        bench.impl = KernelImpl.VECTOR;
        bench.threads = 2;
        bench.setUp();
        try {
            assertThat(bench.ctx.rows()).isEqualTo(128);
            assertThat(bench.ctx.training()).isTrue();
            assertThat(bench.input).hasSize(128 * 28 * 28);
            long zeros = 0;
            float min = 1f;
            float max = 0f;
            for (float v : bench.input) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                zeros += v == 0f ? 1 : 0;
            }
            assertThat(min).isGreaterThanOrEqualTo(0f);
            assertThat(max).isLessThan(1f).isGreaterThan(0.99f);
            assertThat(zeros).as("analogue, not spikes").isLessThan(100);
            float[] y = bench.forward();
            assertThat(y).hasSize(128 * 32 * 28 * 28);
            float[] wt = bench.layer.weight().value();
            float[] b = bench.layer.bias().value();
            SplittableRandom rnd = new SplittableRandom(9);
            for (int s = 0; s < 300; s++) {
                int r = rnd.nextInt(128);
                int o = rnd.nextInt(32);
                int i = rnd.nextInt(28);
                int j = rnd.nextInt(28);
                double sum = b[o];
                for (int p = 0; p < 3; p++) {
                    for (int q = 0; q < 3; q++) {
                        sum += (double) wt[(o * 3 + p) * 3 + q] * pixel(bench.input, r, 0, i + p - 1, j + q - 1, 1, 28, 28);
                    }
                }
                assertThat(y[((r * 32 + o) * 28 + i) * 28 + j]).isCloseTo((float) sum, within(1e-5f));
            }
        } finally {
            bench.tearDown();
        }
    }

    /** The spiking shapes get 0/1 inputs with about 15 % ones and T·B rows. */
    @Test
    void setUpOfASpikingLayerMakesSpikeInputs() {
        ConvBenchmark bench = new ConvBenchmark();
        bench.shape = ConvShape.C32_H14_W14_K32_R256;
        bench.impl = KernelImpl.VECTOR;
        bench.threads = 1;
        bench.setUp();
        try {
            assertThat(bench.ctx.steps()).isEqualTo(4);
            assertThat(bench.ctx.batch()).isEqualTo(64);
            assertThat(bench.layer.bias()).as("SpikingJelly's convolutions have no bias").isNull();
            assertThat(bench.input).hasSize(256 * 32 * 14 * 14);
            assertThat(SparseBenchmarkTest.onesFraction(bench.input)).isCloseTo(ConvBenchmark.SPIKE_DENSITY, within(0.002));
            assertThat(bench.gradOutput).hasSize(256 * 32 * 14 * 14);
        } finally {
            bench.tearDown();
        }
    }

    private static double pixel(float[] x, int r, int c, int i, int j, int cin, int h, int w) {
        return i < 0 || i >= h || j < 0 || j >= w ? 0 : x[((r * cin + c) * h + i) * w + j];
    }
}
