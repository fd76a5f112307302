package org.xbarsim.circuit;

/**
 * The SPICE level-1 (Shichman-Hodges) MOSFET's channel and bulk junction laws at DC, as ngspice's
 * mos1load.c evaluates them: shared by the netlist device {@link Mosfet} and the crossbar
 * solver's access transistors, so both solve the same equations.
 */
public final class Level1 {
    private Level1() {
    }

    /**
     * Channel current in the forward sense (drain and source ordered so that vds &gt;= 0).
     *
     * @param vgst   gate overdrive vgs - von (V)
     * @param vds    drain-source voltage, non-negative (V)
     * @param beta   KP * W / L_eff (A/V^2)
     * @param lambda channel-length modulation (1/V)
     * @param out    (Output) out[0] current (A), out[1] gm = dI/dvgs (S), out[2] gds = dI/dvds (S)
     */
    public static void channel(double vgst, double vds, double beta, double lambda, double[] out) {
        if (vgst <= 0) {
            out[0] = 0;
            out[1] = 0;
            out[2] = 0;
            return;
        }
        double betap = beta * (1 + lambda * vds);
        if (vgst <= vds) {
            out[0] = betap * vgst * vgst * .5;
            out[1] = betap * vgst;
            out[2] = lambda * beta * vgst * vgst * .5;
        } else {
            out[0] = betap * vds * (vgst - .5 * vds);
            out[1] = betap * vds;
            out[2] = betap * (vgst - vds) + lambda * beta * vds * (vgst - .5 * vds);
        }
    }

    /**
     * A bulk junction at voltage v (bulk minus drain or source) at the nominal temperature, gmin
     * in parallel: (Output) out[0] conductance (S), out[1] current from bulk into the terminal (A).
     */
    public static void junction(double v, double satCur, double gmin, double[] out) {
        junction(v, satCur, gmin, Junctions.VT_NOM, out);
    }

    /** As {@link #junction(double, double, double, double[])} at thermal voltage {@code vt} (V). */
    public static void junction(double v, double satCur, double gmin, double vt, double[] out) {
        if (v <= -3 * vt) {
            out[0] = gmin;
            out[1] = gmin * v - satCur;
        } else {
            double e = Math.exp(Math.min(Junctions.MAX_EXP_ARG, v / vt));
            out[0] = satCur * e / vt + gmin;
            out[1] = satCur * (e - 1) + gmin * v;
        }
    }
}
