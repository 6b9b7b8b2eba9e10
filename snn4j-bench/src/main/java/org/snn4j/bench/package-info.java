/**
 * JMH benchmarks of the snn4j kernels, reported as JMH scores (ms per operation) and as derived
 * rates: GFLOP/s for GEMM ({@link org.snn4j.bench.GemmBenchmark}) and for the {@code Conv2d} layer
 * ({@link org.snn4j.bench.ConvBenchmark}), effective (dense-equivalent) GFLOP/s for the dense and
 * event-driven {@code Linear} paths ({@link org.snn4j.bench.SparseBenchmark}), GB/s of compulsory
 * memory traffic for the fused LIF loops ({@link org.snn4j.bench.LifBenchmark}).
 * {@link org.snn4j.bench.RunBenchmarks} is the entry point ({@code ./snn4j-bench/run [JMH options]
 * [include regex]}).
 *
 * <h2>Adding a benchmark (e.g. {@code ConvBenchmark}, {@code SparseBenchmark})</h2>
 * Copy {@code GemmBenchmark} and keep its shape:
 * <ol>
 *   <li>Class annotations as in {@code GemmBenchmark}: {@code @State(Scope.Benchmark)},
 *       {@code @BenchmarkMode(Mode.AverageTime)}, {@code @OutputTimeUnit(MILLISECONDS)}, the same
 *       short {@code @Warmup}/{@code @Measurement} (3 and 4 iterations of 500 ms; keep the number of
 *       default configurations small: the whole default run of the four classes is 92
 *       configurations, roughly 10 minutes on 2 busy cores; parameter values that are too slow
 *       for a default run, such as the scalar kernels of the layer benchmarks, are left out of
 *       {@code @Param} and added with {@code -p}), and
 *       {@code @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})}.</li>
 *   <li>Parameters as public fields: a nested {@code enum} of problem sizes named after their
 *       dimensions (e.g. {@code C1_H28_W28_K32}) with {@code @Param} and no values (JMH then runs
 *       every constant); {@code @Param public KernelImpl impl} for vector vs scalar; and
 *       {@code @Param({"1", "2"}) public int threads} when the kernel uses the
 *       {@link org.snn4j.core.kernel.ThreadPool} ({@code impl.kernels(threads)}).</li>
 *   <li>A {@code @Setup(Level.Trial) setUp()} that only calls a package-private
 *       {@code prepare(sizes…)}, which allocates and fills every buffer from a fixed seed; the unit
 *       test calls {@code prepare} with a tiny size and checks the benchmark method's result
 *       against a plain reference computation. Close the kernels in {@code @TearDown}.</li>
 *   <li>{@code @Benchmark} methods that call the kernel once on the prepared buffers, allocate
 *       nothing, and return the output array (so JMH consumes it). A method whose call consumes
 *       state (a layer's {@code backward} needs the input kept by a training forward) takes a
 *       nested {@code @State(Scope.Thread) Armed} argument whose {@code @Setup(Level.Invocation)}
 *       restores that state untimed (as in {@code ConvBenchmark}, {@code SparseBenchmark}; only for
 *       calls of a millisecond or more), so the other methods run without per-call set-up.</li>
 *   <li>{@code public static Work workPerOp(String method, Map<String, String> params)}: FLOP
 *       (multiply and add counted separately) or bytes read plus written per call, computed from
 *       the size enum, with the formula in the class Javadoc; and one entry for the class in
 *       {@link org.snn4j.bench.RunBenchmarks#WORK}.</li>
 * </ol>
 * Only the {@code org.snn4j.core.kernel} classes mention {@code jdk.incubator.vector}; the
 * benchmarks reach the vector code through {@link org.snn4j.bench.KernelImpl}.
 */
package org.snn4j.bench;
