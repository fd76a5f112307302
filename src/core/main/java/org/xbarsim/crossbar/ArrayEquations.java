package org.xbarsim.crossbar;

import org.xbarsim.circuit.MatrixPattern;
import org.xbarsim.circuit.MemristorLaw;

/**
 * The nodal equations of a crossbar, built straight from the array (no netlist): one unknown per
 * top, middle (1T1M) and bottom node of each cell, in the topology of
 * {@link org.xbarsim.netlist.ArrayTopology} (DESIGN section 2; paper 002 section 3.2, Fig. 6,
 * whose 3mn + 2m + 2n unknowns are these 3mn once the ideal sources, R_in and R_out are folded
 * into the equations). Row i's source drives top node (i, 0) through R_in; bottom node (m-1, j)
 * reaches the virtual ground through R_out, and the column output is the current through R_out.
 *
 * <p>The devices ({@link CellDevices}) obey the netlist engine's laws, so that an array and its
 * exported netlist have one solution.
 */
final class ArrayEquations {
    final int m;
    final int n;
    final boolean access;
    /** Unknowns per cell: top, (middle,) bottom. */
    final int perCell;
    final int size;
    final MatrixPattern pattern;
    /** Slot values of the wires, R_in and R_out: the part of the Jacobian that never changes. */
    private final double[] wireValues;
    /** Per cell, the memristor's slots: (top, top), (top, x), (x, top), (x, x), x the node below it. */
    private final int[] memSlots;
    /** Per cell (1T1M), the transistor's slots: (mid, mid), (mid, bottom), (bottom, mid), (bottom, bottom). */
    private final int[] fetSlots;
    private final double[] g;
    private final CellDevices devices;
    private final MemristorLaw law;
    private final double gIn;
    private final double gOut;
    private final double gRow;
    private final double gCol;

