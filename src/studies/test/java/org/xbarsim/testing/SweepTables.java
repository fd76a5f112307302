package org.xbarsim.testing;

import java.util.ArrayList;
import java.util.List;

/** Sweep result tables compared across runs: everything but the time each row took. */
public final class SweepTables {
    private SweepTables() {
    }

    /** The CSV lines without their {@code millis} cell (the second to last), sorted. */
    public static List<String> withoutTimes(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split(",", -1);
            out.add(String.join(",", List.of(f).subList(0, f.length - 2)) + "," + f[f.length - 1]);
        }
        out.sort(null);
        return out;
    }
}
