package org.xbarsim.solver;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.CircuitBuilder;
import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;

/** The whole netlist pipeline in one call: parse, flatten, build, run every analysis. */
public final class Simulator {
    private Simulator() {
    }

    /** A circuit, what its analyses produced, and the analysis that tells where the solve time went. */
    public record Run(Circuit circuit, List<AnalysisResult> results, DcAnalysis analysis) {
        /** Where the solve time went (Newton iterations, the LU's phases); made only when asked. */
        public String solveTiming() {
            return analysis.timing();
        }
    }

    /** Reads and flattens a netlist file. */
    public static FlatNetlist flatten(Path file) {
        return Flattener.flatten(NetlistParser.parse(file));
    }

    /**
     * Time spent per phase (ns), filled by {@link #run(Path, Map, IntConsumer, long[])}: parse,
     * flatten, build, solve.
     */
    public static final int PHASES = 4;

    /**
     * Simulates a netlist file, recording the time of each phase in {@code nanos} (length
     * {@link #PHASES}: parse, flatten, build, solve).
     */
    public static Run run(Path file, Map<String, Double> overrides, IntConsumer progress, long[] nanos) {
        long t0 = System.nanoTime();
        org.xbarsim.netlist.Deck deck = NetlistParser.parse(file);
        long t1 = System.nanoTime();
        FlatNetlist flat = Flattener.flatten(deck);
        long t2 = System.nanoTime();
        Run run = run(flat, overrides, progress, nanos);
        nanos[0] = t1 - t0;
        nanos[1] = t2 - t1;
        return run;
    }

    /**
     * Simulates a flat netlist, recording the time of each phase in {@code nanos} (build and solve;
     * parse and flatten are left as they are).
     */
    public static Run run(FlatNetlist flat, Map<String, Double> overrides, IntConsumer progress, long[] nanos) {
        long t2 = System.nanoTime();
        Circuit c = CircuitBuilder.build(flat, overrides);
        nanos[2] = System.nanoTime() - t2;
        return run(c, progress, nanos);
    }

    /** Runs every analysis of a built circuit, recording the solve time in {@code nanos[3]}. */
    public static Run run(Circuit c, IntConsumer progress, long[] nanos) {
        long t3 = System.nanoTime();
        DcAnalysis dc = new DcAnalysis(c);
        List<AnalysisResult> results = dc.runAll(progress);
        nanos[3] = System.nanoTime() - t3;
        return new Run(c, results, dc);
    }

    /**
     * Simulates a netlist file.
     *
     * @param overrides option values that replace the netlist's .options (lower-case names)
     * @param progress  told the number of sweep points done, or null
     */
    public static Run run(Path file, Map<String, Double> overrides, IntConsumer progress) {
        return run(file, overrides, progress, new long[PHASES]);
    }

    /** Simulates netlist text as if read from {@code file}. */
    public static Run runString(Path file, String text, Map<String, Double> overrides) {
        Circuit c = CircuitBuilder.build(Flattener.flatten(NetlistParser.parseString(file, text)), overrides);
        DcAnalysis dc = new DcAnalysis(c);
        return new Run(c, dc.runAll(null), dc);
    }
}
