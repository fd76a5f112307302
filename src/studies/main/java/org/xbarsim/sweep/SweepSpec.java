package org.xbarsim.sweep;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep description: a study, its fixed settings, the axes whose grid is swept, and the Monte
 * Carlo draws made at every grid point. Read from YAML or JSON by {@link SpecReader}; every point x
 * draw is a pure function of its settings and {@link SweepRunner#seed(long, long, long)}.
 *
 * @param study   the study kind: one of {@link #STUDIES}
 * @param netlist the netlist file, relative to the spec file (netlist study)
 * @param fixed   settings held at one value: {@code .param} names for a netlist study, the
 *                settings of {@link StudySettings} for the others
 * @param options {@code .options} overrides (reltol, gmin, ...)
 * @param axes    the swept settings in order, the last varying fastest
 * @param draws   Monte Carlo draws per grid point (1 by default)
 * @param seed    the base seed (1 by default)
 * @param vary    what each draw varies, in order
 */
public record SweepSpec(String study, String netlist, Map<String, Value> fixed, Map<String, Double> options,
                        LinkedHashMap<String, Axis> axes, Integer draws, Long seed, List<Variation> vary, Plot plot) {

    /** The study kinds this build runs. */
    public static final List<String> STUDIES = List.of("netlist", "infer", "accuracy", "dpe");

    public SweepSpec {
        if (study == null) {
            throw new BadField("study", "missing; one of " + STUDIES);
        }
        study = study.toLowerCase(Locale.ROOT);
        if (!STUDIES.contains(study)) {
            throw new BadField("study", "'" + study + "' is not a study kind; one of " + STUDIES);
        }
        if (study.equals("netlist") && (netlist == null || netlist.isBlank())) {
            throw new BadField("netlist", "missing: the netlist file a netlist study sweeps");
        }
        fixed = fixed == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
        if (!study.equals("netlist") && netlist != null) {
            throw new BadField("netlist", "only a netlist study takes a netlist; a " + study + " study's files are settings");
        }
        options = options == null ? Map.of() : Map.copyOf(options);
        axes = axes == null ? new LinkedHashMap<>() : axes;
        for (String name : axes.keySet()) {
            if (fixed.containsKey(name)) {
                throw new BadField("axes." + name, "'" + name + "' is both fixed and swept");
            }
        }
        draws = draws == null ? 1 : draws;
        if (draws < 1) {
            throw new BadField("draws", draws + ": at least 1");
        }
        seed = seed == null ? 1L : seed;
        vary = vary == null ? List.of() : List.copyOf(vary);
        if (!study.equals("netlist") && !vary.isEmpty()) {
            throw new BadField("vary", "only a netlist study takes vary; a " + study + " study's draws vary what its "
                    + "settings say (sigma, variation) with each draw's seed");
        }
        if (!study.equals("netlist") && !options.isEmpty()) {
            throw new BadField("options", "only a netlist study takes .options overrides");
        }
        if (plot != null) {
            plot.check(axes.keySet());
        }
    }

    /**
     * How {@code summary.png} draws the sweep (optional; without it, the metrics against the first
     * numeric axis): one chart per metric and value of {@code panels}, the metric's mean against
     * {@code x}, a line per value of {@code series} (and of any other axis).
     *
     * @param x       the axis along x (numbers drawn to scale, texts in their order)
     * @param series  an axis whose values are the lines, or null
     * @param panels  an axis whose values get a chart each, or null
     * @param metrics the metrics drawn, or null for those that vary
     * @param y       an axis along y: heat maps of the metric's mean over x and y instead of lines
     *                (one per metric, value of {@code panels} and value of any other axis; no
     *                series), or null
     */
    public record Plot(String x, String series, String panels, List<String> metrics, String y) {
        public Plot {
            metrics = metrics == null ? null : List.copyOf(metrics);
        }

        void check(java.util.Set<String> axisNames) {
            if (x == null) {
                throw new BadField("plot.x", "missing: the axis along x, one of " + axisNames);
            }
            if (y != null && series != null) {
                throw new BadField("plot.series", "a heat map (plot.y) has no lines: leave series out");
            }
            String[][] named = {{"x", x}, {"series", series}, {"panels", panels}, {"y", y}};
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String[] n : named) {
                if (n[1] != null && !axisNames.contains(n[1])) {
                    throw new BadField("plot." + n[0], "'" + n[1] + "' is not an axis; one of " + axisNames);
                }
                if (n[1] != null && !seen.add(n[1])) {
                    throw new BadField("plot." + n[0], "'" + n[1] + "' named twice in plot");
                }
            }
            if (metrics != null && metrics.isEmpty()) {
                throw new BadField("plot.metrics", "empty: leave it out to draw the metrics that vary");
            }
        }
    }

    /** Grid points: the product of the axes' lengths (1 with no axes). */
    public long points() {
        long n = 1;
        for (Axis a : axes.values()) {
            n = Math.multiplyExact(n, a.values().size());
        }
        return n;
    }

    /** The axis values of grid point {@code point}, in axis order (the last axis varies fastest). */
    public Value[] settings(long point) {
        Value[] v = new Value[axes.size()];
        Axis[] list = axes.values().toArray(Axis[]::new);
        for (int a = list.length - 1; a >= 0; a--) {
            List<Value> vals = list[a].values();
            v[a] = vals.get((int) (point % vals.size()));
            point /= vals.size();
        }
        return v;
    }

    /** A field's value out of range: {@code field} relative to the object that holds it. */
    public static final class BadField extends IllegalArgumentException {
        private final String field;

        public BadField(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * One setting's value: a number, or a text (a file, a device law, a quantizer). A YAML or JSON
     * number is a number; a string or a boolean is a text.
     *
     * @param number the number (NaN for a text)
     * @param text   the text; null for a number
     */
    public record Value(double number, String text) {
        public static Value of(double number) {
            return new Value(number, null);
        }

        public static Value of(String text) {
            return new Value(Double.NaN, java.util.Objects.requireNonNull(text));
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Value of(JsonNode node) {
            if (node.isNumber()) {
                return of(node.doubleValue());
            }
            if (node.isTextual() || node.isBoolean()) {
                return of(node.asText());
            }
            throw new BadField("", "'" + node + "' is not a number nor a text");
        }

        public boolean numeric() {
            return text == null;
        }

        /** The value as the results table writes it: a number by its shortest exact text. */
        public String cell() {
            return text != null ? text : Double.toString(number);
        }

        /** The value as a user wrote it: a whole number without a decimal point. */
        @Override
        public String toString() {
            return text == null && number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number) : cell();
        }
    }

    /**
     * One swept setting: a list of values (numbers, texts, or both: {@code [none, 8, 4]}), or a range
     * {@code {from, to, step}} or {@code {from, to, count, log}} (ends included).
     */
    public record Axis(List<Value> values) {
        private static final int MAX_VALUES = 10_000_000;

        /** True when the axis holds numbers only (as a table column: numbers, else texts). */
        public boolean numeric() {
            return values.stream().allMatch(Value::numeric);
        }

        /** An axis of numbers. */
        public static Axis numbers(double... x) {
            List<Value> v = new ArrayList<>();
            for (double d : x) {
                v.add(Value.of(d));
            }
            return new Axis(List.copyOf(v));
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Axis of(JsonNode node) {
            List<Value> v = new ArrayList<>();
            if (node.isArray()) {
                for (int k = 0; k < node.size(); k++) {
                    JsonNode x = node.get(k);
                    Value value;
                    try {
                        value = Value.of(x);
                    } catch (BadField e) {
                        throw new BadField("[" + k + "]", e.getMessage());
                    }
                    v.add(value);
                }
            } else if (node.isNumber() || node.isTextual() || node.isBoolean()) {
                v.add(Value.of(node));
            } else if (node.isObject()) {
                List<String> known = List.of("from", "to", "step", "count", "log");
                node.fieldNames().forEachRemaining(f -> {
                    if (!known.contains(f)) {
                        throw new BadField(f, "unknown field in a range; known: " + known);
                    }
                });
                double from = number(node, "from");
                double to = number(node, "to");
                boolean log = node.has("log") && node.get("log").asBoolean();
                if (node.has("step") == node.has("count")) {
                    throw new BadField("step", "a range takes step or count, not both nor neither");
                }
                if (node.has("step")) {
                    double step = number(node, "step");
                    if (log) {
                        throw new BadField("log", "a logarithmic range takes count, not step");
                    }
                    if (step == 0 || (to - from) / step < -1e-12) {
                        throw new BadField("step", step + ": must be non-zero and lead from " + from + " to " + to);
                    }
                    double n = Math.floor((to - from) / step + 1e-9) + 1;
                    if (n > MAX_VALUES) {
                        throw new BadField("step", "the range has " + (long) n + " values; at most " + MAX_VALUES);
                    }
                    for (int k = 0; k < n; k++) {
                        v.add(Value.of(from + k * step));
                    }
                } else {
                    double c = number(node, "count");
                    if (c < 1 || c != Math.rint(c) || c > MAX_VALUES) {
                        throw new BadField("count", c + ": a whole number from 1 to " + MAX_VALUES);
                    }
                    int n = (int) c;
                    if (log && (from <= 0 || to <= 0)) {
                        throw new BadField(from <= 0 ? "from" : "to", "a logarithmic range needs positive ends");
                    }
                    for (int k = 0; k < n; k++) {
                        double t = n == 1 ? 0 : (double) k / (n - 1);
                        v.add(Value.of(log ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from))) : from + t * (to - from)));
                    }
                }
            } else {
                throw new BadField("", "an axis is a list of numbers or texts, or a range {from, to, step|count}; got '" + node + "'");
            }
            if (v.isEmpty()) {
                throw new BadField("", "empty axis: give at least one value");
            }
            return new Axis(List.copyOf(v));
        }

        private static double number(JsonNode node, String field) {
            JsonNode x = node.get(field);
            if (x == null) {
                throw new BadField(field, "missing");
            }
            if (!x.isNumber()) {
                throw new BadField(field, "'" + x.asText() + "' is not a number");
            }
            return x.doubleValue();
        }
    }

    /**
     * What one Monte Carlo draw varies. Exactly one target: a top-level {@code .param} (one draw per
     * run), the elements whose names match a glob (one draw per element: resistors' values,
     * memristors' conductances), or every device of a {@code .crossbar} array (one draw per cell).
     *
     * @param param     a top-level parameter name
     * @param elements  a glob over flat element names ({@code r*}, {@code x1.*})
     * @param array     a {@code .crossbar} array name
     * @param dist      {@code gauss}, {@code uniform} or {@code truncated-gauss}
     * @param sigma     the standard deviation (gauss, truncated gauss), relative or absolute
     * @param halfWidth the half width (uniform), relative or absolute
     * @param truncate  where a truncated gauss is cut, in sigmas (3 by default)
     * @param relative  sigma and halfWidth relative to the nominal value (true by default)
     */
    public record Variation(String param, String elements, String array, String dist, Double sigma,
                            @JsonProperty("half-width") Double halfWidth, Double truncate, Boolean relative) {
        public static final List<String> DISTRIBUTIONS = List.of("gauss", "uniform", "truncated-gauss");

        public Variation {
            int targets = (param == null ? 0 : 1) + (elements == null ? 0 : 1) + (array == null ? 0 : 1);
            if (targets != 1) {
                throw new BadField("param", "give exactly one of param, elements, array (got " + targets + ")");
            }
            if (dist == null) {
                throw new BadField("dist", "missing; one of " + DISTRIBUTIONS);
            }
            dist = dist.toLowerCase(Locale.ROOT);
            if (!DISTRIBUTIONS.contains(dist)) {
                throw new BadField("dist", "'" + dist + "' is not a distribution; one of " + DISTRIBUTIONS);
            }
            if (dist.equals("uniform")) {
                if (halfWidth == null || !(halfWidth >= 0) || Double.isInfinite(halfWidth)) {
                    throw new BadField("half-width", (halfWidth == null ? "missing" : halfWidth + ": must be finite and >= 0")
                            + " (a uniform draw takes half-width)");
                }
            } else if (sigma == null || !(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new BadField("sigma", (sigma == null ? "missing" : sigma + ": must be finite and >= 0")
                        + " (a " + dist + " draw takes sigma)");
            }
            truncate = truncate == null ? 3.0 : truncate;
            if (!(truncate > 0)) {
                throw new BadField("truncate", truncate + ": must be > 0 (sigmas)");
            }
            relative = relative == null ? Boolean.TRUE : relative;
        }

        /** A draw around {@code nominal}. */
        public double draw(double nominal, java.util.random.RandomGenerator rng) {
            double d;
            switch (dist) {
                case "uniform" -> d = halfWidth * (2 * rng.nextDouble() - 1);
                case "truncated-gauss" -> {
                    double z;
                    do {
                        z = rng.nextGaussian();
                    } while (Math.abs(z) > truncate);
                    d = sigma * z;
                }
                default -> d = sigma * rng.nextGaussian();
            }
            return relative ? nominal * (1 + d) : nominal + d;
        }

        /** The target, as written in the spec. */
        public String target() {
            return param != null ? "param " + param : elements != null ? "elements " + elements : "array " + array;
        }
    }
}
