package org.xbarsim.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

import edu.emory.mathcs.csparsej.tdouble.Dcs_add;
import edu.emory.mathcs.csparsej.tdouble.Dcs_amd;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcsn;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcss;
import edu.emory.mathcs.csparsej.tdouble.Dcs_counts;
import edu.emory.mathcs.csparsej.tdouble.Dcs_ereach;
import edu.emory.mathcs.csparsej.tdouble.Dcs_etree;
import edu.emory.mathcs.csparsej.tdouble.Dcs_ipvec;
import edu.emory.mathcs.csparsej.tdouble.Dcs_lsolve;
import edu.emory.mathcs.csparsej.tdouble.Dcs_lu;
import edu.emory.mathcs.csparsej.tdouble.Dcs_post;
import edu.emory.mathcs.csparsej.tdouble.Dcs_sqr;
import edu.emory.mathcs.csparsej.tdouble.Dcs_symperm;
import edu.emory.mathcs.csparsej.tdouble.Dcs_transpose;
import edu.emory.mathcs.csparsej.tdouble.Dcs_usolve;

/**
 * Sparse LU of a fixed pattern, for Newton loops.
 *
 * <p>First factorization: rows with a zero diagonal are paired with a partner row (the branch
 * row of a voltage source with its node's row), the paired pattern is ordered ({@link Ordering}:
 * by default AMD of A+A', CSparseJ), and the LU takes its pivots on the diagonal (static
 * pivoting) over the symbolic Cholesky structure of the permuted A+A' (elimination tree and row
 * reaches: no graph search per column). If a pivot falls below {@link #PIVOT_TOLERANCE} of its
 * column, CSparseJ's left-looking LU with threshold partial pivoting takes over. Every later
 * factorization reuses the pivots and the patterns of L and U in a plain left-looking sweep, and
 * pivots again only when a reused pivot degrades the same way.
 */
public final class SparseLu {
    /**
     * Fill-reducing orders of the static-pivot structure (benchmarks/README.md, "Fill-reducing
     * ordering", compares them on crossbars).
     */
    public enum Ordering {
        /**
         * Approximate minimum degree of A + A' (CSparseJ's cs_amd, order 1): the default, the
         * fastest of the three on crossbar Jacobians from 64x64 to 512x512 (benchmarks/README.md).
         */
        AMD,
        /**
         * Approximate minimum degree of S'S, S = A without its dense rows (CSparseJ's order for
         * LU with partial pivoting, what COLAMD aims at), applied to rows and columns alike.
         */
        COLAMD,
        /** Nested dissection by level sets of the graph of A + A' ({@link NestedDissection}). */
        NESTED_DISSECTION
    }

    /** A pivot is kept while at least this fraction of the largest entry of its column. */
    public static final double PIVOT_TOLERANCE = 1e-3;

    private final int n;
    private final int parallelMin;
    /** Fill-reducing column order given by the caller (the k-th pivot is unknown ordering[k]), or null. */
    private final int[] ordering;
    /** How to order when the caller gave no order. */
    private final Ordering method;
    /** Multiply-adds of a numeric factorization on the static structure: the sum over columns of (|L(:,k)| - 1)^2. */
    private long operations;
    /** The ordering the static structure was built on (null: the caller's order, or none yet). */
    private Ordering chosen;
    private final Dcs a;
    /** Ordering for the pivoting LU, computed when it is first needed. */
    private Dcss symbolic;
    private final double[] work;
    private final double[] perm;
    /** The factors in use: unit lower L (diagonal first), upper U (diagonal last). */
    private Dcs lower;
    private Dcs upper;
    /** Row permutation: original row i is pivot row rowPerm[i]. */
    private int[] rowPerm;
    /** Column order: the k-th pivot column is colOrder[k]. */
    private int[] colOrder;
    private boolean staticTried;
    /** The unknown whose pivot was exactly zero in the last failed diagonal-pivot factorization, or -1. */
    private volatile int zeroPivot = -1;
    /** Columns for thread 0, thread 1 and the sequential top part (sparse columns only); null: one thread. */
    private int[][] split;
    private double[] work2;
    /** The second thread's copy of the right-hand side in a two-thread solve. */
    private double[] solveCopy;
    /** The sparse pivot columns in order when on one thread (null: all n). */
    private int[] sparseColumns;
    /** First pivot column of the dense trailing block, and its size (0: none). */
    private int denseStart;
    private int denseSize;
    /** The dense block's LU, column-major, and its row pivots. */
    private double[] dense;
    private int[] densePivot;
    private int pivotingFactorizations;
    private int staticFactorizations;
    private int refactorizations;
    private long analyzeNanos;
    private long pivotingNanos;
    private long staticNanos;
    private long symbolicNanos;
    private long refactorNanos;
    private long solveNanos;

    /**
     * Analyzes the pattern. (Input) arrays are kept, not copied, and must not change.
     *
     * @param n      matrix size
     * @param colPtr column pointers, length n+1
     * @param rowIdx row indices of each column, no duplicates
     */
    public SparseLu(int n, int[] colPtr, int[] rowIdx) {
        this(n, colPtr, rowIdx, null, Ordering.AMD, PARALLEL_MIN_FACTOR_NONZEROS);
    }

