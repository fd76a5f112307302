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

    /** True when I is proportional to V (the device is a plain conductance). */
    boolean linear();

    /**
     * The law as an ngspice B-source current expression of the device voltage {@code v} (an
     * expression string such as {@code v(a,b)}).
     */
    String spiceCurrent(String v, double g);
}
