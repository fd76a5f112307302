package org.xbarsim.solver;

import java.util.Arrays;

import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.Load;
import org.xbarsim.circuit.MatrixPattern;
import org.xbarsim.circuit.SimOptions;

/**
 * DC solution of a circuit by Newton-Raphson on the MNA equations, with SPICE junction limiting
 * in the devices, ngspice's convergence test, and gmin stepping then source stepping when plain
 * Newton fails. The sparse LU's analysis is reused for every iteration and every sweep point.
 */
public final class NewtonSolver {
    /**
     * A step larger than this fraction of the one before has stopped converging quadratically;
     * if the equations then balance to tolerance, the remaining steps are rounding noise.
     */
    static final double STAGNATION = 0.25;
    /**
     * Chord steps (reusing the last factorization) are taken while each step shrinks to at most
     * this fraction of the one before; the error left after a step is then at most its size.
     */
    static final double CHORD_MAX_RATIO = 0.5;
    /**
     * A chord step is accepted as the last when the step after it, predicted from the contraction
     * ratio, would be at most this fraction of the tolerance: chord steps contract linearly, and
     * stopping at the first step within tolerance would leave an error of that order, where a
     * Newton step's quadratic convergence leaves far less.
     */
    static final double CHORD_FINAL_STEP = 1e-3;
    /**
     * Relative KCL residual (against each row's largest term) that counts as rounding noise: a
     * thousand double-precision epsilons.
     */
    static final double ROUNDING_RESIDUAL = 1e3 * Math.ulp(1.0);
    /** Below this many factor entries a refactorization is as cheap as a chord step: always refactor. */
    static final int CHORD_MIN_FACTOR_NONZEROS = 50_000;

    private final Circuit circuit;
    private final SimOptions opt;
    private final int n;
    private final MatrixPattern pattern;
    private final SparseLu lu;
    private final Load base;
    private final Load load;
    private final double[] compressed;
    private final double[] next;
    private final int[] nodeDiagonal;
    private final double[] residualWork;
    private final double[] scaleWork;
    private double baseFactor = Double.NaN;
    private boolean baseDirty = true;
    private int iterationsTotal;
    private int chordSteps;
    /** Solutions that passed the step test but not the final KCL check, and were iterated further. */
    private int kclRetries;
    /** The last device seen with an infinite value or derivative, for the failure message. */
    private org.xbarsim.circuit.Device lastOutOfRange;
    private int gminSteppingUsed;
    private int sourceSteppingUsed;
    /** The LU holds the Jacobian of a recent iterate of the full circuit: chord steps may use it. */
    private boolean factorUsable;

    public NewtonSolver(Circuit circuit) {
        this.circuit = circuit;
        this.opt = circuit.options();
        this.n = circuit.size();
        this.pattern = circuit.pattern();
        this.lu = new SparseLu(n, pattern.columnPointers(), pattern.rowIndices());
        this.base = new Load(n, pattern.slots());
        this.load = new Load(n, pattern.slots());
        this.load.monotone = circuit.monotone(); // fixed for the circuit: set once, not per assembly
        this.compressed = new double[pattern.rowIndices().length];
        this.next = new double[n + 1];
        this.residualWork = new double[n + 1];
        this.scaleWork = new double[n + 1];
        this.nodeDiagonal = new int[circuit.nodeCount()];
        for (int k = 0; k < nodeDiagonal.length; k++) {
            nodeDiagonal[k] = pattern.slot(k, k);
        }
    }

    /** Marks the linear part stale after a source value changed. */
    public void sourcesChanged() {
        baseDirty = true;
    }

    /** Newton iterations spent so far. */
    public int iterations() {
        return iterationsTotal;
    }

    /**
     * How the solutions so far were reached, one line: how many needed gmin stepping or source
     * stepping after plain Newton failed, and how many passed the step test but not the final
     * KCL check and were iterated further.
     */
    public String methods() {
        return "gmin stepping " + gminSteppingUsed + "x, source stepping " + sourceSteppingUsed + "x, KCL re-iterations "
                + kclRetries;
    }

    /** Newton steps that reused a factorization (chord steps) so far. */
    public int chordSteps() {
        return chordSteps;
    }

    public SparseLu lu() {
        return lu;
    }

    /**
     * A copy of the matrix last factored, in the compressed-column order of the circuit's
     * pattern ({@link MatrixPattern#columnPointers()}, {@link MatrixPattern#rowIndices()}).
     *
     * @throws IllegalStateException before the first factorization
     */
    public double[] lastFactored() {
        requireFactored();
        return compressed.clone();
    }

