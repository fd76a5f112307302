package org.xbarsim.conversion;

import java.util.Arrays;

import org.xbarsim.circuit.MemristorLaw;
import org.xbarsim.crossbar.CellDevices;
import org.xbarsim.crossbar.CrossbarArray;

/**
 * Conversion G -> G' (paper 002 section 3.2; DESIGN section 5): the conductances that make every
 * memristor of the real array pass, for the conversion input, the current the ideal array would
 * (ideal: each device sees its row's input voltage, the columns sit at 0 V).
 *
 * <p>Once every device current is fixed the equations are block-triangular: each row wire is fed
 * from one end, so its segment currents are suffix sums of the device currents and its node
 * voltages follow by cumulative sums from the source; each column likewise from R_out upwards;
 * each 1T1M cell's middle node is one scalar solve of the transistor law (monotone in the drain
 * voltage), and G' follows from the memristor law, which is proportional to the state (I = G f(V),
 * so G' = I / f(V)). The bulk-junction leakage (about 1e-14 A per junction) depends on the node
 * voltages and is brought in by a fixed point that settles in two or three passes. Exact in
 * O(mn); a device whose G' falls outside [G_min, G_max], or that no G' can serve (its voltage
 * would be zero or negative, or the transistor cannot pass the current), is clamped and reported.
 */
public final class Conversion {
    /** Passes of the leakage fixed point at most. */
    static final int LEAK_PASSES = 6;

    /** What a device's G' came to. */
    public enum Status { OK, CLAMPED_LOW, CLAMPED_HIGH, INFEASIBLE }

    /**
     * The converted array and its evidence.
     *
     * @param array    the array with G' programmed (clamped where needed)
     * @param exact    G' before clamping, [row][col] (S); infinite or NaN where infeasible
     * @param status   each device's status, [row][col]
     * @param targets  the ideal device currents for the conversion input, [row][col] (A)
     */
    public record Result(CrossbarArray array, double[][] exact, Status[][] status, double[][] targets) {
        /** Devices with the given status. */
        public int count(Status s) {
            int c = 0;
            for (Status[] row : status) {
                for (Status x : row) {
                    c += x == s ? 1 : 0;
                }
            }
            return c;
        }
    }

    private Conversion() {
    }

