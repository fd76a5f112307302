package org.xbarsim.netlist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A text file of numbers, one record a line: values separated by commas, semicolons or blanks
 * (SPICE scale factors allowed), {@code #} lines and blank lines skipped, a first line that is
 * not numeric taken as a header of names. Every value keeps its line and column for errors.
 *
 * @param file   the file read
 * @param header the names of the header line (lower case), or empty
 * @param rows   the records in file order
 */
public record NumberTable(Path file, List<String> header, List<Row> rows) {

    /** One record: its values as read and as written, its line and each value's column (1-based). */
    public record Row(double[] values, String[] tokens, int line, int[] columns) {
        public SourceLocation location(Path file, int k) {
            return new SourceLocation(file, line, k < columns.length ? columns[k] : 1);
        }
    }

    /**
     * Reads {@code file}. A value that is not a number is reported as
     * {@code file:line:column: not a number in WHAT (token)}.
     *
     * @throws NoSuchFileException when the file is missing (the caller names its role)
     */
    public static NumberTable read(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("it is a directory, not " + what);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new NetlistException(SourceLocation.startOf(file), "not a text file (invalid UTF-8), not " + what, null);
        }
        List<String> header = List.of();
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            String raw = lines.get(k);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("[,;\\s]+");
            if (rows.isEmpty() && header.isEmpty() && Double.isNaN(Numbers.parse(f[0]))) {
                List<String> names = new ArrayList<>(f.length);
                int at = 0;
                for (String s : f) {
                    at = raw.indexOf(s, at);
                    String name = s.toLowerCase(Locale.ROOT);
                    if (names.contains(name)) {
                        throw new NetlistException(new SourceLocation(file, k + 1, at + 1),
                                "the header names '" + name + "' twice in " + what, s);
                    }
                    names.add(name);
                    at += s.length();
                }
                header = List.copyOf(names);
                continue;
            }
            double[] v = new double[f.length];
            int[] cols = new int[f.length];
            int at = 0;
            for (int c = 0; c < f.length; c++) {
                at = raw.indexOf(f[c], at);
                cols[c] = at + 1;
                v[c] = Numbers.parse(f[c]);
                if (!Double.isFinite(v[c])) {
                    throw new NetlistException(new SourceLocation(file, k + 1, at + 1), "not a number in " + what, f[c]);
                }
                at += f[c].length();
            }
            rows.add(new Row(v, f, k + 1, cols));
        }
        return new NumberTable(file, header, List.copyOf(rows));
    }
}
