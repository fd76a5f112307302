package org.xbarsim.cli;

import java.nio.file.Path;
import java.util.List;

import org.xbarsim.io.VectorFiles;
import org.xbarsim.netlist.NetlistException;
import org.xbarsim.netlist.SourceLocation;

/**
 * Input vectors from a CSV or NumPy file ({@link VectorFiles}): one vector per row; a CSV header
 * line names the sources the columns set.
 *
 * @param sources the source names of the header line, or empty
 * @param vectors the vectors, in file order
 */
record InputVectors(List<String> sources, List<double[]> vectors) {

    /**
     * Reads {@code file}; each vector must be as long as the header, else {@code width} values
     * when {@code width > 0} ({@code what} says whose width it is, for the error).
     */
    static InputVectors read(Path file, int width, String what) {
        VectorFiles.Table t = VectorFiles.read(file, "the input vectors");
        int expected = t.header().isEmpty() ? width : t.header().size();
        if (t.rows().isEmpty()) {
            throw new NetlistException(SourceLocation.startOf(file), "no input vectors", null);
        }
        if (expected > 0) {
            for (int k = 0; k < t.rows().size(); k++) {
                double[] r = t.rows().get(k);
                if (r.length != expected) {
                    throw new NetlistException(VectorFiles.isNpy(file) ? SourceLocation.startOf(file)
                            : new SourceLocation(file, rowLine(file, k, t), 1), "input vector " + (k + 1) + " has "
                            + r.length + " values, " + (t.header().isEmpty() ? what : "the header names") + " " + expected,
                            null);
                }
            }
        }
        return new InputVectors(t.header(), t.rows());
    }

    /** The line of vector k in a text file (vectors are its non-comment lines after the header). */
    private static int rowLine(Path file, int k, VectorFiles.Table t) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(file);
            int seen = 0;
            boolean headerSkipped = t.header().isEmpty();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (!headerSkipped) {
                    headerSkipped = true;
                    continue;
                }
                if (seen++ == k) {
                    return i + 1;
                }
            }
        } catch (java.io.IOException e) {
            // the line is only for the message
        }
        return 1;
    }
}
