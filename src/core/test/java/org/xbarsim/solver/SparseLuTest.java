package org.xbarsim.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;
import org.xbarsim.VectorAssert;

/**
 * The sparse LU on its own: static pivots, the pivoting fallback, refactorization with new
 * values, the two-thread path, against dense LU (EJML) and by residual.
 */
class SparseLuTest {
    /** Solutions of well-conditioned systems agree with dense LU to this relative tolerance. */
    static final double REL = 1e-10;

    /** A sparse matrix in compressed columns built from (row, col) -> value. */
    record Csc(int n, int[] colPtr, int[] rowIdx, double[] values) {
        static Csc of(int n, TreeMap<Long, Double> entries) {
            int[] cp = new int[n + 1];
            List<Integer> rows = new ArrayList<>();
            List<Double> vals = new ArrayList<>();
            entries.forEach((key, v) -> cp[(int) (key / n) + 1]++);
            for (int j = 0; j < n; j++) {
                cp[j + 1] += cp[j];
            }
            entries.forEach((key, v) -> {
                rows.add((int) (key % n));
                vals.add(v);
            });
            return new Csc(n, cp, rows.stream().mapToInt(Integer::intValue).toArray(),
                    vals.stream().mapToDouble(Double::doubleValue).toArray());
        }

        double[] times(double[] x) {
            double[] y = new double[n];
            for (int j = 0; j < n; j++) {
                for (int p = colPtr[j]; p < colPtr[j + 1]; p++) {
                    y[rowIdx[p]] += values[p] * x[j];
                }
            }
            return y;
        }
    }

    /** Key of entry (row, col), column-major so a TreeMap iterates in compressed-column order. */
    static long key(int n, int row, int col) {
        return (long) col * n + row;
    }

    static void add(TreeMap<Long, Double> m, int n, int r, int c, double v) {
        m.merge(key(n, r, c), v, Double::sum);
    }

