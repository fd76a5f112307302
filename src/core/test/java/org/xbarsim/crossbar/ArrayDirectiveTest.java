package org.xbarsim.crossbar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.xbarsim.netlist.NetlistException;
import org.xbarsim.solver.AnalysisResult;
import org.xbarsim.solver.Simulator;

/**
 * The one-statement {@code .crossbar} declaration expands to the same circuit as the array
 * written element by element, and its bad input is reported with file, line and value.
 */
class ArrayDirectiveTest {
    static final Map<String, Double> TIGHT = Map.of("reltol", 1e-12, "vntol", 1e-14, "abstol", 1e-18);

    @TempDir
    Path dir;

    @Test
    void declarationMatchesTheElementByElementNetlist() throws IOException {
        for (CrossbarArray.Cell cell : CrossbarArray.Cell.values()) {
            CrossbarArray a = ArraySimulatorTest.random(7, 5, cell, true, 1.5, 3);
            double[] v = ArraySimulatorTest.inputs(1, 7, 9)[0];
            StringWriter plain = new StringWriter();
            CrossbarNetlistWriter.write(a, v, "* element by element", plain);
            double[] expected = columnCurrents(Simulator.runString(dir.resolve("plain.cir"), plain.toString(), TIGHT)
                    .results().get(0));

            StringBuilder g = new StringBuilder();
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j < 5; j++) {
                    g.append(j == 0 ? "" : ",").append(a.conductance(i, j));
                }
                g.append('\n');
            }
            Files.writeString(dir.resolve("g.csv"), g.toString());
            StringBuilder vin = new StringBuilder();
            for (double x : v) {
                vin.append(' ').append(x);
            }
            String decl = "one statement\n.model mem mem (law=sinh b=2 vread=0.2)\n"
                    + ".model nacc nmos (level=1 vto=0.5 kp=2e-4 lambda=0.01)\n"
                    + ".crossbar xb rows=7 cols=5 cell=" + (cell == CrossbarArray.Cell.ONE_R ? "1r" : "1t1m")
                    + " mem=mem fet=nacc rwire=1.5 g=\"g.csv\" vin={" + vin.toString().strip() + "}\n.op\n"
                    + ".print dc i(v.xb.out0) i(v.xb.out1) i(v.xb.out2) i(v.xb.out3) i(v.xb.out4)\n.end\n";
            double[] actual = columnCurrents(Simulator.runString(dir.resolve("decl.cir"), decl, TIGHT).results().get(0));
            for (int j = 0; j < 5; j++) {
                assertEquals(expected[j], actual[j], 1e-12 * Math.abs(expected[j]), cell + " column " + j);
            }
        }
    }

    private static double[] columnCurrents(AnalysisResult r) {
        return r.rows().get(0);
    }

    private NetlistException error(String statement) {
        return assertThrows(NetlistException.class, () -> Simulator.runString(dir.resolve("bad.cir"),
                "t\n.model mem mem (law=linear)\n.model nacc nmos (level=1)\n" + statement + "\n.op\n.end\n", Map.of()));
    }

    @Test
    void badDeclarationsAreNamed() throws IOException {
        Path bad = dir.resolve("bad.cir");
        assertEquals(bad + ":4:30: conductance matrix row 1 has 1 values, the array has 2 columns",
                error(".crossbar xa rows=2 cols=2 g={1u 2u, 3u} mem=mem cell=1r").getMessage());
        assertEquals(bad + ":4:46: conductance -2.0E-6 S: it must be positive and finite ({1u -2u, 3u 4u})",
                error(".crossbar xa rows=2 cols=2 mem=mem cell=1r g={1u -2u, 3u 4u}").getMessage().replace("\"", ""));
        assertEquals(bad + ":4:19: rows must be a whole number from 1 to 100000, got 2.5 (2.5)",
                error(".crossbar xa rows=2.5 cols=2 g=1u mem=mem cell=1r").getMessage());
        assertEquals(bad + ":4:41: unknown .crossbar parameter (known: cell, cols, fet, g, in, l, mem, out, rin, rout, "
                + "rows, rwire, rwire_col, rwire_row, vg, vin, w) (colour)",
                error(".crossbar xa rows=2 cols=2 g=1u mem=mem colour=red").getMessage());
        assertEquals(bad + ":4:11: a 1T1M .crossbar needs fet=<NMOS model> (or cell=1r) (xa)",
                error(".crossbar xa rows=2 cols=2 g=1u mem=mem").getMessage());
        assertEquals(bad + ":4:30: conductance file not found: " + dir.resolve("nope.csv") + " (\"nope.csv\")",
                error(".crossbar xa rows=2 cols=2 g=\"nope.csv\" mem=mem cell=1r").getMessage());
        Files.writeString(dir.resolve("g.csv"), "# header comment\n1e-5, 2e-5\n3e-5, oops\n");
        assertEquals(dir.resolve("g.csv") + ":3:7: not a number in the conductance matrix (oops)",
                error(".crossbar xa rows=2 cols=2 g=\"g.csv\" mem=mem cell=1r").getMessage());
        Files.writeString(dir.resolve("g3.csv"), "1e-5, 2e-5\n3e-5, 4e-5\n5e-5, 0\n");
        assertEquals(dir.resolve("g3.csv") + ":3:7: conductance 0.0 S: it must be positive and finite (0)",
                error(".crossbar xa rows=3 cols=2 g=\"g3.csv\" mem=mem cell=1r").getMessage());
        Files.writeString(dir.resolve("g4.csv"), "1e-5, 2e-5\n3e-5, 4e-5\n");
        assertEquals(dir.resolve("g4.csv") + ":2:1: conductance matrix has 2 rows, the array has 3",
                error(".crossbar xa rows=3 cols=2 g=\"g4.csv\" mem=mem cell=1r").getMessage());
    }
}
