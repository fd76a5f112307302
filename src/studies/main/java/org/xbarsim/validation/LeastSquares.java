package org.xbarsim.validation;

import java.util.function.Function;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Levenberg-Marquardt fits (Apache Commons Math) of a model given as a function of its
 * parameters, with a central-difference Jacobian, and the parameters' standard errors from the
 * covariance (J'J)^-1 scaled by the residual variance RSS / (n - p).
 */
public final class LeastSquares {
    private LeastSquares() {
    }

    /**
     * A fit's outcome.
     *
     * @param params     the fitted parameters
     * @param std        their standard errors
     * @param residuals  observed minus model at the fitted parameters
     * @param rms        root mean square of the residuals
     * @param iterations the optimizer's iterations
     */
    public record Fit(double[] params, double[] std, double[] residuals, double rms, int iterations) {
    }

    /**
     * Fits {@code model} to {@code observed}.
     *
     * @param model    the model's values at the points, for given parameters
     * @param observed the measured values
     * @param start    the starting parameters
     * @param steps    each parameter's difference step for the Jacobian (its natural scale times ~1e-6)
     */
    public static Fit fit(Function<double[], double[]> model, double[] observed, double[] start, double[] steps) {
        return fit(model, observed, start, steps, new boolean[start.length]);
    }

    /**
     * Fits {@code model} to {@code observed} with the parameters marked {@code held} fixed at
     * their start values (their standard errors reported as 0).
     */
    public static Fit fit(Function<double[], double[]> model, double[] observed, double[] start, double[] steps,
                          boolean[] held) {
        int[] free = java.util.stream.IntStream.range(0, start.length).filter(k -> !held[k]).toArray();
        if (free.length == start.length) {
            return fitAll(model, observed, start, steps);
        }
        Fit f = fitAll(q -> {
            double[] full = start.clone();
            for (int k = 0; k < free.length; k++) {
                full[free[k]] = q[k];
            }
            return model.apply(full);
        }, observed, java.util.Arrays.stream(free).mapToDouble(k -> start[k]).toArray(),
                java.util.Arrays.stream(free).mapToDouble(k -> steps[k]).toArray());
        double[] params = start.clone();
        double[] std = new double[start.length];
        for (int k = 0; k < free.length; k++) {
            params[free[k]] = f.params()[k];
            std[free[k]] = f.std()[k];
        }
        return new Fit(params, std, f.residuals(), f.rms(), f.iterations());
    }

    private static Fit fitAll(Function<double[], double[]> model, double[] observed, double[] start, double[] steps) {
        int p = start.length;
        int n = observed.length;
        if (n <= p) {
            throw new IllegalArgumentException(n + " points cannot fix " + p + " parameters");
        }
        MultivariateJacobianFunction f = point -> {
            double[] x = point.toArray();
            double[] y = model.apply(x);
            double[][] jac = new double[n][p];
            for (int k = 0; k < p; k++) {
                double[] up = x.clone();
                double[] down = x.clone();
                up[k] += steps[k];
                down[k] -= steps[k];
                double[] yu = model.apply(up);
                double[] yd = model.apply(down);
                for (int i = 0; i < n; i++) {
                    jac[i][k] = (yu[i] - yd[i]) / (2 * steps[k]);
                }
            }
            return new Pair<RealVector, RealMatrix>(new ArrayRealVector(y, false), new Array2DRowRealMatrix(jac, false));
        };
        LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(1e-12).withParameterRelativeTolerance(1e-12)
                .optimize(new LeastSquaresBuilder().model(f).target(observed).start(start)
                        .maxEvaluations(100_000).maxIterations(10_000).build());
        double[] params = opt.getPoint().toArray();
        double[] res = opt.getResiduals().toArray();
        double rss = 0;
        for (double r : res) {
            rss += r * r;
        }
        RealMatrix cov = opt.getCovariances(1e-14).scalarMultiply(rss / (n - p));
        double[] std = new double[p];
        for (int k = 0; k < p; k++) {
            std[k] = Math.sqrt(cov.getEntry(k, k));
        }
        return new Fit(params, std, res, Math.sqrt(rss / n), opt.getIterations());
    }
}
