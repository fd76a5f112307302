package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/**
 * The SPICE level-1 (Shichman-Hodges) MOSFET at DC, NMOS or PMOS, with its bulk junction diodes,
 * following ngspice's mos1load.c so the same netlist gives the same answer. Parameters: VTO, KP,
 * LAMBDA, GAMMA, PHI, LD, IS; instance W, L, M.
 */
public final class Mosfet extends Device implements Thermal {
    private final int d;
    private final int g;
    private final int s;
    private final int b;
    private final double type;
    private final Model model;
    /** The model's values at the circuit's temperature, shared; this device's own when it has TEMP= or DTEMP=. */
    private final ModelAt shared;
    private final ModelAt own;
    private final double lambda;
    private final double gamma;
    /** W/L_eff M (KP times this is beta at TNOM). */
    private final double shape;
    private final double multiplier;
    /** The device's own temperature (K), or NaN for the circuit's; and its offset from the circuit's (K). */
    private final double tempK;
    private final double dtemp;
    /** At the device temperature: thermal voltage (V), beta (A/V^2), Phi (V), Vbi (V), junction IS (A), Vcrit (V). */
    private double vt;
    private double beta;
    private double phi;
    private double vbi;
    private double satCur;
    private double vcrit;
    /** Threshold voltage at the device temperature (V). */
    private double vto;
    private final boolean[] flag = new boolean[1];
    private final double[] jn = new double[2];
    private final double[] ch = new double[3];
    private double vbsOld;
    private double vgsOld;
    private double vdsOld;
    private double vonOld;
    private boolean fresh = true;
    /** The last linearization was the junction initialization (channel off, vds = 0). */
    private boolean afterInit;
    /** The last linearization, for the convergence test: drain current (A), bulk currents (A), conductances (S). */
    private double cdLin;
    private double cbsLin;
    private double cbdLin;
    private double gmLin;
    private double gdsLin;
    private double gmbsLin;
    private double gbsLin;
    private double gbdLin;
    private int modeLin;
    private final int[] sl = new int[11];

    /** Level-1 model parameters; {@code tnomK} the nominal temperature TNOM (K). */
    public record Model(boolean pmos, double vto, double kp, double lambda, double gamma, double phi, double ld,
                        double is, double tnomK) {
    }

    /**
     * @param shared the model at the circuit's temperature, shared by its instances
     * @param tempK  the device's own temperature (K, instance TEMP=), or NaN for the circuit's
     * @param dtemp  its offset from the circuit's temperature (K, instance DTEMP=)
     * @param circuitK the circuit's temperature (K)
     */
    public Mosfet(String name, Token origin, int d, int g, int s, int b, ModelAt shared, double w, double l, double m,
                  double tempK, double dtemp, double circuitK) {
        super(name, origin);
        this.d = d;
        this.g = g;
        this.s = s;
        this.b = b;
        Model model = shared.model;
        this.type = model.pmos() ? -1 : 1;
        this.model = model;
        this.shared = shared;
        this.own = Double.isNaN(tempK) && dtemp == 0 ? null : new ModelAt(model);
        double leff = l - 2 * model.ld();
        if (!(leff > 0)) {
            throw new IllegalArgumentException("effective channel length L - 2*LD = " + leff + " m must be positive");
        }
        this.shape = m * w / leff;
        this.multiplier = m;
        this.lambda = model.lambda();
        this.gamma = model.gamma();
        this.tempK = tempK;
        this.dtemp = dtemp;
        temperature(circuitK);
    }

    /**
     * Sets the parameters for circuit temperature {@code circuitK}: the model's values at the
     * device temperature ({@link ModelAt}, shared by the instances that follow the circuit), scaled
     * by this device's size and multiplier.
     */
    @Override
    public void temperature(double circuitK) {
        ModelAt at = Double.isNaN(tempK) && dtemp == 0 ? shared : own;
        at.at(Double.isNaN(tempK) ? circuitK + dtemp : tempK);
        vt = at.vt;
        beta = at.kp * shape;
        phi = at.phi;
        vbi = at.vbi;
        vto = at.vto;
        satCur = multiplier * at.is;
        vcrit = multiplier == 1 ? at.vcritUnit : Junctions.vcrit(vt, satCur);
    }

    /**
     * A model's values at one temperature, as ngspice's mos1temp.c: KP (T/TNOM)^-1.5, the surface
     * potential and built-in voltage moved with the silicon band gap, the bulk junctions' IS
     * exp(-Eg(T)/kT + Eg(TNOM)/kTNOM). Computed once per temperature and shared by the instances
     * of the model that follow the circuit's temperature.
     */
    public static final class ModelAt {
        private final Model model;
        private final double type;
        private final double defaultW;
        private final double defaultL;
        private double tK = Double.NaN;
        double vt;
        double kp;
        double phi;
        double vbi;
        double vto;
        double is;
        double vcritUnit;

        /** The model's parameters at its nominal temperature. */
        public Model model() {
            return model;
        }

