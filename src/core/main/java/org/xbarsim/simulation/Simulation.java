package org.xbarsim.simulation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.CircuitBuilder;
import org.xbarsim.circuit.SimOptions;
import org.xbarsim.crossbar.ArrayNetlist;
import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.netlist.Deck;
import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;
import org.xbarsim.solver.AnalysisResult;
import org.xbarsim.solver.DcAnalysis;
import org.xbarsim.solver.InputSweep;

/**
 * The library's entry point: a netlist, options that override its {@code .options}, and an
 * engine (chosen automatically or forced), run either for the netlist's own analyses or once per
 * input vector. Results come with the engine that produced them and the time of each phase.
 *
 * <pre>{@code
 * Simulation sim = Simulation.of(Path.of("netlists/arrays/array_1r_64x64.cir")).option("reltol", 1e-6);
 * Simulation.Result r = sim.runInputs(List.of(), vectors, null);   // the array's row sources
 * double[] firstColumnCurrents = r.results().get(0).rows().get(0);
 * }</pre>
 *
 * Errors are the netlist's ({@code NetlistException}, with file:line:column), the solver's
 * ({@code SolveException}, with the analysis and point) or a value out of its range
 * ({@code IllegalArgumentException}).
 */
public final class Simulation {

    /** Which solver answers. */
    public enum Engine {
        /** The structured array solver where the netlist is one {@code .crossbar} and nothing else, else the general engine. */
        AUTO,
        /** Sparse modified nodal analysis with Newton-Raphson, for any netlist. */
        GENERAL,
        /** The structured array solver (paper 002 section 3): a netlist that is one {@code .crossbar} and nothing else. */
        STRUCTURED
    }

    /**
     * Time of each phase (ns): reading and flattening the netlist, building the circuit or array
     * (a linear array's transfer matrix included), solving.
     */
    public record Timings(long readNanos, long buildNanos, long solveNanos) {
    }

    /**
     * What a run produced.
     *
     * @param results  one result per analysis (or one for the input vectors)
     * @param engine   the engine that solved: GENERAL or STRUCTURED
     * @param options  the options in force, one line
     * @param timings  the time of each phase
     * @param circuit  the general engine's circuit, or null when the structured solver answered
     * @param array    the structured solver, or null when the general engine answered
     * @param solveTiming where the general engine's solve time went (Newton iterations, the LU's
     *                 phases), or empty
     * @param newton   the general engine's Newton solver of a netlist's analyses (its last
     *                 factored matrix), or null
     */
    public record Result(List<AnalysisResult> results, Engine engine, String options, Timings timings, Circuit circuit,
                         ArraySimulator array, String solveTiming, org.xbarsim.solver.NewtonSolver newton) {
    }

    private FlatNetlist flat;
    private final long readNanos;
    private final Map<String, Double> overrides = new LinkedHashMap<>();
    private Engine engine = Engine.AUTO;
    private int threads = Math.min(2, Runtime.getRuntime().availableProcessors());

    private Simulation(FlatNetlist flat, long readNanos) {
        this.flat = flat;
        this.readNanos = readNanos;
    }

    /** A netlist file. */
    public static Simulation of(Path netlist) {
        long t0 = System.nanoTime();
        FlatNetlist flat = Flattener.flatten(NetlistParser.parse(netlist));
        return new Simulation(flat, System.nanoTime() - t0);
    }

    /** Netlist text, read as if from {@code file} (which names it in errors and resolves its includes). */
    public static Simulation ofText(Path file, String text) {
        long t0 = System.nanoTime();
        FlatNetlist flat = Flattener.flatten(NetlistParser.parseString(file, text));
        return new Simulation(flat, System.nanoTime() - t0);
    }

    /** A netlist already read and flattened ({@code readNanos} the time that took). */
    public static Simulation of(FlatNetlist flat, long readNanos) {
        return new Simulation(flat, readNanos);
    }

