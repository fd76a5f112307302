package org.xbarsim.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A weight matrix larger than the largest array, split into tiles (paper 004 section III): row
 * blocks of at most maxRows inputs and column blocks of at most maxCols outputs; each tile's
 * partial sums are digitized on their own and added.
 */
public final class Tiling {
    private Tiling() {
    }

    /** One tile: inputs [row0, row0 + rows), outputs [col0, col0 + cols). */
    public record Tile(int row0, int rows, int col0, int cols) {
    }

    /** Tiles covering an m x n matrix, blocks as even as the limits allow. */
    public static List<Tile> tiles(int m, int n, int maxRows, int maxCols) {
        if (maxRows < 1 || maxCols < 1) {
            throw new IllegalArgumentException("largest array " + maxRows + "x" + maxCols + ": both must be at least 1");
        }
        int rb = (m + maxRows - 1) / maxRows;
        int cb = (n + maxCols - 1) / maxCols;
        List<Tile> out = new ArrayList<>();
        for (int r = 0; r < rb; r++) {
            int r0 = (int) ((long) m * r / rb);
            int r1 = (int) ((long) m * (r + 1) / rb);
            for (int c = 0; c < cb; c++) {
                int c0 = (int) ((long) n * c / cb);
                int c1 = (int) ((long) n * (c + 1) / cb);
                out.add(new Tile(r0, r1 - r0, c0, c1 - c0));
            }
        }
        return out;
    }

    /** The tile's block of a matrix [row][col]. */
    public static double[][] block(double[][] a, Tile t) {
        double[][] out = new double[t.rows()][t.cols()];
        for (int i = 0; i < t.rows(); i++) {
            System.arraycopy(a[t.row0() + i], t.col0(), out[i], 0, t.cols());
        }
        return out;
    }

    /** The tile's columns of input vectors [vector][input]. */
    public static double[][] inputs(double[][] x, Tile t) {
        double[][] out = new double[x.length][t.rows()];
        for (int k = 0; k < x.length; k++) {
            System.arraycopy(x[k], t.row0(), out[k], 0, t.rows());
        }
        return out;
    }
}
