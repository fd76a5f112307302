package org.xbarsim.netlist;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Expands {@code .crossbar NAME key=value ...} into plain elements, wired by {@link ArrayTopology}.
 * Names are local to the array as a subcircuit's are: nodes {@code NAME.t0_1}, elements
 * {@code r.NAME.rr0_1}. Unless {@code in=PREFIX} names existing row nodes {@code PREFIX0..}, the
 * array drives row i from its own source {@code v.NAME.in<i>} (value from {@code vin}, else 0 V);
 * unless {@code out=PREFIX} names existing column nodes, column j ends in its own 0 V source
 * {@code v.NAME.out<j>}, whose current {@code i(v.NAME.out<j>)} is the column output.
 */
final class ArrayExpander {

    /** The keys whose values are words, file names or matrices, not expressions. */
    static final Set<String> TEXT_KEYS = Set.of("cell", "g", "mem", "fet", "in", "out", "vin");

    /** Every key {@code .crossbar} reads. */
    static final Set<String> KEYS = Set.of("rows", "cols", "cell", "g", "mem", "fet", "w", "l", "vg", "rwire", "rwire_row",
            "rwire_col", "rin", "rout", "in", "out", "vin");

    private ArrayExpander() {
    }

    /**
     * Appends the elements of {@code card} to {@code out}; numeric values are evaluated by
     * {@code eval} (parameters visible at top level).
     */
    static FlatNetlist.Array expand(Deck.ArrayCard card, ToDoubleFunction<Deck.Arg> eval, List<FlatNetlist.Element> out) {
        String name = card.name().text().toLowerCase(Locale.ROOT);
        Map<String, Deck.Arg> args = new java.util.LinkedHashMap<>();
        for (Deck.Arg a : card.args()) {
            if (!KEYS.contains(a.name())) {
                throw a.token().error("unknown .crossbar parameter (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
            if (args.put(a.name(), a) != null) {
                throw a.token().error(".crossbar parameter given twice");
            }
        }
        int m = count(args, "rows", card, eval);
        int n = count(args, "cols", card, eval);
        try {
            ArrayTopology.checkSize(m, n);
        } catch (IllegalArgumentException e) {
            throw args.get("cols").valueToken().error(e.getMessage());
        }
        boolean access = cell(args.get("cell"));
        String mem = text(args, "mem");
        if (mem == null) {
            throw card.name().error(".crossbar needs mem=<memristor model>");
        }
        String fet = text(args, "fet");
        if (access && fet == null) {
            throw card.name().error("a 1T1M .crossbar needs fet=<NMOS model> (or cell=1r)");
        }
        double rWire = number(args, "rwire", ArrayTopology.DEFAULT_R_WIRE_OHM, eval, true);
        double rWireRow = number(args, "rwire_row", rWire, eval, true);
        double rWireCol = number(args, "rwire_col", rWire, eval, true);
        double rIn = number(args, "rin", ArrayTopology.DEFAULT_R_IN_OHM, eval, true);
        double rOut = number(args, "rout", ArrayTopology.DEFAULT_R_OUT_OHM, eval, true);
        double w = number(args, "w", ArrayTopology.DEFAULT_FET_W_M, eval, true);
        double l = number(args, "l", ArrayTopology.DEFAULT_FET_L_M, eval, true);
        double vg = number(args, "vg", ArrayTopology.DEFAULT_V_GATE_V, eval, false);
        Deck.Arg gArg = args.get("g");
        if (gArg == null) {
            throw card.name().error(".crossbar needs g=<conductance> or g=\"matrix.csv\" or g={g00 g01 ..., g10 ...}");
        }
        double[][] g = conductances(gArg, m, n);
        String inPrefix = text(args, "in");
        String outPrefix = text(args, "out");
        double[] vin = inputs(args.get("vin"), m);
        if (inPrefix != null && vin != null) {
            throw args.get("vin").token().error("vin= sets the array's own sources; with in= the rows are fed from outside");
        }
        String prefix = name + ".";
        Token at = card.name();
        int first = out.size();
        if (inPrefix == null) {
            for (int i = 0; i < m; i++) {
                out.add(element('v', "v." + prefix + "in" + i, List.of(prefix + "in" + i, "0"), vin == null ? 0 : vin[i],
                        null, Map.of(), at));
            }
        }
        if (access) {
            out.add(element('v', "v." + prefix + "wl", List.of(prefix + "wl", "0"), vg, null, Map.of(), at));
        }
        String rowNode = inPrefix == null ? prefix + "in" : inPrefix.toLowerCase(Locale.ROOT);
        String colNode = outPrefix == null ? prefix + "out" : outPrefix.toLowerCase(Locale.ROOT);
        numberPrefix(args.get("in"), inPrefix, "row");
        numberPrefix(args.get("out"), outPrefix, "column");
        Map<String, Double> size = Map.of("w", w, "l", l);
        String fetModel = fet == null ? null : fet.toLowerCase(Locale.ROOT);
        String memModel = mem.toLowerCase(Locale.ROOT);
        ArrayTopology.emit(m, n, access, rWireRow, rWireCol, rIn, rOut, i -> rowNode + i, j -> colNode + j, prefix + "wl",
                local -> prefix + local, new ArrayTopology.Sink() {
                    @Override
                    public void resistor(String local, String a, String b, double ohms) {
                        out.add(element('r', "r." + prefix + local, List.of(a, b), ohms, null, Map.of(), at));
                    }

                    @Override
                    public void memristor(String local, String a, String b, int i, int j) {
                        out.add(element('y', "y." + prefix + local, List.of(a, b), Double.NaN, memModel,
                                Map.of("g", g[i][j]), at));
                    }

                    @Override
                    public void transistor(String local, String d, String gate, String s, String b) {
                        out.add(element('m', "m." + prefix + local, List.of(d, gate, s, b),
                                Double.NaN, fetModel, size, at));
                    }

                });
        List<String> outputs = new ArrayList<>();
        if (outPrefix == null) {
            for (int j = 0; j < n; j++) {
                outputs.add("v." + prefix + "out" + j);
                out.add(element('v', outputs.get(j), List.of(prefix + "out" + j, "0"), 0, null, Map.of(), at));
            }
        }
        List<String> inputs = new ArrayList<>();
        if (inPrefix == null) {
            for (int i = 0; i < m; i++) {
                inputs.add("v." + prefix + "in" + i);
            }
        }
        FlatNetlist.Layout layout = new FlatNetlist.Layout(access, rWireRow, rWireCol, rIn, rOut, g, memModel, fetModel, w, l,
                vg);
        return new FlatNetlist.Array(name, m, n, List.copyOf(inputs), List.copyOf(outputs), layout, out.size() - first);
    }

    private static FlatNetlist.Element element(char type, String name, List<String> nodes, double value, String model,
                                               Map<String, Double> params, Token at) {
        return new FlatNetlist.Element(type, name, nodes, value, model, null, params, null, false, at);
    }

    private static int count(Map<String, Deck.Arg> args, String key, Deck.ArrayCard card, ToDoubleFunction<Deck.Arg> eval) {
        Deck.Arg a = args.get(key);
        if (a == null) {
            throw card.name().error(".crossbar needs " + key + "=<count>");
        }
        double v = eval.applyAsDouble(a);
        if (v != Math.rint(v) || v < 1 || v > 100_000) {
            throw a.valueToken().error(key + " must be a whole number from 1 to 100000, got " + v);
        }
        return (int) v;
    }

    private static double number(Map<String, Deck.Arg> args, String key, double dflt, ToDoubleFunction<Deck.Arg> eval,
                                 boolean positive) {
        Deck.Arg a = args.get(key);
        if (a == null) {
            return dflt;
        }
        double v = eval.applyAsDouble(a);
        if (positive && !(v > 0)) {
            throw a.valueToken().error(key + " must be positive, got " + v);
        }
        return v;
    }

    /** A word or quoted value, or null when not given. */
    /** An {@code in=} or {@code out=} node prefix is a name, not a number (a typo for rin= or rout=). */
    private static void numberPrefix(Deck.Arg arg, String prefix, String what) {
        if (prefix != null && !Double.isNaN(Numbers.parse(prefix))) {
            throw arg.valueToken().error(arg.name() + "= takes the prefix of the " + what + " nodes, not a number (did you mean r"
                    + arg.name() + "=?)");
        }
    }

    /**
     * Checks that the nodes PREFIX0 ... of an {@code in=} or {@code out=} prefix each meet an
     * element outside the array ({@code outside} tells), so that no row is left undriven and no
     * column unsensed.
     */
    static void checkConnections(Deck.ArrayCard card, FlatNetlist.Array array, java.util.function.Predicate<String> outside) {
        for (Deck.Arg arg : card.args()) {
            if (arg.name().equals("in")) {
                connected(arg, array.rows(), "row", outside);
            } else if (arg.name().equals("out")) {
                connected(arg, array.cols(), "column", outside);
            }
        }
    }

    private static void connected(Deck.Arg arg, int count, String what, java.util.function.Predicate<String> outside) {
        String p = arg.valueToken().text().replace("\"", "").toLowerCase(Locale.ROOT);
        String prefix = p;
        for (int k = 0; k < count; k++) {
            if (!outside.test(p + k)) {
                throw arg.valueToken().error(arg.name() + "=" + prefix + ": node '" + p + k + "' meets no element outside the "
                        + "array, so " + what + " " + k + " would be left " + (what.equals("row") ? "undriven" : "unsensed"));
            }
        }
    }

    private static String text(Map<String, Deck.Arg> args, String key) {
        Deck.Arg a = args.get(key);
        return a == null ? null : a.valueToken().text().replace("\"", "");
    }

    private static boolean cell(Deck.Arg a) {
        if (a == null) {
            return true;
        }
        switch (a.valueToken().text().toLowerCase(Locale.ROOT)) {
            case "1t1m":
            case "1t1r":
                return true;
            case "1r":
            case "1m":
                return false;
            default:
                throw a.valueToken().error("cell must be 1t1m (or 1t1r) or 1r");
        }
    }

    /** Row inputs from {@code vin={v0 v1 ...}} or one value for every row; null when not given. */
    private static double[] inputs(Deck.Arg a, int m) {
        if (a == null) {
            return null;
        }
        Token tok = a.valueToken();
        List<double[]> rows = matrix(tok, tok.text());
        double[] v = new double[m];
        if (rows.size() == 1 && rows.get(0).length == 1) {
            Arrays.fill(v, rows.get(0)[0]);
            return v;
        }
        if (rows.size() != 1 || rows.get(0).length != m) {
            throw tok.error("vin needs one value, or " + m + " values (one per row) in braces");
        }
        return rows.get(0);
    }

    /** The m x n conductances: a file ({@link NumberTable}), an inline matrix in braces, or one value for every cell (S). */
    private static double[][] conductances(Deck.Arg a, int m, int n) {
        Token tok = a.valueToken();
        String text = tok.text();
        if (text.startsWith("\"")) {
            Path file = tok.resolve(text.replace("\"", ""));
            NumberTable t;
            try {
                t = NumberTable.read(file, "the conductance matrix");
            } catch (NoSuchFileException e) {
                throw tok.error("conductance file not found: " + file);
            } catch (IOException e) {
                throw tok.error("cannot read conductance file " + file + ": " + e.getMessage());
            }
            List<NumberTable.Row> rows = t.rows();
            if (rows.size() != m) {
                SourceLocation loc = rows.isEmpty() ? SourceLocation.startOf(file) : rows.get(rows.size() - 1).location(file, 0);
                throw new NetlistException(loc, "conductance matrix has " + rows.size() + " rows, the array has " + m, null);
            }
            double[][] g = new double[m][];
            for (int i = 0; i < m; i++) {
                NumberTable.Row r = rows.get(i);
                if (r.values().length != n) {
                    throw new NetlistException(r.location(file, 0), "conductance matrix row " + i + " has "
                            + r.values().length + " values, the array has " + n + " columns", null);
                }
                for (int j = 0; j < n; j++) {
                    check(r.values()[j], r.location(file, j), r.tokens()[j]);
                }
                g[i] = r.values();
            }
            return g;
        }
        List<double[]> rows = matrix(tok, text);
        String written = tok.is(Token.Kind.EXPR) ? "{" + text + "}" : text;
        for (double[] r : rows) {
            for (double v : r) {
                check(v, tok.location(), written);
            }
        }
        if (rows.size() == 1 && rows.get(0).length == 1) {
            double[][] g = new double[m][n];
            for (double[] r : g) {
                Arrays.fill(r, rows.get(0)[0]);
            }
            return g;
        }
        if (rows.size() != m) {
            throw new NetlistException(tok.location(), "conductance matrix has " + rows.size() + " rows, the array has " + m,
                    written);
        }
        for (int i = 0; i < m; i++) {
            if (rows.get(i).length != n) {
                throw new NetlistException(tok.location(), "conductance matrix row " + i + " has " + rows.get(i).length
                        + " values, the array has " + n + " columns", null);
            }
        }
        return rows.toArray(new double[0][]);
    }

    /** Rows of numbers in braces: values separated by blanks, rows by commas. */
    private static List<double[]> matrix(Token tok, String text) {
        List<double[]> rows = new ArrayList<>();
        for (String row : text.split(",")) {
            String[] f = row.strip().split("\\s+");
            double[] r = new double[f.length];
            for (int c = 0; c < f.length; c++) {
                double v = Numbers.parse(f[c]);
                if (Double.isNaN(v)) {
                    throw tok.error("not a number: '" + f[c] + "'");
                }
                r[c] = v;
            }
            rows.add(r);
        }
        return rows;
    }

    private static void check(double v, SourceLocation loc, String token) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new NetlistException(loc, "conductance " + v + " S: it must be positive and finite", token);
        }
    }

    /** Names already used, to reject two arrays of the same name. */
    static void unique(List<Deck.ArrayCard> cards) {
        Set<String> seen = new HashSet<>();
        for (Deck.ArrayCard c : cards) {
            if (!seen.add(c.name().text().toLowerCase(Locale.ROOT))) {
                throw c.name().error("two arrays of the same name");
            }
        }
    }
}
