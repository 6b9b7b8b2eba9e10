package org.snn4j.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.convert.BatchNormFolding;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.network.Network;

/**
 * Conv2d with a non-square kernel and per-direction stride, padding and dilation (PyTorch's pairs),
 * against the definition written out as nested loops in double, and 1×k convolutions over
 * {@code [C, 1, L]} against a 1-D convolution with PyTorch {@code Conv1d} semantics.
 */
class Conv2dRectangularTest {

    /** One configuration on a {@code [cin, h, w]} input. */
    record Case(int cin, int cout, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int groups,
                boolean bias, int h, int w) {
        Conv2d.Spec spec() {
            return Conv2d.Spec.builder(cout, kh).kernel(kh, kw).inChannels(cin).stride(sh, sw).padding(ph, pw)
                    .dilation(dh, dw).groups(groups).bias(bias).build();
        }

        Shape input() {
            return Shape.of(cin, h, w);
        }

        int ho() {
            return Math.floorDiv(h + 2 * ph - dh * (kh - 1) - 1, sh) + 1;
        }

        int wo() {
            return Math.floorDiv(w + 2 * pw - dw * (kw - 1) - 1, sw) + 1;
        }
    }

    private static final List<Case> CASES = List.of(
            // the brief's case: kernel 2×3, stride (1, 2), padding (0, 1), dilation (2, 1), 2 groups: GEMM path
            new Case(4, 6, 2, 3, 1, 2, 0, 1, 2, 1, 2, true, 7, 9),
            // unit strides, "same" padding across: one shifted run per column row (rowsAlign), kh ≠ kw
            new Case(3, 4, 2, 3, 1, 1, 0, 1, 1, 1, 1, false, 5, 6),
            // tall kernel, stride (2, 1), dilation (1, 2), padding (2, 0)
            new Case(2, 3, 4, 2, 2, 1, 2, 0, 1, 2, 1, true, 9, 7),
            // depthwise, unit strides: padded planes with ph > 0, pw = 0
            new Case(3, 3, 3, 1, 1, 1, 1, 0, 1, 1, 3, true, 5, 4),
            // depthwise ×2, unit strides: padded planes with ph = 0, pw > 0, dilation (1, 2)
            new Case(2, 4, 1, 3, 1, 1, 0, 2, 1, 2, 2, true, 4, 7),
            // depthwise with stride (1, 2) and stride (2, 1): row-by-row direct loops
            new Case(3, 3, 2, 3, 1, 2, 1, 1, 1, 1, 3, false, 6, 8),
            new Case(2, 2, 3, 2, 2, 1, 0, 1, 2, 1, 2, true, 8, 5),
            // 1×k over [C, 1, L] with 2 groups, stride 2, padding 1, dilation 2
            new Case(4, 2, 1, 3, 1, 2, 0, 1, 1, 2, 2, true, 1, 11));

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }

    /** One-image and default chunks with the automatic algorithm, and both forced ones where direct applies. */
    private static List<Conv2dTest.Variant> variants(Case c) {
        return Conv2dTest.variants(c.cin / c.groups);
    }

    private static Conv2d build(Case c, Conv2dTest.Variant v) {
        return new Conv2d(c.spec(), c.input(), new SplittableRandom(3), v.chunkFloats(), v.direct());
    }

    /** Input value, 0 in the padding. */
    private static double x(Case c, float[] in, int row, int ch, int ih, int iw) {
        if (ih < 0 || ih >= c.h || iw < 0 || iw >= c.w) {
            return 0;
        }
        return in[((row * c.cin + ch) * c.h + ih) * c.w + iw];
    }

    /** The definition, literally: seven nested loops in double (weight index {@code ((o·Cin_g + c)·kh + p)·kw + q}). */
    static double[] referenceForward(Case c, float[] in, float[] w, float[] b, int rows) {
        int ho = c.ho();
        int wo = c.wo();
        int cinG = c.cin / c.groups;
        int coutG = c.cout / c.groups;
        double[] y = new double[rows * c.cout * ho * wo];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < c.cout; o++) {
                int g = o / coutG;
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double s = b == null ? 0 : b[o];
                        for (int ch = 0; ch < cinG; ch++) {
                            for (int p = 0; p < c.kh; p++) {
                                for (int q = 0; q < c.kw; q++) {
                                    s += w[((o * cinG + ch) * c.kh + p) * c.kw + q]
                                            * x(c, in, r, g * cinG + ch, i * c.sh + p * c.dh - c.ph,
                                            j * c.sw + q * c.dw - c.pw);
                                }
                            }
                        }
                        y[((r * c.cout + o) * ho + i) * wo + j] = s;
                    }
                }
            }
        }
        return y;
    }

    /** Gradients of {@code L = Σ dy·y} by the same loops: {@code [dW, db, dX]}. */
    static double[][] referenceBackward(Case c, float[] in, float[] w, float[] dy, int rows) {
        int ho = c.ho();
        int wo = c.wo();
        int cinG = c.cin / c.groups;
        int coutG = c.cout / c.groups;
        double[] dw = new double[w.length];
        double[] db = new double[c.cout];
        double[] dx = new double[in.length];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < c.cout; o++) {
                int g = o / coutG;
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double gy = dy[((r * c.cout + o) * ho + i) * wo + j];
                        db[o] += gy;
                        for (int ch = 0; ch < cinG; ch++) {
                            for (int p = 0; p < c.kh; p++) {
                                for (int q = 0; q < c.kw; q++) {
                                    int ih = i * c.sh + p * c.dh - c.ph;
                                    int iw = j * c.sw + q * c.dw - c.pw;
                                    int wi = ((o * cinG + ch) * c.kh + p) * c.kw + q;
                                    dw[wi] += gy * x(c, in, r, g * cinG + ch, ih, iw);
                                    if (ih >= 0 && ih < c.h && iw >= 0 && iw < c.w) {
                                        dx[((r * c.cin + g * cinG + ch) * c.h + ih) * c.w + iw] += gy * w[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dw, db, dx};
    }

    @Test
    void forwardMatchesTheDefinitionForEveryAlgorithmKernelAndThreadCount() {
        int steps = 3;
        int batch = 4;
        int rows = steps * batch;
        for (Case c : CASES) {
            float[] in = random(new SplittableRandom(c.hashCode()), rows * c.input().size());
            for (Conv2dTest.Variant v : variants(c)) {
                Conv2d conv = build(c, v);
                assertThat(conv.outputShape()).as(c.toString()).isEqualTo(Shape.of(c.cout, c.ho(), c.wo()));
                assertThat(conv.weight().shape()).isEqualTo(Shape.of(c.cout, c.cin / c.groups, c.kh, c.kw));
                float[] b = conv.bias() == null ? null : conv.bias().value();
                double[] expected = referenceForward(c, in, conv.weight().value(), b, rows);
                float[] first = null;
                for (Kernels k : List.of(Kernels.scalar(1), Kernels.create(1), Kernels.create(2))) {
                    try (k) {
                        float[] y = conv.forward(in, new RunContext(steps, batch, false, 0, k)).clone();
                        Conv2dTest.assertClose(c + " " + v + " " + k.name() + "×" + k.threads(), y, expected, 1e-5);
                        if (k.threads() == 2) {
                            assertThat(y).as(c + " 1 vs 2 threads").isEqualTo(first);
                        }
                        first = y;
                    }
                }
            }
        }
    }

    @Test
    void backwardMatchesTheReferenceGradientsAndAccumulates() {
        int steps = 2;
        int batch = 3;
        int rows = steps * batch;
        for (Case c : CASES) {
            SplittableRandom rnd = new SplittableRandom(c.hashCode() + 1L);
            float[] in = random(rnd, rows * c.input().size());
            float[] dy = random(rnd, rows * c.cout * c.ho() * c.wo());
            for (Conv2dTest.Variant v : variants(c)) {
                for (Kernels k : List.of(Kernels.scalar(1), Kernels.create(2))) {
                    try (k) {
                        Conv2d conv = build(c, v);
                        float[] w = conv.weight().value();
                        double[][] ref = referenceBackward(c, in, w, dy, rows);
                        float[] gw0 = random(rnd, w.length);
                        System.arraycopy(gw0, 0, conv.weight().grad(), 0, w.length);
                        conv.forward(in, new RunContext(steps, batch, true, 0, k));
                        float[] dx = conv.backward(dy.clone(), true);
                        String at = c + " " + v + " " + k.name() + "×" + k.threads();
                        Conv2dTest.assertClose("dX " + at, dx, ref[2], 1e-5);
                        double[] expectedDw = ref[0].clone();
                        for (int i = 0; i < expectedDw.length; i++) {
                            expectedDw[i] += gw0[i];
                        }
                        Conv2dTest.assertClose("dW " + at, conv.weight().grad(), expectedDw, 1e-5);
                        if (c.bias) {
                            Conv2dTest.assertClose("db " + at, conv.bias().grad(), ref[1], 1e-5);
                        } else {
                            assertThat(conv.bias()).isNull();
                        }
                    }
                }
            }
        }
    }

    /** The reference gradients themselves, by central differences of the reference forward in double. */
    @Test
    void referenceGradientsAgreeWithFiniteDifferences() {
        Case c = CASES.get(0);
        int rows = 2;
        SplittableRandom rnd = new SplittableRandom(21);
        float[] in = random(rnd, rows * c.input().size());
        float[] w = random(rnd, c.cout * (c.cin / c.groups) * c.kh * c.kw);
        float[] b = random(rnd, c.cout);
        float[] dy = random(rnd, rows * c.cout * c.ho() * c.wo());
        double[][] ref = referenceBackward(c, in, w, dy, rows);
        // the loss is linear in each of w, b and x: a central difference over the perturbation actually
        // stored in float gives the slope up to double rounding
        float step = 0.25f;
        for (int idx : new int[] {0, 5, 17, w.length - 1}) {
            assertThat(difference(c, in, w, b, dy, rows, w, idx, step)).as("dW[%d]", idx).isCloseTo(ref[0][idx],
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        for (int idx : new int[] {0, 3, c.cout - 1}) {
            assertThat(difference(c, in, w, b, dy, rows, b, idx, step)).as("db[%d]", idx).isCloseTo(ref[1][idx],
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        for (int idx : new int[] {0, 1, 9, 40, in.length - 1}) {
            assertThat(difference(c, in, w, b, dy, rows, in, idx, step)).as("dX[%d]", idx).isCloseTo(ref[2][idx],
                    org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    private static double difference(Case c, float[] in, float[] w, float[] b, float[] dy, int rows, float[] target,
                                     int idx, float step) {
        float saved = target[idx];
        float hi = saved + step;
        float lo = saved - step;
        target[idx] = hi;
        double up = loss(referenceForward(c, in, w, b, rows), dy);
        target[idx] = lo;
        double down = loss(referenceForward(c, in, w, b, rows), dy);
        target[idx] = saved;
        return (up - down) / ((double) hi - lo);
    }

    private static double loss(double[] y, float[] dy) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += y[i] * dy[i];
        }
        return s;
    }

    /** A 1-D case in PyTorch {@code Conv1d} terms: input {@code [cin, len]}, weight {@code [cout, cin/groups, k]}. */
    record Conv1d(int cin, int cout, int k, int stride, int pad, int dil, int groups, int len) {
        int outLen() {
            return (len + 2 * pad - dil * (k - 1) - 1) / stride + 1;
        }

        Conv2d.Spec spec() {
            return Conv2d.Spec.builder(cout, 1).kernel(1, k).stride(1, stride).padding(0, pad).dilation(1, dil)
                    .groups(groups).build();
        }
    }

    /** {@code y[o, t] = b[o] + Σ_{c < Cin_g, q < k} W[o, c, q]·x[g·Cin_g + c, t·s + q·d − p]}, x = 0 outside [0, L). */
    private static double[] conv1d(Conv1d c, float[] x, float[] w, float[] b, int rows) {
        int cinG = c.cin / c.groups;
        int coutG = c.cout / c.groups;
        int lo = c.outLen();
        double[] y = new double[rows * c.cout * lo];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < c.cout; o++) {
                int g = o / coutG;
                for (int t = 0; t < lo; t++) {
                    double s = b[o];
                    for (int ch = 0; ch < cinG; ch++) {
                        for (int q = 0; q < c.k; q++) {
                            int pos = t * c.stride + q * c.dil - c.pad;
                            if (pos >= 0 && pos < c.len) {
                                s += (double) w[(o * cinG + ch) * c.k + q] * x[(r * c.cin + g * cinG + ch) * c.len + pos];
                            }
                        }
                    }
                    y[(r * c.cout + o) * lo + t] = s;
                }
            }
        }
        return y;
    }

    /** Gradients of {@code L = Σ dy·y} of the 1-D convolution: {@code [dW, db, dX]}. */
    private static double[][] conv1dBackward(Conv1d c, float[] x, float[] w, float[] dy, int rows) {
        int cinG = c.cin / c.groups;
        int coutG = c.cout / c.groups;
        int lo = c.outLen();
        double[] dw = new double[w.length];
        double[] db = new double[c.cout];
        double[] dx = new double[x.length];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < c.cout; o++) {
                int g = o / coutG;
                for (int t = 0; t < lo; t++) {
                    double gy = dy[(r * c.cout + o) * lo + t];
                    db[o] += gy;
                    for (int ch = 0; ch < cinG; ch++) {
                        for (int q = 0; q < c.k; q++) {
                            int pos = t * c.stride + q * c.dil - c.pad;
                            if (pos >= 0 && pos < c.len) {
                                int xi = (r * c.cin + g * cinG + ch) * c.len + pos;
                                dw[(o * cinG + ch) * c.k + q] += gy * x[xi];
                                dx[xi] += gy * w[(o * cinG + ch) * c.k + q];
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dw, db, dx};
    }

    @Test
    void oneByKConvolutionOverALineIsAOneDimensionalConvolution() {
        List<Conv1d> cases = List.of(
                new Conv1d(3, 5, 3, 1, 1, 1, 1, 16),     // "same" length
                new Conv1d(4, 6, 5, 2, 2, 1, 2, 19),     // stride 2, 2 groups
                new Conv1d(2, 4, 3, 3, 0, 2, 1, 20),     // stride 3, dilation 2, no padding
                new Conv1d(4, 4, 2, 1, 1, 3, 4, 9),      // depthwise, dilation 3: direct padded runs
                new Conv1d(3, 6, 4, 2, 3, 1, 3, 12),     // depthwise ×2, stride 2: direct row loops
                new Conv1d(1, 3, 7, 1, 0, 1, 1, 7));     // kernel covers the whole line: one output
        int steps = 2;
        int batch = 3;
        int rows = steps * batch;
        for (Conv1d c : cases) {
            Network net = Network.builder(c.cin, 1, c.len).add(c.spec()).build(5);
            Conv2d conv = (Conv2d) net.layers().get(0);
            assertThat(conv.outputShape()).as(c.toString()).isEqualTo(Shape.of(c.cout, 1, c.outLen()));
            assertThat(conv.weight().shape()).isEqualTo(Shape.of(c.cout, c.cin / c.groups, 1, c.k));
            SplittableRandom rnd = new SplittableRandom(c.hashCode());
            float[] x = random(rnd, rows * c.cin * c.len);
            float[] dy = random(rnd, rows * c.cout * c.outLen());
            float[] w = conv.weight().value();
            double[] expected = conv1d(c, x, w, conv.bias().value(), rows);
            double[][] grads = conv1dBackward(c, x, w, dy, rows);
            try (Kernels k = Kernels.create(2)) {
                float[] y = conv.forward(x, new RunContext(steps, batch, true, 0, k));
                Conv2dTest.assertClose("y " + c, y, expected, 1e-5);
                float[] dx = conv.backward(dy, true);
                Conv2dTest.assertClose("dX " + c, dx, grads[2], 1e-5);
                Conv2dTest.assertClose("dW " + c, conv.weight().grad(), grads[0], 1e-5);
                Conv2dTest.assertClose("db " + c, conv.bias().grad(), grads[1], 1e-5);
            }
        }
    }

    @Test
    void widthComponentsDefaultToTheHeightValuesAndTheSquareSpecIsUnchanged() {
        Conv2d.Spec square = new Conv2d.Spec(4, 8, 3, 2, 1, 2, 2, true);
        int same = Conv2d.Spec.SAME_AS_HEIGHT;
        assertThat(new Conv2d.Spec(4, 8, 3, same, 2, same, 1, same, 2, same, 2, true)).isEqualTo(square);
        assertThat(new Conv2d.Spec(4, 8, 3, 3, 2, 2, 1, 1, 2, 2, 2, true)).isEqualTo(square);
        assertThat(square.kernelWidth()).isEqualTo(3);
        assertThat(square.strideWidth()).isEqualTo(2);
        assertThat(square.paddingWidth()).isEqualTo(1);
        assertThat(square.dilationWidth()).isEqualTo(2);
        assertThat(square.isSquare()).isTrue();
        assertThat(Conv2d.Spec.builder(8, 3).inChannels(4).stride(2).padding(1).dilation(2).groups(2).build())
                .isEqualTo(square);

        Conv2d.Spec rect = Conv2d.Spec.builder(6, 3).kernel(2, 3).stride(1, 2).padding(0, 1).dilation(2, 1).groups(2)
                .build();
        assertThat(rect).isEqualTo(new Conv2d.Spec(0, 6, 2, 3, 1, 2, 0, 1, 2, 1, 2, true));
        assertThat(rect.isSquare()).isFalse();
        assertThat(List.of(rect.kernelHeight(), rect.kernelWidth(), rect.strideHeight(), rect.strideWidth(),
                rect.paddingHeight(), rect.paddingWidth(), rect.dilationHeight(), rect.dilationWidth()))
                .containsExactly(2, 3, 1, 2, 0, 1, 2, 1);
        // the old square accessors read the height values
        assertThat(List.of(rect.kernelSize(), rect.stride(), rect.padding(), rect.dilation()))
                .containsExactly(2, 1, 0, 2);
        // a single-value builder call after a pair sets both directions again
        assertThat(Conv2d.Spec.builder(6, 3).stride(1, 2).stride(3).build().strideWidth()).isEqualTo(3);
        assertThat(Conv2d.Spec.builder(6, 3).padding(2, 0).build().isSquare()).isFalse();
        assertThat(Conv2d.Spec.pair(3, 3)).isEqualTo("3");
        assertThat(Conv2d.Spec.pair(3, 5)).isEqualTo("3×5");
    }

    @Test
    void widthValidationNamesTheFieldAndTheAllowedRange() {
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 3, 0, 1, -1, 0, -1, 1, -1, 1, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d kernelWidth must be >= 1 (or -1 = kernelSize), got 0");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 3, -1, 1, -2, 0, -1, 1, -1, 1, true))
                .hasMessage("conv2d strideWidth must be >= 1 (or -1 = stride), got -2");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 3, -1, 1, -1, 0, -3, 1, -1, 1, true))
                .hasMessage("conv2d paddingWidth must be >= 0 (or -1 = padding), got -3");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 3, -1, 1, -1, 0, -1, 1, 0, 1, true))
                .hasMessage("conv2d dilationWidth must be >= 1 (or -1 = dilation), got 0");
        assertThatThrownBy(() -> Conv2d.Spec.builder(2, 3).kernel(0, 3).build())
                .hasMessage("conv2d kernelSize must be >= 1, got 0");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 3, 1 << 20, 1, 1, 0, 0, 1, 1 << 12, 1, true))
                .hasMessageContaining("dilationWidth·(kernelWidth−1)+1").hasMessageContaining("too large");
        // a kernel wider than the padded input: both directions in the message
        assertThatThrownBy(() -> Conv2d.Spec.builder(2, 1).kernel(1, 5).padding(0, 1).build()
                .build(Shape.of(1, 1, 2), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d kernel 1×5 (dilation 1, extent 1×5) is larger than the padded input 1×4 "
                        + "(input [1, 1, 2], padding 0×1): the output would be 1×0");
    }

    @Test
    void batchNormFoldingKeepsTheRectangularGeometry() {
        Network net = Network.builder(2, 5, 9).add(Conv2d.Spec.builder(3, 1).kernel(1, 3).stride(1, 2)
                .padding(0, 1).bias(false).build()).batchNorm().build(2);
        Network folded = BatchNormFolding.fold(net);
        Conv2d.Spec s = (Conv2d.Spec) folded.layers().get(0).spec();
        assertThat(s).isEqualTo(new Conv2d.Spec(2, 3, 1, 3, 1, 2, 0, 1, 1, 1, 1, true));
        SplittableRandom rnd = new SplittableRandom(4);
        float[] x = random(rnd, 3 * 2 * 5 * 9);
        try (Kernels k = Kernels.create(1)) {
            RunContext ctx = new RunContext(1, 3, false, 0, k);
            float[] a = net.forward(x, ctx).output().clone();
            float[] b = folded.forward(x, ctx).output();
            assertThat(b).hasSize(3 * 3 * 5 * 5);
            Conv2dTest.assertClose("folded", b, a, 1e-5);
        }
    }
}
