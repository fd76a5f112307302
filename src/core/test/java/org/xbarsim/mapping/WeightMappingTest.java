package org.xbarsim.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.xbarsim.VectorAssert;

/** Every mapping reproduces X A exactly on an ideal array (column currents = sum of v_i G_ij). */
class WeightMappingTest {
    static final double G_MIN = 1 / 300e3;
    static final double G_MAX = 1 / 15e3;

    /** An m x n matrix of weights uniform on [-shift, span - shift). */
    static double[][] weights(SplittableRandom rnd, int m, int n, double span, double shift) {
        double[][] a = new double[m][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = span * rnd.nextDouble() - shift;
            }
        }
        return a;
    }

    @ParameterizedTest
    @EnumSource(WeightMapping.Kind.class)
    void predistortedInputsMakeSinhDevicesComputeXTimesA(WeightMapping.Kind kind) {
        // an array without wire resistance whose devices follow the sinh law: each device sees its
        // row's voltage, so driving f^-1(v) gives currents G v and the mapping's outputs are X A
        org.xbarsim.circuit.MemristorLaw law = org.xbarsim.circuit.MemristorLaws.sinh(2, 0.2);
        SplittableRandom rnd = new SplittableRandom(5);
        int m = 19;
        int n = 6;
        double[][] a = weights(rnd, m, n, 2, 0.5);
        WeightMapping plain = WeightMapping.of(kind, a, G_MIN, G_MAX, 0.4, 1);
        WeightMapping map = plain.predistorted(law);
        double[][] g = map.conductances();
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = rnd.nextDouble();
        }
        double[] expected = new double[n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                expected[j] += x[i] * a[i][j];
            }
        }
        double[] straight = new double[map.arrayColumns()];
        double[] bent = new double[map.arrayColumns()];
        double[] v = map.voltages(x);
        double[] u = plain.voltages(x);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < bent.length; j++) {
                bent[j] += law.current(v[i], g[i][j]);
                straight[j] += law.current(u[i], g[i][j]);
            }
        }
        VectorAssert.assertRelClose(expected, map.outputs(x, bent), 1e-11, kind + " pre-distorted output");
        // without pre-distortion the curvature of the law is an error of several per cent
        double worst = 0;
        double[] y = plain.outputs(x, straight);
        for (int j = 0; j < n; j++) {
            worst = Math.max(worst, Math.abs(y[j] - expected[j]) / Math.abs(expected[j]));
        }
        assertTrue(worst > 0.01, "the sinh law bends the plain mapping's outputs: " + worst);
    }

    @ParameterizedTest
    @EnumSource(WeightMapping.Kind.class)
    void idealArrayComputesXTimesA(WeightMapping.Kind kind) {
        SplittableRandom rnd = new SplittableRandom(3);
        int m = 23;
        int n = 7;
        double[][] a = weights(rnd, m, n, 4, 1.5);
        WeightMapping map = WeightMapping.of(kind, a, G_MIN, G_MAX, 0.4, 2);
        double[][] g = map.conductances();
        for (double[] row : g) {
            for (double x : row) {
                assertTrue(x >= G_MIN * (1 - 1e-15) && x <= G_MAX * (1 + 1e-15), "within the device range: " + x);
            }
        }
        for (int trial = 0; trial < 5; trial++) {
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = rnd.nextDouble() < 0.3 ? 0 : 2 * rnd.nextDouble();
            }
            double[] v = map.voltages(x);
            double[] currents = new double[map.arrayColumns()];
            for (int i = 0; i < m; i++) {
                assertEquals(0.2 * x[i], v[i], 1e-17, "0..2 maps onto 0..0.4 V");
                for (int j = 0; j < currents.length; j++) {
                    currents[j] += v[i] * g[i][j];
                }
            }
            double[] expected = new double[n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    expected[j] += x[i] * a[i][j];
                }
            }
            VectorAssert.assertRelClose(expected, map.outputs(x, currents), 1e-11, kind + " output");
        }
        assertEquals(kind == WeightMapping.Kind.SHIFT ? n : kind == WeightMapping.Kind.SHIFT_REFERENCE ? n + 1 : 2 * n,
                map.arrayColumns());
    }

    @Test
    void shiftSpansTheRangeAndDifferentialKeepsTheReferenceOnTheUnusedSide() {
        double[][] a = {{-2, 0, 6}};
        double[][] shift = WeightMapping.of(WeightMapping.Kind.SHIFT, a, 1e-6, 9e-6, 1, 1).conductances();
        assertEquals(1e-6, shift[0][0], 1e-21, "the smallest weight at G_min");
        assertEquals(3e-6, shift[0][1], 1e-21, "weight 0 at G_min + k c, k = 8 uS / 8, c = 2");
        assertEquals(9e-6, shift[0][2], 1e-21, "the largest weight at G_max");
        double[][] diff = WeightMapping.of(WeightMapping.Kind.DIFFERENTIAL, a, 1e-6, 7e-6, 1, 1).conductances();
        assertEquals(1e-6 + 2e-6, diff[0][1], 1e-21, "G- of weight -2 (k = 6 uS / 6)");
        assertEquals(1e-6, diff[0][0], 1e-21, "G+ of a negative weight is the reference");
        assertEquals(7e-6, diff[0][4], 1e-21, "G+ of the largest |weight| at G_max");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightMapping.of(WeightMapping.Kind.SHIFT, a, 2e-6, 1e-6, 1, 1));
        assertTrue(e.getMessage().startsWith("mapping needs 0 < G_min < G_max"), e.getMessage());
    }
}
