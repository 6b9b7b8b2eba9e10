package org.snn4j.core.layer;

import java.util.Objects;

/**
 * The rule by which a {@link Linear} layer picks its kernels for one call: {@link #choose} for the
 * forward product, {@link #chooseGradient} for the weight gradient. With input
 * {@code X: [rows, in]} holding {@code nnz(X)} non-zero elements (density
 * {@code d = nnz(X) / (rows·in)}) and weights {@code W: [in, out]} holding {@code nnz(W)}:
 * <ul>
 *   <li>{@link Path#DENSE}: one GEMM, {@code X·W} or {@code Xᵀ·G} (cost ∝ {@code rows·in·out});</li>
 *   <li>{@link Path#SPARSE_INPUT}: {@code y[r] = b + Σ_{i: X[r,i] ≠ 0} X[r,i]·W[i,:]}, resp.
 *       {@code dW[i,:] += Σ_{r: X[r,i] ≠ 0} X[r,i]·G[r,:]}, over the dense rows of W resp. G
 *       (cost ∝ {@code rows·in} to find the non-zeros plus {@code nnz(X)·out});</li>
 *   <li>{@link Path#CSR}: the forward sum over the CSR form of a sparse {@code W}, inference only
 *       (cost ∝ {@code nnz(X)·nnz(W)/in}).</li>
 * </ul>
 * Mode {@link SparseMode#DENSE} always gives {@code DENSE}; mode {@link SparseMode#SPARSE} always
 * gives a sparse path. Mode {@link SparseMode#AUTO} compares the measured density {@code d}:
 * <ul>
 *   <li>layers with at least {@link #NARROW_OUTPUTS} outputs take the sparse forward and the sparse
 *       weight gradient when {@code d < inputCrossover};</li>
 *   <li>narrower layers (e.g. a 10-class output) keep the dense forward, which was never slower
 *       there (the GEMM costs about as much per input element as finding the non-zeros does), and
 *       take the sparse weight gradient when {@code d < narrowGradientCrossover}.</li>
 * </ul>
 * A sparse forward in inference uses {@code CSR} when the layer has at least
 * {@link #NARROW_OUTPUTS} outputs and the weight density {@code nnz(W)/(in·out)} is at most
 * {@code weightCrossover}, else {@code SPARSE_INPUT}. Training always uses the dense weights
 * (they change every step).
 *
 * <p>The default crossovers were measured on the development machine (AMD Zen 3, AVX2, JDK 25) on
 * the reference shapes; {@code docs/benchmarks.md} lists the figures and the command that
 * reproduces them. On other machines they may be re-measured and set with the constructor.
 *
 * @param mode                    AUTO, DENSE or SPARSE
 * @param inputCrossover          input density in {@code [0, 1]} below which AUTO takes the sparse
 *                                forward and weight gradient (layers with ≥ {@link #NARROW_OUTPUTS} outputs)
 * @param narrowGradientCrossover input density in {@code [0, 1]} below which AUTO takes the sparse
 *                                weight gradient of narrower layers
 * @param weightCrossover         weight density in {@code [0, 1]} at or below which sparse-input
 *                                inference uses the CSR weights
 */
