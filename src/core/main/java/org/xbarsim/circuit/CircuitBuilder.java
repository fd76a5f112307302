package org.xbarsim.circuit;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.xbarsim.netlist.Deck;
import org.xbarsim.netlist.Expr;
import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.netlist.NetlistException;
import org.xbarsim.netlist.NumberTable;
import org.xbarsim.netlist.SourceLocation;
import org.xbarsim.netlist.Token;

/**
 * Builds a {@link Circuit} from a flat netlist: numbers nodes and branches, checks models and
 * values, resolves every name to an int, rejects floating nodes and loops of voltage sources,
 * and fixes the matrix pattern.
 */
public final class CircuitBuilder {

    /** ngspice options that do not change a DC answer; accepted and ignored. */
    private static final Set<String> IGNORED_OPTIONS = Set.of("noacct", "acct", "nomod", "nopage", "list", "node",
            "opts", "numdgt", "klu", "sparse", "savecurrents", "method", "chgtol", "trtol", "itl3", "itl4", "itl5",
            "pivtol", "pivrel", "noinit", "norefvalue", "keepopinfo", "warn", "maxwarns", "post", "probe", "ingold",
            "maxord", "noopiter", "cshunt", "xmu", "bypass", "nopivot", "interp", "seed");

    private static final Set<String> MOS_PARAMS = Set.of("level", "vto", "kp", "lambda", "gamma", "phi", "ld", "is", "l", "w",
            "cgso", "cgdo", "cgbo", "cbd", "cbs", "cj", "mj", "cjsw", "mjsw", "pb", "fc", "tox", "tnom", "kf", "af");
    private static final Set<String> MOS_CAPACITIVE = Set.of("cgso", "cgdo", "cgbo", "cbd", "cbs", "cj", "mj", "cjsw",
            "mjsw", "pb", "fc", "kf", "af");
    private static final Set<String> DIODE_PARAMS = Set.of("is", "n", "rs", "cjo", "cj0", "vj", "m", "tt", "fc", "eg",
            "xti", "kf", "af", "tnom", "bv", "ibv", "nbv", "level", "tcv");
    private static final Set<String> MEM_PARAMS = Set.of("law", "vread", "b", "file");

    /** MOSFET defaults of ngspice: W = L = 100 um. */
    public static final double DEFAULT_W_M = 100e-6;
    public static final double DEFAULT_L_M = 100e-6;
    public static final double DEFAULT_VREAD_V = 0.2;
    public static final double DEFAULT_SINH_B_PER_V = 2.0;

    private final FlatNetlist net;
    /** The options in force, set when the build starts. */
    private SimOptions options;
    /** {@code .options rshunt} (Ohm), or 0 for none. */
    private double rshunt;
    /** The circuit's temperature and the nominal temperature of models without TNOM (C). */
    private double circuitC = T_NOM_C;
    private double tnomC = T_NOM_C;
    private final Map<String, Integer> nodes;
    private final List<String> names;
    private final Map<String, Integer> branches = new HashMap<>();
    private final Map<String, MemristorLaw> laws = new HashMap<>();
    private final Map<String, Mosfet.ModelAt> mosModels = new HashMap<>();
    private int n;

    private CircuitBuilder(FlatNetlist net) {
        this.net = net;
        int expected = net.elements().size() + 16;
        this.nodes = new HashMap<>(2 * expected);
        this.names = new ArrayList<>(expected);
    }

    /** Builds the circuit with the netlist's own options. */
    public static Circuit build(FlatNetlist net) {
        return build(net, Map.of());
    }

    /**
     * Builds the circuit; {@code overrides} (lower-case option name to value) replace the
     * netlist's {@code .options}, as the command line's {@code --option} does.
     */
    public static Circuit build(FlatNetlist net, Map<String, Double> overrides) {
        return new CircuitBuilder(net).run(overrides);
    }

