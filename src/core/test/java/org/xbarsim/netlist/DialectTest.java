package org.xbarsim.netlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.xbarsim.solver.Simulator;

/**
 * ngspice's DC dialect, construct by construct, against closed forms; the refusals with their
 * places. (validation/dialect holds the same constructs in circuits, against ngspice itself.)
 */
class DialectTest {
    @TempDir
    Path dir;

    private static double[] op(String netlist) {
        return Simulator.runString(Path.of("dialect.cir"), netlist, Map.of()).results().get(0).rows().get(0);
    }

    private static String refused(String netlist) {
        return assertThrows(NetlistException.class, () -> op(netlist)).getMessage();
    }

    /** 1 V across R: the current through the source is -1/R. */
    private static double ohms(String resistorLine) {
        return -1 / op("t\nv1 a 0 1\n" + resistorLine + "\n.op\n.print i(v1)\n.end\n")[0];
    }

    @Test
    void numbersAsNgspiceReadsThem() {
        assertEquals(4e3, ohms("r1 a 0 4K7"), 1e-9);
        assertEquals(27, ohms("r1 a 0 27R56"), 1e-12);
    }

    @Test
    void resistorModelsGeometryScaleAndMultiplier() {
        // RSH (L - 2 SHORT)/(W - 2 NARROW) = 100 (10u - 1u)/(1u - 0.2u)
        assertEquals(1125, ohms("r1 a 0 rp l=10u w=1u\n.model rp r rsh=100 narrow=0.1u short=0.5u"), 1e-9);
        assertEquals(100, ohms("r1 a 0 rp l=10u\n.model rp r rsh=100"), 1e-9); // W from DEFW = 10 um
        assertEquals(680, ohms("r1 a 0 rd\n.model rd r r=680"), 1e-9);
        assertEquals(2000, ohms("r1 a 0 1k scale=2 ac=5k"), 1e-9);
        assertEquals(250, ohms("r1 a 0 1k m=4"), 1e-9);
    }

    @Test
    void resistorTemperatureCoefficients() {
        // R (1 + TC1 dT + TC2 dT^2), dT = 85 - 27
        double dt = 58;
        assertEquals(1000 * (1 + 3e-3 * dt + 1e-5 * dt * dt), ohms("r1 a 0 1k tc1=3e-3 tc2=1e-5\n.temp 85"), 1e-9);
        assertEquals(500 * (1 + 2e-3 * (100 - 20)), ohms("r1 a 0 rt temp=100\n.model rt r r=500 tc1=2e-3 tnom=20"), 1e-9);
    }

    @Test
    void exponentialTemperatureCoefficientAndTemper() {
        // with TCE, R 1.01^(TCE dT) and TC1, TC2 ignored, as ngspice
        assertEquals(1000 * Math.pow(1.01, 0.7 * 50), ohms("r1 a 0 1k tc1=2m tce=0.7\n.temp 77"), 1e-9);
        // temper: the circuit temperature in an expression
        assertEquals(5000 + 50 * 85, ohms("r1 a 0 {5k + 50*temper}\n.temp 85"), 1e-9);
        assertTrue(refused("t\nv1 a 0 1\nr1 a 0 {1k + temper}\n.dc temp 0 100 50\n.end\n")
                .contains("temper in an expression with a .dc temp sweep"));
    }

    @Test
    void sourceValuesAtDc() {
        assertEquals(-3e-3, op("t\nv1 a 0 DC=3\nr1 a 0 1k\n.op\n.print i(v1)\n.end\n")[0], 1e-15);
        // SIN(VO VA FREQ TD THETA PHASE) at t = 0: VO + VA sin(PHASE)
        assertEquals(-(0.5 + Math.sin(Math.PI / 6)) / 1e3,
                op("t\nv1 a 0 SIN(0.5 1 1k 0 0 30) AC 1\nr1 a 0 1k\n.op\n.print i(v1)\n.end\n")[0], 1e-15);
        assertEquals(-1e-3, op("t\nv1 a 0 PULSE(1 5 1n 1n 1n 5n 10n)\nr1 a 0 1k\n.op\n.print i(v1)\n.end\n")[0], 1e-15);
        // PWL(-1 0 1 2) at t = 0 is 1
        assertEquals(-1e-3, op("t\nv1 a 0 PWL(-1 0 1 2)\nr1 a 0 1k\n.op\n.print i(v1)\n.end\n")[0], 1e-15);
    }

    @Test
    void functionsOfNgspice() {
        double[] v = op("t\nb1 a 0 v = nint(2.5) + nint(3.5) + u(0) + u2(0.3) + uramp(-1) + asinh(0.7)\nra a 0 1k\n"
                + "b2 b 0 v = pwl(0.75, 0, 0, 0.5, 1, 1, 1.5)\nrb b 0 1k\n.param p = {int(-2.7) + sqr(3) + arctan(1)}\n"
                + "v3 c 0 {p}\nrc c 0 1k\n.op\n.print v(a) v(b) v(c)\n.end\n");
        assertEquals(2 + 4 + 0.5 + 0.3 + 0 + Math.log(0.7 + Math.sqrt(1.49)), v[0], 1e-12);
        assertEquals(1.25, v[1], 1e-12);
        assertEquals(-2 + 9 + Math.PI / 4, v[2], 1e-12);
    }

