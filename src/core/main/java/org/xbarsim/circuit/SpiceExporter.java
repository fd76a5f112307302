package org.xbarsim.circuit;

import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.xbarsim.netlist.Deck;
import org.xbarsim.netlist.FlatNetlist;

/**
 * Writes a flat netlist as plain SPICE that ngspice runs unchanged: subcircuits and parameters
 * already expanded, linear memristors as resistors of 1/G Ohm and the others as B-sources with
 * the same I-V law, numbers exact to the bit (a resistance 1/G to the last bit of the division).
 */
public final class SpiceExporter {
    private SpiceExporter() {
    }

    /** The element name a memristor gets in the export: a resistor when {@code linear}, else a B-source. */
    public static String exportedName(FlatNetlist.Element e, boolean linear) {
        return e.type() == 'y' ? (linear ? "r" : "b") + e.name() : e.name();
    }

    public static void export(FlatNetlist net, String generator, Writer w) throws IOException {
        String title = net.title().startsWith("*") ? net.title().substring(1).strip() : net.title();
        w.write("* " + title + "\n");
        w.write("* " + generator + "\n");
        Map<String, MemristorLaw> laws = new HashMap<>();
        Map<String, FlatNetlist.Element> byName = new HashMap<>();
        java.util.Set<String> linear = new java.util.HashSet<>();
        for (FlatNetlist.Element e : net.elements()) {
            byName.put(e.name(), e);
            w.write(line(net, e, laws, linear));
            w.write("\n");
        }
        for (FlatNetlist.Model m : net.models().values()) {
            if (m.type().equals("mem")) {
                continue;
            }
            StringBuilder sb = new StringBuilder(".model " + m.name() + " " + m.type() + " (");
            boolean first = true;
            for (Map.Entry<String, Double> p : m.params().entrySet()) {
                sb.append(first ? "" : " ").append(p.getKey()).append("=").append(num(p.getValue()));
                first = false;
            }
            w.write(sb.append(")\n").toString());
        }
        for (FlatNetlist.Option o : net.options()) {
            w.write(".options " + o.name() + (Double.isNaN(o.value()) ? "" : "=" + num(o.value())) + "\n");
        }
        for (FlatNetlist.Analysis a : net.analyses()) {
            if (a.isOp()) {
                w.write(".op\n");
            } else {
                StringBuilder sb = new StringBuilder(".dc");
                for (FlatNetlist.Sweep s : a.sweeps()) {
                    sb.append(' ').append(s.source()).append(' ').append(num(s.start())).append(' ')
                            .append(num(s.stop())).append(' ').append(num(s.step()));
                }
                w.write(sb.append('\n').toString());
            }
        }
        if (!net.outputs().isEmpty()) {
            StringBuilder sb = new StringBuilder(".print dc");
            for (Deck.ProbeCard p : net.outputs()) {
                sb.append(' ').append(probe(p, byName, linear));
            }
            w.write(sb.append('\n').toString());
        }
        w.write(".end\n");
        w.flush();
    }

    /**
     * A probe as ngspice names it: branch currents as i(name), other device currents as @name[i];
     * {@code linear} names the memristors exported as resistors.
     */
    public static String probe(Deck.ProbeCard p, Map<String, FlatNetlist.Element> byName, java.util.Set<String> linear) {
        if (p.kind() == 'v') {
            return p.label();
        }
        FlatNetlist.Element e = byName.get(p.a());
        if (e != null && (e.type() == 'v' || e.type() == 'l' || e.type() == 'e' || e.type() == 'h'
                || (e.type() == 'b' && e.voltage()))) {
            return p.label();
        }
        return "@" + (e == null ? p.a() : exportedName(e, linear.contains(e.name()))) + "[i]";
    }

    /** The element's line; a memristor written as a resistor is added to {@code linear}. */
    private static String line(FlatNetlist net, FlatNetlist.Element e, Map<String, MemristorLaw> laws, java.util.Set<String> linear) {
        List<String> n = e.nodes();
        String nodes = String.join(" ", n);
        switch (e.type()) {
            case 'r': {
                if (e.model() == null && e.params().isEmpty()) {
                    return e.name() + " " + nodes + " " + num(e.value());
                }
                // the value, model and instance parameters as given: ngspice applies temperature and geometry alike
                StringBuilder sb = new StringBuilder(e.name() + " " + nodes);
                if (!Double.isNaN(e.value())) {
                    sb.append(' ').append(num(e.value()));
                }
                if (e.model() != null) {
                    sb.append(' ').append(e.model());
                }
                return params(sb, e).toString();
            }
            case 'c':
            case 'l':
                return e.name() + " " + nodes + " " + num(e.value());
            case 'v':
            case 'i':
                return e.name() + " " + nodes + " dc " + num(e.value());
            case 'e':
            case 'g':
                return e.name() + " " + nodes + " " + num(e.value());
            case 'f':
            case 'h':
                return e.name() + " " + nodes + " " + e.control() + " " + num(e.value());
            case 'd':
                return params(new StringBuilder(e.name() + " " + nodes + " " + e.model()
                        + (Double.isNaN(e.value()) ? "" : " area=" + num(e.value()))), e).toString();
            case 'm': {
                StringBuilder sb = new StringBuilder(e.name() + " " + nodes + " " + e.model());
                for (Map.Entry<String, Double> p : e.params().entrySet()) {
                    sb.append(' ').append(p.getKey()).append('=').append(num(p.getValue()));
                }
                return sb.toString();
            }
            case 'b':
                return e.name() + " " + nodes + " " + (e.voltage() ? "v" : "i") + "=" + e.behaviour().toSpice();
            case 'y': {
                FlatNetlist.Model m = net.models().get(e.model());
                if (m == null || !m.type().equals("mem")) {
                    throw e.origin().error("unknown memristor model '" + e.model() + "'");
                }
                MemristorLaw law = laws.computeIfAbsent(m.name(), k -> CircuitBuilder.law(net, m));
                if (law.linear()) {
                    linear.add(e.name());
                    double r = e.params().containsKey("r") ? e.params().get("r") : 1 / e.params().get("g");
                    return exportedName(e, true) + " " + nodes + " " + num(r);
                }
                double g = e.params().containsKey("g") ? e.params().get("g") : 1 / e.params().get("r");
                String v = "v(" + n.get(0) + "," + n.get(1) + ")";
                return exportedName(e, false) + " " + nodes + " i=" + law.spiceCurrent(v, g);
            }
            default:
                throw e.origin().error("cannot export element type '" + e.type() + "'");
        }
    }

    /** Appends an element's instance parameters as {@code name=value}. */
    private static StringBuilder params(StringBuilder sb, FlatNetlist.Element e) {
        for (Map.Entry<String, Double> p : e.params().entrySet()) {
            sb.append(' ').append(p.getKey()).append('=').append(num(p.getValue()));
        }
        return sb;
    }

    private static String num(double v) {
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }
}
