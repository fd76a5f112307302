package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/** A linear conductance between two nodes. */
public final class Resistor extends TwoTerminal {
    private final double g;

    /** @param g conductance (S), finite and non-zero */
    public Resistor(String name, Token origin, int a, int b, double g) {
        super(name, origin, a, b);
        this.g = g;
    }

    /** Conductance (S). */
    public double conductance() {
        return g;
    }

    /** The two nodes. */
    public int[] nodes() {
        return new int[] {a, b};
    }

    @Override
    public void load(Load l) {
        stampConductance(l, g);
    }

    @Override
    public double current(double[] x) {
        return g * (x[a] - x[b]);
    }
}