        public ModelAt(Model model) {
            this(model, CircuitBuilder.DEFAULT_W_M, CircuitBuilder.DEFAULT_L_M);
        }

        /** @param defaultW width (m) and {@code defaultL} length (m) of instances that give none */
        public ModelAt(Model model, double defaultW, double defaultL) {
            this.model = model;
            this.type = model.pmos() ? -1 : 1;
            this.defaultW = defaultW;
            this.defaultL = defaultL;
        }

        /** Width (m) of instances that give none: the model card's W, else 100 um. */
        public double defaultW() {
            return defaultW;
        }

        /** Length (m) of instances that give none: the model card's L, else 100 um. */
        public double defaultL() {
            return defaultL;
        }

        void at(double t) {
            if (t == tK) {
                return;
            }
            tK = t;
            double tnom = model.tnomK();
            double ref = Junctions.T_NOM_K;
            vt = Junctions.thermalVoltage(t);
            double vtnom = Junctions.thermalVoltage(tnom);
            double egfet = bandGap(t);
            double egfet1 = bandGap(tnom);
            double pbfact = -2 * vt * (1.5 * Math.log(t / ref) + Junctions.CHARGE * gapArgument(egfet, t));
            double pbfact1 = -2 * vtnom * (1.5 * Math.log(tnom / ref) + Junctions.CHARGE * gapArgument(egfet1, tnom));
            double ratio = t / tnom;
            kp = model.kp() / (ratio * Math.sqrt(ratio));
            double phio = (model.phi() - pbfact1) / (tnom / ref);
            phi = t / ref * phio + pbfact;
            vbi = model.vto() - type * (model.gamma() * Math.sqrt(model.phi())) + .5 * (egfet1 - egfet)
                    + type * .5 * (phi - model.phi());
            vto = vbi + type * model.gamma() * Math.sqrt(phi);
            is = model.is() * Math.exp(-egfet / vt + egfet1 / vtnom);
            vcritUnit = Junctions.vcrit(vt, is);
        }
    }

    /** Silicon band gap (eV) at {@code kelvin}, as ngspice. */
    private static double bandGap(double kelvin) {
        return 1.16 - (7.02e-4 * kelvin * kelvin) / (kelvin + 1108);
    }

    /** -Eg/(2kT) + Eg(300.15 K)/(2k 300.15 K) with Eg in eV over k in J/K, as ngspice's arg (1/C). */
    private static double gapArgument(double eg, double kelvin) {
        double kt = Junctions.BOLTZMANN * kelvin;
        return -eg / (kt + kt) + 1.1150877 / (Junctions.BOLTZMANN * (Junctions.T_NOM_K + Junctions.T_NOM_K));
    }

    @Override
    public void stamp(MatrixPattern p) {
        sl[0] = p.slot(d, d);
        sl[1] = p.slot(s, s);
        sl[2] = p.slot(b, b);
        sl[3] = p.slot(d, b);
        sl[4] = p.slot(d, g);
        sl[5] = p.slot(d, s);
        sl[6] = p.slot(s, g);
        sl[7] = p.slot(s, b);
        sl[8] = p.slot(s, d);
        sl[9] = p.slot(b, d);
        sl[10] = p.slot(b, s);
    }

    @Override
    public boolean nonlinear() {
        return true;
    }

    /** The gate's unknown (the circuit's size for ground). */
    public int gate() {
        return g;
    }

    /** The bulk's unknown (the circuit's size for ground). */
    public int bulk() {
        return b;
    }

    @Override
    public void resetState() {
        fresh = true;
    }

