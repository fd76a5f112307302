package org.xbarsim.sweep;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.report.Charts;

/**
 * The summary of a sweep's results table, per grid point and metric over its draws: count,
 * failures, mean, standard deviation, minimum, 5th/50th/95th percentiles and maximum. Writes
 * {@code summary.csv}, {@code summary.md} and {@code summary.png} beside the results.
 */
public final class SweepReport {
    /** Metrics drawn in summary.png, at most. */
    private static final int MAX_PLOTS = 6;
    /** Rows of summary.md, at most (summary.csv holds them all). */
    private static final int MAX_MD_ROWS = 200;

    /** One grid point's statistics for one metric. */
    public record Stat(long point, SweepSpec.Value[] settings, String metric, int n, int failed, double mean, double std, double min,
                       double p5, double p50, double p95, double max) {
    }

    /**
     * The statistics, the axis names and the metric names of a results table, with the values of
     * every grid point's draws by metric ({@code pointValues.get(p)[metric]}, points in order, the
     * failed draws left out).
     */
    public record Summary(List<String> axes, List<String> metrics, List<Stat> stats, long rows, long failedRows,
                          List<double[][]> pointValues) {
        /** The first grid point's values by metric (what a sweep without axes plots). */
        public double[][] firstPointValues() {
            return pointValues.get(0);
        }
    }

    /** Grid points drawn one by one (CDFs, box plots), at most. */
    private static final int MAX_POINT_PLOTS = 40;
    /** Grid points whose histograms share one chart (paper 001 Fig. 5 draws six), at most. */
    private static final int MAX_HISTOGRAMS = 8;

    private SweepReport() {
    }

    /** Summarizes {@code dir/results.csv}. */
    public static Summary summarize(Path dir) throws IOException {
        Path results = dir.resolve(SweepRunner.RESULTS);
        if (!Files.exists(results)) {
            throw new IllegalArgumentException(results + ": no results (run the sweep first)");
        }
        List<String> header;
        TreeMap<Long, List<CSVRecord>> byPoint = new TreeMap<>();
        try (Reader in = Files.newBufferedReader(results);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            header = p.getHeaderNames();
            for (CSVRecord r : p) {
                if (!r.isConsistent()) {
                    throw new IllegalArgumentException(results + ":" + (r.getRecordNumber() + 1) + ": " + r.size()
                            + " fields where the header has " + header.size());
                }
                byPoint.computeIfAbsent(Long.parseLong(r.get(0)), k -> new ArrayList<>()).add(r);
            }
        }
        int status = header.indexOf("status");
        int millis = header.indexOf("millis");
        if (status < 3 || millis < status || !header.subList(0, 3).equals(List.of("point", "draw", "seed"))) {
            throw new IllegalArgumentException(results + ": not a sweep results table (header " + header + ")");
        }
        List<String> axes = header.subList(3, status);
        List<String> metrics = header.subList(status + 1, millis);
        List<Stat> stats = new ArrayList<>();
        List<double[][]> pointValues = new ArrayList<>();
        long rows = 0;
        long failedRows = 0;
        for (Map.Entry<Long, List<CSVRecord>> e : byPoint.entrySet()) {
            List<CSVRecord> rs = e.getValue();
            // in draw order, so that the statistics do not depend on the order rows were written in
            rs.sort(java.util.Comparator.comparingLong(r -> Long.parseLong(r.get(1))));
            CSVRecord first = rs.get(0);
            SweepSpec.Value[] settings = new SweepSpec.Value[axes.size()];
            for (int a = 0; a < settings.length; a++) {
                settings[a] = value(first.get(3 + a));
            }
            int failed = 0;
            for (CSVRecord r : rs) {
                if (!r.get(status).equals("ok")) {
                    failed++;
                }
            }
            rows += rs.size();
            failedRows += failed;
            double[][] values = new double[metrics.size()][];
            pointValues.add(values);
            for (int m = 0; m < metrics.size(); m++) {
                double[] v = new double[rs.size() - failed];
                int k = 0;
                for (CSVRecord r : rs) {
                    if (r.get(status).equals("ok")) {
                        v[k++] = Double.parseDouble(r.get(status + 1 + m));
                    }
                }
                stats.add(stat(e.getKey(), settings, metrics.get(m), v, failed));
                values[m] = v;
            }
        }
        return new Summary(List.copyOf(axes), List.copyOf(metrics), stats, rows, failedRows, pointValues);
    }

