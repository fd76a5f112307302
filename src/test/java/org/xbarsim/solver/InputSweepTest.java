package org.xbarsim.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.CircuitBuilder;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;

/** Input vectors through {@link InputSweep} equal a .dc sweep of the same sources. */
class InputSweepTest {

    private static Circuit circuit(String text) {
        return CircuitBuilder.build(Flattener.flatten(NetlistParser.parseString(Path.of("sweep.cir"), text)),
                Map.of("reltol", 1e-10, "vntol", 1e-13, "abstol", 1e-16));
    }

    @Test
    void linearCircuitWithVoltageAndCurrentSourcesIsAffineAndExact() {
        String net = "lin\nv1 a 0 dc 0\ni1 0 b dc 0\nr1 a b 1k\nr2 b 0 2k\nr3 b c 500\nvk c 0 dc 0.5\n"
                + ".dc v1 -1 1 0.5 i1 -1m 1m 1m\n.print dc v(b) i(v1) i(i1) i(vk)\n.end\n";
        AnalysisResult dc = new DcAnalysis(circuit(net)).runAll(null).get(0);
        InputSweep sweep = new InputSweep(circuit(net), List.of("v1", "i1"));
        for (double[] row : dc.rows()) {
            double[] got = sweep.solve(new double[] {row[0], row[1]});
            for (int o = 0; o < got.length; o++) {
                assertEquals(row[2 + o], got[o], 1e-12 * Math.max(1e-3, Math.abs(row[2 + o])), dc.columns().get(2 + o));
            }
        }
    }

    @Test
    void nonlinearCircuitSolvedPerVectorFromThePreviousSolution() {
        String net = "diodes\n.model dd d (is=1e-15 n=1.2 rs=5)\niin 0 a dc 0\nd1 a b dd\nd2 b c dd\nr1 c 0 100\n"
                + "rsh a 0 100k\nvb b 0 dc 0\nrb vb b 1meg\n.dc iin 0 5m 0.5m\n.print dc v(a) v(b) v(c)\n.end\n";
        net = net.replace("vb b 0 dc 0\nrb vb b 1meg\n", "");
        AnalysisResult dc = new DcAnalysis(circuit(net)).runAll(null).get(0);
        InputSweep sweep = new InputSweep(circuit(net), List.of("iin"));
        for (int k = dc.rows().size() - 1; k >= 0; k--) { // backwards, so each start is the other neighbour
            double[] row = dc.rows().get(k);
            double[] got = sweep.solve(new double[] {row[0]});
            for (int o = 0; o < got.length; o++) {
                assertEquals(row[1 + o], got[o], 1e-8 * Math.abs(row[1 + o]) + 1e-12, dc.columns().get(1 + o));
            }
        }
    }
}