    /**
     * As {@link #SparseLu(int, int[], int[])} with a fill-reducing order known to the caller (for
     * example nested dissection of a grid) in place of AMD; every diagonal entry must be stored.
     *
     * @param ordering the unknowns in pivot order, a permutation of 0..n-1
     */
    public SparseLu(int n, int[] colPtr, int[] rowIdx, int[] ordering) {
        this(n, colPtr, rowIdx, ordering, Ordering.AMD, PARALLEL_MIN_FACTOR_NONZEROS);
    }

    /** As {@link #SparseLu(int, int[], int[])} with the given fill-reducing ordering method. */
    public SparseLu(int n, int[] colPtr, int[] rowIdx, Ordering method) {
        this(n, colPtr, rowIdx, null, method, PARALLEL_MIN_FACTOR_NONZEROS);
    }

    /** As {@link #SparseLu(int, int[], int[])}, factoring on two threads from {@code parallelMin} factor entries. */
    SparseLu(int n, int[] colPtr, int[] rowIdx, int parallelMin) {
        this(n, colPtr, rowIdx, null, Ordering.AMD, parallelMin);
    }

    private SparseLu(int n, int[] colPtr, int[] rowIdx, int[] ordering, Ordering method, int parallelMin) {
        this.parallelMin = parallelMin;
        this.method = java.util.Objects.requireNonNull(method, "ordering method");
        if (ordering != null) {
            if (ordering.length != n) {
                throw new IllegalArgumentException("ordering: length " + ordering.length + ", expected " + n);
            }
            boolean[] seen = new boolean[n];
            for (int k : ordering) {
                if (k < 0 || k >= n || seen[k]) {
                    throw new IllegalArgumentException("ordering is not a permutation of 0.." + (n - 1) + ": " + k);
                }
                seen[k] = true;
            }
        }
        this.ordering = ordering;
        if (colPtr.length != n + 1) {
            throw new IllegalArgumentException("column pointers: length " + colPtr.length + ", expected " + (n + 1));
        }
        this.n = n;
        a = compressed(n, colPtr, rowIdx, new double[rowIdx.length]);
        work = new double[n];
        perm = new double[n];
    }

    /**
     * Factors the matrix whose values, in the pattern's order, are {@code values}. (Input) not
     * modified; the array is referenced until the next call.
     *
     * @return -1 on success, else a column (unknown index) where no usable pivot was found
     */
    public int factor(double[] values) {
        a.x = values;
        zeroPivot = -1;
        long t0 = System.nanoTime();
        if (lower != null) {
            boolean ok = numeric();
            refactorNanos += System.nanoTime() - t0;
            if (ok) {
                refactorizations++;
                return -1;
            }
        } else if (!staticTried) {
            staticTried = true;
            long ordering = analyzeNanos;
            staticStructure(values);
            symbolicNanos = System.nanoTime() - t0 - (analyzeNanos - ordering); // the AMD ordering is reported apart
            boolean ok = numeric();
            staticNanos += System.nanoTime() - t0;
            if (ok) {
                staticFactorizations++;
                return -1;
            }
        }
        t0 = System.nanoTime();
        if (symbolic == null) {
            symbolic = Dcs_sqr.cs_sqr(1, a, false);
            if (symbolic == null) {
                throw new IllegalStateException("sparse LU analysis failed for a " + n + "x" + n + " pattern");
            }
        }
        Dcsn lu = Dcs_lu.cs_lu(a, symbolic, PIVOT_TOLERANCE);
        pivotingNanos += System.nanoTime() - t0;
        if (lu == null) {
            lower = null;
            return singularColumn();
        }
        lower = lu.L;
        upper = lu.U;
        split = null;
        sparseColumns = null;
        denseSize = 0;
        denseStart = n;
        dense = null;
        rowPerm = lu.pinv;
        colOrder = symbolic.q;
        pivotingFactorizations++;
        return -1;
    }

