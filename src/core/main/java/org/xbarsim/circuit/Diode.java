package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/**
 * The SPICE junction diode at DC (parameters IS, N, RS, BV, IBV, NBV; area factor), as ngspice's
 * dioload.c and diotemp.c: forward exponential, reverse cubic tail, exponential reverse breakdown
 * below -BV (its knee moved so that the current there is IBV), gmin in parallel.
 */
public final class Diode extends Device implements Thermal {
    private final int anode;
    private final int cathode;
    /** Internal anode node (equals anode when RS = 0). */
    private final int inner;
    private final Params p;
    private final double gs;
    private final double reltol;
    /** Saturation current (A), emission voltage N kT/q (V) and critical voltage (V) at the device temperature. */
    private double csat;
    private double vte;
    private double vcrit;
    /** Breakdown voltage as the junction sees it (V, positive), or NaN without BV. */
    private double bv;
    /** Emission voltage of the breakdown branch, NBV kT/q (V). */
    private double vtebrk;
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
     * A diode's parameters at its nominal temperature.
     *
     * @param is    saturation current IS (A), area and multiplier included
     * @param n     emission coefficient N
     * @param rs    series resistance RS (Ohm), area included
     * @param bv    breakdown voltage BV (V, positive), or NaN for none
     * @param ibv   current at the breakdown voltage IBV (A), as scaled by the model's level
     * @param nbv   breakdown emission coefficient NBV
     * @param tcv   breakdown voltage temperature coefficient TCV (V/K)
     * @param eg    activation energy EG (eV)
     * @param xti   saturation-current temperature exponent XTI
     * @param tnomK nominal temperature TNOM (K)
     * @param tempK the device's own temperature (K, instance TEMP=), or NaN for the circuit's
     * @param dtemp offset from the circuit's temperature (K, instance DTEMP=)
     */
    public record Params(double is, double n, double rs, double bv, double ibv, double nbv, double tcv, double eg,
                         double xti, double tnomK, double tempK, double dtemp) {
    }

    /**
     * @param inner  internal node between the series resistance and the junction (anode if rs = 0)
     * @param reltol the circuit's reltol, to which ngspice matches the breakdown knee (diotemp.c)
     * @param tempK  the circuit's temperature (K)
     */
    public Diode(String name, Token origin, int anode, int cathode, int inner, Params p, double reltol, double tempK) {
        super(name, origin);
        this.anode = anode;
        this.cathode = cathode;
        this.inner = inner;
        this.p = p;
        this.reltol = reltol;
        this.gs = p.rs() > 0 ? 1 / p.rs() : 0;
        temperature(tempK);
    }

    /**
     * Sets the junction's parameters for circuit temperature {@code circuitK} as ngspice's diotemp.c:
     * IS (T/TNOM)^(XTI/N) exp((T/TNOM - 1) EG/(N kT/q)), the critical voltage, and BV - TCV dT with
     * its knee matched to IBV.
     */
    @Override
    public void temperature(double circuitK) {
        double t = Double.isNaN(p.tempK()) ? circuitK + p.dtemp() : p.tempK();
        double vt = Junctions.thermalVoltage(t);
        vte = p.n() * vt;
        double arg1 = (t / p.tnomK() - 1) * p.eg() / vte;
        double arg2 = p.xti() / p.n() * Math.log(t / p.tnomK());
        csat = p.is() * Math.exp(arg1 + arg2);
        vcrit = Junctions.vcrit(vte, csat);
        vtebrk = p.nbv() * vt;
        bv = Double.isNaN(p.bv()) ? Double.NaN
                : breakdownKnee(p.bv() - p.tcv() * (t - p.tnomK()), p.ibv(), csat, p.nbv(), vt, reltol);
    }

    /**
     * The breakdown voltage the junction uses: BV moved so that the reverse current there is IBV,
     * matched by ngspice's fixed-point iteration to reltol of IBV (diotemp.c); BV itself when IBV is
     * below what the reverse tail gives there.
     *
     * @param vt thermal voltage kT/q at the device temperature (V)
     */
    static double breakdownKnee(double bv, double ibv, double is, double nbv, double vt, double reltol) {
        double cbv = ibv;
        if (cbv < is * bv / vt) {
            return bv;
        }
        double tol = reltol * cbv;
        double xbv = bv - nbv * vt * Math.log(1 + cbv / is);
        for (int iter = 0; iter < 25; iter++) {
            xbv = bv - nbv * vt * Math.log(cbv / is + 1 - xbv / vt);
            double xcbv = is * (Math.exp((bv - xbv) / (nbv * vt)) - 1 + xbv / vt);
            if (Math.abs(xcbv - cbv) <= tol) {
                break;
            }
        }
        return xbv;
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
            if (!Double.isNaN(bv) && vd < Math.min(0, -bv + 10 * vtebrk)) {
                // deep in breakdown: limit the voltage past the knee with the breakdown branch's slope
                double past = Junctions.pnjlim(-(vd + bv), -(vdOld + bv), vtebrk, vcrit, flag);
                vd = -(past + bv);
            } else {
                vd = Junctions.pnjlim(vd, vdOld, vte, vcrit, flag);
            }
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
        } else if (!Double.isNaN(bv) && vd < -bv) {
            double evrev = Math.exp(Math.min(Junctions.MAX_EXP_ARG, -(bv + vd) / vtebrk));
            out[0] = -csat * evrev + gmin * vd;
            out[1] = csat * evrev / vtebrk + gmin;
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
