/**
 * Numerical kernels behind one provider ({@link org.snn4j.core.kernel.Kernels}): a Vector API
 * implementation ({@code jdk.incubator.vector}) and a scalar twin, chosen once by
 * {@link org.snn4j.core.kernel.Simd}; the fixed worker pool {@link org.snn4j.core.kernel.ThreadPool};
 * the event-driven kernels for sparse (spike) inputs, {@link org.snn4j.core.kernel.SparseKernels},
 * with the CSR weight form {@link org.snn4j.core.kernel.CsrMatrix}; and
 * {@link org.snn4j.core.kernel.KernelBenchmark} for measuring GEMM throughput. Only classes of
 * this package mention the incubator module.
 */
package org.snn4j.core.kernel;
