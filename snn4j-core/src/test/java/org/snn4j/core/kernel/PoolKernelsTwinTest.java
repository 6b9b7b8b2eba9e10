package org.snn4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Vector API 2×2 pooling loops against their scalar twin: awkward sizes, ties, NaN, ±0, −∞. */
class PoolKernelsTwinTest {

    private static float[] values(SplittableRandom rng, int n, int kind) {
        float[] special = {Float.NaN, Float.intBitsToFloat(0xffc00000), -0f, 0f, Float.NEGATIVE_INFINITY,
                Float.POSITIVE_INFINITY};
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = switch (kind) {
                case 0 -> (float) rng.nextDouble(-1, 1);
                case 1 -> rng.nextInt(3) == 0 ? 1f : 0f;                     // spikes: many ties
                case 2 -> rng.nextInt(4) - 1;                                 // small integers: ties
                default -> rng.nextInt(40) == 0 ? special[rng.nextInt(special.length)] : rng.nextInt(3) - 1f;
            };
        }
        return a;
    }

    private static int[] bits(float[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Float.floatToRawIntBits(a[i]);
        }
        return r;
    }

    @ParameterizedTest
    @CsvSource({"2, 2", "3, 5", "4, 16", "5, 17", "7, 31", "6, 32", "9, 33", "28, 28", "14, 14", "3, 50", "37, 2"})
    void vectorMatchesScalar(int height, int width) {
        assertThat(Simd.enabled()).as("tests run with --add-modules jdk.incubator.vector").isTrue();
        PoolKernels vec = PoolKernels.create();
        PoolKernels sca = PoolKernels.scalar();
        assertThat(vec.name()).isEqualTo("vector");
        assertThat(sca.name()).isEqualTo("scalar");
        int planes = 5;
        int out = planes * (height / 2) * (width / 2);
        SplittableRandom rng = new SplittableRandom(31L * height + width);
        for (int kind = 0; kind < 4; kind++) {
            float[] x = values(rng, planes * height * width, kind);
            float[][] y = new float[2][out];
            int[][] idx = new int[2][out];
            float[][] avg = new float[2][out];
            PoolKernels[] both = {sca, vec};
            for (int t = 0; t < 2; t++) {
                Arrays.fill(y[t], 42f);
                Arrays.fill(avg[t], 42f);
                // planes [1, 4) only, then the rest, to check the plane range is respected
                both[t].maxPool2x2(x, height, width, y[t], idx[t], 1, 4);
                assertThat(y[t][0]).isEqualTo(42f);
                both[t].maxPool2x2(x, height, width, y[t], idx[t], 0, 1);
                both[t].maxPool2x2(x, height, width, y[t], idx[t], 4, 5);
                both[t].avgPool2x2(x, height, width, avg[t], 0, planes);
            }
            assertThat(bits(y[1])).as("max values, kind %d", kind).isEqualTo(bits(y[0]));
            assertThat(idx[1]).as("argmax, kind %d", kind).isEqualTo(idx[0]);
            assertThat(bits(avg[1])).as("avg, kind %d", kind).isEqualTo(bits(avg[0]));
            for (int o = 0; o < out; o++) {
                assertThat(Float.floatToRawIntBits(x[idx[0][o]])).isEqualTo(Float.floatToRawIntBits(y[0][o]));
            }
        }
    }
}
