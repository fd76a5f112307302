package org.xbarsim.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.xbarsim.report.AtomicFile;
import picocli.CommandLine;

/** The end of every command that writes a folder of results: its markdown summary, shown and saved. */
final class Summaries {
    private Summaries() {
    }

    /** Writes {@code md} to {@code output/summary.md}, prints it and the folder; returns exit code 0. */
    static int finish(CommandLine.Model.CommandSpec spec, Path output, String md) throws IOException {
        AtomicFile.write(output.resolve("summary.md"), w -> w.write(md));
        spec.commandLine().getOut().print(md);
        spec.commandLine().getOut().println("written: " + output);
        return 0;
    }
}
