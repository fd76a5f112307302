package org.xbarsim.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcsn;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcss;
import edu.emory.mathcs.csparsej.tdouble.Dcs_ipvec;
import edu.emory.mathcs.csparsej.tdouble.Dcs_lsolve;
import edu.emory.mathcs.csparsej.tdouble.Dcs_lu;
import edu.emory.mathcs.csparsej.tdouble.Dcs_sqr;
import edu.emory.mathcs.csparsej.tdouble.Dcs_usolve;
import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.CircuitBuilder;
import org.xbarsim.crossbar.CrossbarNetlistWriter;
import org.xbarsim.crossbar.CrossbarSpec;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;
import org.xbarsim.solver.NewtonSolver;
import org.xbarsim.solver.SparseLu;

/**
 * The general engine's sparse LU on the Jacobians of plain 1T1R crossbars, for each fill-reducing
 * ordering: factor entries, multiply-adds, and the time of the ordering (with the column counts of
 * L it is judged by), the symbolic analysis (the patterns of L and U),
 * the first numeric factorization, a refactorization and a solve (medians over runs, in this
 * process, after one unmeasured warm-up per size). The same matrices can be written as Matrix
 * Market files for an external solver (benchmarks/klu).
 */
public final class LuBenchmark {

    /**
     * What to measure.
     *
     * @param sizes     array sizes (rows, cols)
     * @param orderings the orderings to compare
     * @param runs      timed factorizations of each kind per ordering and size (median reported)
     * @param dump      folder for the matrices as Matrix Market files (x&lt;rows&gt;.mtx), or null
     * @param csparsej  also time CSparseJ's LU (cs_sqr with AMD of A + A', cs_lu with the threshold
     *                  SparseLu falls back to; every factorization is a full one, a "refactorization"
     *                  is cs_lu again)
     */
    public record Plan(List<int[]> sizes, List<SparseLu.Ordering> orderings, int runs, Path dump, boolean csparsej) {
        public Plan {
            if (runs < 1) {
                throw new IllegalArgumentException("runs = " + runs + ": at least 1");
            }
            if (orderings.isEmpty()) {
                throw new IllegalArgumentException("no ordering to measure");
            }
        }
    }

    /** One ordering on one matrix; times in ms (medians). */
    public record Row(String solver, int rows, int cols, int unknowns, int entries, SparseLu.Ordering ordering,
                      SparseLu.Ordering chosen, long factorEntries,
                      long operations, double orderingMs, double symbolicMs, double numericMs, double refactorMs,
                      double solveMs, double residual) {
        /** Ordering, symbolic analysis and numeric factorization: what a first factorization costs. */
        public double firstMs() {
            return orderingMs + symbolicMs + numericMs;
        }
    }

    private LuBenchmark() {
    }

