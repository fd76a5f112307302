package org.xbarsim.cli;

import java.util.Locale;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.xbarsim.crossbar.CrossbarArray;

/** The array parameters of the commands that map weights onto arrays (paper 002 section 4.1 defaults). */
final class DeviceOptions {
    @Mixin
    CellOptions cells;

    @Option(names = "--r-wire", defaultValue = "1", description = "wire segment resistance (Ohm); default: ${DEFAULT-VALUE}")
    double rWire;

    @Option(names = "--r-in", defaultValue = "1", description = "input resistance (Ohm); default: ${DEFAULT-VALUE}")
    double rIn;

    @Option(names = "--r-out", defaultValue = "1", description = "output resistance (Ohm); default: ${DEFAULT-VALUE}")
    double rOut;

    @Option(names = "--r-on", defaultValue = "15e3", description = "lowest device resistance (Ohm); default: ${DEFAULT-VALUE}")
    double rOn;

    @Option(names = "--r-off", defaultValue = "300e3", description = "highest device resistance (Ohm); default: ${DEFAULT-VALUE}")
    double rOff;

    @Option(names = "--v-max", defaultValue = "0.4", description = "input voltage of the largest input (V); default: ${DEFAULT-VALUE}")
    double vMax;

    @Option(names = "--sinh-b", defaultValue = "2", description = "sinh law nonlinearity (1/V); default: ${DEFAULT-VALUE}")
    double sinhB;

    @Option(names = "--headroom", defaultValue = "0.2",
            description = "fraction of the conductance range left above the mapped weights for conversion to raise "
                    + "devices into (0: weights span G_min..G_max); default: ${DEFAULT-VALUE}")
    double headroom;

    /** The array parameters as a 1x1 template whose conductances are replaced; bad values named. */
    CrossbarArray template() {
        if (!(rOn > 0) || !(rOff > rOn)) {
            throw new IllegalArgumentException("--r-on " + rOn + " and --r-off " + rOff + " Ohm: need 0 < R_on < R_off");
        }
        CrossbarArray.Builder b = CrossbarArray.builder(1, 1).cell(cells.access() ? CrossbarArray.Cell.ONE_T_ONE_M
                : CrossbarArray.Cell.ONE_R).rWire(rWire).rIn(rIn).rOut(rOut).conductance(0, 0, 1 / rOn);
        switch (cells.law) {
            case "linear" -> b.linear();
            case "sinh" -> b.sinh(sinhB);
            default -> throw new IllegalArgumentException("--law " + cells.law + ": linear or sinh");
        }
        return b.build();
    }

    double gMin() {
        return 1 / rOff;
    }

    double gMax() {
        return 1 / rOn;
    }

    /** The settings, as printed with results. */
    String describe() {
        return String.format(Locale.ROOT, "%s cells, %s memristors (sinh b=%s), R_wire=%s Ohm, R_in=%s Ohm, R_out=%s Ohm, "
                        + "R_on=%s Ohm, R_off=%s Ohm, V_max=%s V, %s headroom", cells.access() ? "1T1M" : "1R", cells.law,
                sinhB, rWire, rIn, rOut, rOn, rOff, vMax, headroom);
    }
}
