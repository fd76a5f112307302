package org.xbarsim.mapping;

import java.util.function.DoubleUnaryOperator;

import org.xbarsim.circuit.MemristorLaw;

/**
 * A weight matrix A (rows = inputs, columns = outputs) as array conductances, inputs X as row
 * voltages, and column currents back to outputs Y = X A (paper 002 section 3.1; paper 003
 * section 4.4; DESIGN section 6). Inputs are non-negative, 0..xMax mapped linearly to 0..vMax.
 *
 * <ul>
 * <li>{@link Kind#SHIFT}: G = G_min + k (A + c) with c = max(0, -min A) and k = (G_max - G_min) /
 * max(A + c); the offset c sum(X) and the G_min term are removed digitally:
 * Y_j = (I_j / s - (G_min + k c) sum(X)) / k, s = vMax / xMax.</li>
 * <li>{@link Kind#SHIFT_REFERENCE}: the same with one more column of the conductance that stands
 * for weight 0, G_ref = G_min + k c, whose current removes the offset in analog:
 * Y_j = (I_j - I_ref) / (s k) (paper 001 Fig. 4).</li>
 * <li>{@link Kind#DIFFERENTIAL}: two columns per output, G+ = G_min + k max(A, 0) and
 * G- = G_min + k max(-A, 0) with k = (G_max - G_min) / max|A|, the common reference G_min on
 * the unused side: Y_j = (I+_j - I-_j) / (s k).</li>
 * </ul>
 */
public final class WeightMapping {
    /** How signed weights become conductances. */
    public enum Kind {
        SHIFT, SHIFT_REFERENCE, DIFFERENTIAL;

        /** The names users write: shift, reference, differential. */
        public static final java.util.List<String> NAMES = java.util.List.of("shift", "reference", "differential");

