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
import org.openjdk.jmh.annotations.Warmup;
import org.snn4j.core.kernel.SimKernels;
import org.snn4j.core.sim.neuron.LifCuba;

/**
 * One clock step of the simulation engine's LIF-CUBA kernel ({@link SimKernels#lifCubaStep}) with
 * the Vogels &amp; Abbott parameters at {@code dt = 0.1 ms}, as the CUBA network drives it: no ring
 * input (one-step delays go straight into {@code g_e}, {@code g_i}), no injected current, membrane
 * potentials uniform in {@code [V_r, V_t)}, conductances uniform in {@code [0, 1)} mV. Each
 * operation is one step of all neurons; the state keeps evolving from one operation to the
 * next (it stays in the same regime: neurons below threshold most of the time).
 *
 * <p>Work per operation is the memory traffic of the step: {@code v}, {@code g_e}, {@code g_i} read
 * and written, {@code 24·N} bytes (spike indices not counted).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SimBenchmark {

    /** Neurons per population; the constant's name is {@code N<neurons>}. */
    public enum SimShape {
        /** The CUBA network's 4 000 neurons (state in L2). */
        N4000(4000),
        /** A million neurons (state in memory). */
        N1000000(1_000_000);

        final int neurons;

        SimShape(int neurons) {
            this.neurons = neurons;
        }
    }

    @Param
    public SimShape shape;

    int neurons;

    @Param
    public KernelImpl impl;

    private SimKernels kernels;
    private SimKernels.LifCubaCoefficients coefficients;
    float[] v;
    float[] ge;
    float[] gi;
    int[] spikes;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = impl.simKernels();
        neurons = shape.neurons;
        coefficients = LifCuba.vogelsAbbott().coefficients(0.1);
        SplittableRandom rnd = new SplittableRandom(1);
        v = new float[neurons];
        ge = new float[neurons];
        gi = new float[neurons];
        spikes = new int[neurons];
        for (int i = 0; i < neurons; i++) {
            v[i] = (float) (-60 + 10 * rnd.nextDouble());
            ge[i] = (float) rnd.nextDouble();
            gi[i] = (float) rnd.nextDouble();
        }
    }

    /** One step of all neurons; returns the spike count. */
    @Benchmark
    public int lifCubaStep() {
        return kernels.lifCubaStep(neurons, v, ge, gi, null, null, null, coefficients, spikes);
    }

    /** Bytes per operation: {@code 24·neurons}. */
    public static Work workPerOp(String method, Map<String, String> params) {
        if (!method.equals("lifCubaStep")) {
            throw new IllegalArgumentException("unknown SimBenchmark method: " + method);
        }
        return new Work(24.0 * SimShape.valueOf(params.get("shape")).neurons, Work.Unit.BYTE);
    }
}
