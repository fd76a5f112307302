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

import org.xbarsim.bench.Ngspice;
import org.xbarsim.bench.NgspiceReferences;
import org.xbarsim.circuit.SpiceExporter;
import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CrossbarNetlistWriter;
import org.xbarsim.crossbar.CrossbarSpec;
import org.xbarsim.netlist.FlatNetlist;

/**
 * Every netlist under netlists/ and src/core/test/resources/ngspice/ runs through XbarSim and through
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

    /** References committed for runs without ngspice: one CSV of ngspice's vectors per netlist. */
    static final Path REFERENCES = Path.of("src/core/test/resources/ngspice-ref");
    /** Set to rewrite those references from the live ngspice runs (ngspice needed). */
    static final String WRITE_REFERENCES = "xbarsim.writeNgspiceReferences";

    /** ngspice runs live where it is installed; CI insists on it, elsewhere the committed references stand in. */
    static boolean live;

    @BeforeAll
    static void ngspiceOrReferences() {
        live = Ngspice.version() != null;
        if (!live && "true".equals(System.getenv("CI"))) {
            fail("ngspice is not installed (apt-get install -y ngspice); .ci/run installs it, and CI compares live");
        }
        if (!live) {
            System.out.println("NgspiceComparisonTest: ngspice not installed; comparing with the references in " + REFERENCES);
        }
    }

    /**
     * ngspice's vectors for {@code key}: from a live run of {@code deck} (written to the references
     * when {@value #WRITE_REFERENCES} is set), or else from the committed reference.
     */
    static Ngspice.Vectors vectors(String key, String deck, Path deckFile, AnalysisResult r) throws Exception {
        Path ref = REFERENCES.resolve(key + ".csv");
        if (!live) {
            assertTrue(Files.exists(ref), "no ngspice reference " + ref + " (regenerate with ngspice installed: mvn test "
                    + "-Dtest=NgspiceComparisonTest -D" + WRITE_REFERENCES + "=true)");
            return NgspiceReferences.read(ref);
        }
        Ngspice.Vectors v = Ngspice.run(deck, deckFile, work);
        if (Boolean.getBoolean(WRITE_REFERENCES)) {
            // only the vectors the comparison reads: a 64x64 array has thousands of nodes
            java.util.Map<String, double[]> kept = new java.util.LinkedHashMap<>();
            for (int c = r.sweeps(); c < r.columns().size(); c++) {
                String label = r.columns().get(c).toLowerCase(java.util.Locale.ROOT);
                List<String> names = label.startsWith("v(") && label.contains(",")
                        ? List.of("v(" + label.substring(2, label.indexOf(',')) + ")", "v(" + label.substring(label.indexOf(',') + 1))
                        : List.of(label);
                for (String n : names) {
                    if (v.get(n) != null) {
                        kept.put(n, v.get(n));
                    }
                }
            }
            Ngspice.Vectors subset = new Ngspice.Vectors(kept, v.points(), "");
            Files.createDirectories(REFERENCES);
            org.xbarsim.report.AtomicFile.write(ref, w -> NgspiceReferences.write(subset, w));
        }
        return v;
    }

    /** The reference key of a netlist file: its folder's name and its own (netlists_divider), or a generated file's name. */
    static String key(Path file) {
        String name = file.isAbsolute() || file.getParent() == null ? file.getFileName().toString()
                : file.getParent().getFileName() + "_" + file.getFileName();
        return name.replaceFirst("\\.cir$", "");
    }

    static List<Path> netlists() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(Path.of("netlists"), Path.of("src/core/test/resources/ngspice"))) {
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
                    if (ng == null) {
                        ng = NgspiceReferences.read(REFERENCES.resolve(key(f) + ".csv"));
                    }
                    CrossbarSpec.Draw d = spec.draw();
                    double[] currents = new ArraySimulator(d.array()).solve(d.inputs());
                    List<String> columns = new ArrayList<>();
                    for (int j = 0; j < currents.length; j++) {
                        columns.add("i(vs" + j + ")");
                    }
                    agree(f + " (structured array solver)", new AnalysisResult("op", columns, 0, List.of(currents), 0), ng);
                }));
    }

    /**
     * The generator's three styles of one array (plain lines, cells as subcircuit instances,
     * values through .param) are one circuit: our column currents agree to 1e-12 relative across
     * them, and, where ngspice is installed, ngspice reads each (a linear one as written, a sinh one
     * as its export) and agrees to 1e-6.
     */
    @TestFactory
    Stream<DynamicTest> generatorStylesAreOneCircuit() {
        return Stream.of(new Object[] {true, "linear"}, new Object[] {false, "linear"}, new Object[] {true, "sinh"})
                .map(c -> DynamicTest.dynamicTest((((Boolean) c[0]) ? "1T1R " : "1R ") + c[1] + " 24x20", () -> {
            boolean access = (Boolean) c[0];
            CrossbarSpec spec = CrossbarSpec.defaults(24, 20, access, (String) c[1]).withSeed(7);
            double[] plain = null;
            for (CrossbarNetlistWriter.Style style : CrossbarNetlistWriter.Style.values()) {
                Path f = work.resolve("styles-" + access + "-" + c[1] + "-" + style + ".cir");
                try (java.io.Writer w = Files.newBufferedWriter(f)) {
                    CrossbarNetlistWriter.write(spec, style, w);
                }
                double[] ours = Simulator.run(f, TIGHT, null).results().get(0).rows().get(0);
                if (plain == null) {
                    plain = ours;
                }
                for (int j = 0; j < ours.length; j++) {
                    assertEquals(plain[j], ours[j], 1e-12 * Math.abs(plain[j]), style + " column " + j);
                }
                if (live) {
                    compare(f);
                }
            }
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
            agree(file + " (as written)", r, vectors(key(file), Files.readString(file), original, r));
            if (!live) {
                return null;
            }
        }
        Ngspice.Vectors ng = vectors(key(file) + (xbarsimOnly ? "" : ".exported"), exported.toString(),
                work.resolve(file.getFileName() + ".sp"), r);
        agree(file + " (exported)", r, ng);
        return ng;
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
