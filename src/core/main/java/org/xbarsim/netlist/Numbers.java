package org.xbarsim.netlist;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

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
        return parse(text, 0, text.length());
    }

    /**
     * As {@link #parse(String)}, for characters [start, end) of {@code s}: no substring is made
     * (the netlist reader parses element values in place).
     */
    public static double parse(CharSequence s, int start, int end) {
        double sign = 1;
        if (start < end && (s.charAt(start) == '-' || s.charAt(start) == '+')) {
            sign = s.charAt(start) == '-' ? -1 : 1;
            start++;
        }
        int stop = scan(s, start, end);
        if (stop == start || stop != end) {
            return Double.NaN;
        }
        return sign * value(s, start, end);
    }

    /**
     * Scans a number starting at {@code start}: mantissa, exponent, scale factor and unit letters.
     *
     * @return the index after the number, or {@code start} when none is there
     */
    static int scan(CharSequence s, int start) {
        return scan(s, start, s.length());
    }

    /** As {@link #scan(CharSequence, int)}, reading no further than {@code n}. */
    static int scan(CharSequence s, int start, int n) {
        int i = start;
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
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
            while (k < n && isDigit(s.charAt(k))) {
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
    static double value(CharSequence s, int start, int end) {
        int i = start;
        while (i < end && (isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < end && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            if (j < end && isDigit(s.charAt(j))) {
                i = j;
                while (i < end && isDigit(s.charAt(i))) {
                    i++;
                }
            }
        }
        // correctly rounded, as Double.parseDouble, read in place
        double mantissa = JavaDoubleParser.parseDouble(s, start, i - start);
        return i == end ? mantissa : mantissa * scale(s, i, end);
    }

    /** The SI scale factor of the letters [from, end) (at least one): meg, mil, f p n u m k g t, or 1 for a unit. */
    private static double scale(CharSequence s, int from, int end) {
        if (startsWith(s, from, end, "meg")) {
            return 1e6;
        }
        if (startsWith(s, from, end, "mil")) {
            return 25.4e-6;
        }
        switch (Character.toLowerCase(s.charAt(from))) {
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

    /** Whether [from, end) of {@code s} starts with the lower-case letters {@code prefix}, in any case. */
    private static boolean startsWith(CharSequence s, int from, int end, String prefix) {
        if (end - from < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (Character.toLowerCase(s.charAt(from + k)) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** An ASCII digit (what the number parser reads; other scripts' digits are not numbers here). */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