    /** A settings cell: a number where it reads as one, else a text. */
    private static SweepSpec.Value value(String cell) {
        try {
            return SweepSpec.Value.of(Double.parseDouble(cell));
        } catch (NumberFormatException e) {
            return SweepSpec.Value.of(cell);
        }
    }

    private static Stat stat(long point, SweepSpec.Value[] settings, String metric, double[] v, int failed) {
        DescriptiveStatistics d = new DescriptiveStatistics(v);
        // percentiles linear between order statistics (type 7, NumPy's default)
        d.setPercentileImpl(new Percentile().withEstimationType(Percentile.EstimationType.R_7));
        return new Stat(point, settings, metric, v.length, failed, d.getMean(), d.getStandardDeviation(),
                d.getMin(), d.getPercentile(5), d.getPercentile(50), d.getPercentile(95), d.getMax());
    }

    /** Writes summary.csv, summary.md and summary.png into {@code dir}; returns the summary. */
    public static Summary write(Path dir) throws IOException {
        Summary s = summarize(dir);
        StringBuilder csv = new StringBuilder();
        List<String> cols = new ArrayList<>(List.of("point"));
        cols.addAll(s.axes());
        cols.addAll(List.of("metric", "n", "failed", "mean", "std", "min", "p5", "p50", "p95", "max"));
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
        csv.append(fmt.format(cols.toArray())).append('\n');
        for (Stat t : s.stats()) {
            List<Object> r = new ArrayList<>();
            r.add(t.point());
            for (SweepSpec.Value x : t.settings()) {
                r.add(x.cell());
            }
            r.addAll(List.of(t.metric(), t.n(), t.failed(), t.mean(), t.std(), t.min(), t.p5(), t.p50(), t.p95(), t.max()));
            csv.append(fmt.format(r.toArray())).append('\n');
        }
        AtomicFile.write(dir.resolve("summary.csv"), w -> w.write(csv.toString()));
        String md = markdown(s);
        AtomicFile.write(dir.resolve("summary.md"), w -> w.write(md));
        Path copy = dir.resolve(SweepRunner.SPEC_COPY);
        SweepSpec.Plot plot = Files.exists(copy) ? SpecReader.parseCopy(copy).plot() : null;
        if (plot != null && plot.y() != null) {
            List<org.xbarsim.report.Heatmaps.Grid> grids = grids(s, plot);
            org.xbarsim.report.Heatmaps.writeGrids(grids, Math.min(3, grids.size()), dir.resolve("summary.png"));
        } else if (plot != null) {
            List<String> panels = plot.panels() == null ? List.of() : values(s, s.axes().indexOf(plot.panels()));
            List<Charts.Chart> charts = charts(s, plot, panels);
            Charts.write(charts, panels.size() > 1 ? panels.size() : Math.min(3, charts.size()), dir.resolve("summary.png"));
        } else {
            List<Charts.Chart> charts = charts(s);
            Charts.write(charts, charts.size() == 4 ? 2 : 3, dir.resolve("summary.png"));
        }
        spreads(s, dir);
        return s;
    }

