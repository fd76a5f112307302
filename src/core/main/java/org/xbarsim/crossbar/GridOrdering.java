package org.xbarsim.crossbar;

/**
 * Nested-dissection elimination order for the unknowns of a crossbar (the pivot order handed to
 * the sparse LU in place of AMD). The cell grid is cut across its longer side: a vertical cut at
 * column c removes the top nodes of column c (the row wires pass only through them), a
 * horizontal cut at row r removes the bottom nodes of row r (the column wires pass only through
 * them). Each half is ordered recursively, then the rest of the cut line's cells (a chain hanging
 * from the separator, itself bisected), then the separator. Fill grows like N log N instead of AMD's larger
 * constant on this grid, and the two halves give the factorization two independent subtrees.
 */
final class GridOrdering {
    /** Rectangles of at most this many cells are ordered cell by cell. */
    private static final int LEAF_CELLS = 8;

    private final int n;
    private final int perCell;
    private final int[] order;
    private int next;

    private GridOrdering(int m, int n, int perCell) {
        this.n = n;
        this.perCell = perCell;
        this.order = new int[m * n * perCell];
    }

    /**
     * The pivot order of an m x n array whose cell (i, j) owns unknowns
     * {@code (i * n + j) * perCell + k}, k = 0 the top node, k = perCell - 1 the bottom node.
     */
    static int[] nestedDissection(int m, int n, int perCell) {
        GridOrdering g = new GridOrdering(m, n, perCell);
        g.dissect(0, m, 0, n);
        if (g.next != g.order.length) {
            throw new IllegalStateException("ordering covers " + g.next + " of " + g.order.length + " unknowns");
        }
        return g.order;
    }

    private void dissect(int r0, int r1, int c0, int c1) {
        int rows = r1 - r0;
        int cols = c1 - c0;
        if (rows <= 0 || cols <= 0) {
            return;
        }
        if (rows * cols <= LEAF_CELLS) {
            for (int i = r0; i < r1; i++) {
                for (int j = c0; j < c1; j++) {
                    for (int k = perCell - 1; k >= 0; k--) {
                        add(i, j, k);
                    }
                }
            }
            return;
        }
        if (cols >= rows) {
            int c = (c0 + c1) >>> 1;
            dissect(r0, r1, c0, c);
            dissect(r0, r1, c + 1, c1);
            // the cut column's middle nodes, then its bottom nodes: a chain hanging on the separator
            for (int i = r0; i < r1 && perCell == 3; i++) {
                add(i, c, 1);
            }
            chain(r0, r1, i -> add(i, c, perCell - 1));
            for (int i = r0; i < r1; i++) {
                add(i, c, 0);
            }
        } else {
            int r = (r0 + r1) >>> 1;
            dissect(r0, r, c0, c1);
            dissect(r + 1, r1, c0, c1);
            for (int j = c0; j < c1 && perCell == 3; j++) {
                add(r, j, 1); // the cut row's middle nodes, then its top nodes
            }
            chain(c0, c1, j -> add(r, j, 0));
            for (int j = c0; j < c1; j++) {
                add(r, j, perCell - 1);
            }
        }
    }

    /**
     * A chain [from, to) in nested-dissection order (both halves, then the middle): every chain
     * node also touches the separator, so in natural order node k would fill in with all k before
     * it (a quadratic triangle); bisected, the fill is n log n.
     */
    private static void chain(int from, int to, java.util.function.IntConsumer add) {
        if (to - from <= 2) {
            for (int k = from; k < to; k++) {
                add.accept(k);
            }
            return;
        }
        int mid = (from + to) >>> 1;
        chain(from, mid, add);
        chain(mid + 1, to, add);
        add.accept(mid);
    }

    private void add(int i, int j, int k) {
        order[next++] = (i * n + j) * perCell + k;
    }
}
