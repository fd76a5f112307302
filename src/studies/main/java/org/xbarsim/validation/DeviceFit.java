package org.xbarsim.validation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.util.MathArrays;
import org.xbarsim.circuit.MemristorLaw;
import org.xbarsim.circuit.MemristorLaws;
import org.xbarsim.crossbar.CellDevices;
import org.xbarsim.netlist.NetlistException;
import org.xbarsim.netlist.SourceLocation;

/**
 * Fits of the cell models to measured DC double sweeps of a 1T1R cell at several compliance
 * currents (one SET and one RESET sweep per compliance, the compliance set by the access
 * transistor's gate). First the memristor laws (sinh per state, and a table law of one shape for
 * every state) to the low-field part of the RESET sweeps, which start from the state the SET sweep
 * left; the RESET gate voltage was not recorded, so the transistor is taken as fully on there
 * (the memristor alone). Then the level-1 NMOS to the SET sweeps' return branches, where the
 * current clamps at the transistor's saturation current, solving the whole cell
 * ({@link CellCurve}) with the fitted states. Currents are fitted in uA.
 */
public final class DeviceFit {
    private DeviceFit() {
    }

    /**
     * One compliance level's sweeps (V, A).
     *
     * @param complianceUa the compliance the sweep was taken at (uA), from the column name
     * @param vSet         SET double sweep voltages, 0 up to the top and back
     * @param iSet         its currents (A)
     * @param vReset       RESET double sweep voltages, 0 down to the bottom and back
     * @param iReset       its currents, as measured: magnitudes (A)
     */
    public record Sweep(int complianceUa, double[] vSet, double[] iSet, double[] vReset, double[] iReset) {
    }

    /** Points of one branch (V, A). */
    public record Branch(double[] v, double[] i) {
    }

    /** A value and its standard error. */
    public record Estimate(double value, double std) {
    }

    /**
     * The sinh law fitted to one state: I = G V_read sinh(b V) / sinh(b V_read).
     *
     * @param complianceUa the SET compliance that made the state (uA)
     * @param g            conductance at V_read (S)
     * @param b            nonlinearity (1/V)
     * @param rmsA         RMS error of the current over the fitted points (A)
     * @param rmsLinearA   the same for the best linear law (b fixed near 0), for comparison (A)
     * @param maxA         the largest measured current magnitude in the fitted points (A)
     * @param points       points fitted
     */
    public record SinhState(int complianceUa, Estimate g, Estimate b, double rmsA, double rmsLinearA, double maxA,
                            int points) {
    }

    /**
     * The level-1 NMOS fitted to the SET return branches: one beta = KP W / L and lambda for
     * every sweep, one gate voltage per sweep (the threshold fixed: only V_g - V_to matters).
     *
     * @param beta        KP W / L (A/V^2)
     * @param lambda      channel-length modulation (1/V)
     * @param vto         the threshold, fixed (V)
     * @param vGate       each sweep's gate voltage (V)
     * @param rmsA        each sweep's RMS error over its return branch (A)
     * @param clampA      each sweep's fitted compliance: the current at the top of the sweep (A)
     * @param plateauA    each sweep's measured compliance: the median of the points within 1 % of
     *                    the sweep's largest current (A)
     * @param points      points fitted per sweep
     */
    public record Transistor(Estimate beta, Estimate lambda, double vto, Estimate[] vGate, double[] rmsA,
                             double[] clampA, double[] plateauA, int[] points) {
    }

    /**
     * The table law fitted to every state at once: one shape T(V) through odd-symmetric knots,
     * T(0) = 0 and T(V_read) = V_read fixed, and one state G per sweep.
     *
     * @param knotV the knots' voltages, 0 to the window's top (V)
     * @param knotT T at the knots (V), with standard errors
     * @param g     each sweep's state (S)
     * @param rmsA  each sweep's RMS error (A)
     */
    public record TableShape(double[] knotV, Estimate[] knotT, Estimate[] g, double[] rmsA) {
        /** The law these knots make. */
        public MemristorLaw law(double vRead) {
            return tableLaw(knotV, Arrays.stream(knotT).mapToDouble(Estimate::value).toArray(), vRead);
        }
    }

