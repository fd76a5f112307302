package org.xbarsim.sweep;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Runs a sweep on this machine's cores: every grid point x draw of a {@link SweepSpec}, one row
 * each appended to {@code results.csv} as it finishes (its settings, seed, status, metrics, time
 * and error), written to the file at least every 0.2 s. Restarted on the same directory, it keeps the rows already written (a row cut short
 * by a kill is dropped) and runs only the rest; a point that fails is recorded with its error and
 * the sweep goes on.
 */
public final class SweepRunner {
    /** The results file in a sweep's directory. */
    public static final String RESULTS = "results.csv";
    /** The copy of the spec a directory's results belong to. */
    public static final String SPEC_COPY = "spec.txt";

    /** The longest rows wait in memory before they are written to the results file (ns). */
    private static final long FLUSH_NANOS = 200_000_000L;

    /** What one run did. */
    public record Outcome(long total, long skipped, long ran, long failed, double seconds) {
    }

    private SweepRunner() {
    }

    /**
     * The seed of one point x draw: a SplitMix64 mix of the base seed, the point and the draw, so
     * that any point x draw reruns alone with the same numbers.
     */
    public static long seed(long base, long point, long draw) {
        long z = mix(base + 0x9E3779B97F4A7C15L * (point + 1));
        return mix(z + 0xBF58476D1CE4E5B9L * (draw + 1));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The results table's header for a spec and its study's metrics. */
    public static List<String> header(SweepSpec spec, List<String> metrics) {
        List<String> h = new ArrayList<>(List.of("point", "draw", "seed"));
        h.addAll(spec.axes().keySet());
        h.add("status");
        h.addAll(metrics);
        h.add("millis");
        h.add("error");
        return h;
    }

    /**
     * One point x draw as it ran: the same whichever runner ran it.
     *
     * @param settings the axis values
     * @param metrics  the study's metrics; null when the point failed
     * @param millis   the time it took (ms)
     * @param error    why it failed; null when it did not
     */
    public record Run(long point, long draw, long seed, SweepSpec.Value[] settings, double[] metrics, double millis, String error) {
        public boolean failed() {
            return metrics == null;
        }

        /** The results table's cells: longs and doubles by their shortest exact text, the time to the microsecond. */
        public List<String> cells(int metricCount) {
            List<String> r = new ArrayList<>(settings.length + metricCount + 6);
            r.add(Long.toString(point));
            r.add(Long.toString(draw));
            r.add(Long.toString(seed));
            for (SweepSpec.Value s : settings) {
                r.add(s.cell());
            }
            r.add(failed() ? "failed" : "ok");
            for (int k = 0; k < metricCount; k++) {
                r.add(failed() ? "" : Double.toString(metrics[k]));
            }
            r.add(String.format(Locale.ROOT, "%.3f", millis));
            r.add(error == null ? "" : error);
            return r;
        }
    }

    /** Runs one point x draw of {@code study}, with the error recorded if it fails. */
    public static Run runOne(SweepSpec spec, Study study, long point, long draw) {
        long seed = seed(spec.seed(), point, draw);
        SweepSpec.Value[] settings = spec.settings(point);
        long t0 = System.nanoTime();
        double[] m = null;
        String error = null;
        try {
            m = study.run(settings, draw, seed);
        } catch (RuntimeException | StackOverflowError e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new Run(point, draw, seed, settings, m, (System.nanoTime() - t0) / 1e6, error);
    }

    /**
     * Runs what {@code dir} does not hold yet.
     *
     * @param specText the spec as written: a directory holds the results of one spec only
     * @param threads  worker threads (at least 1)
     * @param progress told the number of rows done (those found included) after each row
     */
    public static Outcome run(SweepSpec spec, String specText, Study study, Path dir, int threads, LongConsumer progress)
            throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + ": at least 1");
        }
        Files.createDirectories(dir);
        Path copy = dir.resolve(SPEC_COPY);
        if (Files.exists(copy) && !Files.readString(copy).equals(specText)) {
            throw new IllegalArgumentException(dir + " holds the results of a different sweep description (" + copy
                    + "); give another directory, or delete it to start again");
        }
        List<String> header = header(spec, study.metrics());
        int metricCount = study.metrics().size();
        long draws = spec.draws();
        long total = Math.multiplyExact(spec.points(), draws);
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("points x draws = " + total + ": at most " + Integer.MAX_VALUE + " per sweep");
        }
        Path results = dir.resolve(RESULTS);
        BitSet done = resume(results, header, total, draws);
        if (!Files.exists(copy)) {
            Files.writeString(copy, specText);
        }
        long found = done.cardinality();
        long t0 = System.nanoTime();
        AtomicLong next = new AtomicLong(0);
        AtomicLong finished = new AtomicLong(found);
        AtomicLong failed = new AtomicLong();
        long[] lastFlush = {System.nanoTime()};
        boolean fresh = !Files.exists(results) || Files.size(results) == 0;
        CSVFormat csv = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
        try (BufferedWriter out = Files.newBufferedWriter(results, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            if (fresh) {
                out.write(csv.format(header.toArray()) + "\n");
                out.flush();
            }
            Runnable worker = () -> {
                for (long k = next.getAndIncrement(); k < total; k = next.getAndIncrement()) {
                    if (done.get((int) k)) {
                        continue;
                    }
                    Run run = runOne(spec, study, k / draws, k % draws);
                    if (run.failed()) {
                        failed.incrementAndGet();
                    }
                    String line = csv.format(run.cells(metricCount).toArray()) + "\n";
                    synchronized (out) {
                        try {
                            out.write(line);
                            // to the file at most every FLUSH_NANOS: a kill loses only rows that are then run again
                            long now = System.nanoTime();
                            if (now - lastFlush[0] > FLUSH_NANOS) {
                                out.flush();
                                lastFlush[0] = now;
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    long n = finished.incrementAndGet();
                    if (progress != null) {
                        progress.accept(n);
                    }
                }
            };
            if (threads == 1) {
                worker.run();
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "sweep");
                    t.setDaemon(true);
                    return t;
                });
                try {
                    List<Future<?>> fs = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        fs.add(pool.submit(worker));
                    }
                    for (Future<?> f : fs) {
                        f.get();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof UncheckedIOException u) {
                        throw u.getCause();
                    }
                    throw new IllegalStateException(e.getCause());
                } finally {
                    pool.shutdownNow();
                }
            }
        }
        return new Outcome(total, found, finished.get() - found, failed.get(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The rows {@code results} already holds, by index point x draws + draw; a last row cut short
     * (no line end) is removed from the file.
     */
    private static BitSet resume(Path results, List<String> header, long total, long draws) throws IOException {
        BitSet done = new BitSet((int) total);
        if (!Files.exists(results) || Files.size(results) == 0) {
            return done;
        }
        try (FileChannel ch = FileChannel.open(results, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long keep = size;
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                ch.truncate(keep);
            }
        }
        try (Reader in = Files.newBufferedReader(results);
             CSVParser p = CSVFormat.DEFAULT.parse(in)) {
            boolean first = true;
            for (CSVRecord r : p) {
                if (first) {
                    if (!r.toList().equals(header)) {
                        throw new IllegalArgumentException(results + ": its header is not this sweep's (" + String.join(",", r.toList())
                                + "); give another directory");
                    }
                    first = false;
                    continue;
                }
                long point = Long.parseLong(r.get(0));
                long draw = Long.parseLong(r.get(1));
                long k = point * draws + draw;
                if (k < 0 || k >= total || draw >= draws) {
                    throw new IllegalArgumentException(results + ":" + r.getRecordNumber() + ": point " + point + " draw " + draw
                            + " is not in this sweep");
                }
                done.set((int) k);
            }
        }
        return done;
    }
}
