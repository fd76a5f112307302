package org.xbarsim.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.IndependentSource;
import org.xbarsim.circuit.VoltageSource;
import org.xbarsim.netlist.FlatNetlist;

/** Runs a circuit's {@code .op} and {@code .dc} analyses. */
public final class DcAnalysis {
    private final Circuit circuit;
    private final NewtonSolver newton;

    public DcAnalysis(Circuit circuit) {
        this.circuit = circuit;
        this.newton = new NewtonSolver(circuit);
    }

    public NewtonSolver newton() {
        return newton;
    }

    /** Where the solve time went, one line. */
    public String timing() {
        return newton.iterations() + " Newton iterations (" + newton.chordSteps() + " chord; " + newton.methods() + "); "
                + newton.lu().timing();
    }

    /**
     * Runs every analysis of the netlist (an operating point when there is none).
     *
     * @param progress told the number of solution points done so far, over all analyses, or null
     */
    public List<AnalysisResult> runAll(IntConsumer progress) {
        List<AnalysisResult> out = new ArrayList<>();
        List<FlatNetlist.Analysis> analyses = circuit.analyses();
        if (analyses.isEmpty()) {
            out.add(operatingPoint());
        }
        int[] done = {0};
        for (FlatNetlist.Analysis a : analyses) {
            int before = done[0];
            AnalysisResult r = a.isOp() ? operatingPoint(a) : sweep(a, k -> {
                done[0] = before + k;
                if (progress != null) {
                    progress.accept(done[0]);
                }
            });
            done[0] = before + r.rows().size();
            if (progress != null) {
                progress.accept(done[0]);
            }
            out.add(r);
        }
        return out;
    }

    /** Solution points all analyses of a netlist produce. */
    public static int points(List<FlatNetlist.Analysis> analyses) {
        int total = 0;
        for (FlatNetlist.Analysis a : analyses) {
            int p = 1;
            for (FlatNetlist.Sweep s : a.sweeps()) {
                p *= s.points();
            }
            total += p;
        }
        return Math.max(1, total);
    }

    /** The DC operating point. */
    public AnalysisResult operatingPoint() {
        return operatingPoint(null);
    }

    /** The DC operating point of {@code .op} card {@code a} (null when the netlist has no analysis). */
    private AnalysisResult operatingPoint(FlatNetlist.Analysis a) {
        int before = newton.iterations();
        double[] x;
        try {
            x = newton.operatingPoint();
        } catch (SolveException e) {
            throw e.at(a == null || a.origin() == null ? "operating point" : a.origin().location() + ": .op");
        }
        List<double[]> rows = new ArrayList<>();
        rows.add(outputs(x, new double[0]));
        return new AnalysisResult("op", labels(List.of()), 0, rows, newton.iterations() - before);
    }

    /** A DC sweep, the first source innermost; each point starts from the previous solution. */
    public AnalysisResult sweep(FlatNetlist.Analysis a, IntConsumer progress) {
        int before = newton.iterations();
        List<FlatNetlist.Sweep> sweeps = a.sweeps();
        Knob inner = knob(sweeps.get(0));
        Knob outer = sweeps.size() > 1 ? knob(sweeps.get(1)) : null;
        double innerSaved = inner.value();
        double outerSaved = outer == null ? 0 : outer.value();
        int nOuter = outer == null ? 1 : sweeps.get(1).points();
        int nInner = sweeps.get(0).points();
        List<String> names = new ArrayList<>();
        names.add(inner.innerLabel());
        if (outer != null) {
            names.add(outer.name());
        }
        List<double[]> rows = new ArrayList<>();
        double[] x = null;
        int done = 0;
        try {
            for (int o = 0; o < nOuter; o++) {
                if (outer != null) {
                    outer.setValue(sweeps.get(1).value(o));
                }
                for (int i = 0; i < nInner; i++) {
                    inner.setValue(sweeps.get(0).value(i));
                    newton.sourcesChanged();
                    try {
                        x = x == null ? newton.operatingPoint() : newton.continueFrom(x);
                    } catch (SolveException e) {
                        throw e.at(where(a, inner, outer));
                    }
                    double[] sweepVals = outer == null ? new double[] {inner.value()}
                            : new double[] {inner.value(), outer.value()};
                    rows.add(outputs(x, sweepVals));
                    if (progress != null) {
                        progress.accept(++done);
                    }
                }
            }
        } finally {
            inner.setValue(innerSaved);
            if (outer != null) {
                outer.setValue(outerSaved);
            }
            newton.sourcesChanged();
        }
        return new AnalysisResult("dc", labels(names), names.size(), rows, newton.iterations() - before);
    }