    /**
     * With axes and several draws per point: the spread over the draws of the first metric
     * summary.png draws, per grid point, as empirical CDFs ({@code summary-cdf.png}; paper 001
     * Fig. 6), box plots ({@code summary-box.png}; paper 001 Fig. 8) and, for up to
     * {@link #MAX_HISTOGRAMS} points, histograms over 20 common bins ({@code summary-hist.png};
     * paper 001 Fig. 5). Up to {@link #MAX_POINT_PLOTS} points; more are left to summary.csv.
     */
    private static void spreads(Summary s, Path dir) throws IOException {
        long points = s.pointValues().size();
        if (s.axes().isEmpty() || points > MAX_POINT_PLOTS || s.stats().stream().allMatch(t -> t.n() < 2)) {
            return;
        }
        int m = plotted(s).get(0);
        String metric = s.metrics().get(m);
        List<String> names = new ArrayList<>();
        List<double[]> samples = new ArrayList<>();
        List<Charts.Series> cdfs = new ArrayList<>();
        int p = 0;
        for (Stat t : s.stats()) {
            if (!t.metric().equals(metric)) {
                continue;
            }
            double[] v = s.pointValues().get(p++)[m].clone();
            if (v.length == 0) {
                continue;
            }
            StringBuilder name = new StringBuilder();
            for (int a = 0; a < s.axes().size(); a++) {
                name.append(a > 0 ? ", " : "").append(s.axes().get(a)).append('=').append(label(t.settings()[a]));
            }
            names.add(name.toString());
            samples.add(v);
            Arrays.sort(v);
            double[] q = new double[v.length];
            for (int k = 0; k < v.length; k++) {
                q[k] = (k + 0.5) / v.length;
            }
            cdfs.add(new Charts.Series(name.toString(), v, q, Charts.Style.LINE));
        }
        Charts.write(List.of(new Charts.Chart(metric + ": empirical CDF over the draws of each grid point", metric,
                "fraction of draws below", false, false, true, cdfs)), 1, dir.resolve("summary-cdf.png"));
        Charts.writeBoxes(metric + " over the draws of each grid point", metric, names, samples, dir.resolve("summary-box.png"));
        if (names.size() <= MAX_HISTOGRAMS) {
            Charts.writeHistograms(metric + ": histogram over the draws of each grid point", metric, names, samples, 20,
                    dir.resolve("summary-hist.png"));
        }
    }

    private static String markdown(Summary s) {
        StringBuilder md = new StringBuilder("# Sweep summary\n\n");
        md.append(s.rows()).append(" rows (point x draw), ").append(s.failedRows()).append(" failed; ")
                .append(s.metrics().size()).append(" metrics. Statistics over the draws of each grid point; ")
                .append("percentiles linear between order statistics.\n\n");
        List<String> cols = new ArrayList<>(s.axes());
        cols.addAll(List.of("metric", "n", "failed", "mean", "std", "min", "p5", "p50", "p95", "max"));
        md.append("| ").append(String.join(" | ", cols)).append(" |\n|");
        md.append(" --- |".repeat(cols.size())).append('\n');
        int shown = 0;
        for (Stat t : s.stats()) {
            if (shown++ == MAX_MD_ROWS) {
                md.append("\n(").append(s.stats().size() - MAX_MD_ROWS).append(" more rows in summary.csv)\n");
                break;
            }
            md.append("| ");
            for (SweepSpec.Value x : t.settings()) {
                md.append(label(x)).append(" | ");
            }
            md.append(t.metric()).append(" | ").append(t.n()).append(" | ").append(t.failed());
            for (double x : new double[] {t.mean(), t.std(), t.min(), t.p5(), t.p50(), t.p95(), t.max()}) {
                md.append(" | ").append(g(x));
            }
            md.append(" |\n");
        }
        return md.toString();
    }

    private static String g(double x) {
        return String.format(Locale.ROOT, "%.6g", x);
    }

