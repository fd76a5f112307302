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

    /**
     * One tile: outputs [col0, col0 + cols) of the inputs [row0, row0 + rows), or of the inputs
     * {@code index} (its length the rows) when they are not contiguous; {@code name} names the
     * non-contiguous ones (kernel row and part).
     */
    public record Tile(int row0, int rows, int col0, int cols, int[] index, String name) {
        public Tile(int row0, int rows, int col0, int cols) {
            this(row0, rows, col0, cols, null, null);
        }

        /** The layer input that feeds the tile's row i. */
        public int row(int i) {
            return index == null ? row0 + i : index[i];
        }

        @Override
        public String toString() {
            return index == null ? "Tile[row0=" + row0 + ", rows=" + rows + ", col0=" + col0 + ", cols=" + cols + "]"
                    : "Tile[" + name + ", rows=" + rows + ", col0=" + col0 + ", cols=" + cols + "]";
        }
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

    /**
     * Paper 004's convolution split (its Table I): the inputs of a kernel of c channels x kh x kw,
     * ordered as ONNX orders them (channel, kernel row, kernel column), grouped by kernel row; each
     * group of c kw inputs split into ceil(c kw / maxRows) even parts, in channel order; outputs in
     * column blocks of at most maxCols. A 3x3x64 kernel gives 3, 6 and 9 row splits for 256, 128
     * and 64 rows.
     */
    public static List<Tile> kernelRows(int c, int kh, int kw, int n, int maxRows, int maxCols) {
        if (maxRows < 1 || maxCols < 1) {
            throw new IllegalArgumentException("largest array " + maxRows + "x" + maxCols + ": both must be at least 1");
        }
        int group = c * kw;
        int parts = (group + maxRows - 1) / maxRows;
        int cb = (n + maxCols - 1) / maxCols;
        List<Tile> out = new ArrayList<>();
        for (int r = 0; r < kh; r++) {
            for (int p = 0; p < parts; p++) {
                int g0 = (int) ((long) group * p / parts);
                int g1 = (int) ((long) group * (p + 1) / parts);
                int[] index = new int[g1 - g0];
                for (int g = g0; g < g1; g++) {
                    int ch = g / kw;
                    int col = g % kw;
                    index[g - g0] = (ch * kh + r) * kw + col;
                }
                for (int b = 0; b < cb; b++) {
                    int c0 = (int) ((long) n * b / cb);
                    int c1 = (int) ((long) n * (b + 1) / cb);
                    out.add(new Tile(index[0], index.length, c0, c1 - c0, index, "kernel row " + r + " part " + p));
                }
            }
        }
        return out;
    }

    /** The tile's block of a matrix [row][col]. */
    public static double[][] block(double[][] a, Tile t) {
        double[][] out = new double[t.rows()][t.cols()];
        for (int i = 0; i < t.rows(); i++) {
            System.arraycopy(a[t.row(i)], t.col0(), out[i], 0, t.cols());
        }
        return out;
    }

    /** The tile's columns of input vectors [vector][input]. */
    public static double[][] inputs(double[][] x, Tile t) {
        double[][] out = new double[x.length][t.rows()];
        for (int k = 0; k < x.length; k++) {
            if (t.index() == null) {
                System.arraycopy(x[k], t.row0(), out[k], 0, t.rows());
            } else {
                for (int i = 0; i < t.rows(); i++) {
                    out[k][i] = x[k][t.index()[i]];
                }
            }
        }
        return out;
    }
}
