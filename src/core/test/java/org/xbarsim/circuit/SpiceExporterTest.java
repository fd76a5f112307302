package org.xbarsim.circuit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarsim.solver.AnalysisResult;
import org.xbarsim.solver.Simulator;

class SpiceExporterTest {
    @TempDir
    Path dir;

    /**
     * Linear memristors leave as plain resistors of 1/G Ohm (as a SPICE user writes them), nonlinear
     * ones as B sources; probes follow the new names; and the export, read back by our own reader,
     * gives the netlist's own operating point to 1e-12 relative.
     */
    @Test
    void linearMemristorsAreResistorsAndTheOthersBSources() throws IOException {
        Path in = dir.resolve("mems.cir");
        Files.writeString(in, String.join("\n", "memristors of two laws",
                ".model lin mem (law=linear vread=0.2)", ".model sh mem (law=sinh b=2 vread=0.2)",
                "v1 a 0 dc 0.3", "y1 a b lin r=1k", "y2 b 0 lin g=5e-4", "y3 a c sh g=1e-4", "r1 c 0 2k", ".op",
                ".print dc v(b) i(y1) i(y2) i(y3)", ".end", ""));
        StringWriter w = new StringWriter();
        SpiceExporter.export(Simulator.flatten(in), "test", w);
        String out = w.toString();
        assertTrue(out.contains("\nry1 a b 1000.0\n"), out);
        assertTrue(out.contains("\nry2 b 0 2000.0\n"), out);
        assertTrue(out.contains("\nby3 a c i="), out);
        assertTrue(out.contains(".print dc v(b) @ry1[i] @ry2[i] @by3[i]\n"), out);
        assertTrue(!out.contains(".model lin") && !out.contains(".model sh"), "memristor model cards are not SPICE: " + out);
        // read back by our reader (which takes node voltages and source currents, not ngspice's
        // @name[i]): the node voltages of both, every element's current set by them
        Path back = dir.resolve("back.cir");
        Files.writeString(back, out.replace(".print dc v(b) @ry1[i] @ry2[i] @by3[i]", ".print dc v(b) v(c) i(v1)"));
        Path same = dir.resolve("same.cir");
        Files.writeString(same, Files.readString(in).replace(".print dc v(b) i(y1) i(y2) i(y3)", ".print dc v(b) v(c) i(v1)"));
        double[] original = Simulator.run(same, Map.of(), null).results().get(0).rows().get(0);
        AnalysisResult exported = Simulator.run(back, Map.of(), null).results().get(0);
        double[] read = exported.rows().get(0);
        assertEquals(original.length, read.length);
        for (int k = 0; k < original.length; k++) {
            assertEquals(original[k], read[k], 1e-12 * Math.abs(original[k]), exported.columns().get(k));
        }
    }
}
