package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/** A device between two nodes whose Jacobian is one conductance block. */
abstract class TwoTerminal extends Device {
    /** First and second node. */
    protected final int a;
    protected final int b;
    private int aa;
    private int bb;
    private int ab;
    private int ba;

    TwoTerminal(String name, Token origin, int a, int b) {
        super(name, origin);
        this.a = a;
        this.b = b;
    }

    @Override
    public void stamp(MatrixPattern p) {
        aa = p.slot(a, a);
        bb = p.slot(b, b);
        ab = p.slot(a, b);
        ba = p.slot(b, a);
    }

    /** Adds conductance g (S) between the two nodes. */
    protected final void stampConductance(Load l, double g) {
        addConductance(l.a, aa, bb, ab, ba, g);
    }

    @Override
    public int[][] conductivePairs() {
        return new int[][] {{a, b}};
    }
}