    /** A random resistor network with grounded and floating voltage sources, as MNA. */
    static Csc mna(long seed, int nodes, int sources) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = nodes + sources;
        TreeMap<Long, Double> m = new TreeMap<>();
        for (int k = 0; k < nodes; k++) {
            add(m, n, k, k, 0); // the full diagonal the circuit builder always stores
            int other = rnd.nextInt(k + 1) - 1; // -1 is ground
            double g = 1 / Math.pow(10, 4 * rnd.nextDouble());
            stampG(m, n, k, other, g);
            for (int e = 0; e < 2; e++) {
                int a = rnd.nextInt(nodes);
                if (a != k) {
                    stampG(m, n, k, a, 1 / Math.pow(10, 4 * rnd.nextDouble()));
                }
            }
        }
        for (int s = 0; s < sources; s++) { // terminals never shared between sources: no loop of sources
            int br = nodes + s;
            int p = 2 * s;
            int q = s % 2 == 0 ? -1 : 2 * s + 1;
            add(m, n, br, br, 0);
            add(m, n, p, br, 1);
            add(m, n, br, p, 1);
            if (q >= 0) {
                add(m, n, q, br, -1);
                add(m, n, br, q, -1);
            }
        }
        return Csc.of(n, m);
    }

    static void stampG(TreeMap<Long, Double> m, int n, int a, int b, double g) {
        add(m, n, a, a, g);
        if (b >= 0) {
            add(m, n, b, b, g);
            add(m, n, a, b, -g);
            add(m, n, b, a, -g);
        }
    }

    static double[] dense(Csc a, double[] b) {
        DMatrixRMaj m = new DMatrixRMaj(a.n(), a.n());
        for (int j = 0; j < a.n(); j++) {
            for (int p = a.colPtr()[j]; p < a.colPtr()[j + 1]; p++) {
                m.set(a.rowIdx()[p], j, a.values()[p]);
            }
        }
        LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(a.n());
        assertTrue(lu.setA(m));
        DMatrixRMaj x = new DMatrixRMaj(a.n(), 1);
        lu.solve(new DMatrixRMaj(a.n(), 1, true, b), x);
        return x.data;
    }

    static double[] solve(SparseLu lu, Csc a, double[] b) {
        assertEquals(-1, lu.factor(a.values()), "no singular column");
        double[] x = b.clone();
        lu.solve(x);
        return x;
    }

    static void assertClose(double[] expected, double[] actual) {
        VectorAssert.assertRelClose(expected, actual, REL, "entry");
    }


    /**
     * Several right-hand sides solved in one pass give bit for bit the single solves: the same
     * operations in the same order on each column.
     */
    static void assertBlockSolveIsSingleSolves(SparseLu lu, int n, long seed) {
        int nrhs = 5;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] single = new double[nrhs][];
        double[] block = new double[n * nrhs];
        for (int r = 0; r < nrhs; r++) {
            single[r] = rnd.doubles(n, -1, 1).toArray();
            if (r == 2) {
                java.util.Arrays.fill(single[r], 0, n / 2, 0); // zeros the single solve skips
            }
            for (int k = 0; k < n; k++) {
                block[k * nrhs + r] = single[r][k];
            }
            lu.solve(single[r], new double[n]);
        }
        lu.solve(block, nrhs, new double[n * nrhs]);
        for (int r = 0; r < nrhs; r++) {
            for (int k = 0; k < n; k++) {
                assertEquals(single[r][k], block[k * nrhs + r], 0.0, "right-hand side " + r + ", unknown " + k);
            }
        }
    }

    @Test
    void mnaWithVoltageSourcesMatchesDenseLu() {
        int staticPivots = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Csc a = mna(seed, 80, 6);
            double[] b = new SplittableRandom(seed).doubles(a.n(), -1, 1).toArray();
            SparseLu lu = new SparseLu(a.n(), a.colPtr(), a.rowIdx());
            assertClose(dense(a, b), solve(lu, a, b));
            assertBlockSolveIsSingleSolves(lu, a.n(), seed);
            staticPivots += lu.pivotingFactorizations() == 0 ? 1 : 0;
        }
        // pairing each source's branch row with its node's row makes static pivots the rule
        assertTrue(staticPivots >= 30, staticPivots + " of 40 factored on static pivots");
    }

    /** Every ordering gives the dense LU's solution; each reports itself and the multiply-adds it costs. */
    @Test
    void everyOrderingMatchesDenseLu() {
        for (long seed = 1; seed <= 10; seed++) {
            Csc a = mna(seed, 600, 8);
            double[] b = new SplittableRandom(seed).doubles(a.n(), -1, 1).toArray();
            double[] reference = dense(a, b);
            for (SparseLu.Ordering o : SparseLu.Ordering.values()) {
                SparseLu lu = new SparseLu(a.n(), a.colPtr(), a.rowIdx(), o);
                assertClose(reference, solve(lu, a, b));
                if (lu.pivotingFactorizations() == 0) {
                    assertEquals(o, lu.ordering());
                    assertTrue(lu.factorOperations() > 0, o + " multiply-adds");
                }
            }
        }
    }

    /**
     * Nested dissection of a k x k grid (a 5-point Laplacian) solves it, with fewer factor entries
     * than the natural order's band (k entries a column).
     */
    @Test
    void nestedDissectionOfAGrid() {
        int k = 60;
        int n = k * k;
        TreeMap<Long, Double> m = new TreeMap<>();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                int v = i * k + j;
                stampG(m, n, v, -1, 1e-3);
                if (j + 1 < k) {
                    stampG(m, n, v, v + 1, 1);
                }
                if (i + 1 < k) {
                    stampG(m, n, v, v + k, 1);
                }
            }
        }
        Csc a = Csc.of(n, m);
        double[] b = new SplittableRandom(3).doubles(n, -1, 1).toArray();
        SparseLu nd = new SparseLu(n, a.colPtr(), a.rowIdx(), SparseLu.Ordering.NESTED_DISSECTION);
        double[] x = solve(nd, a, b);
        VectorAssert.assertRelClose(b, a.times(x), 1e-12, "residual");
        int[] natural = new int[n];
        for (int v = 0; v < n; v++) {
            natural[v] = v;
        }
        SparseLu band = new SparseLu(n, a.colPtr(), a.rowIdx(), natural);
        solve(band, a, b);
        assertTrue(nd.factorNonZeros() < band.factorNonZeros(),
                "nested dissection " + nd.factorNonZeros() + " factor entries, natural order " + band.factorNonZeros());
    }

    @Test
    void groundedSourcesAlwaysFactorOnStaticPivots() {
        for (long seed = 1; seed <= 20; seed++) {
            Csc a = mnaGrounded(seed);
            double[] b = new SplittableRandom(seed).doubles(a.n(), -1, 1).toArray();
            SparseLu lu = new SparseLu(a.n(), a.colPtr(), a.rowIdx());
            assertClose(dense(a, b), solve(lu, a, b));
            assertEquals(0, lu.pivotingFactorizations(), "seed " + seed + ": " + lu.timing());
        }
    }

    /** Only grounded sources (even source indices in {@link #mna}). */
    static Csc mnaGrounded(long seed) {
        Csc a = mna(seed, 80, 1);
        return a;
    }

    @Test
    void refactorizationWithNewValuesReusesPivots() {
        Csc a = mna(7, 60, 4);
        SparseLu lu = new SparseLu(a.n(), a.colPtr(), a.rowIdx());
        double[] b = new SplittableRandom(3).doubles(a.n(), -1, 1).toArray();
        solve(lu, a, b);
        SplittableRandom rnd = new SplittableRandom(11);
        double[] scaled = a.values().clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 1 + 0.1 * rnd.nextDouble(); // same signs, perturbed magnitudes
        }
        Csc a2 = new Csc(a.n(), a.colPtr(), a.rowIdx(), scaled);
        assertClose(dense(a2, b), solve(lu, a2, b));
        assertEquals(1, lu.refactorizations());
    }

    @Test
    void aTinyDiagonalFallsBackToPartialPivoting() {
        // [[1e-20, 1, 0], [1, 1, 1], [0, 1, 3]]: the first diagonal pivot is useless
        int n = 3;
        TreeMap<Long, Double> m = new TreeMap<>();
        add(m, n, 0, 0, 1e-20);
        add(m, n, 0, 1, 1);
        add(m, n, 1, 0, 1);
        add(m, n, 1, 1, 1);
        add(m, n, 1, 2, 1);
        add(m, n, 2, 1, 1);
        add(m, n, 2, 2, 3);
        Csc a = Csc.of(n, m);
        double[] b = {1, 2, 3};
        SparseLu lu = new SparseLu(n, a.colPtr(), a.rowIdx());
        double[] x = solve(lu, a, b);
        assertEquals(1, lu.pivotingFactorizations());
        assertBlockSolveIsSingleSolves(lu, n, 3);
        assertClose(b, a.times(x));
        assertClose(dense(a, b), x);
    }

    @Test
    void structurallySingularColumnIsReported() {
        int n = 3;
        TreeMap<Long, Double> m = new TreeMap<>();
        add(m, n, 0, 0, 1);
        add(m, n, 1, 1, 0);
        add(m, n, 2, 2, 1);
        Csc a = Csc.of(n, m);
        SparseLu lu = new SparseLu(n, a.colPtr(), a.rowIdx());
        assertEquals(1, lu.factor(a.values()));
    }

    @Test
    void twoThreadsGiveBitForBitTheOneThreadFactors() {
        // two 110 x 110 grids joined by a few conductances: the elimination tree splits in two
        int side = 110;
        int half = side * side;
        int n = 2 * half;
        TreeMap<Long, Double> m = new TreeMap<>();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int grid = 0; grid < 2; grid++) {
            int base = grid * half;
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    int k = base + r * side + c;
                    add(m, n, k, k, 1e-3);
                    if (c + 1 < side) {
                        double g = 0.5 + rnd.nextDouble();
                        stampG(m, n, k, k + 1, g);
                        // a transconductance from k+1 into k, balanced in its column as a VCCS stamp is
                        add(m, n, k, k + 1, -0.05 * g);
                        add(m, n, k + 1, k + 1, 0.05 * g);
                    }
                    if (r + 1 < side) {
                        stampG(m, n, k, k + side, 0.5 + rnd.nextDouble());
                    }
                }
            }
        }
        for (int j = 0; j < 5; j++) {
            stampG(m, n, j * 97, half + j * 89, 1);
        }
        Csc a = Csc.of(n, m);
        double[] b = rnd.doubles(n, -1, 1).toArray();
        SparseLu two = new SparseLu(a.n(), a.colPtr(), a.rowIdx(), 1);
        SparseLu one = new SparseLu(a.n(), a.colPtr(), a.rowIdx(), Integer.MAX_VALUE);
        double[] x2 = solve(two, a, b);
        double[] x1 = solve(one, a, b);
        assertTrue(two.timing().contains("2 threads"), two.timing());
        assertTrue(one.timing().contains("1 thread"), one.timing());
        // the factors are bit for bit the same (same operations in the same order on each column),
        // seen through the one-thread substitution ...
        double[] seq = b.clone();
        two.solve(seq, new double[n]);
        assertArrayEquals(x1, seq, "same operations in the same order on each column");
        // ... while the two-thread substitution sums the top part's updates in another order
        assertClose(x1, x2);
        double[] again = b.clone();
        assertEquals(-1, two.factor(a.values())); // refactorization on two threads
        two.solve(again, new double[n]);
        assertArrayEquals(x1, again);
        double[] r = a.times(x1);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(r[i] - b[i]));
        }
        assertTrue(worst <= 1e-9, "residual " + worst);
    }

    @Test
    void denseTrailingBlockWithRowPivotingMatchesDenseLu() {
        // a sparse chain of 400 unknowns, and 80 "hub" unknowns each coupled to many chain nodes:
        // the hubs end up last and fully coupled, a dense block; their own diagonals are tiny so the
        // block needs row exchanges (its values are those of the Schur complement, not of A)
        int chain = 400;
        int hubs = 80;
        int n = chain + hubs;
        TreeMap<Long, Double> m = new TreeMap<>();
        SplittableRandom rnd = new SplittableRandom(9);
        for (int k = 0; k < chain; k++) {
            add(m, n, k, k, 4 + rnd.nextDouble());
            if (k + 1 < chain) {
                add(m, n, k, k + 1, -1);
                add(m, n, k + 1, k, -1);
            }
        }
        for (int h = 0; h < hubs; h++) {
            int hub = chain + h;
            add(m, n, hub, hub, 1e-9);
            for (int e = 0; e < 12; e++) {
                int k = rnd.nextInt(chain);
                add(m, n, hub, k, rnd.nextDouble() - 0.5);
                add(m, n, k, hub, rnd.nextDouble() - 0.5);
            }
            int other = chain + rnd.nextInt(hubs);
            if (other != hub) {
                add(m, n, hub, other, 2 * rnd.nextDouble() - 1);
                add(m, n, other, hub, 2 * rnd.nextDouble() - 1);
            }
        }
        Csc a = Csc.of(n, m);
        double[] b = rnd.doubles(n, -1, 1).toArray();
        SparseLu lu = new SparseLu(a.n(), a.colPtr(), a.rowIdx());
        double[] x = solve(lu, a, b);
        assertTrue(lu.timing().contains("dense trailing block"), lu.timing());
        assertEquals(0, lu.pivotingFactorizations(), lu.timing());
        assertClose(dense(a, b), x);
        double[] again = solve(lu, a, b);
        assertClose(x, again);
        assertBlockSolveIsSingleSolves(lu, n, 4);
    }
}
