package org.snn4j.core.layer;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.CsrMatrix;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.SparseKernels;
import org.snn4j.core.kernel.ThreadPool;

/**
 * Fully connected layer applied to every time step: {@code y[r] = x[r]·W + b} for each of the
 * {@code T·B} rows {@code r}, computed as one GEMM {@code [T·B, in] × [in, out]} (or, for sparse
 * inputs, event-driven: see below). The weight is laid out by presynaptic row, {@code W: [in, out]};
 * the bias is {@code [out]}.
 *
 * <p>Backward: {@code dW += Xᵀ·G} ({@code [in, T·B] × [T·B, out]}), {@code db += Σ_r G[r]},
 * {@code dX = G·Wᵀ}. Initialisation as PyTorch's {@code nn.Linear}: weights and bias uniform in
 * {@code ±1/√in}.
 *
 * <p><b>Sparse (event-driven) execution.</b> Spiking inputs are mostly zero, so the forward may
 * instead compute {@code y[r] = b + Σ_{i: x[r,i] ≠ 0} x[r,i]·W[i,:]} from the non-zero inputs only,
 * and the weight gradient {@code dW[i,:] += Σ_{r: x[r,i] ≠ 0} x[r,i]·G[r,:]}; both are exact
 * rewrites of the dense products (values differ only by float rounding, the summation order being
 * different). The {@link SparsePolicy} (mode {@link SparseMode#AUTO} by default, or DENSE/SPARSE,
 * see {@link #setSparseMode}) decides per call, separately for the forward and the weight gradient,
 * from the input's counted non-zeros (a cheap pass next to the GEMM; skipped in DENSE mode). The
 * input gradient {@code G·Wᵀ} is always dense. The sparse forward runs over rows in parallel on
 * {@code kernels.pool()}, the sparse weight gradient over inputs {@code i}; each output element is
 * written by one thread in a fixed order, so results do not depend on the thread count.
 *
 * <p><b>CSR weights for inference.</b> When the weights themselves are sparse (e.g. after
 * {@link #pruneBelow}) and their density is at most the policy's weight crossover, inference
 * forwards with a sparse input accumulate over a CSR copy of {@code W}. The copy is tagged with
 * the weight's {@link Parameter#version()} when built and rebuilt (or dropped) whenever the version
 * has moved, so it never outlives a change of the weights announced by
 * {@link Parameter#markModified()}, which the optimisers, model loading and {@link #pruneBelow} call.
 *
 * <p>Mutates only its own output, gradient-input and index buffers, and the gradients of its
 * parameters (backward); {@link #pruneBelow} mutates the weight values.
 */
public final class Linear implements Layer, StatelessLayer {

    /**
     * @param inFeatures  number of inputs per row; must equal the size of the input shape
     *                    (use 0 to infer it from the previous layer when building a network)
     * @param outFeatures number of outputs per row, ≥ 1
     * @param bias        whether a bias vector is learned
     */
    public record Spec(int inFeatures, int outFeatures, boolean bias) implements LayerSpec {
        public Spec {
            if (inFeatures < 0) {
                throw new IllegalArgumentException("linear in_features must be >= 0 (0 = infer), got " + inFeatures);
            }
            if (outFeatures < 1) {
                throw new IllegalArgumentException("linear out_features must be >= 1, got " + outFeatures);
            }
        }

