package org.xbarsim.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.xbarsim.report.AtomicFile;

/**
 * Writes ngspice's results for every netlist of a folder as reference CSV files, so that tests
 * compare against ngspice without running it: {@code ref/NAME.tight.csv} (tight options, the
 * exact answer to 1e-9) and {@code ref/NAME.default.csv} (ngspice's default options plus the
 * deck's own {@code .options}, the accuracy a user of ngspice gets). One column per vector
 * ngspice computed, one row per point, 17 significant digits.
 *
 * <p>Usage: {@code java -cp target/xbarsim.jar org.xbarsim.bench.NgspiceReferences DIR}
 */
public final class NgspiceReferences {
    private NgspiceReferences() {
    }

    /** The two option sets a reference is made with, by the suffix of its file. */
    public static final Map<String, String> OPTION_SETS = Map.of("tight", Ngspice.TIGHT_OPTIONS, "default", "");

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: NgspiceReferences DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String version = Ngspice.version();
        if (version == null) {
            System.err.println("error: ngspice is not installed (apt-get install -y ngspice)");
            System.exit(2);
        }
        Path refDir = dir.resolve("ref");
        Files.createDirectories(refDir);
        Path work = Files.createTempDirectory("ngspice-ref");
        List<Path> files = netlists(dir);
        for (Path f : files) {
            String name = f.getFileName().toString().replaceFirst("\\.cir$", "");
            Map<String, Ngspice.Vectors> runs = new java.util.TreeMap<>();
            for (Map.Entry<String, String> set : OPTION_SETS.entrySet()) {
                runs.put(set.getKey(), Ngspice.run(Files.readString(f), set.getValue(),
                        dir.resolve(".ref-" + name + ".cir"), work));
            }
            if (runs.get("tight").points() != runs.get("default").points()) {
                // ngspice gave up part of a sweep (it prints no error code): no reference from a partial run
                System.err.println("error: " + f + ": ngspice solved " + runs.get("tight").points() + " points at tight options and "
                        + runs.get("default").points() + " at its defaults; change the netlist so that both finish");
                System.exit(1);
            }
            for (Map.Entry<String, Ngspice.Vectors> run : runs.entrySet()) {
                AtomicFile.write(refDir.resolve(name + "." + run.getKey() + ".csv"), w -> write(run.getValue(), w));
            }
            System.out.println(f.getFileName());
        }
        AtomicFile.write(refDir.resolve("ngspice-version.txt"), w -> w.write(version + "\n"));
        System.out.println(files.size() + " netlists, references by " + version);
        Files.deleteIfExists(work);
    }

    /** The netlists of a folder, sorted. */
    public static List<Path> netlists(Path dir) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".cir")).sorted().forEach(all::add);
        }
        return all;
    }

    /** Writes ngspice's vectors as a reference CSV: one column per vector, 17 significant digits. */
    public static void write(Ngspice.Vectors v, Writer w) throws IOException {
        List<String> names = new ArrayList<>(v.vectors().keySet());
        w.write(String.join(",", names));
        w.write('\n');
        for (int p = 0; p < v.points(); p++) {
            StringBuilder row = new StringBuilder();
            for (int k = 0; k < names.size(); k++) {
                if (k > 0) {
                    row.append(',');
                }
                row.append(String.format(java.util.Locale.ROOT, "%.17g", v.vectors().get(names.get(k))[p]));
            }
            w.write(row.append('\n').toString());
        }
    }

    /** Reads a reference CSV written by this class. */
    public static Ngspice.Vectors read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] names = lines.get(0).split(",");
        int points = lines.size() - 1;
        Map<String, double[]> map = new java.util.LinkedHashMap<>();
        double[][] data = new double[names.length][points];
        for (int p = 0; p < points; p++) {
            String[] f = lines.get(p + 1).split(",");
            for (int k = 0; k < names.length; k++) {
                data[k][p] = Double.parseDouble(f[k]);
            }
        }
        for (int k = 0; k < names.length; k++) {
            map.put(names[k], data[k]);
        }
        return new Ngspice.Vectors(map, points, "");
    }
}
