package org.xbarsim.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Paper 001's relative variation against the truncated normal's closed-form moments. */
class DeviceVariationTest {
    @Test
    void relativeVariationIsATruncatedGaussianAroundEachLevel() {
        double g0 = 1.0 / 110; // paper 001's G_on (S)
        double v = 0.1;
        double[][] g = new double[400][500];
        for (double[] row : g) {
            java.util.Arrays.fill(row, g0);
        }
        double[][] p = DeviceVariation.relative(v).programmed(g, 1.0 / 900, 1.0 / 110, new SplittableRandom(7));
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (double[] row : p) {
            for (double x : row) {
                assertTrue(x >= g0 * (1 - v) && x <= g0 * (1 + v), "outside g (1 +- v): " + x);
                sum += x;
                sq += x * x;
                n++;
            }
        }
        double mean = sum / n;
        double sd = Math.sqrt(sq / n - mean * mean);
        // a unit normal truncated to [-1, 1]: mean 0, variance 1 - 2 phi(1) / (2 Phi(1) - 1)
        double phi1 = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
        double mass = 2 * new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(1) - 1;
        double expectedSd = v * g0 * Math.sqrt(1 - 2 * phi1 / mass);
        assertEquals(0.5396, expectedSd / (v * g0), 1e-4);
        assertEquals(g0, mean, 4 * expectedSd / Math.sqrt(n));
        assertEquals(expectedSd, sd, 0.01 * expectedSd);
        // above G_on, unclipped, as the paper draws around each level
        assertTrue(java.util.Arrays.stream(p).flatMapToDouble(java.util.Arrays::stream).anyMatch(x -> x > g0));
        assertSame(g, DeviceVariation.relative(0).programmed(g, 0, 1, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> DeviceVariation.relative(1));
    }
}
