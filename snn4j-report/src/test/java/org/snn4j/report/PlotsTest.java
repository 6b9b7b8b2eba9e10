package org.snn4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    @TempDir
    Path dir;

    private static BufferedImage read(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as("readable PNG %s", png).isNotNull();
        return img;
    }

    private static int grey(BufferedImage img, int x, int y) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        assertThat(r).as("grey pixel at (%d, %d)", x, y).isEqualTo(g).isEqualTo(b);
        return r;
    }

    private List<String> dirListing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---------------------------------------------------------------- histogramCounts

    @Test
    void histogramCountsPutsEdgesIntoTheUpperBinAndMaxIntoTheLast() {
        double[] v = {0.0, 0.1, 0.25, 0.5, 0.6, 0.75, 1.0};
        assertThat(Plots.histogramCounts(v, 4, 0.0, 1.0)).containsExactly(2, 1, 2, 2);
    }

    @Test
    void histogramCountsClampsOutOfRangeValuesIntoTheEndBins() {
        double[] v = {-5.0, Double.NEGATIVE_INFINITY, -0.001, 2.0, 3.0, 7.0, 10.5, Double.POSITIVE_INFINITY};
        // range [2, 10], 4 bins of width 2: 2.0 -> 0, 3.0 -> 0, 7.0 -> 2, 10.5 and +inf -> 3
        assertThat(Plots.histogramCounts(v, 4, 2.0, 10.0)).containsExactly(5, 0, 1, 2);
    }

    @Test
    void histogramCountsSumToTheNumberOfValues() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextDouble(-1, 2);
        }
        int[] counts = Plots.histogramCounts(v, 7, 0, 1);
        assertThat(counts).hasSize(7);
        assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(1000);
        assertThat(Plots.histogramCounts(new double[0], 3, 0, 1)).containsExactly(0, 0, 0);
    }

    @Test
    void histogramCountsRejectsBadArguments() {
        assertThatThrownBy(() -> Plots.histogramCounts(new double[] {1}, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bins").hasMessageContaining("got 0");
        assertThatThrownBy(() -> Plots.histogramCounts(new double[] {1}, 3, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1.0, 1.0]");
        assertThatThrownBy(() -> Plots.histogramCounts(new double[] {1}, 3, 0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Plots.histogramCounts(new double[] {0.5, Double.NaN}, 3, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values[1]");
    }

    @Test
    void histogramWritesAChartOfTheDefaultSize() throws IOException {
        SplittableRandom rnd = new SplittableRandom(1);
        double[] v = new double[5000];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextDouble() * rnd.nextDouble() * 40;
        }
        Path png = dir.resolve("hist.png");
        Plots.histogram(png, "ISI distribution", "inter-spike interval (ms)", v, 40, 0, 40);
        BufferedImage img = read(png);
        assertThat(img.getWidth()).isEqualTo(Plots.WIDTH);
        assertThat(img.getHeight()).isEqualTo(Plots.HEIGHT);
        assertThat(dirListing()).containsExactly("hist.png");
    }

    // ---------------------------------------------------------------- raster

    @Test
    void rasterWritesAChartOfTheDefaultSize() throws IOException {
        SplittableRandom rnd = new SplittableRandom(2);
        int n = 20_000;
        int[] neuron = new int[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            neuron[i] = rnd.nextInt(100);
            t[i] = rnd.nextDouble(0, 500);
        }
        Path png = dir.resolve("raster.png");
        Plots.raster(png, "Poisson input, 20 Hz", neuron, t, 500, 100);
        BufferedImage img = read(png);
        assertThat(img.getWidth()).isEqualTo(Plots.WIDTH);
        assertThat(img.getHeight()).isEqualTo(Plots.HEIGHT);
        assertThat(dirListing()).containsExactly("raster.png");
    }

    @Test
    void rasterWithZeroSpikesDrawsEmptyAxes() throws IOException {
        Path png = dir.resolve("empty.png");
        Plots.raster(png, "silent", new int[0], new double[0], 100, 10);
        BufferedImage img = read(png);
        assertThat(img.getWidth()).isEqualTo(Plots.WIDTH);
        assertThat(img.getHeight()).isEqualTo(Plots.HEIGHT);
    }

    @Test
    void rasterAboveTheLimitDrawsTheLeadingNeurons() throws IOException {
        int n = Plots.MAX_RASTER_POINTS + 50_000;
        int[] neuron = new int[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            neuron[i] = i % 1000;
            t[i] = (i / 1000) * 0.5;
        }
        Path png = dir.resolve("big.png");
        Plots.raster(png, "big", neuron, t, 200, 1000);
        assertThat(read(png).getWidth()).isEqualTo(Plots.WIDTH);
    }

    @Test
    void rasterNeuronBoundIsTheLargestPrefixWithinTheLimit() {
        assertThat(Plots.rasterNeuronBound(new int[] {3, 3, 3, 3}, 9)).isEqualTo(3);
        assertThat(Plots.rasterNeuronBound(new int[] {3, 3, 3, 3}, 8)).isEqualTo(2);
        assertThat(Plots.rasterNeuronBound(new int[] {3, 3, 3, 3}, 12)).isEqualTo(4);
        assertThat(Plots.rasterNeuronBound(new int[] {3, 0, 0, 5}, 4)).isEqualTo(3);
        assertThat(Plots.rasterNeuronBound(new int[] {10, 1}, 4)).isEqualTo(1);
    }

    @Test
    void rasterRejectsOutOfRangeSpikes() {
        Path png = dir.resolve("x.png");
        assertThatThrownBy(() -> Plots.raster(png, "t", new int[] {0, 7}, new double[] {1, 2}, 10, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neuron[1]").hasMessageContaining("7");
        assertThatThrownBy(() -> Plots.raster(png, "t", new int[] {0}, new double[] {11}, 10, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeMs[0]").hasMessageContaining("11");
        assertThatThrownBy(() -> Plots.raster(png, "t", new int[] {0}, new double[0], 10, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 entries");
        assertThatThrownBy(() -> Plots.raster(png, "t", new int[0], new double[0], 0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durationMs");
        assertThatThrownBy(() -> Plots.raster(png, "t", new int[0], new double[0], 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neuronCount");
        assertThat(Files.exists(png)).isFalse();
    }

    // ---------------------------------------------------------------- lines

    @Test
    void linesWritesAChartOfTheDefaultSize() throws IOException {
        double[] epochs = {1, 2, 3, 4, 5};
        double[] t = new double[500];
        double[] v = new double[500];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 0.1;
            v[i] = -65 + 10 * Math.sin(i * 0.05);
        }
        Path png = dir.resolve("lines.png");
        Plots.lines(png, "Accuracy", "epoch", "accuracy (%)", List.of(
                new Plots.Series("train", epochs, new double[] {80, 88, 91, 93, 94}),
                new Plots.Series("test", epochs, new double[] {82, 87, 89, 90, 90.5})));
        BufferedImage img = read(png);
        assertThat(img.getWidth()).isEqualTo(Plots.WIDTH);
        assertThat(img.getHeight()).isEqualTo(Plots.HEIGHT);

        Path trace = dir.resolve("trace.png");
        Plots.lines(trace, "Membrane", "time (ms)", "v (mV)", List.of(new Plots.Series("neuron 0", t, v)));
        assertThat(read(trace).getHeight()).isEqualTo(Plots.HEIGHT);
        assertThat(dirListing()).containsExactly("lines.png", "trace.png");
    }

    @Test
    void linesRejectsBadSeries() {
        Path png = dir.resolve("x.png");
        double[] a = {1, 2};
        assertThatThrownBy(() -> new Plots.Series("s", a, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x has 2 values but y has 1");
        assertThatThrownBy(() -> new Plots.Series(" ", a, a))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> new Plots.Series("s", a, new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("point 1");
        assertThatThrownBy(() -> new Plots.Series("s", new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one point");
        assertThatThrownBy(() -> Plots.lines(png, "t", "x", "y", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one series");
        assertThatThrownBy(() -> Plots.lines(png, "t", "x", "y", List.of(new Plots.Series("s", a, a), new Plots.Series("s", a, a))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'s' appears twice");
        double[] withZero = {0, 10};
        assertThatThrownBy(() -> Plots.lines(png, "t", "x", "y", List.of(new Plots.Series("ops", withZero, a)),
                Plots.Scale.LOG, Plots.Scale.LINEAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("series 'ops' has x = 0.0")
                .hasMessageContaining("logarithmic x axis");
        assertThatThrownBy(() -> Plots.lines(png, "t", "x", "y", List.of(new Plots.Series("ops", a, new double[] {1, -2})),
                Plots.Scale.LINEAR, Plots.Scale.LOG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y = -2.0");
        assertThat(png).doesNotExist();
    }

    @Test
    void logTicksAreLabelledWithTheValuesThemselves() {
        assertThat(Plots.powerOfTenLabel(6.0)).isEqualTo("1M");
        assertThat(Plots.powerOfTenLabel(Math.log10(398_107))).isEqualTo("398k");
        assertThat(Plots.powerOfTenLabel(Math.log10(2_512))).isEqualTo("2.51k");
        assertThat(Plots.powerOfTenLabel(Math.log10(25))).isEqualTo("25");
        assertThat(Plots.powerOfTenLabel(Math.log10(4.3e9))).isEqualTo("4.3G");
        assertThat(Plots.powerOfTenLabel(Math.log10(0.5))).isEqualTo("0.5");
        assertThat(Plots.powerOfTenLabel(-4.0)).isEqualTo("1.0e-04");
    }

    @Test
    void logAxisMovesThePointsOfALineThroughDecades() throws IOException {
        double[] ops = {1e3, 1e4, 1e5, 1e6, 1e7};
        List<Plots.Series> line = List.of(new Plots.Series("SNN", ops, new double[] {20, 40, 60, 80, 90}));
        Path linear = dir.resolve("linear.png");
        Path log = dir.resolve("log.png");
        Plots.lines(linear, "Accuracy against operations", "operations per sample", "accuracy (%)", line);
        Plots.lines(log, "Accuracy against operations", "operations per sample", "accuracy (%)", line,
                Plots.Scale.LOG, Plots.Scale.LINEAR);
        BufferedImage a = read(linear);
        BufferedImage b = read(log);
        assertThat(b.getWidth()).isEqualTo(Plots.WIDTH);
        // on a linear axis four of the five points crowd at the left edge; on the log axis they are
        // spread out, so the middle of the plot area differs
        int differing = 0;
        for (int y = Plots.HEIGHT / 4; y < 3 * Plots.HEIGHT / 4; y++) {
            for (int x = Plots.WIDTH / 4; x < Plots.WIDTH / 2; x++) {
                differing += a.getRGB(x, y) != b.getRGB(x, y) ? 1 : 0;
            }
        }
        assertThat(differing).isGreaterThan(200);
    }

    // ---------------------------------------------------------------- confusion matrix

    @Test
    void confusionMatrixColoursCellsByRowShare() throws IOException {
        int[][] counts = {
                {90, 10, 0},
                {0, 0, 0},
                {5, 5, 40}};
        Path png = dir.resolve("cm.png");
        Plots.confusionMatrix(png, "Confusion", counts, new String[] {"zero", "one", "two"});
        BufferedImage img = read(png);
        assertThat(img.getWidth()).isEqualTo(Plots.CONFUSION_SIZE);
        assertThat(img.getHeight()).isEqualTo(Plots.CONFUSION_SIZE);
        double cell = Plots.CONFUSION_SIDE / 3.0;
        // sample each cell near its top-left corner, away from the written count
        int[][] lum = new int[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int rgb = img.getRGB(Plots.CONFUSION_LEFT + (int) (c * cell) + 4, Plots.CONFUSION_TOP + (int) (r * cell) + 4);
                lum[r][c] = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
            }
        }
        assertThat(lum[0][0]).isLessThan(lum[2][2]);   // 0.9 darker than 0.8
        assertThat(lum[2][2]).isLessThan(lum[0][1]);   // 0.8 darker than 0.1
        assertThat(lum[0][1]).isLessThan(lum[0][2]);   // 0.1 darker than 0
        assertThat(lum[0][1]).isEqualTo(lum[2][0]).isEqualTo(lum[2][1]); // 0.1 in both rows
        assertThat(lum[1][0]).isEqualTo(lum[0][2]).isEqualTo(3 * 255); // empty row: white
    }

    @Test
    void confusionMatrixRejectsNonSquareOrMismatchedLabels() {
        Path png = dir.resolve("cm.png");
        assertThatThrownBy(() -> Plots.confusionMatrix(png, "t", new int[][] {{1, 2}, {3}}, new String[] {"a", "b"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square 2x2").hasMessageContaining("row 1 has 1");
        assertThatThrownBy(() -> Plots.confusionMatrix(png, "t", new int[][] {{1, 2, 3}, {3, 4, 5}}, new String[] {"a", "b"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0 has 3");
        assertThatThrownBy(() -> Plots.confusionMatrix(png, "t", new int[][] {{1, 2}, {3, 4}}, new String[] {"a", "b", "c"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 2 labels, got 3");
        assertThatThrownBy(() -> Plots.confusionMatrix(png, "t", new int[][] {{1, -2}, {3, 4}}, new String[] {"a", "b"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counts[0][1]").hasMessageContaining("-2");
        assertThat(Files.exists(png)).isFalse();
    }

    @Test
    void confusionMatrixWithManyClassesStillRenders() throws IOException {
        int n = 100;
        int[][] counts = new int[n][n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            counts[i][i] = 50;
            counts[i][(i + 1) % n] = 3;
            labels[i] = "class " + i;
        }
        Path png = dir.resolve("cm100.png");
        Plots.confusionMatrix(png, "100 classes", counts, labels);
        assertThat(read(png).getWidth()).isEqualTo(Plots.CONFUSION_SIZE);
    }

    // ---------------------------------------------------------------- image grid

    @Test
    void imageGridHasTheDocumentedSizeAndNormalisesEachTile() throws IOException {
        int h = 4;
        int w = 5;
        int scale = 3;
        int columns = 3;
        float[][] images = new float[7][h * w];
        int[] maxAt = new int[images.length];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < images.length; i++) {
            for (int p = 0; p < h * w; p++) {
                images[i][p] = (float) rnd.nextDouble(-1, 1) * (i + 1);
            }
            maxAt[i] = rnd.nextInt(h * w);
            images[i][maxAt[i]] = 10f * (i + 1);
        }
        Path png = dir.resolve("grid.png");
        Plots.imageGrid(png, "fields", images, h, w, columns, scale);
        BufferedImage img = read(png);
        int rows = 3;
        int sep = Plots.GRID_SEPARATOR;
        assertThat(img.getWidth()).isEqualTo(columns * w * scale + (columns + 1) * sep);
        assertThat(img.getHeight()).isEqualTo(Plots.GRID_TITLE_HEIGHT + rows * h * scale + (rows + 1) * sep);

        for (int i = 0; i < images.length; i++) {
            int x0 = sep + (i % columns) * (w * scale + sep);
            int y0 = Plots.GRID_TITLE_HEIGHT + sep + (i / columns) * (h * scale + sep);
            int best = -1;
            int bestX = -1;
            int bestY = -1;
            int darkest = 256;
            for (int y = 0; y < h * scale; y++) {
                for (int x = 0; x < w * scale; x++) {
                    int g = grey(img, x0 + x, y0 + y);
                    if (g > best) {
                        best = g;
                        bestX = x;
                        bestY = y;
                    }
                    darkest = Math.min(darkest, g);
                }
            }
            assertThat(best).as("tile %d white at its maximum", i).isEqualTo(255);
            assertThat(darkest).as("tile %d black at its minimum", i).isEqualTo(0);
            assertThat(bestY / scale).as("tile %d max row", i).isEqualTo(maxAt[i] / w);
            assertThat(bestX / scale).as("tile %d max column", i).isEqualTo(maxAt[i] % w);
            // the whole scale x scale block of the maximum is white
            int by = (maxAt[i] / w) * scale;
            int bx = (maxAt[i] % w) * scale;
            assertThat(grey(img, x0 + bx + scale - 1, y0 + by + scale - 1)).isEqualTo(255);
        }
        // separator between tile 0 and tile 1, and the unused cells of the last row
        int sepX = sep + w * scale;
        assertThat(img.getRGB(sepX, Plots.GRID_TITLE_HEIGHT + 5) & 0xffffff).isEqualTo(Plots.SEPARATOR_COLOR.getRGB() & 0xffffff);
        assertThat(img.getRGB(img.getWidth() - 3, img.getHeight() - 3) & 0xffffff)
                .isEqualTo(Plots.SEPARATOR_COLOR.getRGB() & 0xffffff);
        assertThat(dirListing()).containsExactly("grid.png");
    }

    @Test
    void imageGridDrawsAConstantImageMidGrey() throws IOException {
        Path png = dir.resolve("const.png");
        Plots.imageGrid(png, "c", new float[][] {{2f, 2f, 2f, 2f}}, 2, 2, 4, 1);
        BufferedImage img = read(png);
        assertThat(img.getWidth()).isEqualTo(2 + 2 * Plots.GRID_SEPARATOR); // columns capped at the image count
        assertThat(grey(img, Plots.GRID_SEPARATOR, Plots.GRID_TITLE_HEIGHT + Plots.GRID_SEPARATOR)).isEqualTo(128);
    }

    @Test
    void imageGridRejectsBadArguments() {
        Path png = dir.resolve("g.png");
        assertThatThrownBy(() -> Plots.imageGrid(png, "t", new float[][] {new float[6]}, 2, 2, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("images[0]").hasMessageContaining("got 6");
        assertThatThrownBy(() -> Plots.imageGrid(png, "t", new float[][] {{0, Float.NaN, 0, 0}}, 2, 2, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("images[0][1]");
        assertThatThrownBy(() -> Plots.imageGrid(png, "t", new float[][] {new float[4]}, 2, 2, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("columns");
        assertThatThrownBy(() -> Plots.imageGrid(png, "t", new float[][] {new float[4]}, 2, 2, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
        assertThatThrownBy(() -> Plots.imageGrid(png, "t", new float[][] {new float[4]}, 2, 2, 1, 10_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16384");
        assertThat(Files.exists(png)).isFalse();
    }

    // ---------------------------------------------------------------- writing

    @Test
    void writingIntoAMissingDirectoryThrowsIOExceptionAndLeavesNothing() throws IOException {
        Path png = dir.resolve("missing").resolve("x.png");
        assertThatThrownBy(() -> Plots.histogram(png, "t", "x", new double[] {1}, 2, 0, 2))
                .isInstanceOf(IOException.class).hasMessageContaining("does not exist");
        assertThat(dirListing()).isEmpty();
    }

    @Test
    void rewritingReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path png = dir.resolve("g.png");
        Plots.imageGrid(png, "first", new float[][] {{0, 1, 2, 3}}, 2, 2, 1, 1);
        Plots.imageGrid(png, "second", new float[][] {{0, 1, 2, 3}, {3, 2, 1, 0}}, 2, 2, 2, 2);
        BufferedImage img = read(png);
        assertThat(img.getWidth()).isEqualTo(2 * 4 + 3 * Plots.GRID_SEPARATOR);
        assertThat(dirListing()).containsExactly("g.png");
    }
}