    /**
     * Builds the static-pivot structure: rows paired so no pivot is zero to begin with, the paired
     * pattern ordered, then the patterns of L and U from the elimination tree of the permuted A+A'
     * (row k of L, and column k of U, is the reach of column k of its upper part).
     */
    private void staticStructure(double[] values) {
        int[] rowTo = pairZeroDiagonals(values);
        int[] pairedRows = new int[a.i.length];
        for (int p = 0; p < a.i.length; p++) {
            pairedRows[p] = rowTo[a.i[p]];
        }
        Dcs paired = compressed(n, a.p, pairedRows, null); // a pattern: the orderings read no values
        long t0 = System.nanoTime();
        Dcs sym = Dcs_add.cs_add(paired, Dcs_transpose.cs_transpose(paired, false), 1, 1);
        Elimination e;
        if (ordering != null) {
            e = elimination(sym, ordering, null);
        } else {
            e = elimination(sym, switch (method) {
                case COLAMD -> Dcs_amd.cs_amd(2, paired);
                case NESTED_DISSECTION -> NestedDissection.order(sym);
                default -> Dcs_amd.cs_amd(1, paired);
            }, method);
        }
        analyzeNanos += System.nanoTime() - t0;
        int[] order = e.order();
        int[] pinv = e.pinv();
        Dcs c = e.c();
        int[] parent = e.parent();
        int[] counts = e.counts();
        int[] lp = new int[n + 1];
        operations = e.operations();
        chosen = e.method();
        for (int k = 0; k < n; k++) {
            lp[k + 1] = lp[k] + counts[k];
        }
        int[] li = new int[lp[n]];
        int[] next = Arrays.copyOf(lp, n);
        int[] reach = new int[n];
        int[] mark = new int[n];
        // U(:,k) is the reach of row k in the elimination tree, descendants before ancestors (a
        // valid order for the left-looking update), then the diagonal; |U| = |L| by symmetry
        int[] up = new int[n + 1];
        int[] ui = new int[lp[n]];
        int u = 0;
        for (int k = 0; k < n; k++) {
            up[k] = u;
            int top = Dcs_ereach.cs_ereach(c, k, parent, reach, 0, mark);
            for (int t = top; t < n; t++) {
                int i = reach[t];
                li[next[i]++] = k; // L(k, i) is non-zero
                ui[u++] = i;
            }
            li[next[k]++] = k; // column k is still empty: its diagonal comes first, later rows follow in order
            ui[u++] = k;
        }
        up[n] = u;
        lower = compressed(n, lp, li, new double[lp[n]]);
        for (int j = 0; j < n; j++) {
            lower.x[lp[j]] = 1;
        }
        upper = compressed(n, up, ui, new double[u]);
        denseSize = denseBlockSize();
        denseStart = n - denseSize;
        if (denseSize > 0) {
            dense = new double[denseSize * denseSize];
            densePivot = new int[denseSize];
            sparseColumns = new int[denseStart];
            for (int k = 0; k < denseStart; k++) {
                sparseColumns[k] = k;
            }
        }
        split = splitTree(parent);
        if (split != null) {
            int first = denseStart;
            split[2] = Arrays.stream(split[2]).filter(k -> k < first).toArray();
        }
        if (split != null || (denseSize > 0 && Runtime.getRuntime().availableProcessors() >= 2
                && (long) lower.p[n] + upper.p[n] >= parallelMin)) {
            work2 = new double[n];
        }
        rowPerm = new int[n];
        for (int i = 0; i < n; i++) {
            rowPerm[i] = pinv[rowTo[i]];
        }
        colOrder = order;
    }

    /**
     * An elimination order and what the static structure needs of it: the permuted symmetric
     * pattern (upper part), its elimination tree, the column counts of L, and the multiply-adds
     * of a numeric factorization, the sum of (count - 1)^2.
     */
    private record Elimination(Ordering method, int[] order, int[] pinv, Dcs c, int[] parent, int[] counts,
                               long operations) {
    }

    private Elimination elimination(Dcs sym, int[] order, Ordering method) {
        int[] pinv = new int[n];
        for (int k = 0; k < n; k++) {
            pinv[order[k]] = k;
        }
        Dcs c = Dcs_symperm.cs_symperm(sym, pinv, false);
        int[] parent = Dcs_etree.cs_etree(c, false);
        int[] post = Dcs_post.cs_post(parent, n);
        int[] counts = Dcs_counts.cs_counts(c, parent, post, false);
        long ops = 0;
        for (int k = 0; k < n; k++) {
            ops += (long) (counts[k] - 1) * (counts[k] - 1);
        }
        return new Elimination(method, order, pinv, c, parent, counts, ops);
    }

    /** An n x n CSparseJ compressed-column matrix over the given arrays (kept, not copied; values may be null). */
    public static Dcs compressed(int n, int[] colPtr, int[] rowIdx, double[] values) {
        Dcs m = new Dcs();
        m.m = n;
        m.n = n;
        m.p = colPtr;
        m.i = rowIdx;
        m.x = values;
        m.nzmax = rowIdx.length;
        m.nz = -1;
        return m;
    }

    /**
     * Row pairing for a zero-free diagonal: each column j whose diagonal is zero exchanges rows
     * with a row r such that A(r,j) and A(j,r) are both non-zero, as the branch row of a voltage
     * source and the row of its node are (modified nodal analysis). Rows not paired stay put.
     *
     * @return rowTo[i], the position row i takes
     */
    private int[] pairZeroDiagonals(double[] values) {
        int[] rowTo = new int[n];
        for (int i = 0; i < n; i++) {
            rowTo[i] = i;
        }
        boolean[] moved = new boolean[n];
        for (int j = 0; j < n; j++) {
            if (moved[j] || entry(j, j, values) != 0) {
                continue;
            }
            int best = -1;
            double bestScore = 0;
            for (int p = a.p[j]; p < a.p[j + 1]; p++) {
                int r = a.i[p];
                if (r == j || moved[r] || values[p] == 0) {
                    continue;
                }
                double back = Math.abs(entry(j, r, values));
                if (back == 0) {
                    continue;
                }
                // prefer a partner whose own diagonal is zero too: both pivots are then fixed at once
                double score = Math.min(Math.abs(values[p]), back) * (entry(r, r, values) == 0 ? 2 : 1);
                if (score > bestScore) {
                    bestScore = score;
                    best = r;
                }
            }
            if (best >= 0) {
                rowTo[j] = best;
                rowTo[best] = j;
                moved[j] = true;
                moved[best] = true;
            }
        }
        return rowTo;
    }

