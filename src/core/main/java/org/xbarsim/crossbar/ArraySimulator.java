package org.xbarsim.crossbar;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.xbarsim.solver.ConvergenceException;
import org.xbarsim.solver.SecondThread;
import org.xbarsim.solver.SparseLu;

/**
 * The structured crossbar solver: column currents of an array for many input vectors, exact (to
 * rounding) for linear and nonlinear devices alike, from the array's own nodal equations
 * ({@link ArrayEquations}) factored by the sparse LU in a nested-dissection order of the cell
 * grid ({@link GridOrdering}); DESIGN section 4.
 *
 * <ul>
 * <li>Linear arrays (passive cells, linear memristors): one factorization, then the exact n x m
 * transfer matrix from min(m, n) solves on both cores (the matrix is symmetric, so a forward
 * solve per row and an adjoint solve per column are interchangeable), then one dense product per
 * input, four inputs per pass over the matrix in a batch.</li>
 * <li>Nonlinear arrays: Newton from the previous input's solution, keeping the factorization
 * while each step is at most {@link #CHORD_CONTRACTION} of the one before (chord steps) and
 * refactoring when it is not; converged when every node's remaining error, estimated from its
 * last step and the contraction, is below {@link #STEP_RELTOL} (or the tolerance given) of its voltage plus
 * {@link #STEP_ABSTOL_V}, far inside 1e-9 of any column current. Devices are evaluated, and the
 * triangular solves run, on two threads.</li>
 * <li>Batches of a nonlinear array: the same steps and the same test, but each step's linear
 * solve is one sweep of {@link LineRelaxation} over the row and column wires instead of the
 * LU's triangular solves, while those steps contract as chord steps would (they do where the
 * wires are far more conductive than the cells, as at paper 002's parameters); otherwise the
 * chord steps of the LU.</li>
 * </ul>
 * Batches split the input vectors between two solvers on two threads.
 */
public final class ArraySimulator {
    /** Convergence: every node's remaining error, estimated from its last step, is at most this fraction of its voltage ... */
    public static final double STEP_RELTOL = 1e-12;
    /** ... plus this (V). */
    static final double STEP_ABSTOL_V = 1e-15;
    /** Chord steps continue while each step is at most this fraction of the one before. */
    static final double CHORD_CONTRACTION = 0.2;
    /** Largest change of any node voltage in one Newton step (V). */
    static final double MAX_STEP_V = 0.5;
    /** Arrays with at least this many cells evaluate their devices on two threads. */
    static final int PARALLEL_CELLS = 4096;
    /** Inputs in flight at once in a batch's chord iterations, sharing each pass of the triangular solves. */
    static final int BLOCK = 8;
    /** Newton iterations per input before giving up. */
    static final int MAX_ITERATIONS = 200;

    private final CrossbarArray array;
    private final double relTol;
    private final ArrayEquations eq;
    private final int[] ordering;
    private final Worker main;
    /** The second core's worker in batches; shares main's factorization. */
    private Worker second;
    /** Set when the line relaxation failed to contract on this array: batches take the LU's chord steps. */
    private volatile boolean relaxOff;
    /** Transfer matrix of a linear array, T[j * m + i] = dI_j / dV_i (S). */
    private double[] transfer;

    /** Node voltages converged to {@link #STEP_RELTOL}. */
    public ArraySimulator(CrossbarArray array) {
        this(array, STEP_RELTOL);
    }

    /**
     * @param relTol the relative error of every node voltage at convergence (nonlinear arrays):
     *               {@link #STEP_RELTOL} by default; the column currents come out within about
     *               this relative error
     */
    public ArraySimulator(CrossbarArray array, double relTol) {
        if (!(relTol >= 1e-15 && relTol <= 1e-3)) {
            throw new IllegalArgumentException("solver tolerance " + relTol + ": from 1e-15 to 1e-3");
        }
        this.relTol = relTol;
        this.array = array;
        this.eq = new ArrayEquations(array);
        this.ordering = eq.ordering();
        this.main = new Worker();
    }

    public CrossbarArray array() {
        return array;
    }

    /** True when the array is a linear map (passive cells, linear memristors). */
    public boolean linear() {
        return eq.linear();
    }

