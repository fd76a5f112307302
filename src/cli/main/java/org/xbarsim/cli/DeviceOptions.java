package org.xbarsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.xbarsim.circuit.CircuitBuilder;
import org.xbarsim.crossbar.ArrayNetlist;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;

/**
 * The array parameters of the commands that map weights onto arrays (paper 002 section 4.1
 * defaults), from options or from an array file ({@code --arrays}): a JSON object of the same
 * settings, or an array netlist with one {@code .crossbar} whose cell, law, wires, R_in, R_out
 * and transistor the arrays take (its conductances are replaced). Options given on the command
 * line win over the file.
 */
final class DeviceOptions {
    @Mixin
    CellOptions cells;

    @Option(names = "--arrays", paramLabel = "FILE",
            description = "array parameters from a file: JSON (keys cell, law, sinh_b, v_read, r_wire, r_wire_row, "
                    + "r_wire_col, r_in, r_out, r_on, r_off, v_max, headroom, transistor {v_gate, vto, kp, lambda, w, l}) "
                    + "or an array netlist with one .crossbar (cell, law, wires, R_in, R_out, transistor); options given "
                    + "on the command line win")
    Path arrays;

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

    @Option(names = "--dynamic-range", defaultValue = "0",
            description = "G_on/G_off instead of --r-off (10, 100, 1000 in paper 001): G_min = 1 / (R_on x ratio); 0 takes "
                    + "--r-off; default: ${DEFAULT-VALUE}")
    double dynamicRange;

    @Option(names = "--v-max", defaultValue = "0.4", description = "input voltage of the largest input (V); default: ${DEFAULT-VALUE}")
    double vMax;

    @Option(names = "--sinh-b", defaultValue = "2", description = "sinh law nonlinearity (1/V); default: ${DEFAULT-VALUE}")
    double sinhB;

    @Option(names = "--headroom", defaultValue = "0.2",
            description = "fraction of the conductance range left above the mapped weights for conversion to raise "
                    + "devices into (0: weights span G_min..G_max); default: ${DEFAULT-VALUE}")
    double headroom;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /** The template once resolved. */
    private CrossbarArray template;

    /** The array parameters as a 1x1 template whose conductances are replaced; bad values named. */
    CrossbarArray template() {
        if (template == null) {
            template = resolve();
        }
        return template;
    }

    double gMin() {
        template();
        return dynamicRange > 0 ? 1 / rOn / dynamicRange : 1 / rOff;
    }

    double gMax() {
        template();
        return 1 / rOn;
    }

    double vMax() {
        template();
        return vMax;
    }

    double headroom() {
        template();
        return headroom;
    }

