package org.xbarsim.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import org.xbarsim.bench.ReaderBenchmark;
import org.xbarsim.bench.WholeProcessTimer;
import org.xbarsim.crossbar.CrossbarNetlistWriter;
import org.xbarsim.report.AtomicFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xbarsim bench reader}: reading and flattening element-by-element crossbar netlists, in fresh processes. */
@Command(name = "reader", mixinStandardHelpOptions = true,
        description = "Time reading and flattening generated element-by-element 1T1R crossbar netlists: each size in "
                + "--processes fresh JVMs (with this process's JVM options: ./xbarsim gives those of xbarsim run), "
                + "--rounds reads in each; the first read of a process runs code not yet compiled, as xbarsim run does. "
                + "Writes CSV and prints the medians with the bytes the flat netlist keeps per element.")
final class ReaderBench implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "64x64,256x256,512x512",
            description = "array sizes ROWSxCOLS; default: ${DEFAULT-VALUE}")
    List<String> sizes;

    @Option(names = "--styles", split = ",", defaultValue = "plain",
            description = "netlist styles: plain, subckt, param (as generate crossbar --style); default: ${DEFAULT-VALUE}")
    List<String> styles;

    @Option(names = "--processes", defaultValue = "5", description = "fresh processes per size and style; default: ${DEFAULT-VALUE}")
    int processes;

    @Option(names = "--rounds", defaultValue = "3", description = "reads per process; default: ${DEFAULT-VALUE}")
    int rounds;

    @Option(names = "--work", defaultValue = "benchmarks/work", description = "folder for the generated netlists; default: ${DEFAULT-VALUE}")
    Path work;

    @Option(names = "--probe", hidden = true, description = "read this file --rounds times and print the times (the child process)")
    Path probe;

    @Option(names = {"-o", "--output"}, defaultValue = "benchmarks/results/reader.csv",
            description = "CSV file to write; default: ${DEFAULT-VALUE}")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rounds > 100) {
            throw new IllegalArgumentException("--rounds " + rounds + ": from 1 to 100");
        }
        if (probe != null) {
            ReaderBenchmark.probe(probe, rounds, spec.commandLine().getOut()::println);
            return 0;
        }
        if (processes < 1 || processes > 100) {
            throw new IllegalArgumentException("--processes " + processes + ": from 1 to 100");
        }
        Outputs.file(output, "-o");
        List<int[]> parsed = Sizes.parse(sizes, "--sizes");
        List<CrossbarNetlistWriter.Style> chosen = new ArrayList<>();
        for (String s : styles) {
            chosen.add(Choices.of("--styles", s, CrossbarNetlistWriter.Style::parse, CrossbarNetlistWriter.Style.NAMES));
        }
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        java.addAll(List.of("-cp", System.getProperty("java.class.path"), XbarSim.class.getName(), "bench", "reader"));
        List<ReaderBenchmark.Row> rows = new ArrayList<>();
        try (ProgressBar bar = RunCommand.progressBar("bench reader", (long) parsed.size() * chosen.size() * processes, " processes")) {
            for (int[] mn : parsed) {
                for (CrossbarNetlistWriter.Style style : chosen) {
                    String size = mn[0] + "x" + mn[1];
                    bar.setExtraMessage(size + " " + style);
                    Path file = ReaderBenchmark.write(mn[0], mn[1], style, work);
                    for (int p = 1; p <= processes; p++) {
                        List<String> cmd = new ArrayList<>(java);
                        cmd.addAll(List.of("--probe", file.toString(), "--rounds", Integer.toString(rounds)));
                        WholeProcessTimer.Run run = WholeProcessTimer.run(cmd, Path.of("."), 3600);
                        rows.addAll(ReaderBenchmark.parse(run.output(), size, style.toString(), Files.size(file), p));
                        bar.step();
                    }
                }
            }
        }
        AtomicFile.write(output, w -> ReaderBenchmark.writeCsv(rows, w));
        spec.commandLine().getOut().printf(Locale.ROOT, "%s%nsettings: 1T1R crossbars with linear memristors, paper-002 parameters, seed %d, "
                        + "%d processes x %d reads (medians over the processes), %d cores, JVM options: %s%nwritten: %s%n",
                ReaderBenchmark.markdown(rows), org.xbarsim.crossbar.CrossbarSpec.DEFAULT_SEED, processes, rounds,
                Runtime.getRuntime().availableProcessors(), String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
                output);
        return 0;
    }
}
