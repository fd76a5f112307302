package org.xbarsim.solver;

import java.util.ArrayDeque;
import java.util.Arrays;

import edu.emory.mathcs.csparsej.tdouble.Dcs_amd;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;

/**
 * Nested-dissection fill-reducing order of a symmetric pattern, from its graph alone: each part
 * of the graph is split by a level set of a breadth-first search from a pseudo-peripheral vertex
 * (George and Liu, <i>Computer Solution of Large Sparse Positive Definite Systems</i>, 1981,
 * ch. 8), the smallest level that leaves at least a third of the part on either side; the two
 * sides are ordered recursively, the separator after them. Parts of at most {@link #LEAF} vertices
 * are ordered by AMD (CSparseJ) on their own subgraph. On a crossbar netlist (two grids of wires
 * coupled cell by cell) the separators are lines across the array, and the factors have fewer
 * entries and far fewer operations than with AMD of the whole graph (benchmarks/README.md,
 * "Fill-reducing ordering"); the top separators also give the LU its dense trailing block and
 * its two independent subtrees.
 */
final class NestedDissection {
    /** Parts of at most this many vertices are ordered by minimum degree instead of split. */
    static final int LEAF = 256;
    /** The smaller side of a split holds at least this fraction of the part. */
    static final double MIN_SIDE = 1.0 / 3;
    /** A vertex with more than this many times sqrt(n) neighbours is dense (AMD's default rule). */
    static final double DENSE = 10;

    private final int[] ap;
    private final int[] ai;
    /** The vertices, rearranged part by part into the pivot order. */
    private final int[] order;
    /** The part each vertex belongs to (its segment's id). */
    private final int[] part;
    private final int[] level;
    private final int[] queue;
    /** Local index of a vertex inside the leaf being ordered. */
    private final int[] local;
    /** Stamp of the last breadth-first search: a vertex was reached when its stamp equals {@link #search}. */
    private final int[] stamp;
    private int search;
    /** End of the last breadth-first search in {@link #queue}. */
    private int tail;
    private int parts;

    private NestedDissection(Dcs sym) {
        int n = sym.n;
        ap = sym.p;
        ai = sym.i;
        order = new int[n];
        for (int v = 0; v < n; v++) {
            order[v] = v;
        }
        part = new int[n];
        level = new int[n];
        queue = new int[n];
        local = new int[n];
        stamp = new int[n];
    }

    /**
     * The pivot order of a symmetric pattern.
     *
     * @param sym n x n pattern with A(i,j) stored whenever A(j,i) is (the diagonal may be stored)
     * @return the unknowns in pivot order, a permutation of 0..n-1
     */
    static int[] order(Dcs sym) {
        NestedDissection nd = new NestedDissection(sym);
        nd.run();
        return nd.order;
    }

    private void run() {
        // dense vertices (a gate line driving every access transistor) would put the whole graph within two
        // levels of each other: they are taken out, as AMD does, and ordered last
        int n = order.length;
        int dense = (int) Math.max(16, DENSE * Math.sqrt(n));
        int[] copy = order.clone();
        int front = 0;
        int back = n;
        for (int k = n - 1; k >= 0; k--) {
            int v = copy[k];
            if (ap[v + 1] - ap[v] > dense) {
                order[--back] = v;
                part[v] = -1;
            }
        }
        for (int v : copy) {
            if (part[v] == 0) {
                order[front++] = v;
            }
        }
        ArrayDeque<int[]> todo = new ArrayDeque<>();
        todo.push(new int[] {0, back, parts++});
        while (!todo.isEmpty()) {
            int[] seg = todo.pop();
            int lo = seg[0];
            int hi = seg[1];
            int id = seg[2];
            if (hi - lo <= LEAF) {
                leaf(lo, hi, id);
                continue;
            }
            int[] cut = split(lo, hi, id);
            // [lo, a) one side, [a, b) the other, [b, hi) the separator, which keeps its place
            int a = cut[0];
            int b = cut[1];
            if (a == hi || a == lo && b == hi) {
                leaf(lo, hi, id); // no split found (a clique, a star): minimum degree on the whole part
                continue;
            }
            int idA = parts++;
            int idB = parts++;
            for (int k = lo; k < a; k++) {
                part[order[k]] = idA;
            }
            for (int k = a; k < b; k++) {
                part[order[k]] = idB;
            }
            for (int k = b; k < hi; k++) {
                part[order[k]] = -1;
            }
            if (b > a) {
                todo.push(new int[] {a, b, idB});
            }
            if (a > lo) {
                todo.push(new int[] {lo, a, idA});
            }
        }
    }

