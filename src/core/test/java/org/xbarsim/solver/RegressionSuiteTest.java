package org.xbarsim.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.xbarsim.bench.Ngspice;
import org.xbarsim.bench.NgspiceReferences;

/**
 * The ngspice suites under validation/: the regression set (validation/regression: ordinary DC
 * netlists (diode bridges and clamps,
 * diode stacks with area and RS, MOS bias points with body effect, a source follower near
 * cut-off, CMOS gates, mirrors, differential pairs, op-amp macro-models with clipping diodes,
 * nested sweeps, subcircuits three deep, small 1T1R arrays) and the dialect set
 * (validation/dialect: ngspice's DC syntax as decks use it), each netlist against the ngspice
 * references committed beside it (made by validation/make-references.sh).
 *
 * <ul>
 *   <li>At tight options every printed quantity agrees with ngspice at tight options to 1e-6
 *   relative (floors 1e-9 V, 1e-12 A).</li>
 *   <li>At XbarSim's default options every quantity is within max(10 x ngspice's own error at its
 *   defaults, the tight bound) of the tight reference, and within 1e-3 relative of it (floors
 *   vntol = 1e-6 V and abstol = 1e-12 A, the tolerances that define convergence).</li>
 * </ul>
 * The worst relative error per netlist is written to target/SUITE-table.md (the tables in
 * validation/README.md): the error over the larger of the reference value, a thousandth of the
 * quantity's largest magnitude over the sweep, and the floor (1e-9 V, 1e-12 A).
 */
class RegressionSuiteTest {
    /** The suites: a folder of netlists with ngspice references, and how many netlists it must hold. */
    static final Map<String, Integer> SUITES = new java.util.LinkedHashMap<>(Map.of("regression", 40, "dialect", 40));
    static final double TIGHT_REL = 1e-6;
    static final double DEFAULT_REL = 1e-3;
    static final double DEFAULT_FACTOR = 10;
    static final double FLOOR_V = 1e-9;
    static final double FLOOR_A = 1e-12;
    static final double VNTOL_V = 1e-6;
    static final double ABSTOL_A = 1e-12;
    static final Map<String, Double> TIGHT = NgspiceComparisonTest.TIGHT;

