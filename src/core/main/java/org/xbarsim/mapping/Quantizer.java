package org.xbarsim.mapping;

import java.util.Arrays;

/**
 * A weight quantizer Theta = {q, e} (paper 003 section 2.1): v levels q_1 < ... < q_v and the
 * v - 1 edges e between them; a value in (e_(a-1), e_a] becomes q_a. Three ways to choose it from
 * the weights of a layer (or of a whole network): uniform bins with their centres (paper 001
 * section V), a logarithmic set of magnitudes, and Lloyd's quantizer, which minimises the mean
 * squared error over the data (paper 003 section 3.1).
 *
 * @param levels the levels, ascending
 * @param edges  the edges between consecutive levels, ascending (one fewer than the levels)
 */
public record Quantizer(double[] levels, double[] edges) {
    /** The ways of choosing a quantizer, by the names users write. */
    public enum Kind {
        UNIFORM, LOG, LLOYD, TRUNCATE;

        /** The names users write, in the order of the constants. */
        public static final java.util.List<String> NAMES = java.util.List.of("uniform", "log", "lloyd", "truncate");

        /** uniform, log, lloyd or truncate; anything else is named with the choices. */
        public static Kind parse(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "uniform" -> UNIFORM;
                case "log" -> LOG;
                case "lloyd" -> LLOYD;
                case "truncate" -> TRUNCATE;
                default -> throw new IllegalArgumentException("quantizer '" + name + "': one of " + NAMES);
            };
        }
    }

    /** Relative change of the mean squared error at which Lloyd's iteration stops. */
    public static final double LLOYD_TOL = 1e-9;
    /** Lloyd iterations at most. */
    public static final int LLOYD_MAX_ITER = 1000;

    public Quantizer {
        if (levels.length < 1 || edges.length != levels.length - 1) {
            throw new IllegalArgumentException(levels.length + " levels and " + edges.length + " edges: need v >= 1 levels and v - 1 edges");
        }
        for (int k = 1; k < levels.length; k++) {
            if (!(levels[k] > levels[k - 1]) || !(edges[k - 1] >= levels[k - 1] && edges[k - 1] <= levels[k])) {
                throw new IllegalArgumentException("levels must ascend with each edge between its two levels: " + Arrays.toString(levels)
                        + ", edges " + Arrays.toString(edges));
            }
        }
        levels = levels.clone();
        edges = edges.clone();
    }

    /** The quantizer of {@code kind} with {@code n} levels for {@code data}. */
    public static Quantizer of(Kind kind, double[] data, int n) {
        if (kind == Kind.TRUNCATE && (n < 4 || Integer.bitCount(n) != 1)) {
            throw new IllegalArgumentException("levels " + n + ": the truncate quantizer takes 2^b levels for b bits (4, 8, 16, ...)");
        }
        return switch (kind) {
            case UNIFORM -> uniform(data, n);
            case LOG -> logarithmic(data, n);
            case LLOYD -> lloyd(data, n);
            case TRUNCATE -> truncated(data, Integer.numberOfTrailingZeros(n));
        };
    }

    /**
     * n equal-width bins over [min, max] of the data, each value replaced by its bin's centre
     * (paper 001 section V, Table 1).
     */
    public static Quantizer uniform(double[] data, int n) {
        double[] r = range(data, n);
        double w = (r[1] - r[0]) / n;
        double[] q = new double[n];
        double[] e = new double[n - 1];
        for (int k = 0; k < n; k++) {
            q[k] = r[0] + (k + 0.5) * w;
            if (k > 0) {
                e[k - 1] = r[0] + k * w;
            }
        }
        return n == 1 || w == 0 ? single(r) : new Quantizer(q, e);
    }

    /**
     * Paper 000's post-training truncation to b bits ("only the first b bits of the original
     * value"): the sign and b - 1 bits of |w| / max|w|, the rest cut off; the levels k m / 2^(b-1),
     * |k| &lt; 2^(b-1), m = max|w|, each value to the level next to it towards 0 (the largest
     * magnitudes to the top level). With {@link #of}, n = 2^b levels are asked for (4, 8, 16: 2, 3
     * and 4 bits); 2^b - 1 are used.
     */
    public static Quantizer truncated(double[] data, int bits) {
        double[] r = range(data, 1);
        if (bits < 2 || bits > 20) {
            throw new IllegalArgumentException("truncation to " + bits + " bits: from 2 to 20 (levels 4 to 2^20, powers of two)");
        }
        double m = Math.max(Math.abs(r[0]), Math.abs(r[1]));
        int top = (1 << (bits - 1)) - 1;
        if (m == 0) {
            return single(new double[] {0, 0});
        }
        double step = m / (1 << (bits - 1));
        double[] q = new double[2 * top + 1];
        double[] e = new double[2 * top];
        for (int k = -top; k <= top; k++) {
            q[k + top] = k * step;
        }
        for (int a = 0; a < e.length; a++) {
            // between k step and (k + 1) step (k = a - top): towards 0 on either side
            // (a value exactly on a level stays there: the positive edges just below their level)
            int k = a - top;
            e[a] = k < 0 ? k * step : Math.nextDown((k + 1) * step);
        }
        return new Quantizer(q, e);
    }

    /**
     * Signed powers of two of the largest magnitude m (INQ's non-uniform set, paper 003 Fig. 2b):
     * +-m, +-m/2, +-m/4, ... (n/2 of each sign), and 0 as well when n is odd; each value to its
     * nearest level.
     */
    public static Quantizer logarithmic(double[] data, int n) {
        double[] r = range(data, n);
        double m = Math.max(Math.abs(r[0]), Math.abs(r[1]));
        if (n == 1 || m == 0) {
            return single(new double[] {0, 0});
        }
        int half = n / 2;
        double[] q = new double[n];
        for (int k = 0; k < half; k++) {
            double mag = m * Math.pow(2, -k);
            q[half - 1 - k] = -mag;
            q[n - half + k] = mag;
        }
        if (n % 2 == 1) {
            q[half] = 0;
        }
        return nearest(q);
    }

    /**
     * Lloyd's quantizer (paper 003 section 3.1; Lloyd 1982): from the uniform levels, edges at the
     * midpoints of the levels and levels at the means of their cells, in turn, until the mean
     * squared error changes by less than {@link #LLOYD_TOL} relative. A cell that empties keeps
     * its level.
     */
    public static Quantizer lloyd(double[] data, int n) {
        double[] x = data.clone();
        Arrays.sort(x);
        Quantizer cur = uniform(x, n);
        if (cur.levels.length == 1) {
            return single(new double[] {mean(x, 0, x.length), mean(x, 0, x.length)});
        }
        double err = cur.mse(x);
        for (int it = 0; it < LLOYD_MAX_ITER; it++) {
            double[] q = cur.levels.clone();
            double[] e = cur.edges;
            int from = 0;
            for (int k = 0; k < n; k++) {
                int to = k == n - 1 ? x.length : upper(x, e[k]); // x[from..to) lie in cell k
                if (to > from) {
                    q[k] = mean(x, from, to);
                }
                from = to;
            }
            Quantizer next = nearest(q);
            double nextErr = next.mse(x);
            boolean done = Math.abs(err - nextErr) <= LLOYD_TOL * Math.max(err, Double.MIN_NORMAL);
            cur = next;
            err = nextErr;
            if (done) {
                break;
            }
        }
        return cur;
    }

    /** The level of x. */
    public double apply(double x) {
        int lo = 0;
        int hi = edges.length; // the first edge >= x, or edges.length
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return levels[lo];
    }

    /** Every value of w quantized, [row][column]. */
    public double[][] apply(double[][] w) {
        double[][] out = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            out[i] = new double[w[i].length];
            for (int j = 0; j < w[i].length; j++) {
                out[i][j] = apply(w[i][j]);
            }
        }
        return out;
    }

    /** The mean squared quantization error over the data (its distortion E, paper 003 eq. 4). */
    public double mse(double[] data) {
        double s = 0;
        for (double v : data) {
            double d = apply(v) - v;
            s += d * d;
        }
        return s / data.length;
    }

    /** Levels with the edges at their midpoints: each value to its nearest level. */
    private static Quantizer nearest(double[] q) {
        double[] sorted = Arrays.stream(q).sorted().distinct().toArray();
        double[] e = new double[sorted.length - 1];
        for (int k = 0; k < e.length; k++) {
            e[k] = 0.5 * (sorted[k] + sorted[k + 1]);
        }
        return new Quantizer(sorted, e);
    }

    private static Quantizer single(double[] r) {
        return new Quantizer(new double[] {0.5 * (r[0] + r[1])}, new double[0]);
    }

    private static double[] range(double[] data, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("levels " + n + ": at least 1");
        }
        if (data.length == 0) {
            throw new IllegalArgumentException("no data to quantize");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : data) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("a value to quantize is " + v);
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new double[] {lo, hi};
    }

    /** The first index of sorted x whose value is above e. */
    private static int upper(double[] x, double e) {
        int lo = 0;
        int hi = x.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] <= e) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int k = from; k < to; k++) {
            s += x[k];
        }
        return s / (to - from);
    }
}
