package org.xbarsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarsim.solver.SparseLu;

/**
 * The LU benchmark on a small crossbar: every ordering, and CSparseJ's LU, solves the Jacobian to
 * a residual near rounding, AMD needs the fewest factor entries of ours there, and the dumped matrix is the Matrix
 * Market file klu_bench reads (its size line matches the rows).
 */
class LuBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void everyOrderingSolvesTheCrossbarJacobian() throws Exception {
        List<LuBenchmark.Row> rows = LuBenchmark.run(new LuBenchmark.Plan(List.of(new int[] {24, 20}),
                List.of(SparseLu.Ordering.values()), 1, dir, true), s -> { });
        assertEquals(SparseLu.Ordering.values().length + 1, rows.size());
        assertEquals("csparsej", rows.get(rows.size() - 1).solver());
        long amd = rows.get(0).factorEntries();
        for (LuBenchmark.Row r : rows.subList(0, rows.size() - 1)) {
            assertEquals(r.ordering(), r.chosen());
            assertTrue(r.residual() < 1e-14, r.ordering() + " residual " + r.residual());
            assertTrue(r.factorEntries() >= amd, r.ordering() + ": " + r.factorEntries() + " against AMD's " + amd);
            assertTrue(r.operations() > 0 && r.firstMs() > 0 && r.refactorMs() > 0);
        }
        LuBenchmark.Row cs = rows.get(rows.size() - 1);
        assertTrue(cs.residual() < 1e-14, "CSparseJ residual " + cs.residual());
        assertTrue(cs.factorEntries() > 0 && cs.numericMs() > 0);
        List<String> mtx = Files.readAllLines(dir.resolve("x24.mtx"));
        assertEquals("%%MatrixMarket matrix coordinate real general", mtx.get(0));
        String size = mtx.stream().filter(l -> !l.startsWith("%")).findFirst().orElseThrow();
        String[] f = size.split(" ");
        assertEquals(rows.get(0).unknowns(), Integer.parseInt(f[0]));
        assertEquals(rows.get(0).entries(), Integer.parseInt(f[2]));
        StringWriter csv = new StringWriter();
        LuBenchmark.writeCsv(rows, csv);
        assertEquals(rows.size() + 1, csv.toString().lines().count());
    }
}
