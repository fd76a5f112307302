package org.xbarsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.xbarsim.report.AtomicFile;

/**
 * Checks of a command's output paths made before any work: a run that would fail to write its
 * results fails at once, not after the computation.
 */
final class Outputs {
    private Outputs() {
    }

    /**
     * Checks that {@code out} (when given) can be written and is none of the command's inputs.
     *
     * @throws IllegalArgumentException when out is an input (the input would be overwritten)
     * @throws IOException              naming the file and the reason it cannot be written
     */
    static void file(Path out, String option, Path... inputs) throws IOException {
        if (out == null) {
            return;
        }
        Path abs = out.toAbsolutePath().normalize();
        for (Path in : inputs) {
            if (in == null) {
                continue;
            }
            boolean same = abs.equals(in.toAbsolutePath().normalize())
                    || (Files.exists(out) && Files.exists(in) && Files.isSameFile(out, in));
            if (same) {
                throw new IllegalArgumentException(option + " " + out + " is an input of this run: it would be "
                        + "overwritten; name another file");
            }
        }
        AtomicFile.checkWritable(out);
    }

    /** Checks that folder {@code dir} exists or can be made, and that files can be written in it. */
    static void directory(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("cannot write into " + dir + ": it is a file, not a folder");
        }
        AtomicFile.checkWritable(dir.resolve(".xbarsim-write-check"));
    }
}