    /** A setting as tables and legends show it: a text, a whole number, or six significant digits without trailing zeros. */
    private static String label(SweepSpec.Value v) {
        if (!v.numeric() || v.number() == Math.rint(v.number())) {
            return v.toString();
        }
        String t = g(v.number());
        if (t.contains("e")) {
            return t.replaceAll("\\.?0+e", "e");
        }
        return t.contains(".") ? t.replaceAll("0+$", "").replaceAll("\\.$", "") : t;
    }

    /**
     * With axes: each metric's mean, 5th and 95th percentiles against the first numeric axis (or
     * against the first axis's values in order when none is numeric), a series per setting of
     * the others. Without: each metric's distribution over the draws (its empirical CDF).
     */
    private static List<Charts.Chart> charts(Summary s) {
        List<Charts.Chart> charts = new ArrayList<>();
        List<Integer> shown = plotted(s);
        if (s.axes().isEmpty()) {
            for (int m : shown) {
                double[] v = s.firstPointValues()[m].clone();
                Arrays.sort(v);
                double[] q = new double[v.length];
                for (int k = 0; k < v.length; k++) {
                    q[k] = (k + 0.5) / v.length;
                }
                charts.add(new Charts.Chart(s.metrics().get(m) + " over " + v.length + " draws", s.metrics().get(m),
                        "fraction of draws below", false, false, true, List.of(new Charts.Series("empirical CDF", v, q,
                        Charts.Style.LINE))));
            }
            return charts;
        }
        int xAxis = 0;
        while (xAxis < s.axes().size() && !allNumeric(s, xAxis)) {
            xAxis++;
        }
        boolean positions = xAxis == s.axes().size(); // no numeric axis: the first axis's values in order
        if (positions) {
            xAxis = 0;
        }
        List<String> labels = new ArrayList<>(); // the first axis's values, for positions
        for (Stat t : s.stats()) {
            String l = label(t.settings()[0]);
            if (!labels.contains(l)) {
                labels.add(l);
            }
        }
        // a positive axis spanning 20x or more is drawn on a log scale (levels 4..128, wire resistances)
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        for (Stat t : s.stats()) {
            if (!positions) {
                xLo = Math.min(xLo, t.settings()[xAxis].number());
                xHi = Math.max(xHi, t.settings()[xAxis].number());
            }
        }
        boolean logX = !positions && xLo > 0 && xHi / xLo >= 20;
        String xTitle = positions ? s.axes().get(0) + " (" + String.join(", ", labels.subList(0, Math.min(8, labels.size())))
                + (labels.size() > 8 ? ", ..." : "") + ")" : s.axes().get(xAxis);
        for (int m : shown) {
            String metric = s.metrics().get(m);
            Map<String, List<Stat>> series = new TreeMap<>();
            for (Stat t : s.stats()) {
                if (t.metric().equals(metric) && t.n() > 0) {
                    StringBuilder key = new StringBuilder();
                    for (int a = 0; a < s.axes().size(); a++) {
                        if (a != xAxis) {
                            key.append(key.isEmpty() ? "" : ", ").append(s.axes().get(a)).append('=').append(label(t.settings()[a]));
                        }
                    }
                    series.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(t);
                }
            }
            List<Charts.Series> lines = new ArrayList<>();
            int drawn = 0;
            int xa = xAxis;
            for (Map.Entry<String, List<Stat>> e : series.entrySet()) {
                if (drawn++ == 8) {
                    break;
                }
                List<Stat> ts = e.getValue();
                double[] x = ts.stream().mapToDouble(t -> positions ? labels.indexOf(label(t.settings()[0])) + 1
                        : t.settings()[xa].number()).toArray();
                String name = e.getKey().isEmpty() ? "mean" : e.getKey();
                lines.add(new Charts.Series(name, x, ts.stream().mapToDouble(Stat::mean).toArray()));
                if (ts.get(0).n() > 1 && series.size() == 1) {
                    lines.add(new Charts.Series("5th percentile", x, ts.stream().mapToDouble(Stat::p5).toArray(), Charts.Style.LINE));
                    lines.add(new Charts.Series("95th percentile", x, ts.stream().mapToDouble(Stat::p95).toArray(), Charts.Style.LINE));
                }
            }
            charts.add(new Charts.Chart(metric, xTitle, metric, logX, false, true, lines));
        }
        return charts;
    }

