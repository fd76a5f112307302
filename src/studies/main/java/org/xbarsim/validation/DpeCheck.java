package org.xbarsim.validation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.mapping.Variation;
import org.xbarsim.netlist.NetlistException;
import org.xbarsim.netlist.SourceLocation;

/**
 * A statistical check of the array model against reads of a programmed 1T1R array: a binary
 * pattern in G_on / G_off, random binary input vectors and their complements at V_read, each
 * column's current over V_read against the ideal count of ON devices driven. The input vectors
 * were not kept, so the comparison is of per-column statistics: the slope, intercept and
 * residual of measured conductance against the ideal count. G_on and G_off come from the data
 * itself: a vector and its complement together drive every row once, so their two reads add up
 * to K_j G_on + (R - K_j) G_off for a column of K_j ON devices out of R rows driven, whatever the
 * vector was.
 */
public final class DpeCheck {
    private DpeCheck() {
    }

    /**
     * The measured reads.
     *
     * @param pattern  [row][column] 0 or 1, the programmed pattern
     * @param measured [read][column] column current over V_read (S); reads 0..P-1 random vectors,
     *                 P..2P-1 their complements
     * @param ideal    [read][column] the ideal count of ON devices driven
     */
    public record Reads(int[][] pattern, double[][] measured, double[][] ideal) {
        public int rows() {
            return pattern.length;
        }

        public int cols() {
            return pattern[0].length;
        }

        public int pairs() {
            return measured.length / 2;
        }

        /** ON devices of column j. */
        public int ones(int j) {
            int k = 0;
            for (int[] row : pattern) {
                k += row[j];
            }
            return k;
        }
    }

    /**
     * One column's statistics: measured (or simulated) conductance = slope * count + intercept.
     *
     * @param slope     S per ON device
     * @param intercept S
     * @param residual  standard deviation of the residuals (S)
     * @param r         correlation of the reads with the count
     */
    public record ColumnFit(double slope, double intercept, double residual, double r) {
    }

    /**
     * What the data says on its own. Under the model read = count (G_on - G_off) + n_on G_off + c
     * (n_on the rows driven, c a column offset of the periphery), a column's slope against the
     * count is G_on (the driven OFF rows are independent of the count), the pair sums across
     * columns rise by G_on - G_off per ON device, and their intercept is R G_off + 2 c.
     *
     * @param gOn          ON conductance: the mean column slope (S), with its standard error
     * @param gOnStd       see gOn
     * @param gOff         OFF conductance: G_on minus the pair sums' slope across columns (S)
     * @param gOffStd      see gOff
     * @param offset       the column offset c (S, as current over V_read)
     * @param pairMismatch largest |count(v) + count(1 - v) - K_j| over reads and columns: 0 when the
     *                     complement reading of the data is right
     * @param activeShare  the share of rows a random vector drives, from the counts
     * @param deviceSigma  device-to-device spread of G_on that the residuals leave after the
     *                     driven OFF rows' share: sqrt((median residual^2 - p (1 - p) (R - K) G_off^2)
     *                     / (p K)), K the mean ON devices per column (S)
     * @param columns      the measured per-column fits
     */
    public record DataStats(double gOn, double gOnStd, double gOff, double gOffStd, double offset, double pairMismatch,
                            double activeShare, double deviceSigma, List<ColumnFit> columns) {
    }

    /**
     * One simulation.
     *
     * @param rWire   wire segment resistance (Ohm)
     * @param gOn     the device G_on that gives the measured median column slope at this wire
     *                resistance (S)
     * @param columns per-column fits of the simulated reads
     * @param reads   the simulated reads
     * @param matched false when no G_on reached the measured slope (the IR drop caps it)
     */
    public record Simulated(double rWire, double gOn, List<ColumnFit> columns, SimulatedReads reads, boolean matched) {
    }

    /**
     * Simulated reads.
     *
     * @param conductance [read][column] column current over V_read plus the periphery's offset (S)
     * @param count       [read][column] the ideal count of ON devices driven
     */
    public record SimulatedReads(double[][] conductance, double[][] count) {
    }

