package org.xbarsim.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.xbarsim.crossbar.CrossbarSpec;

/** Size, cells, wires and seed of a generated crossbar, shared by the commands that generate one. */
final class ArrayOptions {
    @Option(names = "--rows", required = true, description = "rows (inputs), >= 1")
    int rows;

    @Option(names = "--cols", required = true, description = "columns (outputs), >= 1")
    int cols;

    @Mixin
    CellOptions cells;

    @Option(names = "--r-wire", defaultValue = "1", description = "wire segment resistance (Ohm); default: ${DEFAULT-VALUE}")
    double rWire;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of conductances and inputs; default: ${DEFAULT-VALUE}")
    long seed;

    /** The generator spec these options describe (paper-002 values for the rest). */
    CrossbarSpec spec() {
        return CrossbarSpec.defaults(rows, cols, cells.access(), cells.law).withRWire(rWire).withSeed(seed);
    }
}
