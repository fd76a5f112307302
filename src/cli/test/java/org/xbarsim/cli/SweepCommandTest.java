package org.xbarsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarsim.testing.SweepTables;

/** {@code xbarsim sweep}: killed midway and restarted, it ends with exactly the table of an uninterrupted run. */
class SweepCommandTest {
    @TempDir
    Path tmp;

    @Test
    void resumesAfterBeingKilledMidway() throws Exception {
        Path netlist = Path.of("netlists/crossbar_4x4.cir").toAbsolutePath();
        Path spec = tmp.resolve("mc.yaml");
        Files.writeString(spec, """
                study: netlist
                netlist: %s
                axes:
                  rw: [0.5, 2]
                draws: 1500
                seed: 3
                vary:
                  - {elements: "*.y1", dist: gauss, sigma: 0.05}
                """.formatted(netlist));
        Path killed = tmp.resolve("killed");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), XbarSim.class.getName(), "sweep",
                spec.toString(), "-o", killed.toString(), "--threads", "1")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        Path results = killed.resolve("results.csv");
        long rowsAtKill = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(results) && (rowsAtKill = Files.lines(results).count() - 1) >= 300) {
                break;
            }
            Thread.sleep(2);
        }
        p.destroyForcibly().waitFor();
        assertTrue(rowsAtKill >= 300 && rowsAtKill < 3000, "killed at " + rowsAtKill + " of 3000 rows; "
                + Files.readString(tmp.resolve("killed.log")));

        CliRunner.Result resumed = CliRunner.run("sweep", spec.toString(), "-o", killed.toString(), "--threads", "2");
        assertEquals(0, resumed.exit(), resumed.err());
        Path whole = tmp.resolve("whole");
        CliRunner.Result uninterrupted = CliRunner.run("sweep", spec.toString(), "-o", whole.toString());
        assertEquals(0, uninterrupted.exit(), uninterrupted.err());

        List<String> a = SweepTables.withoutTimes(Files.readAllLines(results));
        List<String> b = SweepTables.withoutTimes(Files.readAllLines(whole.resolve("results.csv")));
        assertEquals(3001, a.size());
        assertEquals(b, a);
        assertTrue(Files.exists(killed.resolve("summary.png")) && Files.exists(killed.resolve("summary.md")));
        assertEquals(Files.readString(whole.resolve("summary.csv")), Files.readString(killed.resolve("summary.csv")));
    }

    @Test
    void badSpecsExitWithTheirFieldAndPlace() throws IOException {
        Path spec = tmp.resolve("bad.yaml");
        Files.writeString(spec, "study: netlist\nnetlist: x.cir\ndraws: -1\n");
        CliRunner.Result r = CliRunner.run("sweep", spec.toString(), "-o", tmp.resolve("o").toString());
        assertEquals(XbarSim.EXIT_USAGE, r.exit());
        assertEquals("error: " + spec + ":3:1: field 'draws': -1: at least 1", r.err().strip());
        assertTrue(!Files.exists(tmp.resolve("o")));
        r = CliRunner.run("sweep", spec.toString());
        assertEquals(XbarSim.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("Missing required option: '--output=DIR'"), r.err());
    }

    @Test
    void anInferPointIsTheInferCommandAtThatPointsSeed() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        Path spec = tmp.resolve("infer.yaml");
        Files.writeString(spec, """
                study: infer
                fixed:
                  model: %s/benchmarks/models/mnist_cnn.onnx
                  images-file: %s/%s
                  labels-file: %s/%s
                  first: 8000
                  images: 6
                  batch: 3
                  cell: 1r
                  max-array: 128x64
                axes:
                  sigma: [1.5]
                  bits: [6]
                seed: 4
                """.formatted(root, root, InferCommandTest.IMAGES, root, InferCommandTest.LABELS));
        Path out = tmp.resolve("sweep");
        CliRunner.Result r = CliRunner.run("sweep", spec.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(2, rows.size());
        List<String> header = List.of(rows.get(0).split(","));
        String[] row = rows.get(1).split(",");
        assertEquals("ok", row[header.indexOf("status")], rows.get(1));
        // the same setting through `xbarsim infer`, with the point's seed
        Path one = tmp.resolve("infer");
        r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file", InferCommandTest.IMAGES,
                "--labels-file", InferCommandTest.LABELS, "--first", "8000", "--images", "6", "--batch", "3", "--bits", "6",
                "--sigma", "1.5", "--cell", "1r", "--max-array", "128x64", "--seed", row[header.indexOf("seed")], "-o",
                one.toString());
        assertEquals(0, r.exit(), r.err());
        String[] acc = Files.readAllLines(one.resolve("accuracy.csv")).get(1).split(",");
        assertEquals(Double.parseDouble(acc[3]), Double.parseDouble(row[header.indexOf("accuracy")]), 1e-12);
        assertEquals(Double.parseDouble(acc[4]), Double.parseDouble(row[header.indexOf("software_accuracy")]), 1e-12);
        List<String> layers = Files.readAllLines(one.resolve("layer-errors.csv"));
        for (String line : layers.subList(1, layers.size())) {
            String[] f = line.split(",");
            double mean = Double.parseDouble(row[header.indexOf("mean_err:" + f[2])]);
            assertEquals(Double.parseDouble(f[3]), mean, 1e-4 * mean, line); // the command prints 5 digits
        }
    }
}
