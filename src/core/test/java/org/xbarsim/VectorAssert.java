package org.xbarsim;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Element-wise vector comparison relative to the largest expected magnitude. */
public final class VectorAssert {

    private VectorAssert() {
    }

    /**
     * Asserts |expected[i] - actual[i]| &lt;= rel * max|expected| for every i.
     *
     * @param label names an entry in the failure message, followed by its index
     */
    public static void assertRelClose(double[] expected, double[] actual, double rel, String label) {
        assertEquals(expected.length, actual.length, "vector length");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * scale, label + " " + i);
        }
    }
}
