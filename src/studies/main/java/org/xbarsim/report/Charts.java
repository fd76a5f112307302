package org.xbarsim.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line and scatter charts (XChart), written as PNG atomically. */
public final class Charts {
    private Charts() {
    }

    /** How a series is drawn: as its chart draws every series, as a plain line, or as markers only. */
    public enum Style { CHART, LINE, MARKERS }

    /**
     * One series of points.
     *
     * @param errors null, or each point's error bar: y minus and plus this (for example the
     *               standard deviation over a sweep point's draws)
     */
    public record Series(String name, double[] x, double[] y, Style style, double[] errors) {
        public Series(String name, double[] x, double[] y, Style style) {
            this(name, x, y, style, null);
        }

        public Series(String name, double[] x, double[] y) {
            this(name, x, y, Style.CHART);
        }
    }

    /**
     * One chart.
     *
     * @param lines true: lines with markers; false: markers only (a scatter)
     */
    public record Chart(String title, String xTitle, String yTitle, boolean logX, boolean logY, boolean lines,
                        List<Series> series, List<String> xLabels) {
        /** A chart with numeric x ticks. */
        public Chart(String title, String xTitle, String yTitle, boolean logX, boolean logY, boolean lines, List<Series> series) {
            this(title, xTitle, yTitle, logX, logY, lines, series, List.of());
        }

        /**
         * @param xLabels empty, or the names of the x positions 1, 2, ... (a category axis drawn as
         *                an XY chart: the other ticks left blank)
         */
        public Chart {
            xLabels = List.copyOf(xLabels);
        }
    }

    /**
     * Writes {@code charts} side by side to {@code file} (PNG): in rows of {@code perRow} when
     * they fill the rows exactly, else all in one row.
     */
    public static void write(List<Chart> charts, int perRow, Path file) throws IOException {
        List<XYChart> built = new ArrayList<>();
        for (Chart c : charts) {
            built.add(build(c));
        }
        int cols = built.size() % perRow == 0 ? perRow : built.size();
        int rows = built.size() / cols;
        AtomicFile.writeBytes(file, out -> BitmapEncoder.saveBitmap(built, rows, cols, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * Box plots side by side (XChart's box chart: median, quartiles, whiskers at 1.5 IQR, and the
     * points beyond them), one per named sample, written to {@code file} (PNG).
     */
    public static void writeBoxes(String title, String yTitle, List<String> names, List<double[]> samples, Path file)
            throws IOException {
        org.knowm.xchart.BoxChart chart = new org.knowm.xchart.BoxChartBuilder().width(Math.max(560, 160 * names.size()))
                .height(480).title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setPlotBorderVisible(false).setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(names.size() > 6 ? 45 : 0);
        for (int k = 0; k < names.size(); k++) {
            chart.addSeries(names.get(k), samples.get(k));
        }
        AtomicFile.writeBytes(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * Histograms of named samples over common bins (counts per bin, the samples side by side in
     * each bin, XChart's category chart), written to {@code file} (PNG).
     *
     * @param bins the number of equal bins over the samples' whole range
     */
    public static void writeHistograms(String title, String xTitle, List<String> names, List<double[]> samples, int bins,
                                       Path file) throws IOException {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] v : samples) {
            for (double x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        double width = hi > lo ? (hi - lo) / bins : 1;
        List<String> centres = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            centres.add(String.format(java.util.Locale.ROOT, "%.3g", lo + (b + 0.5) * width));
        }
        org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder().width(Math.max(700, 40 * bins))
                .height(480).title(title).xAxisTitle(xTitle).yAxisTitle("draws").build();
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setPlotBorderVisible(false);
        chart.getStyler().setXAxisLabelRotation(45);
        for (int k = 0; k < names.size(); k++) {
            List<Integer> counts = new ArrayList<>(java.util.Collections.nCopies(bins, 0));
            for (double x : samples.get(k)) {
                int b = (int) Math.min(bins - 1, Math.floor((x - lo) / width));
                counts.set(b, counts.get(b) + 1);
            }
            chart.addSeries(names.get(k), centres, counts);
        }
        AtomicFile.writeBytes(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static XYChart build(Chart c) {
        XYChart chart = new XYChartBuilder().width(560).height(420).title(c.title()).xAxisTitle(c.xTitle())
                .yAxisTitle(c.yTitle()).build();
        chart.getStyler().setXAxisLogarithmic(c.logX()).setYAxisLogarithmic(c.logY())
                .setChartBackgroundColor(Color.WHITE).setPlotBorderVisible(false).setMarkerSize(c.lines() ? 6 : 3);
        chart.getStyler().setDefaultSeriesRenderStyle(c.lines() ? XYSeries.XYSeriesRenderStyle.Line
                : XYSeries.XYSeriesRenderStyle.Scatter);
        if (!c.xLabels().isEmpty()) {
            List<String> names = c.xLabels();
            chart.setCustomXAxisTickLabelsFormatter(x -> {
                long k = Math.round(x);
                return Math.abs(x - k) < 1e-9 && k >= 1 && k <= names.size() ? names.get((int) k - 1) : "";
            });
        }
        if (c.series().size() > 10) {
            chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(9f));
        }
        for (Series s : c.series()) {
            XYSeries xy = s.errors() == null ? chart.addSeries(s.name(), s.x(), s.y())
                    : chart.addSeries(s.name(), s.x(), s.y(), s.errors());
            switch (s.style()) {
                case LINE -> {
                    xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    xy.setMarker(SeriesMarkers.NONE);
                }
                case MARKERS -> xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                case CHART -> {
                    if (c.lines()) {
                        xy.setMarker(SeriesMarkers.CIRCLE);
                    }
                }
            }
        }
        return chart;
    }
}
