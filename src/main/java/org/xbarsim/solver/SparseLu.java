package org.xbarsim.solver;

import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcsn;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcss;
import edu.emory.mathcs.csparsej.tdouble.Dcs_ipvec;
import edu.emory.mathcs.csparsej.tdouble.Dcs_lsolve;
import edu.emory.mathcs.csparsej.tdouble.Dcs_lu;
import edu.emory.mathcs.csparsej.tdouble.Dcs_sqr;
import edu.emory.mathcs.csparsej.tdouble.Dcs_usolve;

/**
 * Sparse LU of a fixed pattern, for Newton loops. The column order is AMD on A+A' (CSparseJ),
 * computed once per pattern. The first numeric factorization is CSparseJ's left-looking LU with
 * threshold partial pivoting (diagonal preferred); later ones reuse its row pivots and the
 * patterns of L and U, so each is a plain left-looking sweep with no graph search. When a reused
 * pivot falls below {@link #PIVOT_TOLERANCE} of its column, the pivoting factorization runs again.
 */
public final class SparseLu {
    /** Threshold of partial pivoting: a diagonal pivot is kept while at least this fraction of the column maximum. */
    static final double PIVOT_TOLERANCE = 1e-3;

    private final int n;
    private final Dcs a;
    private final Dcss symbolic;
    private Dcsn numeric;
    private final double[] work;
    private final double[] perm;
    private int pivotingFactorizations;
    private int refactorizations;

    /**
     * Analyzes the pattern. (Input) arrays are kept, not copied, and must not change.
     *
     * @param n      matrix size
     * @param colPtr column pointers, length n+1
     * @param rowIdx row indices of each column
     */
    public SparseLu(int n, int[] colPtr, int[] rowIdx) {
        if (colPtr.length != n + 1) {
            throw new IllegalArgumentException("column pointers: length " + colPtr.length + ", expected " + (n + 1));
        }
        this.n = n;
        a = new Dcs();
        a.m = n;
        a.n = n;
        a.p = colPtr;
        a.i = rowIdx;
        a.x = new double[rowIdx.length];
        a.nzmax = rowIdx.length;
        a.nz = -1;
        symbolic = Dcs_sqr.cs_sqr(1, a, false);
        if (symbolic == null) {
            throw new IllegalStateException("sparse LU analysis failed for a " + n + "x" + n + " pattern");
        }
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
        if (numeric != null && refactor()) {
            refactorizations++;
            return -1;
        }
        numeric = Dcs_lu.cs_lu(a, symbolic, PIVOT_TOLERANCE);
        if (numeric == null) {
            return singularColumn();
        }
        pivotingFactorizations++;
        return -1;
    }

    /** Numeric refactorization on the stored pattern and pivots; false when a pivot is too small. */
    private boolean refactor() {
        Dcs l = numeric.L;
        Dcs u = numeric.U;
        int[] lp = l.p;
        int[] li = l.i;
        double[] lx = l.x;
        int[] up = u.p;
        int[] ui = u.i;
        double[] ux = u.x;
        int[] pinv = numeric.pinv;
        int[] q = symbolic.q;
        int[] ap = a.p;
        int[] ai = a.i;
        double[] ax = a.x;
        double[] x = work;
        for (int k = 0; k < n; k++) {
            int col = q == null ? k : q[k];
            for (int p = ap[col]; p < ap[col + 1]; p++) {
                x[pinv[ai[p]]] = ax[p];
            }
            int uEnd = up[k + 1] - 1; // the diagonal is stored last
            for (int p = up[k]; p < uEnd; p++) {
                int j = ui[p];
                double ujk = x[j];
                x[j] = 0;
                ux[p] = ujk;
                if (ujk != 0) {
                    for (int r = lp[j] + 1; r < lp[j + 1]; r++) {
                        x[li[r]] -= lx[r] * ujk;
                    }
                }
            }
            double pivot = x[k];
            x[k] = 0;
            double colMax = Math.abs(pivot);
            for (int r = lp[k] + 1; r < lp[k + 1]; r++) {
                colMax = Math.max(colMax, Math.abs(x[li[r]]));
            }
            if (!(Math.abs(pivot) >= PIVOT_TOLERANCE * colMax) || pivot == 0) {
                java.util.Arrays.fill(x, 0);
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

    /** A column with no usable pivot, found by a dense scan of structurally empty columns or the first tiny one. */
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
        return symbolic.q == null ? 0 : symbolic.q[n - 1];
    }

    /** Solves A x = b in place: (Input) b, (Output) overwritten with x; b has length at least n. */
    public void solve(double[] b) {
        if (numeric == null) {
            throw new IllegalStateException("solve before a successful factor");
        }
        Dcs_ipvec.cs_ipvec(numeric.pinv, b, perm, n);
        Dcs_lsolve.cs_lsolve(numeric.L, perm);
        Dcs_usolve.cs_usolve(numeric.U, perm);
        if (symbolic.q == null) {
            System.arraycopy(perm, 0, b, 0, n);
        } else {
            Dcs_ipvec.cs_ipvec(symbolic.q, perm, b, n);
        }
    }

    /** Non-zeros of L and U together (fill included). */
    public int factorNonZeros() {
        return numeric == null ? 0 : numeric.L.p[n] + numeric.U.p[n];
    }

    public int pivotingFactorizations() {
        return pivotingFactorizations;
    }

    public int refactorizations() {
        return refactorizations;
    }
}