    @Test
    void userFunctions() {
        double[] v = op("t\n.func sq(x) = {x*x}\n.func f(a, b) {sq(a) + b}\n.param p = {f(3, 1)}\nv1 a 0 {p}\n"
                + "b1 o 0 v = f(v(a), 2)\nro o 0 1k\nra a 0 1k\n.op\n.print v(a) v(o)\n.end\n");
        assertEquals(10, v[0], 1e-12);
        assertEquals(102, v[1], 1e-9);
        assertTrue(refused("t\n.func f(x) = {f(x)}\nv1 a 0 {f(1)}\nr1 a 0 1k\n.op\n.end\n")
                .contains("function calls nested deeper than 64"));
        assertTrue(refused("t\nv1 a 0 {nosuch(1)}\nr1 a 0 1k\n.op\n.end\n").contains("unknown function 'nosuch'"));
    }

    @Test
    void conditionalBlocks() {
        String net = "t\n.param c = 2\n.if (c == 1)\nr1 a 0 1k\n.elseif (c == 2)\n.if (c > 1)\nr1 a 0 2k\n.else\n"
                + "r1 a 0 3k\n.endif\n.else\nr1 a 0 4k\n.endif\nv1 a 0 1\n.op\n.print i(v1)\n.end\n";
        assertEquals(-0.5e-3, op(net)[0], 1e-15);
        // a single '=' compares in a condition, as ngspice reads (select2 = 2)
        assertEquals(-1e-3, op("t\n.param s = 2\n.if (s = 2)\nr1 a 0 1k\n.else\nr1 a 0 2k\n.endif\nv1 a 0 1\n.op\n"
                + ".print i(v1)\n.end\n")[0], 1e-15);
        assertTrue(refused("t\n.param c = 1\n.if (c)\n.param r = 1k\n.endif\n.end\n")
                .contains("dialect.cir:4:1: .param inside a .if block"));
        assertTrue(refused("t\n.if (1)\nv1 a 0 1\n.end\n").contains("dialect.cir:2:1: .if has no matching .endif"));
        assertTrue(refused("t\n.else\n.end\n").contains(".else without .if"));
        assertTrue(refused("t\n.subckt s a\n.if (1)\n.endif\n.ends\n.end\n").contains(".if inside a .subckt"));
    }

    @Test
    void librarySections() throws IOException {
        Files.writeString(dir.resolve("m.lib"), "* models\n.lib a\nra x 0 1k\n.endl a\n.lib b\n.lib m.lib a\nrb x 0 1k\n"
                + ".endl b\n");
        Path net = dir.resolve("n.cir");
        Files.writeString(net, "t\n.lib m.lib b\nv1 x 0 1\n.op\n.print i(v1)\n.end\n");
        assertEquals(-2e-3, Simulator.run(net, Map.of(), null).results().get(0).rows().get(0)[0], 1e-15);
        Files.writeString(net, "t\n.lib m.lib c\nv1 x 0 1\n.op\n.end\n");
        NetlistException e = assertThrows(NetlistException.class, () -> Simulator.run(net, Map.of(), null));
        assertTrue(e.getMessage().contains("n.cir:2:12: no section 'c' in"), e.getMessage());
        Files.writeString(dir.resolve("r.lib"), ".lib a\n.lib r.lib a\n.endl\n");
        Files.writeString(net, "t\n.lib r.lib a\nv1 x 0 1\n.op\n.end\n");
        e = assertThrows(NetlistException.class, () -> Simulator.run(net, Map.of(), null));
        assertTrue(e.getMessage().contains("recursive .lib of section a"), e.getMessage());
    }

    @Test
    void localModelsAndParameterOverrides() {
        String net = "t\n.subckt s a b\n.param rv=2k\n.model dl d is=1e-14\nr1 a b {rv}\n.ends\n.subckt t a b\n"
                + ".model dl d is=1e-10\nd1 a b dl\n.ends\nv1 a 0 1\nx1 a 0 s rv=5k\n.op\n.print i(v1)\n.end\n";
        assertEquals(-0.2e-3, op(net)[0], 1e-15); // the instance's rv overrides the local .param
    }

    @Test
    void dcSweepOfTemperatureAndResistor() {
        var r = Simulator.runString(Path.of("d.cir"), "t\nv1 a 0 1\nr1 a 0 1k tc1=1e-2\n.dc temp 27 127 50\n"
                + ".print i(v1)\n.end\n", Map.of()).results().get(0);
        assertEquals("temp-sweep", r.columns().get(0));
        assertEquals(-1 / (1000 * (1 + 1e-2 * 100)), r.rows().get(2)[1], 1e-15);
        var s = Simulator.runString(Path.of("d.cir"), "t\nv1 a 0 1\nr1 a 0 1k\n.dc r1 1k 0.5k -0.25k\n.print i(v1)\n.end\n",
                Map.of()).results().get(0);
        assertEquals("res-sweep", s.columns().get(0));
        assertEquals(-2e-3, s.rows().get(2)[1], 1e-15);
    }

    @Test
    void whatDcCannotHonourIsRefused() {
        assertTrue(refused("t\nv1 a 0 1\nr1 a 0 1k\n.options rseries=1m\n.op\n.end\n").contains("rseries"));
        assertTrue(refused("t\n.model dd d\nv1 a 0 1\nd1 a 0 dd off\n.op\n.end\n").contains("OFF"));
        assertTrue(refused("t\nv1 a 0 1\nr1 a 0 1k\n.nodeset v(a)=1\n.op\n.end\n").contains("unknown directive"));
        assertTrue(refused("t\nv1 a 0 1\nr1 a 0 1k\n.tran 1n 1u\n.end\n").contains("unsupported analysis"));
    }
}
