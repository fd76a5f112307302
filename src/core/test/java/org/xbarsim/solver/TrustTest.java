package org.xbarsim.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.xbarsim.netlist.NetlistException;

/**
 * The constructs and convergence cases of the trust audit, each against a closed form: answers
 * at default options that once came out wrong with exit code 0.
 */
class TrustTest {
    private static final Path FILE = Path.of("trust.cir");

    private static double[] op(String netlist, Map<String, Double> options) {
        List<AnalysisResult> r = Simulator.runString(FILE, netlist, options).results();
        return r.get(0).rows().get(0);
    }

    /** A subcircuit's vdd is the top level's when .global names it: 2 V through 1k/1k gives 1 V. */
    @Test
    void globalNodeIsSharedBySubcircuits() {
        double[] v = op("t\n.global vdd\n.subckt div a\nr1 vdd a 1k\nr2 a 0 1k\n.ends\nvdd vdd 0 2\nx1 n div\n.op\n"
                + ".print v(n)\n.end\n", Map.of());
        assertEquals(1.0, v[0], 1e-12);
    }

    /** Unbraced .param expressions with spaces, as ngspice's numparam reads them. */
    @Test
    void unbracedParameterExpressions() {
        double[] v = op("t\n.param tc = 0.0039 * (85 - 25) / 10\n.param rexp = 100 * exp(1.5)\nv1 a 0 1\n"
                + "r1 a 0 {tc}\nr2 a 0 {rexp}\n.op\n.print i(v1)\n.end\n", Map.of());
        double tc = 0.0039 * (85 - 25) / 10;
        assertEquals(-(1 / tc + 1 / (100 * Math.exp(1.5))), v[0], 1e-12 * (1 / tc));
    }

    /** ln, log and sqrt of a node voltage are infinite at the zero starting guess; Newton still solves them. */
    @Test
    void logarithmOfANodeVoltageFromAZeroStart() {
        double[] v = op("t\nv1 1 0 2.5\nbb1 b1 0 v = ln(v(1))\nrb1 b1 0 1k\nbb3 b3 0 v = sqrt(v(1))\nrb3 b3 0 1k\n"
                + ".op\n.print v(b1) v(b3)\n.end\n", Map.of());
        assertEquals(Math.log(2.5), v[0], 1e-12);
        assertEquals(Math.sqrt(2.5), v[1], 1e-12);
    }

    /**
     * A node reached only through junctions (gmin and reverse-biased diodes) settles at the true
     * solution, 0 V, rather than where the KCL residual first falls below abstol: at supply 0 every
     * node of this diode-MOS loop is 0.
     */
    @Test
    void weaklyConnectedNodeConvergesToTheSolution() {
        String net = "t\n.model dm d (is=1e-14 n=1.2 rs=10)\n.model nm nmos (level=1 vto=0.7 kp=100u lambda=0.02)\n"
                + "vdd vdd 0 dc 0\nr1 vdd a 4.7k\nd1 a b dm\nm1 b b 0 0 nm w=10u l=1u\ne1 c 0 b 0 1.5\nr2 c d 2k\n"
                + "d2 d 0 dm\ng1 vdd e a b 0.5m\nr3 e 0 3k\n.op\n.print v(a) v(b) v(d) v(e)\n.end\n";
        for (Map<String, Double> o : List.of(Map.<String, Double>of(), NgspiceComparisonTest.TIGHT)) {
            for (double x : op(net, o)) {
                assertEquals(0, x, 1e-9, "options " + o);
            }
        }
    }

    /** A diode-loaded divider at default options: the diode current settles, not only the node voltages. */
    @Test
    void diodeCurrentConvergesAtDefaultOptions() {
        // one diode (IS = 2e-15 A, N = 1.2, RS = 0) from a through 1k to 5 V: I = (5 - Vd)/1k, Vd = N Vt ln(1 + I/IS)
        double[] v = op("t\n.model dd d is=2e-15 n=1.2\nv1 in 0 5\nr1 in a 1k\nd1 a 0 dd\n.op\n.print v(a)\n.end\n",
                Map.of());
        double vt = 1.38064852e-23 * 300.15 / 1.6021766208e-19 * 1.2;
        double vd = v[0];
        double i = (5 - vd) / 1e3;
        double residual = i - (2e-15 * (Math.exp(vd / vt) - 1) + 1e-12 * vd);
        assertTrue(Math.abs(residual) <= 1e-3 * i, "KCL at a: " + residual + " A of " + i + " A");
    }

    /** A literal beyond the double range is refused like a non-finite expression, not read as an open circuit. */
    @Test
    void literalOutOfRangeIsRefused() {
        NetlistException e = assertThrows(NetlistException.class,
                () -> op("t\nv1 a 0 1\nr1 a 0 1e999\n.op\n.end\n", Map.of()));
        assertTrue(e.getMessage().contains("3:8: number out of range"), e.getMessage());
    }

    /** m= on a resistor is m in parallel, as ngspice: R4 5 0 10K m=2 carries twice the current. */
    @Test
    void resistorMultiplierDoublesTheCurrent() {
        double[] one = op("t\nv1 a 0 1\nr4 a 0 10k\n.op\n.print i(v1)\n.end\n", Map.of());
        double[] two = op("t\nv1 a 0 1\nr4 a 0 10k m=2\n.op\n.print i(v1)\n.end\n", Map.of());
        assertEquals(-1e-4, one[0], 1e-16);
        assertEquals(2 * one[0], two[0], 1e-16);
    }

    /** A device's OFF flag, which can select another state of a multistable circuit, is refused, not ignored. */
    @Test
    void offFlagIsRefused() {
        for (String line : List.of("d1 a 0 dd off", "m1 a a 0 0 nm w=1u l=1u off")) {
            NetlistException e = assertThrows(NetlistException.class, () -> op("t\n.model dd d\n.model nm nmos level=1\n"
                    + "v1 a 0 1\nr1 a 0 1k\n" + line + "\n.op\n.end\n", Map.of()));
            assertTrue(e.getMessage().contains("OFF (start the device off) is not supported"), e.getMessage());
        }
    }
}
