package org.xbarsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.xbarsim.testing.MeasuredData;

/**
 * {@code xbarsim fit device|variation}, {@code xbarsim validate dpe} on the measured data
 * (../shared/measured) and the variation model in {@code xbarsim infer}: files written, bad
 * input named.
 */
class ValidationCommandsTest {
    @TempDir
    Path dir;

    @Test
    @ExtendWith(MeasuredData.Required.class)
    void fitDeviceWritesItsFiles() throws Exception {
        Path out = dir.resolve("device");
        CliRunner.Result r = CliRunner.run("fit", "device", "--data",
                MeasuredData.resolve("readc-1t1r/csv/SourceData_Fig_3__3b.csv").toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("device-fit.csv"));
        assertEquals(1 + 8, csv.size(), "a row per compliance level");
        assertTrue(csv.get(0).startsWith("compliance_ua,g_us,g_std_us,sinh_b_per_v"), csv.get(0));
        assertTrue(Files.readString(out.resolve("device-fit.json")).contains("\"transistor\""));
        assertTrue(Files.size(out.resolve("device-fit.png")) > 0);
        assertTrue(r.out().contains("| 400 |"), r.out());
    }

    @Test
    @ExtendWith(MeasuredData.Required.class)
    void variationModelDrivesInference() throws Exception {
        Path var = dir.resolve("variation");
        Path csv = MeasuredData.resolve("readc-1t1r/csv");
        CliRunner.Result r = CliRunner.run("fit", "variation", "--programming",
                csv.resolve("SourceData_Fig_3__3c_conductance_value.csv").toString(), "--stated",
                csv.resolve("SourceData_Fig_3__3c_variation.csv").toString(), "--reads",
                csv.resolve("SourceData_Fig_3__3d.csv").toString(), "--draws", "2000", "-o", var.toString());
        assertEquals(0, r.exit(), r.err());
        Path model = var.resolve("variation.json");
        assertTrue(Files.readAllLines(var.resolve("checks.csv")).size() > 14);
        Path out = dir.resolve("infer");
        r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file",
                InferCommandTest.IMAGES, "--labels-file", InferCommandTest.LABELS, "--first", "8000", "--images", "4",
                "--batch", "4", "--bits", "8", "--cell", "1r", "--max-array", "128x64", "--variation", model.toString(),
                "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        String row = Files.readAllLines(out.resolve("accuracy.csv")).get(1);
        assertTrue(row.startsWith("8,measured,4,"), row);
        assertTrue(Files.readString(out.resolve("summary.md")).contains("measured programming error and read noise"));
        r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file", InferCommandTest.IMAGES,
                "--labels-file", InferCommandTest.LABELS, "--sigma", "0.2", "--variation", model.toString(), "-o",
                out.toString());
        assertEquals(2, r.exit());
        assertEquals("error: --sigma [0.2], --variation " + model + ": give one programming error at most", r.err().strip());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"targetsS\": [1e-4]}");
        r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file", InferCommandTest.IMAGES,
                "--labels-file", InferCommandTest.LABELS, "--variation", bad.toString(), "-o", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("error: " + bad + ": not a variation model: expected keys"), r.err());
    }

    @Test
    @ExtendWith(MeasuredData.Required.class)
    void validateDpeWritesItsFiles() throws Exception {
        Path out = dir.resolve("dpe");
        CliRunner.Result r = CliRunner.run("validate", "dpe", "--data", MeasuredData.resolve("hpe-dpe-array").toString(),
                "--r-wire", "1", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("columns.csv"));
        assertEquals(1 + 60, csv.size());
        assertTrue(Files.size(out.resolve("dpe-array.png")) > 0);
        assertTrue(r.out().contains("| measured |"), r.out());
    }

    @Test
    void missingOrMalformedDataIsNamed() throws Exception {
        CliRunner.Result r = CliRunner.run("fit", "device", "--data", dir.resolve("none.csv").toString(), "-o",
                dir.toString());
        assertEquals(2, r.exit(), "a missing input is exit 2, as a missing netlist");
        assertEquals("error: " + dir.resolve("none.csv") + ": measured-data file not found", r.err().strip());
        Path f = dir.resolve("sweeps.csv");
        Files.writeString(f, "V_set_50uA,I_set_50uA,V_reset_50uA,I_reset_50uA\n0,0,0,oops\n");
        r = CliRunner.run("fit", "device", "--data", f.toString(), "-o", dir.toString());
        assertEquals(2, r.exit());
        assertEquals(f + ":2:7: expected a number in column 'I_reset_50uA' (oops)", r.err().strip());
        r = CliRunner.run("validate", "dpe", "--data", dir.toString(), "-o", dir.resolve("o").toString());
        assertEquals(2, r.exit(), "a missing input is exit 2, as a missing netlist");
        assertEquals("error: " + dir.resolve("CMat.csv") + ": measured-data file not found", r.err().strip());
        r = CliRunner.run("fit", "device", "--window", "0.33", "-o", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("error: --window 0.33 V: a multiple of 0.05 V from --v-read to 1", r.err().strip());
        assertTrue(!Files.exists(dir.resolve("o")), "no output on bad data");
    }
}
