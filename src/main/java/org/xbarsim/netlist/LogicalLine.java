package org.xbarsim.netlist;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One statement of a netlist after comments are stripped and {@code +} continuations joined.
 * Every character keeps the physical line and column it came from, so errors point at the
 * place the user wrote: the text is made of segments, each a run of one physical line.
 */
public final class LogicalLine {
    private final Path file;
    private final String text;
    /** Index in {@code text} where each segment starts. */
    private final int[] segStart;
    /** Physical line of each segment. */
    private final int[] segLine;
    /** Column of each segment's first character. */
    private final int[] segColumn;

    LogicalLine(Path file, String text, int[] segStart, int[] segLine, int[] segColumn) {
        this.file = file;
        this.text = text;
        this.segStart = segStart;
        this.segLine = segLine;
        this.segColumn = segColumn;
    }

    /** The statement text, continuation lines joined by a space. */
    public String text() {
        return text;
    }

    public Path file() {
        return file;
    }

    /** Where the character at {@code index} of {@link #text()} was written. */
    public SourceLocation locationAt(int index) {
        int s = segStart.length - 1;
        while (s > 0 && segStart[s] > index) {
            s--;
        }
        return new SourceLocation(file, segLine[s], segColumn[s] + Math.max(0, index - segStart[s]));
    }

    public SourceLocation start() {
        return locationAt(0);
    }

    /** Builds a logical line from physical segments. */
    static final class Builder {
        private static final int[] ZERO = {0};
        private final Path file;
        /** The first segment, while it is the only one (most statements have one line). */
        private String first;
        private int firstLine;
        private int firstColumn;
        private StringBuilder sb;
        private int[] starts;
        private int[] lines;
        private int[] columns;
        private int segments;

        Builder(Path file) {
            this.file = file;
        }

        /** Appends {@code segment}, whose first character sits at (line, firstColumn). */
        void append(String segment, int line, int column) {
            if (segments == 0) {
                first = segment;
                firstLine = line;
                firstColumn = column;
                segments = 1;
                return;
            }
            if (sb == null) {
                sb = new StringBuilder(first);
                starts = new int[4];
                lines = new int[4];
                columns = new int[4];
                lines[0] = firstLine;
                columns[0] = firstColumn;
            }
            sb.append(' ');
            if (segments == starts.length) {
                starts = Arrays.copyOf(starts, 2 * segments);
                lines = Arrays.copyOf(lines, 2 * segments);
                columns = Arrays.copyOf(columns, 2 * segments);
            }
            starts[segments] = sb.length();
            lines[segments] = line;
            columns[segments] = column;
            segments++;
            sb.append(segment);
        }

        LogicalLine build() {
            if (sb == null) {
                return new LogicalLine(file, first, ZERO, new int[] {firstLine}, new int[] {firstColumn});
            }
            return new LogicalLine(file, sb.toString(), Arrays.copyOf(starts, segments),
                    Arrays.copyOf(lines, segments), Arrays.copyOf(columns, segments));
        }
    }
}
