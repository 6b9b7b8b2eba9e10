package org.snn4j.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;
import org.snn4j.core.data.InMemoryDataset;
import org.snn4j.core.encode.DirectEncoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.loss.CrossEntropyMembraneLoss;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.train.Evaluator;
import org.snn4j.core.train.Trainer;
import org.snn4j.core.train.TrainingListener;

class Conv2dTest {

    /** One convolution configuration on a {@code [cin, h, w]} input. */
    record Case(int cin, int cout, int k, int stride, int pad, int dil, int groups, boolean bias, int h, int w) {
        Conv2d.Spec spec() {
            return new Conv2d.Spec(cin, cout, k, stride, pad, dil, groups, bias);
        }

        Shape input() {
            return Shape.of(cin, h, w);
        }

        int ho() {
            return Math.floorDiv(h + 2 * pad - dil * (k - 1) - 1, stride) + 1;
        }

        int wo() {
            return Math.floorDiv(w + 2 * pad - dil * (k - 1) - 1, stride) + 1;
        }

        /** The same layer with its values given per direction. */
        Conv2dRectangularTest.Case rect() {
            return new Conv2dRectangularTest.Case(cin, cout, k, k, stride, stride, pad, pad, dil, dil, groups, bias, h, w);
        }
    }

    private static final List<Case> CASES = List.of(
            new Case(3, 4, 3, 1, 1, 1, 1, true, 7, 5),      // same padding, odd sizes
            new Case(4, 6, 3, 2, 2, 2, 2, false, 9, 8),     // stride 2, pad 2, dilation 2, 2 groups, no bias
            new Case(4, 4, 3, 1, 1, 1, 4, true, 6, 7),      // depthwise (direct loops)
            new Case(3, 6, 2, 2, 0, 1, 3, true, 7, 9),      // depthwise with multiplier 2, even kernel (direct)
            new Case(3, 3, 3, 2, 2, 2, 3, false, 9, 8),     // depthwise, stride 2, pad 2, dilation 2, no bias (direct)
            new Case(3, 3, 5, 1, 3, 2, 3, true, 7, 6),      // depthwise 5×5, dilation 2, pad 3 (padded runs, tap by tap)
            new Case(2, 4, 3, 1, 0, 2, 2, false, 8, 7),     // depthwise ×2, dilation 2, no padding (padded runs, 3×3)
            new Case(2, 2, 1, 1, 0, 1, 2, true, 3, 3),      // depthwise 1×1
            new Case(2, 8, 3, 1, 1, 1, 2, true, 5, 5),      // one input channel per group, 4 outputs: GEMM path
            new Case(5, 3, 1, 1, 0, 1, 1, true, 4, 6),      // 1×1
            new Case(1, 5, 3, 1, 0, 1, 1, true, 11, 13),    // single input channel (first layer)
            new Case(2, 3, 5, 3, 0, 1, 1, true, 5, 6),      // kernel covers the input: 1×2 output
            new Case(2, 2, 3, 1, 1, 1, 1, false, 1, 2),     // one input row, padding on both sides
            new Case(3, 4, 3, 2, 1, 3, 1, true, 10, 11),    // stride 2 with dilation 3
            new Case(3, 4, 3, 1, 2, 2, 1, true, 6, 5),      // "same" padding with dilation 2: one run per column row
            new Case(2, 3, 5, 1, 2, 1, 1, true, 3, 2));     // same padding wider than the input: empty tap columns

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }

    private static Conv2d build(Case c, int chunkFloats) {
        return new Variant(null, chunkFloats).build(c);
    }

    /** A way to build the layer: algorithm (null = automatic, true = direct, false = im2col + GEMM) and chunk target. */
    record Variant(Boolean direct, int chunkFloats) {
        Conv2d build(Case c) {
            return new Conv2d(c.spec(), c.input(), new SplittableRandom(3), chunkFloats, direct);
        }
    }

    /** One-image and default chunks with the automatic algorithm, and both forced ones where direct applies. */
    private static List<Variant> variants(Case c) {
        return variants(c.cin / c.groups);
    }

    /** {@link #variants(Case)} for a layer with {@code cinG} input channels per group. */
    static List<Variant> variants(int cinG) {
        List<Variant> vs = new ArrayList<>();
        List<Boolean> algorithms = cinG == 1 ? java.util.Arrays.asList(null, true, false)
                : java.util.Collections.singletonList(null);
        for (Boolean a : algorithms) {
            vs.add(new Variant(a, 1));
            vs.add(new Variant(a, Conv2d.DEFAULT_CHUNK_FLOATS));
        }
        return vs;
    }

    /** The definition, literally: seven nested loops in double ({@link Conv2dRectangularTest#referenceForward}). */
    static double[] referenceForward(Case c, float[] in, float[] w, float[] b, int rows) {
        return Conv2dRectangularTest.referenceForward(c.rect(), in, w, b, rows);
    }

    /** Gradients of {@code L = Σ dy·y} by the same loops: {@code [dW, db, dX]}. */
    static double[][] referenceBackward(Case c, float[] in, float[] w, float[] dy, int rows) {
        return Conv2dRectangularTest.referenceBackward(c.rect(), in, w, dy, rows);
    }

    static void assertClose(String what, float[] actual, double[] expected, double tol) {
        assertThat(actual).as(what + " length").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > tol * (1 + Math.abs(expected[i]))) {
                throw new AssertionError(what + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    static void assertClose(String what, float[] actual, float[] expected, double tol) {
        double[] e = new double[expected.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected[i];
        }
        assertClose(what, actual, e, tol);
    }

    @Test
    void forwardMatchesTheDefinitionForEveryGeometryKernelAndThreadCount() {
        int steps = 3;
        int batch = 5;
        int rows = steps * batch;
        for (Case c : CASES) {
            float[] in = random(new SplittableRandom(c.hashCode()), rows * c.input().size());
            for (Variant v : variants(c)) {
                Conv2d conv = v.build(c);
                assertThat(conv.outputShape()).isEqualTo(Shape.of(c.cout, c.ho(), c.wo()));
                float[] b = conv.bias() == null ? null : conv.bias().value();
                double[] expected = referenceForward(c, in, conv.weight().value(), b, rows);
                float[] first = null;
                for (Kernels k : List.of(Kernels.scalar(1), Kernels.scalar(2), Kernels.create(1), Kernels.create(2))) {
                    try (k) {
                        float[] y = conv.forward(in, new RunContext(steps, batch, false, 0, k)).clone();
                        assertClose(c + " " + v + " " + k.name() + "×" + k.threads(), y, expected, 1e-5);
                        if (k.threads() == 2) {
                            // the chunk partition does not depend on the thread count: bit-identical
                            assertThat(y).as(c + " 1 vs 2 threads").isEqualTo(first);
                        }
                        first = y;
                    }
                }
            }
        }
    }

    @Test
    void chunkingSplitsRowsIndependentlyOfThreadsAndCoversPartialChunks() {
        Case c = CASES.get(0);
        Conv2d whole = build(c, Conv2d.DEFAULT_CHUNK_FLOATS);
        Conv2d single = build(c, 1);
        assertThat(single.chunkImages(15)).isEqualTo(1);
        // 35 pixels per image: 6 images reach 192 GEMM columns; (27 + 4)·35 = 1085 buffer floats per image
        assertThat(whole.chunkImages(15)).isEqualTo(1);
        assertThat(whole.chunkImages(50)).isEqualTo(4);
        assertThat(whole.chunkImages(10_000)).isEqualTo(6);
        Conv2d mid = build(c, 3 * 1085);
        assertThat(mid.chunkImages(1000)).isEqualTo(3);
        assertThatThrownBy(() -> new Conv2d(c.spec(), c.input(), new SplittableRandom(1), 1, true))
                .hasMessageContaining("one input channel per group");
        Conv2d large = (Conv2d) new Conv2d.Spec(0, 64, 3, 1, 1, 1, 1, true).build(Shape.of(32, 14, 14), new SplittableRandom(1));
        assertThat(large.chunkImages(256)).isEqualTo(1);
        int rows = 1000;
        float[] in = random(new SplittableRandom(9), rows * c.input().size());
        try (Kernels k = Kernels.create(2)) {
            float[] a = mid.forwardRows(in, rows, new RunContext(1, rows, false, 0, k)).clone();
            float[] b = single.forwardRows(in, rows, new RunContext(1, rows, false, 0, k));
            // 334 chunks of 3, 3, …, 1 images: every image computed, equal to the one-image chunks up to rounding
            assertClose("chunked", a, b, 1e-6);
            double[] ref = referenceForward(c, in, mid.weight().value(), mid.bias().value(), rows);
            assertClose("reference", a, ref, 1e-5);
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
            for (Variant v : variants(c)) {
                for (Kernels k : List.of(Kernels.scalar(1), Kernels.create(1), Kernels.create(2))) {
                    try (k) {
                        Conv2d conv = v.build(c);
                        float[] w = conv.weight().value();
                        double[][] ref = referenceBackward(c, in, w, dy, rows);
                        float[] gw0 = random(rnd, w.length);
                        System.arraycopy(gw0, 0, conv.weight().grad(), 0, w.length);
                        conv.forward(in, new RunContext(steps, batch, true, 0, k));
                        float[] dx = conv.backward(dy.clone(), true);
                        String at = c + " " + v + " " + k.name() + "×" + k.threads();
                        assertClose("dX " + at, dx, ref[2], 1e-5);
                        double[] expectedDw = ref[0].clone();
                        for (int i = 0; i < expectedDw.length; i++) {
                            expectedDw[i] += gw0[i];
                        }
                        assertClose("dW " + at, conv.weight().grad(), expectedDw, 1e-5);
                        if (c.bias) {
                            assertClose("db " + at, conv.bias().grad(), ref[1], 1e-5);
                        } else {
                            assertThat(conv.bias()).isNull();
                            assertThat(conv.parameters()).hasSize(1);
                        }
                    }
                }
            }
        }
    }

    @Test
    void withoutInputGradientBackwardReturnsNullAndStillAccumulatesParameterGradients() {
        Case c = CASES.get(1);
        Case cb = CASES.get(0);
        for (Case cc : List.of(c, cb)) {
            int rows = 4;
            SplittableRandom rnd = new SplittableRandom(5);
            float[] in = random(rnd, rows * cc.input().size());
            float[] dy = random(rnd, rows * cc.cout * cc.ho() * cc.wo());
            try (Kernels k = Kernels.create(2)) {
                Conv2d a = build(cc, Conv2d.DEFAULT_CHUNK_FLOATS);
                Conv2d b = build(cc, Conv2d.DEFAULT_CHUNK_FLOATS);
                a.forward(in, new RunContext(2, 2, true, 0, k));
                assertThat(a.backward(dy, false)).isNull();
                b.forward(in, new RunContext(2, 2, true, 0, k));
                assertThat(b.backward(dy, true)).isNotNull();
                assertThat(a.weight().grad()).isEqualTo(b.weight().grad());
                assertThat(a.weight().grad()).isNotEqualTo(new float[a.weight().size()]);
                if (cc.bias) {
                    assertThat(a.bias().grad()).isEqualTo(b.bias().grad());
                }
                // backward consumes the forward's state
                assertThatThrownBy(() -> a.backward(dy, false)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("without a preceding training forward");
                a.forward(in, new RunContext(2, 2, false, 0, k));
                assertThatThrownBy(() -> a.backward(dy, true)).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void gradientsWithOneAndTwoThreadsDifferOnlyByRoundingAndRepeatExactly() {
        Case c = new Case(6, 8, 3, 1, 1, 1, 1, true, 9, 9);
        int rows = 40;
        SplittableRandom rnd = new SplittableRandom(11);
        float[] in = random(rnd, rows * c.input().size());
        float[] dy = random(rnd, rows * c.cout * c.ho() * c.wo());
        float[][] grads = new float[3][];
        float[][] dxs = new float[3][];
        int[] threads = {1, 2, 2};
        for (int r = 0; r < 3; r++) {
            try (Kernels k = Kernels.create(threads[r])) {
                Conv2d conv = build(c, 2000);
                conv.forward(in, new RunContext(4, 10, true, 0, k));
                dxs[r] = conv.backward(dy, true).clone();
                grads[r] = conv.weight().grad().clone();
            }
        }
        assertThat(grads[2]).isEqualTo(grads[1]);
        assertClose("dW 1 vs 2 threads", grads[1], grads[0], 1e-5);
        assertThat(dxs[1]).isEqualTo(dxs[0]);
    }

    @Test
    void steadyStateForwardAndBackwardAllocateNothing() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (Case c : List.of(CASES.get(0), CASES.get(2), new Case(8, 16, 3, 1, 1, 1, 1, true, 12, 12))) {
            int rows = 24;
            SplittableRandom rnd = new SplittableRandom(8);
            float[] in = random(rnd, rows * c.input().size());
            float[] dy = random(rnd, rows * c.cout * c.ho() * c.wo());
            Conv2d conv = build(c, Conv2d.DEFAULT_CHUNK_FLOATS);
            // scalar kernels: the Vector API allocates its vectors until C2 has compiled the GEMM
            try (Kernels k = Kernels.scalar(1)) {
                RunContext ctx = new RunContext(4, 6, true, 0, k);
                for (int i = 0; i < 3; i++) {
                    conv.forward(in, ctx);
                    conv.backward(dy, true);
                }
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 5; i++) {
                    conv.forward(in, ctx);
                    conv.backward(dy, i % 2 == 0);
                }
                assertThat(mx.getCurrentThreadAllocatedBytes() - before).as(c.toString()).isZero();
            }
        }
    }

    @Test
    void initialisationFollowsPytorch() {
        Conv2d conv = (Conv2d) new Conv2d.Spec(0, 8, 3, 1, 0, 1, 2, true).build(Shape.of(4, 5, 5), new SplittableRandom(1));
        assertThat(conv.weight().shape()).isEqualTo(Shape.of(8, 2, 3, 3));
        assertThat(conv.bias().shape()).isEqualTo(Shape.of(8));
        assertThat(conv.spec().inChannels()).isEqualTo(4);
        double bound = 1 / Math.sqrt(2 * 3 * 3);
        double maxAbs = 0;
        for (float v : conv.weight().value()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        assertThat(maxAbs).isGreaterThan(0.7 * bound);
        for (float v : conv.bias().value()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
        }
        assertThat(conv.weight().decay()).isTrue();
        assertThat(conv.bias().decay()).isFalse();
    }

    @Test
    void specValidationNamesTheOffendingValue() {
        assertThatThrownBy(() -> new Conv2d.Spec(6, 4, 3, 1, 0, 1, 3, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groups (3)").hasMessageContaining("outChannels (4)");
        assertThatThrownBy(() -> new Conv2d.Spec(4, 6, 3, 1, 0, 1, 3, true))
                .hasMessageContaining("groups (3)").hasMessageContaining("inChannels (4)");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 6, 3, 1, 0, 1, 3, true).build(Shape.of(4, 8, 8), new SplittableRandom(1)))
                .hasMessageContaining("groups (3)").hasMessageContaining("4");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 0, 3, 1, 0, 1, 1, true)).hasMessageContaining("outChannels")
                .hasMessageContaining(">= 1").hasMessageContaining("0");
        assertThatThrownBy(() -> new Conv2d.Spec(-1, 2, 3, 1, 0, 1, 1, true)).hasMessageContaining("inChannels")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 0, 1, 0, 1, 1, true)).hasMessageContaining("kernelSize")
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 3, 0, 0, 1, 1, true)).hasMessageContaining("stride")
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 3, 1, -2, 1, 1, true)).hasMessageContaining("padding")
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 3, 1, 0, 0, 1, true)).hasMessageContaining("dilation")
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 3, 1, 0, 1, 0, true)).hasMessageContaining("groups")
                .hasMessageContaining("got 0");
        // kernel larger than the padded input
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 5, 1, 0, 1, 1, true).build(Shape.of(1, 3, 3), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kernel 5").hasMessageContaining("3×3");
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 3, 1, 1, 3, 1, true).build(Shape.of(1, 4, 9), new SplittableRandom(1)))
                .hasMessageContaining("extent 7").hasMessageContaining("6×11");
        assertThat(new Conv2d.Spec(0, 2, 5, 1, 1, 1, 1, true).build(Shape.of(1, 3, 3), new SplittableRandom(1))
                .outputShape()).isEqualTo(Shape.of(2, 1, 1));
        // rank-2 input
        assertThatThrownBy(() -> new Conv2d.Spec(0, 2, 3, 1, 0, 1, 1, true).build(Shape.of(28, 28), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[28, 28]").hasMessageContaining("rank 2").hasMessageContaining("[C, H, W]");
        assertThatThrownBy(() -> new Conv2d.Spec(3, 2, 3, 1, 0, 1, 1, true).build(Shape.of(1, 28, 28), new SplittableRandom(1)))
                .hasMessageContaining("3 input channels").hasMessageContaining("[1, 28, 28]");
        Conv2d conv = (Conv2d) new Conv2d.Spec(0, 2, 3, 1, 0, 1, 1, true).build(Shape.of(1, 5, 5), new SplittableRandom(1));
        try (Kernels k = Kernels.create(1)) {
            assertThatThrownBy(() -> conv.forward(new float[24], new RunContext(1, 1, false, 0, k)))
                    .hasMessageContaining("24").hasMessageContaining("25");
        }
    }

    @Test
    void builderAndNetworkBuilderDescribeTheSameLayer() {
        Conv2d.Spec s = Conv2d.Spec.builder(16, 3).stride(2).padding(1).dilation(1).groups(1).bias(false).inChannels(4).build();
        assertThat(s).isEqualTo(new Conv2d.Spec(4, 16, 3, 2, 1, 1, 1, false));
        assertThat(Conv2d.Spec.builder(8, 5).build()).isEqualTo(new Conv2d.Spec(0, 8, 5, 1, 0, 1, 1, true));
        Network net = Network.builder(1, 28, 28).conv2d(8, 3, 1, 1).lif(0.9f).conv2d(16, 3, 2, 1).lif(0.9f)
                .conv2d(4, 1).flatten().linear(10).build(1);
        assertThat(net.layers().get(0).outputShape()).isEqualTo(Shape.of(8, 28, 28));
        assertThat(net.layers().get(2).outputShape()).isEqualTo(Shape.of(16, 14, 14));
        assertThat(net.layers().get(4).outputShape()).isEqualTo(Shape.of(4, 14, 14));
        assertThat(net.spec().layers().get(2)).isEqualTo(new Conv2d.Spec(8, 16, 3, 2, 1, 1, 1, true));
        assertThat(net.parameterCount()).isEqualTo(8 * 9 + 8 + 16 * 8 * 9 + 16 + 4 * 16 + 4 + 784 * 10 + 10);
        assertThatThrownBy(() -> Network.builder(784).conv2d(8, 3).build(1))
                .hasMessageContaining("layer 0 (conv2d)").hasMessageContaining("[784]");
    }

    @Test
    void timeInvariantInferenceEqualsTheFullForward() {
        Network net = Network.builder(2, 6, 6).conv2d(4, 3, 1, 1).conv2d(3, 3, 2, 0).lif(0.8f).flatten().linear(3)
                .lif(0.8f).build(4);
        int steps = 5;
        int batch = 3;
        float[] once = random(new SplittableRandom(2), batch * 72);
        float[] repeated = new float[steps * once.length];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(once, 0, repeated, t * once.length, once.length);
        }
        try (Kernels k = Kernels.create(2)) {
            RunContext ctx = new RunContext(steps, batch, false, 0, k);
            float[] full = net.forward(repeated, ctx).output().clone();
            float[] shortcut = net.forwardTimeInvariant(once, ctx).output();
            assertThat(shortcut).isEqualTo(full);
        }
    }

    /** Four classes: a bright bar (horizontal, vertical, either diagonal) at a random offset, plus noise. */
    static InMemoryDataset bars(int n, long seed) {
        int side = 8;
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n * side * side];
        int[] y = new int[n];
        for (int s = 0; s < n; s++) {
            int cls = s % 4;
            y[s] = cls;
            int off = rnd.nextInt(2, side - 2);
            int base = s * side * side;
            for (int i = 0; i < side * side; i++) {
                x[base + i] = (float) (0.2 * rnd.nextDouble());
            }
            for (int t = 0; t < side; t++) {
                int r;
                int col;
                switch (cls) {
                    case 0 -> { r = off; col = t; }
                    case 1 -> { r = t; col = off; }
                    case 2 -> { r = t; col = t; }
                    default -> { r = t; col = side - 1 - t; }
                }
                x[base + r * side + col] = 1f;
            }
        }
        return new InMemoryDataset("bars", Shape.of(1, side, side), 4, x, y);
    }

    @Test
    void aSmallConvolutionalNetworkLearns() {
        Network net = Network.builder(1, 8, 8).conv2d(6, 3, 1, 1).lif(0.9f).flatten().linear(4).lif(0.9f).build(7);
        float[] convBefore = net.parameters().get(0).value().clone();
        List<TrainingListener.EpochReport> epochs = new ArrayList<>();
        try (Kernels k = Kernels.create(2)) {
            double before = Evaluator.evaluate(net, bars(160, 2), new DirectEncoder(), new CrossEntropyMembraneLoss(),
                    4, 80, 0, k).accuracy();
            assertThat(before).isLessThan(0.5);
            Trainer.builder(net).loss(new CrossEntropyMembraneLoss()).optimizer(new Adam(1e-2f))
                    .encoder(new DirectEncoder()).steps(4).batchSize(16).epochs(3).seed(3).kernels(k)
                    .listener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochReport r) {
                            epochs.add(r);
                        }
                    }).build().fit(bars(320, 1), bars(160, 2));
        }
        assertThat(epochs).hasSize(3);
        assertThat(epochs.get(2).trainLoss()).isLessThan(0.5 * epochs.get(0).trainLoss());
        assertThat(epochs.get(2).validation().accuracy()).isGreaterThan(0.9);
        // the convolution itself was trained, not only the read-out
        float[] convAfter = net.parameters().get(0).value();
        double moved = 0;
        for (int i = 0; i < convAfter.length; i++) {
            moved = Math.max(moved, Math.abs(convAfter[i] - convBefore[i]));
        }
        assertThat(moved).isGreaterThan(0.05);
    }
}
