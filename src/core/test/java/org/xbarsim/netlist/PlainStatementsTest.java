package org.xbarsim.netlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-line elements read in place ({@link PlainStatements}) give the flat netlist the full parser
 * gives, element for element (names, nodes, values to the bit, models, parameters in order, the
 * origin's text and location), and the same errors; statements of other forms, and plain ones in
 * a subcircuit or a branch not taken, go to the parser.
 */
class PlainStatementsTest {
    @TempDir
    Path dir;

    /** Both readings of {@code text} as file {@code name}: the flat netlists, or both errors' messages. */
    private void assertSameBothWays(String name, String text) {
        assertSameBothWays(dir.resolve(name), text);
    }

    private static void assertSameBothWays(Path file, String text) {
        FlatNetlist fast = null;
        FlatNetlist full = null;
        String fastError = null;
        String fullError = null;
        try {
            fast = flat(file, text, true, Map.of());
        } catch (NetlistException e) {
            fastError = e.getMessage();
        }
        try {
            full = flat(file, text, false, Map.of());
        } catch (NetlistException e) {
            fullError = e.getMessage();
        }
        assertEquals(fullError, fastError, file.toString());
        if (full != null) {
            assertSameElements(file.toString(), full, fast);
        }
    }

    /** {@code text} read as {@code file} with or without the plain forms, flattened with {@code params} replaced. */
    private static FlatNetlist flat(Path file, String text, boolean plainForms, Map<String, Double> params) {
        return Flattener.flatten(NetlistParser.parse(file, NetlistReader.read(file, text, plainForms)), params);
    }

    private static void assertSameElements(String name, FlatNetlist full, FlatNetlist fast) {
        assertEquals(full.elements().size(), fast.elements().size(), name);
        for (int k = 0; k < full.elements().size(); k++) {
            FlatNetlist.Element a = full.elements().get(k);
            FlatNetlist.Element b = fast.elements().get(k);
            String at = name + ", element " + a.name();
            assertEquals(a.type(), b.type(), at);
            assertEquals(a.name(), b.name(), at);
            assertEquals(a.nodes(), b.nodes(), at);
            assertEquals(Double.doubleToRawLongBits(a.value()), Double.doubleToRawLongBits(b.value()), at);
            assertEquals(a.model(), b.model(), at);
            assertEquals(a.control(), b.control(), at);
            assertEquals(new ArrayList<>(a.params().entrySet()), new ArrayList<>(b.params().entrySet()), at);
            assertEquals(String.valueOf(a.behaviour()), String.valueOf(b.behaviour()), at);
            assertEquals(a.voltage(), b.voltage(), at);
            assertEquals(a.origin().text(), b.origin().text(), at);
            assertEquals(a.origin().location(), b.origin().location(), at);
            assertEquals(a.origin().line().text(), b.origin().line().text(), at);
        }
        assertEquals(full.models().keySet(), fast.models().keySet(), name);
        assertEquals(full.outputs().stream().map(Deck.ProbeCard::label).toList(),
                fast.outputs().stream().map(Deck.ProbeCard::label).toList(), name);
    }

    /** The bundled netlists, ngspice's and the regression suite's, with their includes and libraries. */
    private static List<Path> corpus() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String d : List.of("netlists", "src/core/test/resources", "validation/regression", "validation/dialect")) {
            try (Stream<Path> s = Files.walk(Path.of(d))) {
                s.filter(p -> p.toString().endsWith(".cir")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    /**
     * Mutants of the corpus's element lines (a character replaced by one of the characters that
     * decide the form, deleted or doubled; seeded) read the same both ways: the same flat netlist or
     * the same error.
     */
    @Test
    void mutantsReadTheSameBothWays() throws IOException {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(24);
        String marks = " \t=0kK.-+e$;{}'(),\"*gGdD";
        int mutants = 0;
        for (Path f : corpus()) {
            String[] lines = Files.readString(f).split("\n", -1);
            for (int m = 0; m < 200; m++) {
                int k = 1 + rnd.nextInt(Math.max(1, lines.length - 1));
                if (k >= lines.length || lines[k].isEmpty() || "rRmMvViIyY".indexOf(lines[k].charAt(0)) < 0) {
                    continue;
                }
                String line = lines[k];
                int at = rnd.nextInt(line.length());
                String mutated = switch (rnd.nextInt(3)) {
                    case 0 -> line.substring(0, at) + marks.charAt(rnd.nextInt(marks.length())) + line.substring(at + 1);
                    case 1 -> line.substring(0, at) + line.substring(at + 1);
                    default -> line.substring(0, at + 1) + line.substring(at);
                };
                String[] copy = lines.clone();
                copy[k] = mutated;
                assertSameBothWays(f.getFileName().toString(), String.join("\n", copy));
                mutants++;
            }
        }
        assertTrue(mutants > 200, "mutants read: " + mutants);
    }

    @Test
    void everyBundledNetlistReadsTheSameBothWays() throws IOException {
        List<Path> files = corpus();
        assertTrue(files.size() >= 30, "netlists found: " + files.size());
        int plain = 0;
        for (Path f : files) {
            String text = Files.readString(f);
            assertSameBothWays(f, text);
            plain += (int) NetlistReader.read(f, text, true).lines().stream().filter(l -> l.plain != null).count();
        }
        assertTrue(plain > 100, "statements read in place across the netlists: " + plain);
    }

    @Test
    void theCommonFormsReadInPlace() {
        String text = "forms\n"
                + ".model nacc nmos (level=1 vto=0.5 kp=2e-4)\n.model mem mem (law=linear vread=0.2)\n"
                + "VWL WL 0 DC 1.8\nvin0 In0 GND 0.25\nI1 0 n1 -1.5m\n"
                + "R1 In0 t0 1k\nr2\tt0  t1\t4K7  \nrm t1 m1 227547.80081986982\nr3 m1 0 1e-3meg\nr4 m1 0 .5\n"
                + "MT1 m1 WL b1 0 NACC W=2.0E-6 l=2u M=2\nmt2 m1 wl b1 0 nacc\n"
                + "y1 t1 m1 MEM g=4.39e-6\ny2 t1 m1 mem R=100k\n"
                + ".param rv=2k Wv=1u gv={1/rv}\nrp t1 0 {rv}\nvp p 0 DC {RV}\nmp m1 wl b1 0 nacc w={wv} l=2u m={Wv}\n"
                + "mq m1 wl b2 0 nacc w={wv} l=2u m={Wv}\nyp t1 m1 mem g={gv}\n"
                + ".subckt cell t b g r=1\nr1 t m {r}\nm1 m g b 0 nacc w=2u l=0.2u\n.ends\n"
                + "xa t1 b1 wl cell r=227k\nXB t1 b2 WL CELL R={rv}\nxc t1 b3 wl cell\n.op\n.end\n";
        Path file = dir.resolve("forms.cir");
        NetlistReader.Source s = NetlistReader.read(file, text, true);
        // every element line, the subcircuit's body too (which the parser reads again)
        assertEquals(List.of(), s.lines().stream().filter(l -> l.plain == null && !l.text().startsWith("."))
                .map(LogicalLine::text).toList());
        assertEquals(22, s.lines().stream().filter(l -> l.plain != null).count());
        assertEquals(6, s.lines().stream().filter(l -> l.plain instanceof Deck.PlainElement).count());
        assertEquals(3, s.lines().stream().filter(l -> l.plain instanceof Deck.ElementCard).count());
        assertSameBothWays("forms.cir", text);
        FlatNetlist f = flat(file, text, true, Map.of());
        FlatNetlist.Element mt1 = named(f, "mt1");
        assertEquals(List.of("m1", "wl", "b1", "0"), mt1.nodes());
        assertEquals(List.of("w", "l", "m"), List.copyOf(mt1.params().keySet()));
        assertEquals(2e-6, mt1.params().get("l"), 0);
        assertEquals(4000, named(f, "r2").value(), 0);
        // {name} values evaluated when flattened, transistors with the same ones sharing a map
        assertEquals(2000, named(f, "rp").value(), 0);
        assertEquals(2000, named(f, "vp").value(), 0);
        assertEquals(List.of(1e-6, 2e-6, 1e-6), List.copyOf(named(f, "mp").params().values()));
        assertTrue(named(f, "mp").params() == named(f, "mq").params());
        assertEquals(5e-4, named(f, "yp").params().get("g"), 1e-18);
        // and with a top-level parameter replaced, as a sweep does
        FlatNetlist swept = flat(file, text, true, Map.of("rv", 4e3));
        assertSameElements("forms.cir, rv = 4k", flat(file, text, false, Map.of("rv", 4e3)), swept);
        assertEquals(2.5e-4, named(swept, "yp").params().get("g"), 1e-18);
        // instances read in place expand as the parser's cards do
        assertEquals(227e3, named(f, "r.xa.r1").value(), 1e-9);
        assertEquals(2000, named(f, "r.xb.r1").value(), 0);
        assertEquals(4000, named(swept, "r.xb.r1").value(), 0);
        assertEquals(1, named(f, "r.xc.r1").value(), 0);
        assertEquals(List.of("xb.m", "wl", "b2", "0"), named(f, "m.xb.m1").nodes());
        assertEquals(new SourceLocation(file, 5, 1), named(f, "vin0").origin().location());
    }

    private static FlatNetlist.Element named(FlatNetlist f, String name) {
        return f.elements().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void otherFormsAndPlacesGoToTheParser() {
        String text = "others\n.param rv=2k\n.model nacc nmos (level=1)\n"
                + "r1 a 0 rv\nr2 a 0 {rv}\nr3 a 0 1k m=2\nr4 a 0 r=1k\nv1 a 0 dc=1\nv2 b 0 sin(0 1 1k)\nv3 c 0\n"
                + "m1 a b 0 0 nacc w = 1u\nm3 a b 0 0 nacc ad=1p\ne1 a 0 b 0 2\nc1 a 0 1p\n"
                + "r5 a b 1k ; comment\nr6 a b 1k $ comment\nr7 a b\n* between\n+ 2k\nr8 b 0 1k\n\n;x\n  + m=3\n"
                + ".subckt cell p q w=1u\nr1 p q 1k\nm1 p q 0 0 nacc w=1u\n.ends\nx1 a b cell\n"
                + ".param sel=1\n.if (sel == 2)\nr9 a b 1k\n.else\nr10 a b 3k\n.endif\n.op\n.end\n";
        Path file = dir.resolve("others.cir");
        NetlistReader.Source s = NetlistReader.read(file, text, true);
        List<String> inPlace = s.lines().stream().filter(l -> l.plain != null).map(LogicalLine::text).toList();
        assertEquals(List.of("r2 a 0 {rv}", "r1 p q 1k", "m1 p q 0 0 nacc w=1u", "x1 a b cell", "r9 a b 1k", "r10 a b 3k"), inPlace,
                "read in place, then taken by the parser as the place allows");
        assertSameBothWays("others.cir", text);
        FlatNetlist f = flat(file, text, true, Map.of());
        List<String> names = f.elements().stream().map(FlatNetlist.Element::name).toList();
        assertTrue(names.contains("r.x1.r1") && names.contains("m.x1.m1") && names.contains("r10") && !names.contains("r9"),
                names.toString());
        assertEquals(3, named(f, "r8").params().get("m"), 0);
    }

    /**
     * A file large enough to be read ahead on two threads (its halves split at a line break):
     * statements of every kind, continuations across comment lines, mixed line breaks, read the same
     * as by the parser alone, with the right line numbers on both sides of the split.
     */
    @Test
    void aLargeFileReadAheadOnTwoThreadsReadsTheSame() {
        StringBuilder sb = new StringBuilder("large\n.model nacc nmos (level=1 vto=0.5 kp=2e-4)\n.param rv=3k\n");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        int k = 0;
        while (sb.length() < NetlistReader.AHEAD_MIN_CHARS + 100_000) {
            String br = switch (rnd.nextInt(4)) {
                case 0 -> "\r\n";
                case 1 -> "\r";
                default -> "\n";
            };
            switch (rnd.nextInt(8)) {
                case 0 -> sb.append("r").append(k).append(" n").append(k).append(" n").append(k + 1).append(br).append("* c")
                        .append(br).append("+ ").append(rnd.nextInt(1000)).append("k").append(br);
                case 1 -> sb.append("r").append(k).append(" n").append(k).append(k % 2 == 0 ? " 0 rv" : " 0 {rv}").append(br);
                case 2 -> sb.append("M").append(k).append(" n").append(k).append(" g 0 0 nacc W=").append(rnd.nextDouble())
                        .append("u l=2e-7").append(br);
                case 3 -> sb.append("v").append(k).append(" n").append(k).append(" GND dc ").append(rnd.nextDouble()).append(br);
                case 4 -> sb.append("; note").append(br).append(br);
                default -> sb.append("R").append(k).append(" n").append(k).append(" n").append(k + 1).append(' ')
                        .append(rnd.nextDouble() * 1e5).append(br);
            }
            k++;
        }
        sb.append(".op\n.end\n");
        String text = sb.toString();
        Path file = dir.resolve("large.cir");
        long plain = NetlistReader.read(file, text, true).lines().stream().filter(l -> l.plain != null).count();
        assertTrue(plain > k / 2, plain + " of " + k + " statements read in place");
        assertSameBothWays("large.cir", text);
    }

    @Test
    void errorsAreTheParsersBothWays() {
        for (String bad : List.of("r1 a b 1e999", "r1 a b 1x2", "r1 a b -", "m1 a b c d nacc w=1u w=2u", "v1 a b dc",
                "y1 a b mem g=1 r=2", "r1 a b 1k 2k", "m1 a b c", "m2 a b 0 0 nacc off", "r1 a b {nope}",
                "m1 a b c d nacc w={nope}", "v1 a 0 dc {inf}", "r1 a b {1+2}", "r1 a b {x}y", "r1 {a} b 1k", "r1 a b {_u2}",
                "y1 a b mem g={zero}", "r1 a b {x", "r1 a b x}",
                "x1 a b nosuch", "x1 a b cell q=1", "x1 a b cell r=1 r=2", "x1 cell", "x1 a b cell params: r=1", "x1 a b cell r",
                "x1 a b cell r={nope}", "x1 a b cell r=1 c", "x1 a {b} cell", "x1 a b c cell", "y1 a b mem q=1", "i1 a 0 1..2")) {
            assertSameBothWays("bad.cir", "bad\n.model nacc nmos (level=1)\n.model mem mem (law=linear)\n.param inf={1/0} zero=0 x=1 "
                    + "_u2=3\n.subckt cell p q r=1\nr1 p q {r}\n.ends\n" + bad + "\n.end\n");
        }
    }

    @Test
    void aLineReadInPlaceKeepsItsTextAsARangeOfTheFile() {
        String text = "t\r\n  R1  a b 1k \t\r\nr2 b 0 2k";
        Path file = dir.resolve("crlf.cir");
        NetlistReader.Source s = NetlistReader.read(file, text, true);
        LogicalLine r1 = s.lines().get(0);
        assertNotNull(r1.plain);
        assertEquals("R1  a b 1k", r1.text());
        assertEquals(new SourceLocation(file, 2, 3), r1.start());
        assertEquals(new SourceLocation(file, 2, 9), r1.locationAt(6));
        assertSameBothWays("crlf.cir", text);
        assertNull(NetlistReader.read(file, text, false).lines().get(0).plain);
    }
}
