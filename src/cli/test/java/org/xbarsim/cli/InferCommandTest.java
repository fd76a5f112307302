package org.xbarsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xbarsim infer} on a few images: its files and figures, and bad options. */
class InferCommandTest {
    @TempDir
    Path dir;

    static final String IMAGES = "benchmarks/data/mnist10k/mnist10k-images-idx3-ubyte.gz";
    static final String LABELS = "benchmarks/data/mnist10k/mnist10k-labels-idx1-ubyte.gz";

    @Test
    void writesAccuracyAndLayerErrors() throws IOException {
        Path out = dir.resolve("infer");
        CliRunner.Result r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file", IMAGES,
                "--labels-file", LABELS, "--first", "8000", "--images", "6", "--batch", "3", "--bits", "none", "--cell",
                "1r", "--max-array", "128x64", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> acc = Files.readAllLines(out.resolve("accuracy.csv"));
        assertEquals("bits,sigma_us,images,accuracy,software_accuracy,images_per_s,setup_s", acc.get(0));
        String[] f = acc.get(1).split(",");
        assertEquals("none", f[0]);
        assertEquals(f[4], f[3], "without quantization the arrays classify as the software pass does");
        List<String> layers = Files.readAllLines(out.resolve("layer-errors.csv"));
        assertEquals(1 + 4, layers.size(), "four array layers");
        for (String line : layers.subList(1, layers.size())) {
            assertTrue(Double.parseDouble(line.split(",")[3]) < 1e-2, line);
        }
        assertTrue(Files.size(out.resolve("layer-errors.png")) > 0);
        assertTrue(Files.readString(out.resolve("summary.md")).contains("software accuracy"));
    }

