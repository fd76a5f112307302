package org.xbarsim.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.xbarsim.conversion.Conversion;
import org.xbarsim.conversion.ErrorMetrics;
import org.xbarsim.conversion.Mitigation;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.mapping.Variation;
import org.xbarsim.mapping.WeightMapping;

/**
 * Accuracy against array size (paper 002 sections 3.3 and 4.2, Figs. 11-18): random kernels of
 * three types mapped onto arrays, random non-negative inputs of three sparsities, and three ways
 * of programming the array: none (the linear mapping as it is), the original conversion (the
 * maximum input vector as conversion signal, no calibration) and the paper's method (the
 * conversion amplitude searched per array on sample inputs, then a first-order calibration per
 * column on 10 inputs drawn from the shuffled inputs). Every array is solved exactly by the
 * structured solver.
 */
public final class AccuracyBenchmark {
    /** Kernel weight distributions of paper 002 Fig. 10. */
    public enum KernelType {
        /** Weights ~ N(0, 1): training without constraints. */
        GAUSSIAN,
        /** Weights kept away from zero: sign * (0.5 + 0.5 |N(0, 1)|). */
        NONZERO,
        /** Ternary weights -1, 0, +1, each with probability 1/3. */
        TERNARY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type named {@code s} (gaussian, nonzero, ternary), with the choices in the error. */
        public static KernelType parse(String s) {
            for (KernelType t : values()) {
                if (t.label().equals(s.toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown kernel type '" + s + "' (gaussian, nonzero, ternary)");
        }
    }

    /** How the array is programmed. */
    public enum Method {
        NONE, ORIGINAL, MITIGATED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What to run.
     *
     * @param sizes        array sizes (rows = kernel inputs, columns = kernels)
     * @param kernels      kernel types
     * @param sparsities   fractions of zero inputs, each in [0, 1)
     * @param inputs       input vectors per configuration
     * @param calibration  calibration samples (paper: 10)
     * @param search       further samples on which the amplitude search judges each candidate
     * @param amplitudes   conversion-signal amplitudes tried (fractions of the largest input)
     * @param device       the array's parameters (cell, law, wires, transistor); its conductances are replaced
     * @param gMin         lowest programmable conductance (S)
     * @param gMax         highest programmable conductance (S)
     * @param vMax         input voltage of the largest input (V)
     * @param mapping      how signed weights become conductances
     * @param headroom     fraction of the conductance range kept above the mapped weights, so that
     *                     conversion can raise a device that stores the largest weight
     * @param seed         seed of every random draw
     * @param signal       what the paper's method calibrates on (paper 002 Fig. 12)
     */
    public record Plan(List<int[]> sizes, List<KernelType> kernels, List<Double> sparsities, int inputs, int calibration,
                       int search, double[] amplitudes, CrossbarArray device, double gMin, double gMax, double vMax,
                       WeightMapping.Kind mapping, double headroom, long seed, CalibrationSignal signal) {
        /** A plan calibrating on samples of the shuffled inputs, as the paper's method does. */
        public Plan(List<int[]> sizes, List<KernelType> kernels, List<Double> sparsities, int inputs, int calibration,
                    int search, double[] amplitudes, CrossbarArray device, double gMin, double gMax, double vMax,
                    WeightMapping.Kind mapping, double headroom, long seed) {
            this(sizes, kernels, sparsities, inputs, calibration, search, amplitudes, device, gMin, gMax, vMax, mapping,
                    headroom, seed, CalibrationSignal.SHUFFLED);
        }

        public Plan {
            java.util.Objects.requireNonNull(signal, "calibration signal");
            if (!(headroom >= 0 && headroom < 1)) {
                throw new IllegalArgumentException("headroom " + headroom + " is outside [0, 1)");
            }
            for (int[] s : sizes) {
                if (s[0] < 1 || s[1] < 1) {
                    throw new IllegalArgumentException("array size " + s[0] + "x" + s[1] + ": rows and columns must be at least 1");
                }
            }
            for (double p : sparsities) {
                if (!(p >= 0 && p < 1)) {
                    throw new IllegalArgumentException("sparsity " + p + " is outside [0, 1)");
                }
            }
            if (inputs < calibration + 1 || calibration < 2 || search < 1) {
                throw new IllegalArgumentException("need at least 2 calibration samples, 1 search sample and more inputs "
                        + "than calibration samples; got " + inputs + " inputs, " + calibration + " calibration, " + search
                        + " search");
            }
            org.xbarsim.conversion.Mitigation.checkAmplitudes(amplitudes);
        }
    }

    /**
     * The calibration signals of paper 002 Fig. 12: what the first-order fit of each column is
     * made on (and the amplitude search ranks by), the paper's method otherwise unchanged.
     */
    public enum CalibrationSignal {
        /** No calibration: the converted array's outputs as they are; the amplitude ranked by them. */
        NONE,
        /** Random vectors, every input uniform in the input range. */
        RANDOM,
        /** Random vectors decreasing with the sample: the k-th (from 1) uniform in 1/k of the range (rand/cali_iters). */
        DECREASING,
        /** Samples of the shuffled inputs themselves: the paper's method. */
        SHUFFLED;

        /** Parses none, random, decreasing or shuffled. */
        public static CalibrationSignal parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        /** The lower-case name the options take. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One configuration's result.
     *
     * @param amplitude the conversion amplitude used (NaN for none)
     * @param clampedLow  devices whose G' fell below G_min
     * @param clampedHigh devices whose G' rose above G_max
     * @param infeasible  devices no G' could serve
     */
    public record Row(int rows, int cols, KernelType kernel, double sparsity, Method method, double amplitude,
                      ErrorMetrics.Summary summary, int clampedLow, int clampedHigh, int infeasible) {
    }

    /** The amplitude search of one configuration: errors on the search samples, with and without calibration. */
    public record AmplitudePoint(int rows, int cols, KernelType kernel, double sparsity, double amplitude,
                                 ErrorMetrics.Summary calibrated, ErrorMetrics.Summary uncalibrated, int clamped) {
    }

    /** Ideal and actual outputs of one configuration and method, each divided by its kernel's output range. */
    public record Scatter(int rows, int cols, KernelType kernel, double sparsity, Method method, double[] ideal,
                          double[] actual) {
    }

    /** Where the paper's method clamped devices, per array size (gaussian kernel, first sparsity). */
    public record ClampMap(int rows, int cols, Conversion.Status[][] status) {
    }

    /** Everything a run produced. */
    public record Result(List<Row> rows, List<AmplitudePoint> amplitudes, List<Scatter> scatters, List<ClampMap> clampMaps) {
    }

    private AccuracyBenchmark() {
    }

    /** Configurations a plan runs (for a progress bar). */
    public static int configurations(Plan plan) {
        return plan.sizes().size() * plan.kernels().size() * plan.sparsities().size();
    }

    /** Runs the plan; {@code step} hears each finished configuration. */
    public static Result run(Plan plan, Consumer<String> step) {
        List<Row> rows = new ArrayList<>();
        List<AmplitudePoint> amps = new ArrayList<>();
        List<Scatter> scatters = new ArrayList<>();
        List<ClampMap> maps = new ArrayList<>();
        for (int[] size : plan.sizes()) {
            int m = size[0];
            int n = size[1];
            for (KernelType kt : plan.kernels()) {
                SplittableRandom rnd = new SplittableRandom(mix(plan.seed(), m, n, kt.ordinal()));
                double[][] a = kernel(kt, m, n, rnd);
                WeightMapping map = WeightMapping.of(plan.mapping(), a, plan.gMin(),
                        plan.gMin() + (1 - plan.headroom()) * (plan.gMax() - plan.gMin()), plan.vMax(), 1);
                CrossbarArray array = plan.device().toBuilder(m, map.arrayColumns()).conductances(map.conductances()).build();
                for (double p : plan.sparsities()) {
                    double[][] x = inputs(plan.inputs(), m, p, rnd);
                    double[][] ideal = Variation.product(x, a);
                    // the random calibration signals have a stream of their own: the kernel, inputs and samples are
                    // the same whatever the signal
                    SplittableRandom signal = new SplittableRandom(mix(plan.seed() ^ SIGNAL_STREAM, m, n, kt.ordinal())
                            + Double.hashCode(p));
                    Config c = new Config(plan, map, array, a, x, ideal, rnd, signal);
                    boolean first = p == plan.sparsities().get(0);
                    for (Method method : Method.values()) {
                        Outcome o = c.run(method, amps, m, n, kt, p);
                        rows.add(new Row(m, n, kt, p, method, o.amplitude, ErrorMetrics.summarize(
                                ErrorMetrics.outputErrors(o.y, ideal)), o.low, o.high, o.infeasible));
                        if (kt == KernelType.GAUSSIAN) {
                            scatters.add(scatter(m, n, kt, p, method, ideal, o.y));
                            if (method == Method.MITIGATED && first) {
                                maps.add(new ClampMap(m, n, o.status));
                            }
                        }
                    }
                    step.accept(String.format(Locale.ROOT, "%dx%d %s sparsity %.2f", m, n, kt.label(), p));
                }
            }
        }
        return new Result(rows, amps, scatters, maps);
    }

    /** Separates the random calibration signals' stream from the kernels' and inputs'. */
    private static final long SIGNAL_STREAM = 0x5DEECE66DL;

    private static long mix(long seed, int m, int n, int kernel) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = (h ^ m) * 0xBF58476D1CE4E5B9L;
        h = (h ^ n) * 0x94D049BB133111EBL;
        return h ^ kernel;
    }

    /** An m x n kernel matrix of type t. */
    static double[][] kernel(KernelType t, int m, int n, SplittableRandom rnd) {
        double[][] a = new double[m][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                switch (t) {
                    case GAUSSIAN:
                        row[j] = Variation.gaussian(rnd);
                        break;
                    case NONZERO:
                        row[j] = (rnd.nextBoolean() ? 1 : -1) * (0.5 + 0.5 * Math.abs(Variation.gaussian(rnd)));
                        break;
                    default:
                        row[j] = rnd.nextInt(3) - 1;
                }
            }
        }
        return a;
    }

    /** k input vectors of length m in [0, 1], each entry 0 with probability p (ReLU-like). */
    static double[][] inputs(int k, int m, double p, SplittableRandom rnd) {
        double[][] x = new double[k][m];
        for (double[] row : x) {
            for (int i = 0; i < m; i++) {
                row[i] = rnd.nextDouble() < p ? 0 : rnd.nextDouble();
            }
        }
        return x;
    }

    private static Scatter scatter(int m, int n, KernelType kt, double p, Method method, double[][] ideal, double[][] y) {
        double[] range = ErrorMetrics.ranges(ideal);
        double[] xi = new double[ideal.length * range.length];
        double[] ya = new double[xi.length];
        int c = 0;
        for (int k = 0; k < ideal.length; k++) {
            for (int j = 0; j < range.length; j++) {
                if (range[j] > 0) {
                    xi[c] = ideal[k][j] / range[j];
                    ya[c] = y[k][j] / range[j];
                    c++;
                }
            }
        }
        return new Scatter(m, n, kt, p, method, Arrays.copyOf(xi, c), Arrays.copyOf(ya, c));
    }

    /** A method's outputs and its conversion's evidence. */
    private record Outcome(double[][] y, double amplitude, int low, int high, int infeasible, Conversion.Status[][] status) {
    }

    /** One array and one input set, run by each method. */
    private static final class Config {
        final Plan plan;
        final WeightMapping map;
        final CrossbarArray array;
        final double[][] x;
        final double[][] ideal;
        final int[] calibration;
        final int[] search;
        /** The calibration inputs: drawn for RANDOM and DECREASING, else samples of the shuffled inputs; their ideal outputs. */
        final double[][] xCal;
        final double[][] idealCal;

        Config(Plan plan, WeightMapping map, CrossbarArray array, double[][] a, double[][] x, double[][] ideal,
               SplittableRandom rnd, SplittableRandom signal) {
            this.plan = plan;
            this.map = map;
            this.array = array;
            this.x = x;
            this.ideal = ideal;
            int[] order = Variation.shuffled(x.length, rnd); // the samples come from the front
            calibration = Arrays.copyOf(order, plan.calibration());
            search = Arrays.copyOfRange(order, plan.calibration(), Math.min(order.length, plan.calibration() + plan.search()));
            if (plan.signal() == CalibrationSignal.RANDOM || plan.signal() == CalibrationSignal.DECREASING) {
                xCal = new double[plan.calibration()][x[0].length];
                for (int k = 0; k < xCal.length; k++) {
                    double scale = plan.signal() == CalibrationSignal.DECREASING ? 1.0 / (k + 1) : 1;
                    for (int i = 0; i < xCal[k].length; i++) {
                        xCal[k][i] = scale * signal.nextDouble();
                    }
                }
                idealCal = Variation.product(xCal, a);
            } else {
                xCal = rows(x, calibration);
                idealCal = rows(ideal, calibration);
            }
        }

        /** Outputs Y of array {@code a} for all inputs. */
        double[][] outputs(CrossbarArray a) {
            return Mitigation.outputs(a, map, x);
        }

        Outcome run(Method method, List<AmplitudePoint> amps, int m, int n, KernelType kt, double p) {
            switch (method) {
                case NONE:
                    return new Outcome(outputs(array), Double.NaN, 0, 0, 0, null);
                case ORIGINAL: {
                    Conversion.Result r = Mitigation.convert(array, 1, plan.vMax(), plan.gMin(), plan.gMax());
                    return outcome(outputs(r.array()), 1, r);
                }
                default: {
                    Mitigation.Programmed prog = Mitigation.program(array, map, plan.vMax(), plan.gMin(), plan.gMax(),
                            plan.amplitudes(), xCal, idealCal, rows(x, search), rows(ideal, search));
                    Mitigation.Candidate bestRaw = null;
                    for (Mitigation.Candidate c : prog.candidates()) {
                        amps.add(new AmplitudePoint(m, n, kt, p, c.amplitude(), c.calibrated(), c.uncalibrated(), c.clamped()));
                        if (bestRaw == null || c.uncalibrated().mean() < bestRaw.uncalibrated().mean()) {
                            bestRaw = c;
                        }
                    }
                    if (plan.signal() == CalibrationSignal.NONE) {
                        // no calibration: the amplitude whose converted array is best as it is
                        Conversion.Result r = Mitigation.convert(array, map, bestRaw.amplitude(), plan.vMax(), plan.gMin(),
                                plan.gMax());
                        return outcome(outputs(r.array()), bestRaw.amplitude(), r);
                    }
                    double[][] y = outputs(prog.array());
                    for (int k = 0; k < y.length; k++) {
                        y[k] = prog.calibration().apply(y[k]);
                    }
                    return outcome(y, prog.amplitude(), prog.conversion());
                }
            }
        }

        private static Outcome outcome(double[][] y, double amplitude, Conversion.Result r) {
            return new Outcome(y, amplitude, r.count(Conversion.Status.CLAMPED_LOW), r.count(Conversion.Status.CLAMPED_HIGH),
                    r.count(Conversion.Status.INFEASIBLE), r.status());
        }

        private static double[][] rows(double[][] y, int[] which) {
            double[][] out = new double[which.length][];
            for (int k = 0; k < which.length; k++) {
                out[k] = y[which[k]];
            }
            return out;
        }
    }
}
