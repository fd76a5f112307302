package org.xbarsim.conversion;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Per-output first-order calibration (paper 002 section 3.3.3, Algorithm 1 GetCaliPara): for
 * each output j, ideal ≈ gain_j * actual + offset_j, fitted by least squares on sample outputs
 * (Commons Math {@link SimpleRegression}). An output whose samples are all equal gets gain 1 and
 * the mean difference as its offset.
 *
 * @param gain   per output
 * @param offset per output, in the outputs' units
 */
public record Calibration(double[] gain, double[] offset) {

    /** The calibration that changes nothing, for n outputs. */
    public static Calibration identity(int n) {
        double[] one = new double[n];
        java.util.Arrays.fill(one, 1);
        return new Calibration(one, new double[n]);
    }

    /** Fits each output's line from {@code actual} to {@code ideal}, both [sample][output]. */
    public static Calibration fit(double[][] actual, double[][] ideal) {
        if (actual.length == 0 || actual.length != ideal.length) {
            throw new IllegalArgumentException("calibration needs as many ideal as actual samples, at least one; got "
                    + actual.length + " and " + ideal.length);
        }
        int n = actual[0].length;
        double[] gain = new double[n];
        double[] offset = new double[n];
        for (int j = 0; j < n; j++) {
            SimpleRegression r = new SimpleRegression(true);
            double meanDiff = 0;
            for (int k = 0; k < actual.length; k++) {
                r.addData(actual[k][j], ideal[k][j]);
                meanDiff += ideal[k][j] - actual[k][j];
            }
            double slope = r.getSlope();
            if (actual.length >= 2 && Double.isFinite(slope)) {
                gain[j] = slope;
                offset[j] = r.getIntercept();
            } else {
                gain[j] = 1;
                offset[j] = meanDiff / actual.length;
            }
        }
        return new Calibration(gain, offset);
    }

    /** The calibrated outputs of {@code y}. */
    public double[] apply(double[] y) {
        double[] out = new double[y.length];
        for (int j = 0; j < y.length; j++) {
            out[j] = gain[j] * y[j] + offset[j];
        }
        return out;
    }
}
