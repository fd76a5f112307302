package org.xbarsim.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarsim.testing.SweepTables;

/** Sweep descriptions, their runs against closed forms, reruns of single points, and their summaries. */
class SweepTest {
    @TempDir
    Path tmp;

    /** A divider whose output is closed-form: v(out) = vin * r2 / (r1 + r2). */
    private static final String DIVIDER = """
            divider
            .param vin=3 r1=1k r2=2k
            v1 in 0 dc {vin}
            r1 in out {r1}
            r2 out 0 {r2}
            .op
            .print dc v(out)
            .end
            """;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private IllegalArgumentException bad(String name, String text) throws IOException {
        write("divider.cir", DIVIDER);
        Path spec = write(name, text);
        return assertThrows(IllegalArgumentException.class, () -> SpecReader.read(spec));
    }

    @Test
    void malformedSpecsNameTheFieldItsPathAndWhere() throws IOException {
        IllegalArgumentException e = bad("unknown.yaml", "study: netlist\nnetlist: divider.cir\ndrawz: 3\n");
        assertTrue(e.getMessage().startsWith(tmp.resolve("unknown.yaml") + ":3:1: field 'drawz': unknown field 'drawz'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("known here: axes, draws, fixed, netlist, options, plot, seed, study, vary"), e.getMessage());

        e = bad("type.yaml", "study: netlist\nnetlist: divider.cir\ndraws: many\n");
        assertTrue(e.getMessage().startsWith(tmp.resolve("type.yaml") + ":3:1: field 'draws': wrong type"), e.getMessage());

        e = bad("empty.yaml", "study: netlist\nnetlist: divider.cir\naxes:\n  r1: []\n");
        assertTrue(e.getMessage().startsWith(tmp.resolve("empty.yaml") + ":4:3: field 'axes.r1': empty axis"), e.getMessage());

        e = bad("negative.json", "{\"study\": \"netlist\", \"netlist\": \"divider.cir\",\n \"draws\": -5}");
        assertTrue(e.getMessage().startsWith(tmp.resolve("negative.json") + ":2:2:"), e.getMessage());
        assertTrue(e.getMessage().contains("field 'draws': -5: at least 1"), e.getMessage());

        e = bad("sigma.yaml", "study: netlist\nnetlist: divider.cir\nvary:\n  - {param: r1, dist: gauss, sigma: 0.1}\n"
                + "  - {param: r2, dist: gauss}\n");
        assertTrue(e.getMessage().contains("sigma.yaml:5:5:") && e.getMessage().contains("field 'vary[1].sigma': missing"), e.getMessage());

        e = bad("range.yaml", "study: netlist\nnetlist: divider.cir\naxes:\n  r1: {from: 1, to: 2, stp: 0.5}\n");
        assertTrue(e.getMessage().contains("field 'axes.r1.stp': unknown field in a range"), e.getMessage());

        e = bad("dist.yaml", "study: netlist\nnetlist: divider.cir\nvary:\n  - {elements: 'r*', dist: lognormal, sigma: 1}\n");
        assertTrue(e.getMessage().contains("field 'vary[0].dist': 'lognormal' is not a distribution"), e.getMessage());

        e = bad("plot.yaml", "study: netlist\nnetlist: divider.cir\naxes:\n  r1: [1, 2]\nplot: {x: r2}\n");
        assertTrue(e.getMessage().contains("field 'plot.x': 'r2' is not an axis; one of [r1]"), e.getMessage());
        e = bad("plot2.yaml", "study: netlist\nnetlist: divider.cir\naxes:\n  r1: [1, 2]\nplot: {x: r1, series: r1}\n");
        assertTrue(e.getMessage().contains("field 'plot.series': 'r1' named twice in plot"), e.getMessage());
        e = bad("plot3.yaml", "study: netlist\nnetlist: divider.cir\naxes:\n  r1: [1, 2]\nplot: {series: r1}\n");
        assertTrue(e.getMessage().contains("field 'plot.x': missing"), e.getMessage());

        e = bad("syntax.yaml", "study: netlist\n  netlist: [divider.cir\n");
        assertTrue(e.getMessage().startsWith(tmp.resolve("syntax.yaml") + ":") && e.getMessage().contains("not valid YAML"),
                e.getMessage());
    }

    @Test
    void rangesAndGridOrder() throws IOException {
        write("divider.cir", DIVIDER);
        SweepSpec s = SpecReader.read(write("grid.yaml", """
                study: netlist
                netlist: divider.cir
                axes:
                  r1: {from: 1000, to: 3000, step: 1000}
                  r2: {from: 10, to: 1000, count: 3, log: true}
                """));
        assertEquals(9, s.points());
        assertEquals(SweepSpec.Axis.numbers(1000, 2000, 3000), s.axes().get("r1"));
        assertEquals(100.0, s.axes().get("r2").values().get(1).number(), 1e-12);
        assertEquals(List.of(2000.0, 1000.0), List.of(s.settings(5)[0], s.settings(5)[1]).stream()
                .map(x -> (double) Math.round(x.number())).toList());
    }

    @Test
    void gridAndDrawsAgreeWithTheClosedFormAtTheirOwnSeeds() throws IOException {
        write("divider.cir", DIVIDER);
        Path specFile = write("mc.yaml", """
                study: netlist
                netlist: divider.cir
                fixed: {vin: 2}
                axes:
                  r2: [500, 2000, 8000]
                draws: 50
                seed: 42
                vary:
                  - {param: r1, dist: gauss, sigma: 0.1}
                  - {elements: r2, dist: uniform, half-width: 0.2}
                """);
        SweepSpec spec = SpecReader.read(specFile);
        Study study = Study.of(spec, specFile);
        assertEquals(List.of("v(out)"), study.metrics());
        Path dir = tmp.resolve("out");
        SweepRunner.Outcome o = SweepRunner.run(spec, Files.readString(specFile), study, dir, 2, null);
        assertEquals(150, o.total());
        assertEquals(150, o.ran());
        assertEquals(0, o.failed());
        List<String> lines = Files.readAllLines(dir.resolve(SweepRunner.RESULTS));
        assertEquals("point,draw,seed,r2,status,v(out),millis,error", lines.get(0));
        assertEquals(151, lines.size());
        double worst = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            long point = Long.parseLong(f[0]);
            long draw = Long.parseLong(f[1]);
            long seed = SweepRunner.seed(42, point, draw);
            assertEquals(seed, Long.parseLong(f[2]));
            // the same draws, made here independently: r1 per run, then r2 per element, in spec order
            SplittableRandom rng = new SplittableRandom(seed);
            double r1 = 1000 * (1 + 0.1 * rng.nextGaussian());
            double r2 = spec.settings(point)[0].number() * (1 + 0.2 * (2 * rng.nextDouble() - 1));
            double expected = 2 * r2 / (r1 + r2);
            worst = Math.max(worst, Math.abs(Double.parseDouble(f[5]) - expected) / expected);
        }
        assertTrue(worst < 1e-9, "worst relative error against the closed form " + worst);
        // any point x draw reruns alone with the identical numbers
        for (String line : List.of(lines.get(1), lines.get(77), lines.get(150))) {
            String[] f = line.split(",", -1);
            List<String> again = SweepRunner.runOne(spec, study, Long.parseLong(f[0]), Long.parseLong(f[1])).cells(1);
            assertEquals(List.of(f).subList(0, 6), again.subList(0, 6));
        }
        SweepReport.Summary sum = SweepReport.write(dir);
        assertEquals(3, sum.stats().size());
        for (SweepReport.Stat t : sum.stats()) {
            assertEquals(50, t.n());
            double nominal = 2 * t.settings()[0].number() / (1000 + t.settings()[0].number());
            assertTrue(Math.abs(t.mean() - nominal) < 4 * t.std() / Math.sqrt(50) + 0.01 * nominal, t.toString());
            assertTrue(t.min() <= t.p5() && t.p5() <= t.p50() && t.p50() <= t.p95() && t.p95() <= t.max());
        }
        assertTrue(Files.size(dir.resolve("summary.png")) > 0);
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("| 500 | v(out) | 50 | 0 |"));
        // a plot of a point's draws: the mean with the standard deviation over the draws as error bars
        org.xbarsim.report.Charts.Chart c = SweepReport.charts(sum, new SweepSpec.Plot("r2", null, null, null, null), List.of())
                .get(0);
        assertEquals("v(out) (mean, +-1 std over the draws)", c.title());
        org.xbarsim.report.Charts.Series mean = c.series().get(0);
        assertArrayEquals(sum.stats().stream().mapToDouble(SweepReport.Stat::mean).toArray(), mean.y(), 0);
        assertArrayEquals(sum.stats().stream().mapToDouble(SweepReport.Stat::std).toArray(), mean.errors(), 0);
    }

