package org.xbarsim.circuit;

/**
 * Solver settings read from {@code .options}; defaults are ngspice's.
 *
 * @param reltol    relative tolerance of Newton convergence
 * @param abstol    absolute current tolerance (A)
 * @param vntol     absolute voltage tolerance (V)
 * @param gmin      conductance across every pn junction (S)
 * @param itl1      Newton iteration limit of a DC operating point
 * @param itl2      Newton iteration limit of each DC sweep point
 * @param gminSteps number of gmin stepping decades tried when Newton fails (0: none)
 * @param srcSteps  number of source stepping steps tried when gmin stepping fails (0: none)
 */
public record SimOptions(double reltol, double abstol, double vntol, double gmin, int itl1, int itl2,
                         int gminSteps, int srcSteps) {

    public static final double DEFAULT_RELTOL = 1e-3;
    public static final double DEFAULT_ABSTOL_A = 1e-12;
    public static final double DEFAULT_VNTOL_V = 1e-6;
    public static final double DEFAULT_GMIN_S = 1e-12;

    public SimOptions {
        check("reltol", reltol, 1e-15, 1);
        check("abstol", abstol, 0, 1);
        check("vntol", vntol, 0, 1);
        check("gmin", gmin, 0, 1);
        check("itl1", itl1, 1, 1_000_000);
        check("itl2", itl2, 1, 1_000_000);
        check("gminsteps", gminSteps, 0, 1000);
        check("srcsteps", srcSteps, 0, 1000);
    }

    private static void check(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(name + " = " + v + " is outside its valid range [" + lo + ", " + hi + "]");
        }
    }

    public static SimOptions defaults() {
        return new SimOptions(DEFAULT_RELTOL, DEFAULT_ABSTOL_A, DEFAULT_VNTOL_V, DEFAULT_GMIN_S, 100, 50, 10, 10);
    }

    public SimOptions withReltol(double v) {
        return new SimOptions(v, abstol, vntol, gmin, itl1, itl2, gminSteps, srcSteps);
    }

    public SimOptions withAbstol(double v) {
        return new SimOptions(reltol, v, vntol, gmin, itl1, itl2, gminSteps, srcSteps);
    }

    public SimOptions withVntol(double v) {
        return new SimOptions(reltol, abstol, v, gmin, itl1, itl2, gminSteps, srcSteps);
    }

    public SimOptions withGmin(double v) {
        return new SimOptions(reltol, abstol, vntol, v, itl1, itl2, gminSteps, srcSteps);
    }

    public SimOptions withItl1(int v) {
        return new SimOptions(reltol, abstol, vntol, gmin, v, itl2, gminSteps, srcSteps);
    }

    public SimOptions withItl2(int v) {
        return new SimOptions(reltol, abstol, vntol, gmin, itl1, v, gminSteps, srcSteps);
    }

    public SimOptions withGminSteps(int v) {
        return new SimOptions(reltol, abstol, vntol, gmin, itl1, itl2, v, srcSteps);
    }

    public SimOptions withSrcSteps(int v) {
        return new SimOptions(reltol, abstol, vntol, gmin, itl1, itl2, gminSteps, v);
    }

    /** One line listing every setting, printed with results. */
    public String summary() {
        // concatenated, not String.format: the formatter's first use costs a short run several ms
        return "reltol=" + num(reltol) + " abstol=" + num(abstol) + " vntol=" + num(vntol) + " gmin=" + num(gmin)
                + " itl1=" + itl1 + " itl2=" + itl2 + " gminsteps=" + gminSteps + " srcsteps=" + srcSteps;
    }

    private static String num(double v) {
        return Double.toString(v).toLowerCase(java.util.Locale.ROOT);
    }
}
