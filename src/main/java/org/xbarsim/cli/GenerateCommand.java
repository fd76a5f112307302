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
        subcommands = {GenerateCommand.Crossbar.class})
final class GenerateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: crossbar");
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
}