    private Circuit run(Map<String, Double> overrides) {
        options = options(net, overrides);
        rshunt = shunt(net, overrides);
        double[] temps = temperatures(net);
        circuitC = overrides.getOrDefault("temp", temps[0]);
        tnomC = overrides.getOrDefault("tnom", temps[1]);
        // nodes in order of appearance, then diode internal nodes, then branch currents
        for (FlatNetlist.Element e : net.elements()) {
            for (String node : e.nodes()) {
                if (!node.equals("0") && nodes.putIfAbsent(node, names.size()) == null) {
                    names.add(node);
                }
            }
        }
        Map<String, Integer> internal = new HashMap<>();
        for (FlatNetlist.Element e : net.elements()) {
            if (e.type() == 'd' && param(model(e, "d"), "rs", 0) > 0) {
                internal.put(e.name(), names.size());
                names.add(e.name() + "#internal");
            }
        }
        int nodeCount = names.size();
        for (FlatNetlist.Element e : net.elements()) {
            char t = e.type();
            if (t == 'v' || t == 'l' || t == 'e' || t == 'h' || (t == 'b' && e.voltage())) {
                if (branches.containsKey(e.name())) {
                    throw e.origin().error("element defined twice");
                }
                branches.put(e.name(), names.size());
                names.add(e.name() + "#branch");
            }
        }
        n = names.size();
        if (n == 0) {
            throw new NetlistException(SourceLocation.startOf(net.file()), "the circuit has no nodes besides ground", null);
        }
        List<Device> devices = new ArrayList<>(net.elements().size());
        Map<String, Device> byName = new HashMap<>(2 * net.elements().size() + 16);
        for (FlatNetlist.Element e : net.elements()) {
            Device d = device(e, internal);
            if (d == null) {
                continue;
            }
            if (byName.put(e.name(), d) != null) {
                throw e.origin().error("element defined twice");
            }
            devices.add(d);
        }
        if (rshunt > 0) {
            // .options rshunt: a resistor from every node to ground, as ngspice adds it
            for (int k = 0; k < nodeCount; k++) {
                devices.add(new Resistor("rshunt#" + names.get(k), null, k, n, 1 / rshunt));
            }
        }
        checkTopology(devices, nodeCount);
        checkConductanceRatios(devices);
        MatrixPattern pattern = new MatrixPattern(n, 6 * devices.size() + n);
        for (int k = 0; k < n; k++) {
            pattern.slot(k, k); // a full diagonal keeps the pattern stable across Newton steps
        }
        for (Device d : devices) {
            d.stamp(pattern);
        }
        pattern.freeze();
        List<Circuit.Output> outputs = outputs(devices, byName, nodeCount);
        Circuit c = new Circuit(net.title(), names.toArray(new String[0]), nodeCount, List.copyOf(devices), byName, pattern,
                options, net.analyses(), outputs);
        c.temperatureSet(circuitC + KELVIN); // the devices were made at it
        return c;
    }

    /**
     * The solver options of a netlist: its {@code .options}, then {@code overrides} (lower-case
     * name to value) on top; an unknown option or a bad value is an error at its token.
     */
    public static SimOptions options(FlatNetlist net, Map<String, Double> overrides) {
        SimOptions o = SimOptions.defaults();
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Token> where = new HashMap<>();
        for (FlatNetlist.Option opt : net.options()) {
            values.put(opt.name(), opt.value());
            where.put(opt.name(), opt.origin());
        }
        values.putAll(overrides);
        for (Map.Entry<String, Double> en : values.entrySet()) {
            String key = en.getKey();
            double v = en.getValue();
            Token at = where.get(key);
            try {
                switch (key) {
                    case "reltol": o = o.withReltol(v); break;
                    case "abstol": o = o.withAbstol(v); break;
                    case "vntol": o = o.withVntol(v); break;
                    case "gmin": o = o.withGmin(v); break;
                    case "itl1": o = o.withItl1(whole(key, v, 1)); break;
                    case "itl2": o = o.withItl2(whole(key, v, 1)); break;
                    case "itl6":
                    case "srcsteps": o = o.withSrcSteps(whole(key, v, 0)); break;
                    case "gminsteps": o = o.withGminSteps(whole(key, v, 0)); break;
                    case "temp":
                    case "tnom":
                        if (!(v > -273.15 && v < 1000)) {
                            throw new IllegalArgumentException(key + " = " + v + " C: above -273.15 and below 1000");
                        }
                        break;
                    case "rshunt":
                        if (!(v > 0)) {
                            throw new IllegalArgumentException("rshunt = " + v + " Ohm: must be positive");
                        }
                        break;
                    case "rseries":
                        if (v != 0) {
                            throw new IllegalArgumentException("rseries = " + v + " Ohm (a resistance in series with every "
                                    + "inductor) is not supported; remove it or give 0");
                        }
                        break;
                    default:
                        if (!IGNORED_OPTIONS.contains(key)) {
                            throw new IllegalArgumentException("unknown option '" + key + "' (supported: reltol, abstol, "
                                    + "vntol, gmin, itl1, itl2, gminsteps, srcsteps)");
                        }
                }
                if (Double.isNaN(v) && !IGNORED_OPTIONS.contains(key)) {
                    throw new IllegalArgumentException("option '" + key + "' needs a value");
                }
            } catch (IllegalArgumentException ex) {
                if (at == null) {
                    throw ex;
                }
                throw at.error(ex.getMessage());
            }
        }
        return o;
    }

