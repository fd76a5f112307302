package org.xbarsim.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.xbarsim.crossbar.CrossbarArray;

/**
 * The named settings a study kind takes, each with its default and its check, as the spec's
 * {@code fixed} settings and {@code axes} give them. Names are the command's long options
 * without the dashes ({@code r-wire}, {@code images-file}). Every fixed value and every axis
 * value is checked when the study is made, so a bad one is named with its line in the spec
 * before any point runs.
 */
public final class StudySettings {
    /** A setting's check: throws IllegalArgumentException saying what is wrong with the value. */
    @FunctionalInterface
    public interface Check {
        void check(SweepSpec.Value v);
    }

    /**
     * One setting.
     *
     * @param name     its name in the spec
     * @param fallback its default; null when the spec must give it
     * @param check    what a value must be
     */
    public record Def(String name, SweepSpec.Value fallback, Check check) {
    }

    private final Map<String, Def> defs = new LinkedHashMap<>();
    private final SweepSpec spec;
    private final String[] axisNames;
    private final Function<String, Path> files;

    /**
     * Checks the spec's settings against {@code defs}.
     *
     * @param specFile where the spec was read (for errors)
     * @param files    resolves a file setting (relative to the spec's folder, or wherever the
     *                 runner ships files)
     */
    public StudySettings(List<Def> defs, SweepSpec spec, Path specFile, Function<String, Path> files) {
        for (Def d : defs) {
            this.defs.put(d.name(), d);
        }
        this.spec = spec;
        this.files = files;
        this.axisNames = spec.axes().keySet().toArray(String[]::new);
        for (Map.Entry<String, SweepSpec.Value> e : spec.fixed().entrySet()) {
            check(specFile, "fixed." + e.getKey(), e.getKey(), e.getValue());
        }
        for (Map.Entry<String, SweepSpec.Axis> e : spec.axes().entrySet()) {
            List<SweepSpec.Value> vs = e.getValue().values();
            for (int k = 0; k < vs.size(); k++) {
                check(specFile, "axes." + e.getKey() + (vs.size() > 1 ? "[" + k + "]" : ""), e.getKey(), vs.get(k));
            }
        }
        for (Def d : defs) {
            if (d.fallback() == null && !spec.fixed().containsKey(d.name()) && !spec.axes().containsKey(d.name())) {
                throw SpecReader.fieldError(specFile, "fixed", article(spec.study()) + " study needs the setting '" + d.name()
                        + "' (in fixed or axes)");
            }
        }
    }

    private static String article(String study) {
        return ("aeiou".indexOf(study.charAt(0)) >= 0 ? "an " : "a ") + study;
    }

    private void check(Path specFile, String field, String name, SweepSpec.Value v) {
        Def d = defs.get(name);
        if (d == null) {
            throw SpecReader.fieldError(specFile, field, "'" + name + "' is not a setting of " + article(spec.study())
                    + " study; its settings: " + String.join(", ", defs.keySet()));
        }
        try {
            d.check().check(v);
        } catch (IllegalArgumentException e) {
            throw SpecReader.fieldError(specFile, field, "'" + v + "': " + e.getMessage());
        }
    }

    /** The settings not swept: those the spec fixes, then the defaults it leaves (marked so). */
    public String describe() {
        StringBuilder given = new StringBuilder();
        StringBuilder defaults = new StringBuilder();
        for (Def d : defs.values()) {
            if (spec.axes().containsKey(d.name())) {
                continue;
            }
            SweepSpec.Value v = spec.fixed().get(d.name());
            if ((v != null ? v : d.fallback()).cell().isEmpty()) {
                continue; // an optional file not given
            }
            StringBuilder to = v != null ? given : defaults;
            to.append(to.isEmpty() ? "" : ", ").append(d.name()).append('=').append(v != null ? v : d.fallback());
        }
        return given + (defaults.isEmpty() ? "" : (given.isEmpty() ? "" : "; ") + "defaults: " + defaults);
    }

