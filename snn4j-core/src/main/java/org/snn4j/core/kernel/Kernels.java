package org.snn4j.core.kernel;

/**
 * The numerical kernels every layer uses: dense matrix products and element-wise vector
 * operations on flat row-major {@code float[]} with explicit offsets and leading dimensions.
 *
 * <p>Two implementations exist, a Vector API one ({@code jdk.incubator.vector}) and a scalar twin;
 * {@link #create(int)} picks one once (see {@link Simd}). Only the classes of this package mention
 * the incubator module. Instances hold a fixed {@link ThreadPool} of {@link #threads()} workers;
 * work is split over disjoint output blocks, so for a given thread count results are identical run
 * to run, and the GEMM result does not depend on the thread count at all.
 *
 * <p>Contract for all methods: arrays are never retained; only the documented output is mutated.
 */
public interface Kernels extends AutoCloseable {

    /** Kernels using SIMD if available and not disabled, with {@code threads} worker threads. */
    static Kernels create(int threads) {
        return Simd.enabled() ? KernelFactory.vector(threads) : KernelFactory.scalar(threads);
    }

    /** Always the scalar implementation (reference twin for tests). */
    static Kernels scalar(int threads) {
        return KernelFactory.scalar(threads);
    }

    /** {@code "vector"} or {@code "scalar"}. */
    String name();

    /** Floats per SIMD register used by this implementation (1 for scalar). */
    int floatLanes();

    /** The number of worker threads. */
    int threads();

    /** The pool this instance splits work over; layers may use it for their own loops. */
    ThreadPool pool();

    /**
     * A single-threaded twin of these kernels: the same implementation with the same arithmetic
     * (GEMM results are bit-identical to this instance's), whose methods never use a thread pool.
     * Layers that split their own work with {@link ThreadPool#parallelFor} call kernels through
     * this twin inside the loop body, because nested {@code parallelFor} calls deadlock. Returns
     * {@code this} when {@link #threads()} is 1. The twin holds no threads; closing it is not needed.
     *
     * <p>This default creates a new twin of the implementation named by {@link #name()} on every
     * call; the built-in implementations override it and return one cached twin.
     */
    default Kernels serial() {
        if (threads() == 1) {
            return this;
        }
        return "vector".equals(name()) ? KernelFactory.vector(1) : KernelFactory.scalar(1);
    }

    /**
     * The event-driven (sparse-input) kernels matching this implementation: the scalar twin for
     * the scalar kernels ({@link #floatLanes()} = 1), else {@link SparseKernels#create()}.
     */
    default SparseKernels sparse() {
        return floatLanes() == 1 ? SparseKernels.scalar() : SparseKernels.create();
    }

    /**
     * General matrix product {@code C = op(A)·op(B)} (or {@code C += op(A)·op(B)} when
     * {@code accumulate}), where {@code op(A)} is {@code m×k}, {@code op(B)} is {@code k×n} and
     * {@code C} is {@code m×n}, all row-major. {@code op(X) = Xᵀ} when the matching {@code trans}
     * flag is set; then X itself is stored as {@code k×m} (resp. {@code n×k}).
     *
     * @param lda leading dimension (row stride) of A as stored
     * @param ldb leading dimension of B as stored
     * @param ldc leading dimension of C
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float[] c, int cOff, int ldc,
              boolean accumulate);

    /** {@code y[yOff+i] += alpha · x[xOff+i]} for {@code i < n}. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code x[off+i] *= alpha} for {@code i < n}. */
    void scale(int n, float alpha, float[] x, int off);

    /** {@code Σ x[xOff+i]·y[yOff+i]} for {@code i < n}. */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code c[r·cols + j] += v[j]} for every row {@code r < rows}: adds a bias row to a matrix. */
    void addRowVector(int rows, int cols, float[] v, int vOff, float[] c, int cOff);

    /** {@code out[outOff+j] += Σ_r x[xOff + r·cols + j]}: column sums of a matrix (bias gradient). */
    void sumRows(int rows, int cols, float[] x, int xOff, float[] out, int outOff);

    /** Shuts the worker threads down. */
    @Override
    void close();
}