    /** A(row, col), 0 when not stored (binary search: rows are sorted within columns). */
    private double entry(int row, int col, double[] values) {
        int k = Arrays.binarySearch(a.i, a.p[col], a.p[col + 1], row);
        return k >= 0 ? values[k] : 0;
    }

    /**
     * Numeric left-looking LU on the stored pattern and pivots; false when a pivot is too small.
     * With a subtree split (static structure, large matrices), two threads factor two disjoint
     * subtrees of the elimination tree, whose columns depend only on their own descendants, and
     * the columns above them follow on one thread.
     */
    private boolean numeric() {
        boolean ok;
        if (split == null) {
            ok = columns(sparseColumns, work);
        } else {
            ok = both(() -> columns(split[0], work), () -> columns(split[1], work2)) && columns(split[2], work);
        }
        if (!ok || denseSize == 0) {
            return ok;
        }
        int half = denseSize / 2;
        boolean formed = work2 == null
                ? schur(denseStart, n, work)
                : both(() -> schur(denseStart, denseStart + half, work), () -> schur(denseStart + half, n, work2));
        return formed && denseLu();
    }

    /** Runs two tasks, the second on the LU's second thread; true when both return true. */
    private boolean both(java.util.function.BooleanSupplier here, java.util.function.BooleanSupplier there) {
        boolean[] ok = new boolean[2];
        SECOND.both(() -> ok[0] = here.getAsBoolean(), () -> ok[1] = there.getAsBoolean());
        if (!ok[0] || !ok[1]) {
            Arrays.fill(work, 0);
            if (work2 != null) {
                Arrays.fill(work2, 0);
            }
            return false;
        }
        return true;
    }

    /**
     * Scatters pivot column k of A into x (zero on entry) and applies the update of every column
     * j &lt; limit of U(:,k), in U's stored order (descendants before ancestors), storing U(j,k).
     */
    private void leftLooking(int k, double[] x, int limit) {
        int[] lp = lower.p;
        int[] li = lower.i;
        double[] lx = lower.x;
        int[] up = upper.p;
        int[] ui = upper.i;
        double[] ux = upper.x;
        int[] ap = a.p;
        int[] ai = a.i;
        double[] ax = a.x;
        int col = colOrder == null ? k : colOrder[k];
        for (int p = ap[col]; p < ap[col + 1]; p++) {
            x[rowPerm[ai[p]]] = ax[p];
        }
        for (int p = up[k]; p < up[k + 1] - 1; p++) {
            int j = ui[p];
            if (j >= limit) {
                continue;
            }
            double ujk = x[j];
            x[j] = 0;
            ux[p] = ujk;
            if (ujk != 0) {
                for (int r = lp[j] + 1; r < lp[j + 1]; r++) {
                    x[li[r]] -= lx[r] * ujk;
                }
            }
        }
    }

    /**
     * Forms columns [from, to) of the Schur complement S = A_TT - L_TS U_ST of the dense trailing
     * block: the left-looking update from every sparse column, updates from block columns left
     * to the dense LU. The columns are independent, so two threads can share them.
     */
    private boolean schur(int from, int to, double[] x) {
        int t0 = denseStart;
        int t = denseSize;
        double[] d = dense;
        for (int k = from; k < to; k++) {
            leftLooking(k, x, t0); // updates from within the block are the dense LU's
            int base = (k - t0) * t;
            for (int r = t0; r < n; r++) {
                d[base + r - t0] = x[r];
                x[r] = 0;
            }
        }
        return true;
    }

    /**
     * LU of the dense trailing block in place (column-major, unit lower and upper), partial
     * pivoting by rows within the block; false when a column has no non-zero pivot.
     */
    private boolean denseLu() {
        int t = denseSize;
        double[] d = dense;
        for (int j = 0; j < t; j++) {
            int colJ = j * t;
            int piv = j;
            double best = Math.abs(d[colJ + j]);
            for (int r = j + 1; r < t; r++) {
                double v = Math.abs(d[colJ + r]);
                if (v > best) {
                    best = v;
                    piv = r;
                }
            }
            densePivot[j] = piv;
            if (!(best > 0)) {
                zeroPivot = colOrder[denseStart + j];
                return false;
            }
            if (piv != j) {
                for (int c = 0; c < t; c++) {
                    int o = c * t;
                    double tmp = d[o + j];
                    d[o + j] = d[o + piv];
                    d[o + piv] = tmp;
                }
            }
            double inv = 1 / d[colJ + j];
            for (int r = j + 1; r < t; r++) {
                d[colJ + r] *= inv;
            }
            for (int c = j + 1; c < t; c++) {
                int o = c * t;
                double f = d[o + j];
                if (f != 0) {
                    for (int r = j + 1; r < t; r++) {
                        d[o + r] -= d[colJ + r] * f;
                    }
                }
            }
        }
        return true;
    }

