package org.xbarsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run command's output formats, file output and option overrides. */
class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    void csvHasNgspiceNamesAndOneRowPerSweepPoint() {
        CliRunner.Result r = CliRunner.run("run", "netlists/cell_1t1r.cir", "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("v-sweep,vwl,v(mid),i(vsense)", lines.get(0));
        assertEquals(1 + 9 * 3, lines.size(), "9 inner points x 3 outer points");
        String[] first = lines.get(1).split(",");
        assertEquals(0.0, Double.parseDouble(first[0]));
        assertEquals(1.0, Double.parseDouble(first[1]));
        String[] last = lines.get(lines.size() - 1).split(",");
        assertEquals(0.4, Double.parseDouble(last[0]), 1e-15);
        assertEquals(1.8, Double.parseDouble(last[1]), 1e-15);
        // at vrow = 0 no current flows
        assertEquals(0.0, Double.parseDouble(first[3]), 1e-15);
    }

    @Test
    void jsonCarriesOptionsColumnsAndRows() {
        CliRunner.Result r = CliRunner.run("run", "netlists/divider.cir", "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(o.get("options").getAsString().contains("reltol=0.001"));
        JsonObject a = o.getAsJsonArray("analyses").get(0).getAsJsonObject();
        assertEquals("op", a.get("kind").getAsString());
        JsonArray row = a.getAsJsonArray("rows").get(0).getAsJsonArray();
        assertEquals(2.0, row.get(0).getAsDouble(), 1e-12);
        assertEquals(-1e-3, row.get(1).getAsDouble(), 1e-15);
    }

    @Test
    void tablePrintsDefaultsAndValues() {
        CliRunner.Result r = CliRunner.run("run", "netlists/divider.cir");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Options: reltol=0.001 abstol=1.0e-12 vntol=1.0e-6 gmin=1.0e-12"), r.out());
        assertTrue(r.out().contains("v(out)     2.00000000000e+00"), r.out());
    }

    @Test
    void optionOverrideIsApplied() {
        CliRunner.Result r = CliRunner.run("run", "netlists/divider.cir", "-O", "reltol=1e-9", "--format", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("reltol=1.0e-9"), r.out());
        CliRunner.Result bad = CliRunner.run("run", "netlists/divider.cir", "-O", "reltol=7");
        assertEquals(2, bad.exit());
        assertEquals("error: reltol = 7.0 is outside its valid range [1.0E-15, 1.0]", bad.err().strip());
    }

    /**
     * {@code --dump-matrix}: the divider's MNA matrix (nodes in and out, the source's branch) as a
     * Matrix Market file, every stored entry: conductances 1/1k, -1/1k twice, 1/1k + 1/2k, the
     * branch's pair of ones, and structural zeros; refused with --inputs.
     */
    @Test
    void dumpMatrixWritesTheFactoredMatrixAsMatrixMarket() throws IOException {
        Path mtx = dir.resolve("divider.mtx");
        CliRunner.Result r = CliRunner.run("run", "netlists/divider.cir", "--dump-matrix", mtx.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(mtx);
        assertEquals("%%MatrixMarket matrix coordinate real general", lines.get(0));
        List<String> data = lines.stream().filter(l -> !l.startsWith("%")).toList();
        String[] size = data.get(0).split(" ");
        assertEquals("3", size[0]);
        assertEquals("3", size[1]);
        assertEquals(Integer.parseInt(size[2]), data.size() - 1, "as many entries as the size line says");
        double[][] a = new double[3][3];
        for (String l : data.subList(1, data.size())) {
            String[] t = l.split(" ");
            a[Integer.parseInt(t[0]) - 1][Integer.parseInt(t[1]) - 1] += Double.parseDouble(t[2]);
        }
        List<Double> magnitudes = new java.util.ArrayList<>();
        for (double[] row : a) {
            for (double v : row) {
                if (v != 0) {
                    magnitudes.add(v);
                }
            }
        }
        magnitudes.sort(null);
        double[] expected = {-1e-3, -1e-3, 1, 1, 1e-3, 1.5e-3};
        java.util.Arrays.sort(expected);
        assertEquals(expected.length, magnitudes.size(), magnitudes.toString());
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], magnitudes.get(k), 1e-15 + 1e-12 * Math.abs(expected[k]), magnitudes.toString());
        }
        CliRunner.Result bad = CliRunner.run("run", "netlists/divider.cir", "--inputs", mtx.toString(), "--dump-matrix",
                dir.resolve("x.mtx").toString());
        assertEquals(2, bad.exit());
        assertEquals("error: --dump-matrix writes the matrix of the netlist's analyses; give it without --inputs",
                bad.err().strip());
    }

    @Test
    void outputFileIsWrittenWholeOrNotAtAll() throws IOException {
        Path out = dir.resolve("res.csv");
        CliRunner.Result r = CliRunner.run("run", "netlists/divider.cir", "--format", "csv", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("v(out),i(v1)", Files.readAllLines(out).get(0));

        Path bad = dir.resolve("bad.cir");
        Files.writeString(bad, "t\nr1 a 0 1k\nb1 0 a i=1+v(a)*v(a)\n.op\n.end\n");
        Path out2 = dir.resolve("never.csv");
        CliRunner.Result f = CliRunner.run("run", bad.toString(), "-o", out2.toString());
        assertEquals(3, f.exit());
        assertFalse(Files.exists(out2));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void versionAndHelp() {
        CliRunner.Result v = CliRunner.run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("xbarsim "), v.out());
        for (String cmd : new String[] {"run", "export", "generate", "bench"}) {
            CliRunner.Result h = CliRunner.run(cmd, "--help");
            assertEquals(0, h.exit(), cmd);
            assertTrue(h.out().contains("Usage: xbarsim " + cmd), h.out());
        }
    }
}
