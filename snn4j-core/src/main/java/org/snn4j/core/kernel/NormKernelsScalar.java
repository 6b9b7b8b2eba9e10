package org.snn4j.core.kernel;

/** Scalar twin of {@link NormKernels}: plain loops in index order. */
final class NormKernelsScalar implements NormKernels {
    static final NormKernelsScalar INSTANCE = new NormKernelsScalar();

    private NormKernelsScalar() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float sum(float[] x, int off, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public float sumSquaredDeviations(float[] x, int off, int n, float mean) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            float d = x[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    @Override
    public float centredDot(float[] g, int gOff, float[] x, int xOff, int n, float mean) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += g[gOff + i] * (x[xOff + i] - mean);
        }
        return s;
    }

    @Override
    public void scaleShift(float[] x, int xOff, int n, float a, float c, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = x[xOff + i] * a + c;
        }
    }

    @Override
    public void normBackward(float[] g, int gOff, float[] x, int xOff, int n, float mean, float k, float mg,
                             float c2, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = k * ((g[gOff + i] - mg) - (x[xOff + i] - mean) * c2);
        }
    }
}
