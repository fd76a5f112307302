package org.xbarsim.netlist;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Turns logical lines into a {@link Deck}: element and directive syntax, no evaluation yet. */
public final class NetlistParser {

    /** Parameters that only matter for capacitance or noise; accepted and ignored at DC. */
    private static final Set<String> IGNORED_INSTANCE = Set.of("ad", "as", "pd", "ps", "nrd", "nrs", "ic");
    /** MOSFET instance parameters read. */
    private static final Set<String> MOSFET_INSTANCE = Set.of("w", "l", "m", "temp", "dtemp");
    /** Diode instance parameters read besides the area. */
    private static final Set<String> DIODE_INSTANCE = Set.of("m", "temp", "dtemp");
    /** Transient source functions, which a DC simulator cannot honour. */
    private static final Set<String> TRANSIENT_FUNCTIONS = Set.of("sin", "pulse", "pwl", "exp", "sffm", "am", "trrandom",
            "trnoise");

    private final ArrayList<Deck.Statement> top = new ArrayList<>();
    private final List<Deck.Arg> params = new ArrayList<>();
    private final Map<String, Deck.SubcktDef> subckts = new LinkedHashMap<>();
    private final Map<String, Deck.ModelCard> models = new LinkedHashMap<>();
    private final List<Deck.Arg> options = new ArrayList<>();
    private final List<Deck.AnalysisCard> analyses = new ArrayList<>();
    private final List<Deck.ProbeCard> outputs = new ArrayList<>();
    private final List<Deck.ArrayCard> arrays = new ArrayList<>();
    private final Set<String> globals = new java.util.LinkedHashSet<>();
    private final Map<String, Deck.FuncDef> funcs = new LinkedHashMap<>();

    private final Deque<OpenSubckt> open = new ArrayDeque<>();

    private record OpenSubckt(Token name, List<Token> ports, List<Deck.Arg> defaults,
                              List<Deck.ElementCard> body, List<Deck.Arg> params, Map<String, Deck.ModelCard> models,
                              Map<String, Deck.SubcktDef> subckts, Map<String, Deck.FuncDef> funcs) {
    }

    /** Reads and parses a netlist file. */
    public static Deck parse(Path file) {
        return parse(file, NetlistReader.read(file));
    }

    /** Parses netlist text as if read from {@code file}. */
    public static Deck parseString(Path file, String text) {
        return parse(file, NetlistReader.readString(file, text));
    }

    static Deck parse(Path file, NetlistReader.Source source) {
        List<LogicalLine> lines = source.lines();
        NetlistParser p = new NetlistParser();
        if (parallel(lines)) {
            // statements outside subcircuits are independent: parse the halves on two threads
            int half = lines.size() / 2;
            CompletableFuture<NetlistParser> second = CompletableFuture.supplyAsync(
                    () -> new NetlistParser().statements(lines.subList(half, lines.size())));
            NetlistException firstError = null;
            try {
                p.statements(lines.subList(0, half));
            } catch (NetlistException e) {
                firstError = e;
            }
            NetlistParser q;
            try {
                q = second.join();
            } catch (CompletionException e) {
                if (firstError == null && e.getCause() instanceof NetlistException ne) {
                    throw ne;
                }
                if (firstError == null) {
                    throw e;
                }
                q = null;
            }
            if (firstError != null) {
                throw firstError;
            }
            p.append(q);
        } else {
            p.statements(lines);
        }
        if (!p.open.isEmpty()) {
            Token name = p.open.peek().name();
            throw name.error(".subckt " + name.text() + " has no matching .ends");
        }
        if (!p.ifs.isEmpty()) {
            throw p.ifs.peek().at.error(".if has no matching .endif");
        }
        List<Deck.Statement> elements = List.copyOf(p.top);
        return new Deck(file, source.title(), elements, List.copyOf(p.params), p.subckts, p.models,
                List.copyOf(p.options), List.copyOf(p.analyses), List.copyOf(p.outputs), List.copyOf(p.arrays),
                Set.copyOf(p.globals), Map.copyOf(p.funcs));
    }

    /** Netlists with at least this many statements and no subcircuit are parsed on two threads. */
    static final int PARALLEL_MIN_LINES = 20_000;

    /**
     * Whether to parse the halves on two threads: at least {@link #PARALLEL_MIN_LINES} statements
     * left to parse (not read in place), and none that ties later statements to earlier ones (a
     * subcircuit, or a conditional block).
     */
    private static boolean parallel(List<LogicalLine> lines) {
        int left = 0;
        for (LogicalLine line : lines) {
            if (line.plain == null) {
                String text = line.text();
                if (text.regionMatches(true, 0, ".subckt", 0, 7) || text.regionMatches(true, 0, ".if", 0, 3)) {
                    return false;
                }
                left++;
            }
        }
        return left >= PARALLEL_MIN_LINES;
    }

    private NetlistParser statements(List<LogicalLine> lines) {
        top.ensureCapacity(lines.size());
        for (LogicalLine line : lines) {
            statement(line);
        }
        return this;
    }

