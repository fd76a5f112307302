package org.xbarsim.validation;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xbarsim.netlist.NetlistException;
import org.xbarsim.netlist.SourceLocation;

/**
 * A measured-data CSV file read with Commons CSV: numeric columns, optionally under a header
 * line, that may end early (a short column leaves its cells empty below its last value). Every
 * bad cell is reported as {@code file:line:column: message (token)}.
 *
 * @param file    the file read
 * @param header  the column names, or empty for a file without a header
 * @param columns each column's values, top to bottom, up to its last non-empty cell
 */
public record MeasuredTable(Path file, List<String> header, List<double[]> columns) {

    /** Reads a file whose first line names the columns. */
    public static MeasuredTable withHeader(Path file) throws IOException {
        return read(file, true);
    }

    /** Reads a file of numbers only. */
    public static MeasuredTable numbers(Path file) throws IOException {
        return read(file, false);
    }

    private static NetlistException binary(Path file) {
        return new NetlistException(SourceLocation.startOf(file), "not a text file (invalid UTF-8); expected a measured-data "
                + "CSV file", null);
    }

    private static MeasuredTable read(Path file, boolean header) throws IOException {
        if (Files.isDirectory(file)) {
            throw new NetlistException(null, file + " is a directory; expected a measured-data CSV file", null);
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + ": measured-data file not found");
        }
        List<String> names = List.of();
        List<List<Double>> cols = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get().parse(r)) {
            java.util.Iterator<CSVRecord> records = p.iterator();
            if (header && records.hasNext()) {
                names = records.next().stream().map(String::strip).toList();
            }
            int width = header ? names.size() : -1;
            for (int row = 0; records.hasNext(); row++) {
                CSVRecord rec = records.next();
                int line = (int) p.getCurrentLineNumber();
                if (width < 0) {
                    width = rec.size(); // a file without a header: the first row's width
                }
                if (rec.size() != width) {
                    throw new NetlistException(new SourceLocation(file, line, 1), "expected " + width + " comma-separated "
                            + "cells, found " + rec.size(), null);
                }
                while (cols.size() < width) {
                    cols.add(new ArrayList<>());
                }
                int at = 1;
                for (int c = 0; c < width; c++) {
                    String s = rec.get(c);
                    if (!s.isEmpty()) {
                        String what = header ? "column '" + names.get(c) + "'" : "column " + (c + 1);
                        double v = parse(s);
                        if (!Double.isFinite(v)) {
                            throw new NetlistException(new SourceLocation(file, line, at), "expected a number in " + what, s);
                        }
                        if (cols.get(c).size() != row) {
                            throw new NetlistException(new SourceLocation(file, line, at), "a value in " + what
                                    + " below an empty cell", s);
                        }
                        cols.get(c).add(v);
                    }
                    at += s.length() + 1;
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw binary(file);
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw binary(file);
            }
            throw new IOException(file + ": " + e.getCause().getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IOException(file + ": not a CSV file: " + e.getMessage(), e);
        }
        if (cols.isEmpty() || cols.get(0).isEmpty()) {
            throw new NetlistException(SourceLocation.startOf(file), "no data rows" + (header ? " below the header" : ""), null);
        }
        List<double[]> out = new ArrayList<>();
        for (List<Double> c : cols) {
            out.add(c.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return new MeasuredTable(file, names, List.copyOf(out));
    }

    /** A plain decimal number, or NaN (SPICE scale factors do not apply to measured data). */
    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The column named {@code name} (case-insensitive); a missing one is named with the file. */
    public double[] column(String name) {
        for (int c = 0; c < header.size(); c++) {
            if (header.get(c).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return columns.get(c);
            }
        }
        throw new NetlistException(SourceLocation.startOf(file), "expected a column '" + name + "' in the header", null);
    }

    /**
     * The table as a full matrix of {@code rows} x {@code cols} values, [row][column]; any other
     * shape is an error naming the shape expected and found.
     */
    public double[][] matrix(int rows, int cols) {
        int found = columns.get(0).length;
        boolean full = columns.stream().allMatch(c -> c.length == found);
        if (columns.size() != cols || found != rows || !full) {
            throw new NetlistException(SourceLocation.startOf(file), "expected " + rows + " rows of " + cols
                    + " values, found " + found + " rows of " + columns.size(), null);
        }
        double[][] m = new double[rows][cols];
        for (int j = 0; j < cols; j++) {
            double[] c = columns.get(j);
            for (int i = 0; i < rows; i++) {
                m[i][j] = c[i];
            }
        }
        return m;
    }
}
