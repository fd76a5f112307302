package org.xbarsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.xbarsim.sweep.SpecReader;
import org.xbarsim.sweep.Study;
import org.xbarsim.sweep.SweepReport;
import org.xbarsim.sweep.SweepRunner;
import org.xbarsim.sweep.SweepSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xbarsim sweep SPEC -o DIR}: every grid point x draw of a sweep description, on this machine's cores. */
@Command(name = "sweep", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Run a sweep description (YAML or JSON) on this machine's cores: one row per grid point x draw "
                + "appended to DIR/results.csv as it finishes; restarted on the same DIR, it runs only what is missing. "
                + "Writes DIR/summary.csv, summary.md and summary.png at the end.",
                "  xbarsim sweep report DIR   rewrites the summary from the results alone."},
        subcommands = {SweepCommand.Report.class})
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC", description = "the sweep description (.yaml, .yml or .json)")
    Path specFile;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "the results directory (required)")
    Path dir;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads; default: 0, the cores")
    int threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() throws IOException {
        if (specFile == null || dir == null) {
            // optional to picocli only so that `sweep report DIR` needs neither
            throw new CommandLine.ParameterException(cmd.commandLine(), "Missing required "
                    + (specFile == null ? "parameter: 'SPEC'" : "option: '--output=DIR'"));
        }
        String text;
        try {
            text = Files.readString(specFile);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(specFile + ": no such sweep description");
        }
        SweepSpec spec = SpecReader.parse(specFile, text);
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new IllegalArgumentException("--threads " + threads + ": at least 1");
        }
        Study study = Study.of(spec, specFile);
        long total = spec.points() * spec.draws();
        System.out.printf(Locale.ROOT, "Sweep: %s study, %d grid points x %d draws = %d runs, base seed %d, %d threads%n",
                spec.study(), spec.points(), spec.draws(), total, spec.seed(), n);
        System.out.printf(Locale.ROOT, "Axes: %s; metrics: %d%n", spec.axes().isEmpty() ? "none"
                : String.join(", ", spec.axes().keySet()), study.metrics().size());
        if (!study.describe().isEmpty()) {
            System.out.println("Settings: " + study.describe());
        }
        SweepRunner.Outcome o;
        // a draw of an infer study programs every layer afresh: a wafer (paper 001)
        String unit = spec.study().equals("infer") && spec.draws() > 1 ? " wafers" : " runs";
        try (ProgressBar bar = RunCommand.progressBar("sweep", total, unit)) {
            o = SweepRunner.run(spec, text, study, dir, n, bar::stepTo);
        }
        System.out.printf(Locale.ROOT, "Ran %d runs in %.2f s (%.1f runs/s); %d already in %s; %d failed%n", o.ran(),
                o.seconds(), o.ran() / Math.max(o.seconds(), 1e-9), o.skipped(), dir.resolve(SweepRunner.RESULTS), o.failed());
        SweepReport.Summary s = SweepReport.write(dir);
        System.out.println("Summary: " + dir.resolve("summary.csv") + ", summary.md, summary.png (" + s.stats().size()
                + " point x metric rows)");
        return 0;
    }

    /** {@code xbarsim sweep report DIR}. */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Write DIR/summary.csv, summary.md and summary.png from DIR/results.csv.")
    static final class Report implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "a sweep's results directory")
        Path dir;

        @Override
        public Integer call() throws IOException {
            SweepReport.Summary s = SweepReport.write(dir);
            System.out.println(s.rows() + " rows, " + s.failedRows() + " failed, " + s.metrics().size() + " metrics: "
                    + List.of(dir.resolve("summary.csv"), dir.resolve("summary.md"), dir.resolve("summary.png")));
            return 0;
        }
    }
}
