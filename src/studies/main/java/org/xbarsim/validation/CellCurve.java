package org.xbarsim.validation;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.xbarsim.circuit.MemristorLaw;
import org.xbarsim.crossbar.CellDevices;

/**
 * The DC I-V curve of one 1T1R cell as the array solver models it: the memristor from the driven
 * top electrode (at V) to the middle node, the level-1 NMOS from the middle node (drain) to the
 * grounded source with its gate at V_g and bulk at ground, the drain's bulk junction included
 * ({@link CellDevices}). The middle node is solved by a bracketed scalar root: the memristor's
 * current falls and the channel's rises as the middle node rises, so the root is unique.
 */
public final class CellCurve {
    /** Absolute accuracy of the middle-node voltage (V). */
    private static final double V_ACCURACY = 1e-13;

    private final CellDevices devices;
    private final double g;
    private final BrentSolver solver = new BrentSolver(1e-15, V_ACCURACY);
    /** Scratch of the channel and junction laws, and the applied voltage the balance is solved for. */
    private final double[] channel = new double[3];
    private final double[] junction = new double[2];
    private double applied;
    /** KCL at the middle node x: memristor and junction currents in, channel current out (A). */
    private final UnivariateFunction balance;

    /**
     * A curve for one thread at a time (it keeps scratch arrays).
     *
     * @param devices the cell's memristor law and transistor
     * @param g       the memristor's state, its conductance at the law's read voltage (S)
     */
    public CellCurve(CellDevices devices, double g) {
        this.devices = devices;
        this.g = g;
        MemristorLaw law = devices.law();
        balance = x -> {
            devices.junction(x, junction);
            return law.current(applied - x, g) + junction[1] - devices.channel(x, 0, channel);
        };
    }

    /** The cell current (A), from the top electrode into the cell, at applied voltage v (V). */
    public double current(double v) {
        return v == 0 ? 0 : devices.law().current(v - middle(v), g);
    }

    /**
     * The current (A) leaving the cell at the transistor's source, at applied voltage v (V): the
     * top electrode's current less what the drain junction passes to the bulk.
     */
    public double sourceCurrent(double v) {
        return v == 0 ? 0 : devices.channel(middle(v), 0, channel);
    }

    /** The middle node's voltage (V) at applied voltage v (V). */
    private double middle(double v) {
        applied = v;
        return solver.solve(200, balance, Math.min(0, v), Math.max(0, v));
    }
}