    /** Factors the given pivot columns (all, in order, when null) with work array x (zero on entry and exit). */
    private boolean columns(int[] cols, double[] x) {
        int[] lp = lower.p;
        int[] li = lower.i;
        double[] lx = lower.x;
        int[] up = upper.p;
        double[] ux = upper.x;
        int count = cols == null ? n : cols.length;
        for (int c = 0; c < count; c++) {
            int k = cols == null ? c : cols[c];
            leftLooking(k, x, n);
            int uEnd = up[k + 1] - 1; // the diagonal is stored last
            double pivot = x[k];
            x[k] = 0;
            double colMax = Math.abs(pivot);
            for (int r = lp[k] + 1; r < lp[k + 1]; r++) {
                colMax = Math.max(colMax, Math.abs(x[li[r]]));
            }
            if (!(Math.abs(pivot) >= PIVOT_TOLERANCE * colMax) || pivot == 0) {
                if (pivot == 0) {
                    zeroPivot = colOrder == null ? k : colOrder[k];
                }
                Arrays.fill(x, 0);
                return false;
            }
            ux[uEnd] = pivot;
            for (int r = lp[k] + 1; r < lp[k + 1]; r++) {
                lx[r] = x[li[r]] / pivot;
                x[li[r]] = 0;
            }
        }
        return true;
    }

    /**
     * Splits the elimination tree for two threads: descends from the roots, moving a subtree's
     * root to the sequential top part while that subtree holds more than half the work left, then
     * deals the remaining subtrees to two bins, largest first to the lighter one.
     *
     * @return the pivot columns of bin 0, bin 1 and the top part, each ascending; null when
     *         the matrix is too small or the tree will not split evenly
     */
    private int[][] splitTree(int[] parent) {
        if (Runtime.getRuntime().availableProcessors() < 2 || (long) lower.p[n] + upper.p[n] < parallelMin) {
            return null;
        }
        int[] lp = lower.p;
        int[] up = upper.p;
        int[] ui = upper.i;
        double[] subtree = new double[n];
        int[] firstChild = new int[n];
        int[] sibling = new int[n];
        Arrays.fill(firstChild, -1);
        List<Integer> roots = new ArrayList<>();
        int limit = denseStart; // columns of the dense block are done after both threads
        for (int k = 0; k < n; k++) {
            double w = lp[k + 1] - lp[k];
            for (int p = up[k]; p < up[k + 1] - 1; p++) {
                int j = ui[p];
                w += lp[j + 1] - lp[j];
            }
            subtree[k] += w;
            if (parent[k] >= 0) {
                subtree[parent[k]] += subtree[k];
                sibling[k] = firstChild[parent[k]];
                firstChild[parent[k]] = k;
            }
            if (k < limit && (parent[k] < 0 || parent[k] >= limit)) {
                roots.add(k);
            }
        }
        PriorityQueue<Integer> open = new PriorityQueue<>((x, y) -> Double.compare(subtree[y], subtree[x]));
        open.addAll(roots);
        boolean[] top = new boolean[n];
        for (int k = limit; k < n; k++) {
            top[k] = true;
        }
        double total = 0;
        for (int r : roots) {
            total += subtree[r];
        }
        double left = total;
        while (!open.isEmpty() && subtree[open.peek()] > 0.5 * left) {
            int k = open.poll();
            top[k] = true;
            left -= subtree[k];
            double own = subtree[k];
            for (int c = firstChild[k]; c >= 0; c = sibling[c]) {
                own -= subtree[c];
                open.add(c);
            }
            left += subtree[k] - own;
        }
        double[] load = new double[2];
        int[] bin = new int[n];
        Arrays.fill(bin, 2);
        List<Integer> subtrees = new ArrayList<>(open);
        subtrees.sort((x, y) -> Double.compare(subtree[y], subtree[x]));
        for (int r : subtrees) {
            int b = load[0] <= load[1] ? 0 : 1;
            load[b] += subtree[r];
            bin[r] = b;
        }
        if (Math.min(load[0], load[1]) < PARALLEL_MIN_SHARE * total) {
            return null;
        }
        // a column belongs to the bin of its nearest assigned ancestor-or-self; descendants precede parents
        for (int k = n - 1; k >= 0; k--) {
            if (bin[k] == 2 && !top[k] && parent[k] >= 0) {
                bin[k] = bin[parent[k]];
            }
        }
        int[] sizes = new int[3];
        for (int k = 0; k < n; k++) {
            sizes[bin[k]]++;
        }
        int[][] out = {new int[sizes[0]], new int[sizes[1]], new int[sizes[2]]};
        int[] fill = new int[3];
        for (int k = 0; k < n; k++) {
            out[bin[k]][fill[bin[k]]++] = k;
        }
        return out;
    }

    /** Below this many factor entries a factorization runs on one thread. */
    static final int PARALLEL_MIN_FACTOR_NONZEROS = 150_000;
    /** The lighter thread must get at least this fraction of the work, or the split is not worth it. */
    static final double PARALLEL_MIN_SHARE = 0.25;

    private static final SecondThread SECOND = new SecondThread("xbarsim-lu");

