package org.xbarsim.circuit;

import java.util.Arrays;

/** The memristor I-V laws: linear, sinh and a measured table (DESIGN section 3). */
public final class MemristorLaws {
    private MemristorLaws() {
    }

    /** I = G V. */
    public static MemristorLaw linear() {
        return new MemristorLaw() {
            @Override
            public double current(double v, double g) {
                return g * v;
            }

            @Override
            public double voltage(double current, double g) {
                return current / g;
            }

            @Override
            public double slope(double v, double g) {
                return g;
            }

            @Override
            public boolean linear() {
                return true;
            }

            @Override
            public String spiceCurrent(String v, double g) {
                return num(g) + "*" + v;
            }
        };
    }

    /**
     * I = G V_read sinh(b V) / sinh(b V_read): the sinh law scaled so I(V_read) = G V_read.
     *
     * @param b     nonlinearity (1/V), positive
     * @param vRead read voltage (V), positive
     */
    public static MemristorLaw sinh(double b, double vRead) {
        if (!(b > 0) || !(vRead > 0)) {
            throw new IllegalArgumentException("sinh law needs b > 0 and vread > 0, got b=" + b + ", vread=" + vRead);
        }
        double scale = vRead / Math.sinh(b * vRead);
        return new MemristorLaw() {
            @Override
            public double current(double v, double g) {
                return g * scale * sinh(b * v);
            }

            @Override
            public double slope(double v, double g) {
                return g * scale * b * cosh(b * v);
            }

            @Override
            public double voltage(double current, double g) {
                return asinh(current / (g * scale)) / b;
            }

            @Override
            public boolean linear() {
                return false;
            }

            @Override
            public String spiceCurrent(String v, double g) {
                return num(g * scale) + "*sinh(" + num(b) + "*" + v + ")";
            }
        };
    }

    /** Below this |x| {@link #sinh} sums its series: (e^x - e^-x) / 2 would lose more than 2 bits to cancellation. */
    private static final double SINH_SERIES = 1;

    /**
     * sinh x within a few ulps and several times faster than {@link Math#sinh} (which the JIT
     * does not compile to an intrinsic, while {@link Math#exp} it does): the odd Taylor series
     * through x^19 in Horner form for |x| below {@link #SINH_SERIES} (truncation below 2e-20
     * relative; no exponential and no division, the common case of device voltages below 0.5 V
     * at b = 2 / V), else (e^x - e^-x) / 2.
     */
    static double sinh(double x) {
        double a = Math.abs(x);
        if (a < SINH_SERIES) {
            double x2 = x * x;
            return x * (1 + x2 * (1.0 / 6) * (1 + x2 * (1.0 / 20) * (1 + x2 * (1.0 / 42) * (1 + x2 * (1.0 / 72)
                    * (1 + x2 * (1.0 / 110) * (1 + x2 * (1.0 / 156) * (1 + x2 * (1.0 / 210) * (1 + x2 * (1.0 / 272)
                    * (1 + x2 * (1.0 / 342))))))))));
        }
        if (a > 700) {
            return Math.sinh(x);
        }
        double e = Math.exp(x);
        return 0.5 * (e - 1 / e);
    }

    /** asinh y without cancellation near 0: sign(y) log1p(|y| + y^2 / (1 + sqrt(1 + y^2))). */
    static double asinh(double y) {
        double a = Math.abs(y);
        double r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        return y < 0 ? -r : r;
    }

    /** cosh x within a few ulps: (e^x + e^-x) / 2 (no cancellation), as {@link #sinh}. */
    static double cosh(double x) {
        if (Math.abs(x) > 700) {
            return Math.cosh(x);
        }
        double e = Math.exp(x);
        return 0.5 * (e + 1 / e);
    }

    /**
     * A measured I-V curve T(V), interpolated by monotone piecewise-cubic Hermite (Fritsch-Carlson)
     * and scaled by state: I = G V_read T(V) / T(V_read). Beyond the table the end cubics' tangent
     * lines continue.
     *
     * @param v     strictly increasing voltages (V)
     * @param i     currents (A), T(vRead) non-zero
     * @param vRead read voltage (V)
     */
    public static MemristorLaw table(double[] v, double[] i, double vRead) {
        return new Table(v, i, vRead);
    }

    private static String num(double v) {
        String s = Double.toString(v);
        return v < 0 ? "(" + s + ")" : s;
    }