public record SparsePolicy(SparseMode mode, double inputCrossover, double narrowGradientCrossover,
                           double weightCrossover) {

    /** Layers with fewer outputs than this are narrow (see the type doc). */
    public static final int NARROW_OUTPUTS = 32;

    /**
     * Input density below which AUTO takes the sparse forward and weight gradient of layers with at
     * least {@link #NARROW_OUTPUTS} outputs. Measured crossovers (sparse time = GEMM time) on the
     * reference shapes 784→1000 and 3136→256 were 22–33 % (forward) and 18–40 % (weight gradient) on
     * one thread and 40–46 % on two; 0.20 is at or below all of them but one weight-gradient run.
     */
    public static final double DEFAULT_INPUT_CROSSOVER = 0.20;
    /**
     * Input density below which AUTO takes the sparse weight gradient of narrow layers: measured
     * crossover 10.5–11.6 % on one thread and 8.1 % on two for 1000→10.
     */
    public static final double DEFAULT_NARROW_GRADIENT_CROSSOVER = 0.08;
    /**
     * Weight density at or below which sparse-input inference uses CSR weights: at 10 % input
     * density CSR was 1.3–2.7× faster than the dense weight rows at 2 % weight density and
     * 0.7–1.7× at 5 %, on 784→1000 and 3136→256.
     */
    public static final double DEFAULT_WEIGHT_CROSSOVER = 0.03;

    /** The kernel one product uses. */
    public enum Path {
        /** Dense GEMM. */
        DENSE,
        /** Accumulate the dense rows selected by the non-zero inputs. */
        SPARSE_INPUT,
        /** Accumulate the CSR weight rows of the non-zero inputs (inference forward only). */
        CSR
    }

    public SparsePolicy {
        Objects.requireNonNull(mode, "mode");
        check("input crossover density", inputCrossover);
        check("narrow gradient crossover density", narrowGradientCrossover);
        check("weight crossover density", weightCrossover);
    }

    private static void check(String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + v);
        }
    }

    /** The default crossovers with the mode of the system property {@value SparseMode#PROPERTY}. */
    public static SparsePolicy defaults() {
        return of(SparseMode.fromSystemProperty());
    }

    /** The default crossovers with the given mode. */
    public static SparsePolicy of(SparseMode mode) {
        return new SparsePolicy(mode, DEFAULT_INPUT_CROSSOVER, DEFAULT_NARROW_GRADIENT_CROSSOVER,
                DEFAULT_WEIGHT_CROSSOVER);
    }

    /** This policy with another mode. */
    public SparsePolicy withMode(SparseMode newMode) {
        return new SparsePolicy(newMode, inputCrossover, narrowGradientCrossover, weightCrossover);
    }

    /** Whether the input needs counting at all (false for DENSE: the GEMMs never look at it). */
    public boolean inspectsInput() {
        return mode != SparseMode.DENSE;
    }

    /**
     * Whether the forward product of a layer with {@code outputs} outputs, for an input with
     * {@code nonZeros} non-zero elements out of {@code size}, uses a sparse path: never for DENSE,
     * always for SPARSE; for AUTO when {@code outputs ≥ NARROW_OUTPUTS} and
     * {@code nonZeros < inputCrossover·size}.
     */
    public boolean sparseForward(long nonZeros, long size, int outputs) {
        checkCounts(nonZeros, size);
        return switch (mode) {
            case DENSE -> false;
            case SPARSE -> true;
            case AUTO -> outputs >= NARROW_OUTPUTS && nonZeros < inputCrossover * size;
        };
    }

    /**
     * Whether the weight gradient uses the sparse path: never for DENSE, always for SPARSE; for
     * AUTO when {@code nonZeros < c·size} with {@code c = inputCrossover} for layers with at least
     * {@link #NARROW_OUTPUTS} outputs and {@code c = narrowGradientCrossover} for narrower ones.
     */
    public boolean sparseGradient(long nonZeros, long size, int outputs) {
        checkCounts(nonZeros, size);
        return switch (mode) {
            case DENSE -> false;
            case SPARSE -> true;
            case AUTO -> nonZeros < (outputs >= NARROW_OUTPUTS ? inputCrossover : narrowGradientCrossover) * size;
        };
    }

    /**
     * Whether weights with {@code nonZeros} non-zero elements out of {@code size}, in a layer with
     * {@code outputs} outputs, are used in CSR form by a sparse inference forward: never for DENSE,
     * else when {@code outputs ≥ NARROW_OUTPUTS} and {@code nonZeros ≤ weightCrossover·size}.
     */
    public boolean csrWeights(long nonZeros, long size, int outputs) {
        checkCounts(nonZeros, size);
        return mode != SparseMode.DENSE && outputs >= NARROW_OUTPUTS && nonZeros <= weightCrossover * size;
    }

    /**
     * The decision function for the forward product.
     *
     * @param inputNonZeros  non-zero elements of the input {@code [rows, in]}
     * @param inputSize      {@code rows·in}
     * @param outputs        {@code out}, the layer's outputs per row
     * @param training       whether a backward pass follows (then never CSR)
     * @param weightNonZeros non-zero elements of {@code W}
     * @param weightSize     {@code in·out}
     */
    public Path choose(long inputNonZeros, long inputSize, int outputs, boolean training, long weightNonZeros,
                       long weightSize) {
        if (!sparseForward(inputNonZeros, inputSize, outputs)) {
            return Path.DENSE;
        }
        return !training && csrWeights(weightNonZeros, weightSize, outputs) ? Path.CSR : Path.SPARSE_INPUT;
    }

    /** The decision function for the weight gradient: {@code SPARSE_INPUT} or {@code DENSE}. */
    public Path chooseGradient(long inputNonZeros, long inputSize, int outputs) {
        return sparseGradient(inputNonZeros, inputSize, outputs) ? Path.SPARSE_INPUT : Path.DENSE;
    }

    private static void checkCounts(long nonZeros, long size) {
        if (size < 0 || nonZeros < 0 || nonZeros > size) {
            throw new IllegalArgumentException("need 0 <= nonZeros <= size, got " + nonZeros + " of " + size);
        }
    }
}
