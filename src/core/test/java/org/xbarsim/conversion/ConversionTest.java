package org.xbarsim.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.crossbar.CrossbarSpec;

/**
 * Conversion G -> G' checked by a forward solve of the converted array with the structured
 * solver: every memristor passes its ideal current to 1e-9 relative.
 */
class ConversionTest {
    /** Forward solve against the conversion's targets. */
    static final double REL = 1e-9;

    static CrossbarArray random(int m, int n, boolean access, String law, double rWire, long seed) {
        return CrossbarSpec.defaults(m, n, access, law).withRWire(rWire).withSeed(seed).draw().array();
    }

    static double[] vector(int m, double lo, double hi, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[m];
        for (int i = 0; i < m; i++) {
            v[i] = lo + (hi - lo) * rnd.nextDouble();
        }
        return v;
    }

    @ParameterizedTest(name = "{0}x{1} 1T1M={2} {3} R_wire={4}")
    @CsvSource({"1,1,true,linear,1", "1,1,false,sinh,1", "8,6,false,linear,1", "8,6,true,linear,1", "24,12,true,sinh,0.1",
        "24,12,false,sinh,3", "64,16,true,linear,1", "64,16,true,sinh,2", "40,40,false,linear,0.5"})
    void everyDevicePassesItsIdealCurrent(int m, int n, boolean access, String law, double rWire) {
        CrossbarArray a = random(m, n, access, law, rWire, 31L * m + n);
        double[] v = vector(m, 0.02, 0.4, m + 7L * n);
        Conversion.Result r = Conversion.convert(a, v, 1e-9, 1);
        assertEquals(m * n, r.count(Conversion.Status.OK), "no device clamped in this range");
        double[][] current = new ArraySimulator(r.array()).cellMaps(v)[1];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double want = r.targets()[i][j];
                assertEquals(want, current[i][j], REL * Math.abs(want), "device (" + i + ", " + j + ")");
                if (law.equals("linear")) {
                    assertEquals(a.conductance(i, j) * v[i], want, 1e-15 * want, "the ideal device current G v");
                }
            }
        }
    }

    @Test
    void compensationRaisesConductancesWhereTheWiresDropVoltage() {
        // a 1R array with uniform G: the far corner (last row, last column) sees the least voltage
        int m = 16;
        int n = 16;
        double[][] g = new double[m][n];
        for (double[] row : g) {
            java.util.Arrays.fill(row, 50e-6);
        }
        CrossbarArray a = CrossbarArray.builder(m, n).cell(CrossbarArray.Cell.ONE_R).rWire(5).conductances(g).build();
        double[] v = new double[m];
        java.util.Arrays.fill(v, 0.3);
        Conversion.Result r = Conversion.convert(a, v, 1e-9, 1);
        double[][] gp = r.exact();
        assertTrue(gp[0][0] > 50e-6, "every device is compensated upwards");
        assertTrue(gp[m - 1][n - 1] > gp[m - 1][0], "further along the row needs more");
        assertTrue(gp[0][n - 1] > gp[m - 1][n - 1], "further from the sense end of the column needs more");
    }

    @Test
    void devicesOutsideTheRangeAreClampedAndCounted() {
        CrossbarArray a = random(32, 16, true, "linear", 20, 5);
        double[] v = vector(32, 0.3, 0.4, 3);
        Conversion.Result r = Conversion.convert(a, v, 1 / 300e3, 1 / 15e3);
        int high = r.count(Conversion.Status.CLAMPED_HIGH);
        int infeasible = r.count(Conversion.Status.INFEASIBLE);
        assertTrue(high + infeasible > 0, "20 Ohm segments push some devices past G_max");
        assertEquals(32 * 16, r.count(Conversion.Status.OK) + r.count(Conversion.Status.CLAMPED_LOW) + high + infeasible);
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 16; j++) {
                double gp = r.array().conductance(i, j);
                assertTrue(gp >= 1 / 300e3 && gp <= 1 / 15e3, "programmed within the device range");
                if (r.status()[i][j] == Conversion.Status.OK) {
                    assertEquals(r.exact()[i][j], gp);
                }
            }
        }
    }
}
