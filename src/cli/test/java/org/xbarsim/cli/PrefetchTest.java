package org.xbarsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** A run whose netlist was read on a second thread during start-up reports exactly what a plain run does. */
class PrefetchTest {
    @TempDir
    Path dir;

    private static CliRunner.Result withPrefetch(String... args) {
        Prefetch.start(args);
        CommandLine cl = XbarSim.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRunner.Result(code, out.toString(), err.toString());
    }

    @Test
    void sameResultsAsAPlainRun() {
        String[] args = {"run", "netlists/subckt_nested.cir", "--format", "csv"};
        CliRunner.Result plain = CliRunner.run(args);
        CliRunner.Result pre = withPrefetch(args);
        assertEquals(0, pre.exit(), pre.err());
        assertEquals(plain.out(), pre.out());
    }

    @Test
    void sameErrorsAsAPlainRun() throws IOException {
        Path bad = dir.resolve("bad.cir");
        Files.writeString(bad, "t\nv1 a 0 1\nr1 a 0 {1k*nope}\n.op\n.end\n");
        String[] args = {"run", bad.toString()};
        CliRunner.Result plain = CliRunner.run(args);
        CliRunner.Result pre = withPrefetch(args);
        assertEquals(2, pre.exit());
        assertEquals(plain.err(), pre.err());
        assertEquals(bad + ":3:12: undefined parameter 'nope' (nope)", pre.err().strip());
    }
}
