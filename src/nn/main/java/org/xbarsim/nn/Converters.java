package org.xbarsim.nn;

import java.util.List;
import java.util.Locale;

/**
 * An array's converters: the DAC that drives its rows and the ADC that digitizes each partial sum
 * (each tile's output before the digital sum of the tiles; paper 004 section III.A and IV.A).
 *
 * <p>The DAC puts an input on a uniform grid of 2^dacBits - 1 steps over the tile's input range
 * [x0, xMax] (x0 = 0 for non-negative inputs, else the lowest sample input), rounding to the
 * nearest; or, with {@code truncateDac}, keeps the first dacBits bits of (x - x0) / (xMax - x0),
 * the levels x0 + k (xMax - x0) / 2^dacBits, k &lt; 2^dacBits, each input cut down to the level
 * below it (paper 000 section III: "only the first b bits of the original value"). The ADC puts a
 * partial sum on 2^adcBits levels over a range set by {@link AdcRange}, values outside clipped to
 * the bounds.
 *
 * @param dacBits  DAC resolution, 0 for none
 * @param adcBits  ADC resolution, 0 for none
 * @param range    how the ADC's range is set
 * @param perLayer one ADC range for every tile of a layer (the union of the tiles' ranges) instead
 *                 of each tile's own
 * @param truncateDac the DAC truncates instead of rounding
 * @param randomTies a partial sum on an ADC threshold goes to either level by a seeded coin
 *                   instead of to the even level (see {@link Adc#convert(double, long)})
 */
