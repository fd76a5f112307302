package org.xbarsim.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the launcher's class-data-sharing archive: in one JVM, the command lines a
 * short netlist run goes through, so the archive holds every class (and lambda) they load. A
 * generated 56 x 56 1T1R crossbar takes the paths of large netlists (the LU on two threads, chord
 * steps, a dense trailing block) and is written to a file; a bundled example is printed in each
 * format.
 */
final class CdsTraining {
    private CdsTraining() {
    }

    /** {@code args}: the folder for the training files, and a bundled example netlist. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: CdsTraining WORK_DIR EXAMPLE.cir");
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        String net = dir.resolve("training.cir").toString();
        String example = args[1];
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), true));
        try {
            int failed = 0;
            for (String[] line : new String[][] {
                {"generate", "crossbar", "--rows", "56", "--cols", "56", "-o", net},
                {"run", net, "--format", "csv", "-o", dir.resolve("training.csv").toString()},
                {"run", net},
                {"run", example, "--format", "csv"},
                {"run", example, "--format", "json", "--timing"},
            }) {
                Prefetch.start(line);
                if (XbarSim.commandLine(line).execute(line) != 0) {
                    failed++;
                }
            }
            if (failed > 0) {
                throw new IllegalStateException(failed + " training command lines failed");
            }
        } finally {
            System.setOut(out);
        }
    }
}
