package org.xbarsim.mapping;

import java.util.SplittableRandom;

/**
 * How programmed devices differ from their targets: the programming error applied once (before
 * calibration), and read noise, each read's fluctuation of a device's conductance.
 */
public interface DeviceVariation {
    /** No variation at all. */
    DeviceVariation NONE = gaussian(0);

    /**
     * Every conductance of {@code g} (S) as programmed, clipped to [gMin, gMax] unless the model
     * says otherwise; g itself when it programs exactly.
     */
    double[][] programmed(double[][] g, double gMin, double gMax, SplittableRandom rnd);

    /** Standard deviation (S) of a read of a device at g (S); 0 without read noise. */
    double readSigma(double g);

    /** A standardized read deviation (mean 0, unit RMS) of the noise's own shape. */
    double readZ(SplittableRandom rnd);

    /** True when {@link #programmed} changes conductances. */
    boolean programs();

    /** True when reads are noisy. */
    boolean reads();

    /**
     * The programming error of the one model given (the others zero): paper 001's relative
     * variation {@code relative}, paper 003's spread {@code delta} x (gMax - gMin), or a Gaussian of
     * {@code sigma} (S).
     */
    static DeviceVariation of(double sigma, double relative, double delta, double gMin, double gMax) {
        return relative > 0 ? relative(relative) : delta > 0 ? gaussian(delta * (gMax - gMin)) : gaussian(sigma);
    }

    /**
     * Zero-mean Gaussian programming error of standard deviation {@code sigma} (S), no read noise
     * (paper 002 section 4.4, Fig. 21).
     */
    static DeviceVariation gaussian(double sigma) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("programming error sigma " + sigma + " S must be zero or positive");
        }
        return new ProgrammingError(sigma > 0) {
            @Override
            public double[][] programmed(double[][] g, double gMin, double gMax, SplittableRandom rnd) {
                return sigma > 0 ? Variation.programmed(g, sigma, gMin, gMax, rnd) : g;
            }
        };
    }

    /**
     * Relative variation around each conductance (paper 001 section III and its appendix): a
     * Gaussian of standard deviation v x g truncated to g (1 +- v), so its spread is 0.5396 v g;
     * not clipped to the range, as the paper draws around each level. No read noise.
     *
     * @param v the relative variation, from 0 to 1 (0.05, 0.1, 0.2, 0.3 in the paper)
     */
    static DeviceVariation relative(double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException("relative variation " + v + ": from 0 up to (not including) 1");
        }
        return new ProgrammingError(v > 0) {
            @Override
            public double[][] programmed(double[][] g, double gMin, double gMax, SplittableRandom rnd) {
                if (v == 0) {
                    return g;
                }
                double[][] out = new double[g.length][];
                for (int i = 0; i < g.length; i++) {
                    out[i] = new double[g[i].length];
                    for (int j = 0; j < g[i].length; j++) {
                        double z;
                        do {
                            z = Variation.gaussian(rnd);
                        } while (Math.abs(z) > 1);
                        out[i][j] = g[i][j] * (1 + v * z);
                    }
                }
                return out;
            }
        };
    }
}