    /** The settings of one grid point: its axis values over the fixed settings over the defaults. */
    public Point at(SweepSpec.Value[] axes) {
        Map<String, SweepSpec.Value> m = new LinkedHashMap<>();
        for (Def d : defs.values()) {
            if (d.fallback() != null) {
                m.put(d.name(), d.fallback());
            }
        }
        m.putAll(spec.fixed());
        for (int a = 0; a < axisNames.length; a++) {
            m.put(axisNames[a], axes[a]);
        }
        return new Point(m);
    }

    /** One grid point's settings, read by name. */
    public final class Point {
        private final Map<String, SweepSpec.Value> values;

        private Point(Map<String, SweepSpec.Value> values) {
            this.values = values;
        }

        public SweepSpec.Value get(String name) {
            SweepSpec.Value v = values.get(name);
            if (v == null) {
                throw new IllegalStateException("no setting '" + name + "'");
            }
            return v;
        }

        public double number(String name) {
            return get(name).number();
        }

        public int integer(String name) {
            return (int) get(name).number();
        }

        public String text(String name) {
            return get(name).cell();
        }

        public boolean flag(String name) {
            return Boolean.parseBoolean(text(name));
        }

        /** A file setting resolved; null when the setting is empty. */
        public Path file(String name) {
            String t = text(name);
            return t.isEmpty() ? null : files.apply(t);
        }

        /** A bits setting: 0 for none. */
        public int bits(String name) {
            SweepSpec.Value v = get(name);
            return v.numeric() ? (int) v.number() : 0;
        }

        /** A list setting written as comma-separated numbers. */
        public double[] numbers(String name) {
            return parseNumbers(text(name));
        }

        /** Several settings in the order given, as one key (to share what they determine between points). */
        public List<String> key(String... names) {
            List<String> k = new ArrayList<>();
            for (String n : names) {
                k.add(text(n));
            }
            return k;
        }

        /**
         * The array template of the device settings ({@link #device}): cell, law, wires, R_in, R_out,
         * its one conductance 1/R_on.
         */
        public CrossbarArray template() {
            CrossbarArray.Builder b = CrossbarArray.builder(1, 1).cell(CrossbarArray.Cell.parse(text("cell")))
                    .rWire(number("r-wire")).rIn(number("r-in")).rOut(number("r-out"));
            if (text("law").equals("sinh")) {
                b.sinh(number("sinh-b"));
            } else {
                b.linear();
            }
            return b.conductance(0, 0, 1 / number("r-on")).build();
        }

        /** The lowest programmable conductance (S): G_max / dynamic-range, or 1/r-off; r-on < r-off checked. */
        public double gMin() {
            double dr = number("dynamic-range");
            return dr > 0 ? gMax() / dr : 1 / resistances()[1];
        }

        /** The highest programmable conductance, 1/r-on (S); r-on < r-off checked. */
        public double gMax() {
            return 1 / resistances()[0];
        }

        private double[] resistances() {
            double on = number("r-on");
            double off = number("r-off");
            if (!(on < off)) {
                throw new IllegalArgumentException("r-on " + get("r-on") + " and r-off " + get("r-off") + " Ohm: need r-on < r-off");
            }
            return new double[] {on, off};
        }

        /** The settings as {@code name=value} pairs. */
        @Override
        public String toString() {
            return values.toString();
        }
    }

    // ---- checks

    /** A number in [lo, hi]. */
    public static Check range(double lo, double hi) {
        return v -> {
            if (!v.numeric() || !(v.number() >= lo && v.number() <= hi)) {
                throw new IllegalArgumentException("a number from " + lo + " to " + hi);
            }
        };
    }

    /** A number above lo, at most hi. */
    public static Check above(double lo, double hi) {
        return v -> {
            if (!v.numeric() || !(v.number() > lo && v.number() <= hi)) {
                throw new IllegalArgumentException("a number above " + lo + ", at most " + hi);
            }
        };
    }

    /** A whole number in [lo, hi]. */
    public static Check whole(int lo, int hi) {
        return v -> {
            if (!v.numeric() || v.number() != Math.rint(v.number()) || v.number() < lo || v.number() > hi) {
                throw new IllegalArgumentException("a whole number from " + lo + " to " + hi);
            }
        };
    }

    /** One of the texts given (case as written). */
    public static Check oneOf(List<String> choices) {
        return v -> {
            if (v.numeric() || !choices.contains(v.text())) {
                throw new IllegalArgumentException("one of " + choices);
            }
        };
    }

