package org.xbarsim.netlist;

import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * The elements of an m x n crossbar, emitted one by one (DESIGN section 2; paper 002 Fig. 6):
 * the one place that knows how an array is wired, for the netlist's {@code .crossbar} directive
 * and for the netlist writer alike.
 *
 * <pre>
 *  in_0 ─R_in─ t0_0 ─Rw─ t0_1 ─Rw─ … ─ t0_(n-1)      (row 0; far end open)
 *               │          │
 *              [M]        [M]          memristor top → mid
 *               │          │
 *              [T]        [T]          NMOS drain mid, gate wl, source bottom, bulk 0 (1R: no mid, no T)
 *               │          │
 *             b0_0       b0_1          (column tops open)
 *               Rw         Rw
 *             b1_0       b1_1  …
 *               ⋮          ⋮
 *          b(m-1)_0   b(m-1)_1
 *              R_out      R_out
 *             out_0      out_1          held at 0 V: the current through R_out is the column output
 * </pre>
 */
public final class ArrayTopology {
    /**
     * Most cells of one array: 2048 x 2048. The solvers keep a few dozen doubles per cell (wire
     * and device unknowns, the factorization or relaxation state, per-input iterates), so larger
     * arrays do not fit this project's 24 GiB machines with room for a batch of inputs.
     */
    public static final long MAX_CELLS = 2048L * 2048L;

    /**
     * Checks an array size before anything is allocated for it.
     *
     * @throws IllegalArgumentException naming the size and the valid range
     */
    public static void checkSize(long rows, long cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("array size " + rows + "x" + cols + ": rows and columns must be at least 1");
        }
        if (rows * cols > MAX_CELLS) {
            throw new IllegalArgumentException("array size " + rows + "x" + cols + " = " + rows * cols
                    + " cells: at most " + MAX_CELLS + " (2048 x 2048)");
        }
    }

    /** Paper 002 section 4.1: wire segment, input and output resistance (Ohm). */
    public static final double DEFAULT_R_WIRE_OHM = 1;
    public static final double DEFAULT_R_IN_OHM = 1;
    public static final double DEFAULT_R_OUT_OHM = 1;
    /** Access transistor gate voltage (V), width and length (m). */
    public static final double DEFAULT_V_GATE_V = 1.8;
    public static final double DEFAULT_FET_W_M = 2e-6;
    public static final double DEFAULT_FET_L_M = 0.2e-6;

    private ArrayTopology() {
    }

    /** Where the elements go; node and element names are local to the array. */
    public interface Sink {
        /** Called before the elements of row i. */
        default void row(int i) {
        }

        /** Called after column j's output resistor. */
        default void columnEnd(int j) {
        }

        void resistor(String name, String a, String b, double ohms);

        /** A memristor from a to b at cell (i, j). */
        void memristor(String name, String a, String b, int i, int j);

        /** An access transistor: drain, gate, source, bulk. */
        void transistor(String name, String drain, String gate, String source, String bulk);
    }

    /**
     * Emits an m x n array. Row i is fed at node {@code in.apply(i)}, column j ends at node
     * {@code out.apply(j)}, gates at node {@code gate}, bulks at ground "0"; the array's own
     * nodes are {@code local} applied to {@code t<i>_<j>}, {@code m<i>_<j>} and {@code b<i>_<j>};
     * elements {@code rin<i>}, {@code rr<i>_<j>}, {@code y<i>_<j>}, {@code mt<i>_<j>},
     * {@code rc<i>_<j>} and {@code rout<j>}.
     *
     * @param access true for 1T1M cells, false for passive 1R
     */
    public static void emit(int m, int n, boolean access, double rWireRow, double rWireCol, double rIn, double rOut,
                            IntFunction<String> in, IntFunction<String> out, String gate, UnaryOperator<String> local,
                            Sink sink) {
        for (int i = 0; i < m; i++) {
            sink.row(i);
            sink.resistor("rin" + i, in.apply(i), local.apply("t" + i + "_0"), rIn);
            for (int j = 0; j < n; j++) {
                String top = local.apply("t" + i + "_" + j);
                String bottom = local.apply("b" + i + "_" + j);
                if (j > 0) {
                    sink.resistor("rr" + i + "_" + j, local.apply("t" + i + "_" + (j - 1)), top, rWireRow);
                }
                if (access) {
                    String mid = local.apply("m" + i + "_" + j);
                    sink.memristor("y" + i + "_" + j, top, mid, i, j);
                    sink.transistor("mt" + i + "_" + j, mid, gate, bottom, "0");
                } else {
                    sink.memristor("y" + i + "_" + j, top, bottom, i, j);
                }
                if (i > 0) {
                    sink.resistor("rc" + i + "_" + j, local.apply("b" + (i - 1) + "_" + j), bottom, rWireCol);
                }
            }
        }
        for (int j = 0; j < n; j++) {
            sink.resistor("rout" + j, local.apply("b" + (m - 1) + "_" + j), out.apply(j), rOut);
            sink.columnEnd(j);
        }
    }
}