    /** Appends what {@code later} parsed from the statements after this parser's. */
    private void append(NetlistParser later) {
        top.addAll(later.top);
        params.addAll(later.params);
        for (Map.Entry<String, Deck.ModelCard> m : later.models.entrySet()) {
            if (models.putIfAbsent(m.getKey(), m.getValue()) != null) {
                throw m.getValue().name().error("model defined twice");
            }
        }
        options.addAll(later.options);
        analyses.addAll(later.analyses);
        outputs.addAll(later.outputs);
        arrays.addAll(later.arrays);
        globals.addAll(later.globals);
        funcs.putAll(later.funcs);
    }

    private void statement(LogicalLine line) {
        Deck.Statement plain = line.plain;
        if (plain != null) {
            line.plain = null;
            if (open.isEmpty() && (ifs.isEmpty() || ifs.peek().active)) {
                top.add(plain); // read flat in place: a top-level element read
                return;
            }
        }
        List<Token> t = Tokenizer.tokenize(line);
        if (t.isEmpty()) {
            return;
        }
        Token first = t.get(0);
        if (!first.is(Token.Kind.WORD)) {
            throw first.error("a statement must start with an element name or a directive");
        }
        String word = first.text().toLowerCase(Locale.ROOT);
        if (conditional(word, first, line)) {
            return;
        }
        if (word.startsWith(".")) {
            directive(word, t, line);
        } else {
            Deck.ElementCard card = element(t, line);
            if (open.isEmpty()) {
                top.add(card);
            } else {
                open.peek().body().add(card);
            }
        }
    }

    // ---------------------------------------------------------------- .if blocks

    /** One open {@code .if} block: whether its current branch is read, and whether one was. */
    private static final class IfBlock {
        final Token at;
        final boolean outerActive;
        boolean active;
        boolean taken;
        boolean sawElse;

        IfBlock(Token at, boolean outerActive) {
            this.at = at;
            this.outerActive = outerActive;
        }
    }

    private final Deque<IfBlock> ifs = new ArrayDeque<>();

    /**
     * Handles {@code .if (cond)}, {@code .elseif (cond)}, {@code .else} and {@code .endif}, and
     * skips statements of branches not taken. Conditions are evaluated as they are read, from the
     * top-level parameters defined above them (ngspice's numparam reads them in the same order).
     *
     * @return true when the statement was consumed here
     */
    private boolean conditional(String word, Token first, LogicalLine line) {
        boolean active = ifs.isEmpty() || ifs.peek().active;
        switch (word) {
            case ".if": {
                IfBlock b = new IfBlock(first, active);
                b.active = active && condition(first, line);
                b.taken = b.active;
                ifs.push(b);
                return true;
            }
            case ".elseif": {
                IfBlock b = open(first, ".elseif");
                if (b.sawElse) {
                    throw first.error(".elseif after .else");
                }
                b.active = b.outerActive && !b.taken && condition(first, line);
                b.taken |= b.active;
                return true;
            }
            case ".else": {
                IfBlock b = open(first, ".else");
                if (b.sawElse) {
                    throw first.error("a second .else in one .if block");
                }
                b.sawElse = true;
                b.active = b.outerActive && !b.taken;
                b.taken = true;
                return true;
            }
            case ".endif":
                open(first, ".endif");
                ifs.pop();
                return true;
            case ".param":
                if (!ifs.isEmpty()) {
                    // ngspice 39 reads every .param whatever branch it stands in (the last one wins):
                    // refused rather than read either way
                    throw first.error(".param inside a .if block: ngspice applies it whatever the condition, so its "
                            + "meaning is ambiguous; choose elements or models in the branches, or values with a "
                            + "ternary expression");
                }
                return false;
            default:
                return !active; // a statement of a branch not taken
        }
    }

    private IfBlock open(Token at, String what) {
        if (ifs.isEmpty()) {
            throw at.error(what + " without .if");
        }
        return ifs.peek();
    }

    /** The value of the condition after {@code .if} or {@code .elseif}: true when non-zero. */
    private boolean condition(Token keyword, LogicalLine line) {
        Token cond = rawToken(line, keyword.start() + keyword.text().length(), line.text().length());
        if (cond.text().isBlank()) {
            throw keyword.error("missing condition");
        }
        // ngspice reads a single '=' in a condition as a comparison: (select = 2)
        String text = cond.text().replaceAll("(?<![=<>!])=(?!=)", "==");
        Expr e = Expr.parse(text, new Token(cond.kind(), text, cond.start(), cond.line()));
        return evalTop(e, cond, new java.util.HashSet<>()) != 0;
    }

