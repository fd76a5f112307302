package org.xbarsim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.xbarsim.bench.NgspiceComparison;
import org.xbarsim.report.AtomicFile;

/** {@code xbarsim bench ngspice}: whole-process speed against ngspice on generated crossbars. */
@Command(name = "ngspice", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Time './xbarsim run' against 'ngspice -b' on the same generated crossbar netlists, as whole "
                + "processes, several runs each; report median times, their ratio, peak memory and the largest "
                + "relative difference of the column currents. Writes CSV and prints a markdown table.")
final class NgspiceBench implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", defaultValue = "32x32,64x64,128x128",
            description = "array sizes ROWSxCOLS; default: ${DEFAULT-VALUE}")
    List<String> sizes;

    @Option(names = "--runs", defaultValue = "3", description = "runs per simulator and size (median reported); default: ${DEFAULT-VALUE}")
    int runs;

    @CommandLine.Mixin
    CellOptions cells;

    @Option(names = "--options", defaultValue = ".options reltol=1e-6",
            description = "options line both simulators read; default: ${DEFAULT-VALUE}")
    String options;

    @Option(names = "--declared", description = "XbarSim runs each array as one .crossbar statement with --inputs "
            + "(the structured array solver); ngspice runs its export. Default: both run the array written out element by element")
    boolean declared;

    @Option(names = "--style", defaultValue = "plain",
            description = "how each array is written element by element: plain, subckt (cells as subcircuit instances) "
                    + "or param (values through .param); default: ${DEFAULT-VALUE}")
    String style;

    @Option(names = "--reference", defaultValue = "ngspice",
            description = "what the column currents are checked against: ngspice (timed beside XbarSim) or structured "
                    + "(the structured array solver on the same array and input, no ngspice: sizes ngspice cannot finish); "
                    + "default: ${DEFAULT-VALUE}")
    String reference;

    @Option(names = "--xbarsim", defaultValue = "./xbarsim", description = "command that runs XbarSim; default: ${DEFAULT-VALUE}")
    String xbarsim;

    @Option(names = "--work", defaultValue = "benchmarks/work", description = "folder for generated files; default: ${DEFAULT-VALUE}")
    Path work;

    @Option(names = "--timeout", defaultValue = "1800", description = "limit of one run (s); default: ${DEFAULT-VALUE}")
    long timeout;

    @Option(names = {"-o", "--output"}, defaultValue = "benchmarks/results/ngspice-vs-xbarsim.csv",
            description = "CSV file to write; default: ${DEFAULT-VALUE}")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs " + runs + ": at least 1");
        }
        if (timeout < 1) {
            throw new IllegalArgumentException("--timeout " + timeout + ": at least 1 s");
        }
        Outputs.file(output, "-o");
        boolean access = cells.access();
        List<int[]> parsed = Sizes.parse(sizes, "--sizes");
        org.xbarsim.crossbar.CrossbarNetlistWriter.Style chosen = Choices.of("--style", style,
                org.xbarsim.crossbar.CrossbarNetlistWriter.Style::parse, org.xbarsim.crossbar.CrossbarNetlistWriter.Style.NAMES);
        NgspiceComparison.Plan plan = new NgspiceComparison.Plan(parsed, access, cells.law, runs, options,
                List.of(xbarsim.split(" ")), Path.of("."), work, timeout,
                declared, chosen, Choices.of("--reference", reference, r -> switch (r) {
                    case "ngspice" -> false;
                    case "structured" -> true;
                    default -> throw new IllegalArgumentException(r);
                }, List.of("ngspice", "structured")));
        List<NgspiceComparison.Row> rows;
        try (ProgressBar bar = RunCommand.progressBar("bench", (long) parsed.size() * runs * 2, " runs")) {
            rows = NgspiceComparison.run(plan, msg -> {
                bar.setExtraMessage(msg);
                bar.step();
            });
        }
        AtomicFile.write(output, w -> NgspiceComparison.writeCsv(rows, plan, w));
        spec.commandLine().getOut().printf("%s%nsettings: %s cells, %s memristors, paper-002 parameters, seed %d, '%s', %d runs%n"
                        + "written: %s%n", NgspiceComparison.markdown(rows), cells.cell, cells.law,
                org.xbarsim.crossbar.CrossbarSpec.DEFAULT_SEED, options, runs, output);
        return 0;
    }
}
