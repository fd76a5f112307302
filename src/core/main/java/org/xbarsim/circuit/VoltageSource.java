package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/**
 * An independent voltage source (also an inductor at DC, as a 0 V source). Its branch current
 * flows from the + terminal through the source to the - terminal, as in SPICE.
 */
public final class VoltageSource extends Device implements IndependentSource {
    private final int p;
    private final int m;
    private final int k;
    private final boolean swept;
    private double value;
    private int pk;
    private int mk;
    private int kp;
    private int km;

    /**
     * @param k      the unknown of the branch current
     * @param value  DC value (V)
     * @param source true for an independent source (scaled by source stepping); false for an inductor
     */
    public VoltageSource(String name, Token origin, int p, int m, int k, double value, boolean source) {
        super(name, origin);
        this.p = p;
        this.m = m;
        this.k = k;
        this.value = value;
        this.swept = source;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public void setValue(double v) {
        value = v;
    }

    @Override
    public Device device() {
        return this;
    }

    @Override
    public void stamp(MatrixPattern pat) {
        pk = pat.slot(p, k);
        mk = pat.slot(m, k);
        kp = pat.slot(k, p);
        km = pat.slot(k, m);
    }

    @Override
    public void load(Load l) {
        l.a[pk] += 1;
        l.a[mk] -= 1;
        l.a[kp] += 1;
        l.a[km] -= 1;
        l.rhs[k] += swept ? value * l.sourceFactor : value;
    }

    @Override
    public boolean independent() {
        return swept;
    }

    @Override
    public int branch() {
        return k;
    }

    @Override
    public double current(double[] x) {
        return x[k];
    }

    @Override
    public int[][] conductivePairs() {
        return new int[][] {{p, m}};
    }

    @Override
    public boolean definesVoltage() {
        return true;
    }

    @Override
    public int[] terminals() {
        return new int[] {p, m};
    }
}
