package org.xbarsim.sweep;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.xbarsim.netlist.Deck;
import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;
import org.xbarsim.simulation.Simulation;
import org.xbarsim.solver.AnalysisResult;

/**
 * A SPICE netlist swept over its top-level {@code .param} values and drawn per Monte Carlo run:
 * what ngspice users write as loops in {@code .control}. Metrics are every printed quantity of
 * every analysis ({@code .dc} quantities are named {@code q@sweep}).
 */
public final class NetlistStudy implements Study {
    private final SweepSpec spec;
    private final Deck deck;
    private final String[] axisNames;
    private final List<String> metrics;

    NetlistStudy(SweepSpec spec, Path specFile) {
        this.spec = spec;
        Path base = specFile.toAbsolutePath().getParent();
        Path file = base.resolve(spec.netlist()).normalize();
        this.deck = NetlistParser.parse(file);
        this.axisNames = spec.axes().keySet().toArray(String[]::new);
        for (Map.Entry<String, SweepSpec.Value> e : spec.fixed().entrySet()) {
            checkParam(specFile, "fixed." + e.getKey(), e.getKey());
            if (!e.getValue().numeric()) {
                throw new SpecError(specFile, "fixed." + e.getKey(), "'" + e.getValue().text()
                        + "' is not a number (a .param value)");
            }
        }
        for (Map.Entry<String, SweepSpec.Axis> e : spec.axes().entrySet()) {
            checkParam(specFile, "axes." + e.getKey(), e.getKey());
            if (!e.getValue().numeric()) {
                throw new SpecError(specFile, "axes." + e.getKey(), e.getValue().values()
                        + " are not numbers (.param values)");
            }
        }
        java.util.Set<String> drawn = new java.util.HashSet<>();
        for (int k = 0; k < spec.vary().size(); k++) {
            SweepSpec.Variation v = spec.vary().get(k);
            if (v.param() != null) {
                checkParam(specFile, "vary[" + k + "].param", v.param());
                if (!drawn.add(v.param().toLowerCase(Locale.ROOT))) {
                    throw new SpecError(specFile, "vary[" + k + "].param", "'" + v.param()
                            + "' is drawn twice; give one distribution per parameter");
                }
            }
        }
        // a nominal run (the first grid point that solves, no draws) names the metrics and checks the targets
        RuntimeException first = null;
        List<String> names = null;
        long tries = Math.min(spec.points(), MAX_NOMINAL_TRIES);
        for (long p = 0; p < tries && names == null; p++) {
            try {
                FlatNetlist flat = flatten(spec.settings(p));
                for (int k = 0; k < spec.vary().size(); k++) {
                    check(specFile, k, spec.vary().get(k), flat);
                }
                names = names(simulate(flat));
            } catch (SpecError e) {
                throw e;
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (names == null) {
            throw new IllegalArgumentException("none of the first " + tries + " grid points of " + specFile
                    + " solves, so the metrics cannot be named; point 0: " + first.getMessage(), first);
        }
        this.metrics = names;
    }

    /** Grid points tried in turn for the nominal run. */
    private static final long MAX_NOMINAL_TRIES = 100;

    /** A spec naming what the netlist does not have. */
    private static final class SpecError extends IllegalArgumentException {
        SpecError(Path specFile, String field, String message) {
            super(SpecReader.fieldError(specFile, field, message).getMessage());
        }
    }

    private void checkParam(Path specFile, String field, String name) {
        try {
            Flattener.parameter(deck, Map.of(), name.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SpecError(specFile, field, e.getMessage());
        }
    }

    @Override
    public List<String> metrics() {
        return metrics;
    }

    @Override
    public double[] run(SweepSpec.Value[] settings, long draw, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, java.util.function.DoubleUnaryOperator> redraw = new LinkedHashMap<>();
        for (SweepSpec.Variation v : spec.vary()) {
            if (v.param() != null) {
                redraw.put(v.param().toLowerCase(Locale.ROOT), nominal -> v.draw(nominal, rng));
            }
        }
        FlatNetlist flat = Flattener.flatten(deck, params(settings), redraw);
        for (SweepSpec.Variation v : spec.vary()) {
            if (v.elements() != null) {
                flat = varyElements(flat, v, rng);
            } else if (v.array() != null) {
                flat = varyArray(flat, v, rng);
            }
        }
        List<AnalysisResult> results = simulate(flat);
        double[] out = new double[metrics.size()];
        int k = 0;
        for (AnalysisResult r : results) {
            for (double[] row : r.rows()) {
                for (int c = r.sweeps(); c < row.length; c++) {
                    out[k++] = row[c];
                }
            }
        }
        if (k != out.length) {
            throw new IllegalStateException("the run printed " + k + " values where the nominal run printed " + out.length);
        }
        return out;
    }

    private Map<String, Double> params(SweepSpec.Value[] settings) {
        Map<String, Double> params = new LinkedHashMap<>();
        spec.fixed().forEach((k, v) -> params.put(k.toLowerCase(Locale.ROOT), v.number()));
        for (int a = 0; a < axisNames.length; a++) {
            params.put(axisNames[a].toLowerCase(Locale.ROOT), settings[a].number());
        }
        return params;
    }

    private FlatNetlist flatten(SweepSpec.Value[] settings) {
        return Flattener.flatten(deck, params(settings));
    }

    private List<AnalysisResult> simulate(FlatNetlist flat) {
        Simulation sim = Simulation.of(flat, 0).options(spec.options()).threads(1);
        return sim.run(null).results();
    }

    private static List<String> names(List<AnalysisResult> results) {
        List<String> names = new ArrayList<>();
        boolean several = results.size() > 1;
        for (int a = 0; a < results.size(); a++) {
            AnalysisResult r = results.get(a);
            String prefix = several ? "a" + (a + 1) + ":" : "";
            for (double[] row : r.rows()) {
                StringBuilder at = new StringBuilder();
                for (int s = 0; s < r.sweeps(); s++) {
                    at.append(s == 0 ? "@" : ",").append(String.format(Locale.ROOT, "%.6g", row[s]));
                }
                for (int c = r.sweeps(); c < row.length; c++) {
                    names.add(prefix + r.columns().get(c) + at);
                }
            }
        }
        return List.copyOf(names);
    }

    private static PathMatcher glob(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern.toLowerCase(Locale.ROOT));
    }

    private void check(Path specFile, int k, SweepSpec.Variation v, FlatNetlist flat) {
        String field = "vary[" + k + "]." + (v.elements() != null ? "elements" : "array");
        if (v.elements() != null) {
            PathMatcher m = glob(v.elements());
            if (flat.elements().stream().noneMatch(e -> variable(e) && m.matches(Path.of(e.name())))) {
                throw new SpecError(specFile, field, "no resistor or memristor of "
                        + deck.file() + " matches it");
            }
        } else if (v.array() != null) {
            if (flat.arrays().stream().noneMatch(a -> a.name().equalsIgnoreCase(v.array()))) {
                throw new SpecError(specFile, field, deck.file() + " has no .crossbar named '" + v.array() + "'"
                        + " (its arrays: " + flat.arrays().stream().map(FlatNetlist.Array::name).toList() + ")");
            }
        }
    }

    private static boolean variable(FlatNetlist.Element e) {
        return e.type() == 'r' || (e.type() == 'y' && e.params().containsKey("g"));
    }

    /** Each matching resistor's value and memristor's conductance drawn independently, in netlist order. */
    private static FlatNetlist varyElements(FlatNetlist flat, SweepSpec.Variation v, SplittableRandom rng) {
        PathMatcher m = glob(v.elements());
        List<FlatNetlist.Element> out = new ArrayList<>(flat.elements().size());
        for (FlatNetlist.Element e : flat.elements()) {
            if (variable(e) && m.matches(Path.of(e.name()))) {
                e = e.type() == 'r' ? withValue(e, v.draw(e.value(), rng)) : withG(e, v.draw(e.params().get("g"), rng));
            }
            out.add(e);
        }
        return flat.withElements(out, flat.arrays());
    }

    /** Every cell of the array drawn independently, row by row; the layout and the cells' elements agree. */
    private static FlatNetlist varyArray(FlatNetlist flat, SweepSpec.Variation v, SplittableRandom rng) {
        List<FlatNetlist.Array> arrays = new ArrayList<>(flat.arrays());
        String prefix = null;
        double[][] g = null;
        for (int k = 0; k < arrays.size(); k++) {
            FlatNetlist.Array a = arrays.get(k);
            if (a.name().equalsIgnoreCase(v.array())) {
                FlatNetlist.Layout l = a.layout();
                g = new double[a.rows()][a.cols()];
                for (int i = 0; i < a.rows(); i++) {
                    for (int j = 0; j < a.cols(); j++) {
                        g[i][j] = v.draw(l.g()[i][j], rng);
                    }
                }
                FlatNetlist.Layout drawn = new FlatNetlist.Layout(l.access(), l.rWireRow(), l.rWireCol(), l.rIn(), l.rOut(), g,
                        l.mem(), l.fet(), l.w(), l.l(), l.vGate());
                arrays.set(k, new FlatNetlist.Array(a.name(), a.rows(), a.cols(), a.inputs(), a.outputs(), drawn, a.elements()));
                prefix = "y." + a.name() + ".y";
            }
        }
        List<FlatNetlist.Element> out = new ArrayList<>(flat.elements().size());
        for (FlatNetlist.Element e : flat.elements()) {
            if (e.type() == 'y' && e.name().startsWith(prefix)) {
                String[] ij = e.name().substring(prefix.length()).split("_");
                e = withG(e, g[Integer.parseInt(ij[0])][Integer.parseInt(ij[1])]);
            }
            out.add(e);
        }
        return flat.withElements(out, arrays);
    }

    private static FlatNetlist.Element withValue(FlatNetlist.Element e, double value) {
        return new FlatNetlist.Element(e.type(), e.name(), e.nodes(), value, e.model(), e.control(), e.params(), e.behaviour(),
                e.voltage(), e.origin());
    }

    private static FlatNetlist.Element withG(FlatNetlist.Element e, double g) {
        Map<String, Double> p = new HashMap<>(e.params());
        p.put("g", g);
        return new FlatNetlist.Element(e.type(), e.name(), e.nodes(), e.value(), e.model(), e.control(), Map.copyOf(p),
                e.behaviour(), e.voltage(), e.origin());
    }
}
