package org.xbarsim.crossbar;

import java.util.Arrays;
import java.util.Locale;

import org.xbarsim.netlist.ArrayTopology;

/**
 * An m x n crossbar array: cell kind, conductance matrix, memristor law, access transistor and
 * parasitic resistances (DESIGN section 2, paper 002 section 3.2 and Fig. 6). Immutable; made
 * with {@link #builder(int, int)}, whose defaults are paper 002 section 4.1.
 *
 * <p>Topology: row i is driven by an ideal source through R_in into top node (i,0); R_wire
 * segments join the top nodes along the row, whose far end is open. Cell (i,j): the memristor
 * from top node (i,j) to the middle node, the NMOS access transistor from the middle node (drain)
 * to bottom node (i,j) (source), gate at V_gate, bulk at ground; a passive 1R cell joins top
 * and bottom nodes directly. Column j: R_wire segments join the bottom nodes down the column,
 * whose top end is open; bottom node (m-1,j) goes through R_out into a virtual ground at 0 V,
 * and the current through R_out is the column output.
 */
public final class CrossbarArray {

    /** Cell kinds. */
    public enum Cell {
        /** One access transistor and one memristor per cell. */
        ONE_T_ONE_M,
        /** A memristor alone (passive array). */
        ONE_R;

        /** The cell named {@code 1t1m}, {@code 1t1r} or {@code 1r} (case-insensitive). */
        public static Cell parse(String name) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "1t1m":
                case "1t1r":
                    return ONE_T_ONE_M;
                case "1r":
                case "1m":
                    return ONE_R;
                default:
                    throw new IllegalArgumentException("cell '" + name + "': use 1t1m (or 1t1r) or 1r");
            }
        }
    }

    /** Memristor laws an array can hold (DESIGN section 3). */
    public enum Law { LINEAR, SINH }

    public static final double DEFAULT_R_WIRE_OHM = ArrayTopology.DEFAULT_R_WIRE_OHM;
    public static final double DEFAULT_R_IN_OHM = ArrayTopology.DEFAULT_R_IN_OHM;
    public static final double DEFAULT_R_OUT_OHM = ArrayTopology.DEFAULT_R_OUT_OHM;
    public static final double DEFAULT_V_READ_V = 0.2;
    public static final double DEFAULT_SINH_B_PER_V = 2;
    public static final double DEFAULT_V_GATE_V = ArrayTopology.DEFAULT_V_GATE_V;
    /** Access transistor defaults: level-1 NMOS threshold (V), transconductance (A/V^2), channel modulation (1/V). */
    public static final double DEFAULT_FET_VTO_V = 0.5;
    public static final double DEFAULT_FET_KP_A_PER_V2 = 2e-4;
    public static final double DEFAULT_FET_LAMBDA_PER_V = 0.01;
    /** Access transistor width and length (m). */
    public static final double DEFAULT_FET_W_M = ArrayTopology.DEFAULT_FET_W_M;
    public static final double DEFAULT_FET_L_M = ArrayTopology.DEFAULT_FET_L_M;

    private final int rows;
    private final int cols;
    private final Cell cell;
    private final double[] g;
    private final Law law;
    private final double sinhB;
    private final double vRead;
    private final double rWireRow;
    private final double rWireCol;
    private final double rIn;
    private final double rOut;
    private final double vGate;
    private final double fetVto;
    private final double fetKp;
    private final double fetLambda;
    private final double fetW;
    private final double fetL;

    private CrossbarArray(Builder b) {
        this.rows = b.rows;
        this.cols = b.cols;
        this.cell = b.cell;
        this.g = b.g.clone();
        this.law = b.law;
        this.sinhB = b.sinhB;
        this.vRead = b.vRead;
        this.rWireRow = b.rWireRow;
        this.rWireCol = b.rWireCol;
        this.rIn = b.rIn;
        this.rOut = b.rOut;
        this.vGate = b.vGate;
        this.fetVto = b.fetVto;
        this.fetKp = b.fetKp;
        this.fetLambda = b.fetLambda;
        this.fetW = b.fetW;
        this.fetL = b.fetL;
    }

    /** A builder holding this array's parameters and conductances, to derive a variant from. */
    public Builder toBuilder() {
        Builder b = toBuilder(rows, cols);
        System.arraycopy(g, 0, b.g, 0, g.length);
        return b;
    }

    /** A builder for a rows x cols array with this array's parameters, its conductances unset. */
    public Builder toBuilder(int rows, int cols) {
        Builder b = new Builder(rows, cols);
        b.cell = cell;
        b.law = law;
        b.sinhB = sinhB;
        b.vRead = vRead;
        b.rWireRow = rWireRow;
        b.rWireCol = rWireCol;
        b.rIn = rIn;
        b.rOut = rOut;
        b.vGate = vGate;
        b.fetVto = fetVto;
        b.fetKp = fetKp;
        b.fetLambda = fetLambda;
        b.fetW = fetW;
        b.fetL = fetL;
        return b;
    }

    /** The same array with conductances {@code gm} [row][col] (S). */
    public CrossbarArray withConductances(double[][] gm) {
        return toBuilder().conductances(gm).build();
    }

    /** A builder for an m x n array with paper-002 defaults and every conductance unset. */
    /** Checks an array size before anything is allocated for it ({@link ArrayTopology#checkSize}). */
    public static void checkSize(long rows, long cols) {
        ArrayTopology.checkSize(rows, cols);
    }

    public static Builder builder(int rows, int cols) {
        return new Builder(rows, cols);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public Cell cell() {
        return cell;
    }

    /** Conductance of cell (i, j) at the read voltage (S). */
    public double conductance(int i, int j) {
        return g[i * cols + j];
    }

    public Law law() {
        return law;
    }

    /** sinh nonlinearity b (1/V). */
    public double sinhB() {
        return sinhB;
    }

    /** Read voltage (V) at which the conductances are defined. */
    public double vRead() {
        return vRead;
    }

    /** Wire segment resistance along rows (Ohm). */
    public double rWireRow() {
        return rWireRow;
    }

    /** Wire segment resistance along columns (Ohm). */
    public double rWireCol() {
        return rWireCol;
    }

    /** Input (driver) resistance (Ohm). */
    public double rIn() {
        return rIn;
    }

    /** Output (sense) resistance (Ohm). */
    public double rOut() {
        return rOut;
    }

    /** Gate (word-line) voltage of the access transistors (V). */
    public double vGate() {
        return vGate;
    }

    public double fetVto() {
        return fetVto;
    }

    public double fetKp() {
        return fetKp;
    }

    public double fetLambda() {
        return fetLambda;
    }

    /** Access transistor width (m). */
    public double fetW() {
        return fetW;
    }

    /** Access transistor length (m). */
    public double fetL() {
        return fetL;
    }

    /** Builds a {@link CrossbarArray}; every setter checks its value and names it when it is out of range. */
    public static final class Builder {
        private final int rows;
        private final int cols;
        private final double[] g;
        private Cell cell = Cell.ONE_T_ONE_M;
        private Law law = Law.LINEAR;
        private double sinhB = DEFAULT_SINH_B_PER_V;
        private double vRead = DEFAULT_V_READ_V;
        private double rWireRow = DEFAULT_R_WIRE_OHM;
        private double rWireCol = DEFAULT_R_WIRE_OHM;
        private double rIn = DEFAULT_R_IN_OHM;
        private double rOut = DEFAULT_R_OUT_OHM;
        private double vGate = DEFAULT_V_GATE_V;
        private double fetVto = DEFAULT_FET_VTO_V;
        private double fetKp = DEFAULT_FET_KP_A_PER_V2;
        private double fetLambda = DEFAULT_FET_LAMBDA_PER_V;
        private double fetW = DEFAULT_FET_W_M;
        private double fetL = DEFAULT_FET_L_M;

        private Builder(int rows, int cols) {
            checkSize(rows, cols);
            this.rows = rows;
            this.cols = cols;
            this.g = new double[Math.multiplyExact(rows, cols)];
            Arrays.fill(g, Double.NaN);
        }

        public Builder cell(Cell c) {
            this.cell = c;
            return this;
        }

        /** The conductance matrix, {@code g[i][j]} of row i, column j (S), each positive and finite. */
        public Builder conductances(double[][] gm) {
            if (gm.length != rows) {
                throw new IllegalArgumentException("conductance matrix has " + gm.length + " rows, the array " + rows);
            }
            for (int i = 0; i < rows; i++) {
                if (gm[i].length != cols) {
                    throw new IllegalArgumentException("conductance matrix row " + i + " has " + gm[i].length
                            + " values, the array has " + cols + " columns");
                }
                for (int j = 0; j < cols; j++) {
                    conductance(i, j, gm[i][j]);
                }
            }
            return this;
        }

        /** Conductance of cell (i, j) at the read voltage (S), positive and finite. */
        public Builder conductance(int i, int j, double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("conductance of cell (" + i + ", " + j + ") is " + value
                        + " S; it must be positive and finite");
            }
            g[i * cols + j] = value;
            return this;
        }

        public Builder linear() {
            this.law = Law.LINEAR;
            return this;
        }

        /** The sinh law with nonlinearity b (1/V), scaled so I(vRead) = G vRead. */
        public Builder sinh(double b) {
            positive("sinh b (1/V)", b);
            this.law = Law.SINH;
            this.sinhB = b;
            return this;
        }

        public Builder vRead(double v) {
            positive("read voltage (V)", v);
            this.vRead = v;
            return this;
        }

        /** The same wire segment resistance (Ohm) along rows and columns. */
        public Builder rWire(double r) {
            return rWire(r, r);
        }

        public Builder rWire(double row, double col) {
            positive("row wire segment resistance (Ohm)", row);
            positive("column wire segment resistance (Ohm)", col);
            this.rWireRow = row;
            this.rWireCol = col;
            return this;
        }

        public Builder rIn(double r) {
            positive("input resistance (Ohm)", r);
            this.rIn = r;
            return this;
        }

        public Builder rOut(double r) {
            positive("output resistance (Ohm)", r);
            this.rOut = r;
            return this;
        }

        /** The access transistor: gate voltage (V), level-1 VTO (V), KP (A/V^2), LAMBDA (1/V), W and L (m). */
        public Builder transistor(double vGateV, double vto, double kp, double lambda, double w, double l) {
            if (!Double.isFinite(vGateV) || !Double.isFinite(vto)) {
                throw new IllegalArgumentException("gate voltage " + vGateV + " V and VTO " + vto + " V must be finite");
            }
            positive("KP (A/V^2)", kp);
            positive("W (m)", w);
            positive("L (m)", l);
            if (!(lambda >= 0)) {
                throw new IllegalArgumentException("LAMBDA = " + lambda + " 1/V must be zero or positive");
            }
            this.vGate = vGateV;
            this.fetVto = vto;
            this.fetKp = kp;
            this.fetLambda = lambda;
            this.fetW = w;
            this.fetL = l;
            return this;
        }

        private static void positive(String what, double v) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " = " + v + ": it must be positive and finite");
            }
        }

        /** The array; every conductance must have been set. */
        public CrossbarArray build() {
            for (int k = 0; k < g.length; k++) {
                if (Double.isNaN(g[k])) {
                    throw new IllegalStateException("conductance of cell (" + k / cols + ", " + k % cols + ") is not set");
                }
            }
            return new CrossbarArray(this);
        }
    }
}
