package org.xbarsim.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Heat maps of quantities over an array's cells (paper 002 Fig. 8), side by side in one PNG,
 * each with its colour scale and unit.
 */
public final class Heatmaps {
    private Heatmaps() {
    }

    /** One map: cell values {@code values[i][j]} (row i, column j) already in {@code unit}. */
    public record Map2(String title, String unit, double[][] values) {
    }

    /**
     * One map over two named axes: {@code values[i][j]} at y value {@code yLabels[i]} and x value
     * {@code xLabels[j]} (NaN: no value), already in {@code unit}; drawn with its values printed.
     */
    public record Grid(String title, String unit, String xTitle, List<String> xLabels, String yTitle, List<String> yLabels,
                       double[][] values) {
    }

    /** Writes grids {@code perRow} to a row to {@code file} (PNG), atomically. */
    public static void writeGrids(List<Grid> grids, int perRow, Path file) throws IOException {
        List<HeatMapChart> charts = new ArrayList<>();
        for (Grid g : grids) {
            charts.add(chart(g));
        }
        int rows = (charts.size() + perRow - 1) / perRow;
        AtomicFile.writeBytes(file, out -> BitmapEncoder.saveBitmap(charts, rows, perRow, out,
                BitmapEncoder.BitmapFormat.PNG));
    }

    private static HeatMapChart chart(Grid g) {
        HeatMapChart c = new HeatMapChartBuilder().width(80 * g.xLabels().size() + 200).height(60 * g.yLabels().size() + 200)
                .title(g.title()).xAxisTitle(g.xTitle()).yAxisTitle(g.yTitle()).build();
        c.getStyler().setValueFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < g.yLabels().size(); i++) {
            for (int j = 0; j < g.xLabels().size(); j++) {
                double v = g.values()[i][j];
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    cells.add(new Number[] {j, i, v});
                }
            }
        }
        if (!(max > min)) {
            max = (Double.isFinite(min) ? min : 0) + Math.max(1e-12, Math.abs(Double.isFinite(min) ? min : 0) * 1e-9);
            min = Double.isFinite(min) ? min : 0;
        }
        c.addSeries(g.title(), g.xLabels(), g.yLabels(), cells);
        c.getStyler().setRangeColors(SCALE).setMin(round(min, false)).setMax(round(max, true)).setDrawBorder(true)
                .setShowValue(true).setLegendPosition(Styler.LegendPosition.OutsideE);
        // the cells print their values in 3 significant digits (the pattern is what the cells use; the formatter
        // the legend)
        c.getStyler().setHeatMapValueDecimalPattern("0.##E0").setHeatMapDecimalValueFormatter(
                v -> String.format(Locale.ROOT, "%.3g", v));
        c.getStyler().setChartBackgroundColor(Color.WHITE).setPlotBorderVisible(false);
        return c;
    }

    /** Blue (low) to red (high), as Fig. 8. */
    private static final Color[] SCALE = {new Color(0x30, 0x3f, 0x9f), new Color(0x26, 0xa6, 0xd9),
        new Color(0xa6, 0xd9, 0x6a), new Color(0xfd, 0xae, 0x61), new Color(0xd7, 0x30, 0x27)};

    /** Writes the maps side by side to {@code file} (PNG), atomically. */
    public static void write(List<Map2> maps, Path file) throws IOException {
        List<HeatMapChart> charts = new ArrayList<>();
        for (Map2 m : maps) {
            charts.add(chart(m));
        }
        AtomicFile.writeBytes(file, out -> BitmapEncoder.saveBitmap(charts, 1, charts.size(), out,
                BitmapEncoder.BitmapFormat.PNG));
    }

    /** v rounded outwards to 3 significant digits: up when {@code up}, else down. */
    private static double round(double v, boolean up) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        double scale = Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 2);
        double r = up ? Math.ceil(v / scale) * scale : Math.floor(v / scale) * scale;
        return Double.parseDouble(String.format(Locale.ROOT, "%.3g", r));
    }

    private static HeatMapChart chart(Map2 m) {
        int rows = m.values().length;
        int cols = m.values()[0].length;
        HeatMapChart c = new HeatMapChartBuilder().width(460).height(420).title(m.title() + " (" + m.unit() + ")")
                .xAxisTitle("column").yAxisTitle("row").build();
        List<Integer> xs = new ArrayList<>();
        for (int j = 0; j < cols; j++) {
            xs.add(j);
        }
        List<Integer> ys = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            ys.add(rows - 1 - i); // row 0 at the top, as the array is drawn
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        List<Number[]> cells = new ArrayList<>(rows * cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = m.values()[i][j];
                min = Math.min(min, v);
                max = Math.max(max, v);
                cells.add(new Number[] {j, rows - 1 - i, v});
            }
        }
        if (max == min) {
            max = min + Math.max(1e-12, Math.abs(min) * 1e-9);
        }
        // the legend prints its ends as they are: round them outwards to 3 significant digits
        min = round(min, false);
        max = round(max, true);
        c.addSeries(m.title(), xs, ys, cells);
        c.getStyler().setRangeColors(SCALE).setMin(min).setMax(max).setDrawBorder(false).setShowValue(false)
                .setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.4g", v));
        c.getStyler().setXAxisTicksVisible(cols <= 16).setYAxisTicksVisible(rows <= 16);
        c.getStyler().setChartBackgroundColor(Color.WHITE).setPlotBorderVisible(false);
        return c;
    }
}
