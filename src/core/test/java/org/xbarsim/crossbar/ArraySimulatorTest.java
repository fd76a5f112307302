package org.xbarsim.crossbar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbarsim.VectorAssert;

/**
 * Many-input solves of crossbars against independent solves of the same circuit: the transfer
 * matrix of a linear array and warm-started Newton on a nonlinear one agree with a fresh
 * operating point per input to 1e-9 relative; a 1x1 array and a near-ideal array have closed forms.
 */
class ArraySimulatorTest {
    /** Agreement of two exact solution paths. */
    static final double REL = 1e-9;
    /** Newton converged far below {@link #REL}. */
    static final java.util.Map<String, Double> TIGHT = java.util.Map.of("reltol", 1e-12, "vntol", 1e-14, "abstol", 1e-18);

    /** A paper-002 array drawn by the generator's spec. */
    static CrossbarArray random(int m, int n, CrossbarArray.Cell cell, boolean sinh, double rWire, long seed) {
        return CrossbarSpec.defaults(m, n, cell == CrossbarArray.Cell.ONE_T_ONE_M, sinh ? "sinh" : "linear")
                .withRWire(rWire).withSeed(seed).draw().array();
    }

    static double[][] inputs(int count, int m, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] v = new double[count][m];
        for (double[] row : v) {
            for (int i = 0; i < m; i++) {
                row[i] = 0.4 * rnd.nextDouble();
            }
        }
        return v;
    }

    static void assertClose(double[] expected, double[] actual) {
        VectorAssert.assertRelClose(expected, actual, REL, "column");
    }

    @ParameterizedTest
    @CsvSource({"1,1,ONE_R,false,1", "3,5,ONE_R,false,0.1", "16,8,ONE_R,false,10", "12,7,ONE_R,true,1",
        "10,6,ONE_T_ONE_M,false,1", "9,4,ONE_T_ONE_M,true,2"})
    void manyInputsAgreeWithFreshSolves(int m, int n, CrossbarArray.Cell cell, boolean sinh, double rWire) {
        CrossbarArray a = random(m, n, cell, sinh, rWire, 11 * m + n);
        double[][] v = inputs(6, m, m * 31L + n);
        ArraySimulator many = new ArraySimulator(a);
        assertEquals(cell == CrossbarArray.Cell.ONE_R && !sinh, many.linear());
        double[][] got = many.solveAll(v, null);
        for (int k = 0; k < v.length; k++) {
            ArraySimulator fresh = new ArraySimulator(a); // its first solve is an operating point from scratch
            double[] expected = fresh.linear() ? freshNewton(a, v[k]) : fresh.solve(v[k]);
            assertClose(expected, got[k]);
        }
    }

    @ParameterizedTest
    @CsvSource({"40,24,ONE_T_ONE_M,true,1", "30,17,ONE_R,true,2", "24,20,ONE_T_ONE_M,false,0.5"})
    void inputsInFlightTogetherAgreeWithFreshSolves(int m, int n, CrossbarArray.Cell cell, boolean sinh, double rWire) {
        // 37 inputs: two solvers with 18 and 19, eight in flight at a time, places handed on as inputs converge
        CrossbarArray a = random(m, n, cell, sinh, rWire, 5L * m + n);
        double[][] v = inputs(37, m, 3L * m + n);
        for (int k = 0; k < v.length; k += 5) {
            java.util.Arrays.fill(v[k], 0, m / 2, 0); // zero inputs, as post-ReLU windows have
        }
        double[][] got = new ArraySimulator(a).solveAll(v, null);
        double[][] loose = new ArraySimulator(a, 1e-9).solveAll(v, null);
        double[][] looser = new ArraySimulator(a, 1e-6).solveAll(v, null);
        for (int k = 0; k < v.length; k++) {
            double[] expected = new ArraySimulator(a).solve(v[k]);
            assertClose(expected, got[k]);
            // a looser stop leaves the column currents within about its tolerance
            VectorAssert.assertRelClose(expected, loose[k], 1e-8, "column");
            VectorAssert.assertRelClose(expected, looser[k], 1e-5, "column");
        }
        assertThrows(IllegalArgumentException.class, () -> new ArraySimulator(a, 0.1));
    }

    @ParameterizedTest
    @CsvSource({"40,24,ONE_T_ONE_M,true,1,true", "30,17,ONE_R,true,1,true", "20,12,ONE_R,true,3000,false",
        "16,10,ONE_T_ONE_M,true,3000,false"})
    void batchesTakeTheLineRelaxationWhereItContractsAndTheLuWhereNot(int m, int n, CrossbarArray.Cell cell,
                                                                      boolean sinh, double rWire, boolean relaxed) {
        // 3 kOhm wire segments against 15-300 kOhm cells: the lines no longer decouple
        CrossbarArray a = random(m, n, cell, sinh, rWire, 3L * m + n);
        double[][] v = inputs(21, m, 5L * m + n);
        ArraySimulator batch = new ArraySimulator(a);
        double[][] got = batch.solveAll(v, null);
        assertEquals(relaxed, batch.relaxed());
        for (int k = 0; k < v.length; k++) {
            assertClose(new ArraySimulator(a).solve(v[k]), got[k]);
        }
    }

    /** A linear array solved by Newton (one LU) instead of through its transfer matrix. */
    private static double[] freshNewton(CrossbarArray a, double[] v) {
        CrossbarArray nonlinearTwin = CrossbarArray.builder(a.rows(), a.cols()).cell(CrossbarArray.Cell.ONE_R)
                .rWire(a.rWireRow(), a.rWireCol()).rIn(a.rIn()).rOut(a.rOut()).sinh(1e-9).vRead(a.vRead())
                .conductances(matrix(a)).build();
        // sinh with b -> 0 is linear to within (b V)^2 / 6 ~ 1e-19 relative: a second, independent path
        return new ArraySimulator(nonlinearTwin).solve(v);
    }

    private static double[][] matrix(CrossbarArray a) {
        double[][] g = new double[a.rows()][a.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                g[i][j] = a.conductance(i, j);
            }
        }
        return g;
    }

    @Test
    void oneByOnePassiveCellIsASeriesCircuit() {
        double g = 40e-6;
        CrossbarArray a = CrossbarArray.builder(1, 1).cell(CrossbarArray.Cell.ONE_R).rIn(2).rOut(3).conductance(0, 0, g)
                .build();
        double[] i = new ArraySimulator(a).solve(new double[] {0.3});
        assertEquals(0.3 / (2 + 1 / g + 3), i[0], 1e-15 * i[0]);
    }

    @Test
    void nearIdealArrayComputesTheDotProducts() {
        // with 1 uOhm wires and drivers the column currents are G^T v to about 1e-6 relative
        CrossbarArray a0 = random(20, 10, CrossbarArray.Cell.ONE_R, false, 1, 3);
        CrossbarArray a = CrossbarArray.builder(20, 10).cell(CrossbarArray.Cell.ONE_R).rWire(1e-6).rIn(1e-6).rOut(1e-6)
                .conductances(matrix(a0)).build();
        double[] v = inputs(1, 20, 5)[0];
        double[] i = new ArraySimulator(a).solve(v);
        for (int j = 0; j < 10; j++) {
            double ideal = 0;
            for (int r = 0; r < 20; r++) {
                ideal += a.conductance(r, j) * v[r];
            }
            assertEquals(ideal, i[j], 1e-6 * ideal);
            assertTrue(i[j] < ideal, "parasitics can only lower a column current here");
        }
    }

    @Test
    void badShapesAndValuesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossbarArray.builder(2, 2).conductance(1, 0, -3e-6));
        assertEquals("conductance of cell (1, 0) is -3.0E-6 S; it must be positive and finite", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CrossbarArray.builder(2, 3).conductances(new double[][] {{1e-5, 1e-5, 1e-5}, {1e-5, 1e-5}}));
        assertEquals("conductance matrix row 1 has 2 values, the array has 3 columns", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CrossbarArray.builder(0, 3));
        assertEquals("array size 0x3: rows and columns must be at least 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CrossbarArray.builder(1, 1).rWire(Double.NaN));
        assertEquals("row wire segment resistance (Ohm) = NaN: it must be positive and finite", e.getMessage());
        IllegalStateException unset = assertThrows(IllegalStateException.class,
                () -> CrossbarArray.builder(2, 2).conductance(0, 0, 1e-5).build());
        assertEquals("conductance of cell (0, 1) is not set", unset.getMessage());
        CrossbarArray a = random(3, 2, CrossbarArray.Cell.ONE_R, false, 1, 1);
        e = assertThrows(IllegalArgumentException.class, () -> new ArraySimulator(a).solve(new double[2]));
        assertEquals("input vector has 2 values, the array has 3 rows", e.getMessage());
    }
}