    /** {@code .options rshunt} (Ohm, the command line's value first), or 0 when not given. */
    private static double shunt(FlatNetlist net, Map<String, Double> overrides) {
        if (overrides.containsKey("rshunt")) {
            return overrides.get("rshunt");
        }
        double r = 0;
        for (FlatNetlist.Option o : net.options()) {
            if (o.name().equals("rshunt")) {
                r = o.value();
            }
        }
        return r;
    }

    /** An option that counts: a whole number from {@code lo} to 1,000,000, else an error with the value. */
    private static int whole(String key, double v, int lo) {
        if (!(v == Math.rint(v) && v >= lo && v <= 1_000_000)) {
            String shown = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
            throw new IllegalArgumentException(key + " = " + shown + ": a whole number from " + lo + " to 1000000");
        }
        return (int) v;
    }

    private int node(String name) {
        return name.equals("0") ? n : nodes.get(name);
    }

    private FlatNetlist.Model model(FlatNetlist.Element e, String... types) {
        FlatNetlist.Model m = net.models().get(e.model());
        if (m == null) {
            throw e.origin().error("unknown model '" + e.model() + "'");
        }
        if (!Arrays.asList(types).contains(m.type())) {
            throw e.origin().error("model '" + e.model() + "' has type " + m.type() + ", expected " + String.join(" or ", types));
        }
        return m;
    }

    private static double param(FlatNetlist.Model m, String key, double dflt) {
        Double v = m.params().get(key);
        return v == null ? dflt : v;
    }

    private static void checkParams(FlatNetlist.Model m, Set<String> allowed) {
        for (String key : m.tokens().keySet()) {
            if (!allowed.contains(key)) {
                throw m.tokens().get(key).error("unsupported parameter for a " + m.type() + " model");
            }
        }
    }

    private Device device(FlatNetlist.Element e, Map<String, Integer> internal) {
        List<String> nd = e.nodes();
        Token at = e.origin();
        double v = e.value();
        switch (e.type()) {
            case 'r': {
                if (e.model() == null && e.params().isEmpty()) {
                    if (v == 0) {
                        throw at.error("resistance must be non-zero");
                    }
                    return new Resistor(e.name(), at, node(nd.get(0)), node(nd.get(1)), 1 / v);
                }
                return new Resistor(e.name(), at, node(nd.get(0)), node(nd.get(1)), resistorLaw(net, e, tnomC),
                        circuitC + KELVIN);
            }
            case 'c':
                return null; // open at DC; its nodes still count for the floating-node check
            case 'l':
                return new VoltageSource(e.name(), at, node(nd.get(0)), node(nd.get(1)), branches.get(e.name()), 0, false);
            case 'v':
                return new VoltageSource(e.name(), at, node(nd.get(0)), node(nd.get(1)), branches.get(e.name()), v, true);
            case 'i':
                return new CurrentSource(e.name(), at, node(nd.get(0)), node(nd.get(1)), v);
            case 'e':
            case 'g':
                return new ControlledSource(e.name(), at, e.type(), node(nd.get(0)), node(nd.get(1)), node(nd.get(2)),
                        node(nd.get(3)), e.type() == 'e' ? branches.get(e.name()) : -1, v);
            case 'f':
            case 'h': {
                Integer c = branches.get(e.control());
                if (c == null) {
                    throw at.error("controlling source '" + e.control() + "' is not a voltage source or has no branch current");
                }
                return new ControlledSource(e.name(), at, e.type(), node(nd.get(0)), node(nd.get(1)), c, -1,
                        e.type() == 'h' ? branches.get(e.name()) : -1, v);
            }
            case 'd':
                return diode(e, internal);
            case 'm':
                return mosfet(e);
            case 'b':
                return behavioural(e);
            case 'y': {
                MemristorLaw law = laws.get(e.model());
                if (law == null) {
                    law = law(model(e, "mem"));
                }
                double g = e.params().containsKey("g") ? e.params().get("g") : 1 / e.params().get("r");
                if (!(g > 0) || !Double.isFinite(g)) {
                    throw at.error("memristor conductance must be positive and finite, got " + g + " S");
                }
                return new Memristor(e.name(), at, node(nd.get(0)), node(nd.get(1)), g, law);
            }
            default:
                throw at.error("unsupported element");
        }
    }

