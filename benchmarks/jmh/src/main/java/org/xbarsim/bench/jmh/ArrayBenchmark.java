package org.xbarsim.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.crossbar.CrossbarSpec;

/**
 * The structured crossbar solver with paper-002 parameters (1 Ohm wire segments, R_in = R_out =
 * 1 Ohm, memristors uniform in 15k..300k Ohm, inputs uniform in 0..0.4 V, seed 1 for the array
 * and 2 for the inputs): setting a linear array up (its factorization and exact transfer
 * matrix), one input through it alone and within a batch, and one input through a 1T1M array
 * with sinh memristors (b = 2) by Newton from the previous input. Each trial's heap is printed
 * and, when the system property {@code xbarsim.peakHeapCsv} names a file, appended to it: the
 * peak in use since the trial's setup (all heap pools, garbage included) and what the set-up
 * solver retains after a full collection.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class ArrayBenchmark {

    /** Input vectors cycled through by the per-input benchmarks. */
    static final int VECTORS = 16;
    /** Input vectors per batch. */
    static final int BATCH = 256;

    /** The array size and its inputs. */
    @State(Scope.Benchmark)
    public static class Size {
        /** Rows x columns. */
        @Param({"64x64", "128x128", "256x256", "576x64", "800x500"})
        public String size;

        int m;
        int n;
        double[][] inputs;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                p.resetPeakUsage();
            }
            String[] mn = size.split("x");
            m = Integer.parseInt(mn[0]);
            n = Integer.parseInt(mn[1]);
            SplittableRandom rnd = new SplittableRandom(2);
            inputs = new double[BATCH][m];
            for (double[] v : inputs) {
                for (int i = 0; i < m; i++) {
                    v[i] = 0.4 * rnd.nextDouble();
                }
            }
        }

        double[] nextInput() {
            next = (next + 1) % VECTORS;
            return inputs[next];
        }

        CrossbarArray array(boolean access, String law) {
            return CrossbarSpec.defaults(m, n, access, law).draw().array();
        }
    }

    /** A passive array with linear memristors, set up (transfer matrix built). */
    @State(Scope.Benchmark)
    public static class Linear {
        CrossbarArray array;
        ArraySimulator sim;

        @Setup(Level.Trial)
        public void setUp(Size s) {
            array = s.array(false, "linear");
            sim = new ArraySimulator(array);
            sim.transferMatrix();
            retainedMb = retainedHeapMb();
        }

        double retainedMb;

        @TearDown(Level.Trial)
        public void peak(Size s) {
            reportPeakHeap("linear", s.size, retainedMb);
        }
    }

    /** A 1T1M array with sinh memristors, solved once. */
    @State(Scope.Benchmark)
    public static class Sinh {
        ArraySimulator sim;

        @Setup(Level.Trial)
        public void setUp(Size s) {
            sim = new ArraySimulator(s.array(true, "sinh"));
            sim.solve(s.inputs[0]);
            retainedMb = retainedHeapMb();
        }

        double retainedMb;

        @TearDown(Level.Trial)
        public void peak(Size s) {
            reportPeakHeap("sinh", s.size, retainedMb);
        }
    }

    /** Building a linear array's solver: its factorization and exact transfer matrix. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public double[] setupLinear(Size s, Linear l) {
        return new ArraySimulator(l.array).transferMatrix();
    }

    /** One input through the linear array on its own: one product with the transfer matrix. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double[] perInputLinear(Size s, Linear l) {
        return l.sim.solve(s.nextInput());
    }

    /** One input of a batch of {@value #BATCH} through the linear array (blocked products on both cores). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(BATCH)
    public double[][] perInputLinearBatch(Size s, Linear l) {
        return l.sim.solveAll(s.inputs, null);
    }

    /** One input through the 1T1M sinh array, from the previous input's solution. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double[] perInputSinh(Size s, Sinh q) {
        return q.sim.solve(s.nextInput());
    }

    /** Heap in use (MB) after a full collection: what the set-up solver holds. */
    static double retainedHeapMb() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / 1e6;
    }

    /**
     * Prints, and appends to the file named by {@code xbarsim.peakHeapCsv}, the heap's peak use
     * since setup (garbage not yet collected included) and what the solver held after setup.
     */
    static void reportPeakHeap(String array, String size, double retainedMb) {
        long bytes = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                bytes += p.getPeakUsage().getUsed();
            }
        }
        String line = String.format(Locale.ROOT, "%s,%s,%.0f,%.0f%n", array, size, bytes / 1e6, retainedMb);
        System.out.print("heap (array,size,peak MB,retained MB): " + line);
        String file = System.getProperty("xbarsim.peakHeapCsv");
        if (file != null) {
            try {
                Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
