package org.xbarsim.netlist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading files (ASCII by a copy, anything else through the strict UTF-8 decoder) and splitting statements into tokens. */
class NetlistReaderTest {
    @TempDir
    Path dir;

    private static List<String> texts(List<Token> tokens) {
        return tokens.stream().map(Token::text).toList();
    }

    @Test
    void asciiAndUtf8FilesReadAsTheirText() throws IOException {
        String ascii = "divider\nv1 in 0 dc 1\n* comment\nr1 in out 1k ; inline\n+ m=1\n.end\n";
        String utf8 = "diviseur \u00b5A \u00e9t\u00e9\nv1 in 0 dc 1 $ source \u00e0 1 V\nr1 in out 1k\n.end\n";
        for (String text : List.of(ascii, utf8)) {
            Path file = dir.resolve("n" + text.length() + ".cir");
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            NetlistReader.Source fromFile = NetlistReader.read(file);
            NetlistReader.Source fromText = NetlistReader.readString(file, text);
            assertEquals(fromText.title(), fromFile.title());
            assertEquals(fromText.lines().stream().map(LogicalLine::text).toList(),
                    fromFile.lines().stream().map(LogicalLine::text).toList());
        }
        NetlistReader.Source s = NetlistReader.readString(dir.resolve("a.cir"), utf8);
        assertEquals("diviseur \u00b5A \u00e9t\u00e9", s.title());
        assertEquals("v1 in 0 dc 1", s.lines().get(0).text());
        NetlistReader.Source a = NetlistReader.readString(dir.resolve("b.cir"), ascii);
        assertEquals("r1 in out 1k m=1", a.lines().get(1).text());
    }

    private static List<String> lines(String text) {
        NetlistReader.Breaks b = new NetlistReader.Breaks(NetlistReader.Text.of(text), 0);
        List<String> out = new java.util.ArrayList<>();
        while (b.advance()) {
            out.add(text.substring(b.start, b.end));
        }
        return out;
    }

    @Test
    void linesEndAtNewlineCarriageReturnOrBoth() {
        assertEquals(List.of("a", "b", "c", "", "d"), lines("a\r\nb\rc\n\nd"));
        assertEquals(List.of("a", "", "b", ""), lines("a\n\rb\r\n"));
        assertEquals(List.of("", "x", "", ""), lines("\rx\r\r\n"));
        assertEquals(List.of("one line"), lines("one line"));
        assertEquals(List.of("a", "b", ""), lines("a\nb\n"));
    }

    @Test
    void tokensSplitAtEveryKindOfWhiteSpaceAndDelimiter() {
        // tab, form feed, an em space (white space to Java) and a no-break space (not white space)
        String text = "r1\tin\fmid\u2003out r={2*x} m=1,2 'a b' q\u00a0z (p)";
        LogicalLine line = NetlistReader.readString(dir.resolve("t.cir"), "title\n" + text + "\n").lines().get(0);
        assertEquals(List.of("r1", "in", "mid", "out", "r", "=", "2*x", "m", "=", "1", ",", "2", "a b", "q\u00a0z", "(", "p", ")"),
                texts(Tokenizer.tokenize(line)));
        List<Token> t = Tokenizer.tokenize(line);
        assertEquals(Token.Kind.EXPR, t.get(6).kind());
        assertEquals(Token.Kind.EXPR, t.get(12).kind());
        assertEquals(new SourceLocation(dir.resolve("t.cir"), 2, 4), t.get(1).location());
    }

    @Test
    void continuationLinesKeepTheirOwnLocations() {
        LogicalLine line = NetlistReader.readString(dir.resolve("c.cir"), "title\nr1 a b\n+  1k\n").lines().get(0);
        assertEquals("r1 a b 1k", line.text());
        List<Token> t = Tokenizer.tokenize(line);
        assertEquals(new SourceLocation(dir.resolve("c.cir"), 2, 1), t.get(0).location());
        assertEquals(new SourceLocation(dir.resolve("c.cir"), 3, 4), t.get(3).location());
    }
}