    /** A diode element: its model's parameters with area and multiplier, at the circuit's temperature. */
    private Device diode(FlatNetlist.Element e, Map<String, Integer> internal) {
        List<String> nd = e.nodes();
        Token at = e.origin();
        double v = e.value();
        FlatNetlist.Model m = model(e, "d");
        checkParams(m, DIODE_PARAMS);
        double area = Double.isNaN(v) ? 1 : v;
        if (!(area > 0)) {
            throw at.error("diode area = " + area + ": must be positive");
        }
        double is = param(m, "is", 1e-14);
        double nEm = param(m, "n", 1);
        double rs = param(m, "rs", 0);
        if (!(is > 0) || !(nEm > 0) || rs < 0) {
            throw at.error("diode model '" + e.model() + "' needs IS > 0, N > 0, RS >= 0 (IS=" + is + ", N=" + nEm
                    + ", RS=" + rs + ")");
        }
        double mult = e.params().getOrDefault("m", 1.0);
        if (!(mult > 0)) {
            throw at.error("diode m = " + mult + ": must be positive");
        }
        is *= area * mult;
        rs /= area * mult;
        double bv = m.params().containsKey("bv") ? param(m, "bv", 0) : Double.NaN;
        double nbv = param(m, "nbv", nEm); // ngspice: NBV defaults to N
        double level = param(m, "level", 1);
        if (level != 1 && level != 3) {
            throw m.tokens().get("level").error("diode level " + level + ": 1 or 3");
        }
        // IBV is per device at level 1 and per unit area at level 3, as ngspice's diotemp.c
        double ibv = param(m, "ibv", 1e-3) * mult * (level == 3 ? area : 1);
        if (!Double.isNaN(bv) && !(bv > 0 && ibv > 0 && nbv > 0)) {
            throw at.error("diode model '" + e.model() + "' needs BV > 0, IBV > 0, NBV > 0 (BV=" + bv + ", IBV="
                    + ibv + ", NBV=" + nbv + ")");
        }
        int a = node(nd.get(0));
        Diode.Params dp = new Diode.Params(is, nEm, rs, bv, ibv, nbv, param(m, "tcv", 0), param(m, "eg", 1.11),
                param(m, "xti", 3), param(m, "tnom", tnomC) + KELVIN, instanceTempK(e), e.params().getOrDefault("dtemp", 0.0));
        return new Diode(e.name(), at, a, node(nd.get(1)), internal.getOrDefault(e.name(), a), dp, options.reltol(),
                circuitC + KELVIN);
    }

