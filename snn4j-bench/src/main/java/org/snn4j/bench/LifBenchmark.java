package org.snn4j.bench;

import java.util.Arrays;
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
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.kernel.ThreadPool;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

/**
 * The fused LIF loops of {@link NeuronKernels}, driven exactly as {@code neuron.Leaky} drives them:
 * lanes {@code B·N} split over the {@link Kernels#pool() pool} in whole sample rows (grain N).
 * Configuration of snnTorch tutorial 5 ({@code LifSpec.of(0.95f)}): β = 0.95 and θ = 1 per neuron,
 * reset by subtraction, arctan surrogate (α = 2), detached reset, β and θ not trained (no per-lane
 * accumulators). Input current I uniform in [−0.2, 0.6) and dL/dS uniform in [−1, 1), fixed seed.
 *
 * <ul>
 *   <li>{@link #forward()}: {@code U, S ← LIF(I)} over all T steps (equations in {@link NeuronKernels}).
 *   <li>{@link #backward()}: {@code dL/dI ← LIF-backward(I, U, S, dL/dS)}, with U, S from one
 *       forward in the set-up; dL/dU is zero.
 * </ul>
 *
 * <p>Work per operation is the memory traffic a single pass cannot avoid, in bytes, with
 * {@code L = B·N} lanes (every array element counted once; cache re-reads of the previous step and
 * write-allocate traffic not counted):
 * <pre>
 *   forward:  4·(3·T·L + 2·N)       read I; write U, S; read β, θ
 *   backward: 4·(4·T·L + L + 2·N)   read U, S, dL/dS; write dL/dI; write the carry (one float per lane); read β, θ
 * </pre>
 * With {@code B = 1} the whole layer is one sample row, so — like {@code Leaky} — it runs on one
 * thread whatever {@code threads} is. Mutates only its own buffers (U, S, dL/dI, carry).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LifBenchmark {

    /** Steps T, batch B, neurons N; the constant's name is {@code T<T>_B<B>_N<N>}. */
    public enum LifShape {
        /** The hidden layer of the reference workload: T = 25, B = 128, N = 1000. */
        T25_B128_N1000(25, 128, 1000),
        /** One step of one million neurons. */
        T1_B1_N1000000(1, 1, 1_000_000);

        final int steps;
        final int batch;
        final int neurons;

        LifShape(int steps, int batch, int neurons) {
            this.steps = steps;
            this.batch = batch;
            this.neurons = neurons;
        }

        /** Bytes per {@link #forward()}: {@code 4·(3·T·B·N + 2·N)}. */
        public long forwardBytes() {
            return LifBenchmark.forwardBytes(steps, batch, neurons);
        }

        /** Bytes per {@link #backward()}: {@code 4·(4·T·B·N + B·N + 2·N)}. */
        public long backwardBytes() {
            return LifBenchmark.backwardBytes(steps, batch, neurons);
        }
    }

    static final float BETA = 0.95f;
    static final float THRESHOLD = 1f;
    static final Surrogate SURROGATE = Surrogate.atan(2f);

    @Param
    public LifShape shape;

    @Param({"1", "2"})
    public int threads;

    @Param
    public KernelImpl impl;

    private Kernels kernels;
    private ThreadPool pool;
    private NeuronKernels nk;
    int steps;
    int lanes;
    int n;
    /** I, dL/dS, U, S, dL/dI: {@code [T, B, N]}. */
    float[] input;
    float[] gradSpikes;
    float[] u;
    float[] s;
    float[] gradInput;
    /** β, θ: {@code [N]}. */
    float[] beta;
    float[] theta;
    private float[] carry;
    private ThreadPool.RangeBody forwardBody;
    private ThreadPool.RangeBody backwardBody;

    @Setup(Level.Trial)
    public void setUp() {
        prepare(shape.steps, shape.batch, shape.neurons);
    }

    /**
     * Creates the pool, fills I and dL/dS, and runs one forward so that U and S hold the state
     * backward needs (also used by the unit test).
     */
    void prepare(int steps, int batch, int neurons) {
        kernels = impl.kernels(threads);
        pool = kernels.pool();
        nk = impl.neuronKernels();
        this.steps = steps;
        this.lanes = batch * neurons;
        this.n = neurons;
        int size = steps * lanes;
        SplittableRandom rnd = new SplittableRandom(1);
        input = uniform(rnd, size, -0.2, 0.6);
        gradSpikes = uniform(rnd, size, -1, 1);
        u = new float[size];
        s = new float[size];
        gradInput = new float[size];
        beta = new float[neurons];
        theta = new float[neurons];
        Arrays.fill(beta, BETA);
        Arrays.fill(theta, THRESHOLD);
        carry = new float[lanes];
        forwardBody = (from, to) -> nk.lifForward(this.steps, lanes, n, input, beta, theta, Reset.SUBTRACT,
                u, s, from, to);
        backwardBody = (from, to) -> nk.lifBackward(this.steps, lanes, n, input, u, s, gradSpikes, null,
                beta, theta, Reset.SUBTRACT, true, SURROGATE, gradInput, null, null, carry, from, to);
        forward();
    }

    @Benchmark
    public float[] forward() {
        pool.parallelFor(lanes, n, forwardBody);
        return s;
    }

    @Benchmark
    public float[] backward() {
        pool.parallelFor(lanes, n, backwardBody);
        return gradInput;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    /** Work per call in bytes: {@link LifShape#forwardBytes()} or {@link LifShape#backwardBytes()}. */
    public static Work workPerOp(String method, Map<String, String> params) {
        LifShape sh = LifShape.valueOf(params.get("shape"));
        return switch (method) {
            case "forward" -> new Work(sh.forwardBytes(), Work.Unit.BYTE);
            case "backward" -> new Work(sh.backwardBytes(), Work.Unit.BYTE);
            default -> throw new IllegalArgumentException("unknown LifBenchmark method: " + method);
        };
    }

    static long forwardBytes(int steps, int batch, int neurons) {
        long lanes = (long) batch * neurons;
        return 4L * (3L * steps * lanes + 2L * neurons);
    }

    static long backwardBytes(int steps, int batch, int neurons) {
        long lanes = (long) batch * neurons;
        return 4L * (4L * steps * lanes + lanes + 2L * neurons);
    }

    private static float[] uniform(SplittableRandom rnd, int size, double lo, double hi) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        }
        return x;
    }
}
