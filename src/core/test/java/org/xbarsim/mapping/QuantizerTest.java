package org.xbarsim.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The three quantizers against closed forms: bin centres, powers of two, and Max's optimal Gaussian quantizers. */
class QuantizerTest {
    /** A standard normal written as its quantiles at (k + 1/2)/n: its empirical distribution without sampling noise. */
    private static double[] normal(int n) {
        NormalDistribution d = new NormalDistribution(0, 1);
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = d.inverseCumulativeProbability((k + 0.5) / n);
        }
        return x;
    }

    @Test
    void uniformBinsTakeTheirCentres() {
        double[] x = new double[100_001];
        for (int k = 0; k < x.length; k++) {
            x[k] = -1 + 2.0 * k / (x.length - 1);
        }
        Quantizer q = Quantizer.uniform(x, 4);
        assertArrayEquals(new double[] {-0.75, -0.25, 0.25, 0.75}, q.levels(), 1e-15);
        assertArrayEquals(new double[] {-0.5, 0, 0.5}, q.edges(), 1e-15);
        assertEquals(-0.75, q.apply(-1), 0);
        assertEquals(-0.75, q.apply(-0.5), 0, "an edge belongs to the cell below it (paper 003 eq. 2)");
        assertEquals(-0.25, q.apply(Math.nextUp(-0.5)), 0);
        // uniform data: the error is uniform over a bin of width w = 0.5, so its mean square is w^2/12
        assertEquals(0.25 / 12, q.mse(x), 1e-6);
    }

    @Test
    void logarithmicLevelsArePowersOfTwoOfTheLargestMagnitude() {
        double[] w = {-0.3, 0.01, 0.8, -0.05};
        Quantizer q = Quantizer.logarithmic(w, 6);
        assertArrayEquals(new double[] {-0.8, -0.4, -0.2, 0.2, 0.4, 0.8}, q.levels(), 1e-15);
        Quantizer odd = Quantizer.logarithmic(w, 5);
        assertArrayEquals(new double[] {-0.8, -0.4, 0, 0.4, 0.8}, odd.levels(), 1e-15);
        assertEquals(-0.4, odd.apply(-0.3), 0);
        assertEquals(0, odd.apply(0.01), 0);
    }

    @Test
    void lloydFindsMaxsOptimalGaussianQuantizers() {
        double[] x = normal(400_001);
        // J. Max, "Quantizing for minimum distortion", IRE Trans. IT-6 (1960), Table I: the
        // minimum-MSE quantizers of a unit Gaussian
        Quantizer two = Quantizer.lloyd(x, 2);
        assertArrayEquals(new double[] {-Math.sqrt(2 / Math.PI), Math.sqrt(2 / Math.PI)}, two.levels(), 1e-4);
        assertEquals(1 - 2 / Math.PI, two.mse(x), 1e-4);
        Quantizer four = Quantizer.lloyd(x, 4);
        assertArrayEquals(new double[] {-1.510, -0.4528, 0.4528, 1.510}, four.levels(), 1e-3);
        assertArrayEquals(new double[] {-0.9816, 0, 0.9816}, four.edges(), 1e-3);
        assertEquals(0.1175, four.mse(x), 1e-4);
        Quantizer eight = Quantizer.lloyd(x, 8);
        assertArrayEquals(new double[] {-2.152, -1.344, -0.7560, -0.2451, 0.2451, 0.7560, 1.344, 2.152}, eight.levels(), 2e-3);
        assertEquals(0.03454, eight.mse(x), 1e-4);
        // on the same data it beats the uniform bins and the powers of two
        assertTrue(eight.mse(x) < Quantizer.uniform(x, 8).mse(x) && eight.mse(x) < Quantizer.logarithmic(x, 8).mse(x));
    }

    /** Paper 000's truncation: 3 bits of max|w| = 1 are the levels k / 4, |k| <= 3, each value cut towards 0. */
    @Test
    void truncationKeepsTheFirstBits() {
        double[] w = {0.99, 0.26, 0.2, -0.3, -1.0, 0.5, -0.74};
        Quantizer t = Quantizer.of(Quantizer.Kind.TRUNCATE, w, 8);
        assertArrayEquals(new double[] {-0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75}, t.levels(), 0);
        double[] expected = {0.75, 0.25, 0, -0.25, -0.75, 0.5, -0.5};
        for (int k = 0; k < w.length; k++) {
            assertEquals(expected[k], t.apply(w[k]), 0, "w = " + w[k]);
        }
        // 2 bits: the sign and one bit, levels -m/2, 0, m/2
        assertArrayEquals(new double[] {-1, 0, 1}, Quantizer.of(Quantizer.Kind.TRUNCATE, new double[] {2, -1.5, 0.3}, 4).levels(), 0);
        assertEquals("truncation to 1 bits: from 2 to 20 (levels 4 to 2^20, powers of two)",
                assertThrows(IllegalArgumentException.class, () -> Quantizer.truncated(w, 1)).getMessage());
    }

    @Test
    void badInputIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> Quantizer.uniform(new double[] {1}, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantizer.lloyd(new double[] {1, Double.NaN}, 4));
        assertEquals("a value to quantize is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Quantizer.Kind.parse("cubic"));
        assertEquals("quantizer 'cubic': one of [uniform, log, lloyd, truncate]", e.getMessage());
        // constant data: one level, the value itself
        assertArrayEquals(new double[] {0.3}, Quantizer.uniform(new double[] {0.3, 0.3}, 8).levels(), 0);
    }
}
