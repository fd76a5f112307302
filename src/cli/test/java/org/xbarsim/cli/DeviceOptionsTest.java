package org.xbarsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.xbarsim.crossbar.CrossbarArray;

/** Array parameters from options, from a JSON array file and from an array netlist. */
class DeviceOptionsTest {
    @TempDir
    Path dir;

    @CommandLine.Command(name = "probe")
    static final class Probe implements Runnable {
        @CommandLine.Mixin
        DeviceOptions device;

        @Override
        public void run() {
        }
    }

    static DeviceOptions parse(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p.device;
    }

    Path json(String text) throws IOException {
        Path f = dir.resolve("arrays.json");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void jsonFileSetsEveryParameterAndTheCommandLineWins() throws IOException {
        Path f = json("{\"cell\": \"1t1m\", \"law\": \"sinh\", \"sinh_b\": 3, \"v_read\": 0.1, \"r_wire_row\": 2, "
                + "\"r_wire_col\": 0.5, \"r_in\": 4, \"r_out\": 5, \"r_on\": 10e3, \"r_off\": 1e6, \"v_max\": 0.3, "
                + "\"headroom\": 0.1, \"transistor\": {\"v_gate\": 2.5, \"vto\": 0.4, \"kp\": 3e-4, \"lambda\": 0.02, "
                + "\"w\": 1e-6, \"l\": 1e-7}}");
        DeviceOptions d = parse("--arrays", f.toString());
        CrossbarArray t = d.template();
        assertEquals(CrossbarArray.Cell.ONE_T_ONE_M, t.cell());
        assertEquals(CrossbarArray.Law.SINH, t.law());
        assertEquals(3, t.sinhB());
        assertEquals(0.1, t.vRead());
        assertEquals(2, t.rWireRow());
        assertEquals(0.5, t.rWireCol());
        assertEquals(4, t.rIn());
        assertEquals(5, t.rOut());
        assertEquals(1 / 10e3, d.gMax());
        assertEquals(1 / 1e6, d.gMin());
        assertEquals(0.3, d.vMax());
        assertEquals(0.1, d.headroom());
        assertEquals(2.5, t.vGate());
        assertEquals(0.4, t.fetVto());
        assertEquals(3e-4, t.fetKp());
        assertEquals(0.02, t.fetLambda());
        assertEquals(1e-6, t.fetW());
        assertEquals(1e-7, t.fetL());
        assertTrue(d.describe().contains("from " + f), d.describe());

        DeviceOptions over = parse("--arrays", f.toString(), "--r-on", "20e3", "--law", "linear", "--cell", "1r");
        assertEquals(1 / 20e3, over.gMax());
        assertEquals(CrossbarArray.Law.LINEAR, over.template().law());
        assertEquals(CrossbarArray.Cell.ONE_R, over.template().cell());
        assertEquals(1 / 1e6, over.gMin(), "what the command line does not give still comes from the file");
    }

    @Test
    void arrayNetlistGivesCellLawWiresAndTransistor() {
        DeviceOptions d = parse("--arrays", "netlists/arrays/array_sinh_32x32.cir", "--r-out", "3");
        CrossbarArray t = d.template();
        assertEquals(1, t.rows(), "a 1x1 template: the conductances are the mapping's");
        assertEquals(CrossbarArray.Cell.ONE_T_ONE_M, t.cell());
        assertEquals(CrossbarArray.Law.SINH, t.law());
        assertEquals(2.0, t.sinhB());
        assertEquals(0.2, t.vRead());
        assertEquals(1.8, t.vGate());
        assertEquals(2e-4, t.fetKp());
        assertEquals(1.0, t.rIn());
        assertEquals(3.0, t.rOut(), "the command line wins");
    }

    @Test
    void bundledExampleIsTheDefaultArrayWithTransistorsAndSinhDevices() {
        CrossbarArray file = parse("--arrays", "benchmarks/models/arrays-1t1m-sinh.json").template();
        CrossbarArray options = parse("--cell", "1t1m", "--law", "sinh").template();
        assertEquals(options.cell(), file.cell());
        assertEquals(options.law(), file.law());
        assertEquals(options.rWireRow(), file.rWireRow());
        assertEquals(options.rWireCol(), file.rWireCol());
        assertEquals(options.rIn(), file.rIn());
        assertEquals(options.rOut(), file.rOut());
        assertEquals(options.vGate(), file.vGate());
        assertEquals(options.fetW(), file.fetW());
        assertEquals(options.fetL(), file.fetL());
        assertEquals(options.fetKp(), file.fetKp());
        assertEquals(options.fetVto(), file.fetVto());
        assertEquals(options.fetLambda(), file.fetLambda());
        assertEquals(options.vRead(), file.vRead());
        assertEquals(options.sinhB(), file.sinhB());
    }

    @Test
    void defaultsWithoutAFile() {
        DeviceOptions d = parse();
        assertEquals(1 / 15e3, d.gMax());
        assertEquals(1 / 300e3, d.gMin());
        assertEquals(CrossbarArray.Law.LINEAR, d.template().law());
        assertEquals(1.0, d.template().rWireRow());
    }

    @Test
    void badArrayFilesAreNamed() throws IOException {
        Path f = json("{\"r_wire\": 1, \"rwire\": 2}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--arrays", f.toString()).template());
        assertTrue(e.getMessage().startsWith(f + ": unknown key \"rwire\""), e.getMessage());
        Files.writeString(f, "{\"r_wire\": \"one\"}");
        e = assertThrows(IllegalArgumentException.class, () -> parse("--arrays", f.toString()).template());
        assertEquals(f + ": \"r_wire\" is \"one\"; expected a number", e.getMessage());
        Files.writeString(f, "{\"r_wire\": -1}");
        e = assertThrows(IllegalArgumentException.class, () -> parse("--arrays", f.toString()).template());
        assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
        Files.writeString(f, "{\"transistor\": {\"vgate\": 1}}");
        e = assertThrows(IllegalArgumentException.class, () -> parse("--arrays", f.toString()).template());
        assertTrue(e.getMessage().startsWith(f + ": unknown key \"transistor.vgate\""), e.getMessage());
        Files.writeString(f, "{\"r_wire\": 1");
        e = assertThrows(IllegalArgumentException.class, () -> parse("--arrays", f.toString()).template());
        assertTrue(e.getMessage().startsWith(f + ": not valid JSON"), e.getMessage());
        Path missing = dir.resolve("none.json");
        e = assertThrows(IllegalArgumentException.class, () -> parse("--arrays", missing.toString()).template());
        assertTrue(e.getMessage().startsWith(missing + ": cannot read the array file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--arrays", "netlists/divider.cir").template());
        assertEquals("netlists/divider.cir: --arrays needs a netlist with exactly one .crossbar, found 0", e.getMessage());
    }
}
