package org.xbarsim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs ngspice in batch mode on a deck and reads every vector it computed, at full precision
 * (ASCII raw file, 16 significant digits): the reference simulator of the comparison tests and
 * of the speed benchmark.
 */
public final class Ngspice {
    private Ngspice() {
    }

    /** Options that make ngspice converge far below the compared tolerance. */
    public static final String TIGHT_OPTIONS = ".options reltol=1e-9 abstol=1e-15 vntol=1e-12";

    /** The batch-mode command line for a deck file. */
    public static List<String> command(Path deckFile) {
        return List.of("ngspice", "-b", deckFile.getFileName().toString());
    }

    /**
     * A deck that runs the netlist {@code deckText} (its {@code .end} dropped) with {@code options}
     * (an .options line, or empty) and writes every vector to {@code raw} as ASCII.
     */
    public static String deck(String deckText, String options, Path raw) {
        return deckText.replaceAll("(?im)^\\.end\\s*$", "") + "\n" + options + "\n.control\nset filetype=ascii\nrun\nwrite " + raw.toAbsolutePath()
                + "\n.endc\n.end\n";
    }

    /** Vectors by lower-case name, each with one value per point. */
    public record Vectors(Map<String, double[]> vectors, int points, String log) {
        public double[] get(String name) {
            return vectors.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The ngspice version line, or null when ngspice is not installed. */
    public static String version() {
        try {
            Process p = new ProcessBuilder("ngspice", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                if (line.contains("ngspice-")) {
                    return line.replace("*", "").strip();
                }
            }
            return out.strip();
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** {@link #run(String, String, Path, Path)} with {@link #TIGHT_OPTIONS}. */
    public static Vectors run(String deckText, Path deckFile, Path workDir) throws IOException, InterruptedException {
        return run(deckText, TIGHT_OPTIONS, deckFile, workDir);
    }

    /**
     * Runs the netlist {@code deckText} with {@code options} (an .options line, or empty for
     * ngspice's defaults and the deck's own options) and a control block that writes all vectors.
     * The deck is written to {@code deckFile}, which is deleted after.
     */
    public static Vectors run(String deckText, String options, Path deckFile, Path workDir)
            throws IOException, InterruptedException {
        Path raw = workDir.resolve(deckFile.getFileName() + ".raw");
        Files.writeString(deckFile, deck(deckText, options, raw));
        String log;
        try {
            Process p = new ProcessBuilder(command(deckFile))
                    .directory(deckFile.toAbsolutePath().getParent().toFile())
                    .redirectErrorStream(true).start();
            log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ngspice timed out on " + deckFile);
            }
        } finally {
            Files.deleteIfExists(deckFile);
        }
        if (!Files.exists(raw)) {
            throw new IOException("ngspice wrote no results for " + deckFile + ":\n" + log);
        }
        Vectors v = readRaw(raw, log);
        Files.deleteIfExists(raw);
        return v;
    }

    /** Parses an ASCII raw file (real data); {@code log} is kept with the vectors. */
    public static Vectors readRaw(Path raw, String log) throws IOException {
        List<String> lines = Files.readAllLines(raw);
        int nVars = 0;
        int nPoints = 0;
        List<String> names = new ArrayList<>();
        int i = 0;
        for (; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("No. Variables:")) {
                nVars = Integer.parseInt(l.substring(14).strip());
            } else if (l.startsWith("No. Points:")) {
                nPoints = Integer.parseInt(l.substring(11).strip());
            } else if (l.startsWith("Variables:")) {
                for (int k = 1; k <= nVars; k++) {
                    String[] f = lines.get(i + k).strip().split("\\s+");
                    names.add(f[1].toLowerCase(Locale.ROOT));
                }
                i += nVars;
            } else if (l.startsWith("Values:")) {
                i++;
                break;
            }
        }
        double[][] data = new double[nVars][nPoints];
        List<String> tokens = new ArrayList<>();
        for (; i < lines.size(); i++) {
            for (String t : lines.get(i).strip().split("\\s+")) {
                if (!t.isEmpty()) {
                    tokens.add(t);
                }
            }
        }
        int t = 0;
        for (int p = 0; p < nPoints; p++) {
            t++; // point index
            for (int k = 0; k < nVars; k++) {
                data[k][p] = Double.parseDouble(tokens.get(t++));
            }
        }
        Map<String, double[]> map = new LinkedHashMap<>();
        for (int k = 0; k < nVars; k++) {
            map.put(names.get(k), data[k]);
        }
        return new Vectors(map, nPoints, log);
    }
}