    private void requireFactored() {
        if (lu.factorNonZeros() == 0) {
            throw new IllegalStateException("no matrix factored yet");
        }
    }

    /**
     * Writes the matrix last factored (the Jacobian of the last Newton iterate that was factored,
     * rows and columns in the circuit's unknown order) as a Matrix Market coordinate file, every
     * entry of its pattern (structural zeros included) at full precision: what an external solver
     * is timed on beside ours.
     *
     * @throws IllegalStateException before the first factorization
     */
    public void writeMatrixMarket(java.io.Writer w, String comment) throws java.io.IOException {
        requireFactored();
        int[] cp = pattern.columnPointers();
        int[] ri = pattern.rowIndices();
        w.write("%%MatrixMarket matrix coordinate real general\n");
        for (String line : comment.split("\n")) {
            w.write("% " + line + "\n");
        }
        w.write(n + " " + n + " " + ri.length + "\n");
        StringBuilder sb = new StringBuilder(1 << 17);
        for (int j = 0; j < n; j++) {
            for (int p = cp[j]; p < cp[j + 1]; p++) {
                sb.append(ri[p] + 1).append(' ').append(j + 1).append(' ').append(compressed[p]).append('\n');
            }
            if (sb.length() >= 1 << 16) {
                w.write(sb.toString());
                sb.setLength(0);
            }
        }
        w.write(sb.toString());
        w.flush();
    }

    /**
     * DC operating point from scratch: plain Newton, then gmin stepping, then source stepping.
     *
     * @return the solution, length n+1 (index n is ground, 0)
     */
    public double[] operatingPoint() {
        double[] x = new double[n + 1];
        circuit.resetState();
        if (iterate(x, 0, 1, opt.itl1(), true)) {
            return x;
        }
        if (opt.gminSteps() > 0 && gminStepping(x)) {
            gminSteppingUsed++;
            return x;
        }
        if (opt.srcSteps() > 0 && sourceStepping(x)) {
            sourceSteppingUsed++;
            return x;
        }
        throw failure(x);
    }

    /**
     * Solves again after a source changed, starting from {@code x} (Input/Output), falling back to
     * a full operating point when the warm start does not converge within itl2 iterations.
     */
    public double[] continueFrom(double[] x) {
        double[] trial = x.clone();
        if (iterate(trial, 0, 1, opt.itl2(), false)) {
            return trial;
        }
        return operatingPoint();
    }

    /**
     * Dynamic gmin stepping, as ngspice's cktop.c: a shunt on every node starting at 1e-3 S and
     * divided by a factor (at most 10^(1/gminsteps)... 10) after each solved step, the factor
     * growing when a step converges quickly and shrinking to its fourth root when one fails (the
     * last good solution restored), down to gmin and then none. Fails when the factor falls below
     * 1.00005.
     */
    private boolean gminStepping(double[] x) {
        Arrays.fill(x, 0);
        circuit.resetState();
        double maxFactor = 10;
        double factor = maxFactor;
        double target = opt.gmin();
        double g = GMIN_STEPPING_START_S;
        double lastGood = g;
        double[] saved = x.clone();
        boolean first = true;
        for (int round = 0; round < MAX_GMIN_ROUNDS; round++) {
            int before = iterationsTotal;
            if (iterate(x, g, 1, opt.itl1(), first)) {
                first = false;
                if (g <= target) {
                    return iterate(x, 0, 1, opt.itl1(), false);
                }
                System.arraycopy(x, 0, saved, 0, x.length);
                lastGood = g;
                int used = iterationsTotal - before;
                if (used <= opt.itl1() / 4) {
                    factor = Math.min(factor * Math.sqrt(factor), maxFactor);
                } else if (used > 3 * opt.itl1() / 4) {
                    factor = Math.max(Math.sqrt(factor), 1.00005);
                }
                g = g < factor * target ? target : g / factor;
            } else {
                if (factor < 1.00005) {
                    return false;
                }
                factor = Math.sqrt(Math.sqrt(factor));
                g = lastGood / factor;
                System.arraycopy(saved, 0, x, 0, x.length);
            }
        }
        return false;
    }

    /** The shunt dynamic gmin stepping starts from (S), as ngspice. */
    static final double GMIN_STEPPING_START_S = 1e-3;
    /** Most shunt values gmin stepping tries before giving up. */
    static final int MAX_GMIN_ROUNDS = 1000;

