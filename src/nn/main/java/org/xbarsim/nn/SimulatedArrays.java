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
 * <p>Ideal arrays ({@code device} null) are what papers 000, 001, 003 and 004 simulate: each
 * column current is exactly sum_i v_i G_ij of the mapped conductances (over the whole range
 * gMin..gMax, no headroom), after the programming error when there is one; no wires, no
 * conversion, no calibration; DAC, ADC and read noise as for circuit-level arrays.
 *
 * @param device      the arrays' parameters (cell, law, wires, transistor), conductances replaced;
 *                    null for ideal arrays
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
 * @param mapping     how signed weights become conductances: shift (offset removed digitally,
 *                    paper 002), shift with a reference column (paper 001's extra column) or
 *                    differential pairs (paper 003); the extra columns are real array columns
 * @param layerRange  map each tile with the weight range of its whole layer (a weight value has
 *                    one conductance in every tile: the layer's conductance levels, paper 001),
 *                    instead of the tile's own range
 */
public record SimulatedArrays(CrossbarArray device, double gMin, double gMax, double vMax, double headroom,
                              double[] amplitudes, int calibration, int search, int dacBits, int adcBits,
                              DeviceVariation variation, long seed, double solverTol, boolean predistort,
                              WeightMapping.Kind mapping, boolean layerRange)
        implements CrossbarDriver.UnitFactory {

    public SimulatedArrays {
        java.util.Objects.requireNonNull(mapping, "mapping");
        if (dacBits < 0 || dacBits > 30 || adcBits < 0 || adcBits > 30) {
            throw new IllegalArgumentException("DAC bits " + dacBits + " and ADC bits " + adcBits + ": each 0 (none) to 30");
        }
        if (calibration < 1) {
            throw new IllegalArgumentException("calibration samples " + calibration + ": at least 1");
        }
    }

    /** These arrays with another programming error and read noise. */
    public SimulatedArrays withVariation(DeviceVariation other) {
        return new SimulatedArrays(device, gMin, gMax, vMax, headroom, amplitudes, calibration, search, dacBits, adcBits, other,
                seed, solverTol, predistort, mapping, layerRange);
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
    public CrossbarDriver.ArrayUnit create(double[][] a, double[][] samples, CrossbarDriver.Where where) {
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
        // each tile its own stream, by its place in the network (its label names the layer and the
        // tile): tiles of the same shape must not share their programming errors or samples
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L * (where.label().hashCode() + 1L));
        double wLo = layerRange ? where.weightLo() : Double.POSITIVE_INFINITY;
        double wHi = layerRange ? where.weightHi() : Double.NEGATIVE_INFINITY;
        if (device == null) {
            return ideal(WeightMapping.of(mapping, a, gMin, gMax, vMax, xMax, wLo, wHi), a, samples, xMax, rnd);
        }
        WeightMapping linearMap = WeightMapping.of(mapping, a, gMin, gMin + (1 - headroom) * (gMax - gMin), vMax, xMax, wLo,
                wHi);
        WeightMapping map = predistort && device.law() != CrossbarArray.Law.LINEAR
                ? linearMap.predistorted(new CellDevices(device).law()) : linearMap;
        CrossbarArray mapped = device.toBuilder(m, map.arrayColumns()).conductances(map.conductances()).build();
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
            double[][] g = variation.programmed(conductances(programmed), gMin, gMax, rnd);
            programmed = programmed.withConductances(g);
            cal = Calibration.fit(Mitigation.outputs(programmed, map, xCal), idealCal);
        }
        double[] adc = adcRange(a, samples, xMax);
        ArraySimulator sim = new ArraySimulator(programmed, solverTol);
        if (sim.linear()) {
            sim.transferMatrix(); // part of the setup
        }
        Calibration fit = cal;
        // read noise: each device's variance per unit of f(V)^2, f the law's current per siemens
        double[][] readVar = variation.reads() ? readVariances(conductances(programmed), variation) : null;
        CrossbarDriver.ArrayUnit solved = unit(map, v -> sim.solveAll(v, null), fit::apply, readVar,
                new CellDevices(programmed).law(), rnd.nextLong(), xMax, adc);
        int devices = m * map.arrayColumns();
        int missed = devices - prog.conversion().count(org.xbarsim.conversion.Conversion.Status.OK);
        return new CrossbarDriver.ArrayUnit() {
            @Override
            public double[][] multiply(double[][] x) {
                return solved.multiply(x);
            }

            @Override
            public int unconverted() {
                return missed;
            }

            @Override
            public int devices() {
                return devices;
            }
        };
    }

    /** Ideal arrays: the mapped conductances, programmed, and the exact column currents. */
    private CrossbarDriver.ArrayUnit ideal(WeightMapping map, double[][] a, double[][] samples, double xMax, SplittableRandom rnd) {
        double[][] g = variation.programs() ? variation.programmed(map.conductances(), gMin, gMax, rnd) : map.conductances();
        double[][] readVar = variation.reads() ? readVariances(g, variation) : null;
        double[] adc = adcRange(a, samples, xMax);
        return unit(map, v -> Variation.product(v, g), y -> y, readVar,
                org.xbarsim.circuit.MemristorLaws.linear(), rnd.nextLong(), xMax, adc);
    }

    /** The ADC's range: the ideal outputs of every sample input (computed digitally, as the weights are known). */
    private double[] adcRange(double[][] a, double[][] samples, double xMax) {
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
        return new double[] {lo, hi};
    }

    /**
     * A tile's unit: DAC, row voltages, column currents ({@code solve}: [vector][row] V to
     * [vector][column] A), read noise, outputs, calibration ({@code fit}) and ADC.
     */
    private CrossbarDriver.ArrayUnit unit(WeightMapping map, java.util.function.UnaryOperator<double[][]> solve,
                                          java.util.function.UnaryOperator<double[]> fit, double[][] readVar,
                                          org.xbarsim.circuit.MemristorLaw law, long noiseSeed, double inMax, double[] adc) {
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        return x -> {
            double[][] xq = new double[x.length][];
            double[][] v = new double[x.length][];
            for (int k = 0; k < x.length; k++) {
                xq[k] = dac(x[k], inMax);
                v[k] = map.voltages(xq[k]);
            }
            double[][] currents = solve.apply(v);
            if (readVar != null) {
                addReadNoise(currents, v, readVar, law, variation, new SplittableRandom(noiseSeed ^ calls.getAndIncrement()));
            }
            double[][] y = new double[x.length][];
            for (int k = 0; k < x.length; k++) {
                y[k] = fit.apply(map.outputs(xq[k], currents[k]));
                for (int j = 0; j < y[k].length; j++) {
                    y[k][j] = quantize(y[k][j], adc[0], adc[1], adcBits);
                }
            }
            return y;
        };
    }

    /** Each device's read-noise variance (S^2) at its conductance g (S), [row][column]. */
    private static double[][] readVariances(double[][] g, DeviceVariation variation) {
        double[][] var = new double[g.length][g[0].length];
        for (int i = 0; i < var.length; i++) {
            for (int j = 0; j < var[i].length; j++) {
                double sd = variation.readSigma(g[i][j]);
                var[i][j] = sd * sd;
            }
        }
        return var;
    }

    private static double[][] conductances(CrossbarArray a) {
        double[][] g = new double[a.rows()][a.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                g[i][j] = a.conductance(i, j);
            }
        }
        return g;
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