    /** The analysis and sweep point, for errors: {@code file:line:col: .dc point v1 = 0.25, v2 = -1}. */
    private static String where(FlatNetlist.Analysis a, Knob inner, Knob outer) {
        String loc = a.origin() == null ? "" : a.origin().location() + ": ";
        return loc + ".dc point " + inner.name() + " = " + inner.value()
                + (outer == null ? "" : ", " + outer.name() + " = " + outer.value());
    }

    /**
     * What a {@code .dc} sweep sets: an independent source's value (V or A), a resistor's
     * resistance (Ohm) or the circuit's temperature (C); with the names ngspice gives the sweep.
     */
    private interface Knob {
        double value();

        void setValue(double v);

        /** The sweep's name when it is the outer one: the element's name, or temp. */
        String name();

        /** The inner sweep's name: v-sweep, i-sweep, res-sweep or temp-sweep. */
        String innerLabel();
    }

    private Knob knob(FlatNetlist.Sweep s) {
        String name = s.source();
        if (name.equals("temp")) {
            return new Knob() {
                public double value() {
                    return circuit.temperature() - 273.15;
                }

                public void setValue(double v) {
                    circuit.setTemperature(v + 273.15);
                }

                public String name() {
                    return "temp";
                }

                public String innerLabel() {
                    return "temp-sweep";
                }
            };
        }
        if (name.charAt(0) == 'r') {
            org.xbarsim.circuit.Resistor r;
            try {
                r = circuit.resistor(name);
            } catch (IllegalArgumentException e) {
                throw s.origin().error(".dc sweeps a resistor; '" + name + "' is not one");
            }
            return new Knob() {
                public double value() {
                    return r.resistance();
                }

                public void setValue(double v) {
                    if (v == 0) {
                        throw s.origin().error(".dc sets " + name + " to 0 Ohm: a resistance must be non-zero");
                    }
                    r.setResistance(v);
                }

                public String name() {
                    return name;
                }

                public String innerLabel() {
                    return "res-sweep";
                }
            };
        }
        IndependentSource src = source(s);
        return new Knob() {
            public double value() {
                return src.value();
            }

            public void setValue(double v) {
                src.setValue(v);
            }

            public String name() {
                return src.device().name();
            }

            public String innerLabel() {
                return (src instanceof VoltageSource ? 'v' : 'i') + "-sweep";
            }
        };
    }

    private List<String> labels(List<String> sweepNames) {
        List<String> l = new ArrayList<>(sweepNames);
        for (Circuit.Output o : circuit.outputs()) {
            l.add(o.label());
        }
        return l;
    }

    private double[] outputs(double[] x, double[] sweepValues) {
        List<Circuit.Output> outs = circuit.outputs();
        double[] row = new double[sweepValues.length + outs.size()];
        System.arraycopy(sweepValues, 0, row, 0, sweepValues.length);
        for (int k = 0; k < outs.size(); k++) {
            row[sweepValues.length + k] = outs.get(k).value(x);
        }
        return row;
    }


    private IndependentSource source(FlatNetlist.Sweep s) {
        try {
            return circuit.source(s.source());
        } catch (IllegalArgumentException e) {
            throw s.origin().error(".dc sweeps an independent V or I source; '" + s.source() + "' is not one");
        }
    }
}
