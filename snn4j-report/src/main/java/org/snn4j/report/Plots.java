package org.snn4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.snn4j.io.AtomicFiles;

/**
 * PNG plots for simulation and benchmark reports: spike rasters, histograms, line charts, confusion
 * matrices and image grids. Every method validates its inputs (throwing
 * {@link IllegalArgumentException} that names the bad value), renders the whole image in memory and
 * writes it with {@link AtomicFiles#write(Path, byte[])}, so a reader sees either the previous file or
 * the complete new PNG, and no temporary file is left behind. A failed write throws
 * {@link IOException} and leaves the target as it was; the target's directory must exist.
 *
 * <p>Charts ({@link #raster}, {@link #histogram}, {@link #lines}) are drawn with XChart at
 * {@link #WIDTH}{@code ×}{@link #HEIGHT} pixels; {@link #confusionMatrix} and {@link #imageGrid} are
 * drawn with Java2D. Loading this class sets the system property {@code java.awt.headless=true}
 * unless the property is already set, so plots work on machines without a display (it has no effect
 * if AWT was initialised before). Nothing passed in is mutated.
 */
public final class Plots {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Width in pixels of the XChart plots ({@link #raster}, {@link #histogram}, {@link #lines}). */
    public static final int WIDTH = 900;
    /** Height in pixels of the XChart plots ({@link #raster}, {@link #histogram}, {@link #lines}). */
    public static final int HEIGHT = 500;
    /** Width and height in pixels of a {@link #confusionMatrix} image. */
    public static final int CONFUSION_SIZE = 800;
    /** Height in pixels of the title band above the tiles of an {@link #imageGrid}. */
    public static final int GRID_TITLE_HEIGHT = 28;
    /** Width in pixels of the separators between (and around) the tiles of an {@link #imageGrid}. */
    public static final int GRID_SEPARATOR = 1;
    /** Largest width or height in pixels that {@link #imageGrid} will produce. */
    public static final int MAX_IMAGE_SIDE = 16_384;
    /**
     * Most spikes {@link #raster} draws; above this only the neurons {@code 0..k-1} are drawn, {@code k}
     * being the largest count whose spikes number at most this many (see {@link #raster}).
     */
    public static final int MAX_RASTER_POINTS = 200_000;
    /** Most bins {@link #histogram} and {@link #histogramCounts} accept. */
    public static final int MAX_BINS = 10_000;
    /** A line series with at most this many points is drawn with a marker at each point. */
    public static final int MARKER_POINT_LIMIT = 60;

    /** Confusion-matrix layout: the grid's top-left corner and side length in pixels. */
    static final int CONFUSION_TOP = 50;
    static final int CONFUSION_LEFT = 120;
    static final int CONFUSION_SIDE = Math.min(CONFUSION_SIZE - CONFUSION_LEFT - 30, CONFUSION_SIZE - CONFUSION_TOP - 90);

    static final Color SEPARATOR_COLOR = new Color(70, 110, 200);
    private static final Color CONFUSION_LOW = Color.WHITE;
    private static final Color CONFUSION_HIGH = new Color(8, 48, 107);

    private Plots() {
    }

    /**
     * One named line of a {@link #lines} chart: the points {@code (x[i], y[i])}, joined in index
     * order. The arrays are not copied; do not change them before the chart is written.
     *
     * @param name the legend entry, not blank; names within one chart must differ
     * @param x    the x coordinates, finite, at least one
     * @param y    the y coordinates, finite, as many as {@code x}
     */
    public record Series(String name, double[] x, double[] y) {
        /** Validates the name and the coordinate arrays. */
        public Series {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("series name must not be blank, got " + (name == null ? "null" : "'" + name + "'"));
            }
            if (x == null || y == null) {
                throw new IllegalArgumentException("series '" + name + "': x and y must not be null");
            }
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " values but y has " + y.length);
            }
            if (x.length == 0) {
                throw new IllegalArgumentException("series '" + name + "' must have at least one point, got 0");
            }
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                    throw new IllegalArgumentException("series '" + name + "': point " + i + " must be finite, got ("
                            + x[i] + ", " + y[i] + ")");
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ raster

    /**
     * Writes a spike raster: one small dot at {@code (timeMs[i], neuron[i])} per spike {@code i}, the
     * x axis spanning {@code [0, durationMs]} and the y axis the neuron indices. With zero spikes the
     * empty axes are drawn.
     *
     * <p>Above {@link #MAX_RASTER_POINTS} spikes only a deterministic subset is drawn: the spikes of
     * neurons {@code 0..k-1}, where {@code k} is the largest neuron count whose spikes number at most
     * {@code MAX_RASTER_POINTS}; the y axis then spans those {@code k} neurons and the title says so,
     * e.g. {@code "title (neurons 0-399 of 1000 shown; 180000 of 450000 spikes)"}. If neuron 0 alone
     * spiked more often than that, {@code k = 1} and only its first {@code MAX_RASTER_POINTS} spikes in
     * array order are drawn.
     *
     * @param png         the file to write (replaced atomically)
     * @param title       the chart title, not null
     * @param neuron      the neuron index of each spike, in {@code [0, neuronCount)}
     * @param timeMs      the time of each spike in ms, in {@code [0, durationMs]}, as many as {@code neuron}
     * @param durationMs  the simulated duration in ms, finite and {@code > 0}
     * @param neuronCount the number of neurons, {@code ≥ 1}
     * @throws IllegalArgumentException if an argument is outside the ranges above
     * @throws IOException              if the file cannot be written
     */
    public static void raster(Path png, String title, int[] neuron, double[] timeMs, double durationMs, int neuronCount)
            throws IOException {
        raster(png, title, "time (ms)", neuron, timeMs, durationMs, neuronCount);
    }

    /**
     * {@link #raster(Path, String, int[], double[], double, int)} with another time axis title, e.g.
     * {@code "time step"} for a multi-step network (times then count steps instead of ms).
     */
    public static void raster(Path png, String title, String timeLabel, int[] neuron, double[] timeMs, double durationMs,
                              int neuronCount) throws IOException {
        requireText(timeLabel, "timeLabel");
        requireTarget(png);
        requireText(title, "title");
        if (neuron == null || timeMs == null) {
            throw new IllegalArgumentException("raster neuron and timeMs arrays must not be null");
        }
        if (neuron.length != timeMs.length) {
            throw new IllegalArgumentException("raster neuron has " + neuron.length + " entries but timeMs has " + timeMs.length);
        }
        if (!(durationMs > 0) || !Double.isFinite(durationMs)) {
            throw new IllegalArgumentException("raster durationMs must be finite and > 0, got " + durationMs);
        }
        if (neuronCount < 1) {
            throw new IllegalArgumentException("raster neuronCount must be >= 1, got " + neuronCount);
        }
        int n = neuron.length;
        int[] perNeuron = new int[neuronCount];
        for (int i = 0; i < n; i++) {
            int k = neuron[i];
            if (k < 0 || k >= neuronCount) {
                throw new IllegalArgumentException("raster neuron[" + i + "] must be in [0, " + neuronCount + "), got " + k);
            }
            double t = timeMs[i];
            if (!(t >= 0 && t <= durationMs)) {
                throw new IllegalArgumentException("raster timeMs[" + i + "] must be in [0, " + durationMs + "], got " + t);
            }
            perNeuron[k]++;
        }

        int shownNeurons = neuronCount;
        int shown = n;
        String fullTitle = title;
        if (n > MAX_RASTER_POINTS) {
            int k = rasterNeuronBound(perNeuron, MAX_RASTER_POINTS);
            long cumulative = 0;
            for (int i = 0; i < k; i++) {
                cumulative += perNeuron[i];
            }
            shownNeurons = k;
            shown = (int) Math.min(cumulative, MAX_RASTER_POINTS);
            fullTitle = title + " (neurons 0-" + (k - 1) + " of " + neuronCount + " shown; " + shown + " of " + n + " spikes)";
        }
        double[] xs = new double[shown];
        double[] ys = new double[shown];
        int m = 0;
        for (int i = 0; i < n && m < shown; i++) {
            if (neuron[i] < shownNeurons) {
                xs[m] = timeMs[i];
                ys[m] = neuron[i];
                m++;
            }
        }

        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(fullTitle).xAxisTitle(timeLabel).yAxisTitle("neuron").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(2);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(durationMs);
        chart.getStyler().setYAxisMin(-0.5).setYAxisMax(shownNeurons - 0.5);
        if (shown > 0) {
            XYSeries s = chart.addSeries("spikes", xs, ys);
            s.setMarker(SeriesMarkers.SQUARE);
            s.setMarkerColor(Color.BLACK);
        }
        writeChart(png, chart);
    }

    /**
     * The number {@code k ≥ 1} of leading neurons a raster draws: the largest {@code k} with
     * {@code Σ_{i<k} perNeuron[i] ≤ maxPoints}, or 1 if neuron 0 alone has more than {@code maxPoints}.
     */
    static int rasterNeuronBound(int[] perNeuron, int maxPoints) {
        int k = 0;
        long cumulative = 0;
        while (k < perNeuron.length && cumulative + perNeuron[k] <= maxPoints) {
            cumulative += perNeuron[k];
            k++;
        }
        return Math.max(k, 1);
    }

    // ------------------------------------------------------------------------------------------ histogram

    /**
     * Counts {@code values} into {@code bins} equal bins over {@code [min, max]}: value {@code v} goes to
     * bin {@code k = floor((v − min) / (max − min) · bins)}, clamped to {@code [0, bins − 1]}. Bin
     * {@code k} thus covers {@code [min + k·w, min + (k+1)·w)} with {@code w = (max − min) / bins} (up to
     * double rounding at the edges), the last bin also holds {@code max}, values below {@code min}
     * (including {@code −∞}) count in bin 0 and values above {@code max} (including {@code +∞}) in the
     * last bin.
     *
     * @param values the values, none NaN
     * @param bins   the number of bins, in {@code [1, MAX_BINS]}
     * @param min    the lower edge of bin 0, finite
     * @param max    the upper edge of the last bin, finite and {@code > min}
     * @return a new array of {@code bins} counts summing to {@code values.length}
     * @throws IllegalArgumentException if an argument is outside the ranges above
     */
    public static int[] histogramCounts(double[] values, int bins, double min, double max) {
        if (values == null) {
            throw new IllegalArgumentException("histogram values must not be null");
        }
        requireBins(bins, min, max);
        int[] counts = new int[bins];
        double scale = bins / (max - min);
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("histogram values[" + i + "] must not be NaN");
            }
            double pos = Math.floor((v - min) * scale);
            int k = pos < 0 ? 0 : pos >= bins ? bins - 1 : (int) pos;
            counts[k]++;
        }
        return counts;
    }

    /**
     * Writes a bar histogram of {@code values} with {@code bins} equal bins over {@code [min, max]}, as
     * counted by {@link #histogramCounts} (values outside {@code [min, max]} are clamped into the end
     * bins). Bars are labelled by their bin centres (every
     * {@code ceil(bins / 10)}-th bar, starting with the first); the y axis is the count.
     *
     * @param png    the file to write (replaced atomically)
     * @param title  the chart title, not null
     * @param xLabel the x-axis title, not null
     * @param values the values, none NaN (may be empty)
     * @param bins   the number of bins, in {@code [1, MAX_BINS]}
     * @param min    the lower edge of bin 0, finite
     * @param max    the upper edge of the last bin, finite and {@code > min}
     * @throws IllegalArgumentException if an argument is outside the ranges above
     * @throws IOException              if the file cannot be written
     */
    public static void histogram(Path png, String title, String xLabel, double[] values, int bins, double min, double max)
            throws IOException {
        requireTarget(png);
        requireText(title, "title");
        requireText(xLabel, "xLabel");
        int[] counts = histogramCounts(values, bins, min, max);
        List<Double> centres = new ArrayList<>(bins);
        List<Integer> heights = new ArrayList<>(bins);
        double w = (max - min) / bins;
        for (int k = 0; k < bins; k++) {
            centres.add(min + (k + 0.5) * w);
            heights.add(counts[k]);
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xLabel).yAxisTitle("count").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAvailableSpaceFill(0.95);
        chart.getStyler().setYAxisMin(0.0);
        // label every step-th bar only (about 10 labels), so the labels never overlap
        int step = Math.max(1, (int) Math.ceil(bins / 10.0));
        chart.getStyler().setxAxisTickLabelsFormattingFunction(centre -> {
            long k = Math.round((centre - min) / w - 0.5);
            return k % step == 0 ? compactLabel(centre) : "";
        });
        CategorySeries s = chart.addSeries("count", centres, heights);
        s.setFillColor(SEPARATOR_COLOR);
        writeChart(png, chart);
    }

    // ------------------------------------------------------------------------------------------ lines

    /**
     * Writes a line chart with one line per series and a legend of the series names. A series of at
     * most {@link #MARKER_POINT_LIMIT} points also gets a marker at each point. The legend sits
     * right of the plot area.
     *
     * @param png    the file to write (replaced atomically)
     * @param title  the chart title, not null
     * @param xLabel the x-axis title, not null
     * @param yLabel the y-axis title, not null
     * @param series the lines, at least one, none null, names distinct
     * @throws IllegalArgumentException if an argument is outside the ranges above
     * @throws IOException              if the file cannot be written
     */
    public static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series) throws IOException {
        lines(png, title, xLabel, yLabel, series, Scale.LINEAR, Scale.LINEAR);
    }

    /** How an axis maps values to positions. */
    public enum Scale {
        /** Equal distances for equal differences. */
        LINEAR,
        /**
         * Equal distances for equal ratios: the values' base-10 logarithms on a linear axis, ticks
         * labelled with the values themselves (e.g. 398k, 1M); every value on the axis must be positive.
         */
        LOG
    }

    /**
     * {@link #lines(Path, String, String, String, List)} with a chosen scale for each axis.
     *
     * @throws IllegalArgumentException also when an axis is {@link Scale#LOG} and a value on it is not
     *                                  positive (the message names the series)
     */
    public static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series, Scale xScale,
                             Scale yScale) throws IOException {
        requireTarget(png);
        requireText(title, "title");
        requireText(xLabel, "xLabel");
        requireText(yLabel, "yLabel");
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("lines needs at least one series, got " + (series == null ? "null" : "0"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            if (s == null) {
                throw new IllegalArgumentException("lines series[" + i + "] must not be null");
            }
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("lines series names must be distinct, '" + s.name() + "' appears twice");
            }
            requirePositiveOnLog(s.name(), "x", s.x(), xScale);
            requirePositiveOnLog(s.name(), "y", s.y(), yScale);
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(5);
        // a log axis plots log10(v) on a linear axis whose ticks are labelled with v itself: XChart's own
        // log axes label decades only, which leaves a range within one decade without numbers
        if (xScale == Scale.LOG) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(Plots::powerOfTenLabel);
        }
        if (yScale == Scale.LOG) {
            chart.getStyler().setyAxisTickLabelsFormattingFunction(Plots::powerOfTenLabel);
        }
        for (Series s : series) {
            XYSeries xy = chart.addSeries(s.name(), log10If(s.x(), xScale), log10If(s.y(), yScale));
            if (s.x().length > MARKER_POINT_LIMIT) {
                xy.setMarker(SeriesMarkers.NONE);
            } else {
                xy.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        writeChart(png, chart);
    }

    private static void requirePositiveOnLog(String name, String axis, double[] values, Scale scale) {
        if (scale != Scale.LOG) {
            return;
        }
        for (double v : values) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("series '" + name + "' has " + axis + " = " + v
                        + ", which a logarithmic " + axis + " axis cannot show; leave the point out or use a linear axis");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ confusion matrix

    /**
     * Writes a confusion matrix as a {@link #CONFUSION_SIZE}-pixel square heat map: row {@code r} is the
     * true class, column {@code c} the predicted class, and cell {@code (r, c)} shows
     * {@code counts[r][c]}. The cell colour runs from white to dark blue with the row-normalised value
     * {@code counts[r][c] / Σ_c' counts[r][c']} (0 for a row without samples), so each true class reads
     * as its own distribution. The counts are written in the cells when the cells are at least
     * 14 pixels wide; the class labels (cut to 14 characters) are written along both axes, every one
     * while cells are at least 10 pixels wide, otherwise every {@code j}-th with
     * {@code j = ceil(10 / cell width)}; predicted-class labels too wide for their column are turned
     * vertical.
     *
     * @param png    the file to write (replaced atomically)
     * @param title  the title, not null
     * @param counts a square {@code [n][n]} matrix of non-negative counts, {@code n ≥ 1}
     * @param labels the {@code n} class names, none null
     * @throws IllegalArgumentException if an argument is outside the ranges above
     * @throws IOException              if the file cannot be written
     */
    public static void confusionMatrix(Path png, String title, int[][] counts, String[] labels) throws IOException {
        requireTarget(png);
        requireText(title, "title");
        if (counts == null || counts.length == 0) {
            throw new IllegalArgumentException("confusion matrix needs at least one row, got " + (counts == null ? "null" : "0"));
        }
        int n = counts.length;
        long[] rowSums = new long[n];
        for (int r = 0; r < n; r++) {
            if (counts[r] == null || counts[r].length != n) {
                throw new IllegalArgumentException("confusion matrix must be square " + n + "x" + n + ", but row " + r + " has "
                        + (counts[r] == null ? "null" : counts[r].length + " columns"));
            }
            for (int c = 0; c < n; c++) {
                if (counts[r][c] < 0) {
                    throw new IllegalArgumentException("confusion matrix counts[" + r + "][" + c + "] must be >= 0, got " + counts[r][c]);
                }
                rowSums[r] += counts[r][c];
            }
        }
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException("confusion matrix needs " + n + " labels, got " + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] == null) {
                throw new IllegalArgumentException("confusion matrix labels[" + i + "] must not be null");
            }
        }

        int size = CONFUSION_SIZE;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = newGraphics(img);
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, size, size);
            int top = CONFUSION_TOP;
            int left = CONFUSION_LEFT;
            int side = CONFUSION_SIDE;
            double cell = (double) side / n;

            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            drawCentred(g, title, size / 2.0, 30);

            Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.max(8, Math.min(14, cell * 0.3)));
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    double frac = rowSums[r] == 0 ? 0 : (double) counts[r][c] / rowSums[r];
                    int x0 = left + (int) Math.round(c * cell);
                    int x1 = left + (int) Math.round((c + 1) * cell);
                    int y0 = top + (int) Math.round(r * cell);
                    int y1 = top + (int) Math.round((r + 1) * cell);
                    g.setColor(mix(CONFUSION_LOW, CONFUSION_HIGH, frac));
                    g.fillRect(x0, y0, x1 - x0, y1 - y0);
                    if (cell >= 14) {
                        g.setFont(cellFont);
                        g.setColor(frac > 0.5 ? Color.WHITE : Color.BLACK);
                        FontMetrics fm = g.getFontMetrics();
                        drawCentred(g, Integer.toString(counts[r][c]), (x0 + x1) / 2.0,
                                (y0 + y1) / 2.0 + (fm.getAscent() - fm.getDescent()) / 2.0);
                    }
                }
            }
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(left, top, side, side);

            g.setColor(Color.BLACK);
            Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.max(9, Math.min(13, cell * 0.5)));
            g.setFont(labelFont);
            FontMetrics fm = g.getFontMetrics();
            int step = (int) Math.ceil(10 / cell);
            for (int i = 0; i < n; i += step) {
                String label = clip(labels[i], 14);
                double centre = (i + 0.5) * cell;
                // true-class labels, right-aligned left of the rows
                g.drawString(label, left - 6 - fm.stringWidth(label),
                        (float) (top + centre + (fm.getAscent() - fm.getDescent()) / 2.0));
                // predicted-class labels below the columns, rotated when they would not fit side by side
                if (fm.stringWidth(label) <= cell * step - 2) {
                    drawCentred(g, label, left + centre, top + side + 4 + fm.getAscent());
                } else {
                    AffineTransform saved = g.getTransform();
                    g.translate(left + centre + (fm.getAscent() - fm.getDescent()) / 2.0, top + side + 4);
                    g.rotate(Math.PI / 2);
                    g.drawString(label, 0, 0);
                    g.setTransform(saved);
                }
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            drawCentred(g, "predicted class", left + side / 2.0, size - 12);
            AffineTransform saved = g.getTransform();
            g.translate(18, top + side / 2.0);
            g.rotate(-Math.PI / 2);
            drawCentred(g, "true class", 0, 0);
            g.setTransform(saved);
        } finally {
            g.dispose();
        }
        writeImage(png, img);
    }

    // ------------------------------------------------------------------------------------------ image grid

    /**
     * Writes greyscale images as a grid of tiles, e.g. the receptive fields of 400 neurons as a
     * {@code 20×20} grid of {@code 28×28} images. Image {@code i} goes to row {@code i / columns},
     * column {@code i % columns}; each is drawn magnified {@code scale} times (every value becomes a
     * {@code scale×scale} block). Each image is normalised to its own range: value {@code v} becomes grey
     * {@code round(255 · (v − min_i) / (max_i − min_i))} with {@code min_i, max_i} that image's extremes
     * (black = its minimum, white = its maximum); a constant image is drawn mid grey (128).
     *
     * <p>The picture is {@code cols·width·scale + (cols + 1)·GRID_SEPARATOR} pixels wide and
     * {@code GRID_TITLE_HEIGHT + rows·height·scale + (rows + 1)·GRID_SEPARATOR} high, with
     * {@code cols = min(columns, images.length)} and {@code rows = ceil(images.length / columns)}; blue separator lines surround every tile, unused
     * cells of the last row are left in the separator colour, and the title sits in a white band on
     * top (clipped if wider than the grid).
     *
     * @param png     the file to write (replaced atomically)
     * @param title   the title, not null
     * @param images  the images, at least one, each {@code height·width} finite values in row-major order
     * @param height  the rows of each image, {@code ≥ 1}
     * @param width   the columns of each image, {@code ≥ 1}
     * @param columns the tiles per grid row, {@code ≥ 1}
     * @param scale   the magnification, {@code ≥ 1}
     * @throws IllegalArgumentException if an argument is outside the ranges above or the picture would
     *                                  exceed {@link #MAX_IMAGE_SIDE} pixels on a side
     * @throws IOException              if the file cannot be written
     */
    public static void imageGrid(Path png, String title, float[][] images, int height, int width, int columns, int scale)
            throws IOException {
        requireTarget(png);
        requireText(title, "title");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image grid height and width must be >= 1, got " + height + "x" + width);
        }
        if (columns < 1) {
            throw new IllegalArgumentException("image grid columns must be >= 1, got " + columns);
        }
        if (scale < 1) {
            throw new IllegalArgumentException("image grid scale must be >= 1, got " + scale);
        }
        if (images == null || images.length == 0) {
            throw new IllegalArgumentException("image grid needs at least one image, got " + (images == null ? "null" : "0"));
        }
        long pixelsPerImage = (long) height * width;
        for (int i = 0; i < images.length; i++) {
            if (images[i] == null || images[i].length != pixelsPerImage) {
                throw new IllegalArgumentException("image grid images[" + i + "] must have " + height + "*" + width + " = "
                        + pixelsPerImage + " values, got " + (images[i] == null ? "null" : images[i].length));
            }
            for (int p = 0; p < images[i].length; p++) {
                if (!Float.isFinite(images[i][p])) {
                    throw new IllegalArgumentException("image grid images[" + i + "][" + p + "] must be finite, got " + images[i][p]);
                }
            }
        }
        int cols = Math.min(columns, images.length);
        int rows = (images.length + columns - 1) / columns;
        long tileW = (long) width * scale;
        long tileH = (long) height * scale;
        long totalW = cols * tileW + (cols + 1L) * GRID_SEPARATOR;
        long totalH = GRID_TITLE_HEIGHT + rows * tileH + (rows + 1L) * GRID_SEPARATOR;
        if (totalW > MAX_IMAGE_SIDE || totalH > MAX_IMAGE_SIDE) {
            throw new IllegalArgumentException("image grid would be " + totalW + "x" + totalH + " pixels; each side must be <= "
                    + MAX_IMAGE_SIDE + " (reduce scale or columns)");
        }
        BufferedImage img = new BufferedImage((int) totalW, (int) totalH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = newGraphics(img);
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, (int) totalW, GRID_TITLE_HEIGHT);
            g.setColor(SEPARATOR_COLOR);
            g.fillRect(0, GRID_TITLE_HEIGHT, (int) totalW, (int) totalH - GRID_TITLE_HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            FontMetrics fm = g.getFontMetrics();
            drawCentred(g, title, totalW / 2.0, (GRID_TITLE_HEIGHT + fm.getAscent() - fm.getDescent()) / 2.0);
        } finally {
            g.dispose();
        }
        int[] rowPixels = new int[(int) tileW];
        for (int i = 0; i < images.length; i++) {
            float[] im = images[i];
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float v : im) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            double range = (double) hi - lo;
            int x0 = GRID_SEPARATOR + (i % columns) * (int) (tileW + GRID_SEPARATOR);
            int y0 = GRID_TITLE_HEIGHT + GRID_SEPARATOR + (i / columns) * (int) (tileH + GRID_SEPARATOR);
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    int grey = range > 0 ? (int) Math.round(255.0 * (im[r * width + c] - lo) / range) : 128;
                    int rgb = (grey << 16) | (grey << 8) | grey;
                    for (int s = 0; s < scale; s++) {
                        rowPixels[c * scale + s] = rgb;
                    }
                }
                for (int s = 0; s < scale; s++) {
                    img.setRGB(x0, y0 + r * scale + s, (int) tileW, 1, rowPixels, 0, (int) tileW);
                }
            }
        }
        writeImage(png, img);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void requireTarget(Path png) {
        if (png == null) {
            throw new IllegalArgumentException("output path must not be null");
        }
    }

    private static void requireText(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
    }

    private static void requireBins(int bins, double min, double max) {
        if (bins < 1 || bins > MAX_BINS) {
            throw new IllegalArgumentException("histogram bins must be in [1, " + MAX_BINS + "], got " + bins);
        }
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("histogram range needs finite min < max, got [" + min + ", " + max + "]");
        }
    }

    private static double[] log10If(double[] v, Scale scale) {
        return scale == Scale.LOG ? java.util.Arrays.stream(v).map(Math::log10).toArray() : v;
    }

    /** The label of a tick at {@code e = log10(v)}: v with three significant digits and k/M/G/T for thousands. */
    static String powerOfTenLabel(Double e) {
        double v = Math.pow(10, e);
        if (v < 0.01) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        String[] suffix = {"", "k", "M", "G", "T"};
        int k = 0;
        while (v >= 1000 && k < suffix.length - 1) {
            v /= 1000;
            k++;
        }
        String digits = v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        if (digits.contains(".")) {
            digits = digits.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return digits + suffix[k];
    }

    private static String compactLabel(Double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static Graphics2D newGraphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    private static void drawCentred(Graphics2D g, String text, double cx, double baseline) {
        int w = g.getFontMetrics().stringWidth(text);
        g.drawString(text, (float) (cx - w / 2.0), (float) baseline);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static void writeChart(Path png, Chart<?, ?> chart) throws IOException {
        AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG));
    }

    private static void writeImage(Path png, BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer available in this JVM (javax.imageio)");
        }
        AtomicFiles.write(png, out.toByteArray());
    }
}