    /**
     * A column with no usable pivot: one whose entries are all zero, else one where the
     * diagonal-pivot factorization met an exactly zero pivot, else the last in pivot order.
     */
    private int singularColumn() {
        for (int j = 0; j < n; j++) {
            boolean any = false;
            for (int p = a.p[j]; p < a.p[j + 1]; p++) {
                any |= a.x[p] != 0;
            }
            if (!any) {
                return j;
            }
        }
        if (zeroPivot >= 0) {
            return zeroPivot;
        }
        return symbolic == null || symbolic.q == null ? 0 : symbolic.q[n - 1];
    }

    /** Solves A x = b in place: (Input) b, (Output) overwritten with x; b has length at least n. */
    public void solve(double[] b) {
        long t0 = System.nanoTime();
        if (split == null) {
            solve(b, perm);
        } else {
            if (lower == null) {
                throw new IllegalStateException("solve before a successful factor");
            }
            if (solveCopy == null) {
                solveCopy = new double[n];
            }
            Dcs_ipvec.cs_ipvec(rowPerm, b, perm, n);
            splitSolve(perm, solveCopy);
            Dcs_ipvec.cs_ipvec(colOrder, perm, b, n);
        }
        solveNanos += System.nanoTime() - t0;
    }

    /**
     * Forward and back substitution on two threads over the two subtrees of the factorization's
     * split: in the forward sweep each subtree's columns update only their own rows and the top
     * part's, so the second thread works on a copy {@code y2} whose top rows start at zero and
     * collect its updates, added in afterwards; in the back sweep a subtree's columns update
     * only their own descendants, so both threads share y.
     */
    private void splitSolve(double[] y, double[] y2) {
        int[] top = split[2];
        int[] second = split[1];
        System.arraycopy(y, 0, y2, 0, n);
        for (int k : top) {
            y2[k] = 0;
        }
        for (int k = denseStart; k < n; k++) {
            y2[k] = 0;
        }
        both(() -> forward(split[0], y), () -> forward(second, y2));
        for (int k : second) {
            y[k] = y2[k];
        }
        for (int k : top) {
            y[k] += y2[k];
        }
        for (int k = denseStart; k < n; k++) {
            y[k] += y2[k];
        }
        forward(top, y);
        if (denseSize > 0) {
            denseSolve(y);
        }
        back(top, y);
        both(() -> back(split[0], y), () -> back(second, y));
    }

    /** Forward substitution through the given L columns (ascending), in place; true (for {@link #both}). */
    private boolean forward(int[] cols, double[] y) {
        return forward(cols, cols.length, y);
    }

    /** Forward substitution through L columns cols[0..count) (null: 0..count-1), in place; true. */
    private boolean forward(int[] cols, int count, double[] y) {
        int[] lp = lower.p;
        int[] li = lower.i;
        double[] lx = lower.x;
        for (int c = 0; c < count; c++) {
            int j = cols == null ? c : cols[c];
            double yj = y[j];
            if (yj != 0) {
                for (int r = lp[j] + 1; r < lp[j + 1]; r++) {
                    y[li[r]] -= lx[r] * yj;
                }
            }
        }
        return true;
    }

    /** Back substitution through the given U columns (taken in descending order), in place; true. */
    private boolean back(int[] cols, double[] y) {
        return back(cols, cols.length, y);
    }

    /** Back substitution through U columns cols[count-1..0] (null: count-1..0), in place; true. */
    private boolean back(int[] cols, int count, double[] y) {
        int[] up = upper.p;
        int[] ui = upper.i;
        double[] ux = upper.x;
        for (int c = count - 1; c >= 0; c--) {
            int k = cols == null ? c : cols[c];
            int diag = up[k + 1] - 1;
            double xk = y[k] / ux[diag];
            y[k] = xk;
            if (xk != 0) {
                for (int p = up[k]; p < diag; p++) {
                    y[ui[p]] -= ux[p] * xk;
                }
            }
        }
        return true;
    }

    /**
     * As {@link #solve(double[])} with the caller's work array (length at least n), so that
     * several threads can solve with one factorization at once; not counted in {@link #timing()}.
     */
    public void solve(double[] b, double[] work) {
        if (lower == null) {
            throw new IllegalStateException("solve before a successful factor");
        }
        double[] perm = work;
        Dcs_ipvec.cs_ipvec(rowPerm, b, perm, n);
        if (denseSize > 0) {
            solveWithDenseBlock(perm);
        } else {
            Dcs_lsolve.cs_lsolve(lower, perm);
            Dcs_usolve.cs_usolve(upper, perm);
        }
        if (colOrder == null) {
            System.arraycopy(perm, 0, b, 0, n);
        } else {
            Dcs_ipvec.cs_ipvec(colOrder, perm, b, n);
        }
    }

