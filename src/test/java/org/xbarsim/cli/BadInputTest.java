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
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
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
}
