package org.xbarsim.cli;

import picocli.CommandLine.Option;

/** The cell kind and memristor law of a generated crossbar, shared by the commands that make them. */
final class CellOptions {
    @Option(names = "--cell", defaultValue = "1t1r", description = "1t1r or 1t1m (access transistor per cell) or 1r; "
            + "default: ${DEFAULT-VALUE}")
    String cell;

    @Option(names = "--law", defaultValue = "linear", description = "memristor law: linear or sinh; default: ${DEFAULT-VALUE}")
    String law;

    /** The cell kind; rejects anything but 1t1r, 1t1m and 1r, naming the value. */
    org.xbarsim.crossbar.CrossbarArray.Cell kind() {
        try {
            return org.xbarsim.crossbar.CrossbarArray.Cell.parse(cell);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage());
        }
    }

    /** True for 1T1M cells (an access transistor per cell). */
    boolean access() {
        return kind() == org.xbarsim.crossbar.CrossbarArray.Cell.ONE_T_ONE_M;
    }

    /** Sets the memristor law on {@code b}: linear, or sinh with nonlinearity {@code sinhB} (1/V); names a bad value. */
    org.xbarsim.crossbar.CrossbarArray.Builder applyLaw(org.xbarsim.crossbar.CrossbarArray.Builder b, double sinhB) {
        return switch (law) {
            case "linear" -> b.linear();
            case "sinh" -> b.sinh(sinhB);
            default -> throw new IllegalArgumentException("--law " + law + ": linear or sinh");
        };
    }
}
