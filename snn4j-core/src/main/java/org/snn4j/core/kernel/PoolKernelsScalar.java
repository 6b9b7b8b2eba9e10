package org.snn4j.core.kernel;

/** Scalar twin of {@link PoolKernels}: the window scanned in order, exactly as the rule is written. */
final class PoolKernelsScalar implements PoolKernels {
    static final PoolKernelsScalar INSTANCE = new PoolKernelsScalar();

    private PoolKernelsScalar() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void maxPool2x2(float[] x, int height, int width, float[] y, int[] argmax, int from, int to) {
        int ho = height / 2;
        int wo = width / 2;
        for (int pl = from; pl < to; pl++) {
            int o = pl * ho * wo;
            for (int i = 0; i < ho; i++) {
                int r0 = pl * height * width + 2 * i * width;
                for (int j = 0; j < wo; j++, o++) {
                    window(x, r0 + 2 * j, width, y, argmax, o);
                }
            }
        }
    }

    /** One window with top-left input index {@code a}: PyTorch's scan. */
    static void window(float[] x, int a, int width, float[] y, int[] argmax, int o) {
        float m = x[a];
        int best = a;
        float v = x[a + 1];
        if (v > m || v != v) {
            m = v;
            best = a + 1;
        }
        v = x[a + width];
        if (v > m || v != v) {
            m = v;
            best = a + width;
        }
        v = x[a + width + 1];
        if (v > m || v != v) {
            m = v;
            best = a + width + 1;
        }
        y[o] = m;
        argmax[o] = best;
    }

    @Override
    public void avgPool2x2(float[] x, int height, int width, float[] y, int from, int to) {
        int ho = height / 2;
        int wo = width / 2;
        for (int pl = from; pl < to; pl++) {
            int o = pl * ho * wo;
            for (int i = 0; i < ho; i++) {
                int r0 = pl * height * width + 2 * i * width;
                int r1 = r0 + width;
                for (int j = 0; j < wo; j++, o++) {
                    int a = 2 * j;
                    y[o] = (x[r0 + a] + x[r0 + a + 1] + x[r1 + a] + x[r1 + a + 1]) * 0.25f;
                }
            }
        }
    }
}
