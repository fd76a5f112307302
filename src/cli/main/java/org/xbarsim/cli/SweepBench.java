package org.xbarsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.sweep.SpecReader;
import org.xbarsim.sweep.Study;
import org.xbarsim.sweep.SweepRunner;
import org.xbarsim.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xbarsim bench sweep}: the local runner against a bare loop over the same points (the
 * study called on the same threads, nothing written), alternated, in one process.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Time the local sweep runner against a bare loop over the same points and threads; write CSV.")
final class SweepBench implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep description")
    Path specFile;

    @Option(names = "--threads", defaultValue = "2", description = "threads for both; default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--repeats", defaultValue = "2", description = "alternations of bare loop and runner (the best of each "
            + "is reported); default: ${DEFAULT-VALUE}")
    int repeats;

    @Option(names = {"-o", "--output"}, defaultValue = "benchmarks/results/sweep-overhead.csv",
            description = "CSV to write; default: ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || repeats < 1) {
            throw new IllegalArgumentException("--threads " + threads + ", --repeats " + repeats + ": each at least 1");
        }
        String text = Files.readString(specFile);
        SweepSpec spec = SpecReader.parse(specFile, text);
        Study study = Study.of(spec, specFile);
        long total = spec.points() * spec.draws();
        double bare = Double.MAX_VALUE;
        double runner = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            bare = Math.min(bare, bare(spec, study, total));
            Path dir = Files.createTempDirectory("xbarsim-sweep-bench");
            try {
                long t0 = System.nanoTime();
                SweepRunner.run(spec, text, study, dir, threads, null);
                runner = Math.min(runner, (System.nanoTime() - t0) / 1e9);
            } finally {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "repeat %d: bare loop best %.3f s, runner best %.3f s%n", r + 1, bare, runner);
        }
        List<String> csv = new ArrayList<>();
        csv.add("spec,mode,threads,runs,seconds,runs_per_s,ms_per_run_per_thread,overhead_pct");
        csv.add(line(specFile, "bare loop", total, bare, bare));
        csv.add(line(specFile, "local runner", total, runner, bare));
        AtomicFile.write(out, w -> w.write(String.join("\n", csv) + "\n"));
        System.out.printf(Locale.ROOT, "%d runs on %d threads: bare loop %.2f s (%.1f runs/s), local runner %.2f s "
                + "(%.1f runs/s): overhead %+.1f %% per point; %s%n", total, threads, bare, total / bare, runner,
                total / runner, 100 * (runner / bare - 1), out);
        return 0;
    }

    private String line(Path spec, String mode, long runs, double s, double bare) {
        return String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f,%.2f,%.3f,%.1f", spec, mode, threads, runs, s, runs / s,
                1e3 * s * threads / runs, 100 * (s / bare - 1));
    }

    /** The study called for every point x draw on the same threads, nothing recorded: seconds. */
    private double bare(SweepSpec spec, Study study, long total) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        long draws = spec.draws();
        double[] sink = new double[threads];
        Thread[] ts = new Thread[threads];
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int me = t;
            ts[t] = new Thread(() -> {
                for (long k = next.getAndIncrement(); k < total; k = next.getAndIncrement()) {
                    long point = k / draws;
                    long draw = k % draws;
                    try {
                        double[] m = study.run(spec.settings(point), draw, SweepRunner.seed(spec.seed(), point, draw));
                        sink[me] += m.length == 0 ? 0 : m[0];
                    } catch (RuntimeException e) {
                        sink[me] += 1;
                    }
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