    /**
     * A set of column fits in brief: the medians and range of the slope, the medians of intercept
     * and residual, the least linear column, and the slope's trend with the column's ON devices.
     */
    public record Summary(double slopeMedian, double slopeMin, double slopeMax, double interceptMedian,
                          double residualMedian, double lowestR, double trend, double trendStd) {
        public static Summary of(List<ColumnFit> c, Reads d) {
            double[] slope = c.stream().mapToDouble(ColumnFit::slope).toArray();
            SimpleRegression t = new SimpleRegression();
            for (int j = 0; j < slope.length; j++) {
                t.addData(d.ones(j), slope[j]);
            }
            return new Summary(median(slope), Arrays.stream(slope).min().orElseThrow(), Arrays.stream(slope).max().orElseThrow(),
                    median(c.stream().mapToDouble(ColumnFit::intercept).toArray()),
                    median(c.stream().mapToDouble(ColumnFit::residual).toArray()),
                    c.stream().mapToDouble(ColumnFit::r).min().orElseThrow(), t.getSlope(), t.getSlopeStdErr());
        }
    }

    /** Relative match of the simulated to the measured median slope at which {@link #matched} stops. */
    static final double SLOPE_MATCH = 1e-3;

    /**
     * The measurement simulated on {@code array} with G_on scaled until the median column slope is
     * the measured one (IR drop lowers the slope, so the data fixes G_on only together with the
     * wire resistance); G_off, the spread, the offset and the share of rows driven from {@code st}.
     */
    public static Simulated matched(Reads d, CrossbarArray array, DataStats st, double vRead, long seed) {
        double target = median(st.columns().stream().mapToDouble(ColumnFit::slope).toArray());
        double gOn = st.gOn();
        SimulatedReads y = null;
        List<ColumnFit> fits = null;
        boolean matched = false;
        for (int k = 0; k < 8; k++) {
            y = simulate(d, array, gOn, st.gOff(), st.deviceSigma(), st.offset(), st.activeShare(), vRead, seed);
            fits = columnFits(y.conductance(), y.count());
            double med = median(fits.stream().mapToDouble(ColumnFit::slope).toArray());
            if (Math.abs(med / target - 1) < SLOPE_MATCH) {
                matched = true;
                break;
            }
            gOn *= target / med;
        }
        return new Simulated(array.rWireRow(), gOn, fits, y, matched);
    }

