package org.xbarsim.crossbar;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;

import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.CircuitBuilder;
import org.xbarsim.circuit.VoltageSource;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;
import org.xbarsim.solver.NewtonSolver;

/**
 * Column currents of a crossbar for many input vectors, exact, through the general netlist
 * engine on the array written out element by element. A linear array (passive cells, linear
 * memristors) is a linear map from row voltages to column currents: it is factored once and its
 * exact transfer matrix built from one solve per row, after which an input costs one dense
 * product. Otherwise each input is a Newton solve started from the previous input's solution,
 * reusing the factorization pattern (and, on large arrays, the factors themselves for chord steps).
 */
public final class ArraySimulator {
    private final CrossbarArray array;
    private final Circuit circuit;
    private final NewtonSolver newton;
    private final VoltageSource[] inputs;
    private final int[] outputBranch;
    private final boolean linear;
    /** Transfer matrix of a linear array, T[j * m + i] = dI_j / dV_i (S); null when nonlinear. */
    private double[] transfer;
    private double[] last;

    /** Solves with ngspice's default tolerances. */
    public ArraySimulator(CrossbarArray array) {
        this(array, java.util.Map.of());
    }

    /**
     * @param options solver options by lower-case name (reltol, abstol, vntol, ...), replacing the
     *                defaults as {@code .options} would
     */
    public ArraySimulator(CrossbarArray array, java.util.Map<String, Double> options) {
        this.array = array;
        int m = array.rows();
        int n = array.cols();
        StringWriter text = new StringWriter();
        try {
            CrossbarNetlistWriter.write(array, new double[m], "* crossbar " + m + "x" + n, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.circuit = CircuitBuilder.build(Flattener.flatten(NetlistParser.parseString(Path.of("crossbar.cir"),
                text.toString())), options);
        this.newton = new NewtonSolver(circuit);
        this.inputs = new VoltageSource[m];
        for (int i = 0; i < m; i++) {
            inputs[i] = (VoltageSource) circuit.device("vin" + i);
        }
        this.outputBranch = new int[n];
        for (int j = 0; j < n; j++) {
            outputBranch[j] = circuit.device("vs" + j).branch();
        }
        this.linear = !circuit.isNonlinear();
    }

    public CrossbarArray array() {
        return array;
    }

    /** True when the array is a linear map (passive cells, linear memristors). */
    public boolean linear() {
        return linear;
    }

    /**
     * The exact transfer matrix of a linear array: row-major n x m, entry (j, i) the current of
     * column j per volt on row i (S). Built on first use from one solve per row.
     */
    public double[] transferMatrix() {
        if (!linear) {
            throw new IllegalStateException("a nonlinear array has no transfer matrix");
        }
        if (transfer == null) {
            int m = array.rows();
            int n = array.cols();
            for (VoltageSource s : inputs) {
                s.setValue(0);
            }
            newton.sourcesChanged();
            newton.operatingPoint(); // factors the (linear) MNA matrix once
            double[] rhs = new double[circuit.size() + 1];
            double[] t = new double[n * m];
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(rhs, 0);
                rhs[inputs[i].branch()] = 1; // 1 V on row i, every other source at 0 V
                newton.lu().solve(rhs);
                for (int j = 0; j < n; j++) {
                    t[j * m + i] = rhs[outputBranch[j]];
                }
            }
            transfer = t;
        }
        return transfer;
    }

    /** Column currents (A) for row voltages {@code v} (V, one per row). */
    public double[] solve(double[] v) {
        int m = array.rows();
        int n = array.cols();
        if (v.length != m) {
            throw new IllegalArgumentException("input vector has " + v.length + " values, the array has " + m + " rows");
        }
        double[] out = new double[n];
        if (linear) {
            double[] t = transferMatrix();
            for (int j = 0; j < n; j++) {
                double s = 0;
                int base = j * m;
                for (int i = 0; i < m; i++) {
                    s += t[base + i] * v[i];
                }
                out[j] = s;
            }
            return out;
        }
        for (int i = 0; i < m; i++) {
            inputs[i].setValue(v[i]);
        }
        newton.sourcesChanged();
        last = last == null ? newton.operatingPoint() : newton.continueFrom(last);
        for (int j = 0; j < n; j++) {
            out[j] = last[outputBranch[j]];
        }
        return out;
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
        return newton.iterations();
    }
}