    /** Evaluates {@code e} from the top-level parameters defined so far (the last definition of a name wins). */
    private double evalTop(Expr e, Token at, Set<String> evaluating) {
        if (!open.isEmpty()) {
            throw at.error(".if inside a .subckt is not supported: its condition would depend on each instance");
        }
        Expr resolved = e.map(x -> {
            if (x instanceof Expr.Param p) {
                Deck.Arg def = null;
                for (Deck.Arg a : params) {
                    if (a.name().equals(p.name())) {
                        def = a;
                    }
                }
                if (def == null || def.expr() == null) {
                    throw new NetlistException(at.locationAt(p.pos()), "undefined parameter '" + p.name()
                            + "' (a .if condition reads the parameters defined above it)", p.name());
                }
                if (!evaluating.add(p.name())) {
                    throw new NetlistException(at.locationAt(p.pos()), "parameter '" + p.name()
                            + "' is defined in terms of itself", p.name());
                }
                double v = evalTop(def.expr(), def.valueToken(), evaluating);
                evaluating.remove(p.name());
                return new Expr.Num(v);
            }
            if (x instanceof Expr.Probe || x instanceof Expr.Apply) {
                throw at.error("a .if condition takes numbers, parameters and built-in functions only");
            }
            return x;
        });
        double v = resolved.eval(null);
        if (!Double.isFinite(v)) {
            throw at.error("condition is not a finite number (" + v + ")");
        }
        return v;
    }

    // ---------------------------------------------------------------- elements

    private Deck.ElementCard element(List<Token> t, LogicalLine line) {
        Token name = t.get(0);
        char type = Character.toLowerCase(name.text().charAt(0));
        switch (type) {
            case 'r':
                if (t.size() == 4 && !isKey(t, 3) && !(t.get(3).is(Token.Kind.WORD)
                        && Character.isLetter(t.get(3).text().charAt(0)))) {
                    return new Deck.ElementCard(type, name, nodes(t, 1, 2, name), positional(t, 3, name, "value"), null,
                            null, List.of(), null, false); // the common case, kept short for large netlists
                }
                return resistor(t);
            case 'c':
            case 'l':
                return twoTerminal(type, t, type == 'c' ? "c" : "l");
            case 'v':
            case 'i':
                return source(type, t);
            case 'e':
            case 'g': {
                List<Token> nodes = nodes(t, 1, 4, name);
                Deck.Arg gain = positional(t, 5, name, "gain");
                noExtra(t, 6);
                return new Deck.ElementCard(type, name, nodes, gain, null, null, List.of(), null, false);
            }
            case 'f':
            case 'h': {
                List<Token> nodes = nodes(t, 1, 2, name);
                Token control = word(t, 3, name, "controlling voltage source name");
                Deck.Arg gain = positional(t, 4, name, "gain");
                noExtra(t, 5);
                return new Deck.ElementCard(type, name, nodes, gain, null, control, List.of(), null, false);
            }
            case 'd': {
                refuseOff(t, 4);
                List<Token> nodes = nodes(t, 1, 2, name);
                Token model = word(t, 3, name, "diode model name");
                Deck.Arg area = null;
                int next = 4;
                if (t.size() > 4 && !isKey(t, 4)) {
                    area = positional(t, 4, name, "area");
                    next = 5;
                }
                List<Deck.Arg> kept = new ArrayList<>();
                for (Deck.Arg a : keyValues(t, next, line)) {
                    if (a.name().equals("area")) {
                        area = a;
                    } else if (DIODE_INSTANCE.contains(a.name()) && a.expr() != null) {
                        kept.add(a);
                    } else if (!IGNORED_INSTANCE.contains(a.name())) {
                        throw a.token().error("unknown diode instance parameter (supported: area, m, temp, dtemp)");
                    }
                }
                return new Deck.ElementCard(type, name, nodes, area, model, null, List.copyOf(kept), null, false);
            }
            case 'm': {
                refuseOff(t, 6);
                List<Token> nodes = nodes(t, 1, 4, name);
                if (t.size() < 6 || isKey(t, 5)) {
                    throw name.error("missing MOSFET model name (d g s b model: a three-terminal VDMOS line is not "
                            + "supported)");
                }
                Token model = word(t, 5, name, "MOSFET model name");
                List<Deck.Arg> named = new ArrayList<>();
                for (Deck.Arg a : keyValues(t, 6, line)) {
                    if (MOSFET_INSTANCE.contains(a.name())) {
                        named.add(a);
                    } else if (!IGNORED_INSTANCE.contains(a.name())) {
                        throw a.token().error("unknown MOSFET instance parameter (supported: w, l, m, temp, dtemp)");
                    }
                }
                return new Deck.ElementCard(type, name, nodes, null, model, null, named, null, false);
            }
            case 'b':
                return behavioural(t, line);
            case 'y': {
                List<Token> nodes = nodes(t, 1, 2, name);
                Token model = word(t, 3, name, "memristor model name");
                List<Deck.Arg> named = keyValues(t, 4, line);
                for (Deck.Arg a : named) {
                    if (!a.name().equals("g") && !a.name().equals("r")) {
                        throw a.token().error("unknown memristor parameter (supported: g, r)");
                    }
                }
                if (named.size() != 1) {
                    throw name.error("memristor needs exactly one of g=<conductance at the read voltage> or r=<resistance>");
                }
                return new Deck.ElementCard(type, name, nodes, null, model, null, named, null, false);
            }
            case 'x':
                return instance(t, line);
            default:
                throw name.error("unknown element type '" + name.text().charAt(0)
                        + "' (supported: R C L V I E G F H D M B Y X)");
        }
    }