    /** A level-1 MOSFET element: the model at the circuit's temperature (shared), its size and multiplier. */
    private Device mosfet(FlatNetlist.Element e) {
        List<String> nd = e.nodes();
        Token at = e.origin();
        Mosfet.ModelAt mm = mosModels.get(e.model());
        if (mm == null) {
            FlatNetlist.Model card = model(e, "nmos", "pmos");
            // W and L given on the model card are the instances' defaults, as ngspice
            mm = new Mosfet.ModelAt(mosfetModel(card, tnomC), param(card, "w", DEFAULT_W_M),
                    param(card, "l", DEFAULT_L_M));
            mosModels.put(e.model(), mm);
        }
        Map<String, Double> ip = e.params();
        Double wi = ip.get("w");
        Double li = ip.get("l");
        Double mi = ip.get("m");
        double w = wi != null ? wi : mm.defaultW();
        double l = li != null ? li : mm.defaultL();
        double mult = mi != null ? mi : 1;
        // only an instance with more than W, L and M can carry TEMP= or DTEMP=
        int plain = (wi != null ? 1 : 0) + (li != null ? 1 : 0) + (mi != null ? 1 : 0);
        double tempK = ip.size() > plain ? instanceTempK(e) : Double.NaN;
        double dtemp = ip.size() > plain ? ip.getOrDefault("dtemp", 0.0) : 0;
        if (!(w > 0) || !(l > 0) || !(mult > 0) || !(mm.model().phi() > 0) || !(mm.model().kp() > 0)) {
            throw at.error("MOSFET needs W, L, M, KP, PHI > 0 (W=" + w + ", L=" + l + ", M=" + mult + ")");
        }
        try {
            return new Mosfet(e.name(), at, node(nd.get(0)), node(nd.get(1)), node(nd.get(2)), node(nd.get(3)),
                    mm, w, l, mult, tempK, dtemp, circuitC + KELVIN);
        } catch (IllegalArgumentException ex) {
            throw at.error(ex.getMessage());
        }
    }

    /** Nominal temperature (C) of models that give no TNOM, and the circuit's temperature. */
    public static final double T_NOM_C = 27;

    private static final Set<String> RES_PARAMS = Set.of("r", "resistance", "rsh", "narrow", "short", "defw", "tc1",
            "tc2", "tce", "tnom", "kf", "af", "lf", "wf", "ef");

    /**
     * The resistance (Ohm) of resistor element {@code e} as ngspice's resistor computes it
     * (ressetup.c, restemp.c): the value given, else RSH (L - 2 SHORT) / (W - 2 NARROW) with W from
     * DEFW (10 um) when the model has RSH and the element L, else the model's R; then
     * (1 + TC1 dT + TC2 dT^2) with dT the device temperature (TEMP=, or the circuit's plus DTEMP=)
     * less the model's TNOM; then times SCALE, over M.
     */
    public static double resistance(FlatNetlist net, FlatNetlist.Element e) {
        double[] temps = temperatures(net);
        return resistorLaw(net, e, temps[1]).at(temps[0]);
    }

    /** How resistor element {@code e} follows temperature; {@code tnomC} the circuit's TNOM (C). */
    static Resistor.Law resistorLaw(FlatNetlist net, FlatNetlist.Element e, double tnomC) {
        Map<String, Double> p = e.params();
        FlatNetlist.Model m = null;
        if (e.model() != null) {
            m = net.models().get(e.model());
            if (m == null || !(m.type().equals("r") || m.type().equals("res"))) {
                throw e.origin().error("'" + e.model() + "' is not a resistor model");
            }
            checkParams(m, RES_PARAMS);
        }
        double r = e.value();
        if (Double.isNaN(r)) {
            double rsh = m == null ? 0 : param(m, "rsh", 0);
            if (rsh > 0 && p.containsKey("l")) {
                double w = p.getOrDefault("w", param(m, "defw", 10e-6));
                double leff = p.get("l") - 2 * param(m, "short", 0);
                double weff = w - 2 * param(m, "narrow", 0);
                if (!(leff > 0 && weff > 0)) {
                    throw e.origin().error("effective length " + leff + " m and width " + weff + " m must be positive "
                            + "(L - 2 SHORT, W - 2 NARROW)");
                }
                r = rsh * leff / weff;
            } else if (m != null && (m.params().containsKey("r") || m.params().containsKey("resistance"))) {
                r = m.params().containsKey("r") ? m.params().get("r") : m.params().get("resistance");
            } else {
                throw e.origin().error("no resistance: give a value, R= on the model, or RSH on the model with L= here");
            }
        }
        double tnom = m == null ? tnomC : param(m, "tnom", tnomC);
        double tc1 = p.getOrDefault("tc1", m == null ? 0 : param(m, "tc1", 0));
        double tc2 = p.getOrDefault("tc2", m == null ? 0 : param(m, "tc2", 0));
        double mult = p.getOrDefault("m", 1.0);
        if (!(mult > 0)) {
            throw e.origin().error("m = " + mult + ": the number of resistors in parallel must be positive");
        }
        double tce = p.getOrDefault("tce", m == null ? Double.NaN : param(m, "tce", Double.NaN));
        return new Resistor.Law(r, tc1, tc2, tce, tnom, p.containsKey("temp") ? p.get("temp") : Double.NaN,
                p.getOrDefault("dtemp", 0.0), p.getOrDefault("scale", 1.0), mult);
    }

