package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/**
 * The four linear controlled sources. E: v(p,m) = gain v(c,d); G: i(p->m) = gain v(c,d);
 * F: i(p->m) = gain i(control); H: v(p,m) = gain i(control). {@code c} is the controlling
 * branch unknown for F and H.
 */
public final class ControlledSource extends Device {
    private final char kind;
    private final int p;
    private final int m;
    private final int c;
    private final int d;
    private final int k;
    private final double gain;
    private int[] slots;

    /**
     * @param kind one of e g f h
     * @param c    controlling + node (e, g) or controlling branch unknown (f, h)
     * @param d    controlling - node (e, g); unused for f, h
     * @param k    own branch unknown (e, h) or -1
     */
    public ControlledSource(String name, Token origin, char kind, int p, int m, int c, int d, int k, double gain) {
        super(name, origin);
        this.kind = kind;
        this.p = p;
        this.m = m;
        this.c = c;
        this.d = d;
        this.k = k;
        this.gain = gain;
    }

    @Override
    public void stamp(MatrixPattern pat) {
        switch (kind) {
            case 'e':
                slots = new int[] {pat.slot(p, k), pat.slot(m, k), pat.slot(k, p), pat.slot(k, m),
                    pat.slot(k, c), pat.slot(k, d)};
                break;
            case 'g':
                slots = new int[] {pat.slot(p, c), pat.slot(p, d), pat.slot(m, c), pat.slot(m, d)};
                break;
            case 'f':
                slots = new int[] {pat.slot(p, c), pat.slot(m, c)};
                break;
            default:
                slots = new int[] {pat.slot(p, k), pat.slot(m, k), pat.slot(k, p), pat.slot(k, m), pat.slot(k, c)};
        }
    }

    @Override
    public void load(Load l) {
        double[] a = l.a;
        int[] s = slots;
        switch (kind) {
            case 'e':
                a[s[0]] += 1;
                a[s[1]] -= 1;
                a[s[2]] += 1;
                a[s[3]] -= 1;
                a[s[4]] -= gain;
                a[s[5]] += gain;
                break;
            case 'g':
                a[s[0]] += gain;
                a[s[1]] -= gain;
                a[s[2]] -= gain;
                a[s[3]] += gain;
                break;
            case 'f':
                a[s[0]] += gain;
                a[s[1]] -= gain;
                break;
            default:
                a[s[0]] += 1;
                a[s[1]] -= 1;
                a[s[2]] += 1;
                a[s[3]] -= 1;
                a[s[4]] -= gain;
        }
    }

    @Override
    public int branch() {
        return k;
    }

    @Override
    public double current(double[] x) {
        switch (kind) {
            case 'e':
            case 'h':
                return x[k];
            case 'g':
                return gain * (x[c] - x[d]);
            default:
                return gain * x[c];
        }
    }

    @Override
    public int[][] conductivePairs() {
        return (kind == 'e' || kind == 'h') ? new int[][] {{p, m}} : new int[0][];
    }

    @Override
    public boolean definesVoltage() {
        return kind == 'e' || kind == 'h';
    }

    @Override
    public int[] terminals() {
        return new int[] {p, m};
    }
}