public record Converters(int dacBits, int adcBits, AdcRange range, boolean perLayer, boolean truncateDac,
                         boolean randomTies) {
    /** No DAC, no ADC. */
    public static final Converters NONE = new Converters(0, 0, AdcRange.SAMPLES, false);

    /** The forms of the tie rule users write. */
    public static final List<String> TIES = List.of("even", "random");

    public Converters {
        java.util.Objects.requireNonNull(range, "range");
        if (dacBits < 0 || dacBits > 30 || adcBits < 0 || adcBits > 30) {
            throw new IllegalArgumentException("DAC bits " + dacBits + " and ADC bits " + adcBits + ": each 0 (none) to 30");
        }
    }

    /** Ties to the even level. */
    public Converters(int dacBits, int adcBits, AdcRange range, boolean perLayer, boolean truncateDac) {
        this(dacBits, adcBits, range, perLayer, truncateDac, false);
    }

    /** A rounding DAC, ties to the even level. */
    public Converters(int dacBits, int adcBits, AdcRange range, boolean perLayer) {
        this(dacBits, adcBits, range, perLayer, false);
    }

    /** These converters with the ADC's range set by {@code other}. */
    public Converters withRange(AdcRange other) {
        return new Converters(dacBits, adcBits, other, perLayer, truncateDac, randomTies);
    }

    /** The tie rule by name: {@code even} (false) or {@code random} (true). */
    public static boolean randomTies(String rule) {
        return switch (rule.trim().toLowerCase(Locale.ROOT)) {
            case "even" -> false;
            case "random" -> true;
            default -> throw new IllegalArgumentException("ADC tie rule '" + rule + "': one of " + TIES);
        };
    }

    /** The same resolution on both sides, the ADC range from samples, per tile. */
    public static Converters of(int bits) {
        return new Converters(bits, bits, AdcRange.SAMPLES, false);
    }

    /**
     * How an ADC's range is set.
     *
     * <ul>
     * <li>{@code samples}: the lowest and highest ideal partial sum of the tile's sample inputs;</li>
     * <li>{@code full}: every partial sum the tile can produce, per column sum_i min/max(a_ij x0,
     * a_ij xMax), the lowest and the highest over the columns (paper 004 Eq. 4: [-N_in, N_in] for
     * binary inputs and weights). Where the partial sums lie on a lattice (weights of one magnitude,
     * binary or ternary, and inputs on the DAC's grid or on a grid of their own), the levels are lattice points
     * and their spacing the smallest multiple of the lattice step that spans the range, so that
     * log2(N_in) + 1 bits convert binary partial sums exactly;</li>
     * <li>{@code qscale:s}: the full range scaled by s in (0, 1] about its middle (paper 004 Eq. 5,
     * [-N_in s, N_in s]), levels evenly spaced over it, the linear quantizer of its Fig. 4(a).</li>
     * </ul>
     */
    public record AdcRange(Kind kind, double scale) {
        public enum Kind { SAMPLES, FULL, QSCALE }

        public static final AdcRange SAMPLES = new AdcRange(Kind.SAMPLES, 1);
        public static final AdcRange FULL = new AdcRange(Kind.FULL, 1);

        /** The forms users write. */
        public static final List<String> FORMS = List.of("samples", "full", "qscale:S (S in (0, 1])");

        public AdcRange {
            if (!(scale > 0 && scale <= 1)) {
                throw new IllegalArgumentException("Q-scale " + scale + ": from 0 (excluded) to 1");
            }
        }

        /** samples, full or qscale:S. */
        public static AdcRange parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("samples")) {
                return SAMPLES;
            }
            if (t.equals("full")) {
                return FULL;
            }
            if (t.startsWith("qscale:")) {
                double s;
                try {
                    s = Double.parseDouble(t.substring(7));
                } catch (NumberFormatException e) {
                    s = Double.NaN;
                }
                if (!(s > 0 && s <= 1)) {
                    throw new IllegalArgumentException("ADC range '" + text + "': the Q-scale S of qscale:S from 0 (excluded) to 1");
                }
                return new AdcRange(Kind.QSCALE, s);
            }
            throw new IllegalArgumentException("ADC range '" + text + "': one of " + FORMS);
        }

        @Override
        public String toString() {
            return switch (kind) {
                case SAMPLES -> "samples";
                case FULL -> "full";
                default -> "qscale:" + scale;
            };
        }
    }

    /**
     * One ADC: 2^bits levels lo + k step (k = 0 .. 2^bits - 1), a value rounded to the nearest and
     * clipped; with 0 bits the identity.
     *
     * @param lo      the lowest level
     * @param hi      the top of the range (the highest level is at or above it on a lattice)
     * @param step    the spacing of the levels
     * @param lattice the spacing of the lattice the levels lie on, NaN for none
     * @param anchor  a point of that lattice
     */
    public record Adc(int bits, double lo, double hi, double step, double lattice, double anchor) {
        /**
         * The level nearest to y. A y on a decision threshold, to within the rounding of the
         * arithmetic that produced it (1e-9 of a step), is a tie, resolved to the even level as
         * {@link Math#rint} does: an ideal array's sums of +-1 land on thresholds exactly (an even
         * number of rows summing to 0 between two levels), and floating-point noise must not decide.
         */
        public double convert(double y) {
            return convert(y, false, 0);
        }

        /**
         * The level nearest to y, a tie (as in {@link #convert(double)}) resolved to the level
         * above or below by one bit of a hash of {@code key}: a coin that is the same for the same
         * key on any thread. Dithering ties at random is what an array's small residual errors
         * do to them (the {@code random} tie rule).
         */
        public double convert(double y, long key) {
            return convert(y, true, key);
        }

        private double convert(double y, boolean coin, long key) {
            if (bits == 0 || !(step > 0)) {
                return y;
            }
            double top = (double) ((1L << bits) - 1);
            double t = (y - lo) / step;
            double f = Math.floor(t);
            double k;
            if (Math.abs(t - f - 0.5) <= 1e-9 * Math.max(1, Math.abs(t))) {
                k = coin ? f + (mix(key) >>> 63) : Math.rint(f + 0.5);
            } else {
                k = Math.rint(t);
            }
            return lo + Math.min(top, Math.max(0, k)) * step;
        }

        /** A 64-bit finalizer (the one of SplittableRandom's generator): every key bit moves every output bit. */
        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** An ADC over [lo, hi] with evenly spaced levels, both bounds levels. */
        static Adc linear(int bits, double lo, double hi) {
            return new Adc(bits, lo, hi, bits == 0 || !(hi > lo) ? 0 : (hi - lo) / ((1L << bits) - 1), Double.NaN, Double.NaN);
        }

        /** An ADC whose levels lie on the lattice anchor + lattice Z and span [lo, hi]. */
        static Adc snapped(int bits, double lo, double hi, double lattice, double anchor) {
            if (bits == 0 || !(lattice > 0)) {
                return linear(bits, lo, hi);
            }
            double lo0 = anchor + lattice * Math.floor((lo - anchor) / lattice + 1e-9);
            double steps = (double) ((1L << bits) - 1);
            double m = Math.max(1, Math.ceil((hi - lo0) / (lattice * steps) - 1e-9));
            return new Adc(bits, lo0, hi, m * lattice, lattice, anchor);
        }

        /**
         * One ADC for tiles with these ADCs: the union of their ranges; with {@code snap}, on the
         * coarsest lattice every tile's lattice lies on (halved until their anchors agree), when
         * they all have one.
         */
        static Adc union(List<Adc> adcs, boolean snap) {
            Adc first = adcs.get(0);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double step = first.lattice();
            for (Adc a : adcs) {
                lo = Math.min(lo, a.lo());
                hi = Math.max(hi, a.hi());
                snap &= a.lattice() > 0;
            }
            if (snap) {
                for (Adc a : adcs) {
                    int halvings = 0;
                    while (!(onLattice(a.lattice(), step) && onLattice(a.anchor() - first.anchor(), step)) && halvings++ < 20) {
                        step /= 2;
                    }
                    snap &= halvings <= 20;
                }
            }
            return snap ? snapped(first.bits(), lo, hi, step, first.anchor()) : linear(first.bits(), lo, hi);
        }
    }

    /** A value on {@code bits} bits over [lo, hi]: the DAC (2^bits - 1 even steps, clipped); unchanged for 0 bits. */
    public static double quantize(double value, double lo, double hi, int bits) {
        if (bits == 0 || !(hi > lo)) {
            return value;
        }
        double steps = (1L << bits) - 1;
        double t = Math.min(1, Math.max(0, (value - lo) / (hi - lo)));
        return lo + Math.rint(t * steps) / steps * (hi - lo);
    }

    /**
     * A value's first {@code bits} bits over [lo, hi]: lo + floor(2^bits t) / 2^bits (hi - lo), t =
     * (value - lo) / (hi - lo) clipped to [0, 1], the top level (2^bits - 1) / 2^bits; unchanged
     * for 0 bits.
     */
    public static double truncate(double value, double lo, double hi, int bits) {
        if (bits == 0 || !(hi > lo)) {
            return value;
        }
        double levels = 1L << bits;
        double t = Math.min(1, Math.max(0, (value - lo) / (hi - lo)));
        return lo + Math.min(levels - 1, Math.floor(t * levels)) / levels * (hi - lo);
    }

    /** An input vector through the DAC over [x0, xMax]. */
    double[] dac(double[] x, double x0, double xMax) {
        return dacShifted(x, x0, xMax, 0);
    }

    /**
     * An input vector through the DAC over [x0, xMax], less {@code shift}, in one new array (what
     * drives the rows of signed inputs: the DAC'd x - x0); x itself when there is nothing to do.
     */
    double[] dacShifted(double[] x, double x0, double xMax, double shift) {
        if (dacBits == 0 && shift == 0) {
            return x;
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = dacBits == 0 ? x[i] : truncateDac ? truncate(x[i], x0, xMax, dacBits) : quantize(x[i], x0, xMax, dacBits);
            out[i] = v - shift;
        }
        return out;
    }

    /**
     * The ADC of a tile with weights a [input][output] whose inputs span [x0, xMax]; {@code ideal}
     * gives the ideal partial sums of the tile's sample inputs (after the DAC), computed only for
     * the {@code samples} range; {@code grid} is the step q of the grid x0 + q k the sample inputs
     * lie on, NaN for none.
     */
    Adc adc(double[][] a, java.util.function.Supplier<double[][]> ideal, double x0, double xMax, double grid) {
        if (adcBits == 0) {
            return Adc.linear(0, 0, 0);
        }
        if (range.kind() == AdcRange.Kind.SAMPLES) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] row : ideal.get()) {
                for (double v : row) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            return Adc.linear(adcBits, lo, hi);
        }
        int n = a[0].length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            double l = 0;
            double h = 0;
            for (double[] row : a) {
                double p = row[j] * x0;
                double q = row[j] * xMax;
                l += Math.min(p, q);
                h += Math.max(p, q);
            }
            lo = Math.min(lo, l);
            hi = Math.max(hi, h);
        }
        if (range.kind() == AdcRange.Kind.QSCALE) {
            double mid = 0.5 * (lo + hi);
            double half = 0.5 * (hi - lo) * range.scale();
            return Adc.linear(adcBits, mid - half, mid + half);
        }
        double[] lattice = lattice(a, x0, xMax, grid);
        return lattice == null ? Adc.linear(adcBits, lo, hi) : Adc.snapped(adcBits, lo, hi, lattice[0], lattice[1]);
    }

    /**
     * The lattice {step, anchor} the tile's partial sums lie on, or null: weights of one magnitude u
     * (binary or ternary) and inputs x0 + q k (q the DAC's step, or the grid of the sample inputs)
     * give column j the sums x0 S_j + u q Z, S_j = sum_i a_ij; the columns share the
     * lattice when their anchors x0 S_j differ by multiples of its step (halved until they do).
     */
    private double[] lattice(double[][] a, double x0, double xMax, double grid) {
        double u = 0;
        for (double[] row : a) {
            for (double w : row) {
                double m = Math.abs(w);
                if (m == 0) {
                    continue;
                }
                if (u == 0) {
                    u = m;
                } else if (Math.abs(m - u) > 1e-12 * u) {
                    return null;
                }
            }
        }
        double q = dacBits > 0 ? (xMax - x0) / ((1L << dacBits) - (truncateDac ? 0 : 1)) : grid;
        if (u == 0 || !(q > 0)) {
            return null;
        }
        int n = a[0].length;
        double[] anchors = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (double[] row : a) {
                s += row[j];
            }
            anchors[j] = x0 * s;
        }
        double step = u * q;
        for (int halvings = 0; halvings <= 20; halvings++, step /= 2) {
            boolean ok = true;
            for (int j = 1; j < n && ok; j++) {
                ok = onLattice(anchors[j] - anchors[0], step);
            }
            if (ok) {
                return new double[] {step, anchors[0]};
            }
        }
        return null;
    }

    private static boolean onLattice(double d, double step) {
        double k = d / step;
        return Math.abs(k - Math.rint(k)) <= 1e-9 * Math.max(1, Math.abs(k));
    }

    /**
     * Paper 000 Eq. 6: the output width z (bits) an ADC needs to keep every bit of a product of
     * d rows, w-bit weights and l-bit inputs: log2(d) + w + l, one less when w or l is 1.
     */
    public static double outputWidth(int d, int w, int l) {
        double z = Math.log(d) / Math.log(2) + w + l;
        return w > 1 && l > 1 ? z : z - 1;
    }
}