    /**
     * Refuses a device's OFF flag: ngspice starts such a device off, which can pick another state
     * of a circuit with several; XbarSim starts every device from its own initial guess.
     */
    private static void refuseOff(List<Token> t, int from) {
        for (int i = from; i < t.size(); i++) {
            if (t.get(i).is(Token.Kind.WORD) && t.get(i).text().equalsIgnoreCase("off") && !isKey(t, i)) {
                throw t.get(i).error("OFF (start the device off) is not supported: the operating point is found from "
                        + "XbarSim's own initial guess; remove OFF");
            }
        }
    }

    /** Resistor instance parameters kept for the builder (ac= has no effect at DC and is read and dropped). */
    private static final Set<String> RESISTOR_INSTANCE = Set.of("m", "scale", "l", "w", "tc1", "tc2", "tce", "temp",
            "dtemp");

    /**
     * A resistor as ngspice reads it: {@code Rname n+ n- [value] [model] [value] [r=|resistance=]
     * [m=] [scale=] [l=] [w=] [tc1=] [tc2=] [temp=] [dtemp=] [ac=]}. A bare name is a model, or a
     * parameter when no model of that name exists (decided when flattening, where every model is known).
     */
    private Deck.ElementCard resistor(List<Token> t) {
        Token name = t.get(0);
        List<Token> nodes = nodes(t, 1, 2, name);
        Deck.Arg value = null;
        Token model = null;
        int i = 3;
        while (i < t.size() && !isKey(t, i)) {
            Token tok = t.get(i);
            if (model == null && tok.is(Token.Kind.WORD) && Character.isLetter(tok.text().charAt(0))) {
                model = tok;
            } else if (value == null) {
                value = positional(t, i, name, "resistance");
            } else {
                throw tok.error("unexpected token: a resistor takes a value and a model name");
            }
            i++;
        }
        List<Deck.Arg> named = new ArrayList<>();
        for (Deck.Arg a : keyValues(t, i, t.get(0).line())) {
            if (a.name().equals("r") || a.name().equals("resistance")) {
                value = a;
            } else if (RESISTOR_INSTANCE.contains(a.name()) && a.expr() != null) {
                named.add(a);
            } else if (!a.name().equals("ac")) {
                throw a.token().error("unknown resistor parameter (supported: r, resistance, m, scale, l, w, tc1, tc2, "
                        + "tce, temp, dtemp, ac)");
            }
        }
        if (value == null && model == null) {
            throw name.error("element has no value");
        }
        return new Deck.ElementCard('r', name, nodes, value, model, null, List.copyOf(named), null, false);
    }

    /** {@code .func name(a, b) = {body}}, {@code .func name(a) {body}} or with the body unbraced. */
    private static Deck.FuncDef func(List<Token> t, LogicalLine line) {
        Token first = t.get(0);
        Token name = word(t, 1, first, "function name");
        if (Expr.Fn.byName(name.text()) != null || Set.of("v", "i", "pwl", "ternary_fcn").contains(
                name.text().toLowerCase(Locale.ROOT))) {
            throw name.error("a built-in function cannot be redefined");
        }
        if (t.size() < 3 || !t.get(2).is(Token.Kind.LPAREN)) {
            throw (t.size() > 2 ? t.get(2) : name).error("expected '(' and the function's parameters");
        }
        List<String> params = new ArrayList<>();
        int i = 3;
        while (i < t.size() && !t.get(i).is(Token.Kind.RPAREN)) {
            Token p = t.get(i);
            if (p.is(Token.Kind.COMMA)) {
                i++;
                continue;
            }
            if (!p.is(Token.Kind.WORD) || !Character.isLetter(p.text().charAt(0))) {
                throw p.error("expected a parameter name");
            }
            params.add(p.text().toLowerCase(Locale.ROOT));
            i++;
        }
        if (i >= t.size()) {
            throw name.error("expected ')' after the function's parameters");
        }
        i++;
        if (i < t.size() && t.get(i).is(Token.Kind.EQUALS)) {
            i++;
        }
        if (i >= t.size()) {
            throw name.error("the function has no body");
        }
        Token body = rawToken(line, t.get(i).start(), line.text().length());
        return new Deck.FuncDef(name, List.copyOf(params), Expr.parse(body.text(), body),
                Expr.parseBehavioural(body.text(), body));
    }

    /** The .model types XbarSim simulates. */
    static final List<String> MODEL_TYPES = List.of("d", "nmos", "pmos", "mem", "r", "res");

    private Deck.ElementCard twoTerminal(char type, List<Token> t, String key) {
        Token name = t.get(0);
        List<Token> nodes = nodes(t, 1, 2, name);
        Deck.Arg value = null;
        int next = 3;
        if (t.size() > 3 && !isKey(t, 3)) {
            value = positional(t, 3, name, "value");
            next = 4;
        }
        for (Deck.Arg a : keyValues(t, next, t.get(0).line())) {
            if (a.name().equals(key)) {
                value = a;
            } else if (!(a.name().equals("ic") || (a.name().equals("m") && a.expr() != null))) {
                // ic (transient only) and m: a capacitor is open and an inductor a short at DC whatever they are
                throw a.token().error("unknown parameter for " + Character.toUpperCase(type) + " element");
            }
        }
        if (value == null) {
            throw name.error("element has no value");
        }
        return new Deck.ElementCard(type, name, nodes, value, null, null, List.of(), null, false);
    }

