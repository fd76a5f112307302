package org.xbarsim.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.xbarsim.bench.AccuracyBenchmark;
import org.xbarsim.bench.AccuracyBenchmark.KernelType;
import org.xbarsim.bench.AccuracyBenchmark.Method;
import org.xbarsim.mapping.WeightMapping;
import org.xbarsim.sweep.StudySettings.Def;

/**
 * {@code xbarsim bench accuracy} as a sweep study (paper 002 section 4.2, Figs. 11-18): one array
 * size, kernel type and input sparsity per point, its kernel and inputs drawn from the point x
 * draw's seed, run without compensation, with the paper's conversion and calibration, and with
 * ours. Metrics per method ({@code none_mean}, {@code original_mean}, {@code mitigated_mean}, then
 * the worst errors, and so on): the mean and worst output error relative to each column's output
 * range, the conversion amplitude chosen, and the devices clamped low, clamped high and
 * infeasible.
 */
final class AccuracyStudy extends SettingsStudy {
    /** The settings, named as {@code xbarsim bench accuracy}'s options (one size, kernel and sparsity). */
    static List<Def> settings() {
        List<Def> d = new ArrayList<>(List.of(
                new Def("rows", null, StudySettings.whole(1, 65536)),
                new Def("cols", null, StudySettings.whole(1, 65536)),
                new Def("kernel", SweepSpec.Value.of("gaussian"), StudySettings.oneOf(List.of("gaussian", "nonzero", "ternary"))),
                new Def("sparsity", SweepSpec.Value.of(0), StudySettings.range(0, 0.999)),
                new Def("inputs", SweepSpec.Value.of(200), StudySettings.whole(3, 10_000_000)),
                new Def("calibration", SweepSpec.Value.of(10), StudySettings.whole(2, 100_000)),
                new Def("search", SweepSpec.Value.of(20), StudySettings.whole(1, 100_000)),
                new Def("amplitudes", SweepSpec.Value.of("1,0.5,0.2,0.1,0.05,0.02,0.01,0.005,0.002,0.001"),
                        StudySettings.numbers(1e-9, 1)),
                new Def("mapping", SweepSpec.Value.of("shift"), StudySettings.oneOf(WeightMapping.Kind.NAMES))));
        d.addAll(StudySettings.device());
        return d;
    }

    /** The metrics each method reports. */
    private static final List<String> PER_METHOD = List.of("mean", "worst", "amplitude", "clamped_low", "clamped_high",
            "infeasible");


    AccuracyStudy(SweepSpec spec, Path specFile) {
        super(new StudySettings(settings(), spec, specFile, Path::of));
        List<String> m = new ArrayList<>();
        for (String q : PER_METHOD) { // the errors of the three methods first: what the summary plots
            for (Method method : Method.values()) {
                m.add(method.label() + "_" + q);
            }
        }
        metrics(m);
    }

    @Override
    protected double[] run(StudySettings.Point p, long seed) {
        double gMin = p.gMin();
        double gMax = p.gMax();
        AccuracyBenchmark.Plan plan = new AccuracyBenchmark.Plan(List.of(new int[] {p.integer("rows"), p.integer("cols")}),
                List.of(KernelType.parse(p.text("kernel"))), List.of(p.number("sparsity")), p.integer("inputs"),
                p.integer("calibration"), p.integer("search"), p.numbers("amplitudes"), p.template(), gMin, gMax,
                p.number("v-max"), WeightMapping.Kind.parse(p.text("mapping").toLowerCase(Locale.ROOT)), p.number("headroom"),
                seed);
        AccuracyBenchmark.Result r = AccuracyBenchmark.run(plan, step -> { });
        double[] out = new double[metrics().size()];
        int n = Method.values().length;
        for (AccuracyBenchmark.Row row : r.rows()) { // one per method, in Method order
            int k = row.method().ordinal();
            out[k] = row.summary().mean();
            out[n + k] = row.summary().worst();
            out[2 * n + k] = row.amplitude();
            out[3 * n + k] = row.clampedLow();
            out[4 * n + k] = row.clampedHigh();
            out[5 * n + k] = row.infeasible();
        }
        return out;
    }
}