    /**
     * The exact transfer matrix of a linear array: row-major n x m, entry (j, i) the current of
     * column j per volt on row i (S).
     */
    public double[] transferMatrix() {
        if (!linear()) {
            throw new IllegalStateException("a nonlinear array has no transfer matrix");
        }
        if (transfer == null) {
            main.factorLinear();
            int m = eq.m;
            int n = eq.n;
            double[] t = new double[n * m];
            boolean byRow = m <= n;
            int count = byRow ? m : n;
            AtomicInteger next = new AtomicInteger();
            Runnable task = () -> {
                double[] b = new double[eq.size];
                double[] work = new double[eq.size];
                for (int k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
                    Arrays.fill(b, 0);
                    if (byRow) {
                        b[eq.top(k, 0)] = eq.inputConductance();
                        main.lu.solve(b, work);
                        for (int j = 0; j < n; j++) {
                            t[j * m + k] = b[eq.bottom(m - 1, j)] * eq.outputConductance();
                        }
                    } else {
                        b[eq.bottom(m - 1, k)] = eq.outputConductance();
                        main.lu.solve(b, work);
                        for (int i = 0; i < m; i++) {
                            t[k * m + i] = b[eq.top(i, 0)] * eq.inputConductance();
                        }
                    }
                }
            };
            runOnBoth(task, task);
            transfer = t;
        }
        return transfer;
    }

    /** Column currents (A) for row voltages {@code v} (V, one per row). */
    public double[] solve(double[] v) {
        checkLength(v);
        if (linear()) {
            return multiply(transferMatrix(), v);
        }
        return main.solve(v);
    }

    /** Node voltages (V) of the last {@link #solve} of a nonlinear array, or of input v for any array. */
    public double[] nodeVoltages(double[] v) {
        checkLength(v);
        if (linear()) {
            main.factorLinear();
            double[] x = new double[eq.size];
            eq.sources(v, x);
            main.lu.solve(x, new double[eq.size]);
            return x;
        }
        main.solve(v);
        return main.x.clone();
    }

    /**
     * Paper 002 Fig. 8 for input v: per cell (i, j), [0] the row-wire voltage at its top node (V),
     * [1] its memristor current (A), [2] the column-wire voltage at its bottom node (V).
     */
    public double[][][] cellMaps(double[] v) {
        double[] x = nodeVoltages(v);
        double[][][] maps = new double[3][eq.m][eq.n];
        for (int i = 0; i < eq.m; i++) {
            for (int j = 0; j < eq.n; j++) {
                maps[0][i][j] = x[eq.top(i, j)];
                maps[1][i][j] = eq.memristorCurrent(x, i, j);
                maps[2][i][j] = x[eq.bottom(i, j)];
            }
        }
        return maps;
    }

    private void checkLength(double[] v) {
        if (v.length != eq.m) {
            throw new IllegalArgumentException("input vector has " + v.length + " values, the array has " + eq.m
                    + " rows");
        }
    }

