package org.xbarsim.nn;

import java.util.SplittableRandom;

import org.xbarsim.conversion.Calibration;
import org.xbarsim.conversion.Mitigation;
import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CellDevices;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.mapping.DeviceVariation;
import org.xbarsim.mapping.Variation;
import org.xbarsim.mapping.WeightMapping;

/**
 * Array units that solve each tile's array exactly (paper 002 Algorithm 1): the tile's weights
 * shift-mapped with headroom, converted (amplitude searched) and calibrated on samples of the
 * tile's own inputs, optionally perturbed by a Gaussian programming error before calibration
 * (Fig. 21), with a DAC on the inputs (range: the largest sample input) and an ADC on the outputs
 * (range: the ideal outputs of the sample inputs). The sample inputs are a layer's windows in the
 * first batch; calibration and search samples are drawn from them at random.
 *
 * @param device      the arrays' parameters (cell, law, wires, transistor); conductances replaced
 * @param gMin        lowest programmable conductance (S)
 * @param gMax        highest programmable conductance (S)
 * @param vMax        input voltage of the largest input (V)
 * @param headroom    fraction of the conductance range left above the mapped weights
 * @param amplitudes  conversion amplitudes tried
 * @param calibration calibration samples per array (paper: 10)
 * @param search      further samples judging the amplitudes
 * @param dacBits     DAC resolution, 0 for none
 * @param adcBits     ADC resolution, 0 for none
 * @param variation   programming error (applied before calibration) and read noise; read noise
 *                    enters each column current as the sum of independent device fluctuations at
 *                    the driven row voltages (the IR drop neglected in the noise)
 * @param seed        seed of the sample choice and the programming error
 * @param solverTol   relative error of the node voltages at which a nonlinear array's solve stops
 *                    ({@link ArraySimulator#ArraySimulator(CrossbarArray, double)})
 * @param predistort  drive each row with the inverse of the memristor law
 *                    ({@link WeightMapping#predistorted}), so a nonlinear device draws a current
 *                    proportional to its input
 */
