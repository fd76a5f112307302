package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/** A memristor in state G (its conductance at the read voltage) following an I-V law. */
public final class Memristor extends TwoTerminal {
    private final double g;
    private final MemristorLaw law;
    /** Voltage (V) and current (A) at the last linearization, for the convergence test. */
    private double vLin;
    private double iLin;

    /** @param g conductance at the read voltage (S), positive */
    public Memristor(String name, Token origin, int a, int b, double g, MemristorLaw law) {
        super(name, origin, a, b);
        this.g = g;
        this.law = law;
    }

    @Override
    public boolean nonlinear() {
        return !law.linear();
    }

    @Override
    public void load(Load l) {
        if (law.linear()) {
            stampConductance(l, g);
            return;
        }
        double v = l.x[a] - l.x[b];
        double gd = law.slope(v, g);
        double i = law.current(v, g);
        double ceq = i - gd * v;
        vLin = v;
        iLin = i;
        stampConductance(l, gd);
        l.rhs[a] -= ceq;
        l.rhs[b] += ceq;
    }

    /** The current at the new voltage has stopped moving (as ngspice tests its nonlinear sources). */
    @Override
    public boolean converged(double[] x, double reltol, double abstol) {
        double v = x[a] - x[b];
        if (v == vLin) {
            return true;
        }
        double i = law.current(v, g);
        return Math.abs(i - iLin) <= reltol * Math.max(Math.abs(i), Math.abs(iLin)) + abstol;
    }

    @Override
    public double current(double[] x) {
        return law.current(x[a] - x[b], g);
    }
}
