package org.xbarsim.cli;

import picocli.CommandLine.Option;

/** The cell kind and memristor law of a generated crossbar, shared by the commands that make them. */
final class CellOptions {
    @Option(names = "--cell", defaultValue = "1t1r", description = "1t1r (access transistor per cell) or 1r; default: ${DEFAULT-VALUE}")
    String cell;

    @Option(names = "--law", defaultValue = "linear", description = "memristor law: linear or sinh; default: ${DEFAULT-VALUE}")
    String law;

    /** True for 1T1R cells; rejects anything but 1t1r and 1r, naming the value. */
    boolean access() {
        if (!cell.equals("1t1r") && !cell.equals("1r")) {
            throw new IllegalArgumentException("--cell " + cell + ": use 1t1r or 1r");
        }
        return cell.equals("1t1r");
    }
}