        /** A kind by the name users write; anything else is named with the choices. */
        public static Kind parse(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "shift" -> SHIFT;
                case "reference" -> SHIFT_REFERENCE;
                case "differential" -> DIFFERENTIAL;
                default -> throw new IllegalArgumentException("mapping '" + name + "': one of " + NAMES);
            };
        }
    }

    private final Kind kind;
    private final int rows;
    private final int outputs;
    private final double[][] g;
    private final double gMin;
    private final double k;
    private final double c;
    private final double s;
    /** The driver's transfer from the linear row voltage s x to the voltage applied (identity unless pre-distorted). */
    private final DoubleUnaryOperator drive;

    /** This mapping with another driver transfer. */
    private WeightMapping(WeightMapping m, DoubleUnaryOperator drive) {
        this.kind = m.kind;
        this.rows = m.rows;
        this.outputs = m.outputs;
        this.g = m.g;
        this.gMin = m.gMin;
        this.k = m.k;
        this.c = m.c;
        this.s = m.s;
        this.drive = drive;
    }

    private WeightMapping(Kind kind, double[][] a, double gMin, double gMax, double vMax, double xMax, double wLo, double wHi) {
        this.drive = DoubleUnaryOperator.identity();
        if (!(gMin > 0) || !(gMax > gMin) || !(vMax > 0) || !(xMax > 0)) {
            throw new IllegalArgumentException("mapping needs 0 < G_min < G_max, V_max > 0, X_max > 0; got G_min=" + gMin
                    + " S, G_max=" + gMax + " S, V_max=" + vMax + " V, X_max=" + xMax);
        }
        this.kind = kind;
        this.rows = a.length;
        this.outputs = a[0].length;
        this.gMin = gMin;
        this.s = vMax / xMax;
        double lo = wLo;
        double hi = wHi;
        for (double[] row : a) {
            if (row.length != outputs) {
                throw new IllegalArgumentException("weight matrix rows differ in length: " + row.length + " and " + outputs);
            }
            for (double w : row) {
                if (!Double.isFinite(w)) {
                    throw new IllegalArgumentException("weight " + w + " is not finite");
                }
                lo = Math.min(lo, w);
                hi = Math.max(hi, w);
            }
        }
        if (kind == Kind.DIFFERENTIAL) {
            double big = Math.max(Math.abs(lo), Math.abs(hi));
            this.c = 0;
            this.k = (gMax - gMin) / (big > 0 ? big : 1);
            g = new double[rows][2 * outputs];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < outputs; j++) {
                    double w = a[i][j];
                    g[i][2 * j] = gMin + k * Math.max(w, 0);
                    g[i][2 * j + 1] = gMin + k * Math.max(-w, 0);
                }
            }
        } else {
            this.c = Math.max(0, -lo);
            double span = hi + c;
            this.k = (gMax - gMin) / (span > 0 ? span : 1);
            int cols = outputs + (kind == Kind.SHIFT_REFERENCE ? 1 : 0);
            g = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < outputs; j++) {
                    g[i][j] = gMin + k * (a[i][j] + c);
                }
                if (kind == Kind.SHIFT_REFERENCE) {
                    g[i][outputs] = gMin + k * c;
                }
            }
        }
    }

    /**
     * Maps weights {@code a} [input][output] onto conductances in [gMin, gMax] (S), for inputs
     * 0..xMax driven as 0..vMax (V).
     */
    public static WeightMapping of(Kind kind, double[][] a, double gMin, double gMax, double vMax, double xMax) {
        return of(kind, a, gMin, gMax, vMax, xMax, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    /**
     * Maps weights {@code a} as if their range were [wLo, wHi] widened to hold them: the weights of
     * a tile mapped with the range of its whole layer, so that a weight value has one conductance
     * in every tile of the layer (a layer's conductance levels, paper 001 section III).
     */
    public static WeightMapping of(Kind kind, double[][] a, double gMin, double gMax, double vMax, double xMax, double wLo,
                                   double wHi) {
        if (a.length == 0 || a[0].length == 0) {
            throw new IllegalArgumentException("weight matrix is empty");
        }
        return new WeightMapping(kind, a, gMin, gMax, vMax, xMax, wLo, wHi);
    }

    public Kind kind() {
        return kind;
    }

    /** The conductances (S), [row][array column]; a copy. */
    public double[][] conductances() {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = g[i].clone();
        }
        return out;
    }

    /** Array columns: outputs, plus one (reference column) or times two (differential). */
    public int arrayColumns() {
        return g[0].length;
    }

    public int outputs() {
        return outputs;
    }

    /** Row voltages (V) for inputs x. */
    public double[] voltages(double[] x) {
        double[] v = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = drive.applyAsDouble(s * x[i]);
        }
        return v;
    }

    /** The voltage (V) the driver applies for linear row voltage v = s x (V). */
    public double drive(double v) {
        return drive.applyAsDouble(v);
    }

    /**
     * This mapping with input pre-distortion: the driver applies u = f^-1(v) for row voltage
     * v, f(u) = law.current(u, 1), so that a device of state G draws G v, proportional to the
     * input, whatever the curvature of its I-V law; exact for a cell that sees its row voltage,
     * and what conversion and calibration then correct is only the IR drop.
     */
    public WeightMapping predistorted(MemristorLaw law) {
        return new WeightMapping(this, v -> law.voltage(v, 1));
    }

    /** Outputs Y (in the units of X A) from column currents (A) for inputs x. */
    public double[] outputs(double[] x, double[] currents) {
        double[] y = new double[outputs];
        switch (kind) {
            case SHIFT: {
                double sum = 0;
                for (double xi : x) {
                    sum += xi;
                }
                double offset = (gMin + k * c) * sum;
                for (int j = 0; j < outputs; j++) {
                    y[j] = (currents[j] / s - offset) / k;
                }
                break;
            }
            case SHIFT_REFERENCE:
                for (int j = 0; j < outputs; j++) {
                    y[j] = (currents[j] - currents[outputs]) / (s * k);
                }
                break;
            default:
                for (int j = 0; j < outputs; j++) {
                    y[j] = (currents[2 * j] - currents[2 * j + 1]) / (s * k);
                }
        }
        return y;
    }
}