    /**
     * Everything fitted.
     *
     * @param vRead     read voltage of the states (V)
     * @param window    the RESET branches' fitted window, |V| up to this (V)
     * @param sinh      the sinh law per state
     * @param fet       the access transistor
     * @param table     the table law
     * @param sweeps    the sweeps fitted
     */
    public record Result(double vRead, double window, List<SinhState> sinh, Transistor fet, TableShape table,
                         List<Sweep> sweeps) {
        /** Sweep k's sinh law (its state is {@code sinh().get(k).g()}). */
        public MemristorLaw sinhLaw(int k) {
            return MemristorLaws.sinh(sinh.get(k).b().value(), vRead);
        }

        /** The cell of sweep k with its sinh state and the fitted transistor. */
        public CellCurve sinhCell(int k) {
            return new CellCurve(new CellDevices(sinhLaw(k), fet.vGate()[k].value(), fet.vto(), fet.beta().value(),
                    fet.lambda().value()), sinh.get(k).g().value());
        }
    }

    /**
     * Reads the sweeps of a file with columns {@code V_set_XuA, I_set_XuA, V_reset_XuA,
     * I_reset_XuA} per compliance X (currents in uA), as in the ReADC source data of Fig. 3b.
     */
    public static List<Sweep> readSweeps(Path file) throws IOException {
        MeasuredTable t = MeasuredTable.withHeader(file);
        List<Sweep> out = new ArrayList<>();
        for (String name : t.header()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)V_set_(\\d+)uA").matcher(name);
            if (!m.matches()) {
                continue;
            }
            int x = Integer.parseInt(m.group(1));
            double[] vs = t.column("V_set_" + x + "uA");
            double[] is = MathArrays.scale(1e-6, t.column("I_set_" + x + "uA"));
            double[] vr = t.column("V_reset_" + x + "uA");
            double[] ir = MathArrays.scale(1e-6, t.column("I_reset_" + x + "uA"));
            if (vs.length != is.length || vr.length != ir.length || vs.length < 10 || vr.length < 10) {
                throw new NetlistException(SourceLocation.startOf(file), "expected equal-length V and I columns of at least 10 "
                        + "points for " + x + " uA, found " + vs.length + "/" + is.length + " (SET) and " + vr.length + "/"
                        + ir.length + " (RESET)", null);
            }
            out.add(new Sweep(x, vs, is, vr, ir));
        }
        if (out.isEmpty()) {
            throw new NetlistException(SourceLocation.startOf(file), "expected columns V_set_XuA, I_set_XuA, V_reset_XuA, "
                    + "I_reset_XuA for compliance currents X", null);
        }
        return List.copyOf(out);
    }

    /** The SET sweep from its top voltage back down (the state is set; the transistor clamps). */
    public static Branch setReturn(Sweep s) {
        int top = 0;
        for (int k = 1; k < s.vSet().length; k++) {
            if (s.vSet()[k] > s.vSet()[top]) {
                top = k;
            }
        }
        List<double[]> pts = new ArrayList<>();
        for (int k = top; k < s.vSet().length; k++) {
            if (s.vSet()[k] > 0) {
                pts.add(new double[] {s.vSet()[k], s.iSet()[k]});
            }
        }
        return branch(pts);
    }

    /**
     * The RESET sweep's first points, from 0 V down to {@code -window} (before any reset), with
     * the measured magnitudes given the sign of the voltage.
     */
    public static Branch resetLowField(Sweep s, double window) {
        List<double[]> pts = new ArrayList<>();
        for (int k = 0; k < s.vReset().length; k++) {
            double v = s.vReset()[k];
            if (k > 0 && v > s.vReset()[k - 1]) {
                break; // the sweep turned back
            }
            if (v < 0 && -v <= window + 1e-9) {
                pts.add(new double[] {v, -Math.abs(s.iReset()[k])});
            }
        }
        return branch(pts);
    }

    private static Branch branch(List<double[]> pts) {
        double[] v = new double[pts.size()];
        double[] i = new double[pts.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = pts.get(k)[0];
            i[k] = pts.get(k)[1];
        }
        return new Branch(v, i);
    }

    /** The largest current magnitude of a branch (A). */
    static double largest(Branch b) {
        return Arrays.stream(b.i()).map(Math::abs).max().orElse(0);
    }

    /** The median of a branch's currents within 1 % of its largest magnitude (A). */
    public static double plateau(Branch b) {
        double limit = 0.99 * largest(b);
        double[] near = Arrays.stream(b.i()).map(Math::abs).filter(i -> i >= limit).sorted().toArray();
        return near[near.length / 2];
    }

    /** The currents (uA) of branches one after the other, as the fits' observations. */
    private static double[] observed(Branch[] branches) {
        return MathArrays.scale(1e6, Arrays.stream(branches).flatMapToDouble(b -> Arrays.stream(b.i())).toArray());
    }

    /** Each branch's RMS residual (A) from the residuals (uA) of branches one after the other. */
    private static double[] rmsPerBranch(double[] residualsUa, Branch[] branches) {
        double[] rms = new double[branches.length];
        int j = 0;
        for (int k = 0; k < branches.length; k++) {
            double ss = 0;
            int n = branches[k].v().length;
            for (int q = 0; q < n; q++, j++) {
                ss += residualsUa[j] * residualsUa[j];
            }
            rms[k] = Math.sqrt(ss / n) * 1e-6;
        }
        return rms;
    }

    /** The table law T through knots at 0..top, mirrored to negative voltages. */
    static MemristorLaw tableLaw(double[] knotV, double[] knotT, double vRead) {
        int n = knotV.length;
        double[] v = new double[2 * n - 1];
        double[] t = new double[2 * n - 1];
        for (int k = 0; k < n; k++) {
            v[n - 1 + k] = knotV[k];
            t[n - 1 + k] = knotT[k];
            v[n - 1 - k] = -knotV[k];
            t[n - 1 - k] = -knotT[k];
        }
        return MemristorLaws.table(v, t, vRead);
    }

    /**
     * Fits every sweep.
     *
     * @param sweeps  the measured sweeps
     * @param vRead   the read voltage defining a state's conductance (V)
     * @param window  the RESET branches' window, |V| up to this (V)
     * @param vto     the transistor threshold, fixed (V)
     * @param beta0   the starting beta (A/V^2)
     */
    public static Result fit(List<Sweep> sweeps, double vRead, double window, double vto, double beta0) {
        int n = sweeps.size();
        Branch[] set = new Branch[n];
        Branch[] reset = new Branch[n];
        double[] plateau = new double[n];
        for (int k = 0; k < n; k++) {
            set[k] = setReturn(sweeps.get(k));
            reset[k] = resetLowField(sweeps.get(k), window);
            if (reset[k].v().length < 4) {
                throw new IllegalArgumentException(sweeps.get(k).complianceUa() + " uA: " + reset[k].v().length
                        + " RESET points within " + window + " V; at least 4 needed");
            }
            plateau[k] = plateau(set[k]);
        }
        // the states start from the first points' slope (b = 1 / V); the transistor clamps at the plateau
        SinhState[] sinh = new SinhState[n];
        double[] g = new double[n];
        double[] b = new double[n];
        for (int k = 0; k < n; k++) {
            sinh[k] = fitSinh(sweeps.get(k).complianceUa(), reset[k], vRead, reset[k].i()[0] / reset[k].v()[0], 1);
            g[k] = sinh[k].g().value();
            b[k] = sinh[k].b().value();
        }
        Transistor fet = fitTransistor(set, plateau, vRead, g, b, vto, beta0);
        TableShape table = fitTable(reset, vRead, window, g, b);
        return new Result(vRead, window, List.of(sinh), fet, table, sweeps);
    }

    /** The memristor's currents (uA) at voltages v (V), state gUs (uS). */
    private static double[] currents(MemristorLaw law, double gUs, double[] v) {
        double[] y = new double[v.length];
        for (int k = 0; k < y.length; k++) {
            y[k] = law.current(v[k], gUs * 1e-6) * 1e6;
        }
        return y;
    }

    private static SinhState fitSinh(int complianceUa, Branch r, double vRead, double g0, double b0) {
        double[] observed = MathArrays.scale(1e6, r.i());
        java.util.function.Function<double[], double[]> model = p -> currents(MemristorLaws.sinh(p[1], vRead), p[0], r.v());
        LeastSquares.Fit fit = LeastSquares.fit(model, observed, new double[] {g0 * 1e6, Math.max(b0, 0.1)},
                new double[] {1e-4, 1e-5});
        // the best linear law, for comparison: one parameter, the sinh law at b -> 0
        java.util.function.Function<double[], double[]> linear = p -> currents(MemristorLaws.linear(), p[0], r.v());
        LeastSquares.Fit lin = LeastSquares.fit(linear, observed, new double[] {g0 * 1e6}, new double[] {1e-4});
        return new SinhState(complianceUa, new Estimate(fit.params()[0] * 1e-6, fit.std()[0] * 1e-6),
                new Estimate(fit.params()[1], fit.std()[1]), fit.rms() * 1e-6, lin.rms() * 1e-6, largest(r), observed.length);
    }

    private static Transistor fitTransistor(Branch[] set, double[] plateau, double vRead, double[] g, double[] b,
                                            double vto, double beta0) {
        int n = set.length;
        double[] observed = observed(set);
        MemristorLaw[] laws = new MemristorLaw[n];
        for (int k = 0; k < n; k++) {
            laws[k] = MemristorLaws.sinh(b[k], vRead);
        }
        // parameters: ln(beta / (A/V^2)) (beta stays positive), lambda (1/V), then each sweep's gate overdrive (V)
        java.util.function.Function<double[], CellCurve[]> cells = p -> {
            CellCurve[] c = new CellCurve[n];
            for (int k = 0; k < n; k++) {
                c[k] = new CellCurve(new CellDevices(laws[k], vto + p[2 + k], vto, Math.exp(p[0]), p[1]), g[k]);
            }
            return c;
        };
        java.util.function.Function<double[], double[]> model = p -> {
            CellCurve[] c = cells.apply(p);
            double[] y = new double[observed.length];
            int j = 0;
            for (int k = 0; k < n; k++) {
                for (double v : set[k].v()) {
                    y[j++] = c[k].current(v) * 1e6;
                }
            }
            return y;
        };
        double[] start = new double[n + 2];
        double[] steps = new double[n + 2];
        Arrays.fill(steps, 1e-7);
        start[0] = Math.log(beta0);
        steps[0] = 1e-6;
        steps[1] = 1e-6;
        for (int k = 0; k < n; k++) {
            start[2 + k] = Math.sqrt(2 * plateau[k] / beta0); // the overdrive that clamps at the plateau
        }
        // first with lambda held at 0 (the plateau is nearly flat, and lambda alone lets the first
        // steps make 1 + lambda Vds negative), then everything from there
        boolean[] held = new boolean[n + 2];
        held[1] = true;
        start = LeastSquares.fit(model, observed, start, steps, held).params();
        LeastSquares.Fit fit = LeastSquares.fit(model, observed, start, steps);
        double[] p = fit.params();
        CellCurve[] c = cells.apply(p);
        Estimate[] gates = new Estimate[n];
        double[] clamp = new double[n];
        for (int k = 0; k < n; k++) {
            gates[k] = new Estimate(vto + p[2 + k], fit.std()[2 + k]);
            clamp[k] = c[k].current(Arrays.stream(set[k].v()).max().orElse(0));
        }
        int[] points = Arrays.stream(set).mapToInt(s -> s.v().length).toArray();
        return new Transistor(new Estimate(Math.exp(p[0]), Math.exp(p[0]) * fit.std()[0]), new Estimate(p[1], fit.std()[1]),
                vto, gates, rmsPerBranch(fit.residuals(), set), clamp, plateau.clone(), points);
    }

    private static TableShape fitTable(Branch[] reset, double vRead, double window, double[] g, double[] b) {
        int n = reset.length;
        // knots every 50 mV up to the window, T(0) = 0 and T(vRead) = vRead fixed
        int knots = (int) Math.round(window / 0.05);
        double[] knotV = new double[knots + 1];
        for (int q = 0; q <= knots; q++) {
            knotV[q] = window * q / knots;
        }
        int fixedAt = (int) Math.round(vRead / (window / knots));
        if (fixedAt < 1 || fixedAt > knots || Math.abs(knotV[fixedAt] - vRead) > 1e-9) {
            throw new IllegalArgumentException("the table's knots (every " + window / knots + " V to " + window
                    + " V) must include V_read = " + vRead + " V");
        }
        int free = knots - 1; // all knots but 0 and vRead
        int[] freeKnot = new int[free];
        int f = 0;
        for (int q = 1; q <= knots; q++) {
            if (q != fixedAt) {
                freeKnot[f++] = q;
            }
        }
        double[] observed = observed(reset);
        // parameters: the free knots' T (V), then each sweep's G (uS)
        java.util.function.Function<double[], double[]> model = p -> {
            double[] t = knotValues(p, knotV, freeKnot, fixedAt, vRead);
            MemristorLaw law = tableLaw(knotV, t, vRead);
            double[] y = new double[observed.length];
            int j = 0;
            for (int k = 0; k < n; k++) {
                for (double v : reset[k].v()) {
                    y[j++] = law.current(v, p[free + k] * 1e-6) * 1e6;
                }
            }
            return y;
        };
        double[] start = new double[free + n];
        double[] steps = new double[free + n];
        MemristorLaw typical = MemristorLaws.sinh(b[n / 2], vRead);
        for (int q = 0; q < free; q++) {
            start[q] = typical.current(knotV[freeKnot[q]], 1);
            steps[q] = 1e-8;
        }
        for (int k = 0; k < n; k++) {
            start[free + k] = g[k] * 1e6;
            steps[free + k] = 1e-4;
        }
        LeastSquares.Fit fit = LeastSquares.fit(model, observed, start, steps);
        double[] t = knotValues(fit.params(), knotV, freeKnot, fixedAt, vRead);
        Estimate[] knotT = new Estimate[knotV.length];
        for (int q = 0; q <= knots; q++) {
            knotT[q] = new Estimate(t[q], 0);
        }
        for (int q = 0; q < free; q++) {
            knotT[freeKnot[q]] = new Estimate(t[freeKnot[q]], fit.std()[q]);
        }
        Estimate[] gs = new Estimate[n];
        for (int k = 0; k < n; k++) {
            gs[k] = new Estimate(fit.params()[free + k] * 1e-6, fit.std()[free + k] * 1e-6);
        }
        return new TableShape(knotV, knotT, gs, rmsPerBranch(fit.residuals(), reset));
    }

    private static double[] knotValues(double[] p, double[] knotV, int[] freeKnot, int fixedAt, double vRead) {
        double[] t = new double[knotV.length];
        t[fixedAt] = vRead;
        for (int q = 0; q < freeKnot.length; q++) {
            t[freeKnot[q]] = p[q];
        }
        return t;
    }
}
