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
    /**
     * The statement's text as characters [from, to) of {@code source}: a string of its own (from 0
     * to its length), or the file's text for a one-line element read in place, which the lines of a
     * large netlist then share instead of a string each.
     */
    private final String source;
    private final int from;
    private final int to;
    /** Index in {@code text} where each segment starts; null for a statement on one physical line. */
    private final int[] segStart;
    /** Physical line of each segment (null: one line). */
    private final int[] segLine;
    /** Column of each segment's first character (null: one line). */
    private final int[] segColumn;
    /** Physical line and column of the first character (kept apart: most statements have one line, no arrays). */
    private final int line;
    private final int column;

    /**
     * The flat element this statement was read into in place (a one-line element of a common form,
     * {@link PlainStatements}), or null: the parser takes it as it is where the statement stands at
     * the top level, and reads the text again anywhere else.
     */
    Deck.Statement plain;

    LogicalLine(Path file, String text, int[] segStart, int[] segLine, int[] segColumn) {
        this.file = file;
        this.source = text;
        this.from = 0;
        this.to = text.length();
        boolean one = segStart.length == 1;
        this.segStart = one ? null : segStart;
        this.segLine = one ? null : segLine;
        this.segColumn = one ? null : segColumn;
        this.line = segLine[0];
        this.column = segColumn[0];
    }

    /** A statement on one physical line, characters [from, to) of the file's text {@code source}, its first at (line, column). */
    LogicalLine(Path file, String source, int from, int to, int line, int column) {
        this.file = file;
        this.source = source;
        this.from = from;
        this.to = to;
        this.segStart = null;
        this.segLine = null;
        this.segColumn = null;
        this.line = line;
        this.column = column;
    }

    /** The statement text, continuation lines joined by a space. */
    public String text() {
        return from == 0 && to == source.length() ? source : source.substring(from, to);
    }

    /** Characters [from, to) of {@link #text()}. */
    String text(int from, int to) {
        return source.substring(this.from + from, this.from + to);
    }

    public Path file() {
        return file;
    }

    /** Where the character at {@code index} of {@link #text()} was written. */
    public SourceLocation locationAt(int index) {
        if (segStart == null) {
            return new SourceLocation(file, line, column + Math.max(0, index));
        }
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
        private final Path file;
        /** The text while it is one segment (most statements have one line); then sb holds it. */
        private String text;
        private StringBuilder sb;
        private int[] starts = new int[1];
        private int[] lines = new int[1];
        private int[] columns = new int[1];
        private int segments;

        Builder(Path file) {
            this.file = file;
        }

        /** Appends {@code segment}, whose first character sits at (line, firstColumn). */
        void append(String segment, int line, int firstColumn) {
            if (segments > 0) {
                if (sb == null) {
                    sb = new StringBuilder(text);
                }
                sb.append(' ');
            }
            if (segments == starts.length) {
                starts = Arrays.copyOf(starts, 2 * segments);
                lines = Arrays.copyOf(lines, 2 * segments);
                columns = Arrays.copyOf(columns, 2 * segments);
            }
            starts[segments] = sb == null ? 0 : sb.length();
            lines[segments] = line;
            columns[segments] = firstColumn;
            segments++;
            if (sb == null) {
                text = segment;
            } else {
                sb.append(segment);
            }
        }

        /** The line; the builder is not used after (its arrays are handed over when full). */
        LogicalLine build() {
            return new LogicalLine(file, sb == null ? text : sb.toString(), trimmed(starts), trimmed(lines),
                    trimmed(columns));
        }

        private int[] trimmed(int[] a) {
            return a.length == segments ? a : Arrays.copyOf(a, segments);
        }
    }
}