    /**
     * An independent source: {@code [DC] value}, {@code DC=value}, an AC or distortion
     * specification (no effect at DC), and a transient function. As ngspice, the DC value is the
     * one given, else the function's value at t = 0 (SIN VO + VA sin(PHASE), PULSE V1, PWL its
     * first value, EXP V1, SFFM VO + VA sin(PHASEC + MDI sin(PHASES)), AM and TRNOISE 0), else 0.
     */
    private Deck.ElementCard source(char type, List<Token> t) {
        Token name = t.get(0);
        List<Token> nodes = nodes(t, 1, 2, name);
        Deck.Arg value = null;
        Deck.Arg atTimeZero = null;
        int i = 3;
        while (i < t.size()) {
            Token tok = t.get(i);
            String w = tok.text().toLowerCase(Locale.ROOT);
            boolean word = tok.is(Token.Kind.WORD);
            if (word && w.equals("dc") && isKey(t, i)) {
                value = positional(t, i + 2, name, "DC value");
                i += 3;
            } else if (word && w.equals("dc")) {
                value = positional(t, i + 1, name, "DC value");
                i += 2;
            } else if (word && (w.equals("ac") || w.equals("distof1") || w.equals("distof2"))) {
                // magnitude and phase of a small-signal or distortion input: no effect at DC
                i += isKey(t, i) ? 2 : 1;
                for (int k = 0; k < 2 && i < t.size() && isNumberLike(t.get(i)) && !isKey(t, i); k++) {
                    i++;
                }
            } else if (word && TRANSIENT_FUNCTIONS.contains(w)) {
                int end = functionEnd(t, i + 1);
                List<Expr> args = new ArrayList<>();
                for (int k = i + 1; k < end; k++) {
                    Token a = t.get(k);
                    if (a.is(Token.Kind.LPAREN) || a.is(Token.Kind.RPAREN) || a.is(Token.Kind.COMMA)) {
                        continue;
                    }
                    if (!(a.is(Token.Kind.WORD) || a.is(Token.Kind.EXPR)) || isKey(t, k)) {
                        throw a.error("expected a number in the arguments of " + tok.text().toUpperCase(Locale.ROOT));
                    }
                    args.add(value(a));
                }
                atTimeZero = new Deck.Arg("dc", TransientValue.atTimeZero(w, args, tok), tok, tok);
                i = end;
            } else if (value == null && atTimeZero == null) {
                value = positional(t, i, name, "DC value");
                i++;
            } else {
                throw tok.error("unexpected token in the source specification");
            }
        }
        if (value == null) {
            value = atTimeZero != null ? atTimeZero : new Deck.Arg("dc", new Expr.Num(0), name, name);
        }
        return new Deck.ElementCard(type, name, nodes, value, null, null, List.of(), null, false);
    }

    /** True for a token that reads as a number or a braced expression. */
    private static boolean isNumberLike(Token tok) {
        return tok.is(Token.Kind.EXPR) || (tok.is(Token.Kind.WORD) && !Double.isNaN(Numbers.parse(tok.text())));
    }

    /**
     * The end of a transient function's arguments from {@code from}: past the closing parenthesis
     * when they are in parentheses, else past the numbers that follow.
     */
    private static int functionEnd(List<Token> t, int from) {
        if (from < t.size() && t.get(from).is(Token.Kind.LPAREN)) {
            int depth = 0;
            for (int k = from; k < t.size(); k++) {
                if (t.get(k).is(Token.Kind.LPAREN)) {
                    depth++;
                } else if (t.get(k).is(Token.Kind.RPAREN) && --depth == 0) {
                    return k + 1;
                }
            }
            throw t.get(from).error("missing ')' after the function's arguments");
        }
        int k = from;
        while (k < t.size() && isNumberLike(t.get(k)) && !isKey(t, k)) {
            k++;
        }
        return k;
    }

    private Deck.ElementCard behavioural(List<Token> t, LogicalLine line) {
        Token name = t.get(0);
        List<Token> nodes = nodes(t, 1, 2, name);
        if (t.size() < 5 || !t.get(3).is(Token.Kind.WORD) || !t.get(4).is(Token.Kind.EQUALS)) {
            throw (t.size() > 3 ? t.get(3) : name).error("B source needs I=<expression> or V=<expression>");
        }
        Token kind = t.get(3);
        String k = kind.text().toLowerCase(Locale.ROOT);
        if (!k.equals("i") && !k.equals("v")) {
            throw kind.error("B source needs I=<expression> or V=<expression>");
        }
        int from = t.get(4).start() + 1;
        Token body = rawToken(line, from, line.text().length());
        if (body.text().isBlank()) {
            throw t.get(4).error("missing expression after '='");
        }
        Expr e = Expr.parseBehavioural(body.text(), body);
        return new Deck.ElementCard('b', name, nodes, null, null, null, List.of(),
                new Deck.Arg(k, e, body, body), k.equals("v"));
    }