    /**
     * The circuit's temperature and nominal temperature (C) from {@code .temp} and {@code .options
     * temp= tnom=} (the last given wins), 27 C each when not given.
     */
    static double[] temperatures(FlatNetlist net) {
        double[] t = {T_NOM_C, T_NOM_C};
        for (FlatNetlist.Option o : net.options()) {
            if (o.name().equals("temp")) {
                t[0] = o.value();
            } else if (o.name().equals("tnom")) {
                t[1] = o.value();
            }
        }
        return t;
    }

    /** Kelvin of 0 C. */
    static final double KELVIN = 273.15;

    /** An instance's own TEMP= (K), or NaN when it follows the circuit. */
    private static double instanceTempK(FlatNetlist.Element e) {
        Double t = e.params().get("temp");
        return t == null ? Double.NaN : t + KELVIN;
    }

    /** A level-1 {@code nmos} or {@code pmos} model's parameters at the nominal temperature of 27 C. */
    public static Mosfet.Model mosfetModel(FlatNetlist.Model m) {
        return mosfetModel(m, T_NOM_C);
    }

    /**
     * A level-1 {@code nmos} or {@code pmos} model's parameters, ngspice's defaults where not given;
     * {@code tnomC} the circuit's nominal temperature (C), for a model without TNOM.
     */
    public static Mosfet.Model mosfetModel(FlatNetlist.Model m, double tnomC) {
        checkParams(m, MOS_PARAMS);
        if (param(m, "level", 1) != 1) {
            throw m.tokens().get("level").error("only level 1 MOSFET models are supported");
        }
        if (m.params().containsKey("tox")) {
            throw m.tokens().get("tox").error("give KP directly; deriving it from TOX is not supported");
        }
        return new Mosfet.Model(m.type().equals("pmos"), param(m, "vto", 0), param(m, "kp", 2e-5),
                param(m, "lambda", 0), param(m, "gamma", 0), param(m, "phi", 0.6), param(m, "ld", 0),
                param(m, "is", 1e-14), param(m, "tnom", tnomC) + KELVIN);
    }

    /** The law of a memristor model (cached per model). */
    private MemristorLaw law(FlatNetlist.Model m) {
        return laws.computeIfAbsent(m.name(), k -> law(net, m));
    }

    /** The I-V law a {@code mem} model describes; a table file is read relative to the model's netlist. */
    public static MemristorLaw law(FlatNetlist net, FlatNetlist.Model m) {
        checkParams(m, MEM_PARAMS);
        String law = m.strings().getOrDefault("law", "linear").toLowerCase(java.util.Locale.ROOT);
        double vread = param(m, "vread", DEFAULT_VREAD_V);
        MemristorLaw result;
        try {
            switch (law) {
                case "linear":
                    result = MemristorLaws.linear();
                    break;
                case "sinh":
                    result = MemristorLaws.sinh(param(m, "b", DEFAULT_SINH_B_PER_V), vread);
                    break;
                case "table": {
                    String file = m.strings().get("file");
                    if (file == null) {
                        throw m.origin().error("a table memristor model needs file=\"iv.csv\"");
                    }
                    Token fileToken = m.tokens().get("file");
                    double[][] iv = readTable(fileToken.resolve(file), fileToken);
                    result = MemristorLaws.table(iv[0], iv[1], vread);
                    break;
                }
                default:
                    throw m.tokens().get("law").error("unknown memristor law '" + law + "' (linear, sinh, table)");
            }
        } catch (IllegalArgumentException ex) {
            throw m.origin().error(ex.getMessage());
        }
        return result;
    }

    /** Reads a two-column table of voltage (V) and current (A) ({@link NumberTable}). */
    static double[][] readTable(Path file, Token from) {
        NumberTable t;
        try {
            t = NumberTable.read(file, "the I-V table");
        } catch (NoSuchFileException ex) {
            throw from.error("cannot read I-V table " + file + ": file not found");
        } catch (IOException ex) {
            throw from.error("cannot read I-V table " + file + ": " + ex.getMessage());
        }
        int count = t.rows().size();
        double[] v = new double[count];
        double[] i = new double[count];
        for (int k = 0; k < count; k++) {
            NumberTable.Row r = t.rows().get(k);
            if (r.values().length != 2) {
                throw new NetlistException(r.location(file, 0), "expected two numbers: voltage (V), current (A); found "
                        + r.values().length, null);
            }
            v[k] = r.values()[0];
            i[k] = r.values()[1];
        }
        if (count < 2) {
            throw new NetlistException(SourceLocation.startOf(file), "an I-V table needs at least 2 rows, found " + count, null);
        }
        return new double[][] {v, i};
    }

