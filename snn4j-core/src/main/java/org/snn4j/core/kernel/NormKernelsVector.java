package org.snn4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link NormKernels}: {@code SPECIES_PREFERRED} registers, two
 * accumulators for the reductions, and a scalar tail that evaluates the scalar twin's expressions.
 */
final class NormKernelsVector implements NormKernels {
    static final NormKernelsVector INSTANCE = new NormKernelsVector();
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    private NormKernelsVector() {
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public float sum(float[] x, int off, int n) {
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            a0 = a0.add(FloatVector.fromArray(SPECIES, x, off + i));
            a1 = a1.add(FloatVector.fromArray(SPECIES, x, off + i + L));
        }
        if (i <= n - L) {
            a0 = a0.add(FloatVector.fromArray(SPECIES, x, off + i));
            i += L;
        }
        float s = Lanes.sumInOrder(a0.add(a1));
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public float sumSquaredDeviations(float[] x, int off, int n, float mean) {
        FloatVector m = FloatVector.broadcast(SPECIES, mean);
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, x, off + i).sub(m);
            FloatVector d1 = FloatVector.fromArray(SPECIES, x, off + i + L).sub(m);
            a0 = a0.add(d0.mul(d0));
            a1 = a1.add(d1.mul(d1));
        }
        if (i <= n - L) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, x, off + i).sub(m);
            a0 = a0.add(d0.mul(d0));
            i += L;
        }
        float s = Lanes.sumInOrder(a0.add(a1));
        for (; i < n; i++) {
            float d = x[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    @Override
    public float centredDot(float[] g, int gOff, float[] x, int xOff, int n, float mean) {
        FloatVector m = FloatVector.broadcast(SPECIES, mean);
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, x, xOff + i).sub(m);
            FloatVector d1 = FloatVector.fromArray(SPECIES, x, xOff + i + L).sub(m);
            a0 = a0.add(FloatVector.fromArray(SPECIES, g, gOff + i).mul(d0));
            a1 = a1.add(FloatVector.fromArray(SPECIES, g, gOff + i + L).mul(d1));
        }
        if (i <= n - L) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, x, xOff + i).sub(m);
            a0 = a0.add(FloatVector.fromArray(SPECIES, g, gOff + i).mul(d0));
            i += L;
        }
        float s = Lanes.sumInOrder(a0.add(a1));
        for (; i < n; i++) {
            s += g[gOff + i] * (x[xOff + i] - mean);
        }
        return s;
    }

    @Override
    public void scaleShift(float[] x, int xOff, int n, float a, float c, float[] y, int yOff) {
        FloatVector va = FloatVector.broadcast(SPECIES, a);
        FloatVector vc = FloatVector.broadcast(SPECIES, c);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(SPECIES, x, xOff + i).mul(va).add(vc).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = x[xOff + i] * a + c;
        }
    }

    @Override
    public void normBackward(float[] g, int gOff, float[] x, int xOff, int n, float mean, float k, float mg,
                             float c2, float[] dx, int dxOff) {
        FloatVector vm = FloatVector.broadcast(SPECIES, mean);
        FloatVector vk = FloatVector.broadcast(SPECIES, k);
        FloatVector vmg = FloatVector.broadcast(SPECIES, mg);
        FloatVector vc2 = FloatVector.broadcast(SPECIES, c2);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(SPECIES, g, gOff + i).sub(vmg);
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + i).sub(vm).mul(vc2);
            vk.mul(gv.sub(xv)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            dx[dxOff + i] = k * ((g[gOff + i] - mg) - (x[xOff + i] - mean) * c2);
        }
    }
}
