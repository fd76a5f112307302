package org.xbarsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.xbarsim.circuit.Circuit;
import org.xbarsim.io.VectorFiles;
import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.report.Heatmaps;
import org.xbarsim.report.ResultWriter;
import org.xbarsim.simulation.Simulation;
import org.xbarsim.solver.AnalysisResult;
import org.xbarsim.solver.NewtonSolver;
import org.xbarsim.solver.Simulator;

/** {@code xbarsim run}: simulate a netlist and print or write its results. */
@Command(name = "run", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Run the .op and .dc analyses of a netlist and report the .print quantities "
                + "(all node voltages and source currents when there is no .print).")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NETLIST", description = "the netlist file (.cir)")
    Path netlist;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (ngspice-like), csv or json; default: ${DEFAULT-VALUE}")
    ResultWriter.Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write results to FILE (atomically) instead of "
            + "standard output; a FILE ending in .npy gets a NumPy float64 array, one row per point or input vector")
    Path output;

    @Option(names = {"-O", "--option"}, paramLabel = "NAME=VALUE",
            description = "override a .options setting, e.g. -O reltol=1e-9 (repeatable)")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--timing", description = "print where the time went (reading, building, solving with the LU's "
            + "phases, writing) to standard error")
    boolean timing;

    @Option(names = "--dump-matrix", paramLabel = "MTX",
            description = "write the matrix the general engine factored last (the Jacobian at the last Newton iterate "
                    + "it factored, unknowns in the circuit's order) as a Matrix Market file, to time other sparse "
                    + "solvers on (benchmarks/klu)")
    Path dumpMatrix;

    @Option(names = "--inputs", paramLabel = "CSV",
            description = "solve once per input vector (one per line) instead of the netlist's analyses: the columns set "
                    + "the sources a header line names, or else the row sources of the netlist's one .crossbar; reports "
                    + "the .print quantities, or else the array's column currents")
    Path inputs;

    @Option(names = "--heatmap", paramLabel = "PNG",
            description = "draw the row-wire voltage, device current and column-wire voltage over the cells of the "
                    + "netlist's one .crossbar (paper 002 Fig. 8), at its operating point or, with --inputs, for the first vector")
    Path heatmap;

    /** Which engine solves the input vectors of a netlist that is one .crossbar and nothing else. */
    enum Engine { auto, general }

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            description = "with --inputs: auto (the structured array solver when the netlist is one .crossbar and "
                    + "nothing else, else the general engine) or general; default: ${DEFAULT-VALUE}")
    Engine engine;

    /** Sweeps of at least this many points, and input files of this many vectors, show a progress bar. */
    static final int PROGRESS_MIN_POINTS = 200;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private void write(ResultWriter.Header header, List<AnalysisResult> results) throws java.io.IOException {
        if (output != null && VectorFiles.isNpy(output)) {
            if (results.size() != 1) {
                throw new IllegalArgumentException("-o " + output + ": a .npy file holds one table; the netlist has "
                        + results.size() + " analyses (write CSV, or keep one analysis)");
            }
            AnalysisResult r = results.get(0);
            AtomicFile.writeBytes(output, out -> VectorFiles.writeNpy(r.rows(), r.columns().size(), out));
            return;
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            ResultWriter.write(format, header, results, out);
        } else {
            AtomicFile.write(output, w -> ResultWriter.write(format, header, results, w));
        }
    }

    /** One solve per input vector of {@code --inputs}: the library decides the engine. */
    private Integer runInputs(Simulation sim, long[] nanos) throws java.io.IOException {
        FlatNetlist flat = sim.netlist();
        FlatNetlist.Array array = flat.arrays().size() == 1 ? flat.arrays().get(0) : null;
        List<String> defaults = array == null ? List.of() : array.inputs();
        long tr = System.nanoTime();
        InputVectors in = InputVectors.read(inputs, defaults.size(),
                array == null ? "expected" : "the array " + array.name() + " has rows:");
        long readNanos = System.nanoTime() - tr;
        if (in.sources().isEmpty() && defaults.isEmpty()) {
            throw new IllegalArgumentException("--inputs " + inputs + ": name the sources in a header line (the netlist has "
                    + (flat.arrays().isEmpty() ? "no .crossbar" : flat.arrays().size() + " arrays") + " whose rows to drive)");
        }
        Simulation.Result r;
        try (LazyProgress bar = new LazyProgress("inputs", in.vectors().size(), " vectors")) {
            r = sim.runInputs(in.sources(), in.vectors(), bar);
        }
        record(nanos, r);
        long tw = System.nanoTime();
        write(new ResultWriter.Header(flat.title(), netlist.toString(), r.options()), r.results());
        if (timing) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "timing: read and flatten (after start-up) %.1f ms, read %d input vectors %.1f ms, build "
                    + "%.1f ms, solve %.1f ms (%.2f us per vector, %s), write %.1f ms%n", nanos[0] / 1e6, in.vectors().size(),
                    readNanos / 1e6, nanos[2] / 1e6, nanos[3] / 1e6, nanos[3] / 1e3 / in.vectors().size(),
                    r.engine() == Simulation.Engine.STRUCTURED ? "structured array solver" : "general engine",
                    (System.nanoTime() - tw) / 1e6);
            err.flush();
        }
        if (heatmap != null) {
            if (r.array() != null) {
                double[][][] maps = r.array().cellMaps(in.vectors().get(0));
                drawHeatmap(maps[0], maps[1], maps[2]);
            } else {
                List<String> sources = sim.inputSources(in.sources());
                for (int k = 0; k < sources.size(); k++) {
                    r.circuit().source(sources.get(k)).setValue(in.vectors().get(0)[k]);
                }
                drawHeatmap(r.circuit(), flat.arrays().get(0));
            }
        }
        return 0;
    }

    private static void record(long[] nanos, Simulation.Result r) {
        nanos[2] = r.timings().buildNanos();
        nanos[3] = r.timings().solveNanos();
    }

    /**
     * A progress bar on standard error that appears with the first point solved (so that errors
     * found while building come alone), for runs of at least {@link #PROGRESS_MIN_POINTS} points.
     */
    static final class LazyProgress implements java.util.function.IntConsumer, AutoCloseable {
        private final String task;
        private final long max;
        private final String unit;
        private ProgressBar bar;

        LazyProgress(String task, long max, String unit) {
            this.task = task;
            this.max = max;
            this.unit = unit;
        }

        @Override
        public synchronized void accept(int done) {
            if (max < PROGRESS_MIN_POINTS) {
                return;
            }
            if (bar == null) {
                bar = progressBar(task, max, unit);
            }
            bar.stepTo(done);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** A progress bar on standard error counting {@code max} units, with their rate (units per second). */
    static ProgressBar progressBar(String task, long max, String unit) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit, 1).showSpeed().setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    /**
     * Fig. 8 of paper 002 for array {@code a} of circuit {@code c}, solved at the circuit's source
     * values (a fresh operating point: devices start from scratch).
     */
    private void drawHeatmap(Circuit c, FlatNetlist.Array a) throws java.io.IOException {
        double[] x = new NewtonSolver(c).operatingPoint();
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
                col[i][j] = x[c.node(p + "b" + cell)];
                current[i][j] = c.device("y." + p + "y" + cell).current(x);
            }
        }
        drawHeatmap(row, current, col);
    }

    /** Fig. 8 of paper 002 from row-wire voltages (V), device currents (A) and column-wire voltages (V) per cell. */
    private void drawHeatmap(double[][] row, double[][] current, double[][] col) throws java.io.IOException {
        for (int i = 0; i < row.length; i++) {
            for (int j = 0; j < row[i].length; j++) {
                current[i][j] *= 1e6;
                col[i][j] *= 1e3;
            }
        }
        Heatmaps.write(List.of(new Heatmaps.Map2("row wire voltage", "V", row),
                new Heatmaps.Map2("device current", "uA", current),
                new Heatmaps.Map2("column wire voltage", "mV", col)), heatmap);
    }

    @Override
    public Integer call() throws Exception {
        Outputs.file(output, "-o", netlist, inputs);
        Outputs.file(heatmap, "--heatmap", netlist, inputs);
        Outputs.file(dumpMatrix, "--dump-matrix", netlist, inputs);
        if (dumpMatrix != null && inputs != null) {
            throw new IllegalArgumentException("--dump-matrix writes the matrix of the netlist's analyses; give it without --inputs");
        }
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
        FlatNetlist flat = Prefetch.flatten(netlist);
        nanos[0] = System.nanoTime() - t0; // read and flatten, or the wait for the prefetch
        if (heatmap != null && flat.arrays().size() != 1) {
            throw new IllegalArgumentException("--heatmap draws one .crossbar; the netlist has " + flat.arrays().size());
        }
        Simulation sim = Simulation.of(flat, nanos[0]).options(overrides)
                .engine(engine == Engine.general ? Simulation.Engine.GENERAL : Simulation.Engine.AUTO);
        if (inputs != null) {
            return runInputs(sim, nanos);
        }
        FlatNetlist.Array drawn = heatmap == null ? null : flat.arrays().get(0);
        flat = null; // the solve may reuse the flat netlist's memory
        Simulation.Result run;
        try (LazyProgress bar = new LazyProgress("dc", sim.points(), " points")) {
            run = sim.runOnce(bar);
        }
        record(nanos, run);
        if (dumpMatrix != null) {
            String note = "the matrix xbarsim factored last for " + netlist.getFileName() + ": " + run.circuit().size()
                    + " unknowns";
            AtomicFile.write(dumpMatrix, w -> run.newton().writeMatrixMarket(w, note));
        }
        long tw = System.nanoTime();
        ResultWriter.Header header = new ResultWriter.Header(run.circuit().title(), netlist.toString(), run.options());
        write(header, run.results());
        if (heatmap != null) {
            drawHeatmap(run.circuit(), drawn); // the sweeps restored the netlist's source values
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
