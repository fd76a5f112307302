package org.xbarsim.netlist;

import java.nio.file.Path;

/**
 * One statement of a netlist after comments are stripped and {@code +} continuations joined.
 * Every character keeps the physical line and column it came from, so errors point at the
 * place the user wrote.
 */
public final class LogicalLine {
    private final Path file;
    private final String text;
    private final int[] lines;
    private final int[] columns;

    LogicalLine(Path file, String text, int[] lines, int[] columns) {
        this.file = file;
        this.text = text;
        this.lines = lines;
        this.columns = columns;
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
        if (text.isEmpty()) {
            return new SourceLocation(file, lines.length == 0 ? 1 : lines[0], 1);
        }
        int i = Math.max(0, Math.min(index, text.length() - 1));
        int col = columns[i] + (index > i ? index - i : 0);
        return new SourceLocation(file, lines[i], col);
    }

    public SourceLocation start() {
        return locationAt(0);
    }

    /** Builds a logical line from physical segments. */
    static final class Builder {
        private final Path file;
        private final StringBuilder sb = new StringBuilder();
        private int[] lines = new int[64];
        private int[] columns = new int[64];

        Builder(Path file) {
            this.file = file;
        }

        /** Appends {@code segment}, whose first character sits at (line, firstColumn). */
        void append(String segment, int line, int firstColumn) {
            if (sb.length() > 0) {
                put(' ', line, Math.max(1, firstColumn - 1));
            }
            for (int k = 0; k < segment.length(); k++) {
                put(segment.charAt(k), line, firstColumn + k);
            }
        }

        private void put(char c, int line, int col) {
            int n = sb.length();
            if (n == lines.length) {
                lines = java.util.Arrays.copyOf(lines, 2 * n);
                columns = java.util.Arrays.copyOf(columns, 2 * n);
            }
            sb.append(c);
            lines[n] = line;
            columns[n] = col;
        }

        boolean isEmpty() {
            return sb.length() == 0;
        }

        LogicalLine build() {
            int n = sb.length();
            return new LogicalLine(file, sb.toString(), java.util.Arrays.copyOf(lines, n),
                    java.util.Arrays.copyOf(columns, n));
        }
    }
}
