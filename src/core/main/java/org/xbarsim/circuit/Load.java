package org.xbarsim.circuit;

/**
 * What devices stamp into during one Newton iteration: the linearized MNA system
 * {@code A x_new = rhs} around the iterate {@code x}. Arrays are indexed by slot (a) and by
 * unknown (x, rhs); index {@code n} of x and rhs is ground (x[n] is always 0).
 */
public final class Load {
    /** Current iterate (input), length n+1. */
    public final double[] x;
    /** Matrix values by slot (output). */
    public final double[] a;
    /** Right-hand side (output), length n+1. */
    public final double[] rhs;
    /** Conductance across junctions (S). */
    public double gmin;
    /** Scale of all independent sources, 1 except during source stepping. */
    public double sourceFactor = 1;
    /** First iteration from scratch: junction voltages start from their SPICE initial guesses. */
    public boolean initJunctions;
    /** The circuit has one operating point ({@link Circuit#monotone()}): devices may choose where to linearize. */
    public boolean monotone;
    /** Set by a device that limited a junction voltage this iteration (the step is not final). */
    public boolean limited;
    /** The first device whose value or derivative was infinite at this iterate, or null. */
    public Device outOfRange;

    public Load(int n, int slots) {
        x = new double[n + 1];
        a = new double[slots];
        rhs = new double[n + 1];
    }
}
