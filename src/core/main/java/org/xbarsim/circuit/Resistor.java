package org.xbarsim.circuit;

import org.xbarsim.netlist.Token;

/**
 * A linear conductance between two nodes; with a {@link Law}, its value follows temperature as
 * ngspice's resistor does (restemp.c) and a {@code .dc} sweep may set it.
 */
public final class Resistor extends TwoTerminal implements Thermal {
    private double g;
    private Law law;
    private double circuitK;

    /**
     * How a resistance follows temperature, and what sets it: ngspice's R (1 + TC1 dT + TC2 dT^2)
     * SCALE / M with dT the device temperature less TNOM.
     *
     * @param ohms  the resistance at TNOM before SCALE and M (Ohm)
     * @param tc1   first-order temperature coefficient (1/K)
     * @param tc2   second-order temperature coefficient (1/K^2)
     * @param tce   exponential temperature coefficient (%/K), or NaN
     * @param tnomC the model's nominal temperature (C)
     * @param tempC the device's own temperature (C, instance TEMP=), or NaN for the circuit's
     * @param dtemp its offset from the circuit's temperature (K, instance DTEMP=)
     * @param scale SCALE
     * @param m     M, resistors in parallel
     */
    public record Law(double ohms, double tc1, double tc2, double tce, double tnomC, double tempC, double dtemp,
                      double scale, double m) {
        /** The resistance (Ohm) at circuit temperature {@code circuitC} (C): with TCE, 1.01^(TCE dT) instead of TC1, TC2. */
        public double at(double circuitC) {
            double t = Double.isNaN(tempC) ? circuitC + dtemp : tempC;
            double dt = t - tnomC;
            double factor = Double.isNaN(tce) ? 1 + tc1 * dt + tc2 * dt * dt : Math.pow(1.01, tce * dt);
            return ohms * factor * scale / m;
        }

        Law withOhms(double r) {
            return new Law(r, tc1, tc2, tce, tnomC, tempC, dtemp, scale, m);
        }
    }

    /** @param g conductance (S), finite and non-zero */
    public Resistor(String name, Token origin, int a, int b, double g) {
        super(name, origin, a, b);
        this.g = g;
    }

    /** A resistor following {@code law}, at circuit temperature {@code circuitK} (K). */
    public Resistor(String name, Token origin, int a, int b, Law law, double circuitK) {
        super(name, origin, a, b);
        this.law = law;
        temperature(circuitK);
    }

    /** Conductance (S). */
    public double conductance() {
        return g;
    }

    @Override
    public void temperature(double kelvin) {
        circuitK = kelvin;
        if (law != null) {
            double r = law.at(kelvin - Junctions.ZERO_C_K);
            if (r == 0 || !Double.isFinite(r)) {
                throw origin.error("resistance " + r + " Ohm at " + (kelvin - Junctions.ZERO_C_K) + " C: must be non-zero and finite");
            }
            g = 1 / r;
        }
    }

    /** Sets the resistance (Ohm, before temperature, SCALE and M), as a {@code .dc} sweep of the resistor does. */
    public void setResistance(double ohms) {
        law = law == null ? new Law(ohms, 0, 0, Double.NaN, 27, Double.NaN, 0, 1, 1) : law.withOhms(ohms);
        temperature(circuitK == 0 ? Junctions.T_NOM_K : circuitK);
    }

    /** The resistance a sweep sets (Ohm). */
    public double resistance() {
        return law == null ? 1 / g : law.ohms();
    }

    @Override
    public void load(Load l) {
        stampConductance(l, g);
    }

    @Override
    public double current(double[] x) {
        return g * (x[a] - x[b]);
    }
}
