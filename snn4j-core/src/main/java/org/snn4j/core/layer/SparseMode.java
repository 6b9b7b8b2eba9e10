package org.snn4j.core.layer;

import java.util.Locale;

/**
 * How a {@link Linear} layer computes {@code y = x·W + b}:
 * <ul>
 *   <li>{@link #AUTO}: per call, from the measured input density (see {@link SparsePolicy});</li>
 *   <li>{@link #DENSE}: always the dense GEMM (the input is not inspected);</li>
 *   <li>{@link #SPARSE}: always the event-driven path, accumulating the weight rows of the
 *       non-zero inputs (and, for inference with sparse enough weights, their CSR form).</li>
 * </ul>
 * All three compute the same values up to float rounding (summation order differs). The default
 * for new layers comes from the system property {@value #PROPERTY} ({@code auto}, {@code dense}
 * or {@code sparse}, case-insensitive; {@code auto} when unset), e.g.
 * {@code -Dsnn4j.sparse=dense}.
 */
public enum SparseMode {
    /** Dense or sparse per call, from the measured input density against the crossover. */
    AUTO,
    /** Always the dense GEMM. */
    DENSE,
    /** Always the sparse (event-driven) path. */
    SPARSE;

    /** The system property that sets the default mode: {@code auto|dense|sparse}. */
    public static final String PROPERTY = "snn4j.sparse";

    /**
     * The mode named {@code auto}, {@code dense} or {@code sparse} (case-insensitive, surrounding
     * blanks ignored).
     *
     * @throws IllegalArgumentException for any other text
     */
    public static SparseMode parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "auto" -> AUTO;
            case "dense" -> DENSE;
            case "sparse" -> SPARSE;
            default -> throw new IllegalArgumentException("sparse mode must be one of auto, dense, sparse; got '"
                    + text + "'");
        };
    }

    /**
     * The mode set by the system property {@value #PROPERTY}, or {@link #AUTO} when it is unset.
     *
     * @throws IllegalArgumentException if the property holds something other than auto, dense, sparse
     */
    public static SparseMode fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            return AUTO;
        }
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property " + PROPERTY + ": " + e.getMessage(), e);
        }
    }
}
