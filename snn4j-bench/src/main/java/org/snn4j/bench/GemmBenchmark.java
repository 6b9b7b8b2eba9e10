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
import org.snn4j.core.kernel.Kernels;

/**
 * {@link Kernels#gemm}: {@code C = op(A)·op(B)} ({@code accumulate = false}) with dense operands
 * (leading dimensions equal to the stored widths), A and B uniform in [−1, 1) from a fixed seed.
 * One operation is one call; work per operation is {@code 2·m·n·k} floating-point operations
 * ({@link GemmShape#flops()}).
 *
 * <p>Parameters: the {@link GemmShape shape} (the dense products of the reference workload
 * 784-1000-10 with T·B = 25·128 = 3200 rows, and the square 1024³), the {@link KernelImpl} and the
 * thread count of {@link Kernels}. Mutates only its own C buffer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

    /**
     * A product {@code op(A)·op(B)} with {@code op(A)} m×k and {@code op(B)} k×n; the constant's
     * name is {@code <op(A)><op(B)>_<m>x<n>x<k>}, N = as stored, T = transposed.
     */
    public enum GemmShape {
        /** First layer forward {@code X·W}: {@code [3200,784]×[784,1000]}. */
        NN_3200x1000x784(false, false, 3200, 1000, 784),
        /** First layer weight gradient {@code Xᵀ·δ}: {@code [3200,784]ᵀ×[3200,1000]}. */
        TN_784x1000x3200(true, false, 784, 1000, 3200),
        /** Output layer input gradient {@code δ·Wᵀ}: {@code [3200,10]×[1000,10]ᵀ}. */
        NT_3200x1000x10(false, true, 3200, 1000, 10),
        /** The square reference product 1024³. */
        NN_1024x1024x1024(false, false, 1024, 1024, 1024);

        final boolean transA;
        final boolean transB;
        final int m;
        final int n;
        final int k;

        GemmShape(boolean transA, boolean transB, int m, int n, int k) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
        }

        /** {@code 2·m·n·k}: one multiply and one add per term of every dot product. */
        public long flops() {
            return 2L * m * n * k;
        }
    }

    @Param
    public GemmShape shape;

    @Param({"1", "2"})
    public int threads;

    @Param
    public KernelImpl impl;

    Kernels kernels;
    boolean transA;
    boolean transB;
    int m;
    int n;
    int k;
    /** A as stored: m×k, or k×m when {@code transA}. */
    float[] a;
    /** B as stored: k×n, or n×k when {@code transB}. */
    float[] b;
    /** C: m×n. */
    float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        prepare(shape.transA, shape.transB, shape.m, shape.n, shape.k);
    }

    /** Creates the kernels and fills A and B for the given product (also used by the unit test). */
    void prepare(boolean transA, boolean transB, int m, int n, int k) {
        this.kernels = impl.kernels(threads);
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        SplittableRandom rnd = new SplittableRandom(42);
        a = uniform(rnd, m * k);
        b = uniform(rnd, k * n);
        c = new float[m * n];
    }

    @Benchmark
    public float[] gemm() {
        kernels.gemm(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, c, 0, n, false);
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    /** Work per {@link #gemm()} call: {@code 2·m·n·k} FLOP for the {@code shape} parameter. */
    public static Work workPerOp(String method, Map<String, String> params) {
        if (!method.equals("gemm")) {
            throw new IllegalArgumentException("unknown GemmBenchmark method: " + method);
        }
        return new Work(GemmShape.valueOf(params.get("shape")).flops(), Work.Unit.FLOP);
    }

    static float[] uniform(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
