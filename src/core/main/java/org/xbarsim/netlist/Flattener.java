package org.xbarsim.netlist;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Evaluates parameters and expands subcircuit instances: {@link Deck} to {@link FlatNetlist}. */
public final class Flattener {

    /**
     * Most solution points of one .dc analysis (both sweeps together): every point's row is kept
     * for the report, about 8 bytes per printed quantity.
     */
    static final int MAX_POINTS = 10_000_000;

    /** Deepest nesting of .func calls inlined into one another. */
    static final int MAX_FUNC_DEPTH = 64;

    /** Deepest nesting of subcircuit instances expanded (each level recurses here). */
    static final int MAX_NESTING = 256;

    /** Model parameters whose values are words or file names, not numbers. */
    private static final Set<String> STRING_PARAMS = Set.of("law", "file");

    /** Parameters visible at one level: definitions evaluated lazily, cycles reported. */
    private static final class Scope {
        final Scope parent;
        final Map<String, Deck.Arg> defs = new LinkedHashMap<>();
        final Map<String, Double> values = new HashMap<>();
        final Set<String> evaluating = new HashSet<>();
        /** The .func definitions made at this level. */
        final Map<String, Deck.FuncDef> funcs;

        Scope(Scope parent, Map<String, Deck.FuncDef> funcs) {
            this.parent = parent;
            this.funcs = funcs;
        }

        double lookup(String name, Token at, int pos) {
            for (Scope s = this; s != null; s = s.parent) {
                Double v = s.values.get(name);
                if (v != null) {
                    return v;
                }
                Deck.Arg def = s.defs.get(name);
                if (def != null) {
                    if (!s.evaluating.add(name)) {
                        throw new NetlistException(at.locationAt(pos), "parameter '" + name + "' is defined in terms of itself", name);
                    }
                    double value = s.eval(def);
                    s.evaluating.remove(name);
                    s.values.put(name, value);
                    return value;
                }
            }
            if (name.equals("temper") && temper != null) {
                return temper.apply(at, pos);
            }
            throw new NetlistException(at.locationAt(pos), "undefined parameter '" + name + "'", name);
        }

        /** Gives {@code temper}, the circuit temperature (C), where no parameter of that name is defined. */
        java.util.function.BiFunction<Token, Integer, Double> temper;

        double eval(Deck.Arg arg) {
            if (arg.expr() instanceof Expr.Num num) {
                return num.value();
            }
            if (arg.expr() instanceof Expr.Param p) {
                // a parameter alone ({r} in a subcircuit's body): what substituting and evaluating gives
                double v = lookup(p.name(), arg.valueToken(), p.pos());
                if (!Double.isFinite(v)) {
                    throw arg.valueToken().error("value is not a finite number (" + v + ")");
                }
                return v;
            }
            if (arg.expr() == null) {
                throw arg.token().error("missing value for '" + arg.name() + "'");
            }
            Expr e = substitute(arg.expr(), arg.valueToken());
            if (!e.isConstant()) {
                throw arg.valueToken().error("a value cannot depend on node voltages or currents");
            }
            double v = e.eval(null);
            if (!Double.isFinite(v)) {
                throw arg.valueToken().error("value is not a finite number (" + v + ")");
            }
            return v;
        }

        /** {@code e} with parameters replaced by their values and .func calls inlined (as parameter expressions). */
        Expr substitute(Expr e, Token at) {
            return substitute(e, at, false, 0);
        }

