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
 * Each class of user error prints one line {@code file:line:column: message (token)} (or names
 * the node, iterations and residual for solve failures), exits with its code, and prints no stack trace.
 */
class NetlistErrorTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return CliRunner.write(dir, name, text);
    }

    /** Runs the netlist and checks exit code 2 and the exact error line. */
    private void expectError(String text, String expectedAfterPath) throws IOException {
        Path p = write("bad.cir", text);
        CliRunner.Result r = CliRunner.run("run", p.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(p + ":" + expectedAfterPath, r.err().strip());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        assertTrue(r.out().isEmpty(), "nothing on standard output");
    }

    @Test
    void unknownElement() throws IOException {
        expectError("t\nv1 a 0 1\n  q1 a 0 0 qmod\n.end\n",
                "3:3: unknown element type 'q' (supported: R C L V I E G F H D M B Y X) (q1)");
    }

    @Test
    void unknownDirective() throws IOException {
        expectError("t\nv1 a 0 1\nr1 a 0 1k\n.frobnicate 3\n.end\n", "4:1: unknown directive (.frobnicate)");
    }

    @Test
    void missingNode() throws IOException {
        expectError("t\nv1 a 0 1\nr1 a\n.end\n", "3:1: missing node 2 of 2 (r1)");
    }

    @Test
    void badNumber() throws IOException {
        expectError("t\nv1 a 0 1\nr1 a 0 1.5.2\n.end\n", "3:8: bad number (1.5.2)");
    }

    @Test
    void unknownModel() throws IOException {
        expectError("t\nv1 a 0 1\nd1 a 0 nosuch\n.end\n", "3:1: unknown model 'nosuch' (d1)");
    }

    @Test
    void undefinedParameterPointsIntoTheExpression() throws IOException {
        expectError("t\n.param r0=1k\nv1 a 0 1\nr1 a 0 {r0 + rq*2}\n.end\n", "4:14: undefined parameter 'rq' (rq)");
    }

    @Test
    void recursiveSubcircuit() throws IOException {
        expectError("t\n.subckt loop a b\nx1 a b loop\n.ends\nv1 a 0 1\nx0 a 0 loop\n.end\n",
                "3:8: recursive subcircuit: loop -> loop (loop)");
    }

    @Test
    void missingInclude() throws IOException {
        expectError("t\n.include models/none.inc\nv1 a 0 1\n.end\n",
                "2:10: file not found: " + dir.resolve("models/none.inc") + " (models/none.inc)");
    }

    @Test
    void floatingNodeIsNamed() throws IOException {
        expectError("t\nv1 a 0 1\nr1 a 0 1k\nc1 a f 1u\nr2 f g 1k\n.end\n",
                "4:1: floating node 'f': no DC path to ground (only capacitors, current sources, MOSFET gates or B "
                        + "current sources that do not depend on its voltage reach it); the matrix would be singular (c1)");
    }

    @Test
    void loopOfVoltageSourcesIsNamed() throws IOException {
        expectError("t\nv1 a 0 1\nl1 a b 1m\nv2 b 0 2\nr1 a 0 1k\n.end\n",
                "4:1: loop of voltage sources (singular matrix): l1 -> v1 -> v2 (v2)");
    }

    @Test
    void nonConvergenceNamesIterationsResidualAndNode() throws IOException {
        // KCL at a: v/1k = 1 + v^2 has no real solution
        Path p = write("nosol.cir", "t\nr1 a 0 1k\nb1 0 a i=1+v(a)*v(a)\n.op\n.end\n");
        CliRunner.Result r = CliRunner.run("run", p.toString());
        assertEquals(3, r.exit(), r.err());
        String msg = r.err().strip();
        assertTrue(msg.matches("error: " + java.util.regex.Pattern.quote(p.toString()) + ":4:1: \\.op: no convergence after \\d+ Newton iterations \\(gmin and source stepping included\\): "
                + "largest residual \\d\\.\\d{3}e[+-]\\d+ A at node 'a'"), msg);
    }

    @Test
    void missingEmptyAndBinaryFiles() throws IOException {
        CliRunner.Result missing = CliRunner.run("run", dir.resolve("nothere.cir").toString());
        assertEquals(2, missing.exit());
        assertEquals("file not found: " + dir.resolve("nothere.cir"), missing.err().strip());

        Path empty = write("empty.cir", "");
        CliRunner.Result e = CliRunner.run("run", empty.toString());
        assertEquals(2, e.exit());
        assertEquals(empty + ":1:1: empty netlist: expected a title line and at least one element", e.err().strip());

        Path bin = dir.resolve("bin.cir");
        Files.write(bin, new byte[] {'t', '\n', 'r', 0x00, 0x7f, (byte) 0xff, 0x10});
        CliRunner.Result b = CliRunner.run("run", bin.toString());
        assertEquals(2, b.exit());
        assertEquals(bin + ":2:2: binary data (NUL byte at offset 3), not a netlist", b.err().strip());

        Path latin = dir.resolve("latin.cir");
        Files.write(latin, new byte[] {'t', '\n', 'r', '1', ' ', (byte) 0xe9, '\n'});
        CliRunner.Result l = CliRunner.run("run", latin.toString());
        assertEquals(2, l.exit());
        assertEquals(latin + ":1:1: not a text file: invalid UTF-8, not a netlist", l.err().strip());
    }

    @Test
    void titleOnly() throws IOException {
        Path p = write("title.cir", "just a title\n\n* and a comment\n");
        CliRunner.Result r = CliRunner.run("run", p.toString());
        assertEquals(2, r.exit());
        assertEquals(p + ":2:1: netlist has a title line but no elements or directives", r.err().strip());
    }
}