    private Deck.ElementCard instance(List<Token> t, LogicalLine line) {
        Token name = t.get(0);
        int end = 1;
        while (end < t.size() && t.get(end).is(Token.Kind.WORD) && !isKey(t, end)
                && !t.get(end).text().equalsIgnoreCase("params:")) {
            end++;
        }
        if (end - 1 < 1) {
            throw name.error("subcircuit instance needs nodes and a subcircuit name");
        }
        Token sub = t.get(end - 1);
        List<Token> nodes = List.copyOf(t.subList(1, end - 1));
        int next = end;
        if (next < t.size() && t.get(next).text().equalsIgnoreCase("params:")) {
            next++;
        }
        List<Deck.Arg> named = keyValues(t, next, line);
        return new Deck.ElementCard('x', name, nodes, null, sub, null, named, null, false);
    }

    // ---------------------------------------------------------------- directives

    private void directive(String word, List<Token> t, LogicalLine line) {
        Token first = t.get(0);
        switch (word) {
            case ".param":
                (open.isEmpty() ? params : open.peek().params()).addAll(keyValues(t, 1, line));
                return;
            case ".subckt": {
                Token name = word(t, 1, first, "subcircuit name");
                int i = 2;
                List<Token> ports = new ArrayList<>();
                while (i < t.size() && t.get(i).is(Token.Kind.WORD) && !isKey(t, i)
                        && !t.get(i).text().equalsIgnoreCase("params:")) {
                    ports.add(t.get(i++));
                }
                if (i < t.size() && t.get(i).text().equalsIgnoreCase("params:")) {
                    i++;
                }
                open.push(new OpenSubckt(name, ports, keyValues(t, i, line), new ArrayList<>(), new ArrayList<>(),
                        new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>()));
                return;
            }
            case ".ends": {
                if (open.isEmpty()) {
                    throw first.error(".ends without .subckt");
                }
                OpenSubckt s = open.pop();
                if (t.size() > 1 && !t.get(1).text().equalsIgnoreCase(s.name().text())) {
                    throw t.get(1).error(".ends name does not match .subckt " + s.name().text());
                }
                String key = s.name().text().toLowerCase(Locale.ROOT);
                // a definition nested in another is local to it, as ngspice scopes it
                Map<String, Deck.SubcktDef> into = open.isEmpty() ? subckts : open.peek().subckts();
                if (into.containsKey(key)) {
                    throw s.name().error("subcircuit defined twice");
                }
                into.put(key, new Deck.SubcktDef(s.name(), List.copyOf(s.ports()), s.defaults(),
                        List.copyOf(s.body()), List.copyOf(s.params()), Map.copyOf(s.models()), Map.copyOf(s.subckts()),
                        Map.copyOf(s.funcs())));
                return;
            }
            case ".model": {
                Token name = word(t, 1, first, "model name");
                Token type = word(t, 2, first, "model type");
                if (!MODEL_TYPES.contains(type.text().toLowerCase(Locale.ROOT))) {
                    throw type.error("unsupported model type (supported: " + String.join(", ", MODEL_TYPES) + ")");
                }
                String key = name.text().toLowerCase(Locale.ROOT);
                Map<String, Deck.ModelCard> into = open.isEmpty() ? models : open.peek().models();
                if (into.containsKey(key)) {
                    throw name.error("model defined twice");
                }
                into.put(key, new Deck.ModelCard(name, type, keyValues(t, 3, line)));
                return;
            }
            case ".options":
            case ".option":
            case ".opt":
                options.addAll(keyValues(t, 1, line, Set.of("method")));
                return;
            case ".op":
                noExtra(t, 1);
                analyses.add(new Deck.AnalysisCard(first, List.of()));
                return;
            case ".dc": {
                List<Deck.Sweep> sweeps = new ArrayList<>();
                int i = 1;
                while (i < t.size()) {
                    Token src = word(t, i, first, "swept source name");
                    char c = Character.toLowerCase(src.text().charAt(0));
                    if (c != 'v' && c != 'i' && c != 'r' && !src.text().equalsIgnoreCase("temp")) {
                        throw src.error(".dc sweeps an independent voltage or current source, a resistor, or TEMP");
                    }
                    sweeps.add(new Deck.Sweep(src, positional(t, i + 1, src, "start"),
                            positional(t, i + 2, src, "stop"), positional(t, i + 3, src, "step")));
                    i += 4;
                }
                if (sweeps.isEmpty()) {
                    throw first.error(".dc needs a source, start, stop and step");
                }
                if (sweeps.size() > 2) {
                    throw sweeps.get(2).source().error(".dc takes at most two nested sweeps");
                }
                analyses.add(new Deck.AnalysisCard(first, List.copyOf(sweeps)));
                return;
            }
            case ".print":
            case ".save":
            case ".probe":
                probes(t);
                return;
            case ".crossbar": {
                if (!open.isEmpty()) {
                    throw first.error(".crossbar must be at the top level, not inside a subcircuit");
                }
                Token name = word(t, 1, first, "array name");
                arrays.add(new Deck.ArrayCard(first, name, keyValues(t, 2, line, ArrayExpander.TEXT_KEYS)));
                return;
            }
            case ".title":
            case ".width": // SPICE2's output width: nothing to do for a DC result
                return;
            case ".ic": // initial conditions of a transient analysis: no effect on .op or .dc
                return;
            case ".func": {
                Deck.FuncDef f = func(t, line);
                Map<String, Deck.FuncDef> into = open.isEmpty() ? funcs : open.peek().funcs();
                if (into.put(f.name().text().toLowerCase(Locale.ROOT), f) != null) {
                    throw f.name().error("function defined twice");
                }
                return;
            }
            case ".global":
                if (t.size() < 2) {
                    throw first.error(".global needs at least one node name");
                }
                for (int i = 1; i < t.size(); i++) {
                    Token g = word(t, i, first, "global node name");
                    String n = g.text().toLowerCase(Locale.ROOT);
                    if (!n.equals("0") && !n.equals("gnd")) {
                        globals.add(n);
                    }
                }
                return;
            case ".temp": {
                // the circuit's temperature (C), as .options temp= (the last given wins)
                Deck.Arg value = positional(t, 1, first, "temperature");
                noExtra(t, 2);
                options.add(new Deck.Arg("temp", value.expr(), first, value.valueToken()));
                return;
            }
            case ".control":
                throw first.error("ngspice's .control scripts are not run: remove the block; XbarSim runs the netlist's "
                        + ".op and .dc analyses");
            case ".tran":
            case ".ac":
            case ".noise":
            case ".tf":
            case ".sens":
            case ".pz":
            case ".four":
            case ".disto":
                throw first.error("unsupported analysis: XbarSim runs .op and .dc");
            default:
                throw first.error("unknown directive");
        }
    }

