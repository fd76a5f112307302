package org.xbarsim.crossbar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbarsim.solver.SparseLu;

/**
 * The line relaxation against the sparse LU on the same Jacobian: one sweep leaves at most 1e-2
 * of the solution's error at paper 002's parameters, and sweeps repeated on what is left of the
 * right-hand side reach the LU's solution to 1e-12 relative.
 */
class LineRelaxationTest {
    @ParameterizedTest
    @CsvSource({"20,12,ONE_T_ONE_M,true", "17,9,ONE_R,true", "12,20,ONE_T_ONE_M,false", "1,7,ONE_R,true",
        "9,1,ONE_T_ONE_M,true"})
    void sweepsConvergeToTheLuSolution(int m, int n, CrossbarArray.Cell cell, boolean sinh) {
        CrossbarArray a = ArraySimulatorTest.random(m, n, cell, sinh, 1, 7L * m + n);
        ArrayEquations eq = new ArrayEquations(a);
        SplittableRandom rnd = new SplittableRandom(m * 13L + n);
        double[] v = new double[m];
        for (int i = 0; i < m; i++) {
            v[i] = 0.4 * rnd.nextDouble();
        }
        double[] x = new ArraySimulator(a).nodeVoltages(v); // the Jacobian at an operating point
        double[] values = new double[eq.pattern.slots()];
        eq.evaluate(x, v, new double[eq.size], values);
        double[] csc = new double[eq.pattern.rowIndices().length];
        eq.pattern.toCompressed(values, csc);
        SparseLu lu = new SparseLu(eq.size, eq.pattern.columnPointers(), eq.pattern.rowIndices(), eq.ordering());
        assertEquals(-1, lu.factor(csc));
        double[] r = new double[eq.size];
        for (int k = 0; k < eq.size; k++) {
            r[k] = rnd.nextDouble() - 0.5;
        }
        double[] exact = r.clone();
        lu.solve(exact);

        LineRelaxation relax = new LineRelaxation(eq);
        relax.set(values);
        double[] d = new double[eq.size];
        double[] lines = new double[m * n];
        relax.sweep(r, d, lines);
        assertTrue(error(exact, d) <= 1e-2, "one sweep's relative error " + error(exact, d));
        double[] left = new double[eq.size + 1];
        double[] more = new double[eq.size];
        for (int sweep = 2; sweep <= 8; sweep++) {
            eq.pattern.multiply(values, d, left);
            for (int k = 0; k < eq.size; k++) {
                left[k] = r[k] - left[k];
            }
            relax.sweep(left, more, lines);
            for (int k = 0; k < eq.size; k++) {
                d[k] += more[k];
            }
        }
        assertTrue(error(exact, d) <= 1e-12, "relative error after 8 sweeps " + error(exact, d));
    }

    /** max |d - exact| over max |exact|. */
    private static double error(double[] exact, double[] d) {
        double err = 0;
        double big = 0;
        for (int k = 0; k < exact.length; k++) {
            err = Math.max(err, Math.abs(d[k] - exact[k]));
            big = Math.max(big, Math.abs(exact[k]));
        }
        return err / big;
    }
}