    /**
     * Solves A X = B for {@code nrhs} right-hand sides at once, one pass over the factors for all
     * of them (the factors are read once instead of nrhs times); thread-safe like
     * {@link #solve(double[], double[])}. (Input) b interleaved, entry (unknown k, column r) at
     * {@code b[k * nrhs + r]}; (Output) overwritten with X in the same layout.
     *
     * @param work length at least n * nrhs
     */
    public void solve(double[] b, int nrhs, double[] work) {
        if (lower == null) {
            throw new IllegalStateException("solve before a successful factor");
        }
        double[] y = work;
        for (int k = 0; k < n; k++) {
            System.arraycopy(b, k * nrhs, y, rowPerm[k] * nrhs, nrhs);
        }
        int sparse = denseSize > 0 ? denseStart : n;
        int[] lp = lower.p;
        int[] li = lower.i;
        double[] lx = lower.x;
        if (nrhs == 8) {
            forward8(y, sparse);
        }
        for (int j = nrhs == 8 ? sparse : 0; j < sparse; j++) {
            int oj = j * nrhs;
            for (int p = lp[j] + 1; p < lp[j + 1]; p++) {
                int oi = li[p] * nrhs;
                double l = lx[p];
                for (int r = 0; r < nrhs; r++) {
                    y[oi + r] -= l * y[oj + r];
                }
            }
        }
        if (denseSize > 0) {
            denseSolve(y, nrhs);
        }
        int[] up = upper.p;
        int[] ui = upper.i;
        double[] ux = upper.x;
        if (nrhs == 8) {
            back8(y, sparse);
        }
        for (int k = nrhs == 8 ? -1 : sparse - 1; k >= 0; k--) {
            int diag = up[k + 1] - 1;
            int ok = k * nrhs;
            double d = ux[diag];
            for (int r = 0; r < nrhs; r++) {
                y[ok + r] /= d;
            }
            for (int p = up[k]; p < diag; p++) {
                int oi = ui[p] * nrhs;
                double u = ux[p];
                for (int r = 0; r < nrhs; r++) {
                    y[oi + r] -= u * y[ok + r];
                }
            }
        }
        for (int k = 0; k < n; k++) {
            System.arraycopy(y, k * nrhs, b, (colOrder == null ? k : colOrder[k]) * nrhs, nrhs);
        }
    }

    /** The forward sweep of {@link #solve(double[], int, double[])} through columns 0..count-1 for 8 right-hand sides. */
    private void forward8(double[] y, int count) {
        int[] lp = lower.p;
        int[] li = lower.i;
        double[] lx = lower.x;
        for (int j = 0; j < count; j++) {
            int oj = j * 8;
            double y0 = y[oj];
            double y1 = y[oj + 1];
            double y2 = y[oj + 2];
            double y3 = y[oj + 3];
            double y4 = y[oj + 4];
            double y5 = y[oj + 5];
            double y6 = y[oj + 6];
            double y7 = y[oj + 7];
            for (int p = lp[j] + 1; p < lp[j + 1]; p++) {
                subtract8(y, li[p] * 8, lx[p], y0, y1, y2, y3, y4, y5, y6, y7);
            }
        }
    }

    /** The back sweep of {@link #solve(double[], int, double[])} through columns count-1..0 for 8 right-hand sides. */
    private void back8(double[] y, int count) {
        int[] up = upper.p;
        int[] ui = upper.i;
        double[] ux = upper.x;
        for (int k = count - 1; k >= 0; k--) {
            int diag = up[k + 1] - 1;
            int ok = k * 8;
            double d = ux[diag];
            double y0 = y[ok] / d;
            double y1 = y[ok + 1] / d;
            double y2 = y[ok + 2] / d;
            double y3 = y[ok + 3] / d;
            double y4 = y[ok + 4] / d;
            double y5 = y[ok + 5] / d;
            double y6 = y[ok + 6] / d;
            double y7 = y[ok + 7] / d;
            y[ok] = y0;
            y[ok + 1] = y1;
            y[ok + 2] = y2;
            y[ok + 3] = y3;
            y[ok + 4] = y4;
            y[ok + 5] = y5;
            y[ok + 6] = y6;
            y[ok + 7] = y7;
            for (int p = up[k]; p < diag; p++) {
                subtract8(y, ui[p] * 8, ux[p], y0, y1, y2, y3, y4, y5, y6, y7);
            }
        }
    }

    /** y[o + r] -= a * y_r for r = 0..7: one factor entry applied to eight right-hand sides. */
    private static void subtract8(double[] y, int o, double a, double y0, double y1, double y2, double y3, double y4,
                                  double y5, double y6, double y7) {
        y[o] -= a * y0;
        y[o + 1] -= a * y1;
        y[o + 2] -= a * y2;
        y[o + 3] -= a * y3;
        y[o + 4] -= a * y4;
        y[o + 5] -= a * y5;
        y[o + 6] -= a * y6;
        y[o + 7] -= a * y7;
    }

