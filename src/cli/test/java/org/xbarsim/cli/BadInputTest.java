package org.xbarsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs from the trust audit's bad-input list: each gives one line naming the place or the
 * offending value with its range, a non-zero exit, no stack trace and no output file.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return CliRunner.write(dir, name, text);
    }

    /** Runs {@code xbarsim args}, expects {@code exit} and one error line containing {@code part}. */
    private static String expect(int exit, String part, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(exit, r.exit(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace or exception class: " + err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.contains(part), err);
        return err;
    }

    /** Item 1: parentheses nested 1,000 deep are refused with the place, no StackOverflowError. */
    @Test
    void deeplyNestedExpression() throws IOException {
        String deep = "(".repeat(1000) + "1" + ")".repeat(1000);
        Path p = write("deep.cir", "t\n.param a=" + deep + "\nv1 x 0 1\nr1 x 0 {a}\n.op\n.end\n");
        expect(2, p + ":2:", "run", p.toString());
        expect(2, "expression nested deeper than 400 levels", "run", p.toString());
        expect(2, "nested deeper", "export", "--spice", p.toString(), "-o", dir.resolve("e.cir").toString());
        assertFalse(Files.exists(dir.resolve("e.cir")));
        Path chain = write("chain.cir", "t\nv1 x 0 1\nr1 x 0 {1" + "+1".repeat(5000) + "}\n.op\n.end\n");
        expect(2, "nested deeper", "run", chain.toString());
    }

    /** Item 2: subcircuit instances nested 2,000 deep are refused with the place. */
    @Test
    void deeplyNestedSubcircuits() throws IOException {
        StringBuilder s = new StringBuilder("t\n");
        for (int k = 0; k < 2000; k++) {
            s.append(".subckt s").append(k).append(" a\n");
            s.append(k == 1999 ? "r1 a 0 1k\n" : "x1 a s" + (k + 1) + "\n");
            s.append(".ends\n");
        }
        s.append("v1 n 0 1\nx0 n s0\n.op\n.end\n");
        Path p = write("nest.cir", s.toString());
        expect(2, "subcircuit instances nested deeper than 256 levels", "run", p.toString());
    }

    /** Item 3: an include of a device file is refused at once. */
    @Test
    void includeOfADeviceFile() throws IOException {
        Path p = write("inc.cir", "t\n.include /dev/zero\nv1 x 0 1\nr1 x 0 1k\n.op\n.end\n");
        expect(2, "not a regular file", "run", p.toString());
        Path extra = write("inc2.cir", "t\n.include other.inc extra\n.end\n");
        expect(2, "2:20: unexpected token after the .include file name", "run", extra.toString());
    }

    /** Items 4-6: array sizes beyond what fits, and absurd sweep lengths, are refused before any allocation. */
    @Test
    void sizesBeyondTheRange() throws IOException {
        Path x = write("x.cir", "t\n.crossbar xb rows=100000 cols=100000 g=1u\n.end\n");
        expect(2, "at most 4194304 (2048 x 2048)", "run", x.toString());
        Path dc = write("dc.cir", "t\nv1 x 0 1\nr1 x 0 1k\n.dc v1 0 1 1e-9\n.end\n");
        expect(2, ".dc asks for 1.000e+09 points; at most 10000000", "run", dc.toString());
        expect(2, "at most 4194304", "generate", "crossbar", "--rows", "100000", "--cols", "100000", "-o",
                dir.resolve("g.cir").toString());
        assertFalse(Files.exists(dir.resolve("g.cir")));
        expect(2, "--sizes: array size 20000x20000", "bench", "accuracy", "--sizes", "20000x20000", "-o",
                dir.resolve("acc").toString());
    }

    /** Item 11: a literal beyond the double range is refused, as a non-finite expression is. */
    @Test
    void literalBeyondDoubleRange() throws IOException {
        Path p = write("inf.cir", "t\nv1 x 0 1\nr1 x 0 1e999\n.op\n.end\n");
        expect(2, p + ":3:8: number out of range", "run", p.toString());
    }

    /** Item 18: an unwritable -o is named with its reason before any work. */
    @Test
    void unwritableOutput() throws IOException {
        Path p = write("ok.cir", "t\nv1 x 0 1\nr1 x 0 1k\n.op\n.end\n");
        Path blocker = write("file", "x");
        String err = expect(1, "cannot write " + blocker.resolve("r.txt"), "run", p.toString(), "-o",
                blocker.resolve("r.txt").toString());
        assertFalse(err.contains(".tmp"), "no temporary file name: " + err);
    }

    /** Item 24: results written over the netlist itself are refused, and the netlist is untouched. */
    @Test
    void outputOverTheNetlistIsRefused() throws IOException {
        String text = "t\nv1 x 0 1\nr1 x 0 1k\n.op\n.end\n";
        Path p = write("self.cir", text);
        expect(2, "is an input of this run", "run", p.toString(), "-o", p.toString());
        assertEquals(text, Files.readString(p));
    }

    /** Item 20 and 21: a failure during a sweep names the analysis, its place and the sweep point. */
    @Test
    void solveFailureNamesTheSweepPoint() throws IOException {
        Path p = write("nosol.cir", "t\nv1 b 0 1\nr1 a 0 1k\nb1 0 a i=v(b)+v(a)*v(a)\n.dc v1 -1 1 1\n.end\n");
        expect(3, p + ":5:1: .dc point v1 = ", "run", p.toString());
    }

    /** Item 10: conductances at one node beyond what double precision resolves are refused, not answered with 0. */
    @Test
    void conductanceRatioBeyondDoublePrecision() throws IOException {
        Path p = write("ratio.cir", "t\nv1 in 0 1\nr1 in out 1e-15\nr2 out 0 1k\n.op\n.print i(v1)\n.end\n");
        expect(2, p + ":3:1: r1 (1.00e-15 Ohm) and r2 (1.00e+03 Ohm) meet at node", "run", p.toString());
    }

    /** Item 12: an --inputs header that names a source twice is refused at the second name. */
    @Test
    void inputsHeaderNamingASourceTwice() throws IOException {
        Path p = write("two.cir", "t\nv1 a 0 1\nv2 b 0 1\nr1 a b 1k\nr2 b 0 1k\n.op\n.end\n");
        Path in = write("in.csv", "v1,v1\n1,2\n");
        expect(2, in + ":1:4: the header names 'v1' twice", "run", p.toString(), "--inputs", in.toString());
    }

    /** Items 13 and 17: in= nodes that meet nothing, and a number where a node prefix goes, are refused. */
    @Test
    void crossbarNodePrefixes() throws IOException {
        String model = ".model m1 mem (law=linear)\n";
        Path undriven = write("undriven.cir", "t\n" + model + ".crossbar xb rows=2 cols=2 cell=1r mem=m1 g=10u in=row\n"
                + ".end\n");
        expect(2, "in=row: node 'row0' meets no element outside the array, so row 0 would be left undriven", "run",
                undriven.toString());
        Path typo = write("typo.cir", "t\n" + model + ".crossbar xb rows=2 cols=2 cell=1r mem=m1 g=10u out=1.0\n.end\n");
        expect(2, "out= takes the prefix of the column nodes, not a number (did you mean rout=?)", "run", typo.toString());
    }

    /** Item 16: an unsupported model type, a fractional iteration count. */
    @Test
    void modelTypesAndIntegerOptions() throws IOException {
        Path bjt = write("bjt.cir", "t\n.model foo bjt (is=1)\nv1 a 0 1\nr1 a 0 1k\n.op\n.end\n");
        expect(2, bjt + ":2:12: unsupported model type (supported: d, nmos, pmos, mem, r, res) (bjt)", "run", bjt.toString());
        Path ok = write("ok.cir", "t\nv1 a 0 1\nr1 a 0 1k\n.op\n.end\n");
        expect(2, "itl1 = 2.5: a whole number from 1 to 1000000", "run", ok.toString(), "-O", "itl1=2.5");
    }

    /** Item 17: a stray word in a model's parameter list is refused. */
    @Test
    void strayWordInModelCard() throws IOException {
        Path p = write("stray.cir", "t\n.model dd d (is=1e-14 stray n=1)\nv1 a 0 1\nr1 a b 1k\nd1 b 0 dd\n.op\n.end\n");
        expect(2, p + ":2:", "run", p.toString());
    }

    /** Item 20: a node reached only by a B current source that does not depend on it is floating. */
    @Test
    void nodeReachedOnlyByADependentSource() throws IOException {
        Path p = write("dep.cir", "t\nv1 in 0 1\nb1 in x i=v(in)\n.op\n.end\n");
        expect(2, p + ":3:1: floating node 'x'", "run", p.toString());
    }

    /** Item 21: an element whose value goes infinite during the solve is named with its place. */
    @Test
    void elementGoingInfiniteIsNamed() throws IOException {
        Path p = write("exp.cir", "t\nv1 a 0 1\nr1 a in 1k\nb1 in 0 i=exp(1000*v(in))\n.op\n.end\n");
        CliRunner.Result r = CliRunner.run("run", p.toString());
        if (r.exit() != 0) {
            expect(3, "element b1 (" + p + ":4:1) evaluated to infinity", "run", p.toString());
        } else {
            assertTrue(r.out().contains("v(in)"), r.out()); // Newton found the point where exp does not overflow
        }
    }

    /** Item 19 and 23: a directory or binary file where a model or data file goes, named as such, exit 2. */
    @Test
    void directoriesAndBinaryFilesAsInputs() throws IOException {
        expect(2, dir + " is a directory, not an ONNX model", "infer", "--model", dir.toString(), "--images-file", "x",
                "--labels-file", "y", "-o", dir.resolve("inf").toString());
        Path binary = dir.resolve("binary.cir");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80});
        expect(2, binary + ":1:1: not a text file (invalid UTF-8)", "fit", "device", "--data", binary.toString(), "-o",
                dir.resolve("fd").toString());
        expect(2, dir + " is a directory; expected a measured-data CSV file", "fit", "device", "--data", dir.toString(),
                "-o", dir.resolve("fd").toString());
        expect(2, "measured-data file not found", "fit", "variation", "--programming", dir.resolve("none.csv").toString(),
                "-o", dir.resolve("fv").toString());
    }

    /** Item 9: a truncated JSON file gives the reason without the JSON library's class names or links. */
    @Test
    void truncatedJsonArrayFile() throws IOException {
        Path json = write("arrays.json", "{\"r_on\": 1e4,\n \"r_off\": ");
        String err = expect(2, json + ": not valid JSON (End of input at line 2 column 11", "infer", "--model", "m.onnx",
                "--images-file", "x", "--labels-file", "y", "--arrays", json.toString(), "-o", dir.resolve("inf").toString());
        assertFalse(err.contains("gson") || err.contains("http"), err);
    }

    /** Item 15: non-positive measured conductances are refused, not fitted. */
    @Test
    void negativeMeasuredConductances() throws IOException {
        Path prog = write("prog.csv", "Target_10uS,Target_20uS\n-10.1,-20.3\n-9.8,-19.7\n-10.0,-20.1\n");
        expect(2, "conductance -10.1 uS at target 10.0 uS: measured conductances must be positive", "fit", "variation",
                "--programming", prog.toString(), "-o", dir.resolve("fv").toString());
        assertFalse(Files.exists(dir.resolve("fv/variation.json")));
    }

    /** Item 14 and 16: option values outside their range, refused before any work with the range. */
    @Test
    void optionRanges() {
        expect(2, "--amplitudes: conversion amplitude 0.0 is outside (0, 1]", "infer", "--model", "m.onnx",
                "--images-file", "x", "--labels-file", "y", "--amplitudes", "0", "-o", dir.resolve("inf").toString());
        expect(2, "--amplitudes: conversion amplitude -1.0 is outside (0, 1]", "bench", "accuracy", "--amplitudes", "-1",
                "-o", dir.resolve("acc").toString());
        expect(2, "--timeout 0: at least 1 s", "bench", "ngspice", "--timeout", "0", "-o", dir.resolve("ng.csv").toString());
        expect(2, "--style fancy: one of [plain, subckt, param]", "generate", "crossbar", "--rows", "2", "--cols", "2",
                "--style", "fancy", "-o", dir.resolve("g.cir").toString());
        expect(2, "--style fancy: one of [plain, subckt, param]", "bench", "ngspice", "--style", "fancy", "-o",
                dir.resolve("ng.csv").toString());
        expect(2, "--calibration-signal odd: one of [shuffled, random, decreasing, none]", "bench", "accuracy",
                "--calibration-signal", "odd", "-o", dir.resolve("acc2").toString());
        expect(2, "--reference spice3: one of [ngspice, structured]", "bench", "ngspice", "--reference", "spice3", "-o",
                dir.resolve("ng.csv").toString());
        expect(2, "the structured solver is the reference of element-by-element netlists", "bench", "ngspice",
                "--reference", "structured", "--declared", "-o", dir.resolve("ng.csv").toString());
    }

    /**
     * Item 25: a generate interrupted by SIGINT or SIGTERM while writing leaves the old file as it
     * was and no temporary file beside it.
     */
    @Test
    void interruptedWriteLeavesNoTemporaryFile() throws Exception {
        for (String signal : new String[] {"INT", "TERM"}) {
            Path out = write("g.cir", "old contents\n");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "org.xbarsim.cli.XbarSim", "generate", "crossbar", "--rows", "1500",
                    "--cols", "1500", "-o", out.toString()).redirectErrorStream(true).start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            boolean writing = false;
            while (!writing && p.isAlive() && System.nanoTime() < deadline) {
                try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                    writing = s.anyMatch(f -> f.getFileName().toString().startsWith(".g.cir.")
                            && Files.isRegularFile(f) && f.toFile().length() > 0);
                }
                Thread.sleep(5);
            }
            assertTrue(writing, "the temporary file appeared while writing");
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the process ends");
            assertTrue(p.exitValue() != 0, "an interrupted run exits non-zero");
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                assertEquals(java.util.List.of(), s.filter(f -> f.getFileName().toString().startsWith(".g.cir.")).toList(),
                        "no temporary file left after SIG" + signal);
            }
            assertEquals("old contents\n", Files.readString(out), "the old file is untouched after SIG" + signal);
        }
    }

    /** Writes an IDX file of unsigned bytes: magic, dimensions, data. */
    private Path idx(String name, int[] dims, byte[] data) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(b);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        Path p = dir.resolve(name);
        Files.write(p, b.toByteArray());
        return p;
    }

    private static final String MODEL = "benchmarks/models/mnist_cnn.onnx";

    /** Item 8: an IDX header of 0 images, and images of another shape than the model's, refused with the figures. */
    @Test
    void idxFilesThatDoNotFitTheModel() throws IOException {
        Path labels = idx("l.idx", new int[] {2}, new byte[] {1, 2});
        Path none = idx("none.idx", new int[] {0, 28, 28}, new byte[0]);
        expect(2, none + ": IDX dimension 1 of 3 is 0; each must be at least 1", "infer", "--model", MODEL,
                "--images-file", none.toString(), "--labels-file", labels.toString(), "--images", "1", "-o",
                dir.resolve("inf").toString());
        Path wide = idx("wide.idx", new int[] {2, 14, 56}, new byte[2 * 14 * 56]);
        expect(2, wide + ": images of 14x56 pixels; the model " + MODEL + " takes 28x28", "infer", "--model", MODEL,
                "--images-file", wide.toString(), "--labels-file", labels.toString(), "--images", "1", "-o",
                dir.resolve("inf").toString());
    }

    /** Item 16: a label beyond the model's classes is refused with the class range. */
    @Test
    void labelOutsideTheModelsClasses() throws IOException {
        Path images = idx("i.idx", new int[] {1, 28, 28}, new byte[28 * 28]);
        Path labels = idx("l.idx", new int[] {1}, new byte[] {(byte) 200});
        expect(2, labels + ": label 200 of image 0 is outside the model's 10 classes (0 to 9)", "infer", "--model", MODEL,
                "--images-file", images.toString(), "--labels-file", labels.toString(), "--images", "1", "-o",
                dir.resolve("inf").toString());
        assertFalse(Files.exists(dir.resolve("inf")), "no output folder on bad input");
    }

    /** Item 22: a programming error beyond the conductance range is refused before any work, with the range. */
    @Test
    void sigmaBeyondTheConductanceRange() {
        expect(2, "--sigma 1000000.0 uS: from 0 to 66.6", "infer", "--model", MODEL, "--images-file", "x", "--labels-file",
                "y", "--sigma", "1e6", "-o", dir.resolve("inf").toString());
    }

    /** Item 23: a negative diode area is named as the area, not as a derived IS. */
    @Test
    void negativeDiodeArea() throws IOException {
        Path p = write("area.cir", "t\nv1 a 0 1\nd1 a 0 dd area=-1\n.model dd d\n.op\n.end\n");
        expect(2, p + ":3:1: diode area = -1.0: must be positive", "run", p.toString());
        expect(2, "itl1 = 1000000000000: a whole number from 1 to 1000000", "run", p.toString(), "-O", "itl1=1e12");
    }

    /** Item 18: fit and validate check their output folder before reading any data. */
    @Test
    void fitChecksItsOutputFirst() throws IOException {
        Path blocker = write("blocker", "x");
        expect(1, "cannot write into " + blocker + ": it is a file, not a folder", "fit", "variation", "--programming",
                dir.resolve("none.csv").toString(), "-o", blocker.toString());
    }

    /** Item 21: an input vector that drives the equations out of the double range is named, with the branch it breaks. */
    @Test
    void inputVectorBeyondTheScaleIsNamed() throws IOException {
        Path p = write("d.cir", "t\nv1 a 0 1\nr1 a b 1k\nd1 b 0 dd\n.model dd d\n.op\n.end\n");
        Path in = write("in.csv", "v1\n0.5\n1e300\n");
        expect(3, "input vector 2 [1.0E300]: no convergence", "run", p.toString(), "--inputs", in.toString());
        expect(3, "largest residual 1.000e+300 V at branch 'v1#branch'", "run", p.toString(), "--inputs", in.toString());
    }
}
