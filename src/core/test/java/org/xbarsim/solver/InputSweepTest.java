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

    @Test
    void batchesOnTwoThreadsEqualOneThread() {
        String net = "array\n.model mm mem (law=sinh b=2)\n.model nn nmos (level=1 vto=0.5 kp=2e-4 lambda=0.01)\n"
                + ".crossbar xb rows=12 cols=7 mem=mm fet=nn g=40u rwire=2\n.op\n"
                + ".print dc i(v.xb.out0) i(v.xb.out3) i(v.xb.out6)\n.end\n";
        java.util.List<String> sources = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sources.add("v.xb.in" + i);
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
        java.util.List<double[]> vectors = new java.util.ArrayList<>();
        for (int k = 0; k < 40; k++) {
            vectors.add(rnd.doubles(12, 0, 0.4).toArray());
        }
        InputSweep.Batch one = InputSweep.solveAll(circuit(net), () -> circuit(net), sources, vectors, 1, null);
        int[] seen = new int[1];
        InputSweep.Batch two = InputSweep.solveAll(circuit(net), () -> circuit(net), sources, vectors, 2,
                d -> seen[0] = Math.max(seen[0], d));
        assertEquals(1, one.threads());
        assertEquals(2, two.threads());
        assertEquals(40, seen[0], "progress reached every vector");
        for (int k = 0; k < 40; k++) {
            for (int o = 0; o < 3; o++) {
                double a = one.outputs().get(k)[o];
                assertEquals(a, two.outputs().get(k)[o], 1e-9 * Math.abs(a), "vector " + k);
            }
        }
    }
}
