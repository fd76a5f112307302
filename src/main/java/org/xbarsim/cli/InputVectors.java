package org.xbarsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.xbarsim.netlist.NetlistException;
import org.xbarsim.netlist.Numbers;
import org.xbarsim.netlist.SourceLocation;

/**
 * Input vectors from a CSV file: one vector per line, values separated by commas, semicolons or
 * blanks (SI suffixes allowed); {@code #} lines are comments; a first line that is not numeric
 * names the sources the columns set.
 *
 * @param sources the source names of the header line, or empty
 * @param vectors the vectors, in file order
 */
record InputVectors(List<String> sources, List<double[]> vectors) {

    /** Reads {@code file}, each vector {@code width} values long when {@code width > 0}. */
    static InputVectors read(Path file, int width, String what) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new NetlistException(null, "file not found: " + file, null);
        } catch (IOException e) {
            throw new NetlistException(null, "cannot read " + file + ": " + e.getMessage(), null);
        }
        List<String> sources = List.of();
        List<double[]> vectors = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            String raw = lines.get(k);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("[,;\\s]+");
            if (vectors.isEmpty() && sources.isEmpty() && Double.isNaN(Numbers.parse(f[0]))) {
                List<String> names = new ArrayList<>();
                for (String s : f) {
                    names.add(s.toLowerCase(Locale.ROOT));
                }
                sources = List.copyOf(names);
                width = names.size();
                continue;
            }
            double[] v = new double[f.length];
            int col = 0;
            for (int c = 0; c < f.length; c++) {
                col = raw.indexOf(f[c], col);
                v[c] = Numbers.parse(f[c]);
                if (!Double.isFinite(v[c])) {
                    throw new NetlistException(new SourceLocation(file, k + 1, col + 1), "not a number", f[c]);
                }
                col += f[c].length();
            }
            if (width > 0 && v.length != width) {
                throw new NetlistException(new SourceLocation(file, k + 1, 1), "input vector has " + v.length
                        + " values, " + what + " " + width, null);
            }
            vectors.add(v);
        }
        if (vectors.isEmpty()) {
            throw new NetlistException(SourceLocation.startOf(file), "no input vectors", null);
        }
        return new InputVectors(sources, List.copyOf(vectors));
    }
}
