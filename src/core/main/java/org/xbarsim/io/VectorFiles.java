package org.xbarsim.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

import org.xbarsim.netlist.NetlistException;
import org.xbarsim.netlist.Numbers;
import org.xbarsim.netlist.SourceLocation;

/**
 * Files of vectors, one per row: CSV text (an optional header line of names; values separated by
 * commas, semicolons or white space; {@code #} comment lines) or NumPy {@code .npy} (a 1-D or 2-D
 * array of float64 or float32, either order), the format by the file's extension. Text is parsed
 * straight from the file's bytes (no String per value); a value that is not a plain number is read
 * as a SPICE number ({@code 0.2m}). Errors name the file, line, column and token.
 */
public final class VectorFiles {
    private VectorFiles() {
    }

    /**
     * The vectors of a file, with the names of its header line (lower case; empty without one).
     *
     * @param rows one array per vector, all of the same length
     */
    public record Table(List<String> header, List<double[]> rows) {
    }

    /** True for a NumPy file (by its extension). */
    public static boolean isNpy(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /**
     * Reads {@code file}; {@code what} names its role in errors.
     *
     * @throws NetlistException for a missing, binary or malformed file, naming the place
     */
    public static Table read(Path file, String what) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new NetlistException(null, file + " is a directory, not " + what, null);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NetlistException(null, "file not found: " + file, null);
        } catch (IOException e) {
            throw new NetlistException(null, "cannot read " + file + ": " + e.getMessage(), null);
        }
        return isNpy(file) ? npy(file, bytes, what) : text(file, bytes, what);
    }

    // ---------------------------------------------------------------- text

    private static Table text(Path file, byte[] b, String what) {
        List<String> header = List.of();
        List<double[]> rows = new ArrayList<>();
        double[] row = new double[16];
        int n = b.length;
        int lineNo = 0;
        int i = 0;
        while (i < n) {
            int start = i;
            while (i < n && b[i] != '\n' && b[i] != '\r') {
                i++;
            }
            int end = i;
            lineNo++;
            if (i < n && b[i] == '\r' && i + 1 < n && b[i + 1] == '\n') {
                i++;
            }
            i++;
            int p = skipBlank(b, start, end);
            if (p == end || b[p] == '#') {
                continue;
            }
            if (rows.isEmpty() && header.isEmpty() && !startsNumber(b[p])) {
                header = names(file, b, p, end, lineNo, what);
                continue;
            }
            int count = 0;
            while (p < end) {
                int q = p;
                while (q < end && !isSeparator(b[q])) {
                    q++;
                }
                if (count == row.length) {
                    row = java.util.Arrays.copyOf(row, 2 * row.length);
                }
                row[count++] = number(file, b, p, q, lineNo, start, what);
                p = q;
                while (p < end && isSeparator(b[p])) {
                    p++;
                }
            }
            rows.add(java.util.Arrays.copyOf(row, count));
        }
        return new Table(header, rows);
    }

    private static int skipBlank(byte[] b, int p, int end) {
        while (p < end && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        return p;
    }

    private static boolean isSeparator(byte c) {
        return c == ',' || c == ';' || c == ' ' || c == '\t';
    }

    private static boolean startsNumber(byte c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
    }

    private static List<String> names(Path file, byte[] b, int p, int end, int lineNo, String what) {
        int lineStart = p;
        while (lineStart > 0 && b[lineStart - 1] != '\n' && b[lineStart - 1] != '\r') {
            lineStart--;
        }
        String line = new String(b, lineStart, end - lineStart, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        int at = 0;
        for (String s : line.strip().split("[,;\\s]+")) {
            at = line.indexOf(s, at);
            String name = s.toLowerCase(Locale.ROOT);
            if (names.contains(name)) {
                throw new NetlistException(new SourceLocation(file, lineNo, at + 1), "the header names '" + name
                        + "' twice in " + what, s);
            }
            names.add(name);
            at += s.length();
        }
        return List.copyOf(names);
    }

    private static double number(Path file, byte[] b, int from, int to, int lineNo, int lineStart, String what) {
        double v;
        try {
            v = JavaDoubleParser.parseDouble(b, from, to - from);
        } catch (NumberFormatException e) {
            v = Numbers.parse(new String(b, from, to - from, StandardCharsets.ISO_8859_1)); // SPICE scale factors
        }
        if (!Double.isFinite(v)) {
            throw new NetlistException(new SourceLocation(file, lineNo, from - lineStart + 1), "not a number in " + what,
                    new String(b, from, to - from, StandardCharsets.UTF_8));
        }
        return v;
    }

    // ---------------------------------------------------------------- .npy

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([fiu])(\\d+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private static Table npy(Path file, byte[] b, String what) {
        SourceLocation at = SourceLocation.startOf(file);
        if (b.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(b, 6), MAGIC)) {
            throw new NetlistException(at, "not a NumPy .npy file (no \\x93NUMPY magic), not " + what, null);
        }
        int major = b[6];
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
        int dataStart = (major == 1 ? 10 : 12) + headerLength;
        if (dataStart > b.length) {
            throw new NetlistException(at, "truncated .npy header, not " + what, null);
        }
        String dict = new String(b, major == 1 ? 10 : 12, headerLength, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(dict);
        Matcher o = ORDER.matcher(dict);
        Matcher s = SHAPE.matcher(dict);
        if (!d.find() || !o.find() || !s.find()) {
            throw new NetlistException(at, ".npy header without descr, fortran_order and shape: " + dict.strip(), null);
        }
        String kind = d.group(2);
        int size = Integer.parseInt(d.group(3));
        if (!kind.equals("f") || (size != 8 && size != 4) || d.group(1).equals(">")) {
            throw new NetlistException(at, ".npy of " + d.group(1) + kind + size + ": " + what
                    + " must be little-endian float64 or float32", null);
        }
        String[] dims = s.group(1).split(",");
        List<Long> shape = new ArrayList<>();
        for (String dim : dims) {
            if (!dim.isBlank()) {
                shape.add(Long.parseLong(dim.strip()));
            }
        }
        if (shape.isEmpty() || shape.size() > 2) {
            throw new NetlistException(at, ".npy of shape " + shape + ": " + what + " must be one vector or a matrix of "
                    + "vectors (one per row)", null);
        }
        long rowsL = shape.size() == 1 ? 1 : shape.get(0);
        long colsL = shape.get(shape.size() - 1);
        if (rowsL * colsL * size > b.length - dataStart || rowsL < 1 || colsL < 1) {
            throw new NetlistException(at, ".npy of shape " + shape + " holds " + (b.length - dataStart)
                    + " bytes of data, fewer than the shape needs", null);
        }
        int rows = (int) rowsL;
        int cols = (int) colsL;
        boolean fortran = o.group(1).equals("True");
        List<double[]> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            double[] row = new double[cols];
            for (int c = 0; c < cols; c++) {
                long index = fortran ? (long) c * rows + r : (long) r * cols + c;
                int pos = dataStart + (int) (index * size);
                row[c] = size == 8 ? buf.getDouble(pos) : buf.getFloat(pos);
                if (!Double.isFinite(row[c])) {
                    throw new NetlistException(at, "value " + row[c] + " at row " + r + ", column " + c + " of " + file
                            + " is not a finite number", null);
                }
            }
            out.add(row);
        }
        return new Table(List.of(), out);
    }

    /**
     * Writes rows of {@code cols} values as a NumPy float64 array of shape (rows, cols), C order
     * (format version 1.0, the header padded to 64 bytes).
     */
    public static void writeNpy(List<double[]> rows, int cols, OutputStream out) throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows.size() + ", " + cols + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.write(head.array());
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer chunk = ByteBuffer.allocate(8 * Math.max(1, cols)).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] row : rows) {
            chunk.clear();
            for (int c = 0; c < cols; c++) {
                chunk.putDouble(row[c]);
            }
            out.write(chunk.array(), 0, 8 * cols);
        }
    }
}