    /**
     * Converts array {@code a} (its conductances are the ideal G) for input voltages
     * {@code vConv} (V, one per row), clamping G' to [gMin, gMax] (S).
     */
    public static Result convert(CrossbarArray a, double[] vConv, double gMin, double gMax) {
        int m = a.rows();
        int n = a.cols();
        if (vConv.length != m) {
            throw new IllegalArgumentException("conversion vector has " + vConv.length + " values, the array has " + m + " rows");
        }
        if (!(gMin > 0) || !(gMax > gMin)) {
            throw new IllegalArgumentException("conductance range [" + gMin + ", " + gMax + "] S: need 0 < G_min < G_max");
        }
        CellDevices dev = new CellDevices(a);
        MemristorLaw law = dev.law();
        boolean access = a.cell() == CrossbarArray.Cell.ONE_T_ONE_M;
        double[][] target = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                target[i][j] = law.current(vConv[i], a.conductance(i, j));
            }
        }
        double[][] top = new double[m][n];
        double[][] bottom = new double[m][n];
        double[][] mid = access ? new double[m][n] : null;
        // leakage into each middle and bottom node from its bulk junction (A), 0 for 1R cells
        double[][] leakMid = new double[m][n];
        double[][] leakBottom = new double[m][n];
        double[][] exact = new double[m][n];
        Status[][] status = new Status[m][n];
        double[] scratch = new double[3];
        for (int pass = 0; pass < (access ? LEAK_PASSES : 1); pass++) {
            rows(a, vConv, target, top);
            columns(a, target, leakMid, leakBottom, bottom);
            double change = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double below = bottom[i][j];
                    boolean feasible = true;
                    if (access) {
                        double ich = target[i][j] + leakMid[i][j];
                        double vd = drainFor(dev, ich, below, top[i][j], scratch);
                        feasible = !Double.isNaN(vd);
                        mid[i][j] = feasible ? vd : top[i][j];
                        below = mid[i][j];
                        dev.junction(mid[i][j], scratch);
                        change = Math.max(change, Math.abs(scratch[1] - leakMid[i][j]));
                        leakMid[i][j] = scratch[1];
                        dev.junction(bottom[i][j], scratch);
                        change = Math.max(change, Math.abs(scratch[1] - leakBottom[i][j]));
                        leakBottom[i][j] = scratch[1];
                    }
                    double f = law.current(top[i][j] - below, 1);
                    exact[i][j] = feasible && f > 0 ? target[i][j] / f : Double.POSITIVE_INFINITY;
                    status[i][j] = !(exact[i][j] < Double.POSITIVE_INFINITY) ? Status.INFEASIBLE
                            : exact[i][j] < gMin ? Status.CLAMPED_LOW : exact[i][j] > gMax ? Status.CLAMPED_HIGH : Status.OK;
                }
            }
            if (change == 0) {
                break;
            }
        }
        double[][] programmed = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                programmed[i][j] = status[i][j] == Status.OK ? exact[i][j]
                        : status[i][j] == Status.CLAMPED_LOW ? gMin : gMax;
            }
        }
        return new Result(a.withConductances(programmed), exact, status, target);
    }

    /** Top-node voltages of every row fed through R_in, its devices drawing {@code current}. (Output) top. */
    private static void rows(CrossbarArray a, double[] v, double[][] current, double[][] top) {
        int n = a.cols();
        double[] suffix = new double[n + 1];
        for (int i = 0; i < v.length; i++) {
            suffix[n] = 0;
            for (int j = n - 1; j >= 0; j--) {
                suffix[j] = suffix[j + 1] + current[i][j];
            }
            double t = v[i] - a.rIn() * suffix[0];
            top[i][0] = t;
            for (int j = 1; j < n; j++) {
                t -= a.rWireRow() * suffix[j];
                top[i][j] = t;
            }
        }
    }

    /**
     * Bottom-node voltages of every column, fed by its cells (device current plus the middle and
     * bottom nodes' junction currents) and drained through R_out into 0 V. (Output) bottom.
     */
    private static void columns(CrossbarArray a, double[][] current, double[][] leakMid, double[][] leakBottom,
                                double[][] bottom) {
        int m = a.rows();
        int n = a.cols();
        double[] prefix = new double[m];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += current[i][j] + leakMid[i][j] + leakBottom[i][j];
                prefix[i] = s;
            }
            double b = a.rOut() * s;
            bottom[m - 1][j] = b;
            for (int i = m - 1; i > 0; i--) {
                b += a.rWireCol() * prefix[i - 1];
                bottom[i - 1][j] = b;
            }
        }
    }

    /**
     * The drain voltage at which the transistor passes {@code current} (A) from drain to a source
     * at {@code vs}, within (vs, vMax): Newton safeguarded by bisection on the monotone channel
     * law; NaN when even a drain at vMax passes less.
     */
    static double drainFor(CellDevices dev, double current, double vs, double vMax, double[] d) {
        if (current <= 0) {
            return current == 0 ? vs : Double.NaN;
        }
        if (!(vMax > vs) || dev.channel(vMax, vs, d) < current) {
            return Double.NaN;
        }
        double lo = vs;
        double hi = vMax;
        dev.channel(vs, vs, d);
        double x = vs + Math.min(0.5 * (vMax - vs), current / Math.max(d[1], 1e-30));
        for (int it = 0; it < 200; it++) {
            double f = dev.channel(x, vs, d) - current;
            if (f == 0) {
                return x;
            }
            if (f > 0) {
                hi = x;
            } else {
                lo = x;
            }
            double next = x - f / d[1];
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x)) || hi - lo <= 1e-16 * Math.max(1, Math.abs(x))) {
                return next;
            }
            x = next;
        }
        return x;
    }
}
