package org.xbarsim.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import org.xbarsim.circuit.SpiceExporter;
import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CrossbarNetlistWriter;
import org.xbarsim.crossbar.CrossbarSpec;
import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.bench.Ngspice;

/**
 * Every netlist under netlists/ and src/test/resources/ngspice/ runs through XbarSim and through
 * ngspice (both with tight options); every printed quantity agrees to 1e-6 relative, with an
 * absolute floor of 1e-12 A for currents and 1e-9 V for voltages. Netlists that ngspice reads
 * as written are given to it unchanged, so our parser and subcircuit expansion are checked
 * independently; netlists with XbarSim-only elements (memristors) go through our SPICE export.
 * Generated crossbars up to 64x64 are also solved by the structured array solver and compared
 * with the same ngspice run.
 */
class NgspiceComparisonTest {
    static final double REL_TOL = 1e-6;
    static final double FLOOR_A = 1e-12;
    static final double FLOOR_V = 1e-9;
    static final Map<String, Double> TIGHT = Map.of("reltol", 1e-9, "abstol", 1e-15, "vntol", 1e-12);

    @TempDir
    static Path work;

    @BeforeAll
    static void ngspiceIsInstalled() {
        assertNotNull(Ngspice.version(), "ngspice is not installed (apt-get install -y ngspice); .ci/run installs it");
    }

    static List<Path> netlists() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(Path.of("netlists"), Path.of("src/test/resources/ngspice"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".cir")).sorted().forEach(all::add);
            }
        }
        return all;
    }

    /**
     * Generated crossbars, both cell kinds and both laws, up to 64x64, through the same comparison,
     * and through the structured array solver against the same ngspice run.
     */
    @TestFactory
    Stream<DynamicTest> generatedCrossbarsAgreeWithNgspice() {
        return Stream.of(new Object[] {true, "linear", 24, 20}, new Object[] {true, "sinh", 24, 20},
                        new Object[] {false, "sinh", 24, 20}, new Object[] {true, "sinh", 64, 64},
                        new Object[] {false, "linear", 64, 64}, new Object[] {true, "linear", 64, 64})
                .map(c -> DynamicTest.dynamicTest((((Boolean) c[0]) ? "1T1R " : "1R ") + c[1] + " " + c[2] + "x" + c[3], () -> {
                    Path f = work.resolve("xbar-" + c[0] + "-" + c[1] + "-" + c[2] + ".cir");
                    CrossbarSpec spec = CrossbarSpec.defaults((Integer) c[2], (Integer) c[3], (Boolean) c[0], (String) c[1])
                            .withSeed(7);
                    try (java.io.Writer w = Files.newBufferedWriter(f)) {
                        CrossbarNetlistWriter.write(spec, w);
                    }
                    Ngspice.Vectors ng = compare(f);
                    CrossbarSpec.Draw d = spec.draw();
                    double[] currents = new ArraySimulator(d.array()).solve(d.inputs());
                    List<String> columns = new ArrayList<>();
                    for (int j = 0; j < currents.length; j++) {
                        columns.add("i(vs" + j + ")");
                    }
                    agree(f + " (structured array solver)", new AnalysisResult("op", columns, 0, List.of(currents), 0), ng);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyNetlistAgreesWithNgspice() throws IOException {
        List<Path> files = netlists();
        assertTrue(files.size() >= 30, "at least 30 netlists, found " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> compare(f)));
    }

    /** Compares a netlist with ngspice; returns ngspice's vectors for the exported netlist. */
    static Ngspice.Vectors compare(Path file) throws Exception {
        Simulator.Run ours = Simulator.run(file, TIGHT, null);
        assertEquals(1, ours.results().size(), "comparison netlists hold one analysis");
        AnalysisResult r = ours.results().get(0);
        FlatNetlist flat = Simulator.flatten(file);
        StringWriter exported = new StringWriter();
        SpiceExporter.export(flat, "exported for the ngspice comparison", exported);
        boolean xbarsimOnly = flat.elements().stream().anyMatch(e -> e.type() == 'y');
        if (!xbarsimOnly) {
            // ngspice reads the netlist as written, and our export of it must mean the same
            Path original = file.toAbsolutePath().getParent().resolve(".ngspice-" + file.getFileName());
            agree(file + " (as written)", r, ngspice(Files.readString(file), original));
        }
        Ngspice.Vectors ng = ngspice(exported.toString(), work.resolve(file.getFileName() + ".sp"));
        agree(file + " (exported)", r, ng);
        return ng;
    }

    private static Ngspice.Vectors ngspice(String deck, Path deckFile) throws Exception {
        return Ngspice.run(deck, deckFile, work);
    }

    /** Every printed quantity of {@code r} agrees with ngspice's vectors. */
    private static void agree(String file, AnalysisResult r, Ngspice.Vectors ng) {
        assertEquals(r.rows().size(), ng.points(), file + ": number of points");
        int checked = 0;
        for (int c = r.sweeps(); c < r.columns().size(); c++) {
            String label = r.columns().get(c);
            double[] ref = reference(label, ng);
            boolean current = label.startsWith("i(");
            double floor = current ? FLOOR_A : FLOOR_V;
            for (int p = 0; p < r.rows().size(); p++) {
                double a = r.rows().get(p)[c];
                double b = ref[p];
                double tol = REL_TOL * Math.max(Math.abs(a), Math.abs(b)) + floor;
                if (!(Math.abs(a - b) <= tol)) {
                    fail(String.format("%s: %s at point %d: xbarsim %.12e, ngspice %.12e (|diff| %.3e > tol %.3e)",
                            file, label, p, a, b, Math.abs(a - b), tol));
                }
                checked++;
            }
        }
        assertTrue(checked > 0, "compared no quantity");
    }

    /** ngspice's vector for a printed quantity; v(a,b) is v(a) - v(b). */
    static double[] reference(String label, Ngspice.Vectors ng) {
        if (label.startsWith("v(") && label.contains(",")) {
            String[] ab = label.substring(2, label.length() - 1).split(",");
            double[] a = node(ab[0], ng);
            double[] b = node(ab[1], ng);
            double[] d = new double[a.length];
            for (int k = 0; k < d.length; k++) {
                d[k] = a[k] - b[k];
            }
            return d;
        }
        if (label.startsWith("v(")) {
            return node(label.substring(2, label.length() - 1), ng);
        }
        double[] v = ng.get(label);
        assertNotNull(v, "ngspice has no vector " + label + "; it has " + ng.vectors().keySet());
        return v;
    }

    private static double[] node(String name, Ngspice.Vectors ng) {
        if (name.equals("0") || name.equals("gnd")) {
            return new double[ng.points()];
        }
        double[] v = ng.get("v(" + name + ")");
        assertNotNull(v, "ngspice has no vector v(" + name + "); it has " + ng.vectors().keySet());
        return v;
    }
}
