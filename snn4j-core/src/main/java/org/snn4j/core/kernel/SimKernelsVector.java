package org.snn4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link SimKernels} ({@code SPECIES_PREFERRED}, L lanes): the same
 * expressions as the scalar twin on L neurons at a time, the threshold decision as a lane mask and
 * blend, and a scalar tail ({@link SimKernelsScalar#lifCubaRange}). Spikes are rare, so the mask
 * of spiking lanes is tested once per vector and only a non-empty one is expanded into indices.
 * The state update touches three arrays per neuron (v, g_e, g_i); refractoriness is left to the
 * caller because only a few neurons are refractory at a time, and a fourth array read and written
 * every step measured twice the time of the loop (4 000 neurons, whose arrays then spill from L1).
 */
final class SimKernelsVector implements SimKernels {
    static final SimKernelsVector INSTANCE = new SimKernelsVector();
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    private SimKernelsVector() {
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int lifCubaStep(int n, float[] v, float[] ge, float[] gi, float[] inExc, float[] inInh, float[] current,
                           LifCubaCoefficients c, int[] spikes) {
        FloatVector pm = FloatVector.broadcast(SPECIES, c.pm());
        FloatVector rest = FloatVector.broadcast(SPECIES, c.rest());
        FloatVector pe = FloatVector.broadcast(SPECIES, c.pe());
        FloatVector pi = FloatVector.broadcast(SPECIES, c.pi());
        FloatVector pc = FloatVector.broadcast(SPECIES, c.pc());
        FloatVector de = FloatVector.broadcast(SPECIES, c.de());
        FloatVector di = FloatVector.broadcast(SPECIES, c.di());
        FloatVector vt = FloatVector.broadcast(SPECIES, c.vThreshold());
        FloatVector vr = FloatVector.broadcast(SPECIES, c.vReset());
        FloatVector zero = FloatVector.zero(SPECIES);
        boolean input = inExc != null;
        boolean injected = current != null;
        int count = 0;
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector e = FloatVector.fromArray(SPECIES, ge, i);
            FloatVector h = FloatVector.fromArray(SPECIES, gi, i);
            if (input) {
                e = e.add(FloatVector.fromArray(SPECIES, inExc, i));
                h = h.add(FloatVector.fromArray(SPECIES, inInh, i));
                zero.intoArray(inExc, i);
                zero.intoArray(inInh, i);
            }
            FloatVector vn = pi.fma(h, pe.fma(e, pm.fma(FloatVector.fromArray(SPECIES, v, i), rest)));
            if (injected) {
                vn = pc.fma(FloatVector.fromArray(SPECIES, current, i), vn);
            }
            VectorMask<Float> spike = vn.compare(VectorOperators.GT, vt);
            vn.blend(vr, spike).intoArray(v, i);
            e.mul(de).intoArray(ge, i);
            h.mul(di).intoArray(gi, i);
            if (spike.anyTrue()) {
                long bits = spike.toLong();
                while (bits != 0) {
                    spikes[count++] = i + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                }
            }
        }
        return SimKernelsScalar.lifCubaRange(i, n, count, v, ge, gi, inExc, inInh, current, c, spikes);
    }

    /**
     * {@inheritDoc} Per vector of L neurons the total conductances are stored to a scratch array
     * of L floats, their factors {@code (float) Math.exp(k·g)} computed lane by lane in scalar
     * code (the Vector API's {@code EXP} is not bit-identical to {@link Math#exp}) and loaded back.
     */
    @Override
    public int lifCobaStep(int n, float[] v, float[] ge, float[] gi, float[] inExc, float[] inInh, float[] current,
                           LifCobaCoefficients c, int[] spikes) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector eL = FloatVector.broadcast(SPECIES, c.eL());
        FloatVector eE = FloatVector.broadcast(SPECIES, c.eE());
        FloatVector eI = FloatVector.broadcast(SPECIES, c.eI());
        FloatVector r = FloatVector.broadcast(SPECIES, c.r());
        FloatVector de = FloatVector.broadcast(SPECIES, c.de());
        FloatVector di = FloatVector.broadcast(SPECIES, c.di());
        FloatVector vt = FloatVector.broadcast(SPECIES, c.vThreshold());
        FloatVector vr = FloatVector.broadcast(SPECIES, c.vReset());
        FloatVector zero = FloatVector.zero(SPECIES);
        double k = c.k();
        float[] scratch = new float[L];
        boolean input = inExc != null;
        boolean injected = current != null;
        int count = 0;
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector e = FloatVector.fromArray(SPECIES, ge, i);
            FloatVector h = FloatVector.fromArray(SPECIES, gi, i);
            if (input) {
                e = e.add(FloatVector.fromArray(SPECIES, inExc, i));
                h = h.add(FloatVector.fromArray(SPECIES, inInh, i));
                zero.intoArray(inExc, i);
                zero.intoArray(inInh, i);
            }
            FloatVector g = one.add(e).add(h);
            FloatVector num = h.fma(eI, e.fma(eE, eL));
            if (injected) {
                num = r.fma(FloatVector.fromArray(SPECIES, current, i), num);
            }
            FloatVector inf = num.div(g);
            g.intoArray(scratch, 0);
            for (int j = 0; j < L; j++) {
                scratch[j] = (float) Math.exp(k * scratch[j]);
            }
            FloatVector f = FloatVector.fromArray(SPECIES, scratch, 0);
            FloatVector vn = FloatVector.fromArray(SPECIES, v, i).sub(inf).fma(f, inf);
            VectorMask<Float> spike = vn.compare(VectorOperators.GT, vt);
            vn.blend(vr, spike).intoArray(v, i);
            e.mul(de).intoArray(ge, i);
            h.mul(di).intoArray(gi, i);
            if (spike.anyTrue()) {
                long bits = spike.toLong();
                while (bits != 0) {
                    spikes[count++] = i + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                }
            }
        }
        return SimKernelsScalar.lifCobaRange(i, n, count, v, ge, gi, inExc, inInh, current, c, spikes);
    }

    @Override
    public void addRow(int n, float[] w, int wOff, float[] target, int tOff) {
        int bound = SPECIES.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector.fromArray(SPECIES, target, tOff + j).add(FloatVector.fromArray(SPECIES, w, wOff + j))
                    .intoArray(target, tOff + j);
        }
        for (; j < n; j++) {
            target[tOff + j] += w[wOff + j];
        }
    }

    @Override
    public void scale(int n, float[] x, float factor) {
        FloatVector f = FloatVector.broadcast(SPECIES, factor);
        int bound = SPECIES.loopBound(n);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector.fromArray(SPECIES, x, j).mul(f).intoArray(x, j);
        }
        for (; j < n; j++) {
            x[j] *= factor;
        }
    }
}
