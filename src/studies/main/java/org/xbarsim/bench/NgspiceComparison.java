package org.xbarsim.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.xbarsim.circuit.SpiceExporter;
import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CrossbarNetlistWriter;
import org.xbarsim.crossbar.CrossbarSpec;
import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;

/**
 * Times {@code xbarsim run} against {@code ngspice -b} on the same generated crossbar, both as
 * whole processes, several runs each, and checks that their column currents agree.
 */
public final class NgspiceComparison {

    /**
     * What to measure.
     *
     * @param sizes          array sizes (rows, cols)
     * @param access         1T1R cells (true) or passive 1R
     * @param law            memristor law
     * @param runs           runs of each simulator per size
     * @param options        an .options line both simulators read
     * @param xbarsim        the command that runs XbarSim (e.g. ./xbarsim)
     * @param repo           folder the commands run in
     * @param work           folder for generated netlists and outputs
     * @param timeoutSeconds limit of one ngspice run (s)
     * @param declared       true: XbarSim runs the array as one {@code .crossbar} statement with
     *                       {@code --inputs} (its structured solver), ngspice its export; false:
     *                       both run the array written out element by element
     * @param style          how the array is written out element by element (a linear array's
     *                       netlist, plain SPICE in every style, goes to ngspice as written; a
     *                       nonlinear one as its export)
     * @param structured     true: no ngspice; the column currents are checked against the
     *                       structured array solver's on the same array and input (sizes ngspice
     *                       cannot finish)
     */
    public record Plan(List<int[]> sizes, boolean access, String law, int runs, String options, List<String> xbarsim,
                       Path repo, Path work, long timeoutSeconds, boolean declared, CrossbarNetlistWriter.Style style,
                       boolean structured) {
        public Plan {
            if (structured && declared) {
                throw new IllegalArgumentException("the structured solver is the reference of element-by-element netlists; "
                        + "a declared array is solved by it");
            }
        }

        /** The netlist column of the CSV: crossbar (one statement), elements (plain), subckt or param. */
        String netlist() {
            return declared ? "crossbar" : style == CrossbarNetlistWriter.Style.PLAIN ? "elements" : style.toString();
        }
    }

    /**
     * One size's result.
     *
     * @param rows        rows
     * @param cols        columns
     * @param xbarsimS    wall-clock time of each XbarSim run (s)
     * @param ngspiceS    wall-clock time of each ngspice run (s)
     * @param xbarsimMb   peak RSS of XbarSim (MB, largest over runs)
     * @param ngspiceMb   peak RSS of ngspice (MB, largest over runs)
     * @param maxRelDiff  largest relative difference of a column current (floor 1e-12 A)
     */
    public record Row(int rows, int cols, double[] xbarsimS, double[] ngspiceS, double xbarsimMb, double ngspiceMb,
                      double maxRelDiff) {
        public double ratio() {
            return WholeProcessTimer.median(ngspiceS) / WholeProcessTimer.median(xbarsimS);
        }
    }

    /** Absolute floor of the current comparison (A). */
    public static final double FLOOR_A = 1e-12;

    private NgspiceComparison() {
    }

    /** Runs the plan; {@code step} is told each finished run. */
    public static List<Row> run(Plan plan, Consumer<String> step) throws IOException, InterruptedException {
        Files.createDirectories(plan.work());
        List<Row> rows = new ArrayList<>();
        for (int[] size : plan.sizes()) {
            rows.add(size(plan, size[0], size[1], step));
        }
        return rows;
    }