    private Device behavioural(FlatNetlist.Element e) {
        List<Integer> vars = new ArrayList<>();
        Expr f = e.behaviour().map(x -> {
            if (x instanceof Expr.Probe p) {
                int a;
                int b = -1;
                if (p.kind() == 'v') {
                    a = probeNode(e, p.a(), p);
                    if (p.b() != null) {
                        b = probeNode(e, p.b(), p);
                    }
                } else {
                    Integer k = branches.get(p.a());
                    if (k == null) {
                        throw e.origin().error("i(" + p.a() + "): no such voltage source or branch current");
                    }
                    a = k;
                }
                if (a >= 0 && !vars.contains(a)) {
                    vars.add(a);
                }
                if (b >= 0 && !vars.contains(b)) {
                    vars.add(b);
                }
                return new Expr.Probe(p.kind(), p.a(), p.b(), a, b, p.pos());
            }
            return x;
        });
        int[] v = vars.stream().mapToInt(Integer::intValue).toArray();
        int k = e.voltage() ? branches.get(e.name()) : -1;
        return new BehaviouralSource(e.name(), e.origin(), node(e.nodes().get(0)), node(e.nodes().get(1)), k, f, v, n);
    }

    /** Node index for a probe; ground reads as -1 (always 0 V). */
    private int probeNode(FlatNetlist.Element e, String name, Expr.Probe p) {
        if (name.equals("0") || name.equals("gnd")) {
            return -1;
        }
        Integer k = nodes.get(name);
        if (k == null) {
            throw e.origin().error("v(" + name + "): no such node");
        }
        return k;
    }

    // ---------------------------------------------------------------- topology

    private int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /**
     * Most that the largest resistor conductance at a node may exceed the smallest: beyond about
     * 1/epsilon the small one's current is lost in rounding (a 1e-15 Ohm resistor in series with
     * 1k carries no current at all in double precision).
     */
    static final double MAX_CONDUCTANCE_RATIO = 1e15;

    /** Rejects resistors at one node whose conductances differ by more than double precision resolves. */
    private void checkConductanceRatios(List<Device> devices) {
        double[] gMax = new double[n + 1];
        double[] gMin = new double[n + 1];
        Resistor[] big = new Resistor[n + 1];
        Resistor[] small = new Resistor[n + 1];
        Arrays.fill(gMin, Double.POSITIVE_INFINITY);
        for (Device d : devices) {
            if (d instanceof Resistor r) {
                double g = Math.abs(r.conductance());
                for (int k = 0; k < 2; k++) {
                    int node = k == 0 ? r.a : r.b;
                    if (g > gMax[node]) {
                        gMax[node] = g;
                        big[node] = r;
                    }
                    if (g < gMin[node]) {
                        gMin[node] = g;
                        small[node] = r;
                    }
                }
            }
        }
        for (int k = 0; k < n; k++) {
            if (big[k] != null && gMax[k] > MAX_CONDUCTANCE_RATIO * gMin[k]) {
                Resistor r = big[k];
                throw r.origin().error(String.format(Locale.ROOT, "%s (%.3g Ohm) and %s (%.3g Ohm) meet at node '%s': a "
                        + "conductance ratio of %.3g, beyond the %.0e that double precision resolves (the smaller current "
                        + "would be lost); join the nodes, or raise the small resistance", r.name(), 1 / gMax[k],
                        small[k].name(), 1 / gMin[k], names.get(k), gMax[k] / gMin[k], MAX_CONDUCTANCE_RATIO));
            }
        }
    }

