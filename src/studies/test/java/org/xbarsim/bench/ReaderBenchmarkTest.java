package org.xbarsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarsim.crossbar.CrossbarNetlistWriter;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;

/**
 * The reader benchmark's probe on a small crossbar in each style: one line per read with the flat
 * netlist's element count (what the engine reads from the same file), the bytes kept per element
 * measured after the last read only, and the CSV and table made from them.
 */
class ReaderBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void probeReadsEveryStyleAndReportsItsRounds() throws Exception {
        for (CrossbarNetlistWriter.Style style : CrossbarNetlistWriter.Style.values()) {
            Path file = ReaderBenchmark.write(12, 10, style, dir);
            int elements = Flattener.flatten(NetlistParser.parse(file)).elements().size();
            List<String> out = new ArrayList<>();
            ReaderBenchmark.probe(file, 2, out::add);
            List<ReaderBenchmark.Row> rows = ReaderBenchmark.parse(String.join("\n", out), "12x10", style.toString(),
                    Files.size(file), 1);
            assertEquals(2, rows.size(), style.toString());
            assertEquals(elements, rows.get(0).elements(), style.toString());
            assertTrue(Double.isNaN(rows.get(0).retained()) && rows.get(1).retained() > 0, style + ": " + rows);
            assertTrue(rows.get(1).millis() > 0 && rows.get(1).mbPerSecond() > 0);
            StringWriter csv = new StringWriter();
            ReaderBenchmark.writeCsv(rows, csv);
            assertEquals(3, csv.toString().split("\n").length);
            assertTrue(ReaderBenchmark.markdown(rows).contains("| 12x10 | " + style + " |"), ReaderBenchmark.markdown(rows));
        }
    }
}
