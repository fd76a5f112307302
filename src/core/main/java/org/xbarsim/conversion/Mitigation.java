package org.xbarsim.conversion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.mapping.WeightMapping;

/**
 * The mitigation of paper 002 (Algorithm 1, section 3.3) for one array: conversion G -> G' with
 * the conversion-signal amplitude searched among candidates, each judged after a first-order
 * calibration on the calibration samples by its error on the search samples (or, without
 * search samples, on the calibration samples themselves); the best one is programmed and its
 * calibration kept.
 */
public final class Mitigation {
    private Mitigation() {
    }

    /** One candidate amplitude's errors: calibrated and not, and how many devices it clamped. */
    public record Candidate(double amplitude, ErrorMetrics.Summary calibrated, ErrorMetrics.Summary uncalibrated,
                            int clamped) {
    }

    /**
     * Checks conversion amplitudes (fractions of the largest input), the one check of the
     * {@code --amplitudes} option of every command.
     *
     * @throws IllegalArgumentException naming the value outside (0, 1]
     */
    public static void checkAmplitudes(double[] amplitudes) {
        if (amplitudes.length == 0) {
            throw new IllegalArgumentException("--amplitudes: at least one conversion amplitude");
        }
        for (double a : amplitudes) {
            if (!(a > 0 && a <= 1)) {
                throw new IllegalArgumentException("--amplitudes: conversion amplitude " + a + " is outside (0, 1]");
            }
        }
    }

    /**
     * The programmed array.
     *
     * @param conversion  the conversion at the chosen amplitude (its array is the one to use)
     * @param amplitude   the chosen amplitude (fraction of V_max)
     * @param calibration per-output calibration fitted on the calibration samples
     * @param candidates  every amplitude tried
     */
    public record Programmed(Conversion.Result conversion, double amplitude, Calibration calibration,
                             List<Candidate> candidates) {
        public CrossbarArray array() {
            return conversion.array();
        }
    }

    /** Outputs Y of array {@code a} for inputs x [vector][input], solved exactly (two cores). */
    public static double[][] outputs(CrossbarArray a, WeightMapping map, double[][] x) {
        double[][] v = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            v[k] = map.voltages(x[k]);
        }
        double[][] currents = new ArraySimulator(a).solveAll(v, null);
        double[][] y = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            y[k] = map.outputs(x[k], currents[k]);
        }
        return y;
    }

    /** Conversion of {@code mapped} with every row at {@code amplitude * vMax}. */
    public static Conversion.Result convert(CrossbarArray mapped, double amplitude, double vMax, double gMin, double gMax) {
        double[] v = new double[mapped.rows()];
        Arrays.fill(v, amplitude * vMax);
        return Conversion.convert(mapped, v, gMin, gMax);
    }

    /** As {@link #convert(CrossbarArray, double, double, double, double)} with every row at map's drive of {@code amplitude * vMax}. */
    public static Conversion.Result convert(CrossbarArray mapped, WeightMapping map, double amplitude, double vMax, double gMin,
                                     double gMax) {
        double[] v = new double[mapped.rows()];
        Arrays.fill(v, map.drive(amplitude * vMax));
        return Conversion.convert(mapped, v, gMin, gMax);
    }

    /**
     * Runs the method on {@code mapped} (the array with the mapped conductances).
     *
     * @param amplitudes  candidate amplitudes (fractions of vMax)
     * @param xCal        calibration inputs; {@code idealCal} their ideal outputs
     * @param xSearch     search inputs (may be empty); {@code idealSearch} their ideal outputs
     */
    public static Programmed program(CrossbarArray mapped, WeightMapping map, double vMax, double gMin, double gMax,
                                     double[] amplitudes, double[][] xCal, double[][] idealCal, double[][] xSearch,
                                     double[][] idealSearch) {
        if (amplitudes.length == 0) {
            throw new IllegalArgumentException("no conversion amplitude to try");
        }
        boolean judgeOnCal = xSearch.length == 0;
        double[][] both = concat(xCal, xSearch);
        double[][] idealJudge = judgeOnCal ? idealCal : idealSearch;
        List<Candidate> candidates = new ArrayList<>();
        Programmed best = null;
        double bestError = Double.POSITIVE_INFINITY;
        for (double amp : amplitudes) {
            Conversion.Result r = convert(mapped, map, amp, vMax, gMin, gMax);
            double[][] y = outputs(r.array(), map, both);
            double[][] yCal = Arrays.copyOf(y, xCal.length);
            double[][] yJudge = judgeOnCal ? yCal : Arrays.copyOfRange(y, xCal.length, y.length);
            Calibration cal = Calibration.fit(yCal, idealCal);
            double[][] fixed = new double[yJudge.length][];
            for (int k = 0; k < fixed.length; k++) {
                fixed[k] = cal.apply(yJudge[k]);
            }
            ErrorMetrics.Summary calibrated = judge(fixed, idealJudge);
            ErrorMetrics.Summary raw = judge(yJudge, idealJudge);
            candidates.add(new Candidate(amp, calibrated, raw, mapped.rows() * mapped.cols() - r.count(Conversion.Status.OK)));
            if (calibrated.mean() < bestError) {
                bestError = calibrated.mean();
                best = new Programmed(r, amp, cal, null);
            }
        }
        return new Programmed(best.conversion(), best.amplitude(), best.calibration(), List.copyOf(candidates));
    }

    /**
     * The errors the amplitudes are ranked by: relative to each output's range; where no judged
     * output varies (a tile whose sampled inputs are all zero, as the border pixels of a digit),
     * the absolute errors, which still rank the candidates.
     */
    private static ErrorMetrics.Summary judge(double[][] actual, double[][] ideal) {
        double[][] e = ErrorMetrics.outputErrors(actual, ideal);
        boolean any = false;
        for (double[] row : e) {
            for (double x : row) {
                any |= !Double.isNaN(x);
            }
        }
        if (!any) {
            e = new double[actual.length][];
            for (int k = 0; k < e.length; k++) {
                e[k] = new double[actual[k].length];
                for (int j = 0; j < e[k].length; j++) {
                    e[k][j] = actual[k][j] - ideal[k][j];
                }
            }
        }
        return ErrorMetrics.summarize(e);
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
