package org.snn4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {
    private static Kernels vector1;
    private static Kernels vector2;
    private static Kernels scalar1;
    private static Kernels scalar2;
    /** The vector kernels with the tile height the preferred species does not pick (4 or 6 rows). */
    private static Kernels vectorOther1;
    private static Kernels vectorOther2;

    @BeforeAll
    static void setUp() {
        vector1 = Kernels.create(1);
        vector2 = Kernels.create(2);
        scalar1 = Kernels.scalar(1);
        scalar2 = Kernels.scalar(2);
        if (Simd.enabled()) {
            int other = KernelFactory.vectorLanes() >= 16 ? 4 : 6;
            vectorOther1 = KernelFactory.vector(1, other);
            vectorOther2 = KernelFactory.vector(2, other);
        }
    }

    @AfterAll
    static void tearDown() {
        vector1.close();
        vector2.close();
        scalar1.close();
        scalar2.close();
        if (vectorOther1 != null) {
            vectorOther1.close();
            vectorOther2.close();
        }
    }

    /** One problem: shapes, transposes, padding of the stored operands, accumulate. */
    record Case(int m, int n, int k, boolean transA, boolean transB, boolean accumulate, int pad, int off) {
        @Override
        public String toString() {
            return (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                    + (accumulate ? " acc" : "") + " pad=" + pad + " off=" + off;
        }
    }

    static List<Case> awkwardCases() {
        int[][] shapes = {
            {0, 5, 3}, {5, 0, 3}, {4, 5, 0}, {1, 1, 1}, {7, 13, 97}, {13, 7, 5}, {15, 16, 17}, {17, 15, 16},
            {16, 17, 15}, {31, 33, 1}, {33, 31, 65}, {97, 7, 13}, {6, 32, 40}, {12, 64, 8}, {5, 10, 1100},
            {40, 3, 2100},
        };
        List<Case> cases = new ArrayList<>();
        int variant = 0;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean acc = (variant & 1) == 1;
                int pad = variant % 3 * 3;
                int off = variant % 4 == 0 ? 0 : 5;
                cases.add(new Case(s[0], s[1], s[2], (t & 1) == 1, (t & 2) == 2, acc, pad, off));
                variant++;
            }
        }
        return cases;
    }

    /** Shapes crossing the mc, nc and kc block boundaries and large enough for the packed path. */
    static List<Case> blockCrossingCases() {
        return List.of(
                new Case(150, 40, 30, false, false, false, 0, 0),
                new Case(149, 1030, 9, false, true, true, 2, 1),
                new Case(20, 1041, 11, true, false, false, 1, 3),
                new Case(77, 45, 1030, true, true, true, 3, 2),
                new Case(73, 33, 2050, false, false, false, 0, 7),
                new Case(200, 10, 300, false, false, true, 4, 0),
                new Case(200, 17, 300, true, false, false, 0, 0),
                new Case(10, 200, 300, false, true, false, 1, 1),
                new Case(13, 37, 2 * BlockedKernels.KC_MAX + 100, true, false, true, 1, 2),
                new Case(40, 20, BlockedKernels.KC_MAX + 4, false, true, false, 0, 0));
    }

    /**
     * Packed-path shapes whose k is tiny (the micro-kernels run k in pairs plus a remainder step)
     * and whose last column panel is at most one vector wide, on both the packed and the
     * read-A-in-place single-panel paths.
     */
    static List<Case> shortKCases() {
        return List.of(
                new Case(200, 100, 2, false, false, false, 0, 0),
                new Case(199, 101, 3, true, true, true, 1, 2),
                new Case(300, 21, 9, true, true, false, 2, 3),
                new Case(2000, 10, 3, true, false, true, 1, 2),
                new Case(1201, 7, 7, false, true, false, 0, 1),
                new Case(1203, 5, 8, false, false, true, 3, 0),
                new Case(3200, 40, 10, false, true, false, 0, 0));
    }

    /**
     * Tall, narrow products with A stored transposed (A read in place down k rows, narrow k
     * blocks): the classifier weight gradient shape, several k blocks with accumulate, TT and a
     * width just under one panel.
     */
    static List<Case> narrowCases() {
        return List.of(
                new Case(1000, 10, 3200, true, false, true, 0, 0),
                new Case(400, 7, 2 * BlockedKernels.KC_NARROW + 3, true, true, true, 2, 1),
                new Case(300, 15, 100, true, true, false, 1, 0),
                new Case(161, 1, 300, true, false, false, 0, 3));
    }

    /**
     * Threaded products with fewer rows than columns, where the threads share one packed B block
     * and split the rows: several column and k blocks, a last column block one panel wide or less
     * (single-panel path), a C one panel wide, and too few row panels to share (column split).
     */
    static List<Case> sharedBCases() {
        return List.of(
                new Case(100, 130, 700, true, false, false, 0, 0),
                new Case(40, 2100, 100, true, false, true, 1, 2),
                new Case(30, 1029, 50, true, true, false, 2, 1),
                new Case(12, 16, 1400, false, false, true, 0, 3),
                new Case(21, 40, BlockedKernels.KC_MAX + 50, false, true, true, 3, 0),
                new Case(3, 500, 200, true, false, false, 0, 0),
                new Case(9, 700, 60, false, false, false, 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedBCases")
    void matchesReferenceWithSharedPackedB(Case cs) {
        check(cs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("narrowCases")
    void matchesReferenceForTallNarrowProducts(Case cs) {
        check(cs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shortKCases")
    void matchesReferenceForShortK(Case cs) {
        check(cs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardCases")
    void matchesReferenceOnAwkwardSizes(Case cs) {
        check(cs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blockCrossingCases")
    void matchesReferenceAcrossBlockBoundaries(Case cs) {
        check(cs);
    }

    private static void check(Case cs) {
        SplittableRandom rnd = new SplittableRandom(cs.hashCode());
        int aRows = cs.transA() ? cs.k() : cs.m();
        int aCols = cs.transA() ? cs.m() : cs.k();
        int bRows = cs.transB() ? cs.n() : cs.k();
        int bCols = cs.transB() ? cs.k() : cs.n();
        int lda = Math.max(1, aCols + cs.pad());
        int ldb = Math.max(1, bCols + cs.pad() + 1);
        int ldc = Math.max(1, cs.n() + cs.pad());
        float[] a = random(rnd, cs.off() + aRows * lda + 3);
        float[] b = random(rnd, cs.off() + bRows * ldb + 2);
        float[] c0 = random(rnd, cs.off() + cs.m() * ldc + 4);

        double[] ref = new double[cs.m() * cs.n()];
        double[] mag = new double[cs.m() * cs.n()];
        for (int i = 0; i < cs.m(); i++) {
            for (int j = 0; j < cs.n(); j++) {
                double s = 0;
                double abs = 0;
                for (int p = 0; p < cs.k(); p++) {
                    double av = cs.transA() ? a[cs.off() + p * lda + i] : a[cs.off() + i * lda + p];
                    double bv = cs.transB() ? b[cs.off() + j * ldb + p] : b[cs.off() + p * ldb + j];
                    s += av * bv;
                    abs += Math.abs(av * bv);
                }
                if (cs.accumulate()) {
                    double cv = c0[cs.off() + i * ldc + j];
                    s += cv;
                    abs += Math.abs(cv);
                }
                ref[i * cs.n() + j] = s;
                mag[i * cs.n() + j] = abs;
            }
        }

        float[] vec = run(vector1, cs, a, lda, b, ldb, c0, ldc);
        float[] sca = run(scalar1, cs, a, lda, b, ldb, c0, ldc);
        float[] vec2 = run(vector2, cs, a, lda, b, ldb, c0, ldc);
        float[] sca2 = run(scalar2, cs, a, lda, b, ldb, c0, ldc);

        for (int idx = 0; idx < c0.length; idx++) {
            int rel = idx - cs.off();
            int i = rel >= 0 ? rel / ldc : -1;
            int j = rel >= 0 ? rel % ldc : -1;
            if (i >= 0 && i < cs.m() && j < cs.n()) {
                double r = ref[i * cs.n() + j];
                double tol = 1e-6 * (cs.k() + 2) * mag[i * cs.n() + j] + 1e-30;
                assertThat((double) vec[idx]).as("C[%d,%d] %s", i, j, cs).isCloseTo(r, Offset.offset(tol));
            } else {
                assertThat(vec[idx]).as("outside window at %d, %s", idx, cs).isEqualTo(c0[idx]);
                assertThat(sca[idx]).as("scalar outside window at %d, %s", idx, cs).isEqualTo(c0[idx]);
            }
        }
        assertThat(sca).as("scalar twin bit-identical to vector, %s", cs).isEqualTo(vec);
        assertThat(vec2).as("2 threads bit-identical to 1 thread, %s", cs).isEqualTo(vec);
        assertThat(sca2).as("scalar 2 threads bit-identical, %s", cs).isEqualTo(vec);
        if (vectorOther1 != null) {
            assertThat(run(vectorOther1, cs, a, lda, b, ldb, c0, ldc))
                    .as("other micro-tile height bit-identical, %s", cs).isEqualTo(vec);
            assertThat(run(vectorOther2, cs, a, lda, b, ldb, c0, ldc))
                    .as("other micro-tile height, 2 threads, bit-identical, %s", cs).isEqualTo(vec);
        }
    }

    private static float[] run(Kernels kern, Case cs, float[] a, int lda, float[] b, int ldb, float[] c0, int ldc) {
        float[] c = c0.clone();
        kern.gemm(cs.transA(), cs.transB(), cs.m(), cs.n(), cs.k(), a, cs.off(), lda, b, cs.off(), ldb,
                c, cs.off(), ldc, cs.accumulate());
        return c;
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    @Test
    void zeroKOverwritesWindowWithZerosOrLeavesItWhenAccumulating() {
        float[] c = {1, 2, 3, 4, 5, 6};
        vector1.gemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 3, true);
        assertThat(c).containsExactly(1, 2, 3, 4, 5, 6);
        vector1.gemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 3, false);
        assertThat(c).containsExactly(0, 0, 3, 0, 0, 6);
    }

    @Test
    void smallExactProduct() {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        for (Kernels kern : List.of(vector1, scalar1)) {
            float[] c = new float[4];
            kern.gemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, false);
            assertThat(c).containsExactly(19, 22, 43, 50);
            kern.gemm(true, false, 2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, true);
            // Aᵀ·B = [1 3; 2 4]·[5 6; 7 8] = [26 30; 38 44]
            assertThat(c).containsExactly(45, 52, 81, 94);
        }
    }

    @Test
    void rejectsUnsupportedTileHeight() {
        if (Simd.enabled()) {
            assertThatThrownBy(() -> KernelFactory.vector(1, 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("micro-tile rows must be 4 or 6, got 5");
        }
    }

    @Test
    void rejectsBadArguments() {
        float[] x = new float[10];
        assertThatThrownBy(() -> vector1.gemm(false, false, -1, 2, 2, x, 0, 2, x, 0, 2, x, 0, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m=-1");
        assertThatThrownBy(() -> vector1.gemm(false, false, 2, 2, 3, x, 0, 2, x, 0, 2, x, 0, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leading dimension of A");
        assertThatThrownBy(() -> scalar1.gemm(false, false, 4, 3, 3, x, 0, 3, x, 0, 3, x, 0, 3, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A (4×3, offset 0, leading dimension 3) needs 12 floats, array has 10");
        assertThatCode(() -> scalar1.gemm(false, false, 2, 2, 2, x, 3, 2, x, 0, 2, x, 0, 2, false))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> scalar1.gemm(false, false, 2, 2, 2, x, 7, 2, x, 0, 2, x, 0, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A (2×2, offset 7");
        assertThatThrownBy(() -> vector1.gemm(false, true, 2, 2, 2, x, 0, 2, x, -1, 2, x, 0, 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B offset must be >= 0, got -1");
    }

    @Test
    void reportsImplementation() {
        if (Simd.enabled()) {
            assertThat(vector1.name()).isEqualTo("vector");
            assertThat(vector1.floatLanes()).isEqualTo(Simd.floatLanes()).isGreaterThanOrEqualTo(2);
        }
        assertThat(scalar1.name()).isEqualTo("scalar");
        assertThat(scalar1.floatLanes()).isEqualTo(1);
        assertThat(vector2.threads()).isEqualTo(2);
        assertThat(vector2.pool().threads()).isEqualTo(2);
    }
}
