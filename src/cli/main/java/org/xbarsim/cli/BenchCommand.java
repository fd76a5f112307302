package org.xbarsim.cli;

import picocli.CommandLine.Command;

/** {@code xbarsim bench}: measurements that write CSV. */
@Command(name = "bench", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Benchmarks that write CSV.",
        subcommands = {NgspiceBench.class, AccuracyBench.class, SweepBench.class, LuBench.class, MappingBench.class,
                ReaderBench.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: ngspice, accuracy, sweep, lu or mapping");
    }
}
