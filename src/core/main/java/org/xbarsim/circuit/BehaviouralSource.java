package org.xbarsim.circuit;

import org.xbarsim.netlist.Expr;
import org.xbarsim.netlist.Token;

/**
 * A behavioural source: {@code I=f(...)} (current from the first node through the source to the
 * second) or {@code V=f(...)} (voltage between its nodes, with a branch current). f is an
 * expression of node voltages, branch currents and constants; its derivatives are exact.
 */
public final class BehaviouralSource extends Device {
    private final int p;
    private final int m;
    private final int k;
    private final int ground;
    private final Expr f;
    private final int[] vars;
    private final Expr[] df;
    private int[] rowP;
    private int[] rowM;
    private int[] rowK;
    private int pk;
    private int mk;
    private int kp;
    private int km;
    /** The function's value at the last linearization, for the convergence test. */
    private double valueLin;

    /**
     * @param f    expression with probe indices resolved
     * @param vars the distinct unknowns f depends on
     * @param k    branch unknown for a voltage source, -1 for a current source
     * @param ground the index of ground (the circuit's size)
     */
    public BehaviouralSource(String name, Token origin, int p, int m, int k, Expr f, int[] vars, int ground) {
        super(name, origin);
        this.ground = ground;
        this.p = p;
        this.m = m;
        this.k = k;
        this.f = f;
        this.vars = vars;
        this.df = new Expr[vars.length];
        for (int j = 0; j < vars.length; j++) {
            df[j] = f.derivative(vars[j]);
        }
    }

    @Override
    public void stamp(MatrixPattern pat) {
        int nv = vars.length;
        if (k >= 0) {
            pk = pat.slot(p, k);
            mk = pat.slot(m, k);
            kp = pat.slot(k, p);
            km = pat.slot(k, m);
            rowK = new int[nv];
            for (int j = 0; j < nv; j++) {
                rowK[j] = pat.slot(k, vars[j]);
            }
        } else {
            rowP = new int[nv];
            rowM = new int[nv];
            for (int j = 0; j < nv; j++) {
                rowP[j] = pat.slot(p, vars[j]);
                rowM[j] = pat.slot(m, vars[j]);
            }
        }
    }

    @Override
    public boolean nonlinear() {
        return vars.length > 0;
    }

    @Override
    public void load(Load l) {
        double[] x = l.x;
        double value = finite(f.eval(x), l);
        valueLin = value;
        double lin = value;
        double[] a = l.a;
        if (k >= 0) {
            a[pk] += 1;
            a[mk] -= 1;
            a[kp] += 1;
            a[km] -= 1;
            for (int j = 0; j < vars.length; j++) {
                double dj = finite(df[j].eval(x), l);
                a[rowK[j]] -= dj;
                lin -= dj * x[vars[j]];
            }
            l.rhs[k] += lin;
        } else {
            for (int j = 0; j < vars.length; j++) {
                double dj = finite(df[j].eval(x), l);
                a[rowP[j]] += dj;
                a[rowM[j]] -= dj;
                lin -= dj * x[vars[j]];
            }
            l.rhs[p] -= lin;
            l.rhs[m] += lin;
        }
    }

    /**
     * Where f or a derivative is out of its domain at an iterate (ln or sqrt of 0 at the starting
     * guess, 1/0), stands in +-{@link #OUT_OF_RANGE} as ngspice's parse-tree functions return
     * HUGE, and marks the iteration limited so that it cannot be accepted; NaN is kept.
     */
    private double finite(double v, Load l) {
        if (Double.isInfinite(v)) {
            l.limited = true;
            if (l.outOfRange == null) {
                l.outOfRange = this;
            }
            return Math.copySign(OUT_OF_RANGE, v);
        }
        return v;
    }

    /** The finite stand-in for an infinite value or derivative (as ngspice's HUGE). */
    static final double OUT_OF_RANGE = 1e30;

    /**
     * ASRCconvTest: the function's value at the new iterate has moved by at most reltol of its
     * size plus abstol (the value is a current, or a voltage for V=, judged alike as ngspice does).
     */
    @Override
    public boolean converged(double[] x, double reltol, double abstol) {
        double v = f.eval(x);
        return Math.abs(v - valueLin) <= reltol * Math.max(Math.abs(v), Math.abs(valueLin)) + abstol;
    }

    @Override
    public int branch() {
        return k;
    }

    @Override
    public double current(double[] x) {
        return k >= 0 ? x[k] : f.eval(x);
    }

    @Override
    public int[][] conductivePairs() {
        if (k >= 0) {
            return new int[][] {{p, m}};
        }
        // a DC path only where the current depends on the voltage of each terminal that is not ground
        // (I=v(p,m)/R does; I=v(p) is a controlled source as far as m is concerned)
        boolean dependsOnP = false;
        boolean dependsOnM = false;
        for (int v : vars) {
            dependsOnP |= v == p;
            dependsOnM |= v == m;
        }
        boolean pGround = p == ground;
        boolean mGround = m == ground;
        return (dependsOnP || pGround) && (dependsOnM || mGround) ? new int[][] {{p, m}} : new int[0][];
    }

    @Override
    public boolean definesVoltage() {
        return k >= 0;
    }

    @Override
    public int[] terminals() {
        return new int[] {p, m};
    }
}
