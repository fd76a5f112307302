package org.xbarsim.validation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.math3.util.MathArrays;
import org.xbarsim.mapping.MeasuredVariation;
import org.xbarsim.netlist.NetlistException;
import org.xbarsim.netlist.SourceLocation;

/**
 * Programming-error and read-noise models ({@link MeasuredVariation}) built from measured
 * devices, and the check that sampling from them reproduces the measured spread at every target:
 * in sample, and leaving each target out of the model (so its spread comes from the neighbours'
 * interpolation).
 */
public final class VariationFit {
    private VariationFit() {
    }

    /**
     * Conductances measured at each target (S).
     *
     * @param targetsS the targets, increasing (S)
     * @param values   values[k] the conductances measured at target k (S)
     */
    public record Measured(double[] targetsS, double[][] values) {
    }

    /**
     * How well draws from a model reproduce one target's measured values.
     *
     * @param targetS       the target (S)
     * @param count         measured values
     * @param measuredStdS  their standard deviation (S)
     * @param modelStdS     the standard deviation of the model's distribution (S)
     * @param lowRatio      the 99 % confidence interval of the true spread over the measured one,
     *                      from the chi-square law of a sample variance with count - 1 degrees of
     *                      freedom: a model spread between lowRatio and highRatio times the measured
     *                      one agrees with it
     * @param highRatio     see lowRatio
     * @param ksP           two-sample Kolmogorov-Smirnov p-value, measured values against the model's draws
     */
    public record Check(double targetS, int count, double measuredStdS, double modelStdS, double lowRatio,
                        double highRatio, double ksP) {
        /** True when the model's spread is inside the measured spread's 99 % interval. */
        public boolean spreadAgrees() {
            double r = modelStdS / measuredStdS;
            return r >= lowRatio && r <= highRatio;
        }
    }

    /**
     * The model and its checks.
     *
     * @param model          the model from every target
     * @param program        programming checks, in sample
     * @param programLoo     programming checks, each target left out of its model
     * @param read           read-noise checks, in sample
     * @param readLoo        read-noise checks, each target left out
     * @param tableSigmaS    the spread per target the data's own summary file states, or null (S)
     */
    public record Result(MeasuredVariation model, List<Check> program, List<Check> programLoo, List<Check> read,
                         List<Check> readLoo, double[] tableSigmaS) {
    }