    /** Worst relative errors per suite and netlist: XbarSim default, ngspice default, XbarSim tight. */
    private static final Map<String, Map<String, double[]>> TABLES = new java.util.concurrent.ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicTest> everySuiteNetlistAgreesWithNgspice() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Integer> suite : SUITES.entrySet()) {
            Path dir = Path.of("validation", suite.getKey());
            List<Path> files = NgspiceReferences.netlists(dir);
            assertTrue(files.size() >= suite.getValue(), "at least " + suite.getValue() + " netlists in " + dir + ", found "
                    + files.size());
            for (Path f : files) {
                tests.add(DynamicTest.dynamicTest(suite.getKey() + "/" + f.getFileName(), () -> check(suite.getKey(), f)));
            }
        }
        return tests.stream();
    }

    private static void check(String suite, Path file) throws IOException {
        Path dir = file.getParent();
        String name = file.getFileName().toString().replaceFirst("\\.cir$", "");
        Ngspice.Vectors tightRef = NgspiceReferences.read(dir.resolve("ref/" + name + ".tight.csv"));
        Ngspice.Vectors defaultRef = NgspiceReferences.read(dir.resolve("ref/" + name + ".default.csv"));
        AnalysisResult tight = single(Simulator.run(file, TIGHT, null));
        AnalysisResult dflt = single(Simulator.run(file, Map.of(), null));
        assertEquals(tightRef.points(), tight.rows().size(), name + ": number of points");
        assertEquals(tightRef.points(), dflt.rows().size(), name + ": number of points");
        double[] worst = new double[3];
        List<String> failures = new ArrayList<>();
        for (int c = tight.sweeps(); c < tight.columns().size(); c++) {
            String label = tight.columns().get(c);
            double[] ref = NgspiceComparisonTest.reference(label, tightRef);
            double[] ng = NgspiceComparisonTest.reference(label, defaultRef);
            boolean current = label.startsWith("i(");
            double floor = current ? FLOOR_A : FLOOR_V;
            double convFloor = current ? ABSTOL_A : VNTOL_V;
            double range = 0;
            for (double v : ref) {
                range = Math.max(range, Math.abs(v));
            }
            double tableFloor = Math.max(floor, 1e-3 * range);
            for (int p = 0; p < ref.length; p++) {
                double a = tight.rows().get(p)[c];
                double d = dflt.rows().get(p)[c];
                double r = ref[p];
                double tightBound = TIGHT_REL * Math.abs(r) + floor;
                double ngErr = Math.abs(ng[p] - r);
                double errTight = Math.abs(a - r);
                double errDefault = Math.abs(d - r);
                double scale = Math.max(Math.abs(r), tableFloor);
                worst[0] = Math.max(worst[0], errDefault / scale);
                worst[1] = Math.max(worst[1], ngErr / scale);
                worst[2] = Math.max(worst[2], errTight / scale);
                if (!(errTight <= tightBound)) {
                    failures.add(String.format(Locale.ROOT, "tight: %s at point %d: xbarsim %.12e, ngspice %.12e", label, p, a, r));
                }
                if (!(errDefault <= Math.max(DEFAULT_FACTOR * ngErr, tightBound)
                        && errDefault <= DEFAULT_REL * Math.abs(r) + convFloor)) {
                    failures.add(String.format(Locale.ROOT,
                            "default: %s at point %d: xbarsim %.12e, ngspice default %.12e, tight reference %.12e", label, p,
                            d, ng[p], r));
                }
            }
        }
        TABLES.computeIfAbsent(suite, k -> new ConcurrentSkipListMap<>()).put(name, worst);
        assertTrue(failures.isEmpty(), name + ": " + failures.size() + " disagreements, first: "
                + String.join("\n", failures.subList(0, Math.min(5, failures.size()))));
    }

    /**
     * {@code export --spice} writes every dialect construct so that ngspice reads it back with the
     * same result: each dialect netlist, exported and run by ngspice at tight options, agrees with
     * the tight reference of the netlist as written to 1e-6 (floors 1e-9 V, 1e-12 A). Runs where
     * ngspice is installed (CI installs it); skipped with the reason elsewhere.
     */
    @TestFactory
    Stream<DynamicTest> exportedDialectNetlistsReadBackTheSame(@org.junit.jupiter.api.io.TempDir Path work) throws IOException {
        if (Ngspice.version() == null) {
            System.out.println("skipped RegressionSuiteTest.exportedDialectNetlistsReadBackTheSame: ngspice is not installed; "
                    + "the export round trip needs it (apt-get install -y ngspice)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Ngspice.version() != null,
                "ngspice is not installed: the export round trip needs it (apt-get install -y ngspice)");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : NgspiceReferences.netlists(Path.of("validation/dialect"))) {
            tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                String name = f.getFileName().toString().replaceFirst("\\.cir$", "");
                java.io.StringWriter w = new java.io.StringWriter();
                org.xbarsim.circuit.SpiceExporter.export(Simulator.flatten(f), "round trip", w);
                Ngspice.Vectors back = Ngspice.run(w.toString(), work.resolve(name + ".sp"), work);
                Ngspice.Vectors ref = NgspiceReferences.read(f.getParent().resolve("ref/" + name + ".tight.csv"));
                AnalysisResult ours = single(Simulator.run(f, TIGHT, null));
                for (int c = ours.sweeps(); c < ours.columns().size(); c++) {
                    String label = ours.columns().get(c);
                    double[] r = NgspiceComparisonTest.reference(label, ref);
                    double[] b = NgspiceComparisonTest.reference(label, back);
                    double floor = label.startsWith("i(") ? FLOOR_A : FLOOR_V;
                    for (int p = 0; p < r.length; p++) {
                        assertTrue(Math.abs(b[p] - r[p]) <= TIGHT_REL * Math.abs(r[p]) + floor, String.format(Locale.ROOT,
                                "%s: %s at point %d: exported %.12e, as written %.12e", name, label, p, b[p], r[p]));
                    }
                }
            }));
        }
        return tests.stream();
    }

    private static AnalysisResult single(Simulator.Run run) {
        assertEquals(1, run.results().size(), "regression netlists hold one analysis");
        return run.results().get(0);
    }

    @AfterAll
    static void writeTables() throws IOException {
        Files.createDirectories(Path.of("target"));
        for (Map.Entry<String, Map<String, double[]>> suite : TABLES.entrySet()) {
            StringBuilder md = new StringBuilder("| netlist | XbarSim default | ngspice default | XbarSim tight |\n"
                    + "| --- | ---: | ---: | ---: |\n");
            for (Map.Entry<String, double[]> e : suite.getValue().entrySet()) {
                double[] w = e.getValue();
                md.append(String.format(Locale.ROOT, "| %s | %.1e | %.1e | %.1e |%n", e.getKey(), w[0], w[1], w[2]));
            }
            Files.writeString(Path.of("target/" + suite.getKey() + "-table.md"), md);
        }
    }
}