    @Test
    void arraysTooLongForTheirWiresAreNamed() throws IOException {
        // the MLP's 784-row layer on one array with 1 Ohm segments: conversion cannot reach its targets
        Path whole = dir.resolve("whole");
        CliRunner.Result r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_mlp.onnx", "--images-file", IMAGES,
                "--labels-file", LABELS, "--first", "8000", "--images", "20", "--bits", "none", "--cell", "1r", "-o",
                whole.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("warning: conversion missed its target for 9"), r.err());
        assertTrue(Files.readString(whole.resolve("summary.md")).contains("**Warning: conversion missed its target"));
        // tiles of 128 rows: no warning, and the arrays classify as the software pass
        Path tiled = dir.resolve("tiled");
        r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_mlp.onnx", "--images-file", IMAGES, "--labels-file",
                LABELS, "--first", "8000", "--images", "20", "--bits", "none", "--cell", "1r", "--max-array", "128x128", "-o",
                tiled.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(!r.err().contains("warning"), r.err());
        String[] f = Files.readAllLines(tiled.resolve("accuracy.csv")).get(1).split(",");
        assertEquals(f[4], f[3]);
    }

    @Test
    void convertersSetApart() throws IOException {
        // the DAC fixed at 4 bits while --bits sweeps the ADC; the full range per layer, the kernel-row split
        Path out = dir.resolve("conv");
        CliRunner.Result r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file", IMAGES,
                "--labels-file", LABELS, "--first", "8000", "--images", "4", "--batch", "4", "--bits", "none,6", "--dac-bits",
                "4", "--adc-range", "full", "--adc-scope", "layer", "--split", "kernel-rows", "--max-array", "64x64", "--cell",
                "1r", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> acc = Files.readAllLines(out.resolve("accuracy.csv"));
        assertEquals(3, acc.size());
        assertEquals("DAC 4 / ADC none", acc.get(1).split(",")[0]);
        assertEquals("DAC 4 / ADC 6", acc.get(2).split(",")[0]);
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("largest array 64x64 (kernel-rows split), rounding DAC, ADC range full per layer"), md);
    }

    @Test
    void idealArraysClassifyAsTheSoftwarePass() throws IOException {
        // binary dense weights alone on ideal arrays of 16 rows, no converters: the exact sums of v G
        Path out = dir.resolve("ideal");
        CliRunner.Result r = CliRunner.run("infer", "--model", "benchmarks/models/mnist000_initial_bnn.onnx", "--images-file",
                IMAGES, "--labels-file", LABELS, "--first", "8000", "--images", "20", "--batch", "20", "--ideal",
                "--array-layers", "dense", "--binarize", "q3", "--bits", "none", "--mapping", "differential", "--max-array",
                "16x64", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("Arrays: ideal arrays (sum of v G"), md);
        assertTrue(md.contains("binarized at"), md);
        String[] row = Files.readAllLines(out.resolve("accuracy.csv")).get(1).split(",");
        assertEquals("accuracy", Files.readAllLines(out.resolve("accuracy.csv")).get(0).split(",")[3]);
        assertTrue(Double.parseDouble(row[3]) >= 0.9, "binarized inputs keep the accuracy: " + row[3]);
        assertTrue(Files.exists(out.resolve("binarize.png")));
        // without the binarization the arrays compute the software pass itself
        Path plain = dir.resolve("ideal-plain");
        r = CliRunner.run("infer", "--model", "benchmarks/models/mnist000_initial_bnn.onnx", "--images-file", IMAGES,
                "--labels-file", LABELS, "--first", "8000", "--images", "20", "--batch", "20", "--ideal", "--bits", "none",
                "--mapping", "differential", "--max-array", "16x64", "-o", plain.toString());
        assertEquals(0, r.exit(), r.err());
        row = Files.readAllLines(plain.resolve("accuracy.csv")).get(1).split(",");
        assertEquals(row[4], row[3], "accuracy and software accuracy");
    }

    @Test
    void badOptionsAreNamed() {
        CliRunner.Result r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file", IMAGES,
                "--labels-file", LABELS, "--bits", "8,x", "-o", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("error: --bits x: none or a whole number of bits from 1 to 30", r.err().strip());
        r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file", IMAGES, "--labels-file",
                LABELS, "--first", "9990", "--images", "20", "-o", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("error: first 9990, images 20: the files hold 10000 images", r.err().strip());
        for (String[] bad : new String[][] {
                {"--levels", "1", "--levels 1: 0 (continuous) or at least 2"},
                {"--quantizer", "cubic", "--quantizer 'cubic': one of [uniform, log, lloyd, truncate]"},
                {"--scope", "tile", "--scope 'tile': layer or global"},
                {"--mapping", "pairs", "--mapping 'pairs': one of [shift, reference, differential]"},
                {"--relative", "-0.1", "--relative -0.1, --delta 0.0: relative from 0 to 0.99, delta from 0 to 1"},
                {"--dac-bits", "31", "--dac-bits 31: none or a whole number of bits from 1 to 30"},
                {"--adc-bits", "x", "--adc-bits x: none or a whole number of bits from 1 to 30"},
                {"--adc-bits", "0", "--adc-bits 0: none or a whole number of bits from 1 to 30"},
                {"--max-array", "0x64", "--max-array: '0x64' is not ROWSxCOLS with both at least 1"},
                {"--adc-range", "qscale:0", "--ADC range 'qscale:0': the Q-scale S of qscale:S from 0 (excluded) to 1"},
                {"--adc-range", "max", "--ADC range 'max': one of [samples, full, qscale:S (S in (0, 1])]"},
                {"--adc-scope", "array", "--adc-scope array: tile or layer"},
                {"--split", "channels", "--split 'channels': one of [rows, kernel-rows]"},
                {"--dac-mode", "floor", "--dac-mode floor: round or truncate"},
                {"--adc-ties", "odd", "--adc-ties odd: one of [even, random]"}}) {
            r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file", IMAGES, "--labels-file",
                    LABELS, bad[0], bad[1], "-o", dir.toString());
            assertEquals(2, r.exit(), bad[0]);
            assertEquals("error: " + bad[2], r.err().strip());
        }
        r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file", IMAGES, "--labels-file",
                LABELS, "--relative", "0.1", "--sigma", "1", "-o", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("give one programming error at most"), r.err());
        r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file", IMAGES, "--labels-file",
                LABELS, "--solver-tol", "0.5", "-o", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("error: --solver-tol 0.5: from 1e-15 to 1e-3", r.err().strip());
        r = CliRunner.run("infer", "--model", "benchmarks/models/mnist_cnn.onnx", "--images-file", IMAGES, "--labels-file",
                LABELS, "--arrays", dir.resolve("none.json").toString(), "--images", "1", "-o", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("error: " + dir.resolve("none.json") + ": cannot read the array file"), r.err());
        r = CliRunner.run("infer", "--model", dir.resolve("none.onnx").toString(), "--images-file", IMAGES, "--labels-file",
                LABELS, "-o", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("error: ONNX model not found: " + dir.resolve("none.onnx"), r.err().strip());
    }
}
