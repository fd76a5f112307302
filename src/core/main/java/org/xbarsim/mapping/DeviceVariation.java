package org.xbarsim.mapping;

import java.util.SplittableRandom;

/**
 * How programmed devices differ from their targets: the programming error applied once (before
 * calibration), and read noise, each read's fluctuation of a device's conductance.
 */
public interface DeviceVariation {
    /** No variation at all. */
    DeviceVariation NONE = gaussian(0);

    /** Every conductance of {@code g} (S) as programmed, clipped to [gMin, gMax]; g itself when it programs exactly. */
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
     * Zero-mean Gaussian programming error of standard deviation {@code sigma} (S), no read noise
     * (paper 002 section 4.4, Fig. 21).
     */
    static DeviceVariation gaussian(double sigma) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("programming error sigma " + sigma + " S must be zero or positive");
        }
        return new DeviceVariation() {
            @Override
            public double[][] programmed(double[][] g, double gMin, double gMax, SplittableRandom rnd) {
                return sigma > 0 ? Variation.programmed(g, sigma, gMin, gMax, rnd) : g;
            }

            @Override
            public double readSigma(double g) {
                return 0;
            }

            @Override
            public double readZ(SplittableRandom rnd) {
                return Variation.gaussian(rnd);
            }

            @Override
            public boolean programs() {
                return sigma > 0;
            }

            @Override
            public boolean reads() {
                return false;
            }
        };
    }
}
