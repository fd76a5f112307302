package org.xbarsim.netlist;

import java.util.Locale;

/** SPICE numbers: a decimal mantissa with optional exponent, then an optional SI scale factor. */
public final class Numbers {
    private Numbers() {
    }

    /**
     * Parses a SPICE number such as {@code 1.5k}, {@code 10meg}, {@code 2e-3}, {@code 5mil} or
     * {@code 10uF}. Letters after the scale factor are units and are ignored, as in SPICE; as
     * ngspice reads them, so are digits after the first letter ({@code 4K7} is 4000).
     *
     * @return the value, or NaN when the text does not start with a number or has junk after it
     */
    public static double parse(String text) {
        int start = 0;
        double sign = 1;
        if (!text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            sign = text.charAt(0) == '-' ? -1 : 1;
            start = 1;
        }
        int end = scan(text, start);
        if (end == start || end != text.length()) {
            return Double.NaN;
        }
        return sign * value(text, start, end);
    }

    /**
     * Scans a number starting at {@code start}: mantissa, exponent, scale factor and unit letters.
     *
     * @return the index after the number, or {@code start} when none is there
     */
    static int scan(String s, int start) {
        int i = start;
        int n = s.length();
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return start;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int k = j;
            while (k < n && Character.isDigit(s.charAt(k))) {
                k++;
            }
            if (k > j) {
                i = k;
            }
        }
        if (i < n && Character.isLetter(s.charAt(i))) {
            // a scale factor and unit letters; as ngspice reads them, letters and digits after the
            // first letter are all ignored: 4K7 is 4K, 27R56 is 27, 3u3F is 3u
            while (i < n && Character.isLetterOrDigit(s.charAt(i))) {
                i++;
            }
        }
        return i;
    }

    /** The value of a number already delimited by {@link #scan}. */
    static double value(String s, int start, int end) {
        int i = start;
        while (i < end && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < end && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            if (j < end && Character.isDigit(s.charAt(j))) {
                i = j;
                while (i < end && Character.isDigit(s.charAt(i))) {
                    i++;
                }
            }
        }
        double mantissa = Double.parseDouble(s.substring(start, i));
        return i == end ? mantissa : mantissa * scale(s.substring(i, end).toLowerCase(Locale.ROOT));
    }

    private static double scale(String suffix) {
        if (suffix.isEmpty()) {
            return 1;
        }
        if (suffix.startsWith("meg")) {
            return 1e6;
        }
        if (suffix.startsWith("mil")) {
            return 25.4e-6;
        }
        switch (suffix.charAt(0)) {
            case 'f': return 1e-15;
            case 'p': return 1e-12;
            case 'n': return 1e-9;
            case 'u': return 1e-6;
            case 'm': return 1e-3;
            case 'k': return 1e3;
            case 'g': return 1e9;
            case 't': return 1e12;
            default: return 1; // a unit such as V, A, Ohm
        }
    }
}