    private void probes(List<Token> t) {
        int i = 1;
        if (i < t.size() && t.get(i).is(Token.Kind.WORD)
                && Set.of("dc", "op").contains(t.get(i).text().toLowerCase(Locale.ROOT))
                && (i + 1 >= t.size() || !t.get(i + 1).is(Token.Kind.LPAREN))) {
            i++;
        }
        while (i < t.size()) {
            Token k = t.get(i);
            String kw = k.text().toLowerCase(Locale.ROOT);
            if ((kw.equals("all") || kw.equals("alli") || kw.equals("allv")) && k.is(Token.Kind.WORD)
                    && (i + 1 >= t.size() || !t.get(i + 1).is(Token.Kind.LPAREN))) {
                i++; // every node voltage and branch current: what a netlist without .print reports
                continue;
            }
            if (!k.is(Token.Kind.WORD) || !(kw.equals("v") || kw.equals("i"))
                    || i + 1 >= t.size() || !t.get(i + 1).is(Token.Kind.LPAREN)) {
                throw k.error("expected v(node), v(node,node) or i(source)");
            }
            Token a = word(t, i + 2, k, "name");
            String b = null;
            int j = i + 3;
            if (j < t.size() && t.get(j).is(Token.Kind.COMMA)) {
                if (kw.equals("i")) {
                    throw t.get(j).error("i() takes one source name");
                }
                b = word(t, j + 1, k, "node name").text().toLowerCase(Locale.ROOT);
                j += 2;
            }
            if (j >= t.size() || !t.get(j).is(Token.Kind.RPAREN)) {
                throw (j < t.size() ? t.get(j) : k).error("expected ')'");
            }
            outputs.add(new Deck.ProbeCard(kw.charAt(0), a.text().toLowerCase(Locale.ROOT), b, k));
            i = j + 1;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static List<Token> nodes(List<Token> t, int from, int count, Token name) {
        Token[] out = new Token[count];
        for (int i = from; i < from + count; i++) {
            // the message is made only for the error: word() throws where isWord does not hold
            out[i - from] = isWord(t, i) ? t.get(i) : word(t, i, name, "node " + (i - from + 1) + " of " + count);
        }
        return List.of(out);
    }

    /** Whether token i is there and is a word that is not the key of a key=value pair. */
    private static boolean isWord(List<Token> t, int i) {
        return i < t.size() && t.get(i).is(Token.Kind.WORD) && !isKey(t, i);
    }

    private static Token word(List<Token> t, int i, Token owner, String what) {
        if (i >= t.size()) {
            throw owner.error("missing " + what);
        }
        if (!isWord(t, i)) {
            throw t.get(i).error("expected " + what);
        }
        return t.get(i);
    }

    private static Deck.Arg positional(List<Token> t, int i, Token owner, String what) {
        if (i >= t.size()) {
            throw owner.error("missing " + what);
        }
        Token tok = t.get(i);
        if (!(tok.is(Token.Kind.WORD) || tok.is(Token.Kind.EXPR)) || isKey(t, i)) {
            throw tok.error("expected " + what);
        }
        return new Deck.Arg(what, value(tok), tok, tok);
    }

    /** A value token: a number, a parameter name or a braced expression. */
    private static Expr value(Token tok) {
        if (tok.is(Token.Kind.WORD)) {
            double v = Numbers.parse(tok.text());
            if (Double.isInfinite(v)) {
                throw tok.error("number out of range: its magnitude exceeds " + Double.MAX_VALUE);
            }
            if (!Double.isNaN(v)) {
                return new Expr.Num(v);
            }
            char c = tok.text().charAt(0);
            if ((Character.isDigit(c) || c == '.' || c == '-' || c == '+') && !isExpression(tok.text())) {
                throw tok.error("bad number");
            }
        }
        return Expr.parse(tok.text(), tok);
    }

    /**
     * True when text that starts like a number is an unbraced expression, as ngspice's numparam
     * reads {@code .param tc = 0.0039 * (85 - 25) / 10}: it holds white space, an operator or a
     * parenthesis, or a sign that is not an exponent's.
     */
    private static boolean isExpression(String s) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || "*/()^<>=!&|?:,".indexOf(c) >= 0) {
                return true;
            }
            if ((c == '+' || c == '-') && !(s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')) {
                return true;
            }
        }
        return false;
    }

