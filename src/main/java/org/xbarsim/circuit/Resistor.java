package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/** A linear conductance between two nodes. */
public final class Resistor extends Device {
    private final int a;
    private final int b;
    private final double g;
    private int aa;
    private int bb;
    private int ab;
    private int ba;

    /** @param g conductance (S), finite and non-zero */
    public Resistor(String name, Token origin, int a, int b, double g) {
        super(name, origin);
        this.a = a;
        this.b = b;
        this.g = g;
    }

    public double conductance() {
        return g;
    }

    @Override
    public void stamp(MatrixPattern p) {
        aa = p.slot(a, a);
        bb = p.slot(b, b);
        ab = p.slot(a, b);
        ba = p.slot(b, a);
    }

    @Override
    public void load(Load l) {
        addConductance(l.a, aa, bb, ab, ba, g);
    }

    @Override
    public double current(double[] x) {
        return g * (x[a] - x[b]);
    }

    @Override
    public int[][] conductivePairs() {
        return new int[][] {{a, b}};
    }
}
