package org.xbarsim.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.xbarsim.bench.AccuracyBenchmark;
import org.xbarsim.bench.AccuracyBenchmark.KernelType;
import org.xbarsim.bench.AccuracyBenchmark.Method;
import org.xbarsim.conversion.Conversion;
import org.xbarsim.conversion.ErrorMetrics;
import org.xbarsim.mapping.WeightMapping;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.report.Charts;
import org.xbarsim.report.Heatmaps;

/** {@code xbarsim bench accuracy}: relative error against array size, per method (paper 002 Figs. 11-18). */
@Command(name = "accuracy", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Relative error of crossbar outputs against array size, kernel type and input sparsity, for "
                + "three ways of programming the array: none (linear mapping), original conversion (maximum input as "
                + "conversion signal) and the paper-002 method (conversion amplitude searched, then calibration). Writes "
                + "CSV, PNG plots and a markdown summary into a folder.")
final class AccuracyBench implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", defaultValue = "27x16,144x16,288x32,576x64",
            description = "array sizes ROWSxCOLS; default: ${DEFAULT-VALUE}")
    List<String> sizes;

    @Option(names = "--kernels", split = ",", defaultValue = "gaussian,nonzero,ternary",
            description = "kernel types (paper 002 Fig. 10): gaussian, nonzero (kept away from zero), ternary; default: ${DEFAULT-VALUE}")
    List<String> kernels;

    @Option(names = "--sparsity", split = ",", defaultValue = "0,0.5,0.8",
            description = "fractions of zero inputs, each in [0, 1); default: ${DEFAULT-VALUE}")
    List<Double> sparsities;

    @Option(names = "--inputs", defaultValue = "200", description = "input vectors per configuration; default: ${DEFAULT-VALUE}")
    int inputs;

    @Option(names = "--calibration", defaultValue = "10", description = "calibration samples (paper 002: 10); default: ${DEFAULT-VALUE}")
    int calibration;

    @Option(names = "--calibration-signal", defaultValue = "shuffled",
            description = "what the paper's method calibrates on (paper 002 Fig. 12): shuffled (samples of the inputs), "
                    + "random (vectors uniform in the input range), decreasing (the k-th uniform in 1/k of the range) or "
                    + "none (no calibration); default: ${DEFAULT-VALUE}")
    String calibrationSignal;

    @Option(names = "--search", defaultValue = "20",
            description = "further samples judging each conversion amplitude; default: ${DEFAULT-VALUE}")
    int search;

    @Option(names = "--amplitudes", split = ",", defaultValue = "1,0.5,0.2,0.1,0.05,0.02,0.01,0.005,0.002,0.001",
            description = "conversion-signal amplitudes tried, fractions of the largest input; default: ${DEFAULT-VALUE}")
    List<Double> amplitudes;

    @Option(names = "--mapping", defaultValue = "shift",
            description = "shift (offset removed digitally), reference (an analog reference column) or differential; "
                    + "default: ${DEFAULT-VALUE}")
    String mapping;

    @CommandLine.Mixin
    DeviceOptions device;

    @Option(names = "--seed", defaultValue = "1", description = "seed of kernels, inputs and samples; default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "benchmarks/results/accuracy",
            description = "folder to write; default: ${DEFAULT-VALUE}")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<int[]> parsed = Sizes.parse(sizes, "--sizes");
        Outputs.directory(output);
        List<KernelType> types = new ArrayList<>();
        for (String k : kernels) {
            types.add(KernelType.parse(k));
        }
        WeightMapping.Kind kind;
        try {
            kind = WeightMapping.Kind.parse(mapping);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage());
        }
        double[] amps = amplitudes.stream().mapToDouble(Double::doubleValue).toArray();
        AccuracyBenchmark.CalibrationSignal signal = Choices.of("--calibration-signal", calibrationSignal,
                AccuracyBenchmark.CalibrationSignal::parse, List.of("shuffled", "random", "decreasing", "none"));
        AccuracyBenchmark.Plan plan = new AccuracyBenchmark.Plan(parsed, types, sparsities, inputs, calibration, search, amps,
                device.template(), device.gMin(), device.gMax(), device.vMax(), kind, device.headroom(), seed, signal);
        String settings = String.format(Locale.ROOT, "%s, %s mapping, %d inputs per configuration, %d calibration + %d "
                        + "search samples (calibration signal: %s), seed %d", device.describe(), kind.name().toLowerCase(Locale.ROOT),
                inputs, calibration, search, signal.label(), seed);
        AccuracyBenchmark.Result result;
        try (ProgressBar bar = RunCommand.progressBar("accuracy", AccuracyBenchmark.configurations(plan), " configurations")) {
            result = AccuracyBenchmark.run(plan, msg -> {
                bar.setExtraMessage(msg);
                bar.step();
            });
        }
        Files.createDirectories(output);
        AtomicFile.write(output.resolve("accuracy.csv"), w -> writeRows(result.rows(), w));
        AtomicFile.write(output.resolve("amplitude-search.csv"), w -> writeAmplitudes(result.amplitudes(), w));
        plotSizes(result.rows(), output.resolve("error-vs-size.png"));
        plotScatter(result.scatters(), output.resolve("actual-vs-ideal.png"));
        plotAmplitudes(result.amplitudes(), output.resolve("error-vs-amplitude.png"));
        if (!result.clampMaps().isEmpty()) {
            List<Heatmaps.Map2> maps = new ArrayList<>();
            for (AccuracyBenchmark.ClampMap c : result.clampMaps()) {
                maps.add(new Heatmaps.Map2(c.rows() + "x" + c.cols() + " G'", "0 ok 1 low 2 high 3 infeasible",
                        statusValues(c.status())));
            }
            Heatmaps.write(maps, output.resolve("clamped.png"));
        }
        String md = summary(result, settings);
        return Summaries.finish(spec, output, md);
    }

    private static double[][] statusValues(Conversion.Status[][] s) {
        double[][] v = new double[s.length][s[0].length];
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s[0].length; j++) {
                v[i][j] = s[i][j].ordinal();
            }
        }
        return v;
    }

    private static void writeRows(List<AccuracyBenchmark.Row> rows, Writer w) throws IOException {
        w.write("rows,cols,kernel,sparsity,method,amplitude,mean_rel_err,worst_rel_err,p50_rel_err,p90_rel_err,p99_rel_err,"
                + "mean_bits,worst_bits,outputs,clamped_low,clamped_high,infeasible\n");
        for (AccuracyBenchmark.Row r : rows) {
            ErrorMetrics.Summary s = r.summary();
            w.write(String.format(Locale.ROOT, "%d,%d,%s,%.2f,%s,%s,%.4e,%.4e,%.4e,%.4e,%.4e,%.2f,%.2f,%d,%d,%d,%d%n", r.rows(),
                    r.cols(), r.kernel().label(), r.sparsity(), r.method().label(),
                    Double.isNaN(r.amplitude()) ? "" : Double.toString(r.amplitude()), s.mean(), s.worst(), s.p50(), s.p90(),
                    s.p99(), s.meanBits(), s.worstBits(), s.count(), r.clampedLow(), r.clampedHigh(), r.infeasible()));
        }
    }

    private static void writeAmplitudes(List<AccuracyBenchmark.AmplitudePoint> pts, Writer w) throws IOException {
        w.write("rows,cols,kernel,sparsity,amplitude,mean_rel_err_calibrated,worst_rel_err_calibrated,"
                + "mean_rel_err_uncalibrated,worst_rel_err_uncalibrated,clamped\n");
        for (AccuracyBenchmark.AmplitudePoint p : pts) {
            w.write(String.format(Locale.ROOT, "%d,%d,%s,%.2f,%s,%.4e,%.4e,%.4e,%.4e,%d%n", p.rows(), p.cols(), p.kernel().label(),
                    p.sparsity(), p.amplitude(), p.calibrated().mean(), p.calibrated().worst(), p.uncalibrated().mean(),
                    p.uncalibrated().worst(), p.clamped()));
        }
    }

    /** Per method: the mean over kernel types and sparsities of the mean relative error, and the largest worst one. */
    private static Map<Method, double[][]> bySize(List<AccuracyBenchmark.Row> rows) {
        Map<Method, double[][]> out = new LinkedHashMap<>();
        for (Method method : Method.values()) {
            Map<String, double[]> acc = new LinkedHashMap<>(); // size -> {cells, sum mean, count, max worst}
            for (AccuracyBenchmark.Row r : rows) {
                if (r.method() == method) {
                    double[] a = acc.computeIfAbsent(r.rows() + "x" + r.cols(), k -> new double[] {(double) r.rows() * r.cols(), 0, 0, 0});
                    a[1] += r.summary().mean();
                    a[2]++;
                    a[3] = Math.max(a[3], r.summary().worst());
                }
            }
            double[][] series = new double[3][acc.size()];
            int k = 0;
            for (double[] a : acc.values()) {
                series[0][k] = a[0];
                series[1][k] = a[1] / a[2];
                series[2][k] = a[3];
                k++;
            }
            out.put(method, series);
        }
        return out;
    }

    private static void plotSizes(List<AccuracyBenchmark.Row> rows, Path file) throws IOException {
        List<Charts.Series> series = new ArrayList<>();
        for (Map.Entry<Method, double[][]> e : bySize(rows).entrySet()) {
            double[][] s = e.getValue();
            series.add(new Charts.Series(e.getKey().label() + " mean", s[0], s[1]));
            series.add(new Charts.Series(e.getKey().label() + " worst", s[0], s[2]));
        }
        Charts.write(List.of(new Charts.Chart("relative error vs array size (mean over kernels and sparsities; worst of all)",
                "array cells (rows x columns)", "relative error", true, true, true, series)), 1, file);
    }

    private static void plotScatter(List<AccuracyBenchmark.Scatter> scatters, Path file) throws IOException {
        if (scatters.isEmpty()) {
            return;
        }
        // the size closest to 144x16 (paper 002 Fig. 13), every sparsity, one panel per method
        AccuracyBenchmark.Scatter pick = scatters.get(0);
        for (AccuracyBenchmark.Scatter s : scatters) {
            if (Math.abs(s.rows() * s.cols() - 144 * 16) < Math.abs(pick.rows() * pick.cols() - 144 * 16)) {
                pick = s;
            }
        }
        List<Charts.Chart> charts = new ArrayList<>();
        for (Method method : Method.values()) {
            List<Charts.Series> series = new ArrayList<>();
            for (AccuracyBenchmark.Scatter s : scatters) {
                if (s.rows() == pick.rows() && s.cols() == pick.cols() && s.method() == method) {
                    series.add(new Charts.Series(String.format(Locale.ROOT, "sparsity %.0f%%", 100 * s.sparsity()), s.ideal(),
                            s.actual()));
                }
            }
            charts.add(new Charts.Chart(pick.rows() + "x" + pick.cols() + " gaussian kernels, " + method.label(),
                    "ideal output / output range", "actual output / output range", false, false, false, series));
        }
        Charts.write(charts, 3, file);
    }

    private static void plotAmplitudes(List<AccuracyBenchmark.AmplitudePoint> pts, Path file) throws IOException {
        if (pts.isEmpty()) {
            return;
        }
        List<Charts.Chart> charts = new ArrayList<>();
        Map<String, List<AccuracyBenchmark.AmplitudePoint>> bySize = new LinkedHashMap<>();
        for (AccuracyBenchmark.AmplitudePoint p : pts) {
            if (p.kernel() == pts.get(0).kernel() && p.sparsity() == pts.get(0).sparsity()) {
                bySize.computeIfAbsent(p.rows() + "x" + p.cols(), k -> new ArrayList<>()).add(p);
            }
        }
        for (Map.Entry<String, List<AccuracyBenchmark.AmplitudePoint>> e : bySize.entrySet()) {
            List<AccuracyBenchmark.AmplitudePoint> l = e.getValue();
            double[] x = l.stream().mapToDouble(AccuracyBenchmark.AmplitudePoint::amplitude).toArray();
            charts.add(new Charts.Chart(e.getKey() + ", " + l.get(0).kernel().label() + " kernels, sparsity "
                    + String.format(Locale.ROOT, "%.0f%%", 100 * l.get(0).sparsity()), "conversion amplitude",
                    "relative error on the search samples", true, true, true, List.of(
                    new Charts.Series("mean, calibrated", x, l.stream().mapToDouble(p -> p.calibrated().mean()).toArray()),
                    new Charts.Series("worst, calibrated", x, l.stream().mapToDouble(p -> p.calibrated().worst()).toArray()),
                    new Charts.Series("mean, not calibrated", x, l.stream().mapToDouble(p -> p.uncalibrated().mean()).toArray()),
                    new Charts.Series("worst, not calibrated", x,
                            l.stream().mapToDouble(p -> p.uncalibrated().worst()).toArray()))));
        }
        Charts.write(charts, 2, file);
    }

    private static String summary(AccuracyBenchmark.Result result, String settings) {
        StringBuilder sb = new StringBuilder("# Accuracy against array size\n\nSettings: ").append(settings).append(".\n\n");
        sb.append("Relative error = |actual - ideal| / (range of the kernel's ideal outputs); bits = log2(1/error + 1) "
                + "(paper 002 section 3.3.2). Mean over kernel types and sparsities of the mean error; worst of all.\n\n");
        sb.append("| array | method | mean rel. error | worst rel. error | mean bits | worst bits |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        Map<Method, double[][]> by = bySize(result.rows());
        int sizes = by.get(Method.NONE)[0].length;
        List<String> names = new ArrayList<>();
        for (AccuracyBenchmark.Row r : result.rows()) {
            String nm = r.rows() + "x" + r.cols();
            if (!names.contains(nm)) {
                names.add(nm);
            }
        }
        for (int k = 0; k < sizes; k++) {
            for (Method method : Method.values()) {
                double[][] s = by.get(method);
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f %% | %.3f %% | %.1f | %.1f |%n", names.get(k),
                        method.label(), 100 * s[1][k], 100 * s[2][k], ErrorMetrics.bits(s[1][k]), ErrorMetrics.bits(s[2][k])));
            }
        }
        sb.append("\nPer configuration:\n\n| array | kernel | sparsity | method | amplitude | mean | worst | clamped (low/high/infeasible) |\n");
        sb.append("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |\n");
        for (AccuracyBenchmark.Row r : result.rows()) {
            sb.append(String.format(Locale.ROOT, "| %dx%d | %s | %.0f %% | %s | %s | %.3f %% | %.3f %% | %d/%d/%d |%n", r.rows(),
                    r.cols(), r.kernel().label(), 100 * r.sparsity(), r.method().label(),
                    Double.isNaN(r.amplitude()) ? "-" : Double.toString(r.amplitude()), 100 * r.summary().mean(),
                    100 * r.summary().worst(), r.clampedLow(), r.clampedHigh(), r.infeasible()));
        }
        return sb.toString();
    }
}
