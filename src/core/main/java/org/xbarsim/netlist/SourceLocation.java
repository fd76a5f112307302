package org.xbarsim.netlist;

import java.nio.file.Path;

/**
 * A place in a netlist file: 1-based line and column.
 *
 * @param file   the file the text came from
 * @param line   1-based line number
 * @param column 1-based column number
 */
public record SourceLocation(Path file, int line, int column) {

    /** Where a problem with a whole file (missing, empty, binary) is reported. */
    public static SourceLocation startOf(Path file) {
        return new SourceLocation(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