    /** Runs the plan; {@code step} is told each finished (size, ordering). */
    public static List<Row> run(Plan plan, Consumer<String> step) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int[] size : plan.sizes()) {
            Jacobian j = jacobian(size[0], size[1], plan.dump());
            for (SparseLu.Ordering o : plan.orderings()) {
                rows.add(measure(j, o, plan.runs(), size));
                step.accept(String.format(Locale.ROOT, "%dx%d %s", size[0], size[1], o));
            }
            if (plan.csparsej()) {
                rows.add(measureCsparsej(j, plan.runs(), size));
                step.accept(String.format(Locale.ROOT, "%dx%d csparsej", size[0], size[1]));
            }
        }
        return rows;
    }

    /** A Jacobian at a crossbar's operating point, in compressed columns. */
    private record Jacobian(int n, int[] colPtr, int[] rowIdx, double[] values) {
    }

    private static Jacobian jacobian(int m, int n, Path dump) throws IOException {
        StringWriter text = new StringWriter();
        CrossbarNetlistWriter.write(CrossbarSpec.defaults(m, n, true, "linear"), text);
        Circuit c = CircuitBuilder.build(Flattener.flatten(NetlistParser.parseString(Path.of(m + "x" + n + ".cir"),
                text.toString())), Map.of());
        NewtonSolver newton = new NewtonSolver(c);
        newton.operatingPoint();
        if (dump != null) {
            Files.createDirectories(dump);
            try (Writer w = Files.newBufferedWriter(dump.resolve("x" + m + ".mtx"))) {
                newton.writeMatrixMarket(w, "Jacobian of a plain 1T1R " + m + "x" + n + " crossbar at its operating point");
            }
        }
        return new Jacobian(c.size(), c.pattern().columnPointers(), c.pattern().rowIndices(), newton.lastFactored());
    }

    private static Row measure(Jacobian j, SparseLu.Ordering o, int runs, int[] size) {
        double[] ord = new double[runs];
        double[] sym = new double[runs];
        double[] num = new double[runs];
        double[] ref = new double[runs];
        double[] sol = new double[runs];
        double residual = 0;
        SparseLu lu = null;
        for (int r = -1; r < runs; r++) { // run -1 warms the code up
            lu = new SparseLu(j.n(), j.colPtr(), j.rowIdx(), o);
            long t0 = System.nanoTime();
            check(lu.factor(j.values()), o);
            long t1 = System.nanoTime();
            check(lu.factor(j.values()), o);
            long t2 = System.nanoTime();
            double[] x = new double[j.n()];
            Arrays.fill(x, 1);
            double[] b = multiply(j, x);
            double[] y = b.clone();
            long t3 = System.nanoTime();
            lu.solve(y);
            long t4 = System.nanoTime();
            if (r >= 0) {
                ord[r] = lu.orderingMillis();
                sym[r] = lu.symbolicMillis();
                num[r] = (t1 - t0) / 1e6 - ord[r] - sym[r];
                ref[r] = (t2 - t1) / 1e6;
                sol[r] = (t4 - t3) / 1e6;
                residual = Math.max(residual, relativeResidual(j, y, b));
            }
        }
        return new Row("xbarsim", size[0], size[1], j.n(), j.rowIdx().length, o, lu.ordering(), lu.factorNonZeros(),
                lu.factorOperations(),
                median(ord), median(sym), median(num), median(ref), median(sol), residual);
    }

    /**
     * CSparseJ's LU on the same matrix: analysis (AMD of A + A' and column counts, reported as the
     * ordering), factorization (left-looking, a
     * depth-first search per column, threshold {@link SparseLu#PIVOT_TOLERANCE}), the same
     * again for a "refactorization" (CSparse has none), and a solve.
     */
    private static Row measureCsparsej(Jacobian j, int runs, int[] size) {
        Dcs a = SparseLu.compressed(j.n(), j.colPtr(), j.rowIdx(), j.values());
        double[] sym = new double[runs];
        double[] num = new double[runs];
        double[] ref = new double[runs];
        double[] sol = new double[runs];
        double residual = 0;
        long entries = 0;
        for (int r = -1; r < runs; r++) {
            long t0 = System.nanoTime();
            Dcss s = Dcs_sqr.cs_sqr(1, a, false);
            long t1 = System.nanoTime();
            Dcsn f = Dcs_lu.cs_lu(a, s, SparseLu.PIVOT_TOLERANCE);
            long t2 = System.nanoTime();
            if (f == null) {
                throw new IllegalStateException("CSparseJ: singular matrix");
            }
            f = Dcs_lu.cs_lu(a, s, SparseLu.PIVOT_TOLERANCE);
            long t3 = System.nanoTime();
            double[] x = new double[j.n()];
            Arrays.fill(x, 1);
            double[] b = multiply(j, x);
            double[] w = new double[j.n()];
            double[] y = new double[j.n()];
            long t4 = System.nanoTime();
            Dcs_ipvec.cs_ipvec(f.pinv, b, w, j.n());
            Dcs_lsolve.cs_lsolve(f.L, w);
            Dcs_usolve.cs_usolve(f.U, w);
            Dcs_ipvec.cs_ipvec(s.q, w, y, j.n());
            long t5 = System.nanoTime();
            if (r >= 0) {
                sym[r] = (t1 - t0) / 1e6;
                num[r] = (t2 - t1) / 1e6;
                ref[r] = (t3 - t2) / 1e6;
                sol[r] = (t5 - t4) / 1e6;
                residual = Math.max(residual, relativeResidual(j, y, b));
                entries = (long) f.L.p[j.n()] + f.U.p[j.n()];
            }
        }
        return new Row("csparsej", size[0], size[1], j.n(), j.rowIdx().length, SparseLu.Ordering.AMD, SparseLu.Ordering.AMD,
                entries, 0, median(sym), 0, median(num), median(ref), median(sol), residual);
    }

    private static void check(int singular, SparseLu.Ordering o) {
        if (singular >= 0) {
            throw new IllegalStateException(o + ": no usable pivot in column " + singular);
        }
    }

    private static double[] multiply(Jacobian j, double[] x) {
        double[] y = new double[j.n()];
        for (int c = 0; c < j.n(); c++) {
            for (int p = j.colPtr()[c]; p < j.colPtr()[c + 1]; p++) {
                y[j.rowIdx()[p]] += j.values()[p] * x[c];
            }
        }
        return y;
    }

    /** ||A x - b||_inf / (||A||_inf ||x||_inf + ||b||_inf), as klu_bench reports it. */
    private static double relativeResidual(Jacobian j, double[] x, double[] b) {
        double[] ax = multiply(j, x);
        double[] rowSum = new double[j.n()];
        for (int p = 0; p < j.rowIdx().length; p++) {
            rowSum[j.rowIdx()[p]] += Math.abs(j.values()[p]);
        }
        double r = 0;
        double a = 0;
        double xs = 0;
        double bs = 0;
        for (int i = 0; i < j.n(); i++) {
            r = Math.max(r, Math.abs(ax[i] - b[i]));
            a = Math.max(a, rowSum[i]);
            xs = Math.max(xs, Math.abs(x[i]));
            bs = Math.max(bs, Math.abs(b[i]));
        }
        return r / (a * xs + bs);
    }

    private static double median(double[] v) {
        return WholeProcessTimer.median(v);
    }

    /** Writes the rows as CSV. */
    public static void writeCsv(List<Row> rows, Writer w) throws IOException {
        w.write("size,unknowns,entries,ordering,chosen,factor_entries,multiply_adds,ordering_ms,symbolic_ms,numeric_ms,first_ms,"
                + "refactor_ms,solve_ms,residual,solver\n");
        for (Row r : rows) {
            w.write(String.format(Locale.ROOT, "%dx%d,%d,%d,%s,%s,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.3f,%.2e,%s%n", r.rows(), r.cols(),
                    r.unknowns(), r.entries(), name(r.ordering()), name(r.chosen()), r.factorEntries(),
                    r.operations(), r.orderingMs(), r.symbolicMs(), r.numericMs(), r.firstMs(), r.refactorMs(), r.solveMs(),
                    r.residual(), r.solver()));
        }
        w.flush();
    }

    private static String name(SparseLu.Ordering o) {
        return o == SparseLu.Ordering.NESTED_DISSECTION ? "nd" : o.toString().toLowerCase(Locale.ROOT);
    }

    /** The rows as a markdown table. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| array | ordering | factor entries | multiply-adds | ordering (ms) | symbolic (ms) "
                + "| first factorization (ms) | refactorization (ms) | solve (ms) |\n| --- | --- | ---: | ---: | ---: | ---: | ---: "
                + "| ---: | ---: |\n");
        for (Row r : rows) {
            boolean ours = r.solver().equals("xbarsim");
            // CSparseJ's analysis (cs_sqr: AMD and column counts) is its ordering; it has no symbolic step of ours
            // and counts no multiply-adds
            sb.append(String.format(Locale.ROOT, "| %dx%d | %s | %,d | %s | %.1f | %s | %.1f | %.1f | %.2f |%n", r.rows(),
                    r.cols(), ours ? name(r.ordering()) : r.solver() + " (" + name(r.ordering()) + ")", r.factorEntries(),
                    ours ? String.format(Locale.ROOT, "%.3g", (double) r.operations()) : "-", r.orderingMs(),
                    ours ? String.format(Locale.ROOT, "%.1f", r.symbolicMs()) : "-", r.firstMs(), r.refactorMs(),
                    r.solveMs()));
        }
        return sb.toString();
    }
}
