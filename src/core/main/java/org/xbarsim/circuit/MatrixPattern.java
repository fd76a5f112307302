package org.xbarsim.circuit;

import java.util.Arrays;

/**
 * The non-zero pattern of a circuit's MNA matrix, built once. Devices ask for the slot of each
 * (row, column) they stamp; afterwards stamping is {@code a[slot] += g} with no lookup. Any
 * entry in the ground row or column goes to slot 0, which is never read.
 */
public final class MatrixPattern {
    /** Slot that absorbs stamps into the ground row or column. */
    public static final int TRASH = 0;

    private final int n;
    private long[] keys;
    private int[] vals;
    private int[] rows;
    private int[] cols;
    private int count = 1;
    private boolean frozen;
    private int[] colPtr;
    private int[] rowIdx;
    private int[] position;
    /** The slot of each compressed-column position (from freeze on, in place of the hash table). */
    private int[] slotAt;

    /**
     * @param n        number of unknowns; index n stands for ground
     * @param expected expected number of entries (sizes the tables once)
     */
    public MatrixPattern(int n, int expected) {
        this.n = n;
        int cap = Integer.highestOneBit(Math.max(16, 2 * expected) - 1) << 1;
        keys = new long[cap];
        vals = new int[cap];
        rows = new int[expected + 1];
        cols = new int[expected + 1];
        Arrays.fill(keys, -1L);
    }

    /** Unknowns; index {@code size()} is ground. */
    public int size() {
        return n;
    }

    /** The slot of entry (row, col), created on first request. */
    public int slot(int row, int col) {
        if (row == n || col == n) {
            return TRASH;
        }
        if (row < 0 || col < 0 || row > n || col > n) {
            throw new IllegalArgumentException("entry (" + row + ", " + col + ") outside a " + n + "x" + n + " matrix");
        }
        if (frozen) {
            // the hash table is let go at freeze: binary search in the compressed column
            int p = Arrays.binarySearch(rowIdx, colPtr[col], colPtr[col + 1], row);
            if (p < 0) {
                throw new IllegalStateException("pattern is frozen; entry (" + row + ", " + col + ") is new");
            }
            return slotAt[p];
        }
        long key = (long) row * (n + 1) + col;
        int mask = keys.length - 1;
        int h = Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
        while (keys[h] != -1L) {
            if (keys[h] == key) {
                return vals[h];
            }
            h = (h + 1) & mask;
        }
        keys[h] = key;
        vals[h] = count;
        if (count == rows.length) {
            rows = Arrays.copyOf(rows, 2 * count);
            cols = Arrays.copyOf(cols, 2 * count);
        }
        rows[count] = row;
        cols[count] = col;
        int s = count++;
        if (2 * count > keys.length) {
            rehash();
        }
        return s;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldVals = vals;
        keys = new long[oldKeys.length * 2];
        vals = new int[oldVals.length * 2];
        Arrays.fill(keys, -1L);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1L) {
                int h = Long.hashCode(oldKeys[i] * 0x9E3779B97F4A7C15L) & mask;
                while (keys[h] != -1L) {
                    h = (h + 1) & mask;
                }
                keys[h] = oldKeys[i];
                vals[h] = oldVals[i];
            }
        }
    }

    /** Number of slots, the trash slot included: the length of a values array. */
    public int slots() {
        return count;
    }

    /** Fixes the pattern and builds its compressed-column form (rows sorted in each column). */
    public void freeze() {
        if (frozen) {
            return;
        }
        frozen = true;
        colPtr = new int[n + 1];
        for (int s = 1; s < count; s++) {
            colPtr[cols[s] + 1]++;
        }
        for (int j = 0; j < n; j++) {
            colPtr[j + 1] += colPtr[j];
        }
        // counting sort by row, then a stable counting sort by column: rows ascend within columns
        int nnz = count - 1;
        int[] rowStart = new int[n + 1];
        for (int s = 1; s < count; s++) {
            rowStart[rows[s] + 1]++;
        }
        for (int r = 0; r < n; r++) {
            rowStart[r + 1] += rowStart[r];
        }
        int[] byRow = new int[nnz];
        for (int s = 1; s < count; s++) {
            byRow[rowStart[rows[s]]++] = s;
        }
        int[] next = Arrays.copyOf(colPtr, n);
        rowIdx = new int[nnz];
        position = new int[count];
        for (int s : byRow) {
            int p = next[cols[s]]++;
            rowIdx[p] = rows[s];
            position[s] = p;
        }
        position[TRASH] = -1;
        slotAt = new int[nnz];
        for (int t = 1; t < count; t++) {
            slotAt[position[t]] = t;
        }
        keys = null; // 12 bytes per table entry, two per slot: as much as the factors' indices of a large netlist
        vals = null;
        rows = Arrays.copyOf(rows, count);
        cols = Arrays.copyOf(cols, count);
    }

    /** Column pointers of the compressed-column form (length n+1). */
    public int[] columnPointers() {
        return colPtr;
    }

    /** Row indices of the compressed-column form. */
    public int[] rowIndices() {
        return rowIdx;
    }

    /** Scatters slot values into compressed-column order. (Input) {@code a}; (Output) {@code out}. */
    public void toCompressed(double[] a, double[] out) {
        for (int s = 1; s < count; s++) {
            out[position[s]] = a[s];
        }
    }

    /** {@code y = A x} over the unknowns, from slot values. (Output) y, length n+1. */
    public void multiply(double[] a, double[] x, double[] y) {
        multiply(a, x, y, null);
    }

    /**
     * {@code y = A x}, and in {@code largest} (when not null) the largest magnitude of a term
     * {@code a_ij x_j} each row sums: the scale a residual is judged against. (Output) y and
     * largest, length n+1.
     */
    public void multiply(double[] a, double[] x, double[] y, double[] largest) {
        Arrays.fill(y, 0);
        if (largest == null) {
            for (int s = 1; s < count; s++) {
                y[rows[s]] += a[s] * x[cols[s]];
            }
            return;
        }
        Arrays.fill(largest, 0);
        for (int s = 1; s < count; s++) {
            int row = rows[s];
            double term = a[s] * x[cols[s]];
            y[row] += term;
            largest[row] = Math.max(largest[row], Math.abs(term));
        }
    }
}