    /** T v for the n x m row-major transfer matrix: four partial sums per row keep the adds independent. */
    private double[] multiply(double[] t, double[] v) {
        int m = eq.m;
        int m4 = m & ~3;
        double[] out = new double[eq.n];
        for (int j = 0; j < out.length; j++) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int o = j * m;
            int i = 0;
            for (; i < m4; i += 4) {
                s0 += t[o + i] * v[i];
                s1 += t[o + i + 1] * v[i + 1];
                s2 += t[o + i + 2] * v[i + 2];
                s3 += t[o + i + 3] * v[i + 3];
            }
            for (; i < m; i++) {
                s0 += t[o + i] * v[i];
            }
            out[j] = (s0 + s1) + (s2 + s3);
        }
        return out;
    }

    /**
     * Column currents for each input vector, on two threads (a nonlinear array's second half goes
     * to a second solver of its own); {@code progress} is told how many are done.
     */
    public double[][] solveAll(double[][] v, IntConsumer progress) {
        for (double[] row : v) {
            checkLength(row);
        }
        double[][] out = new double[v.length][];
        AtomicInteger done = new AtomicInteger();
        int half = v.length / 2;
        if (linear()) {
            double[] t = transferMatrix();
            runOnBoth(() -> product(t, v, out, 0, half, done, progress),
                    () -> product(t, v, out, half, v.length, done, progress));
        } else if (v.length < 4) {
            range(v, out, 0, v.length, done, progress, main::solve);
        } else if (distinct(v) < v.length) {
            // identical inputs (windows of a uniform background, say) are solved once
            java.util.Map<InputKey, Integer> first = new java.util.HashMap<>();
            int[] of = new int[v.length];
            java.util.List<double[]> unique = new java.util.ArrayList<>();
            for (int k = 0; k < v.length; k++) {
                Integer at = first.putIfAbsent(new InputKey(v[k]), unique.size());
                of[k] = at == null ? unique.size() : at;
                if (at == null) {
                    unique.add(v[k]);
                }
            }
            double[][] solved = solveAll(unique.toArray(new double[0][]), null);
            for (int k = 0; k < v.length; k++) {
                out[k] = solved[of[k]].clone();
            }
            report(done, v.length, progress);
        } else {
            if (main.lu == null) {
                main.prime(v, 0, Math.min(BLOCK, half));
            }
            if (second == null) {
                second = new Worker();
            }
            Worker second = this.second;
            second.share(main);
            main.luShared = true;
            main.relaxShared = true;
            main.alone = false;
            second.alone = false;
            int iterations = second.iterations;
            int factorizations = second.factorizations;
            try {
                runOnBoth(() -> main.relaxBlock(v, out, 0, half, done, progress),
                        () -> second.relaxBlock(v, out, half, v.length, done, progress));
            } finally {
                main.alone = true;
                main.luShared = false;
                main.relaxShared = false;
                second.lu = null; // its own factorization and relaxation, if it made them, are not kept
                second.relax = null;
            }
            main.iterations += second.iterations - iterations;
            main.factorizations += second.factorizations - factorizations;
        }
        return out;
    }

    /** An input vector as a map key: equal when every value is. */
    private record InputKey(double[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof InputKey k && Arrays.equals(v, k.v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }
    }

    /** The number of distinct vectors among v. */
    private static int distinct(double[][] v) {
        java.util.Set<InputKey> seen = new java.util.HashSet<>();
        for (double[] row : v) {
            seen.add(new InputKey(row));
        }
        return seen.size();
    }

    /**
     * Input vectors [from, to) of a batch through the transfer matrix, four at a time: each row of
     * T is read once for four products, so a batch moves a quarter of the memory that single
     * products would.
     */
    private void product(double[] t, double[][] v, double[][] out, int from, int to, AtomicInteger done,
                         IntConsumer progress) {
        int m = eq.m;
        int n = eq.n;
        int k = from;
        for (; k + 4 <= to; k += 4) {
            double[] v0 = v[k];
            double[] v1 = v[k + 1];
            double[] v2 = v[k + 2];
            double[] v3 = v[k + 3];
            double[] o0 = new double[n];
            double[] o1 = new double[n];
            double[] o2 = new double[n];
            double[] o3 = new double[n];
            for (int j = 0; j < n; j++) {
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int o = j * m;
                for (int i = 0; i < m; i++) {
                    double tji = t[o + i];
                    s0 += tji * v0[i];
                    s1 += tji * v1[i];
                    s2 += tji * v2[i];
                    s3 += tji * v3[i];
                }
                o0[j] = s0;
                o1[j] = s1;
                o2[j] = s2;
                o3[j] = s3;
            }
            out[k] = o0;
            out[k + 1] = o1;
            out[k + 2] = o2;
            out[k + 3] = o3;
            report(done, 4, progress);
        }
        for (; k < to; k++) {
            out[k] = multiply(t, v[k]);
            report(done, 1, progress);
        }
    }

    /** Counts {@code add} more inputs done and tells {@code progress} (if any) the new total, in order. */
    private static void report(AtomicInteger done, int add, IntConsumer progress) {
        if (progress == null) {
            done.addAndGet(add);
            return;
        }
        synchronized (progress) {
            progress.accept(done.addAndGet(add));
        }
    }

    private static void range(double[][] v, double[][] out, int from, int to, AtomicInteger done, IntConsumer progress,
                              java.util.function.Function<double[], double[]> solve) {
        for (int k = from; k < to; k++) {
            out[k] = solve.apply(v[k]);
            report(done, 1, progress);
        }
    }

    /** Newton iterations spent so far. */
    public int newtonIterations() {
        return main.iterations;
    }

    /** LU factorizations (first ones and refactorizations) so far. */
    public int factorizations() {
        return main.factorizations;
    }

    /** True while batches take the line relaxation's steps (false once it failed to contract on this array). */
    boolean relaxed() {
        return !relaxOff;
    }

    /** Non-zeros of the LU factors (fill included), 0 before the first factorization. */
    public long factorNonZeros() {
        return main.lu == null ? 0 : main.lu.factorNonZeros();
    }

    /** Unknowns of the array's nodal equations. */
    public int unknowns() {
        return eq.size;
    }

    private static final SecondThread SECOND = new SecondThread("xbarsim-array");

    /** Runs {@code here} on this thread and {@code there} on the array solver's second thread, and waits for both. */
    private static void runOnBoth(Runnable here, Runnable there) {
        SECOND.both(here, there);
    }

    /** One solver's state: the iterate, the Jacobian values and their factorization. */
    private final class Worker {
        SparseLu lu;
        final double[] x = new double[eq.size];
        final double[] f = new double[eq.size];
        final double[] step = new double[eq.size];
        final double[] values = new double[eq.pattern.slots()];
        final double[] csc = new double[eq.pattern.rowIndices().length];
        boolean linearFactored;
        /** True while lu is read by another worker as well: refactoring then makes a new one. */
        boolean luShared;
        /** The input vector (V) that x is the solution for (zeros before the first). */
        double[] xFor = new double[eq.m];
        /** The line relaxation of a Jacobian, null before the first. */
        LineRelaxation relax;
        /** Scratch of the relaxation's sweeps, one value per cell. */
        final double[] relaxLines = new double[eq.m * eq.n];
        /** The relaxed steps' last iterate and step, for their Anderson mixing. */
        final double[] lastX = new double[eq.size];
        final double[] lastDx = new double[eq.size];
        /** True while relax is read by another worker as well: a new Jacobian then makes a new one. */
        boolean relaxShared;
        /** False while another worker runs beside this one (then the second core is taken). */
        boolean alone = true;
        int iterations;
        int factorizations;

        /**
         * Solves the mean of inputs [from, to) and factors the Jacobian there: the chord
         * Jacobian at a typical operating point rather than at zero bias.
         */
        void prime(double[][] v, int from, int to) {
            double[] mean = new double[eq.m];
            for (int k = from; k < to; k++) {
                for (int i = 0; i < eq.m; i++) {
                    mean[i] += v[k][i] / (to - from);
                }
            }
            solve(mean);
            eq.evaluate(x, mean, f, values);
            factor();
            setRelaxation();
        }

        /** Takes the other worker's factorization (read only until this worker refactors) and solution. */
        void share(Worker other) {
            lu = other.lu;
            luShared = true;
            relax = other.relax;
            relaxShared = true;
            System.arraycopy(other.x, 0, x, 0, eq.size);
            xFor = other.xFor;
        }

        /** The line relaxation of the Jacobian in values: this worker's own (one another worker reads is left alone). */
        private void setRelaxation() {
            if (relax == null || relaxShared) {
                relax = new LineRelaxation(eq);
                relaxShared = false;
            }
            relax.set(values);
        }

        private void factor() {
            if (lu == null || luShared) {
                // a factorization another worker reads is left alone: this worker makes its own
                lu = new SparseLu(eq.size, eq.pattern.columnPointers(), eq.pattern.rowIndices(), ordering);
                luShared = false;
            }
            eq.pattern.toCompressed(values, csc);
            int bad = lu.factor(csc);
            factorizations++;
            if (bad >= 0) {
                throw new IllegalStateException("crossbar matrix is singular at unknown " + bad);
            }
        }

        synchronized void factorLinear() {
            if (!linearFactored) {
                eq.evaluate(x, new double[eq.m], f, values);
                factor();
                linearFactored = true;
            }
        }

        /** The residual at x (and the Jacobian when {@code jac} is not null), devices on both cores when alone. */
        private void evaluate(double[] v, double[] jac) {
            int cells = eq.m * eq.n;
            if (!alone || cells < PARALLEL_CELLS) {
                eq.evaluate(x, v, f, jac);
                return;
            }
            eq.begin(f, jac);
            int half = cells / 2;
            runOnBoth(() -> eq.devices(x, f, jac, 0, half), () -> eq.devices(x, f, jac, half, cells));
            eq.wires(x, v, f);
        }

        /**
         * Inputs [from, to) of v, {@link #BLOCK} at a time in flight: each in-flight input takes
         * the chord steps of {@link #solve}, and one pass of the triangular solves serves them all
         * (the factors are read once per pass, not once per input). An input that converges
         * hands its place to the next one, which starts from its solution; when one input's
         * steps stop contracting, the Jacobian is refactored at its iterate and every input's
         * contraction is measured afresh.
         */
        void solveBlock(double[][] v, double[][] out, int from, int to, AtomicInteger done, IntConsumer progress) {
            int size = eq.size;
            int slots = Math.min(BLOCK, to - from);
            double[][] xs = new double[slots][];
            double[] last = new double[slots];
            int[] input = new int[slots];
            int[] its = new int[slots];
            double[] rhs = new double[size * slots];
            double[] work = new double[size * slots];
            int next = from;
            double[][] vs = new double[slots][];
            for (int s = 0; s < slots; s++) {
                xs[s] = x.clone();
                input[s] = next++;
                last[s] = Double.POSITIVE_INFINITY;
                vs[s] = xFor;
            }
            int active = slots;
            int refactorAt = -1;
            if (lu == null) {
                prime(v, from, from + slots);
                for (int s = 0; s < slots; s++) {
                    System.arraycopy(x, 0, xs[s], 0, size);
                    vs[s] = xFor;
                }
            }
            for (int s = 0; s < slots; s++) {
                eq.shiftRows(xs[s], vs[s], v[input[s]]);
                vs[s] = v[input[s]];
            }
            double[][] fs = new double[slots][size];
            double[][] prevX = new double[slots][size];
            double[][] prevStep = new double[slots][size];
            boolean[] history = new boolean[slots];
            double[] largest = new double[slots];
            boolean[] converged = new boolean[slots];
            while (active > 0) {
                for (int s = 0; s < slots; s++) {
                    if (input[s] < 0) {
                        Arrays.fill(fs[s], 0);
                        continue;
                    }
                    boolean jac = s == refactorAt;
                    eq.evaluate(xs[s], v[input[s]], fs[s], jac ? values : null);
                    if (jac) {
                        factor();
                        Arrays.fill(last, Double.POSITIVE_INFINITY);
                        Arrays.fill(history, false);
                    }
                }
                refactorAt = -1;
                for (int k = 0, o = 0; k < size; k++, o += slots) {
                    for (int s = 0; s < slots; s++) {
                        rhs[o + s] = -fs[s][k];
                    }
                }
                lu.solve(rhs, slots, work);
                for (int s = 0; s < slots; s++) {
                    // one pass: the step out of the interleaved solution, its largest entry, and the
                    // secant products of Anderson mixing against the last step
                    double[] st = fs[s];
                    double[] ps = prevStep[s];
                    double big = 0;
                    double num = 0;
                    double den = 0;
                    for (int k = 0, o = s; k < size; k++, o += slots) {
                        double sk = rhs[o];
                        st[k] = sk;
                        big = Math.max(big, Math.abs(sk));
                        double dd = sk - ps[k];
                        num += dd * sk;
                        den += dd * dd;
                    }
                    largest[s] = big;
                    double[] xk = xs[s];
                    boolean ok = input[s] >= 0 && big <= MAX_STEP_V && settled(st, xk, tail(big, last[s]));
                    converged[s] = ok;
                    double scale = big > MAX_STEP_V ? MAX_STEP_V / big : 1;
                    mix(xk, st, scale, history[s] && !ok && scale == 1 && den > 0 ? num / den : 0, prevX[s], ps);
                    history[s] = scale == 1;
                }
                for (int s = 0; s < slots; s++) {
                    if (input[s] < 0) {
                        continue;
                    }
                    iterations++;
                    double[] xk = xs[s];
                    if (converged[s]) {
                        double[] currents = new double[eq.n];
                        eq.columnCurrents(xk, currents);
                        out[input[s]] = currents;
                        report(done, 1, progress);
                        its[s] = 0;
                        last[s] = Double.POSITIVE_INFINITY;
                        history[s] = false;
                        if (next < to) {
                            input[s] = next++;
                            eq.shiftRows(xk, vs[s], v[input[s]]);
                            vs[s] = v[input[s]];
                        } else {
                            input[s] = -1;
                            active--;
                            System.arraycopy(xk, 0, x, 0, size);
                            xFor = vs[s];
                        }
                        continue;
                    }
                    if (++its[s] >= MAX_ITERATIONS) {
                        throw notConverged(xk, v[input[s]]);
                    }
                    if (largest[s] > CHORD_CONTRACTION * last[s] && refactorAt < 0) {
                        refactorAt = s;
                    }
                    last[s] = largest[s];
                }
            }
        }

        /**
         * Inputs [from, to) of v one after another, each from the last one's solution, by steps
         * whose linear solve is one sweep of {@link LineRelaxation} on the Jacobian at an earlier
         * iterate instead of the triangular solves of its LU: steps contract by about that
         * Jacobian's error plus the sweep's (together about 1e-2 at paper 002's parameters, as
         * the chord steps alone). The Jacobian is re-evaluated when a step is more than
         * {@link #CHORD_CONTRACTION} of the one before; when the steps after a fresh Jacobian do
         * not contract either (wires too resistive against the cells for the lines to decouple),
         * the simulator leaves the relaxation for good and these inputs go to {@link #solveBlock}.
         */
        void relaxBlock(double[][] v, double[][] out, int from, int to, AtomicInteger done, IntConsumer progress) {
            if (relaxOff) {
                solveBlock(v, out, from, to, done, progress);
                return;
            }
            for (int k = from; k < to; k++) {
                eq.shiftRows(x, xFor, v[k]);
                xFor = v[k];
                double[] currents = relaxSolve(v[k]);
                if (currents == null) {
                    relaxOff = true;
                    for (double xk : x) {
                        if (!Double.isFinite(xk)) {
                            Arrays.fill(x, 0); // Newton starts again from zero
                            xFor = new double[eq.m];
                            break;
                        }
                    }
                    solveBlock(v, out, k, to, done, progress); // from where the relaxed steps stopped
                    return;
                }
                out[k] = currents;
                report(done, 1, progress);
            }
        }

        /** The column currents for input v by relaxed steps from x, or null when they stop contracting. */
        private double[] relaxSolve(double[] v) {
            double lastStep = Double.POSITIVE_INFINITY;
            boolean refresh = relax == null;
            boolean fresh = false;
            boolean history = false;
            for (int it = 1; it <= MAX_ITERATIONS; it++) {
                if (refresh) {
                    evaluate(v, values);
                    setRelaxation();
                    refresh = false;
                    fresh = true;
                    history = false;
                    lastStep = Double.POSITIVE_INFINITY;
                } else {
                    evaluate(v, null);
                }
                iterations++;
                relax.sweep(f, step, relaxLines); // the sweep is linear: the step is minus this
                double largest = 0;
                double num = 0;
                double den = 0;
                for (int k = 0; k < eq.size; k++) {
                    double sk = -step[k];
                    step[k] = sk;
                    largest = Math.max(largest, Math.abs(sk));
                    double dd = sk - lastDx[k];
                    num += dd * sk;
                    den += dd * dd;
                }
                boolean converged = settled(step, x, tail(largest, lastStep));
                double scale = largest > MAX_STEP_V ? MAX_STEP_V / largest : 1;
                mix(x, step, scale, history && !converged && scale == 1 && den > 0 ? num / den : 0, lastX, lastDx);
                history = scale == 1;
                if (converged && scale == 1) {
                    double[] currents = new double[eq.n];
                    eq.columnCurrents(x, currents);
                    return currents;
                }
                if (!(largest <= CHORD_CONTRACTION * lastStep)) { // a NaN step too
                    if (fresh) {
                        return null;
                    }
                    refresh = true;
                } else if (lastStep < Double.POSITIVE_INFINITY) {
                    fresh = false;
                }
                lastStep = largest;
            }
            return null;
        }

        /** Newton with chord steps from the last solution; returns the column currents. */
        double[] solve(double[] v) {
            boolean refactor = lu == null;
            double lastStep = Double.POSITIVE_INFINITY;
            for (int it = 1; it <= MAX_ITERATIONS; it++) {
                iterations++;
                evaluate(v, refactor ? values : null);
                if (refactor) {
                    factor();
                    refactor = false;
                }
                for (int k = 0; k < eq.size; k++) {
                    step[k] = -f[k];
                }
                lu.solve(step);
                double largest = 0;
                for (int k = 0; k < eq.size; k++) {
                    largest = Math.max(largest, Math.abs(step[k]));
                }
                boolean converged = settled(step, x, tail(largest, lastStep));
                double scale = largest > MAX_STEP_V ? MAX_STEP_V / largest : 1;
                for (int k = 0; k < eq.size; k++) {
                    x[k] += scale * step[k];
                }
                if (converged && scale == 1) {
                    double[] out = new double[eq.n];
                    eq.columnCurrents(x, out);
                    xFor = v;
                    return out;
                }
                refactor = largest > CHORD_CONTRACTION * lastStep;
                lastStep = largest;
            }
            throw notConverged(x, v);
        }

        /** The failure after {@link #MAX_ITERATIONS} at iterate xk for input v: the largest residual and its node. */
        private ConvergenceException notConverged(double[] xk, double[] v) {
            eq.evaluate(xk, v, f, null);
            int at = 0;
            for (int k = 1; k < eq.size; k++) {
                if (Math.abs(f[k]) > Math.abs(f[at])) {
                    at = k;
                }
            }
            return new ConvergenceException(MAX_ITERATIONS, Math.abs(f[at]), nodeName(at));
        }
    }

    /**
     * The error left after a step of largest entry {@code step} that followed one of {@code last},
     * per unit of the step: rho / (1 - rho) for steps contracting by rho = step / last, and 1
     * (the step itself) where no contraction below {@link #CHORD_CONTRACTION} is measured.
     */
    private static double tail(double step, double last) {
        double rho = step / last;
        return rho > 0 && rho < CHORD_CONTRACTION ? rho / (1 - rho) : 1;
    }

    /**
     * The update x += scale st, mixed by Anderson of depth one with weight {@code gamma} (0: none)
     * along the secant through this step and the last: x -= gamma (x - px + scale st - ps). (Output)
     * px and ps, the iterate before and the step taken, for the next.
     */
    private static void mix(double[] x, double[] st, double scale, double gamma, double[] px, double[] ps) {
        for (int k = 0; k < x.length; k++) {
            double xOld = x[k];
            double step = scale * st[k];
            x[k] = xOld + step - gamma * (xOld - px[k] + step - ps[k]);
            px[k] = xOld;
            ps[k] = step;
        }
    }

    /**
     * The convergence test: every node's remaining error, {@code tail} times its last step, within
     * {@link #relTol} of its voltage plus {@link #STEP_ABSTOL_V}.
     */
    private boolean settled(double[] step, double[] x, double tail) {
        for (int k = 0; k < eq.size; k++) {
            if (!(tail * Math.abs(step[k]) <= relTol * Math.abs(x[k]) + STEP_ABSTOL_V)) {
                return false; // a NaN step too
            }
        }
        return true;
    }

    /** The netlist name of unknown k ({@code t<i>_<j>}, {@code m<i>_<j>} or {@code b<i>_<j>}). */
    String nodeName(int k) {
        int c = k / eq.perCell;
        int kind = k % eq.perCell;
        String prefix = kind == 0 ? "t" : kind == eq.perCell - 1 ? "b" : "m";
        return prefix + (c / eq.n) + "_" + (c % eq.n);
    }
}
