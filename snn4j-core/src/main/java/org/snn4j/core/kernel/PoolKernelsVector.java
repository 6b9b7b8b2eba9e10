package org.snn4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link PoolKernels}. {@code L} outputs of a row at a time: two input
 * rows of {@code 2L} values are loaded and split into their even and odd columns ({@code a, b} and
 * {@code c, d} of {@code L} windows). The maximum is taken as a tree, {@code top = b > a ? b : a},
 * {@code bottom = d > c ? d : c}, {@code y = bottom > top ? bottom : top}, which keeps the first
 * maximum in scan order like the scalar scan; the indices follow the same masks. A group whose
 * windows contain a NaN is redone by the scalar scan (the tree would not give PyTorch's NaN rule),
 * and the last {@code W_out mod L} windows of a row use a masked store (and whole-register loads
 * where the array is long enough, masked loads at its end). Average pooling is memory-bound; its
 * last windows of a row run the scalar expression.
 */
final class PoolKernelsVector implements PoolKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorShuffle<Float> EVEN = VectorShuffle.iota(F, 0, 2, false);
    private static final VectorShuffle<Float> ODD = VectorShuffle.iota(F, 1, 2, false);
    private static final IntVector TWICE_LANE = IntVector.zero(I).addIndex(2);
    private static final IntVector ONE = IntVector.broadcast(I, 1);
    static final PoolKernelsVector INSTANCE = new PoolKernelsVector();

    private PoolKernelsVector() {
        if (I.length() != L) {
            throw new IllegalStateException("int and float species differ in length: " + I + ", " + F);
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void maxPool2x2(float[] x, int height, int width, float[] y, int[] argmax, int from, int to) {
        int ho = height / 2;
        int wo = width / 2;
        for (int pl = from; pl < to; pl++) {
            int o = pl * ho * wo;
            for (int i = 0; i < ho; i++, o += wo) {
                int r0 = pl * height * width + 2 * i * width;
                for (int j = 0; j < wo; j += L) {
                    maxGroup(x, r0 + 2 * j, width, Math.min(L, wo - j), y, argmax, o + j);
                }
            }
        }
    }

    /**
     * {@code count ≤ L} consecutive windows of one output row, the first with top-left input index
     * {@code a0}; outputs from {@code o}. A partial group uses masked loads and stores.
     */
    private static void maxGroup(float[] x, int a0, int width, int count, float[] y, int[] argmax, int o) {
        FloatVector top0;
        FloatVector top1;
        FloatVector bot0;
        FloatVector bot1;
        VectorMask<Float> out;
        out = count == L ? null : F.indexInRange(0, count);
        if (a0 + width + 2 * L <= x.length) {
            // whole registers, also for a partial group: the lanes past the row are never stored
            top0 = FloatVector.fromArray(F, x, a0);
            top1 = FloatVector.fromArray(F, x, a0 + L);
            bot0 = FloatVector.fromArray(F, x, a0 + width);
            bot1 = FloatVector.fromArray(F, x, a0 + width + L);
        } else {
            VectorMask<Float> m0 = F.indexInRange(0, 2 * count);
            VectorMask<Float> m1 = F.indexInRange(L, 2 * count);
            top0 = FloatVector.fromArray(F, x, a0, m0);
            top1 = FloatVector.fromArray(F, x, a0 + L, m1);
            bot0 = FloatVector.fromArray(F, x, a0 + width, m0);
            bot1 = FloatVector.fromArray(F, x, a0 + width + L, m1);
        }
        FloatVector a = top0.rearrange(EVEN, top1);
        FloatVector b = top0.rearrange(ODD, top1);
        FloatVector c = bot0.rearrange(EVEN, bot1);
        FloatVector d = bot0.rearrange(ODD, bot1);
        VectorMask<Float> nan = a.add(b).add(c).add(d).test(VectorOperators.IS_NAN);
        if (out == null ? nan.anyTrue() : nan.and(out).anyTrue()) {
            for (int k = 0; k < count; k++) {
                PoolKernelsScalar.window(x, a0 + 2 * k, width, y, argmax, o + k);
            }
            return;
        }
        VectorMask<Float> g1 = b.compare(VectorOperators.GT, a);
        VectorMask<Float> g2 = d.compare(VectorOperators.GT, c);
        FloatVector top = a.blend(b, g1);
        FloatVector bottom = c.blend(d, g2);
        VectorMask<Float> g3 = bottom.compare(VectorOperators.GT, top);
        IntVector base = TWICE_LANE.add(a0);
        IntVector ti = base.add(ONE, g1.cast(I));
        IntVector bi = base.add(width).add(ONE, g2.cast(I));
        FloatVector m = top.blend(bottom, g3);
        IntVector best = ti.blend(bi, g3.cast(I));
        if (out == null) {
            m.intoArray(y, o);
            best.intoArray(argmax, o);
        } else {
            m.intoArray(y, o, out);
            best.intoArray(argmax, o, out.cast(I));
        }
    }

    @Override
    public void avgPool2x2(float[] x, int height, int width, float[] y, int from, int to) {
        int ho = height / 2;
        int wo = width / 2;
        int bound = wo - L;
        for (int pl = from; pl < to; pl++) {
            int o = pl * ho * wo;
            for (int i = 0; i < ho; i++, o += wo) {
                int r0 = pl * height * width + 2 * i * width;
                int r1 = r0 + width;
                int j = 0;
                for (; j <= bound; j += L) {
                    FloatVector top0 = FloatVector.fromArray(F, x, r0 + 2 * j);
                    FloatVector top1 = FloatVector.fromArray(F, x, r0 + 2 * j + L);
                    FloatVector bot0 = FloatVector.fromArray(F, x, r1 + 2 * j);
                    FloatVector bot1 = FloatVector.fromArray(F, x, r1 + 2 * j + L);
                    top0.rearrange(EVEN, top1).add(top0.rearrange(ODD, top1))
                            .add(bot0.rearrange(EVEN, bot1)).add(bot0.rearrange(ODD, bot1))
                            .mul(0.25f).intoArray(y, o + j);
                }
                for (; j < wo; j++) {
                    int a = 2 * j;
                    y[o + j] = (x[r0 + a] + x[r0 + a + 1] + x[r1 + a] + x[r1 + a + 1]) * 0.25f;
                }
            }
        }
    }
}