    /** The values of axis {@code a} as tables show them, in the order of the grid. */
    private static List<String> values(Summary s, int a) {
        List<String> out = new ArrayList<>();
        for (Stat t : s.stats()) {
            String l = label(t.settings()[a]);
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }

    /** A setting as a legend shows it: a file by its name without directory and extension, else its label. */
    private static String legend(SweepSpec.Value v) {
        String l = label(v);
        if (v.numeric() || !l.contains("/")) {
            return l;
        }
        String name = l.substring(l.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * The heat maps a spec's {@code plot} with a y axis asks for: per metric, value of its panels
     * axis and value of the axes it does not name, the metric's mean over x and y.
     */
    static List<org.xbarsim.report.Heatmaps.Grid> grids(Summary s, SweepSpec.Plot plot) {
        int xa = s.axes().indexOf(plot.x());
        int ya = s.axes().indexOf(plot.y());
        int pa = plot.panels() == null ? -1 : s.axes().indexOf(plot.panels());
        List<String> xs = values(s, xa);
        List<String> ys = values(s, ya);
        List<org.xbarsim.report.Heatmaps.Grid> grids = new ArrayList<>();
        for (int m : selected(s, plot)) {
            String metric = s.metrics().get(m);
            Map<String, double[][]> maps = new java.util.LinkedHashMap<>();
            for (Stat t : s.stats()) {
                if (!t.metric().equals(metric) || t.n() == 0) {
                    continue;
                }
                StringBuilder key = new StringBuilder(pa >= 0 ? plot.panels() + " = " + label(t.settings()[pa]) : "");
                for (int a = 0; a < s.axes().size(); a++) {
                    if (a != xa && a != ya && a != pa) {
                        key.append(key.isEmpty() ? "" : ", ").append(s.axes().get(a)).append(" = ").append(label(t.settings()[a]));
                    }
                }
                double[][] grid = maps.computeIfAbsent(key.toString(), k -> {
                    double[][] g = new double[ys.size()][xs.size()];
                    for (double[] row : g) {
                        java.util.Arrays.fill(row, Double.NaN);
                    }
                    return g;
                });
                grid[ys.indexOf(label(t.settings()[ya]))][xs.indexOf(label(t.settings()[xa]))] = t.mean();
            }
            for (Map.Entry<String, double[][]> e : maps.entrySet()) {
                grids.add(new org.xbarsim.report.Heatmaps.Grid(metric + (e.getKey().isEmpty() ? "" : ", " + e.getKey()), "",
                        plot.x(), xs, plot.y(), ys, e.getValue()));
            }
        }
        return grids;
    }

    /** The metrics a plot draws: those it names, else those that vary. */
    private static List<Integer> selected(Summary s, SweepSpec.Plot plot) {
        List<Integer> ms = new ArrayList<>();
        if (plot.metrics() == null) {
            ms.addAll(plotted(s));
        } else {
            for (String name : plot.metrics()) {
                int m = s.metrics().indexOf(name);
                if (m < 0) {
                    throw new IllegalArgumentException("plot.metrics: '" + name + "' is not a metric of this sweep; one of "
                            + s.metrics());
                }
                ms.add(m);
            }
        }
        return ms;
    }

    /**
     * The charts a spec's {@code plot} asks for: per metric and value of its panels axis, the
     * metric's mean against its x axis, a line per value of its series axis and of the axes it
     * does not name.
     */
    static List<Charts.Chart> charts(Summary s, SweepSpec.Plot plot, List<String> panelValues) {
        int xa = s.axes().indexOf(plot.x());
        int sa = plot.series() == null ? -1 : s.axes().indexOf(plot.series());
        int pa = plot.panels() == null ? -1 : s.axes().indexOf(plot.panels());
        List<Integer> ms = selected(s, plot);
        boolean numeric = allNumeric(s, xa);
        List<String> xLabels = values(s, xa);
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        for (Stat t : s.stats()) {
            if (numeric) {
                xLo = Math.min(xLo, t.settings()[xa].number());
                xHi = Math.max(xHi, t.settings()[xa].number());
            }
        }
        boolean logX = numeric && xLo > 0 && xHi / xLo >= 20;
        List<String> panels = panelValues.isEmpty() ? java.util.Collections.singletonList(null) : panelValues;
        List<Charts.Chart> charts = new ArrayList<>();
        for (int m : ms) {
            String metric = s.metrics().get(m);
            for (String panel : panels) {
                Map<String, List<Stat>> lines = new java.util.LinkedHashMap<>();
                for (Stat t : s.stats()) {
                    if (!t.metric().equals(metric) || t.n() == 0 || (pa >= 0 && !label(t.settings()[pa]).equals(panel))) {
                        continue;
                    }
                    StringBuilder key = new StringBuilder(sa >= 0 ? legend(t.settings()[sa]) : "");
                    for (int a = 0; a < s.axes().size(); a++) {
                        if (a != xa && a != sa && a != pa) {
                            key.append(key.isEmpty() ? "" : ", ").append(s.axes().get(a)).append('=').append(legend(t.settings()[a]));
                        }
                    }
                    lines.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(t);
                }
                List<Charts.Series> series = new ArrayList<>();
                for (Map.Entry<String, List<Stat>> e : lines.entrySet()) {
                    List<Stat> ts = e.getValue();
                    double[] x = ts.stream().mapToDouble(t -> numeric ? t.settings()[xa].number()
                            : xLabels.indexOf(label(t.settings()[xa])) + 1).toArray();
                    // several draws per point: the mean with its standard deviation over the draws as error bars
                    boolean drawn = ts.stream().anyMatch(t -> t.n() > 1);
                    series.add(new Charts.Series(e.getKey().isEmpty() ? "mean" : e.getKey(), x,
                            ts.stream().mapToDouble(Stat::mean).toArray(), Charts.Style.CHART,
                            drawn ? ts.stream().mapToDouble(Stat::std).toArray() : null));
                }
                boolean spread = lines.values().stream().flatMap(List::stream).anyMatch(t -> t.n() > 1);
                String title = metric + (spread ? " (mean, +-1 std over the draws)" : "")
                        + (panel == null ? "" : ", " + plot.panels() + " = " + panel);
                charts.add(new Charts.Chart(title, plot.x(), metric, logX, false, true, series,
                        numeric ? List.of() : xLabels));
            }
        }
        return charts;
    }

    /**
     * The metrics summary.png draws: the first {@link #MAX_PLOTS} that vary over the table (a metric
     * constant everywhere, or NaN, says nothing drawn), else the first ones.
     */
    private static List<Integer> plotted(Summary s) {
        List<Integer> varying = new ArrayList<>();
        for (int m = 0; m < s.metrics().size() && varying.size() < MAX_PLOTS; m++) {
            String name = s.metrics().get(m);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Stat t : s.stats()) {
                if (t.metric().equals(name) && t.n() > 0) {
                    lo = Math.min(lo, t.min());
                    hi = Math.max(hi, t.max());
                }
            }
            if (hi > lo) {
                varying.add(m);
            }
        }
        if (varying.isEmpty()) {
            for (int m = 0; m < Math.min(MAX_PLOTS, s.metrics().size()); m++) {
                varying.add(m);
            }
        }
        return varying;
    }

    private static boolean allNumeric(Summary s, int axis) {
        return s.stats().stream().allMatch(t -> t.settings()[axis].numeric());
    }
}
