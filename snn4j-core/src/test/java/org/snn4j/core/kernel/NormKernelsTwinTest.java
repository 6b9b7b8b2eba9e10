package org.snn4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Vector API batch-norm loops against their scalar twin on awkward lengths and offsets. */
class NormKernelsTwinTest {

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextDouble(-2, 3);
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 7, 8, 15, 16, 17, 24, 31, 33, 49, 196, 785})
    void vectorMatchesScalar(int n) {
        assertThat(Simd.enabled()).as("tests run with --add-modules jdk.incubator.vector").isTrue();
        NormKernels vec = NormKernels.create();
        NormKernels sca = NormKernels.scalar();
        assertThat(vec.name()).isEqualTo("vector");
        assertThat(sca.name()).isEqualTo("scalar");
        SplittableRandom rng = new SplittableRandom(n);
        int off = 3;
        float[] x = random(rng, n + 2 * off);
        float[] g = random(rng, n + 2 * off);
        float mean = 0.37f;

        double sum = 0;
        double sq = 0;
        double dot = 0;
        for (int i = 0; i < n; i++) {
            sum += x[off + i];
            sq += (x[off + i] - mean) * (double) (x[off + i] - mean);
            dot += g[off + 1 + i] * (double) (x[off + i] - mean);
        }
        double tol = 1e-5 * Math.max(1, n);
        for (NormKernels k : new NormKernels[] {sca, vec}) {
            assertThat((double) k.sum(x, off, n)).as(k.name()).isCloseTo(sum, within(tol));
            assertThat((double) k.sumSquaredDeviations(x, off, n, mean)).as(k.name()).isCloseTo(sq, within(tol));
            assertThat((double) k.centredDot(g, off + 1, x, off, n, mean)).as(k.name()).isCloseTo(dot, within(tol));
        }

        float[] ys = new float[n + 2 * off];
        float[] yv = new float[n + 2 * off];
        sca.scaleShift(x, off, n, 1.7f, -0.3f, ys, off - 1);
        vec.scaleShift(x, off, n, 1.7f, -0.3f, yv, off - 1);
        assertThat(yv).containsExactly(ys);
        for (int i = 0; i < n; i++) {
            assertThat(ys[off - 1 + i]).isEqualTo(x[off + i] * 1.7f + -0.3f);
        }

        float[] ds = g.clone();
        float[] dv = g.clone();
        sca.normBackward(ds, off, x, off, n, mean, 1.3f, 0.1f, 0.25f, ds, off);   // in place
        vec.normBackward(dv, off, x, off, n, mean, 1.3f, 0.1f, 0.25f, dv, off);
        assertThat(dv).containsExactly(ds);
        for (int i = 0; i < n; i++) {
            assertThat(ds[off + i]).isEqualTo(1.3f * ((g[off + i] - 0.1f) - (x[off + i] - mean) * 0.25f));
        }
        assertThat(ds[off - 1]).isEqualTo(g[off - 1]);
        assertThat(ds[off + n]).isEqualTo(g[off + n]);
    }
}
