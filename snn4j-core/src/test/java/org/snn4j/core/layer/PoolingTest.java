package org.snn4j.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;

class PoolingTest {

    /** {channels, height, width, kernel, stride (0 = kernel), padding}: awkward sizes, overlap, gaps, padding. */
    private static final int[][] CASES = {
            {2, 7, 5, 3, 2, 1},
            {3, 5, 7, 2, 0, 0},     // the 2×2 stride-2 loop with odd H and W
            {1, 6, 6, 2, 2, 0},
            {2, 6, 5, 3, 1, 0},     // overlapping windows
            {2, 8, 7, 2, 3, 1},     // stride > kernel, padding
            {1, 4, 3, 1, 1, 0},
            {3, 9, 4, 4, 2, 2},
            {1, 2, 2, 2, 1, 1},
    };

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextDouble(-2, 2);
        }
        return a;
    }

    private static int outSize(int in, int k, int s, int p) {
        return (in + 2 * p - k) / s + 1;
    }

    /** Naive max pool: returns {outputs, argmax indices as floats}; ties keep the first in scan order. */
    private static float[][] naiveMax(float[] x, int rows, int[] c) {
        int ch = c[0], h = c[1], w = c[2], k = c[3], s = c[4] == 0 ? k : c[4], p = c[5];
        int ho = outSize(h, k, s, p), wo = outSize(w, k, s, p);
        float[] y = new float[rows * ch * ho * wo];
        float[] idx = new float[y.length];
        int o = 0;
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < ch; q++) {
                int base = (r * ch + q) * h * w;
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++, o++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bi = -1;
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                int ih = i * s - p + u, iw = j * s - p + v;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= w) {
                                    continue;
                                }
                                float val = x[base + ih * w + iw];
                                if (bi < 0 || val > best) {
                                    best = val;
                                    bi = base + ih * w + iw;
                                }
                            }
                        }
                        y[o] = best;
                        idx[o] = bi;
                    }
                }
            }
        }
        return new float[][] {y, idx};
    }

    /** Naive average pool (divisor k², padding counted) in double, and its input gradient for dy. */
    private static double[][] naiveAvg(float[] x, float[] dy, int rows, int[] c) {
        int ch = c[0], h = c[1], w = c[2], k = c[3], s = c[4] == 0 ? k : c[4], p = c[5];
        int ho = outSize(h, k, s, p), wo = outSize(w, k, s, p);
        double[] y = new double[rows * ch * ho * wo];
        double[] dx = new double[x.length];
        int o = 0;
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < ch; q++) {
                int base = (r * ch + q) * h * w;
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++, o++) {
                        double sum = 0;
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                int ih = i * s - p + u, iw = j * s - p + v;
                                if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                    sum += x[base + ih * w + iw];
                                    dx[base + ih * w + iw] += dy[o] / (double) (k * k);
                                }
                            }
                        }
                        y[o] = sum / (k * k);
                    }
                }
            }
        }
        return new double[][] {y, dx};
    }

    @Test
    void maxPoolMatchesTheNaiveReferenceForwardAndBackward() {
        SplittableRandom rng = new SplittableRandom(11);
        int steps = 2, batch = 3, rows = steps * batch;
        for (int[] c : CASES) {
            Shape in = Shape.of(c[0], c[1], c[2]);
            MaxPool2d pool = (MaxPool2d) new MaxPool2d.Spec(c[3], c[4], c[5]).build(in, rng);
            int ho = outSize(c[1], c[3], pool.spec().stride(), c[5]);
            int wo = outSize(c[2], c[3], pool.spec().stride(), c[5]);
            assertThat(pool.outputShape()).isEqualTo(Shape.of(c[0], ho, wo));
            float[] x = random(rng, rows * in.size());
            float[] dy = random(rng, rows * pool.outputShape().size());
            float[][] ref = naiveMax(x, rows, c);
            float[] expectedDx = new float[x.length];
            for (int o = 0; o < dy.length; o++) {
                expectedDx[(int) ref[1][o]] += dy[o];
            }
            try (Kernels k = Kernels.create(1)) {
                float[] y = pool.forward(x, new RunContext(steps, batch, true, 0, k)).clone();
                assertThat(y).as("case %s", Arrays.toString(c)).containsExactly(ref[0]);
                float[] dx = pool.backward(dy.clone(), true);
                assertThat(dx).as("case %s", Arrays.toString(c)).containsExactly(expectedDx);
            }
        }
    }

    @Test
    void avgPoolMatchesTheNaiveReferenceForwardAndBackward() {
        SplittableRandom rng = new SplittableRandom(12);
        int steps = 3, batch = 2, rows = steps * batch;
        for (int[] c : CASES) {
            Shape in = Shape.of(c[0], c[1], c[2]);
            AvgPool2d pool = (AvgPool2d) new AvgPool2d.Spec(c[3], c[4], c[5]).build(in, rng);
            float[] x = random(rng, rows * in.size());
            float[] dy = random(rng, rows * pool.outputShape().size());
            double[][] ref = naiveAvg(x, dy, rows, c);
            try (Kernels k = Kernels.create(1)) {
                float[] y = pool.forward(x, new RunContext(steps, batch, true, 0, k)).clone();
                assertThat(y).hasSize(ref[0].length);
                for (int i = 0; i < y.length; i++) {
                    assertThat((double) y[i]).as("case %s output %d", Arrays.toString(c), i).isCloseTo(ref[0][i], within(1e-5));
                }
                float[] dx = pool.backward(dy, true);
                assertThat(dx).hasSize(x.length);
                for (int i = 0; i < dx.length; i++) {
                    assertThat((double) dx[i]).as("case %s dx %d", Arrays.toString(c), i).isCloseTo(ref[1][i], within(1e-5));
                }
            }
        }
    }

    @Test
    void avgPoolCountsPaddingInTheDivisor() {
        // 1×2×2 input of ones, k=2, s=1, p=1: 3×3 windows; the corner windows see one value, divided by 4
        AvgPool2d pool = (AvgPool2d) new AvgPool2d.Spec(2, 1, 1).build(Shape.of(1, 2, 2), new SplittableRandom(1));
        try (Kernels k = Kernels.create(1)) {
            float[] y = pool.forward(new float[] {1, 1, 1, 1}, new RunContext(1, 1, false, 0, k));
            assertThat(y).containsExactly(0.25f, 0.5f, 0.25f, 0.5f, 1f, 0.5f, 0.25f, 0.5f, 0.25f);
        }
    }

    @Test
    void maxPoolTiesGoToTheFirstIndexInScanOrderAndPaddingIsNeverChosen() {
        float ninf = Float.NEGATIVE_INFINITY;
        // 1×4×4, 2×2 stride 2: window 0 all equal, window 1 tie between its last two, window 2 all −∞,
        // window 3 has a NaN after the maximum (NaN wins, as in PyTorch)
        float[] x = {
                5, 5, 1, 2,
                5, 5, 3, 3,
                ninf, ninf, 0, 9,
                ninf, ninf, Float.NaN, 1};
        MaxPool2d pool = (MaxPool2d) new MaxPool2d.Spec(2, 2, 0).build(Shape.of(1, 4, 4), new SplittableRandom(1));
        try (Kernels k = Kernels.create(1)) {
            float[] y = pool.forward(x, new RunContext(1, 1, true, 0, k)).clone();
            assertThat(y[0]).isEqualTo(5f);
            assertThat(y[1]).isEqualTo(3f);
            assertThat(y[2]).isEqualTo(ninf);
            assertThat(y[3]).isNaN();
            float[] dx = pool.backward(new float[] {1, 2, 3, 4}, true);
            float[] expected = new float[16];
            expected[0] = 1;    // first of four equal values
            expected[6] = 2;    // first of the two 3s
            expected[8] = 3;    // first element of an all −∞ window
            expected[14] = 4;   // the NaN
            assertThat(dx).containsExactly(expected);
        }
        // the generic loop with padding: equal negative values, the first inside element wins over the border
        MaxPool2d padded = (MaxPool2d) new MaxPool2d.Spec(3, 2, 1).build(Shape.of(1, 3, 3), new SplittableRandom(1));
        float[] neg = new float[9];
        Arrays.fill(neg, -7f);
        try (Kernels k = Kernels.create(1)) {
            float[] y = padded.forward(neg, new RunContext(1, 1, true, 0, k)).clone();
            assertThat(y).containsExactly(-7f, -7f, -7f, -7f);
            float[] dx = padded.backward(new float[] {1, 10, 100, 1000}, true);
            // windows start at (−1,−1), (−1,1), (1,−1), (1,1): first inside elements 0, 1, 3, 4
            assertThat(dx).containsExactly(1f, 10f, 0f, 100f, 1000f, 0f, 0f, 0f, 0f);
        }
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalResultsOnLargeInputs() {
        SplittableRandom rng = new SplittableRandom(13);
        Shape in = Shape.of(16, 18, 17);   // 8 rows × 4896 = 39 168 values: above the parallel threshold
        int steps = 2, batch = 4;
        float[] x = random(rng, steps * batch * in.size());
        for (int i = 0; i < x.length; i += 7) {
            x[i] = x[i + 1 < x.length ? i + 1 : i];   // many ties
        }
        for (LayerSpec spec : new LayerSpec[] {MaxPool2d.Spec.of(2), new MaxPool2d.Spec(3, 2, 1), AvgPool2d.Spec.of(2),
                new AvgPool2d.Spec(3, 1, 1)}) {
            float[][] y = new float[2][];
            float[][] dx = new float[2][];
            float[] dy = null;
            for (int t = 0; t < 2; t++) {
                StatelessLayer layer = (StatelessLayer) spec.build(in, rng);
                if (dy == null) {
                    dy = random(rng, steps * batch * layer.outputShape().size());
                }
                try (Kernels k = Kernels.create(t + 1)) {
                    y[t] = layer.forward(x, new RunContext(steps, batch, true, 0, k)).clone();
                    dx[t] = layer.backward(dy.clone(), true).clone();
                }
            }
            assertThat(y[1]).as(spec.toString()).isEqualTo(y[0]);
            assertThat(dx[1]).as(spec.toString()).isEqualTo(dx[0]);
        }
    }

    @Test
    void forwardRowsOnDistinctRowsEqualsForwardOnRepeatedRows() {
        SplittableRandom rng = new SplittableRandom(14);
        Shape in = Shape.of(2, 5, 6);
        int steps = 3, batch = 2;
        float[] once = random(rng, batch * in.size());
        float[] repeated = new float[steps * once.length];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(once, 0, repeated, t * once.length, once.length);
        }
        for (LayerSpec spec : new LayerSpec[] {new MaxPool2d.Spec(3, 2, 1), new AvgPool2d.Spec(2, 1, 1)}) {
            StatelessLayer a = (StatelessLayer) spec.build(in, rng);
            StatelessLayer b = (StatelessLayer) spec.build(in, rng);
            try (Kernels k = Kernels.create(1)) {
                RunContext ctx = new RunContext(steps, batch, true, 0, k);
                float[] yRows = a.forwardRows(once, batch, ctx).clone();
                float[] yAll = b.forward(repeated, ctx);
                int n = yRows.length;
                for (int t = 0; t < steps; t++) {
                    assertThat(Arrays.copyOfRange(yAll, t * n, (t + 1) * n)).isEqualTo(yRows);
                }
                float[] dy = random(rng, yAll.length);
                float[] summed = new float[n];
                for (int i = 0; i < dy.length; i++) {
                    summed[i % n] += dy[i];
                }
                float[] dxRows = a.backward(summed, true).clone();
                float[] dxAll = b.backward(dy, true);
                float[] dxSum = new float[dxRows.length];
                for (int i = 0; i < dxAll.length; i++) {
                    dxSum[i % dxRows.length] += dxAll[i];
                }
                for (int i = 0; i < dxRows.length; i++) {
                    assertThat(dxRows[i]).isCloseTo(dxSum[i], within(1e-5f));
                }
            }
        }
    }

    @Test
    void specsResolveTheStrideAndBackwardNeedsATrainingForward() {
        MaxPool2d pool = (MaxPool2d) MaxPool2d.Spec.of(3).build(Shape.of(2, 9, 10), new SplittableRandom(1));
        assertThat(pool.spec()).isEqualTo(new MaxPool2d.Spec(3, 3, 0));
        assertThat(pool.outputShape()).isEqualTo(Shape.of(2, 3, 3));
        assertThat(pool.spec().type()).isEqualTo("maxpool2d");
        assertThat(pool.parameters()).isEmpty();
        assertThat(AvgPool2d.Spec.of(2).type()).isEqualTo("avgpool2d");
        assertThat(AvgPool2d.Spec.of(2).build(Shape.of(1, 4, 4), new SplittableRandom(1)).spec())
                .isEqualTo(new AvgPool2d.Spec(2, 2, 0));
        try (Kernels k = Kernels.create(1)) {
            float[] x = new float[2 * 9 * 10];
            pool.forward(x, new RunContext(1, 1, false, 0, k));
            assertThatThrownBy(() -> pool.backward(new float[18], true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("maxpool2d backward called without a preceding training forward");
            pool.forward(x, new RunContext(1, 1, true, 0, k));
            assertThat(pool.backward(new float[18], false)).isNull();
            assertThatThrownBy(() -> pool.backward(new float[18], true)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> pool.forward(new float[7], new RunContext(1, 1, false, 0, k)))
                    .hasMessageContaining("maxpool2d input has 7 values, expected rows·C·H·W = 1·2·9·10 = 180");
        }
    }

    @Test
    void invalidSpecsAndShapesNameTheBadValue() {
        SplittableRandom rng = new SplittableRandom(1);
        assertThatThrownBy(() -> new MaxPool2d.Spec(0, 0, 0))
                .hasMessage("maxpool2d kernelSize must be >= 1, got 0");
        assertThatThrownBy(() -> new AvgPool2d.Spec(2, -1, 0))
                .hasMessage("avgpool2d stride must be >= 1 (or 0 = kernelSize), got -1");
        assertThatThrownBy(() -> new MaxPool2d.Spec(3, 1, 2))
                .hasMessage("maxpool2d padding must be in [0, kernelSize/2] = [0, 1], got 2");
        assertThatThrownBy(() -> new AvgPool2d.Spec(3, 1, -1)).hasMessageContaining("got -1");
        assertThatThrownBy(() -> MaxPool2d.Spec.of(2).build(Shape.of(4, 4), rng))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxpool2d needs an input of rank 3 [C, H, W], got rank 2 [4, 4]");
        assertThatThrownBy(() -> AvgPool2d.Spec.of(2).build(Shape.of(16), rng))
                .hasMessageContaining("got rank 1 [16]");
        assertThatThrownBy(() -> new MaxPool2d.Spec(5, 1, 1).build(Shape.of(1, 2, 8), rng))
                .hasMessage("maxpool2d kernelSize 5 is larger than the padded input 4×10 (input [1, 2, 8], padding 1)");
        assertThatThrownBy(() -> AvgPool2d.Spec.of(3).build(Shape.of(1, 8, 2), rng))
                .hasMessageContaining("avgpool2d kernelSize 3 is larger than the padded input 8×2");
    }
}
