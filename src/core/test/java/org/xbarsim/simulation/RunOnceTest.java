package org.xbarsim.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.xbarsim.circuit.MatrixPattern;

/**
 * What a one-shot run lets go to make room for the solve: the flattened netlist after the build,
 * the matrix pattern's hash table at freeze; neither changes an answer.
 */
class RunOnceTest {
    private static final String NET = "divider\nv1 a 0 2\nr1 a b 1k\nr2 b 0 3k\n.op\n.print v(b)\n.end\n";

    @Test
    void runOnceGivesTheSameAnswerAndLetsTheNetlistGo() {
        double twice = Simulation.ofText(Path.of("d.cir"), NET).run(null).results().get(0).rows().get(0)[0];
        Simulation once = Simulation.ofText(Path.of("d.cir"), NET);
        double got = once.runOnce(null).results().get(0).rows().get(0)[0];
        assertEquals(1.5, twice, 1e-12);
        assertEquals(twice, got, 0);
        assertNull(once.netlist());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> once.run(null));
        assertEquals("the netlist was let go by runOnce", e.getMessage());
    }

    @Test
    void frozenPatternFindsEverySlotWithoutItsHashTable() {
        int n = 50;
        MatrixPattern p = new MatrixPattern(n, 8);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        int[][] entries = new int[400][];
        int[] slots = new int[entries.length];
        for (int k = 0; k < entries.length; k++) {
            entries[k] = new int[] {rnd.nextInt(n + 1), rnd.nextInt(n + 1)};
            slots[k] = p.slot(entries[k][0], entries[k][1]);
        }
        p.freeze();
        int[] again = new int[entries.length];
        for (int k = 0; k < entries.length; k++) {
            again[k] = p.slot(entries[k][0], entries[k][1]);
        }
        assertArrayEquals(slots, again);
        int row = 0;
        int col = 0;
        while (contains(entries, row, col)) {
            row = rnd.nextInt(n);
            col = rnd.nextInt(n);
        }
        int r = row;
        int c = col;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.slot(r, c));
        assertEquals("pattern is frozen; entry (" + r + ", " + c + ") is new", e.getMessage());
    }

    private static boolean contains(int[][] entries, int row, int col) {
        for (int[] x : entries) {
            if (x[0] == row && x[1] == col) {
                return true;
            }
        }
        return false;
    }
}