    /** A converter's resolution: none, or 1 to 30 bits. */
    public static Check bits() {
        return v -> {
            if (v.numeric() ? v.number() != Math.rint(v.number()) || v.number() < 1 || v.number() > 30 : !v.text().equals("none")) {
                throw new IllegalArgumentException("none or a whole number of bits from 1 to 30");
            }
        };
    }

    /** As {@link #bits()}, or the word {@code other}: the value of the setting of that name. */
    public static Check bitsOr(String other) {
        Check bits = bits();
        return v -> {
            if (!v.numeric() && v.text().equals(other)) {
                return;
            }
            try {
                bits.check(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("none, a whole number of bits from 1 to 30, or '" + other + "' (the same as "
                        + other + ")");
            }
        };
    }

    /** Comma-separated numbers within [lo, hi]. */
    public static Check numbers(double lo, double hi) {
        return v -> {
            try {
                for (double x : parseNumbers(v.cell())) {
                    if (!(x >= lo && x <= hi)) {
                        throw new NumberFormatException();
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("comma-separated numbers from " + lo + " to " + hi);
            }
        };
    }

    /** A file that exists where {@code files} resolves it; empty for none when {@code optional}. */
    public static Check file(Function<String, Path> files, boolean optional) {
        return v -> {
            if (v.numeric() || (v.text().isEmpty() && !optional)) {
                throw new IllegalArgumentException("a file name");
            }
            if (!v.text().isEmpty() && !Files.isRegularFile(files.apply(v.text()))) {
                throw new IllegalArgumentException("no such file: " + files.apply(v.text()));
            }
        };
    }

    /** true or false. */
    public static Check flag() {
        return oneOf(List.of("true", "false"));
    }

    /** A size ROWSxCOLS, each from 1 to 65536. */
    public static Check size() {
        return v -> {
            try {
                int[] s = parseSize(v.cell());
                if (s[0] < 1 || s[1] < 1 || s[0] > 65536 || s[1] > 65536) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ROWSxCOLS, each from 1 to 65536");
            }
        };
    }

    /** ROWSxCOLS as {rows, cols}. */
    public static int[] parseSize(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        if (p.length != 2) {
            throw new NumberFormatException(s);
        }
        return new int[] {Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip())};
    }

    private static double[] parseNumbers(String s) {
        String[] p = s.split(",");
        double[] x = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            x[k] = Double.parseDouble(p[k].strip());
        }
        return x;
    }

    /**
     * The device settings every array study takes, named as the commands' options, with their
     * defaults (paper 002 section 4.1).
     */
    public static List<Def> device() {
        return List.of(
                new Def("cell", SweepSpec.Value.of("1t1r"), oneOf(List.of("1t1r", "1t1m", "1r"))),
                new Def("law", SweepSpec.Value.of("linear"), oneOf(List.of("linear", "sinh"))),
                new Def("sinh-b", SweepSpec.Value.of(CrossbarArray.DEFAULT_SINH_B_PER_V), above(0, 100)),
                new Def("r-wire", SweepSpec.Value.of(CrossbarArray.DEFAULT_R_WIRE_OHM), above(0, 1e6)),
                new Def("r-in", SweepSpec.Value.of(CrossbarArray.DEFAULT_R_IN_OHM), above(0, 1e9)),
                new Def("r-out", SweepSpec.Value.of(CrossbarArray.DEFAULT_R_OUT_OHM), above(0, 1e9)),
                new Def("r-on", SweepSpec.Value.of(15e3), above(0, 1e12)),
                new Def("r-off", SweepSpec.Value.of(300e3), above(0, 1e12)),
                new Def("dynamic-range", SweepSpec.Value.of(0), v -> {
                    if (!v.numeric() || !(v.number() == 0 || (v.number() > 1 && v.number() <= 1e9))) {
                        throw new IllegalArgumentException("0 (r-off gives G_min) or a ratio G_on/G_off above 1, at most 1e9");
                    }
                }),
                new Def("v-max", SweepSpec.Value.of(0.4), above(0, 10)),
                new Def("headroom", SweepSpec.Value.of(0.2), range(0, 0.99)));
    }
}
