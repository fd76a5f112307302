package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/** An independent current source: its current flows from the first node through it to the second. */
public final class CurrentSource extends Device implements IndependentSource {
    private final int p;
    private final int m;
    private double value;

    public CurrentSource(String name, Token origin, int p, int m, double value) {
        super(name, origin);
        this.p = p;
        this.m = m;
        this.value = value;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public Device device() {
        return this;
    }

    /** The first and second node (the current flows from the first through the source to the second). */
    public int[] nodes() {
        return new int[] {p, m};
    }

    @Override
    public void setValue(double v) {
        value = v;
    }

    @Override
    public void stamp(MatrixPattern pat) {
    }

    @Override
    public void load(Load l) {
        double i = value * l.sourceFactor;
        l.rhs[p] -= i;
        l.rhs[m] += i;
    }

    @Override
    public boolean independent() {
        return true;
    }

    @Override
    public double current(double[] x) {
        return value;
    }

    @Override
    public int[][] conductivePairs() {
        return new int[0][];
    }
}
