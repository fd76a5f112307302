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
 * (Fig. 21), with a DAC on the inputs and an ADC on each tile's partial sums ({@link Converters}).
 * The sample inputs are a layer's windows in the first batch; calibration and search samples are
 * drawn from them at random.
 *
 * <p>Signed inputs (the +-1 activations of a binary network) drive the rows as x - x0, x0 the
 * lowest sample input, so that every row voltage is from 0 to V_max ({0, V_max} for +-1 inputs);
 * the known x0 sum_i a_ij is added back to each partial sum before the ADC: sum_i a_ij x_i =
 * sum_i a_ij (x_i - x0) + x0 sum_i a_ij.
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
 * @param converters  the DAC and the ADC
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
                              double[] amplitudes, int calibration, int search, Converters converters,
                              DeviceVariation variation, long seed, double solverTol, boolean predistort,
                              WeightMapping.Kind mapping, boolean layerRange)
        implements CrossbarDriver.UnitFactory {

    public SimulatedArrays {
        java.util.Objects.requireNonNull(mapping, "mapping");
        java.util.Objects.requireNonNull(converters, "converters");
        if (calibration < 1) {
            throw new IllegalArgumentException("calibration samples " + calibration + ": at least 1");
        }
    }

    /** These arrays with another programming error and read noise. */
    public SimulatedArrays withVariation(DeviceVariation other) {
        return new SimulatedArrays(device, gMin, gMax, vMax, headroom, amplitudes, calibration, search, converters, other,
                seed, solverTol, predistort, mapping, layerRange);
    }

    /** These arrays with other converters. */
    public SimulatedArrays withConverters(Converters other) {
        return new SimulatedArrays(device, gMin, gMax, vMax, headroom, amplitudes, calibration, search, other, variation,
                seed, solverTol, predistort, mapping, layerRange);
    }

    @Override
    public CrossbarDriver.ArrayUnit create(double[][] a, double[][] samples, CrossbarDriver.Where where) {
        int m = a.length;
        Inputs in = Inputs.of(samples, a);
        double x0 = in.x0();
        double xMax = in.xMax();
        // each tile its own stream, by its place in the network (its label names the layer and the
        // tile): tiles of the same shape must not share their programming errors or samples
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L * (where.label().hashCode() + 1L));
        double wLo = layerRange ? where.weightLo() : Double.POSITIVE_INFINITY;
        double wHi = layerRange ? where.weightHi() : Double.NEGATIVE_INFINITY;
        Converters.Adc adc = converters.adc(a, () -> Variation.product(dacAll(samples, in), a), x0, xMax, in.grid());
        if (device == null) {
            return ideal(WeightMapping.of(mapping, a, gMin, gMax, vMax, xMax - x0, wLo, wHi), in, rnd, adc, a);
        }
        WeightMapping linearMap = WeightMapping.of(mapping, a, gMin, gMin + (1 - headroom) * (gMax - gMin), vMax, xMax - x0,
                wLo, wHi);
        WeightMapping map = predistort && device.law() != CrossbarArray.Law.LINEAR
                ? linearMap.predistorted(new CellDevices(device).law()) : linearMap;
        CrossbarArray mapped = device.toBuilder(m, map.arrayColumns()).conductances(map.conductances()).build();
        int[] order = Variation.shuffled(samples.length, rnd); // the samples come from the front
        int nCal = Math.min(calibration, samples.length);
        int nSearch = Math.min(search, samples.length - nCal);
        double[][] xCal = new double[nCal][];
        double[][] xSearch = new double[nSearch][];
        for (int k = 0; k < nCal; k++) {
            xCal[k] = in.drive(converters, samples[order[k]]);
        }
        for (int k = 0; k < nSearch; k++) {
            xSearch[k] = in.drive(converters, samples[order[nCal + k]]);
        }
        // conversion and calibration work on what drives the rows (x - x0) and its products
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
        ArraySimulator sim = new ArraySimulator(programmed, solverTol);
        if (sim.linear()) {
            sim.transferMatrix(); // part of the setup
        }
        Calibration fit = cal;
        // read noise: each device's variance per unit of f(V)^2, f the law's current per siemens
        double[][] readVar = variation.reads() ? readVariances(conductances(programmed), variation) : null;
        int devices = m * map.arrayColumns();
        int missed = devices - prog.conversion().count(org.xbarsim.conversion.Conversion.Status.OK);
        return new Tile(map, v -> sim.solveAll(v, null), fit::apply, readVar, new CellDevices(programmed).law(), rnd.nextLong(),
                in, adc, devices, missed, a);
    }

    /** Ideal arrays: the mapped conductances, programmed, and the exact column currents. */
    private CrossbarDriver.ArrayUnit ideal(WeightMapping map, Inputs in, SplittableRandom rnd, Converters.Adc adc, double[][] a) {
        double[][] g = variation.programs() ? variation.programmed(map.conductances(), gMin, gMax, rnd) : map.conductances();
        double[][] readVar = variation.reads() ? readVariances(g, variation) : null;
        return new Tile(map, v -> Variation.product(v, g), y -> y, readVar, org.xbarsim.circuit.MemristorLaws.linear(),
                rnd.nextLong(), in, adc, 0, 0, a);
    }

    /**
     * A tile's input range [x0, xMax], the step {@code grid} of the grid x0 + q k its inputs lie on
     * (NaN for none, {@link #inputGrid}) and, for signed inputs (x0 &lt; 0), its weights' column
     * sums (null otherwise): the rows are driven with x - x0 and x0 sum_i a_ij is added back.
     */
    private record Inputs(double x0, double xMax, double grid, double[] columnSums) {
        /**
         * The inputs of a tile with weights a (null: no column sums) made for these sample inputs:
         * x0 the lowest (0 for non-negative inputs), xMax the highest (x0 + 1 when all are equal).
         */
        static Inputs of(double[][] samples, double[][] a) {
            double x0 = 0;
            double xMax = 0;
            for (double[] x : samples) {
                for (double v : x) {
                    x0 = Math.min(x0, v);
                    xMax = Math.max(xMax, v);
                }
            }
            if (xMax == x0) {
                xMax = x0 + 1;
            }
            return new Inputs(x0, xMax, inputGrid(samples, x0), a == null || x0 == 0 ? null : SimulatedArrays.columnSums(a));
        }

        /** Whether these sample inputs span the same range and grid as the tile was made for. */
        boolean spans(double[][] samples) {
            Inputs s = of(samples, null);
            return s.x0 == x0 && s.xMax == xMax && Double.compare(s.grid, grid) == 0;
        }

        /** What drives the rows for inputs x: x through the DAC, less x0. */
        double[] drive(Converters converters, double[] x) {
            return converters.dacShifted(x, x0, xMax, x0);
        }

        /** Adds x0 sum_i a_ij back to the partial sums y of the rows' inputs. */
        void restore(double[] y) {
            if (columnSums != null) {
                for (int j = 0; j < y.length; j++) {
                    y[j] += x0 * columnSums[j];
                }
            }
        }
    }

    /**
     * The step q of the grid x0 + q k the sample inputs lie on (binary +-1 or {0, 1} inputs, the
     * ternary outputs of Sign, inputs already on a DAC's grid), or NaN when they take more than
     * 256 values or lie on no such grid.
     */
    static double inputGrid(double[][] samples, double x0) {
        java.util.TreeSet<Double> values = new java.util.TreeSet<>();
        for (double[] x : samples) {
            for (double v : x) {
                if (values.add(v) && values.size() > 256) {
                    return Double.NaN;
                }
            }
        }
        double q = Double.POSITIVE_INFINITY;
        Double prev = null;
        for (double v : values) {
            if (prev != null) {
                q = Math.min(q, v - prev);
            }
            prev = v;
        }
        if (!(q < Double.POSITIVE_INFINITY)) {
            return Double.NaN;
        }
        for (double v : values) {
            double k = (v - x0) / q;
            if (Math.abs(k - Math.rint(k)) > 1e-9 * Math.max(1, Math.abs(k))) {
                return Double.NaN;
            }
        }
        return q;
    }

    private static double[] columnSums(double[][] a) {
        double[] s = new double[a[0].length];
        for (double[] row : a) {
            for (int j = 0; j < s.length; j++) {
                s[j] += row[j];
            }
        }
        return s;
    }

    /** Every sample through the DAC (the inputs' own scale). */
    private double[][] dacAll(double[][] samples, Inputs in) {
        double[][] out = new double[samples.length][];
        for (int k = 0; k < samples.length; k++) {
            out[k] = converters.dac(samples[k], in.x0(), in.xMax());
        }
        return out;
    }

    /**
     * A tile's unit: DAC, row voltages, column currents ({@code solve}: [vector][row] V to
     * [vector][column] A), read noise, outputs, calibration ({@code fit}), the signed inputs'
     * correction and the ADC (its range shared with the layer's other tiles when the converters
     * say so).
     */
    private final class Tile implements CrossbarDriver.ArrayUnit {
        /** Sets the ADC's tie coins apart from the read-noise stream drawn from the same seed. */
        private static final long TIE_STREAM = 0x5DEECE66DL;
        private final WeightMapping map;
        private final java.util.function.UnaryOperator<double[][]> solve;
        private final java.util.function.UnaryOperator<double[]> fit;
        private final double[][] readVar;
        private final org.xbarsim.circuit.MemristorLaw law;
        private final long noiseSeed;
        private final Inputs in;
        private final int devices;
        private final int missed;
        private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        private final double[][] weights;
        private volatile Converters.Adc adc;

        Tile(WeightMapping map, java.util.function.UnaryOperator<double[][]> solve, java.util.function.UnaryOperator<double[]> fit,
             double[][] readVar, org.xbarsim.circuit.MemristorLaw law, long noiseSeed, Inputs in, Converters.Adc adc, int devices,
             int missed, double[][] weights) {
            this.weights = weights;
            this.map = map;
            this.solve = solve;
            this.fit = fit;
            this.readVar = readVar;
            this.law = law;
            this.noiseSeed = noiseSeed;
            this.in = in;
            this.adc = adc;
            this.devices = devices;
            this.missed = missed;
        }

        @Override
        public double[][] multiply(double[][] x) {
            double[][] xr = new double[x.length][];
            double[][] v = new double[x.length][];
            for (int k = 0; k < x.length; k++) {
                xr[k] = in.drive(converters, x[k]);
                v[k] = map.voltages(xr[k]);
            }
            double[][] currents = solve.apply(v);
            if (readVar != null) {
                addReadNoise(currents, v, readVar, law, variation, new SplittableRandom(noiseSeed ^ calls.getAndIncrement()));
            }
            Converters.Adc c = adc;
            boolean coin = converters.randomTies();
            double[][] y = new double[x.length][];
            for (int k = 0; k < x.length; k++) {
                y[k] = fit.apply(map.outputs(xr[k], currents[k]));
                in.restore(y[k]);
                // random ties: one coin per input vector and column, the same for the same input
                long key = coin ? inputKey(x[k]) : 0;
                for (int j = 0; j < y[k].length; j++) {
                    y[k][j] = coin ? c.convert(y[k][j], key + j) : c.convert(y[k][j]);
                }
            }
            return y;
        }

        /**
         * A 64-bit hash of an input vector, seeded by the tile (Arrays.hashCode will not do: +1 and -1
         * differ in one bit of their hash, so every ordering of the same signs would share a key).
         */
        private long inputKey(double[] x) {
            long h = noiseSeed ^ TIE_STREAM;
            for (double v : x) {
                h = Converters.Adc.mix(h * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(v));
            }
            return h;
        }

        @Override
        public int unconverted() {
            return missed;
        }

        @Override
        public int devices() {
            return devices;
        }

        @Override
        public Converters.Adc adc() {
            return adc;
        }

        /**
         * The same programmed array (mapping, conductances, calibration, read-noise stream) with
         * its ADC over {@code range}, full or Q-scaled; null for a samples range (it would need the
         * samples the tile was made from, which it does not keep) and when {@code samples} span
         * another input range or grid than the tile was made for (its DAC, row voltages and ADC
         * follow them).
         */
        @Override
        public CrossbarDriver.ArrayUnit withAdcRange(Converters.AdcRange range, double[][] samples) {
            if (range.kind() == Converters.AdcRange.Kind.SAMPLES || !in.spans(samples)) {
                return null;
            }
            SimulatedArrays other = withConverters(converters.withRange(range));
            Converters.Adc a = other.converters().adc(weights, () -> {
                throw new IllegalStateException("a full or Q-scaled range reads no samples");
            }, in.x0(), in.xMax(), in.grid());
            return other.new Tile(map, solve, fit, readVar, law, noiseSeed, in, a, devices, missed, weights);
        }

        @Override
        public void layerUnits(java.util.List<CrossbarDriver.ArrayUnit> all) {
            if (!converters.perLayer() || converters.adcBits() == 0) {
                return;
            }
            java.util.List<Converters.Adc> adcs = new java.util.ArrayList<>();
            for (CrossbarDriver.ArrayUnit u : all) {
                if (u.adc() != null) {
                    adcs.add(u.adc());
                }
            }
            adc = Converters.Adc.union(adcs, converters.range().kind() == Converters.AdcRange.Kind.FULL);
        }
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
}
