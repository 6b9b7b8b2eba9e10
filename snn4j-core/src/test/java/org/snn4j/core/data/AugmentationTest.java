package org.snn4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.Shape;

class AugmentationTest {
    private static final Shape SHAPE = Shape.of(2, 3, 4);

    /** Value {@code 100·c + 10·i + j + 1} at channel c, row i, column j (never 0). */
    private static float[] image() {
        float[] x = new float[SHAPE.size()];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    x[c * 12 + i * 4 + j] = 100 * c + 10 * i + j + 1;
                }
            }
        }
        return x;
    }

    @Test
    void flipMirrorsEveryRowOrLeavesTheImage() {
        Set<Boolean> seen = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            float[] x = image();
            float[] padded = new float[x.length + 3];
            System.arraycopy(x, 0, padded, 3, x.length);
            Augmentation.horizontalFlip().apply(padded, 3, SHAPE, new SplittableRandom(seed));
            boolean flipped = padded[3] != x[0];
            seen.add(flipped);
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        float expected = x[c * 12 + i * 4 + (flipped ? 3 - j : j)];
                        assertThat(padded[3 + c * 12 + i * 4 + j]).isEqualTo(expected);
                    }
                }
            }
            assertThat(padded[0]).isZero();
        }
        assertThat(seen).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void shiftTranslatesWithZeroFillWithinTheRange() {
        Set<String> shifts = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            float[] x = image();
            float[] y = x.clone();
            Augmentation.randomShift(1).apply(y, 0, SHAPE, new SplittableRandom(seed));
            // find the (dy, dx) that explains the result
            String found = null;
            for (int dy = -1; dy <= 1 && found == null; dy++) {
                for (int dx = -1; dx <= 1 && found == null; dx++) {
                    if (matches(x, y, dy, dx)) {
                        found = dy + "," + dx;
                    }
                }
            }
            assertThat(found).as("seed %d gives a translation by at most 1 pixel", seed).isNotNull();
            shifts.add(found);
        }
        assertThat(shifts).hasSize(9);
    }

    private static boolean matches(float[] x, float[] y, int dy, int dx) {
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    int si = i - dy;
                    int sj = j - dx;
                    float expected = si >= 0 && si < 3 && sj >= 0 && sj < 4 ? x[c * 12 + si * 4 + sj] : 0f;
                    if (y[c * 12 + i * 4 + j] != expected) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void loaderAugmentsReproduciblyAndDifferentlyPerEpoch() {
        int n = 40;
        float[] f = new float[n * 16];
        for (int i = 0; i < f.length; i++) {
            f[i] = i % 16 + 1;
        }
        InMemoryDataset ds = new InMemoryDataset("images", Shape.of(1, 4, 4), 2, f, new int[n]);
        Augmentation aug = Augmentation.parse("flip,shift:1");
        assertThat(aug.name()).isEqualTo("flip,shift:1");
        DataLoader a = DataLoader.builder(ds, 8).shuffled(5).augment(aug).build();
        DataLoader b = DataLoader.builder(ds, 8).shuffled(5).prefetch(2).augment(aug).build();
        List<Batch> a0 = DataLoaderTest.all(a, 0);
        List<Batch> b0 = DataLoaderTest.all(b, 0);
        List<Batch> a1 = DataLoaderTest.all(a, 1);
        boolean changed = false;
        boolean epochsDiffer = false;
        for (int k = 0; k < a0.size(); k++) {
            assertThat(b0.get(k).features()).containsExactly(a0.get(k).features());
            changed |= !java.util.Arrays.equals(a0.get(k).features(), java.util.Arrays.copyOf(f, a0.get(k).features().length));
            epochsDiffer |= !java.util.Arrays.equals(a0.get(k).features(), a1.get(k).features());
        }
        assertThat(changed).isTrue();
        assertThat(epochsDiffer).isTrue();
    }

    @Test
    void badSpecificationsAreNamed() {
        assertThatThrownBy(() -> Augmentation.parse("flip,rotate")).hasMessageContaining("unknown augmentation 'rotate'")
                .hasMessageContaining("shift:N");
        assertThatThrownBy(() -> Augmentation.parse("shift:x")).hasMessageContaining("shift:2");
        assertThatThrownBy(() -> Augmentation.randomShift(0)).hasMessageContaining("got 0");
        float[] flat = new float[4];
        assertThatThrownBy(() -> Augmentation.horizontalFlip().apply(flat, 0, Shape.of(4), new SplittableRandom(1)))
                .hasMessageContaining("[C, H, W]");
    }
}
