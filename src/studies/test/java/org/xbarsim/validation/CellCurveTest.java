package org.xbarsim.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.xbarsim.circuit.MemristorLaws;
import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CellDevices;
import org.xbarsim.crossbar.CrossbarArray;

/**
 * The single-cell curve against the array solver on a 1x1 1T1M array with micro-Ohm wires: the
 * array reports the column current, which is the cell's source current.
 */
class CellCurveTest {
    @Test
    void agreesWithTheArraySolver() {
        double g = 300e-6;
        for (double vGate : new double[] {0.6, 1.8}) {
            CrossbarArray a = CrossbarArray.builder(1, 1).cell(CrossbarArray.Cell.ONE_T_ONE_M).sinh(1.7).vRead(0.2)
                    .rWire(1e-6).rIn(1e-6).rOut(1e-6).transistor(vGate, 0.5, 2e-4, 0.01, 2e-6, 2e-7).conductance(0, 0, g)
                    .build();
            ArraySimulator sim = new ArraySimulator(a);
            CellCurve c = new CellCurve(new CellDevices(MemristorLaws.sinh(1.7, 0.2), vGate, 0.5, 2e-4 * 10, 0.01), g);
            for (double v : new double[] {-0.3, -0.05, 0.01, 0.2, 0.4, 1.0}) {
                double expect = sim.solve(new double[] {v})[0];
                // the array's 3 micro-Ohm in series change the current by about G * 3e-6 relative
                assertEquals(expect, c.sourceCurrent(v), 1e-8 * Math.abs(expect) + 1e-15, "V_g " + vGate + ", V " + v);
            }
        }
    }
}