    /** True when the option was given on the command line (then it wins over the array file). */
    private boolean given(String option) {
        return mixee != null && mixee.commandLine() != null && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    private CrossbarArray resolve() {
        CrossbarArray.Builder b = CrossbarArray.builder(1, 1);
        if (arrays != null) {
            String name = arrays.getFileName().toString().toLowerCase(Locale.ROOT);
            b = name.endsWith(".json") ? fromJson(arrays) : fromNetlist(arrays);
        }
        if (!(rOn > 0) || !(rOff > rOn)) {
            throw new IllegalArgumentException("--r-on " + rOn + " and --r-off " + rOff + " Ohm: need 0 < R_on < R_off");
        }
        if (!(dynamicRange == 0 || (dynamicRange > 1 && dynamicRange <= 1e9))) {
            throw new IllegalArgumentException("--dynamic-range " + dynamicRange + ": 0 (--r-off gives G_min) or a ratio above 1, "
                    + "at most 1e9");
        }
        if (!(vMax > 0)) {
            throw new IllegalArgumentException("--v-max " + vMax + " V: must be positive");
        }
        if (!(headroom >= 0 && headroom < 1)) {
            throw new IllegalArgumentException("--headroom " + headroom + ": from 0 up to (not including) 1");
        }
        if (arrays == null || given("--cell")) {
            b.cell(cells.kind());
        }
        if (arrays == null || given("--r-wire")) {
            b.rWire(rWire);
        }
        if (arrays == null || given("--r-in")) {
            b.rIn(rIn);
        }
        if (arrays == null || given("--r-out")) {
            b.rOut(rOut);
        }
        if (arrays == null || given("--law") || given("--sinh-b")) {
            cells.applyLaw(b, sinhB);
        }
        CrossbarArray t = b.conductance(0, 0, 1 / rOn).build();
        // what the description prints follows the template
        cells.cell = t.cell() == CrossbarArray.Cell.ONE_T_ONE_M ? "1t1m" : "1r";
        cells.law = t.law() == CrossbarArray.Law.SINH ? "sinh" : "linear";
        sinhB = t.sinhB();
        return t;
    }

    /** The parameters of an array netlist's one {@code .crossbar}; errors name the file. */
    private static CrossbarArray.Builder fromNetlist(Path file) {
        FlatNetlist net = Flattener.flatten(NetlistParser.parse(file));
        if (net.arrays().size() != 1) {
            throw new IllegalArgumentException(file + ": --arrays needs a netlist with exactly one .crossbar, found "
                    + net.arrays().size());
        }
        return ArrayNetlist.structured(net, CircuitBuilder.options(net, Map.of()))
                .orElseThrow(() -> new IllegalArgumentException(file + ": --arrays needs an array netlist: one .crossbar with "
                        + "its row and column sources and nothing else, a linear or sinh memristor model and (1T1M) a "
                        + "level-1 NMOS with only VTO, KP and LAMBDA"))
                .toBuilder(1, 1);
    }

    /** Keys of the JSON array file. */
    private static final Set<String> KEYS = Set.of("cell", "law", "sinh_b", "v_read", "r_wire", "r_wire_row", "r_wire_col",
            "r_in", "r_out", "r_on", "r_off", "v_max", "headroom", "transistor");
    private static final Set<String> FET_KEYS = Set.of("v_gate", "vto", "kp", "lambda", "w", "l");

    /** The parameters of a JSON array file; sets the options it names that the command line did not give. */
    private CrossbarArray.Builder fromJson(Path file) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file));
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(file + ": expected a JSON object of array parameters");
            }
            o = e.getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the array file (" + e.getMessage() + ")");
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + org.xbarsim.mapping.JsonProblems.reason(e) + ")");
        }
        for (String key : o.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown key \"" + key + "\"; known keys: " + new java.util.TreeSet<>(KEYS));
            }
        }
        CrossbarArray.Builder b = CrossbarArray.builder(1, 1);
        text(file, o, "cell", "--cell", v -> cells.cell = v);
        text(file, o, "law", "--law", v -> cells.law = v);
        number(file, o, "sinh_b", "--sinh-b", v -> sinhB = v);
        number(file, o, "r_wire", "--r-wire", v -> rWire = v);
        number(file, o, "r_in", "--r-in", v -> rIn = v);
        number(file, o, "r_out", "--r-out", v -> rOut = v);
        number(file, o, "r_on", "--r-on", v -> rOn = v);
        number(file, o, "r_off", "--r-off", v -> rOff = v);
        number(file, o, "v_max", "--v-max", v -> vMax = v);
        number(file, o, "headroom", "--headroom", v -> headroom = v);
        b.cell(cells.kind()).rWire(rWire).rIn(rIn).rOut(rOut);
        if (o.has("r_wire_row") || o.has("r_wire_col")) {
            double[] rc = {rWire, rWire};
            number(file, o, "r_wire_row", null, v -> rc[0] = v);
            number(file, o, "r_wire_col", null, v -> rc[1] = v);
            b.rWire(rc[0], rc[1]);
        }
        number(file, o, "v_read", null, b::vRead);
        switch (cells.law) {
            case "linear" -> b.linear();
            case "sinh" -> b.sinh(sinhB);
            default -> throw new IllegalArgumentException(file + ": law \"" + cells.law + "\": linear or sinh");
        }
        if (o.has("transistor")) {
            JsonElement t = o.get("transistor");
            if (!t.isJsonObject()) {
                throw new IllegalArgumentException(file + ": \"transistor\" must be an object with keys " + FET_KEYS);
            }
            JsonObject fet = t.getAsJsonObject();
            for (String key : fet.keySet()) {
                if (!FET_KEYS.contains(key)) {
                    throw new IllegalArgumentException(file + ": unknown key \"transistor." + key + "\"; known keys: "
                            + new java.util.TreeSet<>(FET_KEYS));
                }
            }
            CrossbarArray d = CrossbarArray.builder(1, 1).conductance(0, 0, 1).build(); // the defaults
            Map<String, Double> p = new LinkedHashMap<>();
            p.put("v_gate", d.vGate());
            p.put("vto", d.fetVto());
            p.put("kp", d.fetKp());
            p.put("lambda", d.fetLambda());
            p.put("w", d.fetW());
            p.put("l", d.fetL());
            for (String key : FET_KEYS) {
                number(file, fet, key, null, v -> p.put(key, v));
            }
            try {
                b.transistor(p.get("v_gate"), p.get("vto"), p.get("kp"), p.get("lambda"), p.get("w"), p.get("l"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": transistor: " + e.getMessage());
            }
        }
        return b;
    }

    /** Sets a number from key (unless the command line gave {@code option}); a non-number is named. */
    private void number(Path file, JsonObject o, String key, String option, java.util.function.DoubleConsumer set) {
        if (!o.has(key) || (option != null && given(option))) {
            return;
        }
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(file + ": \"" + key + "\" is " + e + "; expected a number");
        }
        set.accept(e.getAsDouble());
    }

    private void text(Path file, JsonObject o, String key, String option, Consumer<String> set) {
        if (!o.has(key) || given(option)) {
            return;
        }
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(file + ": \"" + key + "\" is " + e + "; expected a string");
        }
        set.accept(e.getAsString().toLowerCase(Locale.ROOT));
    }

    /** The settings, as printed with results. */
    String describe() {
        CrossbarArray t = template();
        String fet = t.cell() == CrossbarArray.Cell.ONE_T_ONE_M
                ? String.format(Locale.ROOT, " (NMOS VTO=%s V, KP=%s A/V^2, LAMBDA=%s 1/V, W/L=%s/%s, V_gate=%s V)", t.fetVto(),
                t.fetKp(), t.fetLambda(), t.fetW(), t.fetL(), t.vGate())
                : "";
        return String.format(Locale.ROOT, "%s cells%s, %s memristors%s, R_wire=%s/%s Ohm (row/column), R_in=%s Ohm, "
                        + "R_out=%s Ohm, R_on=%s Ohm, R_off=%s Ohm, V_max=%s V, %s headroom%s",
                t.cell() == CrossbarArray.Cell.ONE_T_ONE_M ? "1T1M" : "1R", fet, cells.law,
                t.law() == CrossbarArray.Law.SINH ? String.format(Locale.ROOT, " (sinh b=%s 1/V, V_read=%s V)", t.sinhB(), t.vRead()) : "",
                t.rWireRow(), t.rWireCol(), t.rIn(), t.rOut(), rOn, 1 / gMin(), vMax, headroom,
                arrays == null ? "" : "; from " + arrays);
    }
}