        /**
         * {@code e} with parameters replaced by their values and each {@code .func} call inlined: the
         * body, read as a B-source expression when {@code behavioural}, with its parameters bound to
         * the call's arguments.
         */
        Expr substitute(Expr e, Token at, boolean behavioural, int depth) {
            if (depth > MAX_FUNC_DEPTH) {
                throw at.error("function calls nested deeper than " + MAX_FUNC_DEPTH + " (a .func that calls itself?)");
            }
            return e.map(x -> {
                if (x instanceof Expr.Param p) {
                    return new Expr.Num(lookup(p.name(), at, p.pos()));
                }
                if (x instanceof Expr.Apply a) {
                    Deck.FuncDef f = func(a.name());
                    if (f == null) {
                        throw new NetlistException(at.locationAt(a.pos()), "unknown function '" + a.name() + "'", a.name());
                    }
                    if (f.params().size() != a.args().size()) {
                        throw new NetlistException(at.locationAt(a.pos()), a.name() + " takes " + f.params().size()
                                + " argument(s), got " + a.args().size(), a.name());
                    }
                    Map<String, Expr> actual = new HashMap<>();
                    for (int k = 0; k < f.params().size(); k++) {
                        actual.put(f.params().get(k), a.args().get(k));
                    }
                    Expr body = behavioural ? f.behaviouralBody() : f.valueBody();
                    Expr bound = body.map(y -> y instanceof Expr.Param p && actual.containsKey(p.name())
                            ? actual.get(p.name()) : y);
                    return substitute(bound, at, behavioural, depth + 1);
                }
                return x;
            });
        }

