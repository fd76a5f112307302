package org.xbarsim.mapping;

import java.util.SplittableRandom;

/** Seeded device variation: Gaussian draws and the programming-error model of paper 002 section 4.4. */
public final class Variation {
    private Variation() {
    }

    /** A standard normal draw from the seeded stream (Box-Muller). */
    public static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /**
     * Programming error: each conductance plus a zero-mean Gaussian of standard deviation
     * {@code sigma} (S), clipped to [gMin, gMax] (paper 002 Fig. 21: the error is in
     * conductance, not resistance).
     */
    public static double[][] programmed(double[][] g, double sigma, double gMin, double gMax, SplittableRandom rnd) {
        double[][] out = new double[g.length][];
        for (int i = 0; i < g.length; i++) {
            out[i] = new double[g[i].length];
            for (int j = 0; j < g[i].length; j++) {
                out[i][j] = Math.min(gMax, Math.max(gMin, g[i][j] + sigma * gaussian(rnd)));
            }
        }
        return out;
    }

    /** 0..n-1 in a random order (Fisher-Yates on the seeded stream). */
    public static int[] shuffled(int n, SplittableRandom rnd) {
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        for (int k = n - 1; k > 0; k--) {
            int r = rnd.nextInt(k + 1);
            int t = order[k];
            order[k] = order[r];
            order[r] = t;
        }
        return order;
    }

    /** The ideal outputs X A, [vector][output]. */
    public static double[][] product(double[][] x, double[][] a) {
        int n = a[0].length;
        double[][] y = new double[x.length][n];
        for (int k = 0; k < x.length; k++) {
            for (int i = 0; i < a.length; i++) {
                double xi = x[k][i];
                if (xi != 0) {
                    for (int j = 0; j < n; j++) {
                        y[k][j] += xi * a[i][j];
                    }
                }
            }
        }
        return y;
    }
}