    /** Piecewise cubic t(V) = y_k + d_k h + c2_k h^2 + c3_k h^3, h = V - x_k. */
    private static final class Table implements MemristorLaw {
        private final double[] x;
        private final double[] y;
        private final double[] d;
        private final double[] c2;
        private final double[] c3;
        private final double perUnitG;
        private final double vRead;

        Table(double[] xs, double[] ys, double vRead) {
            int n = xs.length;
            if (n < 2 || ys.length != n) {
                throw new IllegalArgumentException("I-V table needs at least 2 points of (V, I), got " + n);
            }
            for (int k = 1; k < n; k++) {
                if (!(xs[k] > xs[k - 1])) {
                    throw new IllegalArgumentException("I-V table voltages must increase strictly: V[" + k + "] = "
                            + xs[k] + " after " + xs[k - 1]);
                }
            }
            x = xs.clone();
            y = ys.clone();
            d = new double[n];
            c2 = new double[n];
            c3 = new double[n];
            double[] delta = new double[n - 1];
            for (int k = 0; k < n - 1; k++) {
                delta[k] = (y[k + 1] - y[k]) / (x[k + 1] - x[k]);
            }
            d[0] = delta[0];
            d[n - 1] = delta[n - 2];
            for (int k = 1; k < n - 1; k++) {
                if (delta[k - 1] * delta[k] <= 0) {
                    d[k] = 0;
                } else {
                    double h0 = x[k] - x[k - 1];
                    double h1 = x[k + 1] - x[k];
                    double w1 = 2 * h1 + h0;
                    double w2 = h1 + 2 * h0;
                    d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
                }
            }
            for (int k = 0; k < n - 1; k++) {
                double h = x[k + 1] - x[k];
                c2[k] = (3 * delta[k] - 2 * d[k] - d[k + 1]) / h;
                c3[k] = (d[k] + d[k + 1] - 2 * delta[k]) / (h * h);
            }
            this.vRead = vRead;
            double tRead = t(vRead);
            if (tRead == 0 || !Double.isFinite(tRead)) {
                throw new IllegalArgumentException("I-V table current at vread = " + vRead + " V is " + tRead
                        + "; it must be non-zero to scale by state");
            }
            perUnitG = vRead / tRead;
        }

        private int segment(double v) {
            int k = Arrays.binarySearch(x, v);
            if (k < 0) {
                k = -k - 2;
            }
            return Math.max(0, Math.min(x.length - 2, k));
        }

        private double t(double v) {
            if (v <= x[0]) {
                return y[0] + d[0] * (v - x[0]);
            }
            int n = x.length;
            if (v >= x[n - 1]) {
                return y[n - 1] + d[n - 1] * (v - x[n - 1]);
            }
            int k = segment(v);
            double h = v - x[k];
            return y[k] + h * (d[k] + h * (c2[k] + h * c3[k]));
        }

        private double dt(double v) {
            if (v <= x[0]) {
                return d[0];
            }
            int n = x.length;
            if (v >= x[n - 1]) {
                return d[n - 1];
            }
            int k = segment(v);
            double h = v - x[k];
            return d[k] + h * (2 * c2[k] + 3 * h * c3[k]);
        }

        @Override
        public double current(double v, double g) {
            return g * perUnitG * t(v);
        }

        @Override
        public double slope(double v, double g) {
            return g * perUnitG * dt(v);
        }

        @Override
        public boolean linear() {
            return false;
        }

        @Override
        public String spiceCurrent(String v, double g) {
            int n = x.length;
            String s = num(g * perUnitG);
            StringBuilder e = new StringBuilder();
            e.append("(").append(v).append(" <= ").append(num(x[0])).append(" ? ")
                    .append(num(y[0])).append("+").append(num(d[0])).append("*(").append(v).append("-").append(num(x[0]))
                    .append(") : ");
            for (int k = 0; k < n - 1; k++) {
                String h = "(" + v + "-" + num(x[k]) + ")";
                e.append("(").append(v).append(" < ").append(num(x[k + 1])).append(" ? ")
                        .append(num(y[k])).append("+").append(h).append("*(").append(num(d[k])).append("+").append(h)
                        .append("*(").append(num(c2[k])).append("+").append(h).append("*").append(num(c3[k])).append(")) : ");
            }
            e.append(num(y[n - 1])).append("+").append(num(d[n - 1])).append("*(").append(v).append("-")
                    .append(num(x[n - 1])).append(")");
            for (int k = 0; k < n; k++) {
                e.append(")");
            }
            return s + "*" + e;
        }
    }
}