    private static Row size(Plan plan, int m, int n, Consumer<String> step) throws IOException, InterruptedException {
        String base = String.format(Locale.ROOT, "%s%s%s-%s-%dx%d", plan.declared() ? "array-" : "",
                plan.declared() || plan.style() == CrossbarNetlistWriter.Style.PLAIN ? "" : plan.style() + "-",
                plan.access() ? "1t1r" : "1r", plan.law(), m, n);
        Path ours = plan.work().resolve(base + ".cir");
        CrossbarSpec spec = CrossbarSpec.defaults(m, n, plan.access(), plan.law());
        List<String> runArgs = new ArrayList<>();
        if (plan.declared()) {
            CrossbarSpec.Draw d = spec.draw();
            String gFile = base + "_g.csv";
            try (Writer w = Files.newBufferedWriter(plan.work().resolve(gFile))) {
                CrossbarNetlistWriter.writeConductances(d.array(), "conductances (S), seed " + spec.seed(), w);
            }
            StringBuilder in = new StringBuilder("# the input vector (V)\n");
            for (int i = 0; i < m; i++) {
                in.append(i == 0 ? "" : ",").append(d.inputs()[i]);
            }
            Path inputs = plan.work().resolve(base + "_inputs.csv");
            Files.writeString(inputs, in.append('\n').toString());
            Files.writeString(ours, String.format(Locale.ROOT, "%dx%d crossbar for the ngspice benchmark, seed %d%n", m, n,
                    spec.seed()) + CrossbarNetlistWriter.declared(d.array(), gFile, d.inputs()) + plan.options() + "\n.op\n.end\n");
            runArgs.addAll(List.of("--inputs", WholeProcessTimer.relative(plan.repo(), inputs)));
        } else {
            StringWriter text = new StringWriter();
            CrossbarNetlistWriter.write(spec, plan.style(), text);
            Files.writeString(ours, text.toString().replace("\n.op\n", "\n" + plan.options() + "\n.op\n"));
        }

        Path csv = plan.work().resolve(base + ".csv");
        List<String> xcmd = new ArrayList<>(plan.xbarsim());
        xcmd.addAll(List.of("run", WholeProcessTimer.relative(plan.repo(), ours), "--format", "csv", "-o",
                WholeProcessTimer.relative(plan.repo(), csv)));
        xcmd.addAll(runArgs);
        // one unmeasured run builds the jar and its class-data archive if needed
        WholeProcessTimer.run(xcmd, plan.repo(), plan.timeoutSeconds());
        double[] reference = null;
        Path raw = null;
        Path deck = null;
        if (plan.structured()) {
            CrossbarSpec.Draw d = spec.draw();
            reference = new ArraySimulator(d.array()).solve(d.inputs());
        } else {
            String forNgspice;
            if (!plan.declared() && plan.law().equals("linear")) {
                forNgspice = Files.readString(ours); // plain SPICE in every style: ngspice reads what XbarSim reads
            } else {
                FlatNetlist flat = Flattener.flatten(NetlistParser.parse(ours));
                StringWriter exported = new StringWriter();
                SpiceExporter.export(flat, "exported by xbarsim for the ngspice benchmark", exported);
                forNgspice = exported.toString();
            }
            raw = plan.work().resolve(base + ".raw");
            deck = plan.work().resolve(base + ".sp");
            Files.writeString(deck, Ngspice.deck(forNgspice, "", raw));
        }
        double[] xs = new double[plan.runs()];
        double[] ns = new double[deck == null ? 0 : plan.runs()];
        double xmb = 0;
        double nmb = deck == null ? Double.NaN : 0;
        // runs alternate, so a change in the machine's load touches both simulators alike
        for (int r = 0; r < plan.runs(); r++) {
            WholeProcessTimer.Run x = WholeProcessTimer.run(xcmd, plan.repo(), plan.timeoutSeconds());
            xs[r] = x.seconds();
            xmb = Math.max(xmb, x.peakRssMb());
            step.accept(String.format(Locale.ROOT, "%dx%d xbarsim run %d: %.3f s", m, n, r + 1, x.seconds()));
            if (deck != null) {
                WholeProcessTimer.Run g = WholeProcessTimer.run(Ngspice.command(deck), plan.work(), plan.timeoutSeconds());
                ns[r] = g.seconds();
                nmb = Math.max(nmb, g.peakRssMb());
                step.accept(String.format(Locale.ROOT, "%dx%d ngspice run %d: %.3f s", m, n, r + 1, g.seconds()));
            }
        }
        double diff = deck == null ? compare(csv, reference, n) : compare(csv, Ngspice.readRaw(raw, ""), n);
        return new Row(m, n, xs, ns, xmb, nmb, diff);
    }

