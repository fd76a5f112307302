package org.xbarsim.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.crossbar.CrossbarNetlistWriter;
import org.xbarsim.crossbar.CrossbarSpec;
import org.xbarsim.report.AtomicFile;

/** {@code xbarsim generate}: write example netlists. */
@Command(name = "generate", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Generate netlists.",
        subcommands = {GenerateCommand.Crossbar.class, GenerateCommand.Array.class})
final class GenerateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: crossbar or array");
    }

    /** {@code xbarsim generate crossbar}. */
    @Command(name = "crossbar", mixinStandardHelpOptions = true, addMethodSubcommands = false,
            description = "Write an m x n 1T1R (or passive 1R) crossbar as a plain netlist with random conductances "
                    + "and inputs; its column currents are i(vs0) .. i(vs<n-1>).")
    static final class Crossbar implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ArrayOptions array;

        @Option(names = {"-o", "--output"}, required = true, description = "netlist file to write")
        Path output;

        @Option(names = "--style", defaultValue = "plain",
                description = "plain (one line per element with its value), subckt (each cell an instance of a "
                        + "subcircuit, its memristor's resistance an instance parameter) or param (wire, driver and "
                        + "sensing resistances, gate voltage and transistor size through .param); default: ${DEFAULT-VALUE}")
        String style;

        @Override
        public Integer call() throws Exception {
            CrossbarNetlistWriter.Style chosen = Choices.of("--style", style, CrossbarNetlistWriter.Style::parse,
                    CrossbarNetlistWriter.Style.NAMES);
            CrossbarSpec spec = array.spec();
            Outputs.file(output, "-o");
            AtomicFile.write(output, w -> CrossbarNetlistWriter.write(spec, chosen, w));
            return 0;
        }
    }

    /** {@code xbarsim generate array}: a {@code .crossbar} netlist with its conductance and input files. */
    @Command(name = "array", mixinStandardHelpOptions = true, addMethodSubcommands = false,
            description = "Write an m x n crossbar as a one-statement .crossbar netlist NAME.cir, its conductances "
                    + "NAME_g.csv (S, one line per row) and input vectors NAME_inputs.csv (V, one per line), with "
                    + "paper-002 parameters and seeded random values; run it with --inputs NAME_inputs.csv.")
    static final class Array implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ArrayOptions array;

        @Option(names = "--vectors", defaultValue = "20", description = "input vectors to write; default: ${DEFAULT-VALUE}")
        int vectors;

        @Option(names = {"-o", "--output"}, required = true, description = "netlist file NAME.cir to write")
        Path output;

        @Override
        public Integer call() throws Exception {
            if (vectors < 1) {
                throw new IllegalArgumentException("--vectors " + vectors + ": at least 1");
            }
            CrossbarSpec spec = array.spec();
            boolean access = spec.access();
            int rows = spec.rows();
            int cols = spec.cols();
            long seed = spec.seed();
            CrossbarSpec.Draw d = spec.draw();
            String base = output.getFileName().toString().replaceFirst("\\.cir$", "");
            Path dir = output.toAbsolutePath().getParent();
            Path gFile = dir.resolve(base + "_g.csv");
            Path inFile = dir.resolve(base + "_inputs.csv");
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed + 1);
            AtomicFile.write(gFile, w -> CrossbarNetlistWriter.writeConductances(d.array(), "conductances (S) of " + base
                    + ".cir, row i on line i; drawn uniform in resistance 15k..300k Ohm, seed " + seed, w));
            AtomicFile.write(inFile, w -> {
                w.write("# input vectors (V) of " + base + ".cir, one per line, uniform in 0..0.4 V, seed " + (seed + 1) + "\n");
                for (int k = 0; k < vectors; k++) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < rows; i++) {
                        sb.append(i == 0 ? "" : ",").append(CrossbarSpec.DEFAULT_V_MAX_V * rnd.nextDouble());
                    }
                    w.write(sb.append('\n').toString());
                }
            });
            CrossbarArray arr = d.array();
            AtomicFile.write(output, w -> {
                w.write(String.format(Locale.ROOT, "%s %dx%d crossbar, %s memristors, paper-002 parameters%n",
                        access ? "1T1M" : "Passive 1R", rows, cols, spec.law()));
                w.write("* generated by xbarsim generate array (seed " + seed + "); run with --inputs " + inFile.getFileName()
                        + "\n* column currents are i(v.xb.out<j>)\n");
                w.write(CrossbarNetlistWriter.declared(arr, gFile.getFileName().toString(), null));
                w.write(".op\n.end\n");
            });
            return 0;
        }
    }
}