    @Override
    public void load(Load l) {
        double[] x = l.x;
        double vbs;
        double vgs;
        double vds;
        if (l.initJunctions || fresh) {
            vbs = -1;
            vgs = type * vto; // the temperature-adjusted threshold, as ngspice's MODEINITJCT
            vds = 0;
            fresh = false;
            afterInit = true;
        } else {
            vbs = type * (x[b] - x[s]);
            vgs = type * (x[g] - x[s]);
            vds = type * (x[d] - x[s]);
            double vgd = vgs - vds;
            double vgdo = vgsOld - vdsOld;
            double von = type * vonOld;
            if (vdsOld >= 0) {
                vgs = Junctions.fetlim(vgs, vgsOld, von);
                vds = vgs - vgd;
                vds = Junctions.limvds(vds, vdsOld);
            } else {
                vgd = Junctions.fetlim(vgd, vgdo, von);
                vds = vgs - vgd;
                vds = -Junctions.limvds(-vds, -vdsOld);
                vgs = vgd + vds;
            }
            if (afterInit && l.monotone) {
                // the init point solved the circuit with this channel off, so the drain-source voltage found
                // there is an open switch's: linearize once more at the init's vds = 0 with the solved gate and
                // bulk voltages (an access transistor in its linear region then starts next to its solution).
                // Only in a monotone circuit, whose one solution no starting point can change
                vds = 0;
                l.limited = true;
            }
            afterInit = false;
            flag[0] = false;
            if (vds >= 0) {
                vbs = Junctions.pnjlim(vbs, vbsOld, vt, vcrit, flag);
            } else {
                double vbd = Junctions.pnjlim(vbs - vds, vbsOld - vdsOld, vt, vcrit, flag);
                vbs = vbd + vds;
            }
            if (flag[0]) {
                l.limited = true;
            }
        }
        double vbd = vbs - vds;
        double vgd = vgs - vds;
        double gmin = l.gmin;

        Level1.junction(vbs, satCur, gmin, vt, jn);
        double gbs = jn[0];
        double cbs = jn[1];
        Level1.junction(vbd, satCur, gmin, vt, jn);
        double gbd = jn[0];
        double cbd = jn[1];

        int mode = vds >= 0 ? 1 : -1;
        double vbx = mode == 1 ? vbs : vbd;
        double sarg;
        if (vbx <= 0) {
            sarg = Math.sqrt(phi - vbx);
        } else {
            sarg = Math.sqrt(phi);
            sarg = Math.max(0, sarg - vbx / (sarg + sarg));
        }
        double von = vbi * type + gamma * sarg;
        double vgst = (mode == 1 ? vgs : vgd) - von;
        double arg = sarg <= 0 ? 0 : gamma / (sarg + sarg);
        double vdsm = vds * mode;
        Level1.channel(vgst, vdsm, beta, lambda, ch);
        double cdrain = ch[0];
        double gm = ch[1];
        double gds = ch[2];
        double gmbs = gm * arg;
        vonOld = type * von;
        cdLin = mode * cdrain - cbd;
        cbsLin = cbs;
        cbdLin = cbd;
        gmLin = gm;
        gdsLin = gds;
        gmbsLin = gmbs;
        gbsLin = gbs;
        gbdLin = gbd;
        modeLin = mode;
        vbsOld = vbs;
        vgsOld = vgs;
        vdsOld = vds;

        double xnrm = mode == 1 ? 1 : 0;
        double xrev = mode == 1 ? 0 : 1;
        double cdreq = mode == 1
                ? type * (cdrain - gds * vds - gm * vgs - gmbs * vbs)
                : -type * (cdrain - gds * (-vds) - gm * vgd - gmbs * vbd);
        double ceqbs = type * (cbs - gbs * vbs);
        double ceqbd = type * (cbd - gbd * vbd);
        double[] rhs = l.rhs;
        rhs[b] -= ceqbs + ceqbd;
        rhs[d] += ceqbd - cdreq;
        rhs[s] += cdreq + ceqbs;
        double[] a = l.a;
        a[sl[0]] += gds + gbd + xrev * (gm + gmbs);
        a[sl[1]] += gds + gbs + xnrm * (gm + gmbs);
        a[sl[2]] += gbd + gbs;
        a[sl[3]] += -gbd + (xnrm - xrev) * gmbs;
        a[sl[4]] += (xnrm - xrev) * gm;
        a[sl[5]] += -gds - xnrm * (gm + gmbs);
        a[sl[6]] += -(xnrm - xrev) * gm;
        a[sl[7]] += -gbs - (xnrm - xrev) * gmbs;
        a[sl[8]] += -gds - xrev * (gm + gmbs);
        a[sl[9]] += -gbd;
        a[sl[10]] += -gbs;
    }

    /**
     * MOS1convTest: the drain and bulk currents predicted at the new terminal voltages from the
     * last linearization have moved by at most reltol of their size plus abstol.
     */
    @Override
    public boolean converged(double[] x, double reltol, double abstol) {
        double vbs = type * (x[b] - x[s]);
        double vgs = type * (x[g] - x[s]);
        double vds = type * (x[d] - x[s]);
        double vbd = vbs - vds;
        double vgd = vgs - vds;
        double delvbs = vbs - vbsOld;
        double delvbd = vbd - (vbsOld - vdsOld);
        double delvgs = vgs - vgsOld;
        double delvds = vds - vdsOld;
        double delvgd = vgd - (vgsOld - vdsOld);
        double cdhat = modeLin >= 0
                ? cdLin - gbdLin * delvbd + gmbsLin * delvbs + gmLin * delvgs + gdsLin * delvds
                : cdLin - (gbdLin - gmbsLin) * delvbd - gmLin * delvgd + gdsLin * delvds;
        if (!(Math.abs(cdhat - cdLin) < reltol * Math.max(Math.abs(cdhat), Math.abs(cdLin)) + abstol)) {
            return false;
        }
        double cb = cbsLin + cbdLin;
        double cbhat = cb + gbdLin * delvbd + gbsLin * delvbs;
        return Math.abs(cbhat - cb) <= reltol * Math.max(Math.abs(cbhat), Math.abs(cb)) + abstol;
    }

    @Override
    public int[][] conductivePairs() {
        return new int[][] {{d, b}, {s, b}, {d, s}};
    }
}
