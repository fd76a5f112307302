package org.xbarsim.crossbar;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.CircuitBuilder;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;
import org.xbarsim.solver.InputSweep;

/**
 * Column currents of a crossbar for many input vectors, exact, through the general netlist
 * engine on the array written out element by element ({@link InputSweep}): a linear array
 * (passive cells, linear memristors) through its exact transfer matrix, any other by Newton from
 * the previous input's solution.
 */
public final class ArraySimulator {
    private final CrossbarArray array;
    private final Circuit circuit;
    private final InputSweep sweep;
    /** Transfer matrix of a linear array, T[j * m + i] = dI_j / dV_i (S). */
    private double[] transfer;

    /** Solves with ngspice's default tolerances. */
    public ArraySimulator(CrossbarArray array) {
        this(array, Map.of());
    }

    /**
     * @param options solver options by lower-case name (reltol, abstol, vntol, ...), replacing the
     *                defaults as {@code .options} would
     */
    public ArraySimulator(CrossbarArray array, Map<String, Double> options) {
        this.array = array;
        int m = array.rows();
        StringWriter text = new StringWriter();
        try {
            CrossbarNetlistWriter.write(array, new double[m], "* crossbar " + m + "x" + array.cols(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.circuit = CircuitBuilder.build(Flattener.flatten(NetlistParser.parseString(Path.of("crossbar.cir"),
                text.toString())), options);
        List<String> inputs = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            inputs.add("vin" + i);
        }
        this.sweep = new InputSweep(circuit, inputs);
    }

    public CrossbarArray array() {
        return array;
    }

    /** True when the array is a linear map (passive cells, linear memristors). */
    public boolean linear() {
        return !circuit.isNonlinear();
    }

    /**
     * The exact transfer matrix of a linear array: row-major n x m, entry (j, i) the current of
     * column j per volt on row i (S).
     */
    public double[] transferMatrix() {
        if (!linear()) {
            throw new IllegalStateException("a nonlinear array has no transfer matrix");
        }
        if (transfer == null) {
            int m = array.rows();
            int n = array.cols();
            double[] t = new double[n * m];
            double[] unit = new double[m];
            for (int i = 0; i < m; i++) {
                unit[i] = 1;
                double[] col = sweep.solve(unit);
                unit[i] = 0;
                for (int j = 0; j < n; j++) {
                    t[j * m + i] = col[j];
                }
            }
            transfer = t;
        }
        return transfer;
    }

    /** Column currents (A) for row voltages {@code v} (V, one per row). */
    public double[] solve(double[] v) {
        if (v.length != array.rows()) {
            throw new IllegalArgumentException("input vector has " + v.length + " values, the array has " + array.rows()
                    + " rows");
        }
        return sweep.solve(v);
    }

    /** Column currents for each input vector in turn; {@code progress} is told how many are done. */
    public double[][] solveAll(double[][] v, IntConsumer progress) {
        double[][] out = new double[v.length][];
        for (int k = 0; k < v.length; k++) {
            out[k] = solve(v[k]);
            if (progress != null) {
                progress.accept(k + 1);
            }
        }
        return out;
    }

    /** Newton iterations spent so far. */
    public int newtonIterations() {
        return sweep.newtonIterations();
    }
}