    /**
     * Reads CMat.csv (rows x cols of 0/1), all_output.csv (reads x cols, S) and
     * all_SW_output.csv (reads x cols, counts) from {@code dir}.
     */
    public static Reads read(Path dir) throws IOException {
        MeasuredTable cm = MeasuredTable.numbers(dir.resolve("CMat.csv"));
        int cols = cm.columns().size();
        int rows = cm.columns().get(0).length;
        double[][] p = cm.matrix(rows, cols);
        int[][] pattern = new int[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (p[i][j] != 0 && p[i][j] != 1) {
                    throw new NetlistException(new SourceLocation(cm.file(), i + 1, 1), "expected 0 or 1 in row " + (i + 1)
                            + ", column " + (j + 1) + " of the pattern", String.valueOf(p[i][j]));
                }
                pattern[i][j] = (int) p[i][j];
            }
        }
        MeasuredTable out = MeasuredTable.numbers(dir.resolve("all_output.csv"));
        int reads = out.columns().get(0).length;
        if (reads % 2 != 0 || reads < 4) {
            throw new NetlistException(SourceLocation.startOf(out.file()), "expected an even number of reads (vectors, then "
                    + "their complements), found " + reads, null);
        }
        double[][] measured = out.matrix(reads, cols);
        double[][] ideal = MeasuredTable.numbers(dir.resolve("all_SW_output.csv")).matrix(reads, cols);
        return new Reads(pattern, measured, ideal);
    }

    /** Per-column least-squares lines of {@code y} against {@code count}. */
    public static List<ColumnFit> columnFits(double[][] y, double[][] count) {
        List<ColumnFit> out = new ArrayList<>();
        for (int j = 0; j < y[0].length; j++) {
            SimpleRegression r = new SimpleRegression();
            for (int k = 0; k < y.length; k++) {
                r.addData(count[k][j], y[k][j]);
            }
            out.add(new ColumnFit(r.getSlope(), r.getIntercept(), Math.sqrt(r.getSumSquaredErrors() / (y.length - 2)),
                    r.getR()));
        }
        return out;
    }

    /** The data's own statistics. */
    public static DataStats stats(Reads d) {
        int p = d.pairs();
        SimpleRegression pairs = new SimpleRegression();
        double mismatch = 0;
        double counted = 0;
        double possible = 0;
        for (int j = 0; j < d.cols(); j++) {
            int kj = d.ones(j);
            double sum = 0;
            for (int q = 0; q < p; q++) {
                sum += d.measured()[q][j] + d.measured()[q + p][j];
                mismatch = Math.max(mismatch, Math.abs(d.ideal()[q][j] + d.ideal()[q + p][j] - kj));
                counted += d.ideal()[q][j];
            }
            possible += (double) kj * p;
            pairs.addData(kj, sum / p);
        }
        List<ColumnFit> cols = columnFits(d.measured(), d.ideal());
        double[] slopes = cols.stream().mapToDouble(ColumnFit::slope).toArray();
        double gOn = new Mean().evaluate(slopes);
        double gOnStd = new StandardDeviation().evaluate(slopes) / Math.sqrt(slopes.length);
        double gOff = gOn - pairs.getSlope();
        double gOffStd = Math.hypot(gOnStd, pairs.getSlopeStdErr());
        double offset = (pairs.getIntercept() - d.rows() * gOff) / 2;
        double meanK = java.util.stream.IntStream.range(0, d.cols()).map(d::ones).average().orElseThrow();
        double share = counted / possible;
        double[] res2 = cols.stream().mapToDouble(c -> c.residual() * c.residual()).toArray();
        double left = median(res2) - share * (1 - share) * (d.rows() - meanK) * gOff * gOff;
        double sigma = Math.sqrt(Math.max(0, left) / (share * meanK));
        return new DataStats(gOn, gOnStd, gOff, gOffStd, offset, mismatch, share, sigma, cols);
    }

    /**
     * Simulates the measurement on an array: the pattern as G_on / G_off with a Gaussian
     * device-to-device spread, random binary vectors driving each row with probability
     * {@code share} at V_read and their complements, every column at virtual ground through
     * R_out.
     *
     * @param template the array's parameters (cell, law, wires, transistor); rows may exceed the
     *                 pattern's (extra rows are never driven and hold G_off)
     */
    public static SimulatedReads simulate(Reads d, CrossbarArray template, double gOn, double gOff, double sigma,
                                        double offset, double share, double vRead, long seed) {
        int rows = Math.max(template.rows(), d.rows());
        int cols = d.cols();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] g = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                boolean on = i < d.rows() && d.pattern()[i][j] == 1;
                g[i][j] = on ? Math.max(gOff, gOn + sigma * Variation.gaussian(rnd)) : gOff;
            }
        }
        CrossbarArray a = template.toBuilder(rows, cols).conductances(g).build();
        int p = d.pairs();
        double[][] v = new double[2 * p][rows];
        double[][] count = new double[2 * p][cols];
        for (int q = 0; q < p; q++) {
            for (int i = 0; i < d.rows(); i++) {
                boolean on = rnd.nextDouble() < share;
                v[q][i] = on ? vRead : 0;
                v[q + p][i] = on ? 0 : vRead;
                for (int j = 0; j < cols; j++) {
                    if (d.pattern()[i][j] == 1) {
                        count[on ? q : q + p][j] += 1;
                    }
                }
            }
        }
        double[][] currents = new ArraySimulator(a).solveAll(v, null);
        double[][] y = new double[2 * p][cols];
        for (int q = 0; q < 2 * p; q++) {
            for (int j = 0; j < cols; j++) {
                y[q][j] = currents[q][j] / vRead + offset;
            }
        }
        return new SimulatedReads(y, count);
    }

    /** Median of {@code x} (Commons Math: the mean of the middle two for an even count). */
    public static double median(double[] x) {
        return new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(x);
    }
}
