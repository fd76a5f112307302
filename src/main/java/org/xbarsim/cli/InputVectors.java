package org.xbarsim.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.xbarsim.netlist.NetlistException;
import org.xbarsim.netlist.NumberTable;
import org.xbarsim.netlist.SourceLocation;

/**
 * Input vectors from a file ({@link NumberTable}): one vector per line; a header line names the
 * sources the columns set.
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
        NumberTable t;
        try {
            t = NumberTable.read(file, "the input vectors");
        } catch (NoSuchFileException e) {
            throw new NetlistException(null, "file not found: " + file, null);
        } catch (IOException e) {
            throw new NetlistException(null, "cannot read " + file + ": " + e.getMessage(), null);
        }
        int expected = t.header().isEmpty() ? width : t.header().size();
        List<double[]> vectors = new ArrayList<>(t.rows().size());
        for (NumberTable.Row r : t.rows()) {
            if (expected > 0 && r.values().length != expected) {
                throw new NetlistException(new SourceLocation(file, r.line(), 1), "input vector has " + r.values().length
                        + " values, " + (t.header().isEmpty() ? what : "the header names") + " " + expected, null);
            }
            vectors.add(r.values());
        }
        if (vectors.isEmpty()) {
            throw new NetlistException(SourceLocation.startOf(file), "no input vectors", null);
        }
        return new InputVectors(t.header(), List.copyOf(vectors));
    }
}
