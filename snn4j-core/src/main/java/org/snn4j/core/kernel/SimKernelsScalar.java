package org.snn4j.core.kernel;

/** Scalar twin of {@link SimKernels}: the reference the vector implementation is tested against. */
final class SimKernelsScalar implements SimKernels {
    static final SimKernelsScalar INSTANCE = new SimKernelsScalar();

    private SimKernelsScalar() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int lifCubaStep(int n, float[] v, float[] ge, float[] gi, float[] inExc, float[] inInh, float[] current,
                           LifCubaCoefficients c, int[] spikes) {
        return lifCubaRange(0, n, 0, v, ge, gi, inExc, inInh, current, c, spikes);
    }

    /** The scalar loop over {@code [from, to)}, appending spikes after {@code count}; shared with the vector tail. */
    static int lifCubaRange(int from, int to, int count, float[] v, float[] ge, float[] gi, float[] inExc,
                            float[] inInh, float[] current, LifCubaCoefficients c, int[] spikes) {
        for (int i = from; i < to; i++) {
            float e = ge[i];
            float h = gi[i];
            if (inExc != null) {
                e += inExc[i];
                h += inInh[i];
                inExc[i] = 0f;
                inInh[i] = 0f;
            }
            float vn = Math.fma(c.pi(), h, Math.fma(c.pe(), e, Math.fma(c.pm(), v[i], c.rest())));
            if (current != null) {
                vn = Math.fma(c.pc(), current[i], vn);
            }
            if (vn > c.vThreshold()) {
                vn = c.vReset();
                spikes[count++] = i;
            }
            v[i] = vn;
            ge[i] = e * c.de();
            gi[i] = h * c.di();
        }
        return count;
    }

    @Override
    public int lifCobaStep(int n, float[] v, float[] ge, float[] gi, float[] inExc, float[] inInh, float[] current,
                           LifCobaCoefficients c, int[] spikes) {
        return lifCobaRange(0, n, 0, v, ge, gi, inExc, inInh, current, c, spikes);
    }

    /** The scalar loop of {@link #lifCobaStep} over {@code [from, to)}, appending spikes after {@code count}; shared with the vector tail. */
    static int lifCobaRange(int from, int to, int count, float[] v, float[] ge, float[] gi, float[] inExc,
                            float[] inInh, float[] current, LifCobaCoefficients c, int[] spikes) {
        for (int i = from; i < to; i++) {
            float e = ge[i];
            float h = gi[i];
            if (inExc != null) {
                e += inExc[i];
                h += inInh[i];
                inExc[i] = 0f;
                inInh[i] = 0f;
            }
            float g = 1f + e + h;
            float num = Math.fma(h, c.eI(), Math.fma(e, c.eE(), c.eL()));
            if (current != null) {
                num = Math.fma(c.r(), current[i], num);
            }
            float inf = num / g;
            float f = (float) Math.exp(c.k() * g);
            float vn = Math.fma(v[i] - inf, f, inf);
            if (vn > c.vThreshold()) {
                vn = c.vReset();
                spikes[count++] = i;
            }
            v[i] = vn;
            ge[i] = e * c.de();
            gi[i] = h * c.di();
        }
        return count;
    }

    @Override
    public void addRow(int n, float[] w, int wOff, float[] target, int tOff) {
        for (int j = 0; j < n; j++) {
            target[tOff + j] += w[wOff + j];
        }
    }

    @Override
    public void scale(int n, float[] x, float factor) {
        for (int i = 0; i < n; i++) {
            x[i] *= factor;
        }
    }
}