    ArrayEquations(CrossbarArray a) {
        m = a.rows();
        n = a.cols();
        access = a.cell() == CrossbarArray.Cell.ONE_T_ONE_M;
        perCell = access ? 3 : 2;
        size = m * n * perCell;
        g = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                g[i * n + j] = a.conductance(i, j);
            }
        }
        devices = new CellDevices(a);
        law = devices.law();
        gIn = 1 / a.rIn();
        gOut = 1 / a.rOut();
        gRow = 1 / a.rWireRow();
        gCol = 1 / a.rWireCol();

        pattern = new MatrixPattern(size, m * n * (access ? 14 : 10));
        memSlots = new int[4 * m * n];
        fetSlots = access ? new int[4 * m * n] : null;
        int[] wireSlots = new int[3 * 4 * m * n];
        int w = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int c = i * n + j;
                int t = top(i, j);
                int b = bottom(i, j);
                int x = access ? t + 1 : b;
                memSlots[4 * c] = pattern.slot(t, t);
                memSlots[4 * c + 1] = pattern.slot(t, x);
                memSlots[4 * c + 2] = pattern.slot(x, t);
                memSlots[4 * c + 3] = pattern.slot(x, x);
                if (access) {
                    fetSlots[4 * c] = pattern.slot(x, x);
                    fetSlots[4 * c + 1] = pattern.slot(x, b);
                    fetSlots[4 * c + 2] = pattern.slot(b, x);
                    fetSlots[4 * c + 3] = pattern.slot(b, b);
                }
                if (j > 0) {
                    w = pair(wireSlots, w, top(i, j - 1), t);
                }
                if (i > 0) {
                    w = pair(wireSlots, w, bottom(i - 1, j), b);
                }
            }
        }
        pattern.freeze();
        wireValues = new double[pattern.slots()];
        int k = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (j > 0) {
                    k = stampPair(wireSlots, k, gRow);
                }
                if (i > 0) {
                    k = stampPair(wireSlots, k, gCol);
                }
            }
            wireValues[pattern.slot(top(i, 0), top(i, 0))] += gIn;
        }
        for (int j = 0; j < n; j++) {
            wireValues[pattern.slot(bottom(m - 1, j), bottom(m - 1, j))] += gOut;
        }
    }

    private int pair(int[] slots, int w, int p, int q) {
        slots[w] = pattern.slot(p, p);
        slots[w + 1] = pattern.slot(p, q);
        slots[w + 2] = pattern.slot(q, p);
        slots[w + 3] = pattern.slot(q, q);
        return w + 4;
    }

    private int stampPair(int[] slots, int k, double cond) {
        wireValues[slots[k]] += cond;
        wireValues[slots[k + 1]] -= cond;
        wireValues[slots[k + 2]] -= cond;
        wireValues[slots[k + 3]] += cond;
        return k + 4;
    }

    int top(int i, int j) {
        return (i * n + j) * perCell;
    }

    int bottom(int i, int j) {
        return (i * n + j) * perCell + perCell - 1;
    }

    /** True when the equations are linear (passive cells, linear memristors). */
    boolean linear() {
        return !access && law.linear();
    }

    /** Nested-dissection pivot order of the unknowns. */
    int[] ordering() {
        return GridOrdering.nestedDissection(m, n, perCell);
    }

    /** Column currents (A) through R_out at node voltages x (V). (Output) out, length n. */
    void columnCurrents(double[] x, double[] out) {
        for (int j = 0; j < n; j++) {
            out[j] = x[bottom(m - 1, j)] * gOut;
        }
    }

    /** The source terms of input vector v (V): current gIn * v_i into top node (i, 0). (Output) rhs, zeroed first. */
    void sources(double[] v, double[] rhs) {
        java.util.Arrays.fill(rhs, 0, size, 0);
        for (int i = 0; i < m; i++) {
            rhs[top(i, 0)] = gIn * v[i];
        }
    }

    /**
     * A starting point for input {@code to} from the solution x for input {@code from}: each row's
     * top nodes moved by the change of that row's input, the part of the change the row wires pass
     * on almost unchanged (a 1T1M middle node sits near its column, below the memristor that
     * takes nearly all of the cell's voltage); the Newton steps then only correct the rest.
     */
    void shiftRows(double[] x, double[] from, double[] to) {
        for (int i = 0; i < m; i++) {
            double d = to[i] - from[i];
            if (d != 0) {
                for (int j = 0; j < n; j++) {
                    x[top(i, j)] += d;
                }
            }
        }
    }

    /** The memristor current (A, top to the node below) of cell (i, j) at node voltages x (V). */
    double memristorCurrent(double[] x, int i, int j) {
        int t = top(i, j);
        int below = access ? t + 1 : bottom(i, j);
        return law.current(x[t] - x[below], g[i * n + j]);
    }

    /** Row wire segment conductance (S). */
    double rowConductance() {
        return gRow;
    }

    /** Column wire segment conductance (S). */
    double columnConductance() {
        return gCol;
    }

    /**
     * The Jacobian's entries that couple a cell's nodes, from {@code values} in slot order.
     * (Output) diag per unknown; per cell tx = (top, x), xt = (x, top), and for 1T1M xb = (x,
     * bottom), bx = (bottom, x), x the node below the memristor (the middle node; 1R: the bottom
     * node). The other entries are the wires': -gRow, -gCol.
     */
    void cellEntries(double[] values, double[] diag, double[] tx, double[] xt, double[] xb, double[] bx) {
        for (int c = 0; c < m * n; c++) {
            int t = c * perCell;
            diag[t] = values[memSlots[4 * c]];
            diag[t + 1] = values[memSlots[4 * c + 3]]; // the node below the memristor
            tx[c] = values[memSlots[4 * c + 1]];
            xt[c] = values[memSlots[4 * c + 2]];
            if (access) {
                diag[t + 2] = values[fetSlots[4 * c + 3]];
                xb[c] = values[fetSlots[4 * c + 1]];
                bx[c] = values[fetSlots[4 * c + 2]];
            }
        }
    }

    /** gIn: the source term per volt on a row. */
    double inputConductance() {
        return gIn;
    }

    double outputConductance() {
        return gOut;
    }

    /**
     * The residual at x for inputs v, f(x) = currents leaving each node (A), and when
     * {@code values} is not null the Jacobian df/dx in slot order.
     */
    void evaluate(double[] x, double[] v, double[] f, double[] values) {
        begin(f, values);
        devices(x, f, values, 0, m * n);
        wires(x, v, f);
    }

    /** First part of {@link #evaluate}: f zeroed, the Jacobian set to its wire part. */
    void begin(double[] f, double[] values) {
        java.util.Arrays.fill(f, 0, size, 0);
        if (values != null) {
            System.arraycopy(wireValues, 0, values, 0, wireValues.length);
        }
    }

    /**
     * Second part of {@link #evaluate}: the devices of cells [from, to) (row-major), which touch
     * only their own cells' nodes and slots, so disjoint ranges may run at once.
     */
    void devices(double[] x, double[] f, double[] values, int from, int to) {
        double[] ch = new double[3];
        double[] jn = new double[2];
        for (int c = from; c < to; c++) {
            int t = c * perCell;
            int b = t + perCell - 1;
            int x1 = access ? t + 1 : b;
            double vm = x[t] - x[x1];
            double im = law.current(vm, g[c]);
            f[t] += im;
            f[x1] -= im;
            if (values != null) {
                double gm = law.slope(vm, g[c]);
                int s = 4 * c;
                values[memSlots[s]] += gm;
                values[memSlots[s + 1]] -= gm;
                values[memSlots[s + 2]] -= gm;
                values[memSlots[s + 3]] += gm;
            }
            if (access) {
                transistor(c, x[x1], x[b], x1, b, f, values, ch, jn);
            }
        }
    }

    /** Last part of {@link #evaluate}: the wires, R_in with the sources, R_out. */
    void wires(double[] x, double[] v, double[] f) {
        for (int i = 0; i < m; i++) {
            int t0 = top(i, 0);
            f[t0] += gIn * (x[t0] - v[i]);
            for (int j = 1; j < n; j++) {
                int p = top(i, j - 1);
                int q = top(i, j);
                double cur = gRow * (x[p] - x[q]);
                f[p] += cur;
                f[q] -= cur;
            }
        }
        // column segments row by row: consecutive cells, consecutive memory
        for (int i = 1; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int p = bottom(i - 1, j);
                int q = p + n * perCell;
                double cur = gCol * (x[p] - x[q]);
                f[p] += cur;
                f[q] -= cur;
            }
        }
        for (int j = 0; j < n; j++) {
            int last = bottom(m - 1, j);
            f[last] += gOut * x[last];
        }
    }

    /** The access transistor of cell c (drain d at vd, source s at vs) and its bulk junctions. */
    private void transistor(int c, double vd, double vs, int d, int s, double[] f, double[] values, double[] ch,
                            double[] jn) {
        double id = devices.channel(vd, vs, ch);
        double dId = ch[1];
        double dIs = ch[2];
        f[d] += id;
        f[s] -= id;
        devices.junction(vd, jn);
        double gbd = jn[0];
        f[d] -= jn[1];
        devices.junction(vs, jn);
        double gbs = jn[0];
        f[s] -= jn[1];
        if (values != null) {
            int k = 4 * c;
            values[fetSlots[k]] += dId + gbd;
            values[fetSlots[k + 1]] += dIs;
            values[fetSlots[k + 2]] -= dId;
            values[fetSlots[k + 3]] += -dIs + gbs;
        }
    }
}