        @Override
        public String type() {
            return "linear";
        }

        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            if (inFeatures != 0 && inFeatures != inputShape.size()) {
                throw new IllegalArgumentException("linear layer expects " + inFeatures
                        + " input features but its input has shape " + inputShape + " (" + inputShape.size() + ")");
            }
            return new Linear(new Spec(inputShape.size(), outFeatures, bias), inputShape, rng);
        }
    }

    private final Spec spec;
    private final Shape inputShape;
    private final Shape outputShape;
    private final Parameter weight;
    private final Parameter bias;
    private final int in;
    private final int out;

    /** Below this many input elements the non-zero count runs on the calling thread. */
    private static final long PARALLEL_MIN_COUNT = 1 << 16;
    /** Below this many multiply-adds the sparse products run on the calling thread. */
    private static final long PARALLEL_MIN_WORK = 1 << 16;

    private float[] output = new float[0];
    private float[] gradInput = new float[0];
    private float[] lastInput;
    private int lastRows;
    private Kernels lastKernels;

    private SparsePolicy sparsePolicy = SparsePolicy.defaults();
    private SparsePolicy.Path lastPath = SparsePolicy.Path.DENSE;
    private SparsePolicy.Path lastGradientPath = SparsePolicy.Path.DENSE;
    /** Whether rowPtr holds the counts of the last input, and whether idx/val hold its entries. */
    private boolean inputCounted;
    private boolean inputCompressed;
    private long inputNonZeros;
    /** Compressed rows of the last input: row q's non-zeros at [rowPtr[q], rowPtr[q+1]). */
    private int[] rowPtr = new int[1];
    private int[] activeIdx = new int[0];
    private float[] activeVal = new float[0];
    /** The same entries by input column, for the weight gradient. */
    private int[] colPtr = new int[0];
    private int[] colRows = new int[0];
    private float[] colVal = new float[0];
    /** CSR copy of the weights, or null when they are too dense; valid for weight version csrVersion. */
    private CsrMatrix csr;
    private long weightNonZeros;
    private long csrVersion = -1;
    private SparsePolicy csrPolicy;

    private Linear(Spec spec, Shape inputShape, RandomGenerator rng) {
        this.spec = spec;
        this.inputShape = inputShape;
        this.in = spec.inFeatures();
        this.out = spec.outFeatures();
        this.outputShape = Shape.of(out);
        float bound = (float) (1.0 / Math.sqrt(in));
        this.weight = Parameter.uniform("weight", Shape.of(in, out), bound, true, rng);
        this.bias = spec.bias() ? Parameter.uniform("bias", Shape.of(out), bound, false, rng) : null;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return outputShape;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias parameter, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public float[] forward(float[] input, RunContext ctx) {
        return forwardRows(input, ctx.rows(), ctx);
    }

    @Override
    public float[] forwardRows(float[] input, int rows, RunContext ctx) {
        checkLength("input", input, rows * in);
        if (output.length != rows * out) {
            output = new float[rows * out];
        }
        Kernels k = ctx.kernels();
        SparsePolicy.Path path = SparsePolicy.Path.DENSE;
        inputCounted = false;
        if (sparsePolicy.inspectsInput() && rows > 0) {
            inputNonZeros = countRows(k, input, rows);
            inputCounted = true;
            long size = (long) rows * in;
            if (sparsePolicy.sparseForward(inputNonZeros, size, out)) {
                path = SparsePolicy.Path.SPARSE_INPUT;
                if (!ctx.training()) {
                    refreshCsr(k.sparse());
                    path = sparsePolicy.choose(inputNonZeros, size, out, false, weightNonZeros, (long) in * out);
                }
            }
        }
        if (path == SparsePolicy.Path.DENSE) {
            k.gemm(false, false, rows, out, in, input, 0, in, weight.value(), 0, out, output, 0, out, false);
            if (bias != null) {
                k.addRowVector(rows, out, bias.value(), 0, output, 0);
            }
        } else {
            sparseForward(k, input, rows, path == SparsePolicy.Path.CSR ? csr : null);
        }
        inputCompressed = path != SparsePolicy.Path.DENSE;
        lastInput = ctx.training() ? input : null;
        lastRows = rows;
        lastKernels = k;
        lastPath = path;
        return output;
    }

    /** Fills rowPtr with the running non-zero counts of the input rows; returns the total. */
    private long countRows(Kernels k, float[] input, int rows) {
        if (rowPtr.length < rows + 1) {
            rowPtr = new int[rows + 1];
        }
        SparseKernels sk = k.sparse();
        int[] ptr = rowPtr;
        ThreadPool.RangeBody count = (from, to) -> {
            for (int q = from; q < to; q++) {
                ptr[q + 1] = sk.countNonZero(in, input, q * in);
            }
        };
        if ((long) rows * in < PARALLEL_MIN_COUNT) {
            count.run(0, rows);
        } else {
            k.pool().parallelFor(rows, 1, count);
        }
        ptr[0] = 0;
        for (int q = 0; q < rows; q++) {
            ptr[q + 1] += ptr[q];
        }
        return ptr[rows];
    }

    /** Makes room for {@code nnz} compressed entries (grow-only, with headroom). */
    private void ensureActiveCapacity(int nnz) {
        if (activeIdx.length < nnz) {
            int cap = Math.max(nnz, activeIdx.length + activeIdx.length / 2);
            activeIdx = new int[cap];
            activeVal = new float[cap];
        }
    }

    /** Output = bias + Σ over the non-zero inputs, with dense or (w != null) CSR weight rows. */
    private void sparseForward(Kernels k, float[] input, int rows, CsrMatrix w) {
        SparseKernels sk = k.sparse();
        int[] ptr = rowPtr;
        int nnz = ptr[rows];
        ensureActiveCapacity(nnz);
        int[] idx = activeIdx;
        float[] val = activeVal;
        float[] wv = weight.value();
        float[] b = bias == null ? null : bias.value();
        float[] y = output;
        ThreadPool.RangeBody body = (from, to) -> {
            sk.compressRows(input, 0, in, ptr, idx, val, from, to);
            if (w != null) {
                sk.csrAccumulateRows(ptr, idx, val, w, b, 0, y, 0, out, from, to);
            } else {
                sk.accumulateRows(ptr, idx, val, wv, 0, out, out, b, 0, false, y, 0, out, from, to);
            }
        };
        long work = (long) nnz * (w != null ? Math.max(1, w.nnz() / Math.max(1, in)) : out) + (long) rows * in;
        balancedParallel(k.pool(), ptr, rows, w != null ? 1 : out, in, work, body);
    }

    /**
     * Runs {@code body} over {@code [0, count)} split into one contiguous range per thread with
     * about equal cost, where item {@code q} costs {@code (ptr[q+1] − ptr[q])·perEntry + perItem}.
     * Each item is processed by exactly one call, so results do not depend on the split.
     */
    private static void balancedParallel(ThreadPool pool, int[] ptr, int count, long perEntry, long perItem,
                                         long work, ThreadPool.RangeBody body) {
        int chunks = pool.threads();
        if (chunks == 1 || count < 2 || work < PARALLEL_MIN_WORK) {
            body.run(0, count);
            return;
        }
        long total = ptr[count] * perEntry + count * perItem;
        pool.parallelFor(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                int from = firstAtCost(ptr, count, perEntry, perItem, total * c / chunks);
                int to = c == chunks - 1 ? count : firstAtCost(ptr, count, perEntry, perItem, total * (c + 1) / chunks);
                if (to > from) {
                    body.run(from, to);
                }
            }
        });
    }

    /** The smallest q in [0, count] whose cumulative cost {@code ptr[q]·perEntry + q·perItem} is ≥ target. */
    private static int firstAtCost(int[] ptr, int count, long perEntry, long perItem, long target) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ptr[mid] * perEntry + mid * perItem < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Rebuilds (or drops) the CSR copy when the weights or the policy changed since it was made. */
    private void refreshCsr(SparseKernels sk) {
        if (csrVersion == weight.version() && csrPolicy == sparsePolicy) {
            return;
        }
        float[] w = weight.value();
        weightNonZeros = sk.countNonZero(w.length, w, 0);
        csr = sparsePolicy.csrWeights(weightNonZeros, w.length, out) ? CsrMatrix.fromDense(in, out, w, 0) : null;
        csrVersion = weight.version();
        csrPolicy = sparsePolicy;
    }

    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        if (lastInput == null) {
            throw new IllegalStateException("linear backward called without a preceding training forward");
        }
        int rows = lastRows;
        Kernels k = lastKernels;
        checkLength("gradient", gradOutput, rows * out);
        lastGradientPath = inputCounted && sparsePolicy.sparseGradient(inputNonZeros, (long) rows * in, out)
                ? SparsePolicy.Path.SPARSE_INPUT : SparsePolicy.Path.DENSE;
        if (lastGradientPath == SparsePolicy.Path.SPARSE_INPUT) {
            if (!inputCompressed) {
                compressInput(k, lastInput, rows);
            }
            sparseWeightGradient(k, gradOutput, rows);
        } else {
            k.gemm(true, false, in, out, rows, lastInput, 0, in, gradOutput, 0, out, weight.grad(), 0, out, true);
        }
        if (bias != null) {
            k.sumRows(rows, out, gradOutput, 0, bias.grad(), 0);
        }
        lastInput = null;
        if (!needInputGrad) {
            return null;
        }
        if (gradInput.length != rows * in) {
            gradInput = new float[rows * in];
        }
        k.gemm(false, true, rows, in, out, gradOutput, 0, out, weight.value(), 0, out, gradInput, 0, in, false);
        return gradInput;
    }

    /** Compresses the counted input rows (when the forward was dense but the gradient is sparse). */
    private void compressInput(Kernels k, float[] input, int rows) {
        SparseKernels sk = k.sparse();
        ensureActiveCapacity(rowPtr[rows]);
        int[] ptr = rowPtr;
        int[] idx = activeIdx;
        float[] val = activeVal;
        ThreadPool.RangeBody body = (from, to) -> sk.compressRows(input, 0, in, ptr, idx, val, from, to);
        if ((long) rows * in < PARALLEL_MIN_COUNT) {
            body.run(0, rows);
        } else {
            k.pool().parallelFor(rows, 1, body);
        }
        inputCompressed = true;
    }

    /** {@code dW[i,:] += Σ_{r: x[r,i] ≠ 0} x[r,i]·G[r,:]} from the forward's compressed input, parallel over i. */
    private void sparseWeightGradient(Kernels k, float[] g, int rows) {
        int nnz = rowPtr[rows];
        if (colPtr.length < in + 1) {
            colPtr = new int[in + 1];
        }
        if (colRows.length < nnz) {
            int cap = Math.max(nnz, colRows.length + colRows.length / 2);
            colRows = new int[cap];
            colVal = new float[cap];
        }
        SparseKernels.transpose(rows, in, rowPtr, activeIdx, activeVal, colPtr, colRows, colVal);
        SparseKernels sk = k.sparse();
        int[] ptr = colPtr;
        int[] idx = colRows;
        float[] val = colVal;
        float[] dw = weight.grad();
        balancedParallel(k.pool(), ptr, in, out, 1, (long) nnz * out, (from, to) ->
                sk.accumulateRows(ptr, idx, val, g, 0, out, out, null, 0, true, dw, 0, out, from, to));
    }

    /**
     * Sets every weight with {@code |w| < magnitude} to zero (the bias is left alone) and marks the
     * weight modified, so a CSR copy is rebuilt before the next inference. Later optimiser steps
     * may make pruned weights non-zero again (no mask is kept).
     *
     * @param magnitude threshold, finite and ≥ 0
     * @return the number of weights this call set to zero (non-zero before, zero now)
     */
    public int pruneBelow(float magnitude) {
        if (!(magnitude >= 0) || Float.isInfinite(magnitude)) {
            throw new IllegalArgumentException("prune magnitude must be finite and >= 0, got " + magnitude);
        }
        float[] w = weight.value();
        int pruned = 0;
        for (int i = 0; i < w.length; i++) {
            if (Math.abs(w[i]) < magnitude && w[i] != 0f) {
                w[i] = 0f;
                pruned++;
            }
        }
        weight.markModified();
        return pruned;
    }

    /** Fraction of weights equal to zero ({@code ±0f}): the connection sparsity. */
    public double weightSparsity() {
        float[] w = weight.value();
        long zeros = 0;
        for (float v : w) {
            if (v == 0f) {
                zeros++;
            }
        }
        return (double) zeros / w.length;
    }

    /** The rule choosing dense, sparse-input or CSR per call. */
    public SparsePolicy sparsePolicy() {
        return sparsePolicy;
    }

    /** Replaces the rule choosing dense, sparse-input or CSR per call. */
    public void setSparsePolicy(SparsePolicy policy) {
        this.sparsePolicy = java.util.Objects.requireNonNull(policy, "policy");
    }

    /** Shorthand for {@code setSparsePolicy(sparsePolicy().withMode(mode))}. */
    public void setSparseMode(SparseMode mode) {
        setSparsePolicy(sparsePolicy.withMode(java.util.Objects.requireNonNull(mode, "mode")));
    }

    /** The path the most recent forward took (DENSE before any forward). */
    public SparsePolicy.Path lastPath() {
        return lastPath;
    }

    /** The path the most recent weight gradient took, DENSE or SPARSE_INPUT (DENSE before any backward). */
    public SparsePolicy.Path lastGradientPath() {
        return lastGradientPath;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(2);
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        return List.copyOf(ps);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    private static void checkLength(String what, float[] a, int expected) {
        if (a.length != expected) {
            throw new IllegalArgumentException("linear layer " + what + " has " + a.length
                    + " values, expected rows·features = " + expected);
        }
    }
}