        /** The .func of that name visible here, or null. */
        Deck.FuncDef func(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                Deck.FuncDef f = s.funcs.get(name);
                if (f != null) {
                    return f;
                }
            }
            return null;
        }
    }

    private final Deck deck;
    private final Scope global;
    private final ArrayList<FlatNetlist.Element> out = new ArrayList<>();
    private final Deque<String> stack = new ArrayDeque<>();
    /** Every model by flat name: the netlist's, then those local to subcircuits, one per instance that uses them. */
    private final Map<String, FlatNetlist.Model> models = new LinkedHashMap<>();

    /**
     * An instance being expanded: its definition, instance path and parameter scope, and the frame
     * its definition was found in ({@code parent}; null for a definition of the netlist's top level).
     * Local .model and .subckt definitions are looked up along this chain, innermost first.
     */
    private record Frame(Frame parent, Deck.SubcktDef def, String prefix, Scope scope) {
    }

    /** A model card evaluated in {@code scope}, under {@code flatName}. */
    private static FlatNetlist.Model model(String flatName, Deck.ModelCard card, Scope scope) {
        Map<String, Double> params = new LinkedHashMap<>();
        Map<String, String> strings = new LinkedHashMap<>();
        Map<String, Token> tokens = new LinkedHashMap<>();
        for (Deck.Arg a : card.params()) {
            tokens.put(a.name(), a.token());
            if (STRING_PARAMS.contains(a.name()) || (a.expr() == null && a.valueToken() != a.token())) {
                strings.put(a.name(), a.valueToken().text().replace("\"", ""));
                continue;
            }
            if (a.expr() == null) {
                throw a.token().error("model parameter needs a value");
            }
            params.put(a.name(), scope.eval(a));
        }
        return new FlatNetlist.Model(flatName, card.type().text().toLowerCase(Locale.ROOT), params, strings, tokens,
                card.name());
    }

    /**
     * The flat name of model {@code name} as seen from {@code frame}: a definition local to the
     * frame or an enclosing one (evaluated in that instance's scope, named by its path), else the
     * netlist's own; null when there is none.
     */
    private String resolveModel(String name, Frame frame) {
        for (Frame f = frame; f != null; f = f.parent()) {
            Deck.ModelCard card = f.def().models().get(name);
            if (card != null) {
                String flat = f.prefix() + name;
                if (!models.containsKey(flat)) {
                    models.put(flat, model(flat, card, f.scope()));
                }
                return flat;
            }
        }
        return models.containsKey(name) ? name : null;
    }

    private Flattener(Deck deck) {
        this.deck = deck;
        this.global = new Scope(null, deck.funcs());
        global.temper = (at, pos) -> {
            // expressions are evaluated once: a .dc temp sweep would leave them at the first temperature
            for (Deck.AnalysisCard a : deck.analyses()) {
                for (Deck.Sweep s : a.sweeps()) {
                    if (s.source().text().equalsIgnoreCase("temp")) {
                        throw new NetlistException(at.locationAt(pos), "temper in an expression with a .dc temp sweep is "
                                + "not supported: expressions are evaluated once, at .temp", "temper");
                    }
                }
            }
            return circuitTemperature();
        };
        for (Deck.Arg p : deck.params()) {
            if (p.expr() == null) {
                throw p.token().error(".param needs name=value");
            }
            global.defs.put(p.name(), p);
        }
    }

    /** The circuit temperature (C): the last {@code .temp} or {@code .options temp=}, else 27. */
    private double circuitTemperature() {
        double t = 27;
        for (Deck.Arg a : deck.options()) {
            if (a.name().equals("temp") && a.expr() != null) {
                t = global.eval(a);
            }
        }
        return t;
    }

    public static FlatNetlist flatten(Deck deck) {
        return new Flattener(deck).run();
    }

    /**
     * Flattens with top-level {@code .param} values replaced: what a sweep of a netlist's parameters
     * does at each point. Every name must be a top-level {@code .param} of the deck.
     *
     * @param params values by lower-case parameter name
     * @throws IllegalArgumentException naming a parameter the deck does not define, with those it does
     */
    public static FlatNetlist flatten(Deck deck, Map<String, Double> params) {
        return flatten(deck, params, Map.of());
    }

    /**
     * As {@link #flatten(Deck, Map)}, then each parameter of {@code redraw}, in its order, replaced by
     * its operator applied to its value there (a Monte Carlo draw around the nominal value); what
     * depends on it sees the drawn value.
     *
     * @param redraw operators by lower-case parameter name, each a top-level {@code .param}
     */
    public static FlatNetlist flatten(Deck deck, Map<String, Double> params,
                                      Map<String, java.util.function.DoubleUnaryOperator> redraw) {
        Flattener f = withParams(deck, params);
        for (Map.Entry<String, java.util.function.DoubleUnaryOperator> r : redraw.entrySet()) {
            double nominal = f.parameterValue(r.getKey());
            f.global.values.put(r.getKey(), r.getValue().applyAsDouble(nominal));
        }
        return f.run();
    }

    /**
     * The value of top-level parameter {@code name} with {@code params} replaced as in
     * {@link #flatten(Deck, Map)}.
     */
    public static double parameter(Deck deck, Map<String, Double> params, String name) {
        return withParams(deck, params).parameterValue(name);
    }

    private double parameterValue(String name) {
        Deck.Arg def = global.defs.get(name);
        if (def == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is not a top-level .param of "
                    + deck.file() + " (its .params: " + String.join(", ", global.defs.keySet()) + ")");
        }
        return global.lookup(name, def.token(), 0);
    }

    private static Flattener withParams(Deck deck, Map<String, Double> params) {
        Flattener f = new Flattener(deck);
        for (Map.Entry<String, Double> p : params.entrySet()) {
            String name = p.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!f.global.defs.containsKey(name)) {
                throw new IllegalArgumentException("parameter '" + p.getKey() + "' is not a top-level .param of "
                        + deck.file() + " (its .params: " + String.join(", ", f.global.defs.keySet()) + ")");
            }
            if (!Double.isFinite(p.getValue())) {
                throw new IllegalArgumentException("parameter '" + p.getKey() + "' = " + p.getValue() + ": not a finite number");
            }
            f.global.values.put(name, p.getValue());
        }
        return f;
    }

    private FlatNetlist run() {
        for (Map.Entry<String, Deck.ModelCard> m : deck.models().entrySet()) {
            models.put(m.getKey(), model(m.getKey(), m.getValue(), global));
        }
        out.ensureCapacity(deck.elements().size());
        for (Deck.Statement s : deck.elements()) {
            if (s instanceof FlatNetlist.Element e) {
                out.add(e);
            } else if (s instanceof Deck.PlainElement p) {
                out.add(complete(p));
            } else {
                element((Deck.ElementCard) s, global, "", Map.of(), null);
            }
        }
        ArrayExpander.unique(deck.arrays());
        List<FlatNetlist.Array> arrays = new ArrayList<>();
        int[] firstElement = new int[deck.arrays().size() + 1];
        for (int k = 0; k < deck.arrays().size(); k++) {
            firstElement[k] = out.size();
            arrays.add(ArrayExpander.expand(deck.arrays().get(k), global::eval, out));
        }
        firstElement[arrays.size()] = out.size();
        boolean fedFromOutside = deck.arrays().stream()
                .anyMatch(c -> c.args().stream().anyMatch(a -> a.name().equals("in") || a.name().equals("out")));
        if (fedFromOutside) {
            // in= and out= nodes must meet an element that is not the array's own: the netlist's, or another array's
            Map<String, Integer> meets = new HashMap<>();
            for (FlatNetlist.Element e : out) {
                for (String node : e.nodes()) {
                    meets.merge(node, 1, Integer::sum);
                }
            }
            for (int k = 0; k < arrays.size(); k++) {
                Map<String, Integer> own = new HashMap<>();
                for (FlatNetlist.Element e : out.subList(firstElement[k], firstElement[k + 1])) {
                    for (String node : e.nodes()) {
                        own.merge(node, 1, Integer::sum);
                    }
                }
                ArrayExpander.checkConnections(deck.arrays().get(k), arrays.get(k),
                        node -> meets.getOrDefault(node, 0) > own.getOrDefault(node, 0));
            }
        }
        List<FlatNetlist.Option> options = new ArrayList<>();
        for (Deck.Arg a : deck.options()) {
            options.add(new FlatNetlist.Option(a.name(), a.expr() == null ? Double.NaN : global.eval(a), a.token()));
        }
        List<FlatNetlist.Analysis> analyses = new ArrayList<>();
        for (Deck.AnalysisCard a : deck.analyses()) {
            List<FlatNetlist.Sweep> sweeps = new ArrayList<>();
            double points = 1;
            for (Deck.Sweep s : a.sweeps()) {
                double step = global.eval(s.step());
                double start = global.eval(s.start());
                double stop = global.eval(s.stop());
                if (step == 0 || (stop - start) / step < -1e-12) {
                    throw s.step().valueToken().error("step must be non-zero and lead from start to stop");
                }
                double n = Math.floor((stop - start) / step + 1e-9) + 1;
                points *= n;
                if (!(points <= MAX_POINTS)) {
                    throw s.step().valueToken().error(".dc asks for " + String.format(Locale.ROOT, "%.4g", points)
                            + " points; at most " + MAX_POINTS + " per analysis (a larger step, or several .dc lines)");
                }
                sweeps.add(new FlatNetlist.Sweep(s.source().text().toLowerCase(Locale.ROOT), start, stop, step, s.source()));
            }
            analyses.add(new FlatNetlist.Analysis(a.keyword(), List.copyOf(sweeps)));
        }
        return new FlatNetlist(deck.file(), deck.title(), List.copyOf(out), java.util.Collections.unmodifiableMap(models), List.copyOf(options),
                List.copyOf(analyses), deck.outputs(), List.copyOf(arrays));
    }

    /**
     * A plain element with its {@code {name}} values evaluated as the parser's cards are: each an
     * expression of its token, evaluated in the top-level scope (the same values, and the same
     * errors at the same places). Transistors with the same parameters share one map.
     */
    private FlatNetlist.Element complete(Deck.PlainElement p) {
        FlatNetlist.Element e = p.element();
        LogicalLine line = e.origin().line();
        double value = e.value();
        int n = 0;
        for (Map.Entry<String, Double> m : e.params().entrySet()) {
            plainKeys[n] = m.getKey();
            plainValues[n++] = m.getValue();
        }
        int[] q = p.pending();
        for (int i = 0; i < q.length; i += 3) {
            String name = line.text(q[i + 1] + 1, q[i + 2] - 1);
            Double known = braced.get(name);
            double v;
            if (known != null) {
                v = known; // evaluated before in this scope, so the same value
            } else {
                Token tok = new Token(Token.Kind.EXPR, name, q[i + 1], line);
                v = global.eval(new Deck.Arg(q[i] == 0 ? "value" : plainKeys[q[i] - 1], Expr.parse(name, tok), tok, tok));
                braced.put(name, v);
            }
            if (q[i] == 0) {
                value = v;
            } else {
                plainValues[q[i] - 1] = v;
            }
        }
        return new FlatNetlist.Element(e.type(), e.name(), e.nodes(), value, e.model(), null, maps.of(plainKeys, plainValues, n),
                null, false, e.origin());
    }

    /** The parameter maps of cards whose parameters are all numbers (a subcircuit's transistor): one for every instance. */
    private final Map<Deck.ElementCard, Map<String, Double>> constantParams = new java.util.IdentityHashMap<>();

    /** The values of the {@code {name}} texts {@link #complete} has evaluated, by text. */
    private final Map<String, Double> braced = new HashMap<>();

    /** A plain element's parameters while {@link #complete} evaluates them, and the maps it makes (lines alike share one). */
    private final String[] plainKeys = new String[PlainStatements.MAX_PARAMS];
    private final double[] plainValues = new double[PlainStatements.MAX_PARAMS];
    private final ParamMaps maps = new ParamMaps();

    /**
     * Adds one element, expanding instances. {@code prefix} is the instance path ("" at top level,
     * else "x1." ...), {@code ports} maps a subcircuit's port names to the caller's nodes.
     */
    private void element(Deck.ElementCard card, Scope scope, String prefix, Map<String, String> ports, Frame frame) {
        if (card.type() == 'x') {
            instance(card, scope, prefix, ports, frame);
            return;
        }
        String local = card.lowerName();
        String name = prefix.isEmpty() ? local : local.charAt(0) + "." + prefix + local;
        List<String> nodes = new ArrayList<>(card.nodes().size());
        for (Token t : card.nodes()) {
            nodes.add(node(t.text(), prefix, ports));
        }
        Token modelToken = card.model();
        String model = modelToken == null ? null : resolveModel(modelToken.text().toLowerCase(Locale.ROOT), frame);
        double value;
        if (card.type() == 'r' && modelToken != null && model == null) {
            // a bare name that is no model: a parameter holding the resistance
            if (card.value() != null) {
                throw modelToken.error("unknown resistor model");
            }
            try {
                value = scope.lookup(modelToken.text().toLowerCase(Locale.ROOT), modelToken, 0);
            } catch (NetlistException e) {
                throw modelToken.error("no resistor model and no parameter of this name");
            }
            modelToken = null;
        } else {
            value = card.value() == null ? Double.NaN : scope.eval(card.value());
        }
        String control = card.control() == null ? null : flatName(card.control().text(), prefix);
        Map<String, Double> params = prefix.isEmpty() ? null : constantParams.get(card);
        if (params == null) {
            params = card.params().isEmpty() ? Map.of() : new LinkedHashMap<>();
            boolean constant = true;
            for (Deck.Arg a : card.params()) {
                params.put(a.name(), scope.eval(a));
                constant &= a.expr() instanceof Expr.Num;
            }
            if (constant && !params.isEmpty() && !prefix.isEmpty()) {
                params = java.util.Collections.unmodifiableMap(params);
                constantParams.put(card, params); // every instance of the card has these
            }
        }
        Expr behaviour = null;
        if (card.behaviour() != null) {
            Token at = card.behaviour().valueToken();
            behaviour = scope.substitute(card.behaviour().expr(), at, true, 0).map(x -> {
                if (x instanceof Expr.Probe p) {
                    if (p.kind() == 'v') {
                        return new Expr.Probe('v', node(p.a(), prefix, ports),
                                p.b() == null ? null : node(p.b(), prefix, ports), -1, -1, p.pos());
                    }
                    return new Expr.Probe('i', flatName(p.a(), prefix), null, -1, -1, p.pos());
                }
                return x;
            });
        }
        if (modelToken != null && model == null) {
            model = modelToken.text().toLowerCase(Locale.ROOT); // unknown: the builder names it
        }
        out.add(new FlatNetlist.Element(card.type(), name, List.copyOf(nodes), value, model, control, params,
                behaviour, card.voltage(), card.name()));
    }

    private void instance(Deck.ElementCard card, Scope scope, String prefix, Map<String, String> ports, Frame frame) {
        String subName = card.model().text().toLowerCase(Locale.ROOT);
        Deck.SubcktDef def = null;
        Frame home = frame;
        for (; home != null; home = home.parent()) {
            def = home.def().subckts().get(subName);
            if (def != null) {
                break;
            }
        }
        if (def == null) {
            def = deck.subckts().get(subName);
        }
        if (def == null) {
            throw card.model().error("unknown subcircuit");
        }
        if (stack.size() >= MAX_NESTING) {
            throw card.name().error("subcircuit instances nested deeper than " + MAX_NESTING + " levels");
        }
        if (stack.contains(subName)) {
            throw card.model().error("recursive subcircuit: " + String.join(" -> ", reversed(stack)) + " -> " + subName);
        }
        if (def.ports().size() != card.nodes().size()) {
            throw card.name().error("subcircuit " + def.name().text() + " has " + def.ports().size()
                    + " ports, the instance connects " + card.nodes().size());
        }
        Map<String, String> inner = new HashMap<>();
        for (int k = 0; k < def.ports().size(); k++) {
            inner.put(def.ports().get(k).text().toLowerCase(Locale.ROOT),
                    node(card.nodes().get(k).text(), prefix, ports));
        }
        // a nested definition sees the parameters of the instance it is defined in; others the netlist's
        Scope s = new Scope(home == null ? global : home.scope(), def.funcs());
        for (Deck.Arg d : def.defaults()) {
            s.defs.put(d.name(), d);
        }
        for (Deck.Arg p : def.params()) {
            s.defs.put(p.name(), p); // a local .param overrides the default of the same name
        }
        for (Deck.Arg a : card.params()) {
            // the instance's value overrides both, a local .param as ngspice does too
            if (!s.defs.containsKey(a.name())) {
                throw a.token().error("subcircuit " + def.name().text() + " has no parameter '" + a.name() + "'");
            }
            s.values.put(a.name(), scope.eval(a));
        }
        String path = prefix + card.lowerName() + ".";
        Frame inside = new Frame(home, def, path, s);
        stack.push(subName);
        for (Deck.ElementCard c : def.body()) {
            element(c, s, path, inner, inside);
        }
        stack.pop();
    }

    private static List<String> reversed(Deque<String> stack) {
        List<String> l = new ArrayList<>(stack);
        java.util.Collections.reverse(l);
        return l;
    }

    /**
     * Flat node name: ground stays "0", {@code .global} nodes keep their name at every level (as
     * ngspice, before ports are mapped), ports map to the caller, the rest get the path.
     */
    private String node(String raw, String prefix, Map<String, String> ports) {
        String n = raw.toLowerCase(Locale.ROOT);
        if (n.equals("0") || n.equals("gnd")) {
            return "0";
        }
        if (!prefix.isEmpty() && deck.globals().contains(n)) {
            return n;
        }
        String mapped = ports.get(n);
        if (mapped != null) {
            return mapped;
        }
        return prefix.isEmpty() ? n : prefix + n;
    }

    /** Flat element name, as ngspice names elements inside subcircuits: {@code v.x1.vs}. */
    private static String flatName(String raw, String prefix) {
        String n = raw.toLowerCase(Locale.ROOT);
        return prefix.isEmpty() ? n : n.charAt(0) + "." + prefix + n;
    }
}
