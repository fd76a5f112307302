package org.xbarsim.crossbar;

/**
 * An approximate inverse of an array's Jacobian: one sweep of block Gauss-Seidel over its lines
 * (line relaxation; Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., section 4.1.1),
 * first every row wire, then every column wire, each an exact tridiagonal solve.
 *
 * <p>A row block is the top nodes of one row with the middle nodes of its cells (1T1M), the
 * column nodes held at zero (a sweep starts from zero); each middle node is eliminated into its top node, so
 * the block is the row wire's tridiagonal system. A column block is the bottom nodes of one column
 * with the middle nodes again, the top nodes held. Lines couple only through the cells, whose
 * conductances (1e-5 S at 100 kOhm) are far below the wires' (1 S at 1 Ohm per segment), so one
 * sweep leaves about the product of the two lines' couplings of the error: about 1e-3 at paper
 * 002's parameters on a 116 x 64 array, against a cost per cell of a few multiply-adds, where a
 * triangular solve of the nested-dissection LU reads about 70 factor entries per cell (517,000 for
 * the 7,424 cells of that array).
 *
 * <p>The coefficients are set once per Jacobian ({@link #set}); a sweep ({@link #sweep}) then only
 * reads them.
 */
final class LineRelaxation {
    private final ArrayEquations eq;
    private final int m;
    private final int n;
    private final int pc;
    private final boolean access;
    /** Wire conductances (S): row and column segments. */
    private final double gRow;
    private final double gCol;
    /** Per cell, the Jacobian's (x, top) and (1T1M) (x, bottom), x the node below the memristor (1T1M middle, 1R bottom). */
    private final double[] xt;
    private final double[] xb;
    /** Per cell (1T1M): 1 / the middle node's diagonal, and tx and bx over that diagonal. */
    private final double[] invMid;
    private final double[] rowMid;
    private final double[] colMid;
    /** Per cell: the row and column Thomas factors, 1 / pivot and the super-diagonal over the pivot. */
    private final double[] rowInv;
    private final double[] rowUp;
    private final double[] colInv;
    private final double[] colUp;

    LineRelaxation(ArrayEquations eq) {
        this.eq = eq;
        m = eq.m;
        n = eq.n;
        pc = eq.perCell;
        access = eq.access;
        gRow = eq.rowConductance();
        gCol = eq.columnConductance();
        int cells = m * n;
        xt = new double[cells];
        xb = new double[cells];
        invMid = new double[cells];
        rowMid = new double[cells];
        colMid = new double[cells];
        rowInv = new double[cells];
        rowUp = new double[cells];
        colInv = new double[cells];
        colUp = new double[cells];
    }

    /** Takes the Jacobian {@code values} (slot order of {@link ArrayEquations#pattern}) and factors every line. */
    void set(double[] values) {
        int cells = m * n;
        double[] diag = new double[eq.size];
        double[] tx = new double[cells];
        double[] bx = new double[cells];
        eq.cellEntries(values, diag, tx, xt, xb, bx);
        for (int i = 0; i < m; i++) {
            double up = 0;
            for (int j = 0; j < n; j++) {
                int c = i * n + j;
                int t = c * pc;
                double d = diag[t];
                if (access) {
                    invMid[c] = 1 / diag[t + 1];
                    rowMid[c] = tx[c] * invMid[c];
                    colMid[c] = bx[c] * invMid[c];
                    d -= rowMid[c] * xt[c];
                }
                double pivot = d + gRow * up; // minus the sub-diagonal (-gRow) times the last super-diagonal over its pivot
                rowInv[c] = 1 / pivot;
                up = -gRow / pivot;
                rowUp[c] = up;
            }
        }
        for (int j = 0; j < n; j++) {
            double up = 0;
            for (int i = 0; i < m; i++) {
                int c = i * n + j;
                double d = diag[c * pc + pc - 1];
                if (access) {
                    d -= colMid[c] * xb[c];
                }
                double pivot = d + gCol * up;
                colInv[c] = 1 / pivot;
                up = -gCol / pivot;
                colUp[c] = up;
            }
        }
    }

    /**
     * One sweep from zero: (Output) d, an approximation to J^-1 r for the Jacobian J last
     * {@link #set}; r is read only; y is scratch of m n values. Workers may sweep at once: the
     * coefficients are only read. All lines of a phase are eliminated together (the loop across
     * lines innermost), so no step waits on the one before it.
     */
    void sweep(double[] r, double[] d, double[] y) {
        int cells = m * n;
        // row phase, the column nodes at zero: each top node's right-hand side with its middle node eliminated
        for (int c = 0, t = 0; c < cells; c++, t += pc) {
            y[c] = access ? r[t] - rowMid[c] * r[t + 1] : r[t];
        }
        for (int i = 0; i < m; i++) {
            y[i * n] *= rowInv[i * n];
        }
        for (int j = 1; j < n; j++) {
            for (int c = j; c < cells; c += n) {
                y[c] = (y[c] + gRow * y[c - 1]) * rowInv[c];
            }
        }
        for (int j = n - 2; j >= 0; j--) {
            for (int c = j; c < cells; c += n) {
                y[c] -= rowUp[c] * y[c + 1];
            }
        }
        for (int c = 0, t = 0; c < cells; c++, t += pc) {
            d[t] = y[c];
        }
        // column phase, the top nodes held
        for (int c = 0, t = 0; c < cells; c++, t += pc) {
            int b = t + pc - 1;
            y[c] = access ? r[b] - colMid[c] * (r[t + 1] - xt[c] * d[t]) : r[b] - xt[c] * d[t];
        }
        for (int c = 0; c < n; c++) {
            y[c] *= colInv[c];
        }
        for (int c = n; c < cells; c++) {
            y[c] = (y[c] + gCol * y[c - n]) * colInv[c];
        }
        for (int c = cells - n - 1; c >= 0; c--) {
            y[c] -= colUp[c] * y[c + n];
        }
        for (int c = 0, t = 0; c < cells; c++, t += pc) {
            int b = t + pc - 1;
            d[b] = y[c];
            if (access) {
                d[t + 1] = (r[t + 1] - xt[c] * d[t] - xb[c] * y[c]) * invMid[c];
            }
        }
    }
}
