package org.xbarsim.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.CircuitBuilder;
import org.xbarsim.crossbar.CrossbarNetlistWriter;
import org.xbarsim.crossbar.CrossbarSpec;
import org.xbarsim.netlist.Flattener;
import org.xbarsim.netlist.NetlistParser;

/**
 * Newton on monotone circuits (one operating point): which circuits count as monotone, and a
 * 1T1R crossbar whose access transistors start from vds = 0 after the junction initialization,
 * solved in at most 5 iterations with one refactorization (48x48, large enough for chord steps), to the same answer as a solve at
 * tight tolerances.
 */
class MonotoneStartTest {
    private static final Path FILE = Path.of("monotone.cir");
    private static final Map<String, Double> TIGHT = Map.of("reltol", 1e-13, "vntol", 1e-16, "abstol", 1e-20);

    private static Circuit circuit(String text) {
        return CircuitBuilder.build(Flattener.flatten(NetlistParser.parseString(FILE, text)), Map.of());
    }

    private static final String MODELS = ".model nm nmos (level=1 vto=0.5 kp=2e-4 lambda=0.01)\n"
            + ".model dm d (is=1e-14)\n.model mem mem (law=sinh vread=0.2)\n";

    @Test
    void gatesHeldBySourcesAreMonotone() {
        assertTrue(circuit("t\n" + MODELS + "vg g 0 1.8\nvd d 0 0.3\nr1 d a 1k\nm1 a g 0 0 nm w=2u l=0.2u\n"
                + "y1 d b mem g=1e-5\nd1 b 0 dm\ni1 0 b 1u\n.op\n.end\n").monotone());
        assertTrue(circuit("t\n" + MODELS + "vg 0 g -1.8\nvd d 0 0.3\nm1 d g 0 0 nm w=2u l=0.2u\n.op\n.end\n").monotone(),
                "a gate held by a source written from ground");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "vd d 0 1\nr1 d g 10k\nr2 g 0 10k\nm1 d g 0 0 nm w=2u l=0.2u\n", // gate on a divider: a feedback path
        "vd d 0 1\nvg g 0 1.8\nm1 d g 0 b nm w=2u l=0.2u\nrb b 0 1k\n", // bulk not held
        "vd d 0 1\nr1 d 0 -1k\n", // a negative resistor
        "vd d 0 1\ne1 o 0 d 0 2\nr1 o 0 1k\n", // a controlled source
        "vd d 0 1\nb1 o 0 v = v(d) * v(d)\nr1 o 0 1k\n"}) // a behavioural source
    void otherCircuitsAreNot(String body) {
        assertFalse(circuit("t\n" + MODELS + body + ".op\n.end\n").monotone(), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "sinh"})
    void accessTransistorsConvergeInFiveIterations(String law) throws IOException {
        CrossbarSpec spec = CrossbarSpec.defaults(48, 48, true, law).withSeed(3);
        StringWriter text = new StringWriter();
        CrossbarNetlistWriter.write(spec, text);
        Simulator.Run run = Simulator.runString(FILE, text.toString(), Map.of());
        assertTrue(run.circuit().monotone());
        NewtonSolver newton = run.analysis().newton();
        assertTrue(newton.iterations() <= 5, "iterations " + newton.iterations());
        assertEquals(1, newton.lu().refactorizations(), "one factorization after the junction initialization's");
        double[] got = run.results().get(0).rows().get(0);
        double[] tight = Simulator.runString(FILE, text.toString(), TIGHT).results().get(0).rows().get(0);
        for (int j = 0; j < got.length; j++) {
            // default options (reltol 1e-3): the last chord step predicts a next one of at most 1e-3 of the
            // tolerance, so the answer is within about 1e-6 relative (measured: 7e-9 at 48x48 sinh)
            assertEquals(tight[j], got[j], 1e-6 * Math.abs(tight[j]), "column " + j);
        }
    }
}
