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
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.layer.SparseMode;

/**
 * A {@link Linear} layer ({@code [in, out]} weight and bias, PyTorch initialisation from a fixed
 * seed) on binary spike inputs, with its {@link Linear#setSparseMode sparse mode} fixed to
 * {@link SparseMode#DENSE} (GEMM) or {@link SparseMode#SPARSE} (event-driven: only the non-zero
 * inputs' weight rows are accumulated):
 * <ul>
 *   <li>{@link #forward()}: an inference forward {@code Y = X·W + b}, {@code [rows, out]}; in
 *       SPARSE mode this includes counting and compressing the non-zeros of X;</li>
 *   <li>{@link #weightGradient(Armed)}: {@code layer.backward(G, false)}, {@code dW += Xᵀ·G} and
 *       {@code db += Σ_r G[r]}, no input gradient. Before every call an untimed training forward in
 *       the same mode re-arms the layer (its backward consumes the kept input; in SPARSE mode that
 *       forward also leaves the compressed input, as in training) and the parameter gradients are
 *       zeroed ({@link Armed}).</li>
 * </ul>
 * X has entries 1 with probability {@code density}, else 0 (fixed seed); G is uniform in [−1, 1).
 *
 * <p>Work per operation, for both methods and both modes, is the <b>dense-equivalent</b>
 * {@code 2·rows·in·out} FLOP (the GEMM a call replaces; bias not counted), so the derived rate is an
 * <em>effective</em> GFLOP/s: for SPARSE it exceeds the machine's peak when few inputs are non-zero,
 * and the ratio of two rates of one shape is the speed-up of one mode over the other.
 *
 * <p>Parameters: the {@link LinearShape shape} (the first hidden layer of the reference workload and
 * the {@code conv} preset's 3136→256 layer), the input {@code density} (0.05, 0.10, 0.20), the
 * {@code mode}, the {@link KernelImpl} (only {@code VECTOR} by default: the scalar GEMM needs over a
 * second per dense call of 784→1000; add it with {@code -p impl=VECTOR,SCALAR}) and the thread count
 * of {@link Kernels}. The DENSE rows do not depend on the density (the input is not inspected) and
 * repeat the same measurement at each density. Mutates only the layer's own buffers and gradients.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SparseBenchmark {

    /** Inputs, outputs and rows {@code T·B}; the constant's name is {@code IN<in>_OUT<out>_R<rows>}. */
    public enum LinearShape {
        /** First layer of the reference workload 784-1000-10: T = 25, B = 128. */
        IN784_OUT1000_R3200(784, 1000, 25, 128),
        /** The {@code conv} preset's flattened 64×7×7 feature maps to 256 neurons: T = 4, B = 128. */
        IN3136_OUT256_R512(3136, 256, 4, 128);

        final int in;
        final int out;
        final int steps;
        final int batch;

        LinearShape(int in, int out, int steps, int batch) {
            this.in = in;
            this.out = out;
            this.steps = steps;
            this.batch = batch;
        }

        /** {@code 2·rows·in·out}: the dense-equivalent FLOP of one call of either method. */
        public long denseFlops() {
            return SparseBenchmark.denseFlops(steps * batch, in, out);
        }
    }

    @Param
    public LinearShape shape;

    @Param({"0.05", "0.10", "0.20"})
    public double density;

    @Param({"DENSE", "SPARSE"})
    public SparseMode mode;

    @Param({"1", "2"})
    public int threads;

    @Param({"VECTOR"})
    public KernelImpl impl;

    Kernels kernels;
    RunContext inference;
    RunContext training;
    Linear layer;
    /** X: {@code [rows, in]}, 0/1. */
    float[] input;
    /** G: {@code [rows, out]}. */
    float[] gradOutput;

    @Setup(Level.Trial)
    public void setUp() {
        prepare(shape.in, shape.out, shape.steps, shape.batch);
    }

    /**
     * Creates the kernels and the layer {@code in → out} in {@code mode}, and fills X (spikes with
     * probability {@code density}) and G (also used by the unit test).
     */
    void prepare(int in, int out, int steps, int batch) {
        kernels = impl.kernels(threads);
        inference = new RunContext(steps, batch, false, 7L, kernels);
        training = new RunContext(steps, batch, true, 7L, kernels);
        layer = (Linear) new Linear.Spec(in, out, true).build(Shape.of(in), new SplittableRandom(42));
        layer.setSparseMode(mode);
        SplittableRandom rnd = new SplittableRandom(3);
        int rows = steps * batch;
        input = new float[rows * in];
        for (int i = 0; i < input.length; i++) {
            input[i] = rnd.nextDouble() < density ? 1f : 0f;
        }
        gradOutput = GemmBenchmark.uniform(rnd, rows * out);
    }

    @Benchmark
    public float[] forward() {
        return layer.forward(input, inference);
    }

    @Benchmark
    public float[] weightGradient(Armed armed) {
        layer.backward(gradOutput, false);
        return layer.weight().grad();
    }

    /** An untimed training forward that lets the layer keep X for the next backward; zeroed gradients. */
    void arm() {
        layer.forward(input, training);
        layer.weight().zeroGrad();
        layer.bias().zeroGrad();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    /**
     * Per-invocation set-up of {@link #weightGradient(Armed)}: {@link Linear#backward} consumes the
     * input kept by a training forward, so each call needs a fresh (untimed) forward. A separate
     * state so that {@link #forward()} runs without it.
     */
    @State(Scope.Thread)
    public static class Armed {
        @Setup(Level.Invocation)
        public void arm(SparseBenchmark bench) {
            bench.arm();
        }
    }

    /** Work per call of either method: {@link LinearShape#denseFlops()}, the dense-equivalent FLOP. */
    public static Work workPerOp(String method, Map<String, String> params) {
        if (!method.equals("forward") && !method.equals("weightGradient")) {
            throw new IllegalArgumentException("unknown SparseBenchmark method: " + method);
        }
        return new Work(LinearShape.valueOf(params.get("shape")).denseFlops(), Work.Unit.FLOP);
    }

    /** {@code 2·rows·in·out}. */
    static long denseFlops(int rows, int in, int out) {
        return 2L * rows * in * out;
    }
}
