package org.snn4j.bench;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.RunContext;

/**
 * The {@link Conv2d} layer (3×3 kernel, stride 1, padding 1, one group, so {@code Ho = H},
 * {@code Wo = W}) over {@code rows = T·B} images {@code [Cin, H, W]}, built through
 * {@link Conv2d.Spec#builder} and {@code spec.build(shape, rng)} from a fixed seed:
 * <ul>
 *   <li>{@link #forward()}: {@code layer.forward(X, ctx)} in training mode (the layer keeps X for
 *       backward), {@code Y = conv(X) + b}, {@code [rows, Cout·H·W]};</li>
 *   <li>{@link #backward(Armed)}: {@code layer.backward(dY, true)}: {@code dW += dY ⋆ X},
 *       {@code db += Σ dY} and {@code dX = convᵀ(dY)}, {@code [rows, Cin·H·W]}. Before every call
 *       an untimed training forward re-arms the layer (its backward consumes the kept input) and the
 *       parameter gradients are zeroed ({@link Armed}).</li>
 * </ul>
 * X is uniform in [0, 1) for the first layer (the analogue pixels of a direct-encoded image) and
 * spike-like for the others: 1 with probability {@value #SPIKE_DENSITY}, else 0. dY is uniform in
 * [−1, 1). Work per operation, with {@code K = 3}, counting multiply and add separately and not
 * counting the bias:
 * <pre>
 *   forward:  2·rows·Cout·Ho·Wo·Cin·K²      (per group: Cin/groups input channels; groups = 1 here)
 *   backward: 2 · forward                    (weight gradient + input gradient)
 * </pre>
 *
 * <p>Parameters: the {@link ConvShape shape} (the convolutions of the {@code conv} preset and of
 * SpikingJelly's 32-channel network), the {@link KernelImpl} (only {@code VECTOR} by default: the
 * scalar GEMM needs 1–3 s per call on the large shapes; add it with {@code -p impl=VECTOR,SCALAR})
 * and the thread count of {@link Kernels}. Mutates only the layer's own buffers and gradients.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvBenchmark {

    /** Kernel side K (3×3, stride 1, padding 1: the output has the input's height and width). */
    static final int KERNEL = 3;
    /** Fraction of ones in a spike-like input. */
    static final double SPIKE_DENSITY = 0.15;

    /**
     * A convolution {@code Cin → Cout} (3×3, padding 1) on {@code H×W} images over {@code rows = T·B}
     * rows; the constant's name is {@code C<Cin>_H<H>_W<W>_K<Cout>_R<rows>}.
     */
    public enum ConvShape {
        /**
         * First layer of the {@code conv} preset, 1→32 on 28×28 with bias: the direct-encoded
         * image is the same at every step, so the network folds it to B = 128 rows.
         */
        C1_H28_W28_K32_R128(1, 28, 28, 32, 1, 128, true, false),
        /** Second layer of the {@code conv} preset, 32→64 on 14×14 with bias, T = 4, B = 128 spiking rows. */
        C32_H14_W14_K64_R512(32, 14, 14, 64, 4, 128, true, true),
        /** SpikingJelly's 32-channel network, 32→32 on 14×14 without bias, T = 4, B = 64 spiking rows. */
        C32_H14_W14_K32_R256(32, 14, 14, 32, 4, 64, false, true);

        final int cin;
        final int h;
        final int w;
        final int cout;
        final int steps;
        final int batch;
        final boolean bias;
        final boolean spikes;

        ConvShape(int cin, int h, int w, int cout, int steps, int batch, boolean bias, boolean spikes) {
            this.cin = cin;
            this.h = h;
            this.w = w;
            this.cout = cout;
            this.steps = steps;
            this.batch = batch;
            this.bias = bias;
            this.spikes = spikes;
        }

        /** {@code 2·rows·Cout·H·W·Cin·9}: FLOP of one {@link #forward()}. */
        public long forwardFlops() {
            return ConvBenchmark.forwardFlops(steps * batch, cin, cout, h, w);
        }

        /** {@code 2·forwardFlops()}: FLOP of one {@link #backward(Armed)}. */
        public long backwardFlops() {
            return 2 * forwardFlops();
        }
    }

    @Param
    public ConvShape shape;

    @Param({"1", "2"})
    public int threads;

    @Param({"VECTOR"})
    public KernelImpl impl;

    Kernels kernels;
    RunContext ctx;
    Conv2d layer;
    /** X: {@code [rows, Cin·H·W]}. */
    float[] input;
    /** dY: {@code [rows, Cout·H·W]}. */
    float[] gradOutput;

    @Setup(Level.Trial)
    public void setUp() {
        prepare(shape.cin, shape.h, shape.w, shape.cout, shape.steps, shape.batch, shape.bias, shape.spikes);
    }

    /**
     * Creates the kernels and the layer ({@code Cin → Cout}, 3×3, padding 1) and fills X and dY
     * (also used by the unit test).
     */
    void prepare(int cin, int h, int w, int cout, int steps, int batch, boolean bias, boolean spikes) {
        kernels = impl.kernels(threads);
        ctx = new RunContext(steps, batch, true, 7L, kernels);
        Conv2d.Spec spec = Conv2d.Spec.builder(cout, KERNEL).inChannels(cin).padding(1).bias(bias).build();
        layer = (Conv2d) spec.build(Shape.of(cin, h, w), new SplittableRandom(42));
        SplittableRandom rnd = new SplittableRandom(5);
        int rows = steps * batch;
        input = new float[rows * cin * h * w];
        for (int i = 0; i < input.length; i++) {
            input[i] = spikes ? (rnd.nextDouble() < SPIKE_DENSITY ? 1f : 0f) : (float) rnd.nextDouble();
        }
        gradOutput = GemmBenchmark.uniform(rnd, rows * cout * h * w);
    }

    @Benchmark
    public float[] forward() {
        return layer.forward(input, ctx);
    }

    @Benchmark
    public float[] backward(Armed armed) {
        return layer.backward(gradOutput, true);
    }

    /** An untimed training forward that lets the layer keep X for the next backward; zeroed gradients. */
    void arm() {
        layer.forward(input, ctx);
        layer.weight().zeroGrad();
        if (layer.bias() != null) {
            layer.bias().zeroGrad();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    /**
     * Per-invocation set-up of {@link #backward(Armed)}: {@link Conv2d#backward} consumes the input
     * kept by a training forward, so each call needs a fresh (untimed) forward. A separate state so
     * that {@link #forward()} runs without it.
     */
    @State(Scope.Thread)
    public static class Armed {
        @Setup(Level.Invocation)
        public void arm(ConvBenchmark bench) {
            bench.arm();
        }
    }

    /** Work per call in FLOP: {@link ConvShape#forwardFlops()} or {@link ConvShape#backwardFlops()}. */
    public static Work workPerOp(String method, Map<String, String> params) {
        ConvShape sh = ConvShape.valueOf(params.get("shape"));
        return switch (method) {
            case "forward" -> new Work(sh.forwardFlops(), Work.Unit.FLOP);
            case "backward" -> new Work(sh.backwardFlops(), Work.Unit.FLOP);
            default -> throw new IllegalArgumentException("unknown ConvBenchmark method: " + method);
        };
    }

    /**
     * {@code 2·rows·Cout·Ho·Wo·Cin·K²} for the 3×3, padding-1 convolution with one group
     * ({@code Ho = H}, {@code Wo = W}).
     */
    static long forwardFlops(int rows, int cin, int cout, int h, int w) {
        return 2L * rows * cout * h * w * cin * KERNEL * KERNEL;
    }
}
