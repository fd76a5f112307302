package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/** A memristor in state G (its conductance at the read voltage) following an I-V law. */
public final class Memristor extends Device {
    private final int a;
    private final int b;
    private final double g;
    private final MemristorLaw law;
    private int aa;
    private int bb;
    private int ab;
    private int ba;

    /** @param g conductance at the read voltage (S), positive */
    public Memristor(String name, Token origin, int a, int b, double g, MemristorLaw law) {
        super(name, origin);
        this.a = a;
        this.b = b;
        this.g = g;
        this.law = law;
    }

    @Override
    public void stamp(MatrixPattern p) {
        aa = p.slot(a, a);
        bb = p.slot(b, b);
        ab = p.slot(a, b);
        ba = p.slot(b, a);
    }

    @Override
    public boolean nonlinear() {
        return !law.linear();
    }

    @Override
    public void load(Load l) {
        if (law.linear()) {
            addConductance(l.a, aa, bb, ab, ba, g);
            return;
        }
        double v = l.x[a] - l.x[b];
        double gd = law.slope(v, g);
        double ceq = law.current(v, g) - gd * v;
        addConductance(l.a, aa, bb, ab, ba, gd);
        l.rhs[a] -= ceq;
        l.rhs[b] += ceq;
    }

    @Override
    public double current(double[] x) {
        return law.current(x[a] - x[b], g);
    }

    @Override
    public int[][] conductivePairs() {
        return new int[][] {{a, b}};
    }
}
