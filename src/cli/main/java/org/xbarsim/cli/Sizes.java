package org.xbarsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Array sizes given as ROWSxCOLS on the command line. */
final class Sizes {
    private Sizes() {
    }

    /** Parses each ROWSxCOLS, both at least 1; a bad one is named with its option. */
    static List<int[]> parse(List<String> sizes, String option) {
        List<int[]> parsed = new ArrayList<>();
        for (String s : sizes) {
            String[] f = s.toLowerCase(Locale.ROOT).split("x");
            try {
                if (f.length != 2) {
                    throw new NumberFormatException();
                }
                int m = Integer.parseInt(f[0].strip());
                int n = Integer.parseInt(f[1].strip());
                if (m < 1 || n < 1) {
                    throw new NumberFormatException();
                }
                try {
                    org.xbarsim.crossbar.CrossbarArray.checkSize(m, n);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(option + ": " + e.getMessage());
                }
                parsed.add(new int[] {m, n});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + s + "' is not ROWSxCOLS with both at least 1");
            }
        }
        return parsed;
    }
}
