package org.xbarsim.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarsim.netlist.NetlistException;

/** Measured-data CSV files: ragged columns read, bad files named with line and column. */
class MeasuredTableTest {
    @Test
    void readsRaggedColumns(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.csv");
        Files.writeString(f, "A,B\n1,2\n3,\n");
        MeasuredTable t = MeasuredTable.withHeader(f);
        assertArrayEquals(new double[] {1, 3}, t.column("a"), 0);
        assertArrayEquals(new double[] {2}, t.column("B"), 0);
    }

    @Test
    void namesWhatIsWrong(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("b.csv");
        Files.writeString(f, "A,B\n1,2\n3,x4\n");
        NetlistException e = assertThrows(NetlistException.class, () -> MeasuredTable.withHeader(f));
        assertEquals(f + ":3:3: expected a number in column 'B' (x4)", e.getMessage());
        Files.writeString(f, "A,B\n1,\n3,4\n");
        e = assertThrows(NetlistException.class, () -> MeasuredTable.withHeader(f));
        assertEquals(f + ":3:3: a value in column 'B' below an empty cell (4)", e.getMessage());
        Files.writeString(f, "A,B\n1,2,3\n");
        e = assertThrows(NetlistException.class, () -> MeasuredTable.withHeader(f));
        assertEquals(f + ":2:1: expected 2 comma-separated cells, found 3", e.getMessage());
        Files.writeString(f, "A,B\n1,2\n");
        e = assertThrows(NetlistException.class, () -> MeasuredTable.withHeader(f).column("C"));
        assertEquals(f + ":1:1: expected a column 'C' in the header", e.getMessage());
        e = assertThrows(NetlistException.class, () -> MeasuredTable.numbers(f).matrix(2, 2));
        assertTrue(e.getMessage().startsWith(f + ":1:1: expected a number"), e.getMessage());
        Files.writeString(f, "1,2\n3,4\n");
        e = assertThrows(NetlistException.class, () -> MeasuredTable.numbers(f).matrix(3, 2));
        assertEquals(f + ":1:1: expected 3 rows of 2 values, found 2 rows of 2", e.getMessage());
        NoSuchFileException m = assertThrows(NoSuchFileException.class, () -> MeasuredTable.numbers(dir.resolve("none.csv")));
        assertTrue(m.getMessage().contains("measured-data file not found"), m.getMessage());
    }

    @Test
    void sweepFileWithoutSweepColumns(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.csv");
        Files.writeString(f, "V,I\n1,2\n");
        NetlistException e = assertThrows(NetlistException.class, () -> DeviceFit.readSweeps(f));
        assertEquals(f + ":1:1: expected columns V_set_XuA, I_set_XuA, V_reset_XuA, I_reset_XuA for compliance currents X",
                e.getMessage());
    }
}
