package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/** A memristor in state G (its conductance at the read voltage) following an I-V law. */
public final class Memristor extends TwoTerminal {
    private final double g;
    private final MemristorLaw law;

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
        double ceq = law.current(v, g) - gd * v;
        stampConductance(l, gd);
        l.rhs[a] -= ceq;
        l.rhs[b] += ceq;
    }

    @Override
    public double current(double[] x) {
        return law.current(x[a] - x[b], g);
    }
}
