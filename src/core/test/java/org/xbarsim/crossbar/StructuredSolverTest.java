package org.xbarsim.crossbar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbarsim.VectorAssert;
import org.xbarsim.solver.AnalysisResult;
import org.xbarsim.solver.Simulator;

/**
 * The structured array solver against the general netlist engine on the array's expanded
 * netlist (an operating point from scratch per input, Newton converged far below the tolerance):
 * every column current within 1e-9 relative, from 1x1 to 576x64, both cell kinds, linear and
 * sinh memristors, wire segments from 0.1 to 10 Ohm.
 */
class StructuredSolverTest {
    /** The two solvers' agreement on every column current. */
    static final double REL = 1e-9;
    /** General-engine options: Newton converged far below {@link #REL}. */
    static final Map<String, Double> TIGHT = Map.of("reltol", 1e-13, "vntol", 1e-16, "abstol", 1e-20);

    /** Column currents i(vs0)..i(vs<n-1>) of the array's netlist, solved by the general engine. */
    static double[] general(CrossbarArray a, double[] v) {
        StringWriter text = new StringWriter();
        try {
            CrossbarNetlistWriter.write(a, v, "* reference", text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Simulator.Run run = Simulator.runString(Path.of("reference.cir"), text.toString(), TIGHT);
        AnalysisResult op = run.results().get(0);
        assertEquals("i(vs0)", op.columns().get(0));
        return op.rows().get(0);
    }

    @ParameterizedTest(name = "{0}x{1} {2} sinh={3} R_wire={4}")
    @CsvSource({"1,1,ONE_R,false,1", "1,1,ONE_T_ONE_M,true,1", "1,7,ONE_T_ONE_M,false,0.1", "9,1,ONE_R,true,10",
        "5,4,ONE_R,false,0.1", "6,5,ONE_T_ONE_M,true,10", "32,32,ONE_R,true,1", "32,32,ONE_T_ONE_M,false,1",
        "64,48,ONE_T_ONE_M,true,0.1", "100,20,ONE_R,false,10", "576,64,ONE_R,false,1", "576,64,ONE_T_ONE_M,true,1",
        "576,64,ONE_T_ONE_M,false,10", "144,16,ONE_R,true,0.1"})
    void agreesWithTheGeneralEngine(int m, int n, CrossbarArray.Cell cell, boolean sinh, double rWire) {
        CrossbarArray a = ArraySimulatorTest.random(m, n, cell, sinh, rWire, 7L * m + n);
        double[][] v = ArraySimulatorTest.inputs(2, m, 13L * m + n);
        ArraySimulator s = new ArraySimulator(a);
        double[][] got = s.solveAll(v, null);
        for (int k = 0; k < v.length; k++) {
            VectorAssert.assertRelClose(general(a, v[k]), got[k], REL, "column");
        }
    }
}
