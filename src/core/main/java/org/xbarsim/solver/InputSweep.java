package org.xbarsim.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.CurrentSource;
import org.xbarsim.circuit.Device;
import org.xbarsim.circuit.IndependentSource;
import org.xbarsim.circuit.VoltageSource;

/**
 * A circuit solved for many settings of a set of independent sources (input vectors), reporting
 * its outputs for each. A linear circuit is an affine map from the source values to the outputs:
 * it is factored once and the exact response to each source found by one solve, after which an
 * input costs one dense product. A nonlinear circuit is solved by Newton for each input, started
 * from the previous input's solution, reusing the factorization pattern and, on large circuits,
 * the factors (chord steps).
 */
public final class InputSweep {
    private final Circuit circuit;
    private final IndependentSource[] sources;
    private final NewtonSolver newton;
    private final List<Circuit.Output> outputs;
    /** Linear circuits: outputs with every swept source at 0, and the response per unit of each. */
    private double[] base;
    private double[] response;
    private double[] last;

    /**
     * @param sources flat names of independent V or I sources, in input-vector order
     * @throws IllegalArgumentException when a name is not an independent source of the circuit
     */
    public InputSweep(Circuit circuit, List<String> sources) {
        this.circuit = circuit;
        this.sources = new IndependentSource[sources.size()];
        for (int k = 0; k < this.sources.length; k++) {
            this.sources[k] = circuit.source(sources.get(k));
        }
        this.newton = new NewtonSolver(circuit);
        this.outputs = circuit.outputs();
    }

    /** The outputs reported for each input, in order. */
    public List<Circuit.Output> outputs() {
        return outputs;
    }

    /** Newton iterations spent so far. */
    public int newtonIterations() {
        return newton.iterations();
    }

    /** Outputs for one input vector (source values in V or A). */
    public double[] solve(double[] values) {
        if (values.length != sources.length) {
            throw new IllegalArgumentException("input vector has " + values.length + " values, expected " + sources.length);
        }
        int q = outputs.size();
        double[] out = new double[q];
        if (!circuit.isNonlinear()) {
            linearResponse();
            System.arraycopy(base, 0, out, 0, q);
            for (int k = 0; k < values.length; k++) {
                double v = values[k];
                int row = k * q;
                for (int o = 0; o < q; o++) {
                    out[o] += response[row + o] * v;
                }
            }
            return out;
        }
        for (int k = 0; k < values.length; k++) {
            sources[k].setValue(values[k]);
        }
        newton.sourcesChanged();
        last = last == null ? newton.operatingPoint() : newton.continueFrom(last);
        for (int o = 0; o < q; o++) {
            out[o] = outputs.get(o).value(last);
        }
        return out;
    }

    /**
     * Factors the linear circuit once (swept sources at 0) and finds each source's exact unit
     * response: the MNA right-hand side of a unit voltage source is 1 in its branch row, of a unit
     * current source -1 and +1 in its nodes' rows; outputs are affine in the solution.
     */
    private void linearResponse() {
        if (base != null) {
            return;
        }
        for (IndependentSource s : sources) {
            s.setValue(0);
        }
        newton.sourcesChanged();
        double[] x0 = newton.operatingPoint();
        int n = circuit.size();
        int q = outputs.size();
        base = new double[q];
        double[] zero = new double[n + 1];
        double[] atZero = new double[q];
        for (int o = 0; o < q; o++) {
            base[o] = outputs.get(o).value(x0);
            atZero[o] = outputs.get(o).value(zero);
        }
        response = new double[sources.length * q];
        double[] rhs = new double[n + 1];
        for (int k = 0; k < sources.length; k++) {
            Arrays.fill(rhs, 0);
            Device d = sources[k].device();
            if (d instanceof VoltageSource) {
                rhs[d.branch()] = 1;
            } else {
                int[] t = ((CurrentSource) d).nodes();
                rhs[t[0]] -= 1;
                rhs[t[1]] += 1;
            }
            rhs[n] = 0;
            newton.lu().solve(rhs);
            rhs[n] = 0;
            for (int o = 0; o < q; o++) {
                // a swept current source's own current is its value, not a function of the solution
                response[k * q + o] = outputs.get(o).device() == d && d instanceof CurrentSource ? 1
                        : outputs.get(o).value(rhs) - atZero[o];
            }
        }
    }

    /** Batches of at least this many vectors per thread are worth a second circuit and thread. */
    static final int MIN_VECTORS_PER_THREAD = 8;

    /**
     * Outputs for every vector, in order. A nonlinear circuit's vectors are split into contiguous
     * batches solved at once on up to {@code threads} threads, each on its own circuit (devices
     * keep per-solve state): {@code first}, then more from {@code more}; within a batch each vector
     * starts from the one before. A linear circuit needs one factorization and one dense product
     * per vector: one thread.
     *
     * @param progress told the number of vectors done so far (from any thread), or null
     */
    public static Batch solveAll(Circuit first, Supplier<Circuit> more, List<String> sources, List<double[]> vectors,
                                 int threads, IntConsumer progress) {
        InputSweep sweep = new InputSweep(first, sources);
        int batches = first.isNonlinear() ? Math.max(1, Math.min(threads, vectors.size() / MIN_VECTORS_PER_THREAD)) : 1;
        double[][] out = new double[vectors.size()][];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger iterations = new AtomicInteger();
        List<CompletableFuture<Void>> others = new ArrayList<>();
        int per = (vectors.size() + batches - 1) / batches;
        for (int b = 1; b < batches; b++) {
            int from = b * per;
            int to = Math.min(vectors.size(), from + per);
            others.add(CompletableFuture.runAsync(() -> {
                InputSweep s = new InputSweep(more.get(), sources);
                s.solveRange(vectors, from, to, out, done, progress);
                iterations.addAndGet(s.newtonIterations());
            }, BATCHES));
        }
        sweep.solveRange(vectors, 0, Math.min(vectors.size(), per), out, done, progress);
        iterations.addAndGet(sweep.newtonIterations());
        for (CompletableFuture<Void> f : others) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
        return new Batch(Arrays.asList(out), sweep.outputs(), iterations.get(), batches);
    }

    /**
     * What {@link #solveAll} produced.
     *
     * @param outputs          the outputs of each vector, in order
     * @param quantities       what the outputs are, in column order
     * @param newtonIterations Newton iterations over all batches
     * @param threads          batches solved at once
     */
    public record Batch(List<double[]> outputs, List<Circuit.Output> quantities, int newtonIterations, int threads) {
    }

    private void solveRange(List<double[]> vectors, int from, int to, double[][] out, AtomicInteger done,
                            IntConsumer progress) {
        for (int k = from; k < to; k++) {
            try {
                out[k] = solve(vectors.get(k));
            } catch (SolveException e) {
                throw e.at("input vector " + (k + 1) + " " + Arrays.toString(vectors.get(k)));
            }
            int d = done.incrementAndGet();
            if (progress != null) {
                synchronized (progress) {
                    progress.accept(d);
                }
            }
        }
    }

    /** Threads for batches beyond the caller's own. */
    private static final ExecutorService BATCHES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "xbarsim-batch");
        t.setDaemon(true);
        return t;
    });

}
