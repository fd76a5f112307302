package org.xbarsim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.xbarsim.crossbar.CrossbarNetlistWriter;
import org.xbarsim.crossbar.CrossbarSpec;
import org.xbarsim.report.AtomicFile;

/** {@code xbarsim generate}: write example netlists. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate netlists.",
        subcommands = {GenerateCommand.Crossbar.class, GenerateCommand.Array.class})
final class GenerateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: crossbar or array");
    }

    /** {@code xbarsim generate crossbar}. */
    @Command(name = "crossbar", mixinStandardHelpOptions = true,
            description = "Write an m x n 1T1R (or passive 1R) crossbar as a plain netlist with random conductances "
                    + "and inputs; its column currents are i(vs0) .. i(vs<n-1>).")
    static final class Crossbar implements Callable<Integer> {
        @Option(names = "--rows", required = true, description = "rows (inputs), >= 1")
        int rows;

        @Option(names = "--cols", required = true, description = "columns (outputs), >= 1")
        int cols;

        @picocli.CommandLine.Mixin
        CellOptions cells;

        @Option(names = "--r-wire", defaultValue = "1", description = "wire segment resistance (Ohm); default: ${DEFAULT-VALUE}")
        double rWire;

        @Option(names = "--seed", defaultValue = "1", description = "random seed of conductances and inputs; default: ${DEFAULT-VALUE}")
        long seed;

        @Option(names = {"-o", "--output"}, required = true, description = "netlist file to write")
        Path output;

        @Override
        public Integer call() throws Exception {
            CrossbarSpec spec = CrossbarSpec.defaults(rows, cols, cells.access(), cells.law).withRWire(rWire).withSeed(seed);
            AtomicFile.write(output, w -> CrossbarNetlistWriter.write(spec, w));
            return 0;
        }
    }

    /** {@code xbarsim generate array}: a {@code .crossbar} netlist with its conductance and input files. */
    @Command(name = "array", mixinStandardHelpOptions = true,
            description = "Write an m x n crossbar as a one-statement .crossbar netlist NAME.cir, its conductances "
                    + "NAME_g.csv (S, one line per row) and input vectors NAME_inputs.csv (V, one per line), with "
                    + "paper-002 parameters and seeded random values; run it with --inputs NAME_inputs.csv.")
    static final class Array implements Callable<Integer> {
        @Option(names = "--rows", required = true, description = "rows (inputs), >= 1")
        int rows;

        @Option(names = "--cols", required = true, description = "columns (outputs), >= 1")
        int cols;

        @picocli.CommandLine.Mixin
        CellOptions cells;

        @Option(names = "--r-wire", defaultValue = "1", description = "wire segment resistance (Ohm); default: ${DEFAULT-VALUE}")
        double rWire;

        @Option(names = "--vectors", defaultValue = "20", description = "input vectors to write; default: ${DEFAULT-VALUE}")
        int vectors;

        @Option(names = "--seed", defaultValue = "1", description = "random seed; default: ${DEFAULT-VALUE}")
        long seed;

        @Option(names = {"-o", "--output"}, required = true, description = "netlist file NAME.cir to write")
        Path output;

        @Override
        public Integer call() throws Exception {
            if (vectors < 1) {
                throw new IllegalArgumentException("--vectors " + vectors + ": at least 1");
            }
            boolean access = cells.access();
            CrossbarSpec spec = CrossbarSpec.defaults(rows, cols, access, cells.law).withRWire(rWire).withSeed(seed);
            CrossbarSpec.Draw d = spec.draw();
            String base = output.getFileName().toString().replaceFirst("\\.cir$", "");
            Path dir = output.toAbsolutePath().getParent();
            Path gFile = dir.resolve(base + "_g.csv");
            Path inFile = dir.resolve(base + "_inputs.csv");
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed + 1);
            AtomicFile.write(gFile, w -> {
                w.write("# conductances (S) of " + base + ".cir, row i on line i; drawn uniform in resistance 15k..300k Ohm, seed "
                        + seed + "\n");
                for (int i = 0; i < rows; i++) {
                    StringBuilder sb = new StringBuilder();
                    for (int j = 0; j < cols; j++) {
                        sb.append(j == 0 ? "" : ",").append(d.array().conductance(i, j));
                    }
                    w.write(sb.append('\n').toString());
                }
            });
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
            String law = cells.law.equals("sinh") ? "law=sinh b=2 vread=0.2" : "law=linear vread=0.2";
            AtomicFile.write(output, w -> {
                w.write(String.format(java.util.Locale.ROOT, "%s %dx%d crossbar, %s memristors, paper-002 parameters%n",
                        access ? "1T1M" : "Passive 1R", rows, cols, cells.law));
                w.write("* generated by xbarsim generate array (seed " + seed + "); run with --inputs " + inFile.getFileName()
                        + "\n* column currents are i(v.xb.out<j>)\n");
                w.write(".model rram mem (" + law + ")\n");
                if (access) {
                    w.write(".model nacc nmos (level=1 vto=0.5 kp=2e-4 lambda=0.01)\n");
                }
                w.write(String.format(java.util.Locale.ROOT, ".crossbar xb rows=%d cols=%d cell=%s mem=rram%s%n", rows, cols,
                        access ? "1t1m" : "1r", access ? " fet=nacc w=2u l=0.2u vg=1.8" : ""));
                w.write("+ rwire=" + rWire + " rin=1 rout=1 g=\"" + gFile.getFileName() + "\"\n");
                w.write(".op\n.end\n");
            });
            return 0;
        }
    }
}
