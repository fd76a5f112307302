package org.xbarsim.circuit;

/**
 * A memristor's static I-V law at state G, where G is the conductance at the read voltage:
 * {@code current(vRead, G) = G * vRead} (DESIGN section 3; paper 002 section 4.1).
 */
public interface MemristorLaw {

    /** Current (A) at device voltage v (V) and state g (S). */
    double current(double v, double g);

    /** dI/dV (S) at device voltage v (V) and state g (S). */
    double slope(double v, double g);

    /**
     * The device voltage (V) at which state g (S) carries {@code current} (A): the inverse of
     * {@link #current}, which every law makes strictly increasing. This default brackets the
     * root and bisects it to the last bit.
     */
    default double voltage(double current, double g) {
        if (current == 0) {
            return 0;
        }
        double lo = 0;
        double hi = Math.signum(current) * 1e-3;
        while (Math.abs(current(hi, g)) < Math.abs(current)) {
            lo = hi;
            hi *= 2;
            if (Math.abs(hi) > 1e6) {
                throw new IllegalArgumentException("no device voltage below 1e6 V carries " + current + " A at G = " + g + " S");
            }
        }
        for (int k = 0; k < 200; k++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) {
                break;
            }
            if (Math.abs(current(mid, g)) < Math.abs(current)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** True when I is proportional to V (the device is a plain conductance). */
    boolean linear();

    /**
     * The law as an ngspice B-source current expression of the device voltage {@code v} (an
     * expression string such as {@code v(a,b)}).
     */
    String spiceCurrent(String v, double g);
}