    @Test
    void thePlotSectionDrawsWhatItNames() throws IOException {
        SweepSpec spec = SpecReader.read(dividerGrid("plot", "{x: r2, series: r1, panels: vin}"));
        assertEquals(new SweepSpec.Plot("r2", "r1", "vin", null, null), spec.plot());
        Path dir = tmp.resolve("plot");
        SweepReport.Summary sum = SweepReport.write(dir);
        List<org.xbarsim.report.Charts.Chart> charts = SweepReport.charts(sum, spec.plot(), List.of("1", "2"));
        // one chart per panel (vin), a line per r1, v(out) = vin r2 / (r1 + r2) at each r2
        assertEquals(List.of("v(out), vin = 1", "v(out), vin = 2"), charts.stream().map(c -> c.title()).toList());
        for (int p = 0; p < 2; p++) {
            org.xbarsim.report.Charts.Chart c = charts.get(p);
            assertEquals(List.of("1000", "3000"), c.series().stream().map(x -> x.name()).toList());
            for (org.xbarsim.report.Charts.Series line : c.series()) {
                assertEquals(null, line.errors(), "one draw per point: no error bars");
                double r1 = Double.parseDouble(line.name());
                assertArrayEquals(new double[] {500, 2000, 8000}, line.x());
                for (int k = 0; k < 3; k++) {
                    assertEquals((p + 1) * line.x()[k] / (r1 + line.x()[k]), line.y()[k], 1e-9);
                }
            }
        }
        assertTrue(Files.size(dir.resolve("summary.png")) > 0);
    }

