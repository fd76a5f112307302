package org.xbarsim.circuit;

/** A device whose parameters depend on temperature: set for a circuit temperature before solving. */
interface Thermal {
    /** Sets the parameters for circuit temperature {@code circuitK} (K); the device's own TEMP/DTEMP apply on top. */
    void temperature(double circuitK);
}