    /** Largest relative difference of the column currents i(vs0..n-1) from the structured solver's. */
    private static double compare(Path csv, double[] reference, int n) throws IOException {
        String[][] c = columns(csv);
        double worst = 0;
        for (int k = 0; k < n; k++) {
            if (!c[0][k].equals("i(vs" + k + ")")) {
                throw new IOException(csv + ": column " + (k + 1) + " is " + c[0][k] + ", expected i(vs" + k + ")");
            }
            worst = Math.max(worst, relDiff(Double.parseDouble(c[1][k]), reference[k]));
        }
        return worst;
    }

    /** Largest relative difference of the column currents i(vs0..n-1). */
    private static double compare(Path csv, Ngspice.Vectors ng, int n) throws IOException {
        String[][] c = columns(csv);
        String[] head = c[0];
        String[] vals = c[1];
        double worst = 0;
        int found = 0;
        for (int k = 0; k < head.length; k++) {
            double[] ref = ng.get(head[k]);
            if (ref == null) {
                throw new IOException("ngspice wrote no vector " + head[k]);
            }
            worst = Math.max(worst, relDiff(Double.parseDouble(vals[k]), ref[0]));
            found++;
        }
        if (found != n) {
            throw new IOException("expected " + n + " column currents, found " + found);
        }
        return worst;
    }

    /** The header and first row of a result CSV. */
    private static String[][] columns(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        return new String[][] {lines.get(0).split(","), lines.get(1).split(",")};
    }

    /** |a - b| relative to the larger, with the floor {@link #FLOOR_A}. */
    private static double relDiff(double a, double b) {
        return Math.abs(a - b) / (Math.max(Math.abs(a), Math.abs(b)) + FLOOR_A);
    }

    /** Writes the results as CSV. */
    public static void writeCsv(List<Row> rows, Plan plan, Writer w) throws IOException {
        w.write("netlist,cell,law,rows,cols,runs,xbarsim_median_s,xbarsim_min_s,ngspice_median_s,ngspice_min_s,"
                + "speedup_median,max_rel_diff,xbarsim_peak_rss_mb,ngspice_peak_rss_mb,reference\n");
        for (Row r : rows) {
            boolean ng = r.ngspiceS().length > 0;
            w.write(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.4f,%.4f,%s,%s,%s,%.3e,%.1f,%s,%s%n",
                    plan.netlist(), plan.access() ? "1t1r" : "1r", plan.law(), r.rows(), r.cols(), plan.runs(),
                    WholeProcessTimer.median(r.xbarsimS()), min(r.xbarsimS()),
                    ng ? String.format(Locale.ROOT, "%.4f", WholeProcessTimer.median(r.ngspiceS())) : "",
                    ng ? String.format(Locale.ROOT, "%.4f", min(r.ngspiceS())) : "",
                    ng ? String.format(Locale.ROOT, "%.2f", r.ratio()) : "", r.maxRelDiff(), r.xbarsimMb(),
                    ng ? String.format(Locale.ROOT, "%.1f", r.ngspiceMb()) : "", plan.structured() ? "structured" : "ngspice"));
        }
        w.flush();
    }

    /** Writes the results as a markdown table. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| array | XbarSim median (s) | ngspice median (s) | speed-up | max rel. diff | XbarSim peak RSS (MB) | ngspice peak RSS (MB) |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            if (r.ngspiceS().length == 0) {
                sb.append(String.format(Locale.ROOT, "| %dx%d | %.3f | - | - | %.1e (structured solver) | %.0f | - |%n",
                        r.rows(), r.cols(), WholeProcessTimer.median(r.xbarsimS()), r.maxRelDiff(), r.xbarsimMb()));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %dx%d | %.3f | %.2f | %.1fx | %.1e | %.0f | %.0f |%n", r.rows(), r.cols(),
                    WholeProcessTimer.median(r.xbarsimS()), WholeProcessTimer.median(r.ngspiceS()), r.ratio(),
                    r.maxRelDiff(), r.xbarsimMb(), r.ngspiceMb()));
        }
        return sb.toString();
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }
}
