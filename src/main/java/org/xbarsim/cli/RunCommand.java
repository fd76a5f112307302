package org.xbarsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.CircuitBuilder;
import org.xbarsim.netlist.Deck;
import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.report.ResultWriter;
import org.xbarsim.solver.AnalysisResult;
import org.xbarsim.solver.InputSweep;
import org.xbarsim.solver.Simulator;

/** {@code xbarsim run}: simulate a netlist and print or write its results. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the .op and .dc analyses of a netlist and report the .print quantities "
                + "(all node voltages and source currents when there is no .print).")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NETLIST", description = "the netlist file (.cir)")
    Path netlist;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (ngspice-like), csv or json; default: ${DEFAULT-VALUE}")
    ResultWriter.Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write results to FILE (atomically) instead of standard output")
    Path output;

    @Option(names = {"-O", "--option"}, paramLabel = "NAME=VALUE",
            description = "override a .options setting, e.g. -O reltol=1e-9 (repeatable)")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--timing", description = "print where the time went (reading, building, solving with the LU's "
            + "phases, writing) to standard error")
    boolean timing;

    @Option(names = "--inputs", paramLabel = "CSV",
            description = "solve once per input vector (one per line) instead of the netlist's analyses: the columns set "
                    + "the sources a header line names, or else the row sources of the netlist's one .crossbar; reports "
                    + "the .print quantities, or else the array's column currents")
    Path inputs;

    @Option(names = "--heatmap", paramLabel = "PNG",
            description = "draw the row-wire voltage, device current and column-wire voltage over the cells of the "
                    + "netlist's one .crossbar (paper 002 Fig. 8), at its operating point or, with --inputs, for the first vector")
    Path heatmap;

    /** Sweeps of at least this many points, and input files of this many vectors, show a progress bar. */
    static final int PROGRESS_MIN_POINTS = 200;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private void write(ResultWriter.Header header, List<AnalysisResult> results) throws java.io.IOException {
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            ResultWriter.write(format, header, results, out);
        } else {
            AtomicFile.write(output, w -> ResultWriter.write(format, header, results, w));
        }
    }

    /** One solve per input vector of {@code --inputs}. */
    private Integer runInputs(FlatNetlist flat, Map<String, Double> overrides) throws java.io.IOException {
        FlatNetlist.Array array = flat.arrays().size() == 1 ? flat.arrays().get(0) : null;
        List<String> defaults = array == null ? List.of() : array.inputs();
        InputVectors in = InputVectors.read(inputs, defaults.size(),
                array == null ? "expected" : "the array " + array.name() + " has rows:");
        List<String> sources = in.sources().isEmpty() ? defaults : in.sources();
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("--inputs " + inputs + ": name the sources in a header line (the netlist has "
                    + (flat.arrays().isEmpty() ? "no .crossbar" : flat.arrays().size() + " arrays") + " whose rows to drive)");
        }
        FlatNetlist net = flat;
        if (flat.outputs().isEmpty() && array != null && !array.outputs().isEmpty()) {
            List<Deck.ProbeCard> probes = new ArrayList<>();
            for (String s : array.outputs()) {
                probes.add(new Deck.ProbeCard('i', s, null, null));
            }
            net = new FlatNetlist(flat.file(), flat.title(), flat.elements(), flat.models(), flat.options(),
                    flat.analyses(), List.copyOf(probes), flat.arrays());
        }
        FlatNetlist built = net;
        Circuit circuit = CircuitBuilder.build(net, overrides);
        InputSweep sweep = new InputSweep(circuit, sources); // checks the sources, names the outputs
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        InputSweep.Batch batch;
        ProgressBar bar = in.vectors().size() >= PROGRESS_MIN_POINTS ? new ProgressBarBuilder().setTaskName("inputs")
                .setInitialMax(in.vectors().size()).setStyle(ProgressBarStyle.ASCII).setUnit(" vectors", 1)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build() : null;
        try {
            batch = InputSweep.solveAll(() -> CircuitBuilder.build(built, overrides), sources, in.vectors(), threads,
                    bar == null ? null : bar::stepTo);
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        List<String> columns = new ArrayList<>();
        for (Circuit.Output o : sweep.outputs()) {
            columns.add(o.label());
        }
        AnalysisResult result = new AnalysisResult("inputs", columns, 0, batch.outputs(), batch.newtonIterations());
        write(new ResultWriter.Header(circuit.title(), netlist.toString(), circuit.options().summary()), List.of(result));
        if (heatmap != null) {
            drawHeatmap(flat, overrides, in.vectors().get(0), sources);
        }
        return 0;
    }

    /** Fig. 8 of paper 002 for the one array: solved at the netlist's sources, or with {@code values} on {@code sources}. */
    private void drawHeatmap(FlatNetlist flat, Map<String, Double> overrides, double[] values, List<String> sources)
            throws java.io.IOException {
        if (flat.arrays().size() != 1) {
            throw new IllegalArgumentException("--heatmap draws one .crossbar; the netlist has " + flat.arrays().size());
        }
        FlatNetlist.Array a = flat.arrays().get(0);
        Circuit c = CircuitBuilder.build(flat, overrides);
        for (int k = 0; values != null && k < values.length; k++) {
            org.xbarsim.circuit.Device d = c.device(sources.get(k));
            if (d instanceof org.xbarsim.circuit.VoltageSource v) {
                v.setValue(values[k]);
            } else {
                ((org.xbarsim.circuit.CurrentSource) d).setValue(values[k]);
            }
        }
        double[] x = new org.xbarsim.solver.NewtonSolver(c).operatingPoint();
        int m = a.rows();
        int n = a.cols();
        double[][] row = new double[m][n];
        double[][] current = new double[m][n];
        double[][] col = new double[m][n];
        String p = a.name() + ".";
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                String cell = i + "_" + j;
                row[i][j] = x[c.node(p + "t" + cell)];
                col[i][j] = 1e3 * x[c.node(p + "b" + cell)];
                current[i][j] = 1e6 * c.device("y." + p + "y" + cell).current(x);
            }
        }
        org.xbarsim.report.Heatmaps.write(List.of(new org.xbarsim.report.Heatmaps.Map2("row wire voltage", "V", row),
                new org.xbarsim.report.Heatmaps.Map2("device current", "uA", current),
                new org.xbarsim.report.Heatmaps.Map2("column wire voltage", "mV", col)), heatmap);
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Double> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            double v;
            try {
                v = Double.parseDouble(e.getValue());
            } catch (NumberFormatException ex) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "option " + e.getKey() + "=" + e.getValue() + ": the value is not a number");
            }
            overrides.put(e.getKey().toLowerCase(Locale.ROOT), v);
        }
        long[] nanos = new long[Simulator.PHASES];
        long t0 = System.nanoTime();
        org.xbarsim.netlist.FlatNetlist flat = Prefetch.flatten(netlist);
        nanos[0] = System.nanoTime() - t0; // read and flatten, or the wait for the prefetch
        if (heatmap != null && flat.arrays().size() != 1) {
            throw new IllegalArgumentException("--heatmap draws one .crossbar; the netlist has " + flat.arrays().size());
        }
        if (inputs != null) {
            return runInputs(flat, overrides);
        }
        int points = org.xbarsim.solver.DcAnalysis.points(flat.analyses());
        Simulator.Run run;
        if (points >= PROGRESS_MIN_POINTS) {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("dc").setInitialMax(points)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" points", 1)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
                run = Simulator.run(flat, overrides, bar::stepTo, nanos);
            }
        } else {
            run = Simulator.run(flat, overrides, null, nanos);
        }
        long tw = System.nanoTime();
        ResultWriter.Header header = new ResultWriter.Header(run.circuit().title(), netlist.toString(),
                run.circuit().options().summary());
        write(header, run.results());
        if (heatmap != null) {
            drawHeatmap(flat, overrides, null, List.of());
        }
        if (timing) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "timing: read and flatten (after start-up) %.1f ms, build %.1f ms, solve %.1f ms, write %.1f ms;"
                    + " %d unknowns, %d matrix entries%n", nanos[0] / 1e6, nanos[2] / 1e6,
                    nanos[3] / 1e6, (System.nanoTime() - tw) / 1e6, run.circuit().size(),
                    run.circuit().pattern().rowIndices().length);
            err.println("timing: solve: " + run.solveTiming());
            err.flush();
        }
        return 0;
    }
}
