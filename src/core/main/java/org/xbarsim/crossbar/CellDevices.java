package org.xbarsim.crossbar;

import org.xbarsim.circuit.Level1;
import org.xbarsim.circuit.MemristorLaw;
import org.xbarsim.circuit.MemristorLaws;
import org.xbarsim.circuit.SimOptions;

/**
 * The devices of an array's cells as the netlist engine models them: the memristor law at state
 * G, and (1T1M) the level-1 NMOS with gate at V_g, bulk at ground and its two bulk junctions
 * (saturation current 1e-14 A and gmin 1e-12 S across each, ngspice's defaults). Shared by the
 * structured solver and the conversion, so both solve the netlist's equations.
 */
public final class CellDevices {
    /** ngspice's level-1 default junction saturation current (A). */
    public static final double FET_IS_A = 1e-14;

    private final MemristorLaw law;
    private final double vGate;
    private final double vto;
    private final double beta;
    private final double lambda;
    private final double gmin = SimOptions.DEFAULT_GMIN_S;

    public CellDevices(CrossbarArray a) {
        this(a.law() == CrossbarArray.Law.SINH ? MemristorLaws.sinh(a.sinhB(), a.vRead()) : MemristorLaws.linear(),
                a.vGate(), a.fetVto(), a.fetKp() * a.fetW() / a.fetL(), a.fetLambda());
    }

    /**
     * One cell's devices from their parameters.
     *
     * @param law    the memristor law
     * @param vGate  gate voltage (V)
     * @param vto    threshold voltage (V)
     * @param beta   KP * W / L (A/V^2)
     * @param lambda channel-length modulation (1/V)
     */
    public CellDevices(MemristorLaw law, double vGate, double vto, double beta, double lambda) {
        this.law = law;
        this.vGate = vGate;
        this.vto = vto;
        this.beta = beta;
        this.lambda = lambda;
    }

    /** The memristor law: I = G f(V), proportional to the state G. */
    public MemristorLaw law() {
        return law;
    }

    /**
     * The access transistor's channel current from drain (at vd) to source (at vs), in either
     * direction. (Output) d[1] = dI/dvd, d[2] = dI/dvs (S); d is also scratch (length 3).
     *
     * @return the current (A)
     */
    public double channel(double vd, double vs, double[] d) {
        double vds = vd - vs;
        if (vds >= 0) {
            Level1.channel(vGate - vs - vto, vds, beta, lambda, d);
            double id = d[0];
            double gm = d[1];
            d[1] = d[2];
            d[2] = -d[2] - gm;
            return id;
        }
        Level1.channel(vGate - vd - vto, -vds, beta, lambda, d);
        double id = -d[0];
        double gm = d[1];
        double gds = d[2];
        d[1] = gm + gds;
        d[2] = -gds;
        return id;
    }

    /**
     * The bulk junction of a terminal at voltage v (bulk at ground): (Output) out[1] the current
     * from bulk into the terminal (A), out[0] its conductance with respect to the bulk-terminal
     * voltage (S).
     */
    public void junction(double v, double[] out) {
        Level1.junction(-v, FET_IS_A, gmin, out);
    }
}
