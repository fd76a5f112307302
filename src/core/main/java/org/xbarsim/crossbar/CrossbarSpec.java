package org.xbarsim.crossbar;

/**
 * A crossbar array to generate: size, cell kind, parasitics, device law and the random draw of
 * conductances and inputs. Defaults are paper 002 section 4.1 (DESIGN section 2).
 *
 * @param rows        m, the number of inputs (rows), at least 1
 * @param cols        n, the number of outputs (columns), at least 1
 * @param access      true for 1T1M cells (NMOS access transistor), false for passive 1R
 * @param law         memristor law: "linear" or "sinh"
 * @param sinhB       sinh nonlinearity b (1/V)
 * @param vRead       device read voltage (V) at which G is defined
 * @param rWire       wire segment resistance (Ohm), rows and columns
 * @param rIn         input (driver) resistance (Ohm)
 * @param rOut        output (sense) resistance (Ohm)
 * @param rOn         lowest device resistance (Ohm)
 * @param rOff        highest device resistance (Ohm)
 * @param vMax        largest input voltage (V); inputs are uniform in [0, vMax]
 * @param vGate       word-line (gate) voltage of the access transistors (V)
 * @param seed        seed of the conductance and input draw
 */
public record CrossbarSpec(int rows, int cols, boolean access, String law, double sinhB, double vRead, double rWire,
                           double rIn, double rOut, double rOn, double rOff, double vMax, double vGate, long seed) {

    /** Lowest device resistance drawn, paper 002 section 4.1 (Ohm). */
    public static final double DEFAULT_R_ON_OHM = 15e3;
    public static final double DEFAULT_R_OFF_OHM = 300e3;
    public static final double DEFAULT_V_MAX_V = 0.4;
    public static final long DEFAULT_SEED = 1;


    /** Checks what the array builder does not see: the law's name and the range of the draw. */
    public CrossbarSpec {
        CrossbarArray.checkSize(rows, cols);
        if (!law.equals("linear") && !law.equals("sinh")) {
            throw new IllegalArgumentException("memristor law '" + law + "': use linear or sinh");
        }
        if (!(rOn > 0) || !(rOff >= rOn)) {
            throw new IllegalArgumentException("need 0 < R_on <= R_off, got R_on=" + rOn + ", R_off=" + rOff);
        }
    }

    /** Paper-002 defaults for an m x n array. */
    public static CrossbarSpec defaults(int rows, int cols, boolean access, String law) {
        return new CrossbarSpec(rows, cols, access, law, CrossbarArray.DEFAULT_SINH_B_PER_V, CrossbarArray.DEFAULT_V_READ_V,
                CrossbarArray.DEFAULT_R_WIRE_OHM, CrossbarArray.DEFAULT_R_IN_OHM, CrossbarArray.DEFAULT_R_OUT_OHM,
                DEFAULT_R_ON_OHM, DEFAULT_R_OFF_OHM, DEFAULT_V_MAX_V, CrossbarArray.DEFAULT_V_GATE_V, DEFAULT_SEED);
    }

    /** An array and its input vector, drawn from a spec. */
    public record Draw(CrossbarArray array, double[] inputs) {
    }

    /**
     * Draws the array: for each row in turn its input, uniform in [0, vMax] (V), then its cells'
     * resistances, uniform in [rOn, rOff] (Ohm). The access transistor has the array defaults.
     */
    public Draw draw() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        CrossbarArray.Builder b = CrossbarArray.builder(rows, cols)
                .cell(access ? CrossbarArray.Cell.ONE_T_ONE_M : CrossbarArray.Cell.ONE_R)
                .vRead(vRead).rWire(rWire).rIn(rIn).rOut(rOut)
                .transistor(vGate, CrossbarArray.DEFAULT_FET_VTO_V, CrossbarArray.DEFAULT_FET_KP_A_PER_V2,
                        CrossbarArray.DEFAULT_FET_LAMBDA_PER_V, CrossbarArray.DEFAULT_FET_W_M, CrossbarArray.DEFAULT_FET_L_M);
        if (law.equals("sinh")) {
            b.sinh(sinhB);
        }
        double[] inputs = new double[rows];
        for (int i = 0; i < rows; i++) {
            inputs[i] = vMax * rnd.nextDouble();
            for (int j = 0; j < cols; j++) {
                b.conductance(i, j, 1 / (rOn + (rOff - rOn) * rnd.nextDouble()));
            }
        }
        return new Draw(b.build(), inputs);
    }

    public CrossbarSpec withSeed(long s) {
        return new CrossbarSpec(rows, cols, access, law, sinhB, vRead, rWire, rIn, rOut, rOn, rOff, vMax, vGate, s);
    }

    public CrossbarSpec withRWire(double r) {
        return new CrossbarSpec(rows, cols, access, law, sinhB, vRead, r, rIn, rOut, rOn, rOff, vMax, vGate, seed);
    }
}
