package org.snn4j.core.layer;

import java.util.Objects;

/**
 * The rule by which a {@link Linear} layer picks its kernel for one call (the decision function
 * is {@link #choose}). With input {@code X: [rows, in]} holding {@code nnz(X)} non-zero elements
 * and weights {@code W: [in, out]} holding {@code nnz(W)}:
 * <ul>
 *   <li>{@link Path#DENSE}: one GEMM {@code X·W} (cost ∝ {@code rows·in·out});</li>
 *   <li>{@link Path#SPARSE_INPUT}: {@code y[r] = b + Σ_{i: X[r,i] ≠ 0} X[r,i]·W[i,:]} over the dense
 *       weight rows (cost ∝ {@code nnz(X)·out});</li>
 *   <li>{@link Path#CSR}: the same sum over the CSR form of a sparse {@code W}, inference only
 *       (cost ∝ {@code nnz(X)·nnz(W)/in}).</li>
 * </ul>
 * Mode {@link SparseMode#DENSE} always gives {@code DENSE}. Otherwise the input is sparse when the
 * mode is {@link SparseMode#SPARSE}, or (mode {@link SparseMode#AUTO}) when its measured density
 * {@code nnz(X) / (rows·in)} is below the crossover: {@link #inputCrossover()} for layers with at
 * least {@link #NARROW_OUTPUTS} outputs, {@link #narrowInputCrossover()} for narrower ones (where
 * the GEMM is cheap per input element and counting and compressing the input weigh more, so the
 * sparse path pays only at lower densities); a dense input gives {@code DENSE}.
 * A sparse input gives {@code CSR} for inference when the weight density {@code nnz(W)/(in·out)}
 * is at most {@link #weightCrossover()}, else {@code SPARSE_INPUT}. Training always uses the
 * dense weights (they change every step).
 *
 * <p>The default crossovers were measured on the development machine (AMD Zen 3, AVX2, JDK 25) on
 * the reference shapes; see {@code docs/architecture.md} for the figures and the command that
 * reproduces them. On other machines they may be re-measured and set here.
 *
 * @param mode            AUTO, DENSE or SPARSE
 * @param inputCrossover  input density in {@code [0, 1]} below which AUTO takes the sparse path,
 *                        for layers with at least {@link #NARROW_OUTPUTS} outputs
 * @param narrowInputCrossover the same for layers with fewer outputs
 * @param weightCrossover weight density in {@code [0, 1]} at or below which sparse-input inference
 *                        uses the CSR weights
 */
public record SparsePolicy(SparseMode mode, double inputCrossover, double narrowInputCrossover,
                           double weightCrossover) {

    /** Layers with fewer outputs than this use {@link #narrowInputCrossover()}. */
    public static final int NARROW_OUTPUTS = 32;

    /** Measured input density below which the sparse accumulate beats the GEMM (see the type doc). */
    public static final double DEFAULT_INPUT_CROSSOVER = 0.15;
    /** Measured input density below which the sparse accumulate beats the GEMM for narrow layers. */
    public static final double DEFAULT_NARROW_INPUT_CROSSOVER = 0.05;
    /** Measured weight density at or below which the CSR product beats the dense-weight accumulate. */
    public static final double DEFAULT_WEIGHT_CROSSOVER = 0.10;

    /** The kernel one call uses. */
    public enum Path {
        /** Dense GEMM {@code X·W}. */
        DENSE,
        /** Accumulate the dense weight rows of the non-zero inputs. */
        SPARSE_INPUT,
        /** Accumulate the CSR weight rows of the non-zero inputs (inference only). */
        CSR
    }

    public SparsePolicy {
        Objects.requireNonNull(mode, "mode");
        if (!(inputCrossover >= 0 && inputCrossover <= 1)) {
            throw new IllegalArgumentException("input crossover density must be in [0, 1], got " + inputCrossover);
        }
        if (!(narrowInputCrossover >= 0 && narrowInputCrossover <= 1)) {
            throw new IllegalArgumentException("narrow input crossover density must be in [0, 1], got "
                    + narrowInputCrossover);
        }
        if (!(weightCrossover >= 0 && weightCrossover <= 1)) {
            throw new IllegalArgumentException("weight crossover density must be in [0, 1], got " + weightCrossover);
        }
    }

    /** The default crossovers with the mode of the system property {@value SparseMode#PROPERTY}. */
    public static SparsePolicy defaults() {
        return of(SparseMode.fromSystemProperty());
    }

    /** The default crossovers with the given mode. */
    public static SparsePolicy of(SparseMode mode) {
        return new SparsePolicy(mode, DEFAULT_INPUT_CROSSOVER, DEFAULT_NARROW_INPUT_CROSSOVER,
                DEFAULT_WEIGHT_CROSSOVER);
    }

    /** This policy with another mode. */
    public SparsePolicy withMode(SparseMode newMode) {
        return new SparsePolicy(newMode, inputCrossover, narrowInputCrossover, weightCrossover);
    }

    /** Whether the input needs counting at all (false for DENSE: the GEMM never looks at it). */
    public boolean inspectsInput() {
        return mode != SparseMode.DENSE;
    }

    /** The AUTO crossover for a layer with {@code outputs} outputs. */
    public double inputCrossover(int outputs) {
        return outputs < NARROW_OUTPUTS ? narrowInputCrossover : inputCrossover;
    }

    /**
     * Whether an input with {@code nonZeros} non-zero elements out of {@code size}, feeding a layer
     * with {@code outputs} outputs, takes the sparse path: never for DENSE, always for SPARSE, and
     * for AUTO when {@code nonZeros < inputCrossover(outputs)·size}.
     */
    public boolean sparseInput(long nonZeros, long size, int outputs) {
        checkCounts(nonZeros, size);
        return switch (mode) {
            case DENSE -> false;
            case SPARSE -> true;
            case AUTO -> nonZeros < inputCrossover(outputs) * size;
        };
    }

    /**
     * Whether weights with {@code nonZeros} non-zero elements out of {@code size} are sparse
     * enough for the CSR path: never for DENSE, else when {@code nonZeros ≤ weightCrossover·size}.
     */
    public boolean csrWeights(long nonZeros, long size) {
        checkCounts(nonZeros, size);
        return mode != SparseMode.DENSE && nonZeros <= weightCrossover * size;
    }

    /**
     * The decision function: the path for one call.
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
        if (!sparseInput(inputNonZeros, inputSize, outputs)) {
            return Path.DENSE;
        }
        return !training && csrWeights(weightNonZeros, weightSize) ? Path.CSR : Path.SPARSE_INPUT;
    }

    private static void checkCounts(long nonZeros, long size) {
        if (size < 0 || nonZeros < 0 || nonZeros > size) {
            throw new IllegalArgumentException("need 0 <= nonZeros <= size, got " + nonZeros + " of " + size);
        }
    }
}
