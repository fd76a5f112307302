package org.xbarsim.circuit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MemristorLawsTest {
    /** The fast sinh and cosh stay within this many ulps of the correctly rounded StrictMath values. */
    static final double ULPS = 4;

    @Test
    void fastSinhAndCoshAgreeWithStrictMath() {
        SplittableRandom rnd = new SplittableRandom(7);
        double worstSinh = 0;
        double worstCosh = 0;
        for (int k = 0; k < 200_000; k++) {
            // log-uniform magnitudes 1e-12..50 on both sides of the series/exp switch at 1, both signs
            double x = Math.pow(10, -12 + 13.7 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
            worstSinh = Math.max(worstSinh, Math.abs(MemristorLaws.sinh(x) - StrictMath.sinh(x)) / Math.ulp(StrictMath.sinh(x)));
            worstCosh = Math.max(worstCosh, Math.abs(MemristorLaws.cosh(x) - StrictMath.cosh(x)) / Math.ulp(StrictMath.cosh(x)));
        }
        assertTrue(worstSinh <= ULPS, "sinh off by " + worstSinh + " ulps");
        assertTrue(worstCosh <= ULPS, "cosh off by " + worstCosh + " ulps");
        assertEquals(0.0, MemristorLaws.sinh(0.0));
        assertEquals(StrictMath.sinh(800), MemristorLaws.sinh(800));
        assertEquals(StrictMath.sinh(-0.25), MemristorLaws.sinh(-0.25), 4 * Math.ulp(0.25));
        assertEquals(StrictMath.sinh(Math.nextDown(1.0)), MemristorLaws.sinh(Math.nextDown(1.0)), ULPS * Math.ulp(1.2));
        assertEquals(StrictMath.sinh(1.0), MemristorLaws.sinh(1.0), ULPS * Math.ulp(1.2));
    }

    @Test
    void voltageInvertsCurrent() {
        double g = 1 / 40e3;
        MemristorLaw sinh = MemristorLaws.sinh(2, 0.2);
        MemristorLaw linear = MemristorLaws.linear();
        for (double v : new double[] {-0.7, -0.2, -1e-9, 0, 3e-7, 0.05, 0.25, 0.4, 1.5}) {
            double i = sinh.current(v, g);
            assertEquals(v, sinh.voltage(i, g), 1e-15 + 1e-14 * Math.abs(v), "sinh at " + v + " V");
            assertEquals(v, linear.voltage(linear.current(v, g), g), 1e-15 + 1e-15 * Math.abs(v), "linear at " + v + " V");
            // the default (bisection) inverse, as a measured table's law uses it, agrees with the closed form
            MemristorLaw generic = new MemristorLaw() {
                public double current(double v1, double g1) {
                    return sinh.current(v1, g1);
                }

                public double slope(double v1, double g1) {
                    return sinh.slope(v1, g1);
                }

                public boolean linear() {
                    return false;
                }

                public String spiceCurrent(String v1, double g1) {
                    return "";
                }
            };
            assertEquals(v, generic.voltage(i, g), 1e-15 + 1e-14 * Math.abs(v), "bisection at " + v + " V");
        }
    }

    @Test
    void sinhLawPassesThroughItsReadPoint() {
        MemristorLaw law = MemristorLaws.sinh(2, 0.2);
        double g = 1 / 15e3;
        assertEquals(g * 0.2, law.current(0.2, g), 1e-15 * g * 0.2);
        assertEquals(-g * 0.2, law.current(-0.2, g), 1e-15 * g * 0.2);
        // the slope is the derivative of the current: central difference, step 1e-6 V
        double h = 1e-6;
        double v = 0.37;
        double numeric = (law.current(v + h, g) - law.current(v - h, g)) / (2 * h);
        assertEquals(numeric, law.slope(v, g), 1e-8 * numeric);
    }
}