public record SimulatedArrays(CrossbarArray device, double gMin, double gMax, double vMax, double headroom,
                              double[] amplitudes, int calibration, int search, int dacBits, int adcBits,
                              DeviceVariation variation, long seed, double solverTol, boolean predistort)
        implements CrossbarDriver.UnitFactory {

    public SimulatedArrays {
        if (dacBits < 0 || dacBits > 30 || adcBits < 0 || adcBits > 30) {
            throw new IllegalArgumentException("DAC bits " + dacBits + " and ADC bits " + adcBits + ": each 0 (none) to 30");
        }
        if (calibration < 1) {
            throw new IllegalArgumentException("calibration samples " + calibration + ": at least 1");
        }
    }

    /** {@code value} on a uniform grid of 2^bits - 1 steps over [lo, hi], clipped to it; unchanged for 0 bits. */
    static double quantize(double value, double lo, double hi, int bits) {
        if (bits == 0 || !(hi > lo)) {
            return value;
        }
        double steps = (1L << bits) - 1;
        double t = Math.min(1, Math.max(0, (value - lo) / (hi - lo)));
        return lo + Math.rint(t * steps) / steps * (hi - lo);
    }

    @Override
    public CrossbarDriver.ArrayUnit create(double[][] a, double[][] samples, String where) {
        int m = a.length;
        int n = a[0].length;
        double xMax = 0;
        for (double[] x : samples) {
            for (double v : x) {
                if (v < 0) {
                    throw new IllegalArgumentException(where + ": array inputs must be non-negative (they drive 0.." + vMax
                            + " V); a sample input is " + v);
                }
                xMax = Math.max(xMax, v);
            }
        }
        if (xMax == 0) {
            xMax = 1;
        }
        WeightMapping linearMap = WeightMapping.of(WeightMapping.Kind.SHIFT, a, gMin, gMin + (1 - headroom) * (gMax - gMin),
                vMax, xMax);
        WeightMapping map = predistort && device.law() != CrossbarArray.Law.LINEAR
                ? linearMap.predistorted(new CellDevices(device).law()) : linearMap;
        CrossbarArray mapped = device.toBuilder(m, map.arrayColumns()).conductances(map.conductances()).build();
        SplittableRandom rnd = new SplittableRandom(seed ^ (31L * m + n));
        int[] order = Variation.shuffled(samples.length, rnd); // the samples come from the front
        int nCal = Math.min(calibration, samples.length);
        int nSearch = Math.min(search, samples.length - nCal);
        double[][] xCal = new double[nCal][];
        double[][] xSearch = new double[nSearch][];
        for (int k = 0; k < nCal; k++) {
            xCal[k] = dac(samples[order[k]], xMax);
        }
        for (int k = 0; k < nSearch; k++) {
            xSearch[k] = dac(samples[order[nCal + k]], xMax);
        }
        double[][] idealCal = Variation.product(xCal, a);
        double[][] idealSearch = Variation.product(xSearch, a);
        // a linear array's G' does not depend on the conversion amplitude: one candidate is enough
        boolean linear = device.cell() == CrossbarArray.Cell.ONE_R && device.law() == CrossbarArray.Law.LINEAR;
        double[] tried = linear ? new double[] {amplitudes[0]} : amplitudes;
        Mitigation.Programmed prog = Mitigation.program(mapped, map, vMax, gMin, gMax, tried, xCal, idealCal, xSearch,
                idealSearch);
        CrossbarArray programmed = prog.array();
        Calibration cal = prog.calibration();
        if (variation.programs()) {
            double[][] g = new double[m][map.arrayColumns()];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < g[i].length; j++) {
                    g[i][j] = programmed.conductance(i, j);
                }
            }
            g = variation.programmed(g, gMin, gMax, rnd);
            programmed = programmed.withConductances(g);
            cal = Calibration.fit(Mitigation.outputs(programmed, map, xCal), idealCal);
        }
        // the ADC spans the ideal outputs of every sample input (computed digitally, as the weights are known)
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[][] xAll = new double[samples.length][];
        for (int k = 0; k < samples.length; k++) {
            xAll[k] = dac(samples[k], xMax);
        }
        for (double[] row : Variation.product(xAll, a)) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        ArraySimulator sim = new ArraySimulator(programmed, solverTol);
        if (sim.linear()) {
            sim.transferMatrix(); // part of the setup
        }
        Calibration fit = cal;
        // read noise: each device's variance per unit of f(V)^2, f the law's current per siemens
        double[][] readVar = variation.reads() ? readVariances(programmed, variation) : null;
        org.xbarsim.circuit.MemristorLaw law = new CellDevices(programmed).law();
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        long noiseSeed = rnd.nextLong();
        double adcLo = lo;
        double adcHi = hi;
        double inMax = xMax;
        return x -> {
            double[][] xq = new double[x.length][];
            double[][] v = new double[x.length][];
            for (int k = 0; k < x.length; k++) {
                xq[k] = dac(x[k], inMax);
                v[k] = map.voltages(xq[k]);
            }
            double[][] currents = sim.solveAll(v, null);
            if (readVar != null) {
                addReadNoise(currents, v, readVar, law, variation, new SplittableRandom(noiseSeed ^ calls.getAndIncrement()));
            }
            double[][] y = new double[x.length][];
            for (int k = 0; k < x.length; k++) {
                y[k] = fit.apply(map.outputs(xq[k], currents[k]));
                for (int j = 0; j < y[k].length; j++) {
                    y[k][j] = quantize(y[k][j], adcLo, adcHi, adcBits);
                }
            }
            return y;
        };
    }

    /** Each device's read-noise variance (S^2) at its programmed conductance, [row][column]. */
    private static double[][] readVariances(CrossbarArray a, DeviceVariation variation) {
        double[][] var = new double[a.rows()][a.cols()];
        for (int i = 0; i < var.length; i++) {
            for (int j = 0; j < var[i].length; j++) {
                double sd = variation.readSigma(a.conductance(i, j));
                var[i][j] = sd * sd;
            }
        }
        return var;
    }

    /**
     * Adds read noise to column currents (A): column j of input k gets sqrt(sum_i f(v_ki)^2
     * var_ij) times a standardized measured read deviation.
     */
    static void addReadNoise(double[][] currents, double[][] v, double[][] var, org.xbarsim.circuit.MemristorLaw law,
                             DeviceVariation variation, SplittableRandom rnd) {
        int m = var.length;
        int n = var[0].length;
        double[] f2 = new double[m];
        double[] s2 = new double[n];
        for (int k = 0; k < currents.length; k++) {
            for (int i = 0; i < m; i++) {
                double f = law.current(v[k][i], 1);
                f2[i] = f * f;
            }
            java.util.Arrays.fill(s2, 0);
            for (int i = 0; i < m; i++) {
                if (f2[i] != 0) {
                    double[] row = var[i];
                    for (int j = 0; j < n; j++) {
                        s2[j] += f2[i] * row[j];
                    }
                }
            }
            for (int j = 0; j < n; j++) {
                currents[k][j] += Math.sqrt(s2[j]) * variation.readZ(rnd);
            }
        }
    }

    private double[] dac(double[] x, double xMax) {
        if (dacBits == 0) {
            return x;
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = quantize(x[i], 0, xMax, dacBits);
        }
        return out;
    }
}