    /**
     * Rearranges segment [lo, hi) as side A, side B, separator.
     *
     * @return {a, b}: side A is [lo, a), side B [a, b), the separator [b, hi)
     */
    private int[] split(int lo, int hi, int id) {
        int size = hi - lo;
        int root = peripheral(order[lo], id);
        int depth = bfs(root, id);
        int reached = tail;
        if (reached < size) {
            // disconnected: the component of root is one side, the rest the other, no separator
            return arrange(lo, hi, v -> visited(v) ? 0 : 1);
        }
        int[] count = new int[depth + 1];
        for (int t = 0; t < reached; t++) {
            count[level[queue[t]]]++;
        }
        int best = -1;
        int before = 0;
        for (int m = 0; m <= depth; m++) {
            int after = size - before - count[m];
            if (before >= MIN_SIDE * size && after >= MIN_SIDE * size
                    && (best < 0 || count[m] < count[best])) {
                best = m;
            }
            before += count[m];
        }
        if (best < 0) {
            // no level leaves a third on each side (a star, a short path): the middle level
            before = 0;
            for (int m = 0; m < depth; m++) {
                before += count[m];
                if (before >= size / 2) {
                    best = m;
                    break;
                }
            }
        }
        int sep = best;
        // a separator vertex with no neighbour beyond the separator belongs to the near side
        return arrange(lo, hi, v -> {
            int l = level[v];
            if (l < sep) {
                return 0;
            }
            if (l > sep) {
                return 1;
            }
            for (int p = ap[v]; p < ap[v + 1]; p++) {
                int w = ai[p];
                if (w != v && part[w] == id && level[w] > sep) {
                    return 2;
                }
            }
            return 0;
        });
    }

    private boolean visited(int v) {
        return stamp[v] == search;
    }

    /**
     * Breadth-first search from root within part id, levels into {@link #level}.
     *
     * @return the last level's number
     */
    private int bfs(int root, int id) {
        search++;
        int head = 0;
        tail = 0;
        queue[tail++] = root;
        stamp[root] = search;
        level[root] = 0;
        int depth = 0;
        while (head < tail) {
            int v = queue[head++];
            int lv = level[v];
            depth = lv;
            for (int p = ap[v]; p < ap[v + 1]; p++) {
                int w = ai[p];
                if (part[w] == id && stamp[w] != search) {
                    stamp[w] = search;
                    level[w] = lv + 1;
                    queue[tail++] = w;
                }
            }
        }
        return depth;
    }

    /**
     * A pseudo-peripheral vertex of start's component (George and Liu's algorithm): searches from
     * a vertex of least degree in the last level while the depth grows.
     */
    private int peripheral(int start, int id) {
        int root = start;
        int depth = bfs(root, id);
        for (int round = 0; round < 8; round++) {
            int candidate = -1;
            int fewest = Integer.MAX_VALUE;
            for (int t = tail - 1; t >= 0 && level[queue[t]] == depth; t--) {
                int v = queue[t];
                int d = ap[v + 1] - ap[v];
                if (d < fewest) {
                    fewest = d;
                    candidate = v;
                }
            }
            int d = bfs(candidate, id);
            if (d <= depth) {
                return candidate;
            }
            root = candidate;
            depth = d;
        }
        return root;
    }

    /** Side of a vertex: 0 side A, 1 side B, 2 separator. */
    private interface Side {
        int of(int v);
    }

    /** Stable rearrangement of [lo, hi) by side; returns {start of B, start of the separator}. */
    private int[] arrange(int lo, int hi, Side side) {
        int[] sides = new int[hi - lo];
        int[] counts = new int[3];
        for (int k = lo; k < hi; k++) {
            int s = side.of(order[k]);
            sides[k - lo] = s;
            counts[s]++;
        }
        int[] copy = Arrays.copyOfRange(order, lo, hi);
        int[] at = {lo, lo + counts[0], lo + counts[0] + counts[1]};
        for (int k = 0; k < copy.length; k++) {
            order[at[sides[k]]++] = copy[k];
        }
        return new int[] {lo + counts[0], lo + counts[0] + counts[1]};
    }

    /** Orders the leaf [lo, hi) by AMD on its own subgraph. */
    private void leaf(int lo, int hi, int id) {
        int m = hi - lo;
        if (m <= 2) {
            return;
        }
        for (int k = lo; k < hi; k++) {
            local[order[k]] = k - lo;
        }
        int[] cp = new int[m + 1];
        int entries = 0;
        for (int k = lo; k < hi; k++) {
            int v = order[k];
            for (int p = ap[v]; p < ap[v + 1]; p++) {
                if (part[ai[p]] == id) {
                    entries++;
                }
            }
            cp[k - lo + 1] = entries;
        }
        int[] ri = new int[entries];
        int e = 0;
        for (int k = lo; k < hi; k++) {
            int v = order[k];
            for (int p = ap[v]; p < ap[v + 1]; p++) {
                int w = ai[p];
                if (part[w] == id) {
                    ri[e++] = local[w];
                }
            }
        }
        int[] q = Dcs_amd.cs_amd(1, SparseLu.compressed(m, cp, ri, null));
        int[] copy = Arrays.copyOfRange(order, lo, hi);
        for (int k = 0; k < m; k++) {
            order[lo + k] = copy[q[k]];
        }
    }
}
