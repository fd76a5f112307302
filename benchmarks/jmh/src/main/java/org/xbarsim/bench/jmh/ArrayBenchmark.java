package org.xbarsim.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.crossbar.CrossbarSpec;

/**
 * Crossbar solves with paper-002 parameters (1 Ohm wires, R_in = R_out = 1 Ohm, memristors
 * uniform in 15k..300k Ohm, inputs uniform in 0..0.4 V): setting an array up, and one more input
 * vector through a linear array (passive cells, linear memristors: the exact transfer matrix) and
 * through a 1T1M array with sinh memristors (b = 2: Newton from the previous input).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ArrayBenchmark {

    /** Rows x columns. */
    @Param({"64x64", "128x128", "256x256", "576x64", "800x500"})
    public String size;

    /** Input vectors cycled through by the per-input benchmarks. */
    static final int VECTORS = 16;

    private CrossbarArray linearArray;
    private CrossbarArray sinhArray;
    private ArraySimulator linear;
    private ArraySimulator sinh;
    private double[][] inputs;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        String[] mn = size.split("x");
        int m = Integer.parseInt(mn[0]);
        int n = Integer.parseInt(mn[1]);
        linearArray = CrossbarSpec.defaults(m, n, false, "linear").draw().array();
        sinhArray = CrossbarSpec.defaults(m, n, true, "sinh").draw().array();
        linear = new ArraySimulator(linearArray);
        linear.transferMatrix();
        sinh = new ArraySimulator(sinhArray);
        SplittableRandom rnd = new SplittableRandom(2);
        inputs = new double[VECTORS][m];
        for (double[] v : inputs) {
            for (int i = 0; i < m; i++) {
                v[i] = 0.4 * rnd.nextDouble();
            }
        }
        sinh.solve(inputs[0]);
    }

    /** Building a linear array's simulator and its exact transfer matrix. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public double[] setupLinear() {
        return new ArraySimulator(linearArray).transferMatrix();
    }

    /** One input through the linear array. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double[] perInputLinear() {
        next = (next + 1) % VECTORS;
        return linear.solve(inputs[next]);
    }

    /** One input through the 1T1M sinh array, from the previous input's solution. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double[] perInputSinh() {
        next = (next + 1) % VECTORS;
        return sinh.solve(inputs[next]);
    }
}