    /** Write-verify results: one column {@code Target_XuS} per target, the achieved conductances in uS. */
    public static Measured readProgramming(Path file) throws IOException {
        MeasuredTable t = MeasuredTable.withHeader(file);
        TreeMap<Double, double[]> byTarget = new TreeMap<>();
        for (int c = 0; c < t.header().size(); c++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)Target_([0-9.]+)uS").matcher(t.header().get(c));
            if (!m.matches()) {
                throw new NetlistException(new SourceLocation(file, 1, 1), "expected column names Target_XuS (X the target "
                        + "in uS)", t.header().get(c));
            }
            byTarget.put(Double.parseDouble(m.group(1)) * 1e-6, MathArrays.scale(1e-6, t.columns().get(c)));
        }
        return measured(byTarget, file, 2);
    }

    /** Repeated reads: columns Read_Cycle, Target_Value_uS, Measured_Conductance_uS. */
    public static Measured readReads(Path file) throws IOException {
        MeasuredTable t = MeasuredTable.withHeader(file);
        double[] target = t.column("Target_Value_uS");
        double[] g = t.column("Measured_Conductance_uS");
        if (target.length != g.length) {
            throw new NetlistException(SourceLocation.startOf(file), "expected as many targets as conductances, found "
                    + target.length + " and " + g.length, null);
        }
        TreeMap<Double, List<Double>> byTarget = new TreeMap<>();
        for (int k = 0; k < g.length; k++) {
            byTarget.computeIfAbsent(target[k] * 1e-6, x -> new ArrayList<>()).add(g[k] * 1e-6);
        }
        TreeMap<Double, double[]> out = new TreeMap<>();
        byTarget.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return measured(out, file, 3);
    }

    /** The per-target spread a summary file states: columns Target_uS, Std_Variation_uS (S). */
    public static double[] readStatedSpread(Path file, double[] targetsS) throws IOException {
        MeasuredTable t = MeasuredTable.withHeader(file);
        double[] target = t.column("Target_uS");
        double[] std = t.column("Std_Variation_uS");
        double[] out = new double[targetsS.length];
        Arrays.fill(out, Double.NaN);
        for (int k = 0; k < Math.min(target.length, std.length); k++) {
            for (int q = 0; q < targetsS.length; q++) {
                if (Math.abs(target[k] * 1e-6 - targetsS[q]) < 1e-9) {
                    out[q] = std[k] * 1e-6;
                }
            }
        }
        return out;
    }

    private static Measured measured(TreeMap<Double, double[]> byTarget, Path file, int minCount) {
        for (var e : byTarget.entrySet()) {
            // a conductance is positive; a target or value at or below zero is a unit or sign error in the file
            if (!(e.getKey() > 0)) {
                throw new NetlistException(SourceLocation.startOf(file), "target " + e.getKey() * 1e6
                        + " uS: conductance targets must be positive", null);
            }
            for (double g : e.getValue()) {
                if (!(g > 0)) {
                    throw new NetlistException(SourceLocation.startOf(file), "conductance " + g * 1e6 + " uS at target "
                            + e.getKey() * 1e6 + " uS: measured conductances must be positive", null);
                }
            }
            if (e.getValue().length < minCount) {
                throw new NetlistException(SourceLocation.startOf(file), "expected at least " + minCount + " values at target "
                        + e.getKey() * 1e6 + " uS, found " + e.getValue().length, null);
            }
        }
        if (byTarget.isEmpty()) {
            throw new NetlistException(SourceLocation.startOf(file), "expected values for at least one target", null);
        }
        double[] t = byTarget.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        return new Measured(t, byTarget.values().toArray(new double[0][]));
    }

    /** Spread statistics of one target's values: offset from the target, standard deviation, standardized values. */
    private record Spread(double offset, double std, double[] z) {
        static Spread of(double target, double[] v) {
            double mean = new Mean().evaluate(v);
            double std = new StandardDeviation().evaluate(v);
            // scaled to unit RMS (population spread), so that sigma z has the measured spread
            double pop = std * Math.sqrt((v.length - 1.0) / v.length);
            double[] z = new double[v.length];
            for (int k = 0; k < v.length; k++) {
                z[k] = pop > 0 ? (v[k] - mean) / pop : 0;
            }
            return new Spread(mean - target, std, z);
        }
    }

    /**
     * Per-level statistics of one data set: the levels, offsets and spreads, and every
     * standardized deviation pooled.
     */
    private record Levels(double[] at, double[] offset, double[] sigma, double[] z) {
        /**
         * Target k of {@code m} left out when {@code skip} is k; each level placed at its target
         * or, {@code atMean}, at the mean of its values (the level a device was actually read at).
         */
        static Levels of(Measured m, int skip, boolean atMean) {
            List<double[]> rows = new ArrayList<>();
            List<Double> z = new ArrayList<>();
            for (int k = 0; k < m.targetsS().length; k++) {
                if (k == skip) {
                    continue;
                }
                Spread s = Spread.of(m.targetsS()[k], m.values()[k]);
                rows.add(new double[] {m.targetsS()[k] + (atMean ? s.offset() : 0), s.offset(), s.std()});
                for (double v : s.z()) {
                    z.add(v);
                }
            }
            return new Levels(rows.stream().mapToDouble(r -> r[0]).toArray(), rows.stream().mapToDouble(r -> r[1]).toArray(),
                    rows.stream().mapToDouble(r -> r[2]).toArray(), z.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /**
     * The model from programming results and repeated reads, leaving out target {@code skipProgram}
     * of the first and {@code skipRead} of the second (-1: none). The read spreads belong to the
     * levels read (each device's mean), not to the nominal targets, so the model's grid joins both.
     */
    static MeasuredVariation model(Measured program, Measured reads, String source, int skipProgram, int skipRead) {
        Levels p = Levels.of(program, skipProgram, false);
        Levels r = Levels.of(reads, skipRead, true);
        double[] grid = java.util.stream.DoubleStream.concat(Arrays.stream(p.at()), Arrays.stream(r.at())).sorted().distinct()
                .toArray();
        double[] offset = Arrays.stream(grid).map(g -> MeasuredVariation.interpolate(p.at(), p.offset(), g)).toArray();
        double[] sigma = Arrays.stream(grid).map(g -> MeasuredVariation.interpolate(p.at(), p.sigma(), g)).toArray();
        double[] read = Arrays.stream(grid).map(g -> MeasuredVariation.interpolate(r.at(), r.sigma(), g)).toArray();
        return new MeasuredVariation(source, grid, offset, sigma, p.z(), read, r.z());
    }

    /**
     * Builds the model and checks it.
     *
     * @param draws draws per target for each check
     * @param seed  seed of the draws
     */
    public static Result fit(Measured program, Measured reads, double[] stated, String source, int draws, long seed) {
        MeasuredVariation model = model(program, reads, source, -1, -1);
        List<Check> p = new ArrayList<>();
        List<Check> pLoo = new ArrayList<>();
        checks(program, true, model, k -> model(program, reads, source, k, -1), draws, seed, p, pLoo);
        List<Check> r = new ArrayList<>();
        List<Check> rLoo = new ArrayList<>();
        checks(reads, false, model, k -> model(program, reads, source, -1, k), draws, seed + 100, r, rLoo);
        return new Result(model, p, pLoo, r, rLoo, stated);
    }

    /**
     * Checks at every level of {@code data} against {@code model} (into {@code in}), and at each
     * inner level against the model without it (into {@code out}).
     */
    private static void checks(Measured data, boolean programming, MeasuredVariation model,
                               java.util.function.IntFunction<MeasuredVariation> without, int draws, long seed,
                               List<Check> in, List<Check> out) {
        int n = data.targetsS().length;
        for (int k = 0; k < n; k++) {
            in.add(check(model, data.targetsS()[k], data.values()[k], programming, draws, seed + k));
            if (k > 0 && k < n - 1) {
                out.add(check(without.apply(k), data.targetsS()[k], data.values()[k], programming, draws, seed + k));
            }
        }
    }

    private static Check check(MeasuredVariation m, double target, double[] measured, boolean programming, int draws,
                               long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] sample = new double[draws];
        // a read spread is about one device's level: draws centre on the measured mean
        double centre = programming ? target : new Mean().evaluate(measured);
        for (int k = 0; k < draws; k++) {
            sample[k] = programming ? m.program(target, 0, Double.MAX_VALUE, rnd) : m.read(centre, rnd);
        }
        int n = measured.length;
        double std = new StandardDeviation().evaluate(measured);
        ChiSquaredDistribution chi = new ChiSquaredDistribution(n - 1);
        // sigma_true / s lies in [sqrt((n-1)/chi2_hi), sqrt((n-1)/chi2_lo)] with 99 % confidence
        double lo = Math.sqrt((n - 1) / chi.inverseCumulativeProbability(0.995));
        double hi = Math.sqrt((n - 1) / chi.inverseCumulativeProbability(0.005));
        double ks = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(measured, sample);
        // the model's spread exactly: sigma(G) times the RMS of the pooled standardized deviations
        double[] z = programming ? m.programZ() : m.readZ();
        double ms = 0;
        for (double v : z) {
            ms += v * v;
        }
        double sigma = programming ? m.programSigma(target) : m.readSigma(centre);
        return new Check(target, n, std, sigma * Math.sqrt(ms / z.length), lo, hi, ks);
    }
}
