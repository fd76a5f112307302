package org.xbarsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.report.Charts;
import org.xbarsim.validation.DpeCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xbarsim validate}: the array model against measured array reads. */
@Command(name = "validate", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Check the array model against measured data.",
        subcommands = {ValidateCommand.Dpe.class})
final class ValidateCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: dpe");
    }

    /** {@code xbarsim validate dpe}. */
    @Command(name = "dpe", mixinStandardHelpOptions = true, addMethodSubcommands = false,
            description = "Simulate the reads of a programmed binary pattern on a 1T1R array (random binary vectors and "
                    + "their complements at V_read) and compare each column's slope, intercept and residual of conductance "
                    + "against the ideal count with the measured ones; G_on, G_off and the device spread come from the data.")
    static final class Dpe implements Callable<Integer> {
        @Option(names = "--data", defaultValue = FitCommand.MEASURED + "/hpe-dpe-array",
                description = "folder with CMat.csv, all_output.csv, all_SW_output.csv; default: ${DEFAULT-VALUE}")
        Path data;

        @Option(names = "--rows", defaultValue = "64", description = "array rows (rows past the pattern's are never "
                + "driven); default: ${DEFAULT-VALUE}")
        int rows;

        @Option(names = "--r-wire", split = ",", defaultValue = "0.1,1,2,5,10,20",
                description = "wire segment resistances to simulate (Ohm); default: ${DEFAULT-VALUE}")
        List<Double> rWires;

        @Option(names = "--r-in", defaultValue = "1", description = "input resistance (Ohm); default: ${DEFAULT-VALUE}")
        double rIn;

        @Option(names = "--r-out", defaultValue = "1", description = "output resistance (Ohm); default: ${DEFAULT-VALUE}")
        double rOut;

        @CommandLine.Mixin
        CellOptions cells;

        @Option(names = "--v-read", defaultValue = "0.2", description = "read voltage of a driven row (V); default: "
                + "${DEFAULT-VALUE}")
        double vRead;

        @Option(names = "--seed", defaultValue = "1", description = "seed of the device spread and the input vectors; "
                + "default: ${DEFAULT-VALUE}")
        long seed;

        @Option(names = {"-o", "--output"}, defaultValue = "validation/dpe-array", description = "folder to write; default: "
                + "${DEFAULT-VALUE}")
        Path output;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Outputs.directory(output);
            for (double r : rWires) {
                if (!(r > 0 && r <= 1e4)) {
                    throw new IllegalArgumentException("--r-wire " + r + " Ohm: above 0, at most 1e4");
                }
            }
            if (!(vRead > 0 && vRead <= 2)) {
                throw new IllegalArgumentException("--v-read " + vRead + " V: above 0, at most 2");
            }
            DpeCheck.Reads d = DpeCheck.read(data);
            if (rows < d.rows()) {
                throw new IllegalArgumentException("--rows " + rows + ": at least the pattern's " + d.rows());
            }
            DpeCheck.DataStats st = DpeCheck.stats(d);
            double[][] gOff = new double[rows][d.cols()];
            for (double[] row : gOff) {
                java.util.Arrays.fill(row, st.gOff()); // the simulation sets the pattern
            }
            CrossbarArray template = cells.applyLaw(CrossbarArray.builder(rows, d.cols())
                    .cell(cells.kind()).vRead(vRead).rIn(rIn)
                    .rOut(rOut).conductances(gOff), CrossbarArray.DEFAULT_SINH_B_PER_V).build();
            List<DpeCheck.Simulated> sims = new ArrayList<>();
            DpeCheck.SimulatedReads example = null;
            try (ProgressBar bar = RunCommand.progressBar("dpe", rWires.size(), " wire resistances")) {
                for (double r : rWires) {
                    CrossbarArray a = template.toBuilder().rWire(r).build();
                    DpeCheck.Simulated sim = DpeCheck.matched(d, a, st, vRead, seed);
                    sims.add(sim);
                    if (example == null || Math.abs(r - 1) < 1e-12) {
                        example = sim.reads();
                    }
                    bar.step();
                }
            }
            Files.createDirectories(output);
            AtomicFile.write(output.resolve("columns.csv"), w -> w.write(columnsCsv(d, st, sims)));
            plot(d, st, sims, example, output.resolve("dpe-array.png"));
            String md = summary(d, st, sims, data, template, seed);
            return Summaries.finish(spec, output, md);
        }
    }

    private static String columnsCsv(DpeCheck.Reads d, DpeCheck.DataStats st, List<DpeCheck.Simulated> sims) {
        StringBuilder b = new StringBuilder("column,ones,measured_slope_us,measured_intercept_us,measured_residual_us,measured_r");
        for (DpeCheck.Simulated s : sims) {
            String r = String.valueOf(s.rWire());
            b.append(",sim_slope_us_r").append(r).append(",sim_intercept_us_r").append(r).append(",sim_residual_us_r").append(r);
        }
        b.append('\n');
        for (int j = 0; j < d.cols(); j++) {
            DpeCheck.ColumnFit m = st.columns().get(j);
            b.append(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.4f,%.5f", j, d.ones(j), m.slope() * 1e6,
                    m.intercept() * 1e6, m.residual() * 1e6, m.r()));
            for (DpeCheck.Simulated s : sims) {
                DpeCheck.ColumnFit c = s.columns().get(j);
                b.append(String.format(Locale.ROOT, ",%.4f,%.4f,%.4f", c.slope() * 1e6, c.intercept() * 1e6, c.residual() * 1e6));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** One quantity of every column, in uS. */
    private static double[] of(List<DpeCheck.ColumnFit> c, java.util.function.ToDoubleFunction<DpeCheck.ColumnFit> what) {
        return c.stream().mapToDouble(f -> 1e6 * what.applyAsDouble(f)).toArray();
    }

    private static void plot(DpeCheck.Reads d, DpeCheck.DataStats st, List<DpeCheck.Simulated> sims,
                             DpeCheck.SimulatedReads example, Path file) throws IOException {
        double[] k = new double[d.cols()];
        for (int j = 0; j < k.length; j++) {
            k[j] = d.ones(j);
        }
        String[] titles = {"slope per column", "intercept per column", "residual per column"};
        String[] units = {"slope (uS per ON device)", "intercept (uS)", "residual std (uS)"};
        List<java.util.function.ToDoubleFunction<DpeCheck.ColumnFit>> quantities = List.of(DpeCheck.ColumnFit::slope,
                DpeCheck.ColumnFit::intercept, DpeCheck.ColumnFit::residual);
        List<Charts.Chart> charts = new ArrayList<>();
        for (int what = 0; what < 3; what++) {
            List<Charts.Series> s = new ArrayList<>();
            s.add(new Charts.Series("measured", k, of(st.columns(), quantities.get(what)), Charts.Style.MARKERS));
            for (DpeCheck.Simulated sim : sims) {
                if (!sim.matched()) {
                    continue; // no G_on reproduces the data there: its points would only stretch the axes
                }
                s.add(new Charts.Series(String.format(Locale.ROOT, "simulated, R_wire %s Ohm", sim.rWire()), k,
                        of(sim.columns(), quantities.get(what)), Charts.Style.MARKERS));
            }
            charts.add(new Charts.Chart(titles[what], "ON devices in the column", units[what], false, false, false, s));
        }
        // one column's reads, measured and simulated (R_wire 1 Ohm or the first simulated)
        int col = 0;
        int reads = d.measured().length;
        double[] cm = new double[reads];
        double[] ym = new double[reads];
        double[] cs = new double[reads];
        double[] ys = new double[reads];
        for (int q = 0; q < reads; q++) {
            cm[q] = d.ideal()[q][col];
            ym[q] = d.measured()[q][col] * 1e6;
            cs[q] = example.count()[q][col];
            ys[q] = example.conductance()[q][col] * 1e6;
        }
        charts.add(new Charts.Chart("column " + col + ": conductance against ideal count", "ideal count", "I / V_read (uS)",
                false, false, false, List.of(new Charts.Series("measured", cm, ym, Charts.Style.MARKERS),
                new Charts.Series("simulated", cs, ys, Charts.Style.MARKERS))));
        Charts.write(charts, 2, file);
    }

    private static String summary(DpeCheck.Reads d, DpeCheck.DataStats st, List<DpeCheck.Simulated> sims, Path data,
                                  CrossbarArray template, long seed) {
        StringBuilder b = new StringBuilder("# Array check: measured DPE array reads\n\n");
        b.append(String.format(Locale.ROOT, "Data: %s: a %d x %d binary pattern, %d random binary vectors and their "
                        + "complements, each column's current over V_read. From the data alone (model: read = count (G_on - "
                        + "G_off) + rows driven x G_off + column offset): G_on = %.2f +- %.2f uS (mean column slope), G_off = "
                        + "%.2f +- %.2f uS (G_on minus the slope of the vector + complement sums across columns), column offset "
                        + "%.1f uS, vectors drive %.1f %% of the rows, device spread of G_on %.2f uS (what the residuals leave "
                        + "after the driven OFF rows); complement check: count(v) + count(1 - v) - K_j is at most %.0f.%n%n",
                data, d.rows(), d.cols(), d.pairs(), st.gOn() * 1e6, st.gOnStd() * 1e6, st.gOff() * 1e6, st.gOffStd() * 1e6,
                st.offset() * 1e6, 100 * st.activeShare(), st.deviceSigma() * 1e6, st.pairMismatch()));
        b.append(String.format(Locale.ROOT, "Simulated: %d-row array (%s cells, %s devices, R_in %.3g Ohm, R_out "
                        + "%.3g Ohm, transistor V_g %.3g V), the pattern as G_on / G_off with that spread (G_on scaled at each "
                        + "wire resistance until the median column slope is the measured one), the column offset added to "
                        + "every read (the plots show the wire resistances where such a G_on exists), %d seeded random "
                        + "vectors and their complements, seed %d.%n%n", template.rows(),
                template.cell() == CrossbarArray.Cell.ONE_T_ONE_M ? "1T1R" : "1R",
                template.law() == CrossbarArray.Law.SINH ? "sinh (b = " + template.sinhB() + " 1/V)" : "linear",
                template.rIn(), template.rOut(),
                template.vGate(), d.pairs(), seed));
        b.append("| | device G_on (uS) | slope median (uS) | slope range (uS) | intercept median (uS) | residual median (uS) "
                + "| lowest correlation | slope vs ON devices (uS per device) |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        row(b, "measured", Double.NaN, st.columns(), d);
        for (DpeCheck.Simulated s : sims) {
            row(b, String.format(Locale.ROOT, "simulated, R_wire %s Ohm%s", s.rWire(), s.matched() ? ""
                    : " (no G_on reaches the measured slope)"), s.gOn(), s.columns(), d);
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, double gOn, List<DpeCheck.ColumnFit> c, DpeCheck.Reads d) {
        DpeCheck.Summary s = DpeCheck.Summary.of(c, d);
        b.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f..%.2f | %.2f | %.2f | %.4f | %.4f +- %.4f |%n", name,
                Double.isNaN(gOn) ? "" : String.format(Locale.ROOT, "%.2f", gOn * 1e6), s.slopeMedian() * 1e6,
                s.slopeMin() * 1e6, s.slopeMax() * 1e6, s.interceptMedian() * 1e6, s.residualMedian() * 1e6, s.lowestR(),
                s.trend() * 1e6, s.trendStd() * 1e6));
    }
}