    /** {@link #denseSolve(double[])} for nrhs interleaved right-hand sides. */
    private void denseSolve(double[] y, int nrhs) {
        int[] up = upper.p;
        int[] ui = upper.i;
        double[] ux = upper.x;
        int t0 = denseStart;
        int t = denseSize;
        double[] d = dense;
        for (int j = 0; j < t; j++) {
            int piv = densePivot[j];
            if (piv != j) {
                int a0 = (t0 + j) * nrhs;
                int b0 = (t0 + piv) * nrhs;
                for (int r = 0; r < nrhs; r++) {
                    double tmp = y[a0 + r];
                    y[a0 + r] = y[b0 + r];
                    y[b0 + r] = tmp;
                }
            }
        }
        for (int j = 0; j < t; j++) {
            int oj = (t0 + j) * nrhs;
            int o = j * t;
            for (int i = j + 1; i < t; i++) {
                int oi = (t0 + i) * nrhs;
                double l = d[o + i];
                for (int r = 0; r < nrhs; r++) {
                    y[oi + r] -= l * y[oj + r];
                }
            }
        }
        for (int j = t - 1; j >= 0; j--) {
            int o = j * t;
            int oj = (t0 + j) * nrhs;
            double piv = d[o + j];
            for (int r = 0; r < nrhs; r++) {
                y[oj + r] /= piv;
            }
            for (int i = 0; i < j; i++) {
                int oi = (t0 + i) * nrhs;
                double u = d[o + i];
                for (int r = 0; r < nrhs; r++) {
                    y[oi + r] -= u * y[oj + r];
                }
            }
        }
        for (int k = n - 1; k >= t0; k--) {
            int ok = k * nrhs;
            for (int p = up[k]; p < up[k + 1] - 1; p++) {
                int j = ui[p];
                if (j < t0) {
                    int oi = j * nrhs;
                    double u = ux[p];
                    for (int r = 0; r < nrhs; r++) {
                        y[oi + r] -= u * y[ok + r];
                    }
                }
            }
        }
    }

    /** Forward and back substitution through the sparse columns and the dense trailing block, in place. */
    private void solveWithDenseBlock(double[] y) {
        forward(null, denseStart, y);
        denseSolve(y);
        back(null, denseStart, y);
    }

    /**
     * The dense trailing block's part of a solve, after the forward sweep of the sparse columns:
     * its row pivots, its L and U, then the updates of the sparse rows from its U columns.
     */
    private void denseSolve(double[] y) {
        denseSolve(y, 1);
    }

    /**
     * The dense trailing block: the largest t such that the last t pivot columns of L are at
     * least {@link #DENSE_BLOCK_DENSITY} full, within [{@link #DENSE_BLOCK_MIN}, {@link #DENSE_BLOCK_MAX}].
     */
    private int denseBlockSize() {
        int[] lp = lower.p;
        long count = 0;
        int best = 0;
        for (int t = 1; t <= Math.min(n, DENSE_BLOCK_MAX); t++) {
            int k = n - t;
            count += lp[k + 1] - lp[k];
            if (count >= DENSE_BLOCK_DENSITY * t * (t + 1) / 2.0) {
                best = t;
            }
        }
        return best >= DENSE_BLOCK_MIN ? best : 0;
    }

    /** The trailing pivot columns are handled as one dense block when at least this full. */
    static final double DENSE_BLOCK_DENSITY = 0.9;
    /** Smallest dense trailing block worth a dense LU. */
    static final int DENSE_BLOCK_MIN = 48;
    /** Largest dense trailing block (its t x t doubles are allocated). */
    static final int DENSE_BLOCK_MAX = 3000;

    /** Non-zeros of L and U together (fill included). */
    public int factorNonZeros() {
        return lower == null ? 0 : lower.p[n] + upper.p[n];
    }

    /** The ordering the factors were built on; null for the caller's own order or before the first factorization. */
    public Ordering ordering() {
        return chosen;
    }

    /** Time of the fill-reducing ordering so far (ms). */
    public double orderingMillis() {
        return analyzeNanos / 1e6;
    }

    /** Time of the symbolic analysis of the static-pivot structure (ms). */
    public double symbolicMillis() {
        return symbolicNanos / 1e6;
    }

    /**
     * Multiply-adds of one numeric factorization on the static-pivot structure (the sum over
     * pivot columns of (|L(:,k)| - 1)^2), 0 before the first factorization.
     */
    public long factorOperations() {
        return operations;
    }

    public int pivotingFactorizations() {
        return pivotingFactorizations;
    }

    public int refactorizations() {
        return refactorizations;
    }

    /** Time spent so far (ms): ordering, first factorizations, refactorizations, triangular solves. */
    public String timing() {
        return String.format(Locale.ROOT,
                "ordering %.1f ms (%s), %d static-pivot LU %.1f ms (symbolic %.1f ms), %d pivoting LU %.1f ms, %d refactorizations %.1f ms, "
                        + "solves %.1f ms, %d factor entries, %s",
                analyzeNanos / 1e6, chosen == null ? "given" : chosen.toString().toLowerCase(Locale.ROOT),
                staticFactorizations, staticNanos / 1e6, symbolicNanos / 1e6, pivotingFactorizations,
                pivotingNanos / 1e6, refactorizations, refactorNanos / 1e6, solveNanos / 1e6, factorNonZeros(),
                (split == null ? "1 thread" : String.format(Locale.ROOT, "2 threads (%d + %d columns, %d after)",
                        split[0].length, split[1].length, split[2].length))
                        + (denseSize > 0 ? String.format(Locale.ROOT, ", dense trailing block %d", denseSize) : ""));
    }
}
