package org.xbarsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's class-data training run: every command line it takes succeeds and writes what a run writes. */
class CdsTrainingTest {
    @TempDir
    Path dir;

    @Test
    void trainingRunsTheLargeNetlistToAFile() throws IOException {
        CdsTraining.main(new String[] {dir.toString(), "netlists/crossbar_4x4.cir"});
        List<String> csv = Files.readAllLines(dir.resolve("training.csv"));
        String[] header = csv.get(0).split(",");
        assertEquals(56, header.length, csv.get(0));
        assertEquals("i(vs0)", header[0]);
        // the same file run again gives the same currents to every digit
        CliRunner.Result again = CliRunner.run("run", dir.resolve("training.cir").toString(), "--format", "csv");
        assertEquals(0, again.exit(), again.err());
        assertEquals(csv, again.out().lines().toList());
        for (String v : csv.get(1).split(",")) {
            double i = Double.parseDouble(v);
            assertTrue(Double.isFinite(i) && i != 0, v);
        }
    }

    @Test
    void aFailingCommandLineFailsTheTraining() {
        assertThrows(IllegalStateException.class,
                () -> CdsTraining.main(new String[] {dir.toString(), dir.resolve("missing.cir").toString()}));
    }
}
