package org.xbarsim.conversion;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * The accuracy measures of paper 002 section 3.3.2: output error = (actual - ideal) / output
 * range, the range being that of the ideal outputs of the same kernel (column) over the inputs;
 * relative error = |output error|; bit accuracy = log2(1 / relative error + 1).
 */
public final class ErrorMetrics {
    /** The message when every output is constant, so no error can be scaled. */
    public static final String NO_RANGE = "no output with a range to measure errors against";

    private ErrorMetrics() {
    }

    /**
     * Summary of relative errors over every output of every input.
     *
     * @param mean      mean relative error
     * @param worst     largest relative error
     * @param p50       median
     * @param p90       90th percentile
     * @param p99       99th percentile
     * @param meanBits  bit accuracy of the mean relative error
     * @param worstBits bit accuracy of the worst relative error
     * @param count     outputs counted (kernels whose ideal outputs do not vary have no range and are left out)
     */
    public record Summary(double mean, double worst, double p50, double p90, double p99, double meanBits, double worstBits,
                          int count) {
    }

    /**
     * Output errors [input][output] of {@code actual} against {@code ideal}; NaN for a kernel whose
     * ideal outputs are all equal (no range).
     */
    public static double[][] outputErrors(double[][] actual, double[][] ideal) {
        double[] range = ranges(ideal);
        double[][] e = new double[ideal.length][range.length];
        for (int s = 0; s < ideal.length; s++) {
            for (int j = 0; j < range.length; j++) {
                e[s][j] = range[j] > 0 ? (actual[s][j] - ideal[s][j]) / range[j] : Double.NaN;
            }
        }
        return e;
    }

    /** Each output's range (largest minus smallest) over the ideal outputs [input][output]. */
    public static double[] ranges(double[][] ideal) {
        int n = ideal[0].length;
        double[] range = new double[n];
        for (int j = 0; j < n; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] row : ideal) {
                lo = Math.min(lo, row[j]);
                hi = Math.max(hi, row[j]);
            }
            range[j] = hi - lo;
        }
        return range;
    }

    /** Bit accuracy of a relative error. */
    public static double bits(double relativeError) {
        return Math.log(1 / relativeError + 1) / Math.log(2);
    }

    /** Summarizes the relative errors |e| of output errors {@code e}, NaNs left out. */
    public static Summary summarize(double[][] e) {
        DescriptiveStatistics d = new DescriptiveStatistics();
        for (double[] row : e) {
            for (double x : row) {
                if (!Double.isNaN(x)) {
                    d.addValue(Math.abs(x));
                }
            }
        }
        if (d.getN() == 0) {
            throw new IllegalArgumentException(NO_RANGE);
        }
        double mean = d.getMean();
        double worst = d.getMax();
        return new Summary(mean, worst, d.getPercentile(50), d.getPercentile(90), d.getPercentile(99), bits(mean), bits(worst),
                (int) d.getN());
    }
}
