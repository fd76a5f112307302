package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/**
 * The SPICE junction diode at DC (parameters IS, N, RS; area factor), as ngspice's dioload.c
 * without breakdown: forward exponential, reverse cubic tail, gmin in parallel.
 */
public final class Diode extends Device {
    private final int anode;
    private final int cathode;
    /** Internal anode node (equals anode when RS = 0). */
    private final int inner;
    private final double csat;
    private final double vte;
    private final double vcrit;
    private final double gs;
    private final boolean[] flag = new boolean[1];
    private final double[] cg = new double[2];
    private double vdOld;
    /** Junction current (A) and conductance (S) at the last linearization, for the convergence test. */
    private double cdLin;
    private double gdLin;
    private double gminUsed = SimOptions.DEFAULT_GMIN_S;
    private boolean fresh = true;
    private int ii;
    private int kk;
    private int ik;
    private int ki;
    private int aa;
    private int ai;
    private int ia;

    /**
     * @param inner internal node between the series resistance and the junction (anode if rs = 0)
     * @param is    saturation current (A), area included
     * @param n     emission coefficient
     * @param rs    series resistance (Ohm), area included
     */
    public Diode(String name, Token origin, int anode, int cathode, int inner, double is, double n, double rs) {
        super(name, origin);
        this.anode = anode;
        this.cathode = cathode;
        this.inner = inner;
        this.csat = is;
        this.vte = n * Junctions.VT_NOM;
        this.vcrit = Junctions.vcrit(vte, is);
        this.gs = rs > 0 ? 1 / rs : 0;
    }

    @Override
    public void stamp(MatrixPattern p) {
        ii = p.slot(inner, inner);
        kk = p.slot(cathode, cathode);
        ik = p.slot(inner, cathode);
        ki = p.slot(cathode, inner);
        if (gs > 0) {
            aa = p.slot(anode, anode);
            ai = p.slot(anode, inner);
            ia = p.slot(inner, anode);
        }
    }

    @Override
    public boolean nonlinear() {
        return true;
    }

    @Override
    public void resetState() {
        fresh = true;
    }

    @Override
    public void load(Load l) {
        double vd;
        if (l.initJunctions || fresh) {
            vd = vcrit;
            fresh = false;
        } else {
            vd = l.x[inner] - l.x[cathode];
            flag[0] = false;
            vd = Junctions.pnjlim(vd, vdOld, vte, vcrit, flag);
            if (flag[0]) {
                l.limited = true;
            }
        }
        vdOld = vd;
        gminUsed = l.gmin;
        junction(vd, l.gmin, cg);
        double cd = cg[0];
        double gd = cg[1];
        cdLin = cd;
        gdLin = gd;
        double ceq = cd - gd * vd;
        addConductance(l.a, ii, kk, ik, ki, gd);
        l.rhs[inner] -= ceq;
        l.rhs[cathode] += ceq;
        if (gs > 0) {
            addConductance(l.a, aa, ii, ai, ia, gs);
        }
    }

    /** DIOconvTest: the junction current predicted at the new voltage has stopped moving. */
    @Override
    public boolean converged(double[] x, double reltol, double abstol) {
        double delta = gdLin * (x[inner] - x[cathode] - vdOld);
        double cdhat = cdLin + delta;
        return Math.abs(delta) <= reltol * Math.max(Math.abs(cdhat), Math.abs(cdLin)) + abstol;
    }

    @Override
    public double current(double[] x) {
        if (gs > 0) {
            return gs * (x[anode] - x[inner]);
        }
        double[] out = new double[2];
        junction(x[anode] - x[cathode], gminUsed, out);
        return out[0];
    }

    /**
     * Junction current (A) and conductance (S) at voltage vd, gmin included: the exponential
     * forward of -3 vte, the cubic reverse tail below (dioload.c without breakdown). (Output) out.
     */
    private void junction(double vd, double gmin, double[] out) {
        if (vd >= -3 * vte) {
            double evd = Math.exp(Math.min(Junctions.MAX_EXP_ARG, vd / vte));
            out[0] = csat * (evd - 1) + gmin * vd;
            out[1] = csat * evd / vte + gmin;
        } else {
            double arg = 3 * vte / (vd * Math.E);
            arg = arg * arg * arg;
            out[0] = -csat * (1 + arg) + gmin * vd;
            out[1] = csat * 3 * arg / vd + gmin;
        }
    }

    @Override
    public int[][] conductivePairs() {
        return new int[][] {{anode, inner}, {inner, cathode}};
    }
}