    /** Overrides an {@code .options} value (reltol, abstol, vntol, gmin, itl1, itl2, gminsteps, srcsteps, temp, tnom ...). */
    public Simulation option(String name, double value) {
        overrides.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    /** Overrides several {@code .options} values. */
    public Simulation options(Map<String, Double> values) {
        values.forEach(this::option);
        return this;
    }

    /** The engine; AUTO by default. */
    public Simulation engine(Engine e) {
        engine = e;
        return this;
    }

    /** Threads for batches of input vectors (at least 1); the cores, up to 2, by default. */
    public Simulation threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads = " + n + ": at least 1");
        }
        threads = n;
        return this;
    }

    /** The flattened netlist. */
    public FlatNetlist netlist() {
        return flat;
    }

    /** The options in force, as the solver reads them. */
    public SimOptions simOptions() {
        return CircuitBuilder.options(flat, overrides);
    }

    /** Solution points the netlist's analyses produce (for a progress display). */
    public int points() {
        return DcAnalysis.points(flat.analyses());
    }

    /**
     * Runs the netlist's {@code .op} and {@code .dc} analyses (an operating point when it has
     * none) with the general engine.
     *
     * @param progress told the number of points done so far, or null
     */
    public Result run(IntConsumer progress) {
        return run(progress, false);
    }

    /**
     * As {@link #run(IntConsumer)} for a caller that runs the netlist once: the flattened netlist
     * is let go as soon as the circuit is built, so the solve reuses its memory (a few hundred
     * bytes per element: names, node lists, parameter maps); {@link #netlist()} is null after.
     */
    public Result runOnce(IntConsumer progress) {
        return run(progress, true);
    }

    private Result run(IntConsumer progress, boolean once) {
        if (engine == Engine.STRUCTURED) {
            throw new IllegalArgumentException("the structured array solver answers input vectors only; a netlist's "
                    + "analyses run on the general engine");
        }
        if (flat == null) {
            throw new IllegalStateException("the netlist was let go by runOnce");
        }
        long t0 = System.nanoTime();
        Circuit c = CircuitBuilder.build(flat, overrides);
        if (once) {
            flat = null;
        }
        long t1 = System.nanoTime();
        DcAnalysis dc = new DcAnalysis(c);
        List<AnalysisResult> results = dc.runAll(progress);
        long t2 = System.nanoTime();
        return new Result(results, Engine.GENERAL, summary(c), new Timings(readNanos, t1 - t0, t2 - t1), c, null,
                dc.timing(), dc.newton());
    }

    /** The options in force, one line, with the temperature where it is not the nominal 27 C. */
    private static String summary(Circuit c) {
        double celsius = c.temperature() - 273.15;
        return c.options().summary() + (Math.abs(celsius - 27) < 1e-9 ? "" : " temp=" + celsius);
    }

    /** The circuit the general engine would solve, built and checked (for a run in parts of one's own). */
    public Circuit build() {
        return CircuitBuilder.build(flat, overrides);
    }

    /**
     * The sources input vectors set: those named, or else the row sources of the netlist's one
     * {@code .crossbar}.
     *
     * @throws IllegalArgumentException when none are named and the netlist has no single array
     */
    public List<String> inputSources(List<String> named) {
        if (!named.isEmpty()) {
            return named;
        }
        if (flat.arrays().size() == 1 && !flat.arrays().get(0).inputs().isEmpty()) {
            return flat.arrays().get(0).inputs();
        }
        throw new IllegalArgumentException("name the sources the input vectors set (the netlist has "
                + (flat.arrays().isEmpty() ? "no .crossbar" : flat.arrays().size() + " arrays") + " whose rows to drive)");
    }

    /**
     * One solve per input vector: {@code vectors[k][s]} is the value of source {@code sources.get(s)}
     * (V or A) for vector k. With no sources named, the rows of the netlist's one {@code .crossbar}.
     * Reports the {@code .print} quantities, or else the array's column currents. AUTO takes the
     * structured array solver when the netlist is one {@code .crossbar} and nothing else, no
     * sources are named and nothing is printed; else the general engine, which factors the circuit
     * once and answers a linear one through its exact transfer matrix, a nonlinear one by Newton
     * from the previous vector's solution in batches.
     *
     * @param progress told the number of vectors done so far (from any thread), or null
     */
    public Result runInputs(List<String> sources, List<double[]> vectors, IntConsumer progress) {
        List<String> drive = inputSources(sources);
        for (double[] v : vectors) {
            if (v.length != drive.size()) {
                throw new IllegalArgumentException("an input vector has " + v.length + " values, the sources are "
                        + drive.size() + " " + drive);
            }
        }
        FlatNetlist.Array array = flat.arrays().size() == 1 ? flat.arrays().get(0) : null;
        if (engine != Engine.GENERAL && sources.isEmpty() && flat.outputs().isEmpty()) {
            long t0 = System.nanoTime();
            SimOptions options = CircuitBuilder.options(flat, overrides);
            Optional<CrossbarArray> structured = ArrayNetlist.structured(flat, options);
            if (structured.isPresent()) {
                ArraySimulator sim = new ArraySimulator(structured.get());
                if (sim.linear()) {
                    sim.transferMatrix(); // the set-up of a linear array, timed as its build
                }
                long t1 = System.nanoTime();
                double[][] out = sim.solveAll(vectors.toArray(new double[0][]), progress);
                long t2 = System.nanoTime();
                List<String> columns = new ArrayList<>();
                for (String s : array.outputs()) {
                    columns.add("i(" + s + ")");
                }
                AnalysisResult r = new AnalysisResult("inputs", columns, 0, Arrays.asList(out), sim.newtonIterations());
                return new Result(List.of(r), Engine.STRUCTURED, options.summary() + " (structured array solver)",
                        new Timings(readNanos, t1 - t0, t2 - t1), null, sim, "", null);
            }
        }
        if (engine == Engine.STRUCTURED) {
            throw new IllegalArgumentException("the structured array solver takes a netlist that is one .crossbar and "
                    + "nothing else, driven by its own row sources, with nothing printed");
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
        long t0 = System.nanoTime();
        Circuit circuit = CircuitBuilder.build(net, overrides);
        long t1 = System.nanoTime();
        InputSweep.Batch batch = InputSweep.solveAll(circuit, () -> CircuitBuilder.build(built, overrides), drive, vectors,
                threads, progress);
        long t2 = System.nanoTime();
        List<String> columns = new ArrayList<>();
        for (Circuit.Output o : batch.quantities()) {
            columns.add(o.label());
        }
        AnalysisResult r = new AnalysisResult("inputs", columns, 0, batch.outputs(), batch.newtonIterations());
        return new Result(List.of(r), Engine.GENERAL, summary(circuit), new Timings(readNanos, t1 - t0, t2 - t1),
                circuit, null, "", null);
    }
}