    /**
     * The divider over r1 (2) x r2 (3) x vin (2) with the given plot section, run into tmp/NAME;
     * returns the spec file NAME.yaml.
     */
    private Path dividerGrid(String name, String plot) throws IOException {
        write("divider.cir", DIVIDER);
        Path specFile = write(name + ".yaml", "study: netlist\nnetlist: divider.cir\naxes:\n  r1: [1000, 3000]\n"
                + "  r2: [500, 2000, 8000]\n  vin: [1, 2]\nplot: " + plot + "\n");
        SweepSpec spec = SpecReader.read(specFile);
        SweepRunner.run(spec, Files.readString(specFile), Study.of(spec, specFile), tmp.resolve(name), 1, null);
        return specFile;
    }

    /** A plot with a y axis draws heat maps of the mean over x and y, one per panel; series and y together are refused. */
    @Test
    void aPlotWithAYAxisDrawsHeatMaps() throws IOException {
        SweepSpec spec = SpecReader.read(dividerGrid("heat", "{x: r2, y: r1, panels: vin}"));
        Path dir = tmp.resolve("heat");
        SweepReport.Summary sum = SweepReport.write(dir);
        List<org.xbarsim.report.Heatmaps.Grid> grids = SweepReport.grids(sum, spec.plot());
        assertEquals(List.of("v(out), vin = 1", "v(out), vin = 2"), grids.stream().map(g -> g.title()).toList());
        for (int p = 0; p < 2; p++) {
            org.xbarsim.report.Heatmaps.Grid g = grids.get(p);
            assertEquals(List.of("500", "2000", "8000"), g.xLabels());
            assertEquals(List.of("1000", "3000"), g.yLabels());
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    double r1 = Double.parseDouble(g.yLabels().get(i));
                    double r2 = Double.parseDouble(g.xLabels().get(j));
                    assertEquals((p + 1) * r2 / (r1 + r2), g.values()[i][j], 1e-9);
                }
            }
        }
        assertTrue(Files.size(dir.resolve("summary.png")) > 0);
        Path both = write("both.yaml", "study: netlist\nnetlist: divider.cir\naxes:\n  r1: [1, 2]\n  r2: [1, 2]\n"
                + "  vin: [1, 2]\nplot: {x: r2, y: r1, series: vin}\n");
        Exception e = assertThrows(Exception.class, () -> SpecReader.read(both));
        assertTrue(e.getMessage().endsWith("both.yaml:7:22: field 'plot.series': a heat map (plot.y) has no lines: leave series out"),
                e.getMessage());
    }

    @Test
    void aFailingPointIsRecordedAndTheSweepGoesOn() throws IOException {
        write("divider.cir", DIVIDER);
        Path specFile = write("fail.yaml", "study: netlist\nnetlist: divider.cir\naxes:\n  r2: [1000, -1000, 0, 3000]\n");
        SweepSpec spec = SpecReader.read(specFile);
        SweepRunner.Outcome o = SweepRunner.run(spec, Files.readString(specFile), Study.of(spec, specFile), tmp.resolve("o"), 1,
                null);
        List<String> lines = Files.readAllLines(tmp.resolve("o").resolve(SweepRunner.RESULTS));
        assertEquals(5, lines.size());
        long failed = lines.stream().filter(l -> l.contains(",failed,")).count();
        assertEquals(failed, o.failed());
        assertTrue(failed >= 1, String.join("\n", lines));
        assertTrue(lines.get(4).contains(",ok,"), lines.get(4));
        assertEquals(0.75 * 3, Double.parseDouble(lines.get(4).split(",")[5]), 1e-12);
    }

    @Test
    void aDirectoryHoldsOneSpecAndACutRowIsRunAgain() throws IOException {
        write("divider.cir", DIVIDER);
        Path specFile = write("a.yaml", "study: netlist\nnetlist: divider.cir\naxes:\n  r2: [1000, 2000, 3000]\n");
        SweepSpec spec = SpecReader.read(specFile);
        String text = Files.readString(specFile);
        Study study = Study.of(spec, specFile);
        Path dir = tmp.resolve("d");
        SweepRunner.run(spec, text, study, dir, 1, null);
        Path results = dir.resolve(SweepRunner.RESULTS);
        List<String> full = Files.readAllLines(results);
        // a kill in the middle of the last row
        String cut = String.join("\n", full.subList(0, 3)) + "\n" + full.get(3).substring(0, 10);
        Files.writeString(results, cut);
        SweepRunner.Outcome o = SweepRunner.run(spec, text, study, dir, 1, null);
        assertEquals(2, o.skipped());
        assertEquals(1, o.ran());
        List<String> again = Files.readAllLines(results);
        assertEquals(SweepTables.withoutTimes(full), SweepTables.withoutTimes(again));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepRunner.run(spec, text + "\n# changed\n", study, dir, 1, null));
        assertTrue(e.getMessage().contains("different sweep description"), e.getMessage());
    }
}
