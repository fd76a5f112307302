package org.xbarsim.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.sweep.StudySettings.Def;
import org.xbarsim.validation.DpeCheck;

/**
 * {@code xbarsim validate dpe} as a sweep study: the measured dot-product-engine reads simulated
 * on an array with the point's wire resistance, G_on matched to the measured median column slope
 * ({@link DpeCheck#matched}), the device spread and input vectors drawn from the point x draw's
 * seed. Metrics: the matched G_on (uS), whether the slope was reached (1) or the IR drop caps it
 * (0), and the simulated column fits in brief ({@link DpeCheck.Summary}) with the measured
 * median slope beside them.
 */
final class DpeStudy extends SettingsStudy {
    /** The settings, named as {@code xbarsim validate dpe}'s options (one wire resistance). */
    static List<Def> settings(Function<String, Path> files) {
        List<Def> d = new java.util.ArrayList<>(List.of(
                new Def("data", null, v -> {
                    if (v.numeric() || !Files.isDirectory(files.apply(v.text()))) {
                        throw new IllegalArgumentException("a folder with CMat.csv, all_output.csv, all_SW_output.csv"
                                + (v.numeric() ? "" : "; not a folder: " + files.apply(v.text())));
                    }
                }),
                new Def("rows", SweepSpec.Value.of(64), StudySettings.whole(1, 65536)),
                new Def("v-read", SweepSpec.Value.of(CrossbarArray.DEFAULT_V_READ_V), StudySettings.above(0, 2))));
        // the array settings the measured reads take, as every array study names them
        List<String> shared = List.of("cell", "law", "r-wire", "r-in", "r-out");
        StudySettings.device().stream().filter(x -> shared.contains(x.name())).forEach(d::add);
        return d;
    }

    private static final List<String> METRICS = List.of("g_on_us", "matched", "slope_median", "slope_min", "slope_max",
            "intercept_median", "residual_median", "lowest_r", "trend", "measured_slope_median");

    /** The measured reads and their statistics, per folder. */
    private record Data(DpeCheck.Reads reads, DpeCheck.DataStats stats) {
    }

    private final Map<Path, Data> data = new ConcurrentHashMap<>();

    DpeStudy(SweepSpec spec, Path specFile, Function<String, Path> files) {
        super(new StudySettings(settings(files), spec, specFile, files));
        metrics(METRICS);
        data(settings.at(spec.settings(0))); // the measured data read, and checked, before any point runs
    }

    private Data data(StudySettings.Point p) {
        return data.computeIfAbsent(p.file("data"), dir -> {
            try {
                DpeCheck.Reads d = DpeCheck.read(dir);
                return new Data(d, DpeCheck.stats(d));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    protected double[] run(StudySettings.Point p, long seed) {
        Data d = data(p);
        int rows = p.integer("rows");
        if (rows < d.reads().rows()) {
            throw new IllegalArgumentException("rows " + rows + ": at least the pattern's " + d.reads().rows());
        }
        double[][] gOff = new double[rows][d.reads().cols()];
        for (double[] row : gOff) {
            Arrays.fill(row, d.stats().gOff()); // the simulation sets the pattern
        }
        CrossbarArray.Builder b = CrossbarArray.builder(rows, d.reads().cols()).cell(CrossbarArray.Cell.parse(p.text("cell")))
                .vRead(p.number("v-read")).rIn(p.number("r-in")).rOut(p.number("r-out")).rWire(p.number("r-wire"))
                .conductances(gOff);
        CrossbarArray array = (p.text("law").equals("sinh") ? b.sinh(CrossbarArray.DEFAULT_SINH_B_PER_V) : b.linear()).build();
        DpeCheck.Simulated sim = DpeCheck.matched(d.reads(), array, d.stats(), p.number("v-read"), seed);
        DpeCheck.Summary s = DpeCheck.Summary.of(sim.columns(), d.reads());
        double measured = DpeCheck.median(d.stats().columns().stream().mapToDouble(DpeCheck.ColumnFit::slope).toArray());
        return new double[] {sim.gOn() * 1e6, sim.matched() ? 1 : 0, s.slopeMedian(), s.slopeMin(), s.slopeMax(),
                s.interceptMedian(), s.residualMedian(), s.lowestR(), s.trend(), measured};
    }
}
