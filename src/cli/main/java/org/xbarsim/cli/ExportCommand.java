package org.xbarsim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.xbarsim.circuit.SpiceExporter;
import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.solver.Simulator;

/** {@code xbarsim export --spice}: write a netlist that ngspice runs unchanged. */
@Command(name = "export", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Write a flat SPICE netlist that ngspice runs unchanged: subcircuits and parameters "
                + "expanded, linear memristors written as resistors of 1/G Ohm, the others as B sources with the same I-V law.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--spice", required = true, paramLabel = "NETLIST", description = "the netlist to export")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the SPICE file to write")
    Path output;

    @Override
    public Integer call() throws Exception {
        Outputs.file(output, "-o", input);
        FlatNetlist net = Simulator.flatten(input);
        String note = "exported by xbarsim " + XbarSim.version() + " from " + input.getFileName()
                + ": flattened, linear memristors as resistors, others as B sources";
        AtomicFile.write(output, w -> SpiceExporter.export(net, note, w));
        return 0;
    }
}