    /** Rejects nodes with no DC path to ground and loops of voltage-defining elements. */
    private void checkTopology(List<Device> devices, int nodeCount) {
        int[] parent = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            parent[i] = i;
        }
        for (Device d : devices) {
            for (int[] pair : d.conductivePairs()) {
                parent[find(parent, pair[0])] = find(parent, pair[1]);
            }
        }
        int ground = find(parent, n);
        for (int k = 0; k < nodeCount; k++) {
            if (find(parent, k) != ground) {
                String node = names.get(k);
                Token at = firstUse(node);
                throw new NetlistException(at == null ? null : at.location(), "floating node '" + node
                        + "': no DC path to ground (only capacitors, current sources, MOSFET gates or B current "
                        + "sources that do not depend on its voltage reach it); "
                        + "the matrix would be singular", at == null ? node : at.text());
            }
        }
        // voltage loops: union-find over voltage-defining branches; a branch closing a cycle is reported
        int[] vp = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            vp[i] = i;
        }
        List<Device> tree = new ArrayList<>();
        for (Device d : devices) {
            if (!d.definesVoltage()) {
                continue;
            }
            int[] t = d.terminals();
            int ra = find(vp, t[0]);
            int rb = find(vp, t[1]);
            if (ra == rb) {
                List<String> loop = path(tree, t[0], t[1]);
                loop.add(d.name());
                throw d.origin().error("loop of voltage sources (singular matrix): " + String.join(" -> ", loop));
            }
            vp[ra] = rb;
            tree.add(d);
        }
    }

    /** The first element that connects {@code node} (for error messages). */
    private Token firstUse(String node) {
        for (FlatNetlist.Element e : net.elements()) {
            if (e.nodes().contains(node)) {
                return e.origin();
            }
        }
        return null;
    }

    /** Names of the voltage-defining devices on the path from a to b in a forest (BFS). */
    private List<String> path(List<Device> tree, int a, int b) {
        Map<Integer, List<Device>> adj = new HashMap<>();
        for (Device d : tree) {
            int[] t = d.terminals();
            adj.computeIfAbsent(t[0], k -> new ArrayList<>()).add(d);
            adj.computeIfAbsent(t[1], k -> new ArrayList<>()).add(d);
        }
        Map<Integer, Device> via = new HashMap<>();
        Deque<Integer> queue = new ArrayDeque<>();
        queue.add(a);
        via.put(a, null);
        while (!queue.isEmpty()) {
            int u = queue.poll();
            if (u == b) {
                break;
            }
            for (Device d : adj.getOrDefault(u, List.of())) {
                int[] t = d.terminals();
                int w = t[0] == u ? t[1] : t[0];
                if (!via.containsKey(w)) {
                    via.put(w, d);
                    queue.add(w);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int u = b; via.get(u) != null; ) {
            Device d = via.get(u);
            out.add(0, d.name());
            int[] t = d.terminals();
            u = t[0] == u ? t[1] : t[0];
        }
        return out;
    }

    // ---------------------------------------------------------------- outputs

    private List<Circuit.Output> outputs(List<Device> devices, Map<String, Device> byName, int nodeCount) {
        List<Circuit.Output> out = new ArrayList<>();
        if (net.outputs().isEmpty()) {
            for (int k = 0; k < nodeCount; k++) {
                out.add(new Circuit.Output("v(" + names.get(k) + ")", k, n, null));
            }
            for (Device d : devices) {
                if (d.branch() >= 0) {
                    out.add(new Circuit.Output("i(" + d.name() + ")", -1, -1, d));
                }
            }
            return out;
        }
        for (Deck.ProbeCard p : net.outputs()) {
            if (p.kind() == 'v') {
                out.add(new Circuit.Output(p.label(), outNode(p, p.a()), p.b() == null ? n : outNode(p, p.b()), null));
            } else {
                Device d = byName.get(p.a());
                if (d == null) {
                    throw p.token().error("i(" + p.a() + "): no such element");
                }
                if (d instanceof Mosfet) {
                    throw p.token().error("i(" + p.a() + "): a MOSFET has no single terminal current; "
                            + "put a 0 V source in series and print its current");
                }
                out.add(new Circuit.Output(p.label(), -1, -1, d));
            }
        }
        return out;
    }

    private int outNode(Deck.ProbeCard p, String name) {
        if (name.equals("0") || name.equals("gnd")) {
            return n;
        }
        Integer k = nodes.get(name);
        if (k == null) {
            throw p.token().error("v(" + name + "): no such node");
        }
        return k;
    }
}
