package org.snn4j.core.kernel;

/**
 * Loops of batch normalisation over one contiguous segment of {@code n} floats (one channel of one
 * row, e.g. the {@code H·W} values of a feature map): the statistics reductions and the element-wise
 * normalise and backward maps. Each method reads and writes only the documented ranges, so calls on
 * disjoint segments may run in parallel.
 *
 * <p>The element-wise maps ({@link #scaleShift}, {@link #normBackward}) evaluate exactly the written
 * expression, operation by operation (no fused multiply-add), so the vector implementation and the
 * scalar twin give bit-identical results. The reductions ({@link #sum}, {@link #sumSquaredDeviations},
 * {@link #centredDot}) accumulate in float; the vector implementation adds in a different order
 * (per lane, then across the lanes in lane order), so the twins agree to rounding only; each
 * implementation on its own gives the same float for the same inputs every time.
 */
public interface NormKernels {

    /** The vector implementation when {@link Simd#enabled()}, else the scalar one. */
    static NormKernels create() {
        return Simd.enabled() ? NormKernelsVector.INSTANCE : NormKernelsScalar.INSTANCE;
    }

    /** The scalar twin. */
    static NormKernels scalar() {
        return NormKernelsScalar.INSTANCE;
    }

    /** {@code "vector"} or {@code "scalar"}. */
    String name();

    /** {@code Σ_{i<n} x[off+i]}. */
    float sum(float[] x, int off, int n);

    /** {@code Σ_{i<n} (x[off+i] − mean)²}. */
    float sumSquaredDeviations(float[] x, int off, int n, float mean);

    /** {@code Σ_{i<n} g[gOff+i]·(x[xOff+i] − mean)}. */
    float centredDot(float[] g, int gOff, float[] x, int xOff, int n, float mean);

    /** {@code y[yOff+i] = x[xOff+i]·a + c} for {@code i < n}; {@code y} may be {@code x} at the same offset. */
    void scaleShift(float[] x, int xOff, int n, float a, float c, float[] y, int yOff);

    /**
     * {@code dx[dxOff+i] = k·((g[gOff+i] − mg) − (x[xOff+i] − mean)·c2)} for {@code i < n}; {@code dx}
     * may be {@code g} at the same offset (in-place).
     */
    void normBackward(float[] g, int gOff, float[] x, int xOff, int n, float mean, float k, float mg, float c2,
                      float[] dx, int dxOff);
}
