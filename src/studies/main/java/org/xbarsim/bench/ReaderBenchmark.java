package org.xbarsim.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.xbarsim.crossbar.CrossbarNetlistWriter;
import org.xbarsim.crossbar.CrossbarSpec;
import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;

/**
 * The netlist reader on element-by-element crossbars: reading and flattening a generated 1T1R
 * netlist, timed in fresh processes (the first read of a process runs code not yet compiled, as
 * {@code xbarsim run} does) and again in the same process, with the memory the flat netlist keeps
 * per element.
 */
public final class ReaderBenchmark {
    private ReaderBenchmark() {
    }

    /**
     * One read.
     *
     * @param size     ROWSxCOLS
     * @param style    the netlist style (plain, subckt, param)
     * @param bytes    the file's size (bytes)
     * @param elements flat elements read
     * @param process  the process it ran in (1..)
     * @param round    the read within its process (1: the first, code not yet compiled)
     * @param millis   reading and flattening (ms)
     * @param retained bytes the flat netlist keeps per element after a full collection, measured
     *                 after the process's last round (NaN on the others)
     */
    public record Row(String size, String style, long bytes, int elements, int process, int round, double millis,
                      double retained) {
        /** Megabytes (10^6 bytes) of netlist read per second. */
        public double mbPerSecond() {
            return bytes / 1e6 / (millis / 1e3);
        }
    }

    /** Writes the plain 1T1R crossbar of {@code m} x {@code n} (paper-002 parameters, the default seed) in {@code style}. */
    public static Path write(int m, int n, CrossbarNetlistWriter.Style style, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("reader-" + style + "-" + m + "x" + n + ".cir");
        try (Writer w = Files.newBufferedWriter(file)) {
            CrossbarNetlistWriter.write(CrossbarSpec.defaults(m, n, true, "linear"), style, w);
        }
        return file;
    }

    /**
     * Reads and flattens {@code file} {@code rounds} times in this process and prints one line per
     * round: {@code round ELEMENTS MILLIS RETAINED} (what {@link #parse} reads back).
     */
    public static void probe(Path file, int rounds, Consumer<String> out) {
        long before = used();
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            FlatNetlist flat = Flattener.flatten(NetlistParser.parse(file));
            double ms = (System.nanoTime() - t0) / 1e6;
            double retained = r == rounds ? (used() - before) / (double) flat.elements().size() : Double.NaN;
            out.accept(String.format(Locale.ROOT, "round %d %d %.3f %.1f", r, flat.elements().size(), ms, retained));
            flat = null; // the next round reads afresh
        }
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        for (int k = 0; k < 3; k++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The rows of one process's {@link #probe} output. */
    public static List<Row> parse(String output, String size, String style, long bytes, int process) {
        List<Row> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length == 5 && f[0].equals("round")) {
                rows.add(new Row(size, style, bytes, Integer.parseInt(f[2]), process, Integer.parseInt(f[1]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("no rounds in the probe's output:\n" + output);
        }
        return rows;
    }

    public static void writeCsv(List<Row> rows, Writer w) throws IOException {
        w.write("size,style,bytes,elements,process,round,millis,mb_per_s,retained_bytes_per_element\n");
        for (Row r : rows) {
            w.write(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%.3f,%.2f,%s%n", r.size(), r.style(), r.bytes(), r.elements(),
                    r.process(), r.round(), r.millis(), r.mbPerSecond(), Double.isNaN(r.retained()) ? ""
                            : String.format(Locale.ROOT, "%.1f", r.retained())));
        }
    }

    /**
     * A Markdown table: per size and style, the median over processes of the first read (ms, MB/s),
     * of the last read, and of the bytes kept per element.
     */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| array | style | MB | elements | first read in a process (ms) | MB/s "
                + "| last read (ms) | MB/s | kept per element (bytes) |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<String> keys = rows.stream().map(r -> r.size() + " " + r.style()).distinct().toList();
        for (String key : keys) {
            List<Row> group = rows.stream().filter(r -> (r.size() + " " + r.style()).equals(key)).toList();
            int last = group.stream().mapToInt(Row::round).max().orElseThrow();
            double first = WholeProcessTimer.median(group.stream().filter(r -> r.round() == 1).mapToDouble(Row::millis).toArray());
            double warm = WholeProcessTimer.median(group.stream().filter(r -> r.round() == last).mapToDouble(Row::millis).toArray());
            double kept = WholeProcessTimer.median(group.stream().filter(r -> !Double.isNaN(r.retained())).mapToDouble(Row::retained).toArray());
            Row r = group.get(0);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %,d | %.1f | %.1f | %.1f | %.1f | %.0f |%n", r.size(), r.style(),
                    r.bytes() / 1e6, r.elements(), first, r.bytes() / 1e3 / first, warm, r.bytes() / 1e3 / warm, kept));
        }
        return sb.toString();
    }
}