    private static boolean isKey(List<Token> t, int i) {
        return i + 1 < t.size() && t.get(i).is(Token.Kind.WORD) && t.get(i + 1).is(Token.Kind.EQUALS);
    }

    private static void noExtra(List<Token> t, int from) {
        if (t.size() > from) {
            throw t.get(from).error("unexpected token");
        }
    }

    /**
     * Reads {@code name=value} pairs (and bare flags) from token {@code from} on. A value runs
     * from after '=' to the start of the next {@code name=}, so {@code a = 2 * b} works.
     * Parentheses around a model's parameter list are skipped.
     */
    private static List<Deck.Arg> keyValues(List<Token> t, int from, LogicalLine line) {
        return keyValues(t, from, line, Set.of());
    }

    /** As {@link #keyValues(List, int, LogicalLine)}; values of {@code textKeys} are kept as text (expr null). */
    private static List<Deck.Arg> keyValues(List<Token> t, int from, LogicalLine line, Set<String> textKeys) {
        List<Deck.Arg> out = new ArrayList<>();
        int i = from;
        int depth = 0;
        while (i < t.size()) {
            Token tok = t.get(i);
            if (tok.is(Token.Kind.LPAREN) && !isKeyValueContext(t, i)) {
                depth++;
                i++;
                continue;
            }
            if (tok.is(Token.Kind.RPAREN) && depth > 0) {
                depth--;
                i++;
                continue;
            }
            if (tok.is(Token.Kind.COMMA)) {
                i++;
                continue;
            }
            if (!tok.is(Token.Kind.WORD)) {
                throw tok.error("expected name=value");
            }
            String name = tok.text().toLowerCase(Locale.ROOT);
            if (!isKey(t, i)) {
                out.add(new Deck.Arg(name, null, tok, tok));
                i++;
                continue;
            }
            int vStart = i + 2;
            if (vStart >= t.size()) {
                throw t.get(i + 1).error("missing value after '='");
            }
            int vEnd = vStart + 1;
            int paren = 0;
            for (int k = vStart; k < t.size(); k++) {
                Token x = t.get(k);
                if (x.is(Token.Kind.LPAREN)) {
                    paren++;
                } else if (x.is(Token.Kind.RPAREN)) {
                    if (paren == 0) {
                        break;
                    }
                    paren--;
                } else if (paren == 0 && (isKey(t, k) || (x.is(Token.Kind.COMMA) && k > vStart))) {
                    break;
                }
                vEnd = k + 1;
            }
            Token v;
            if (vEnd == vStart + 1) {
                v = t.get(vStart);
            } else {
                int endChar = t.get(vEnd - 1).start() + rawLength(t.get(vEnd - 1));
                v = rawToken(line, t.get(vStart).start(), endChar);
            }
            boolean quoted = v.is(Token.Kind.WORD) && v.text().startsWith("\"");
            out.add(new Deck.Arg(name, quoted || textKeys.contains(name) ? null : value(v), tok, v));
            i = vEnd;
        }
        return out;
    }

    /** True when the '(' at {@code i} belongs to a value such as {@code max(a,b)} (not a list). */
    private static boolean isKeyValueContext(List<Token> t, int i) {
        return i > 0 && t.get(i - 1).is(Token.Kind.EQUALS);
    }

    private static int rawLength(Token tok) {
        return tok.is(Token.Kind.EXPR) ? tok.text().length() + 2 : tok.text().length();
    }

    /** A WORD token covering raw characters [from, to) of the line (trimmed). */
    private static Token rawToken(LogicalLine line, int from, int to) {
        String s = line.text();
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        String text = s.substring(from, to);
        if (text.length() >= 2 && ((text.startsWith("{") && text.endsWith("}"))
                || (text.startsWith("'") && text.endsWith("'")))) {
            return new Token(Token.Kind.EXPR, text.substring(1, text.length() - 1), from, line);
        }
        return new Token(Token.Kind.WORD, text, from, line);
    }
}
