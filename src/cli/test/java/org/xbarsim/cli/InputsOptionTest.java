package org.xbarsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --inputs}: one solve per input vector, equal to separate runs, with clear errors. */
class InputsOptionTest {
    @TempDir
    Path dir;

    private static double[] row(String csvLine) {
        String[] f = csvLine.split(",");
        double[] v = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            v[k] = Double.parseDouble(f[k]);
        }
        return v;
    }

    /** A 4x3 array declared with vin=..., run on its own: the reference for one input vector. */
    private String array(String cell, String vin) {
        return "t\n.model m1 mem (law=" + (cell.equals("1r") ? "linear" : "sinh b=2") + ")\n"
                + ".model n1 nmos (level=1 vto=0.5 kp=2e-4 lambda=0.01)\n"
                + ".crossbar xb rows=4 cols=3 cell=" + cell + " mem=m1 fet=n1 rwire=2\n"
                + "+ g={10u 20u 30u, 40u 50u 60u, 15u 25u 35u, 5u 66u 3.3u}" + (vin == null ? "" : " vin={" + vin + "}")
                + "\n.op\n.end\n";
    }

    @Test
    void structuredSolverAndGeneralEngineAgree() throws IOException {
        // the bundled arrays, run through the structured array solver (auto) and the general engine
        for (String name : List.of("array_sinh_32x32", "array_1r_64x64")) {
            Path net = Path.of("netlists/arrays/" + name + ".cir");
            Path in = Path.of("netlists/arrays/" + name + "_inputs.csv");
            CliRunner.Result fast = CliRunner.run("run", net.toString(), "--inputs", in.toString(), "--format", "csv");
            CliRunner.Result general = CliRunner.run("run", net.toString(), "--inputs", in.toString(), "--format", "csv",
                    "--engine", "general", "-O", "reltol=1e-12", "-O", "vntol=1e-15", "-O", "abstol=1e-18");
            assertEquals(0, fast.exit(), fast.err());
            assertEquals(0, general.exit(), general.err());
            List<String> a = fast.out().lines().toList();
            List<String> b = general.out().lines().toList();
            assertEquals(b.get(0), a.get(0), "same quantities");
            assertEquals(b.size(), a.size(), "one row per input vector");
            for (int k = 1; k < a.size(); k++) {
                org.xbarsim.VectorAssert.assertRelClose(row(b.get(k)), row(a.get(k)), 1e-9, name + " vector " + k + " column");
            }
        }
    }

    @Test
    void eachVectorEqualsARunOfItsOwn() throws IOException {
        String[] vectors = {"0.4 0.1 0.2 0.3", "0 0 0 0.4", "0.05 0.35 0.15 0.25", "0.4 0.1 0.2 0.3"};
        for (String cell : List.of("1r", "1t1m")) {
            Path net = dir.resolve("a-" + cell + ".cir");
            Files.writeString(net, array(cell, null));
            Path in = dir.resolve("in.csv");
            Files.writeString(in, "# four vectors\n" + String.join("\n", vectors).replace(" ", ",") + "\n");
            CliRunner.Result r = CliRunner.run("run", net.toString(), "--inputs", in.toString(), "--format", "csv");
            assertEquals(0, r.exit(), r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals("i(v.xb.out0),i(v.xb.out1),i(v.xb.out2)", lines.get(0));
            assertEquals(1 + vectors.length, lines.size());
            for (int k = 0; k < vectors.length; k++) {
                Path one = dir.resolve("one.cir");
                Files.writeString(one, array(cell, vectors[k]).replace(".op\n", ".op\n.print dc i(v.xb.out0) i(v.xb.out1) i(v.xb.out2)\n"));
                CliRunner.Result single = CliRunner.run("run", one.toString(), "--format", "csv", "-O", "reltol=1e-9");
                double[] expected = row(single.out().lines().toList().get(1));
                double[] actual = row(lines.get(1 + k));
                for (int j = 0; j < 3; j++) {
                    // the linear array goes through its transfer matrix; the sinh one through Newton at reltol 1e-3
                    double tol = cell.equals("1r") ? 1e-12 : 1e-6;
                    assertEquals(expected[j], actual[j], tol * Math.abs(expected[j]), cell + " vector " + k + " column " + j);
                }
            }
        }
    }

    @Test
    void aHeaderNamesTheSourcesOfAnyNetlist() throws IOException {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "v1\n3\n6\n-1.5\n");
        CliRunner.Result r = CliRunner.run("run", "netlists/divider.cir", "--inputs", in.toString(), "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("v(out),i(v1)", lines.get(0));
        assertEquals(2.0, row(lines.get(1))[0], 1e-12);
        assertEquals(4.0, row(lines.get(2))[0], 1e-12);
        assertEquals(-1.0, row(lines.get(3))[0], 1e-12);
        assertEquals(-2e-3, row(lines.get(2))[1], 1e-15);
    }

    @Test
    void badInputFilesAreNamed() throws IOException {
        Path net = dir.resolve("a.cir");
        Files.writeString(net, array("1r", null));
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "0.1 0.2 0.3 0.4\n0.1 0.2 0.3\n");
        CliRunner.Result r = CliRunner.run("run", net.toString(), "--inputs", in.toString());
        assertEquals(2, r.exit());
        assertEquals(in + ":2:1: input vector 2 has 3 values, the array xb has rows: 4", r.err().strip());
        Files.writeString(in, "0.1 0.2 x3 0.4\n");
        r = CliRunner.run("run", net.toString(), "--inputs", in.toString());
        assertEquals(2, r.exit());
        assertEquals(in + ":1:9: not a number in the input vectors (x3)", r.err().strip());
        r = CliRunner.run("run", net.toString(), "--inputs", dir.resolve("none.csv").toString());
        assertEquals(2, r.exit());
        assertEquals("file not found: " + dir.resolve("none.csv"), r.err().strip());
        Files.writeString(in, "3\n");
        r = CliRunner.run("run", "netlists/divider.cir", "--inputs", in.toString());
        assertEquals(2, r.exit());
        assertEquals("error: --inputs " + in + ": name the sources in a header line (the netlist has no .crossbar whose "
                + "rows to drive)", r.err().strip());
        Files.writeString(in, "r1\n3\n");
        r = CliRunner.run("run", "netlists/divider.cir", "--inputs", in.toString());
        assertEquals(2, r.exit());
        assertEquals("error: 'r1' is not an independent voltage or current source", r.err().strip());
    }

    /** NumPy in and out: the same values as CSV in and out, to the last bit. */
    @Test
    void npyInputsAndOutputsMatchCsv() throws IOException {
        Path net = dir.resolve("a.cir");
        Files.writeString(net, array("1r", null));
        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "0.1 0.2 0.3 0.4\n0.05 0.1 0.15 0.2\n");
        java.io.ByteArrayOutputStream npy = new java.io.ByteArrayOutputStream();
        org.xbarsim.io.VectorFiles.writeNpy(java.util.List.of(new double[] {0.1, 0.2, 0.3, 0.4},
                new double[] {0.05, 0.1, 0.15, 0.2}), 4, npy);
        Path in = dir.resolve("in.npy");
        Files.write(in, npy.toByteArray());
        Path outCsv = dir.resolve("o.csv");
        Path outNpy = dir.resolve("o.npy");
        assertEquals(0, CliRunner.run("run", net.toString(), "--inputs", csv.toString(), "--format", "csv", "-o",
                outCsv.toString()).exit());
        assertEquals(0, CliRunner.run("run", net.toString(), "--inputs", in.toString(), "-o", outNpy.toString()).exit());
        java.util.List<double[]> a = org.xbarsim.io.VectorFiles.read(outNpy, "o").rows();
        java.util.List<double[]> b = org.xbarsim.io.VectorFiles.read(outCsv, "o").rows();
        assertEquals(2, a.size());
        for (int k = 0; k < a.size(); k++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(b.get(k), a.get(k));
        }
    }
}
