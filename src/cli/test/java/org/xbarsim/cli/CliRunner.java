package org.xbarsim.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Runs the command line in-process and captures what it prints. */
final class CliRunner {
    /** Exit code, standard output and standard error of one run. */
    record Result(int exit, String out, String err) {
    }

    private CliRunner() {
    }

    /** Writes {@code text} to file {@code name} in {@code dir}; returns its path. */
    static java.nio.file.Path write(java.nio.file.Path dir, String name, String text) throws java.io.IOException {
        java.nio.file.Path p = dir.resolve(name);
        java.nio.file.Files.writeString(p, text);
        return p;
    }

    static Result run(String... args) {
        CommandLine cl = XbarSim.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