    /** Source stepping: all independent sources ramped from 0 to full, halving the step on failure. */
    private boolean sourceStepping(double[] x) {
        Arrays.fill(x, 0);
        circuit.resetState();
        double factor = 0;
        double step = 1.0 / opt.srcSteps();
        boolean first = true;
        double[] saved = x.clone();
        while (factor < 1) {
            double target = Math.min(1, factor + step);
            System.arraycopy(x, 0, saved, 0, x.length);
            if (iterate(x, 0, target, opt.itl1(), first)) {
                factor = target;
                first = false;
                step *= 1.5;
            } else {
                System.arraycopy(saved, 0, x, 0, x.length);
                step /= 4;
                if (step < 1e-6) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Newton iterations at fixed shunt {@code gshunt} (S) and source factor; x is (Input) the
     * start and (Output) the last iterate.
     *
     * @return true when converged
     */
    private boolean iterate(double[] x, double gshunt, double sourceFactor, int maxIterations, boolean fromScratch) {
        boolean nonlinear = circuit.isNonlinear();
        double step = Double.POSITIVE_INFINITY;
        double previousStep = Double.POSITIVE_INFINITY;
        if (fromScratch || gshunt != 0 || sourceFactor != 1) {
            factorUsable = false;
        }
        int chordsInARow = 0;
        for (int iter = 1; iter <= maxIterations; iter++) {
            iterationsTotal++;
            assemble(x, gshunt, sourceFactor, fromScratch && iter == 1);
            if (nonlinear && iter > 3 && !load.limited && step > STAGNATION * previousStep
                    && residualSmall(x, ROUNDING_RESIDUAL, false)) {
                return true; // the steps stopped shrinking where KCL holds to rounding: they are rounding noise
            }
            // a factorization from this solve, or from the previous one when this one continues it
            boolean chord = factorUsable && (iter > 2 || !fromScratch) && !load.limited
                    && lu.factorNonZeros() >= CHORD_MIN_FACTOR_NONZEROS;
            if (!chord) {
                pattern.toCompressed(load.a, compressed);
                int singular = lu.factor(compressed);
                if (singular >= 0) {
                    throw new SolveException("singular matrix: the equation of '" + circuit.unknownName(singular)
                            + "' is not independent (a floating node, conductances that cancel, or a loop of voltage sources or inductors)");
                }
                factorUsable = !load.initJunctions && gshunt == 0 && sourceFactor == 1;
            } else {
                chordSteps++;
            }
            if (iter == 1 && !chord) {
                System.arraycopy(load.rhs, 0, next, 0, n + 1);
                lu.solve(next);
            } else {
                // x_next = x - J^-1 (A(x) x - rhs(x)), J the Jacobian at x or (chord) the last one factored:
                // the Newton step written as a correction, which repeated is iterative refinement
                residualInto(x, next);
                lu.solve(next);
                for (int k = 0; k < n; k++) {
                    next[k] = x[k] - next[k];
                }
            }
            chordsInARow = chord ? chordsInARow + 1 : 0;
            next[n] = 0;
            for (int k = 0; k < n; k++) {
                if (!Double.isFinite(next[k])) {
                    return false;
                }
            }
            previousStep = step;
            step = scaledStep(x, next);
            double ratio = step / previousStep;
            if (chord && chordsInARow > 1 && !(ratio <= CHORD_MAX_RATIO)) {
                factorUsable = false; // contracting too slowly: refactor at the next iterate
            }
            // ngspice's test: every unknown's step within tolerance after the first iteration, no junction
            // limited, every device's current settled; a chord step counts only once two in a row show
            // how fast they contract
            boolean converged = !nonlinear || (iter > 1 && !load.limited && !load.initJunctions && step <= 1
                    && (!chord || (chordsInARow > 1 && ratio <= CHORD_MAX_RATIO && step * ratio <= CHORD_FINAL_STEP))
                    && circuit.devicesConverged(next, opt.reltol(), opt.abstol()));
            System.arraycopy(next, 0, x, 0, n + 1);
            if (converged) {
                // the final check: KCL holds at the accepted solution itself, or Newton goes on
                if (nonlinear) {
                    assemble(x, gshunt, sourceFactor, false);
                }
                if (residualSmall(x, 1, true)) {
                    return true;
                }
                kclRetries++;
            }
        }
        return false;
    }

    /** Builds the linearized system at x into {@code load}. */
    private void assemble(double[] x, double gshunt, double sourceFactor, boolean init) {
        if (baseDirty || baseFactor != sourceFactor) {
            Arrays.fill(base.a, 0);
            Arrays.fill(base.rhs, 0);
            base.sourceFactor = sourceFactor;
            circuit.loadLinear(base);
            baseFactor = sourceFactor;
            baseDirty = false;
        }
        System.arraycopy(base.a, 0, load.a, 0, base.a.length);
        System.arraycopy(base.rhs, 0, load.rhs, 0, n + 1);
        System.arraycopy(x, 0, load.x, 0, n + 1);
        load.x[n] = 0;
        load.gmin = opt.gmin();
        load.sourceFactor = sourceFactor;
        load.initJunctions = init;
        load.limited = false;
        load.outOfRange = null;
        circuit.loadNonlinear(load);
        if (load.outOfRange != null) {
            lastOutOfRange = load.outOfRange;
        }
        if (gshunt > 0) {
            for (int slot : nodeDiagonal) {
                load.a[slot] += gshunt;
            }
        }
    }

    /**
     * ngspice's convergence measure: the largest step of any unknown in units of its tolerance,
     * reltol of its size plus vntol (nodes) or abstol (branches). At most 1 means converged.
     */
    private double scaledStep(double[] old, double[] now) {
        int nodes = circuit.nodeCount();
        double worst = 0;
        for (int k = 0; k < n; k++) {
            double tol = opt.reltol() * Math.max(Math.abs(old[k]), Math.abs(now[k]))
                    + (k < nodes ? opt.vntol() : opt.abstol());
            worst = Math.max(worst, Math.abs(now[k] - old[k]) / tol);
        }
        return worst;
    }

    /**
     * Residual test at the linearization point x of the assembled system (where the linearized
     * equations are exact, so this is the circuit's own KCL): every node's current sum balances to
     * {@code rel} of the largest current it sums, every branch equation to {@code rel} of its largest
     * term; plus abstol (A) and vntol (V) when {@code absolute}. With rel = reltol this is the final
     * check of every accepted solution; with rel = {@link #ROUNDING_RESIDUAL} and no absolute part,
     * the test that steps which stopped shrinking are rounding noise.
     */
    private boolean residualSmall(double[] x, double relFactor, boolean absolute) {
        double[] r = residualWork;
        double[] scale = scaleWork;
        pattern.multiply(load.a, x, r, scale);
        int nodes = circuit.nodeCount();
        double rel = absolute ? opt.reltol() * relFactor : relFactor;
        for (int k = 0; k < n; k++) {
            double res = Math.abs(r[k] - load.rhs[k]);
            double tol = rel * Math.max(scale[k], Math.abs(load.rhs[k]))
                    + (absolute ? (k < nodes ? opt.abstol() : opt.vntol()) : 0);
            if (!(res <= tol)) {
                return false;
            }
        }
        return true;
    }

    /** {@code out = A(x) x - rhs(x)} from the assembled system. (Output) out, length n+1. */
    private void residualInto(double[] x, double[] out) {
        pattern.multiply(load.a, x, out);
        for (int k = 0; k < n; k++) {
            out[k] -= load.rhs[k];
        }
        out[n] = 0;
    }

    /** KCL residual A(x) x - rhs(x) per unknown (A at node rows). (Output) length n+1. */
    public double[] residual(double[] x) {
        assemble(x, 0, 1, false);
        double[] r = new double[n + 1];
        pattern.multiply(load.a, x, r);
        for (int k = 0; k < n; k++) {
            r[k] -= load.rhs[k];
        }
        r[n] = 0;
        return r;
    }

    private ConvergenceException failure(double[] x) {
        double[] r = residual(x);
        // the unknown whose equation is most out of balance against its tolerance: a node's KCL (A)
        // against abstol, a branch equation (V) against vntol
        int nodes = circuit.nodeCount();
        int worst = 0;
        double worstScaled = -1;
        for (int k = 0; k < n; k++) {
            double scaled = Math.abs(r[k]) / (k < nodes ? Math.max(opt.abstol(), 1e-300) : Math.max(opt.vntol(), 1e-300));
            if (!(scaled <= worstScaled)) {
                worst = k;
                worstScaled = scaled;
            }
        }
        String detail = "";
        boolean finite = true;
        for (int k = 0; k < n; k++) {
            finite &= Double.isFinite(r[k]) && Double.isFinite(x[k]);
        }
        if (!finite) {
            detail = "the equations leave the double range at the last iterate (a source or value far beyond the "
                    + "circuit's scale)";
        }
        if (lastOutOfRange != null) {
            org.xbarsim.circuit.Device d = lastOutOfRange;
            detail = "element " + d.name() + (d.origin() == null ? "" : " (" + d.origin().location() + ")")
                    + " evaluated to infinity at an iterate (its value or derivative is out of the double range there)";
        }
        return new ConvergenceException(iterationsTotal, Math.abs(r[worst]), circuit.unknownName(worst), worst < nodes,
                detail);
    }
}
