package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/**
 * A circuit element with its unknowns resolved to ints. {@link #stamp} asks the pattern for
 * matrix slots once; {@link #load} then adds values and allocates nothing.
 */
public abstract class Device {
    /** Lower-case hierarchical name. */
    protected final String name;
    /** Where the element was written, for errors (null for generated elements). */
    protected final Token origin;

    protected Device(String name, Token origin) {
        this.name = name;
        this.origin = origin;
    }

    public String name() {
        return name;
    }

    public Token origin() {
        return origin;
    }

    /** Requests the matrix slots this device stamps into. */
    public abstract void stamp(MatrixPattern pattern);

    /** Adds this device's linearized contribution at {@code load.x}. */
    public abstract void load(Load load);

    /** True when the contribution depends on the iterate (Newton must iterate). */
    public boolean nonlinear() {
        return false;
    }

    /** True for independent sources, whose value is scaled by source stepping and swept by .dc. */
    public boolean independent() {
        return false;
    }

    /**
     * ngspice's device convergence test (the devices' convTest under NEWCONV): true when the
     * device's current at the new iterate {@code x}, predicted from its last linearization, has
     * moved by at most reltol of its size plus abstol (A). Linear devices always pass.
     */
    public boolean converged(double[] x, double reltol, double abstol) {
        return true;
    }

    /** Forgets the junction state kept for voltage limiting (a fresh solve). */
    public void resetState() {
    }

    /** The unknown of this device's branch current, or -1. */
    public int branch() {
        return -1;
    }

    /**
     * The current through the device from its first to its second terminal (A) at solution x,
     * or NaN when the device has no single terminal current.
     */
    public double current(double[] x) {
        return Double.NaN;
    }

    /** Pairs of terminals joined by a DC path (for the floating-node check). */
    public abstract int[][] conductivePairs();

    /** True when the device fixes the voltage between its first two terminals. */
    public boolean definesVoltage() {
        return false;
    }

    /** The first two terminals (for voltage-defining devices). */
    public int[] terminals() {
        return new int[0];
    }

    /** Adds {@code g} to the 2x2 conductance block between nodes a and b (slots aa, bb, ab, ba). */
    static void addConductance(double[] m, int aa, int bb, int ab, int ba, double g) {
        m[aa] += g;
        m[bb] += g;
        m[ab] -= g;
        m[ba] -= g;
    }
}
