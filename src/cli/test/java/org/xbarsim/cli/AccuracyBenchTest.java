package org.xbarsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench accuracy} on small arrays: its files, the ordering of the methods, and bad options. */
class AccuracyBenchTest {
    @TempDir
    Path dir;

    @Test
    void writesItsFilesAndTheMethodsRankAsExpected() throws IOException {
        Path out = dir.resolve("acc");
        CliRunner.Result r = CliRunner.run("bench", "accuracy", "--sizes", "27x16,48x8,20x4", "--kernels", "gaussian,ternary",
                "--sparsity", "0,0.5", "--inputs", "40", "--amplitudes", "1,0.1,0.01", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        for (String f : List.of("accuracy.csv", "amplitude-search.csv", "error-vs-size.png", "actual-vs-ideal.png",
                "error-vs-amplitude.png", "clamped.png", "summary.md")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        List<String> lines = Files.readAllLines(out.resolve("accuracy.csv"));
        assertEquals(1 + 3 * 2 * 2 * 3, lines.size(), "sizes x kernels x sparsities x methods");
        String[] head = lines.get(0).split(",");
        Map<String, Double> mean = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            String key = f[0] + "x" + f[1] + " " + f[2] + " " + f[3];
            mean.put(key + " " + f[4], Double.parseDouble(f[6]));
            assertEquals("mean_rel_err", head[6]);
        }
        for (String key : List.of("27x16 gaussian 0.00", "48x8 ternary 0.50", "48x8 gaussian 0.00")) {
            double none = mean.get(key + " none");
            double original = mean.get(key + " original");
            double mitigated = mean.get(key + " mitigated");
            assertTrue(mitigated <= original && original < none, key + ": none " + none + ", original " + original
                    + ", mitigated " + mitigated);
        }
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| 48x8 | mitigated |"));
    }

    @Test
    void badOptionsAreNamed() {
        CliRunner.Result r = CliRunner.run("bench", "accuracy", "--sizes", "0x16", "-o", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("error: --sizes: '0x16' is not ROWSxCOLS with both at least 1", r.err().strip());
        r = CliRunner.run("bench", "accuracy", "--sparsity", "0,1.5", "-o", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("error: sparsity 1.5 is outside [0, 1)", r.err().strip());
        r = CliRunner.run("bench", "accuracy", "--kernels", "gaussian,binary", "-o", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("error: unknown kernel type 'binary' (gaussian, nonzero, ternary)", r.err().strip());
    }
}
