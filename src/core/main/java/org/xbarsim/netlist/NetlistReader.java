package org.xbarsim.netlist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Reads netlist text into logical lines: the title line, {@code *} comment lines, inline
 * {@code ;} and {@code $ } comments, {@code +} continuations, {@code .include} (relative to the
 * including file) and {@code .end}. One-line elements of the forms large generated netlists are
 * made of are read straight into their flat elements ({@link PlainStatements}; on two threads
 * for a large file), each statement's text kept as a range of the file's.
 */
public final class NetlistReader {

    /** The statements of a netlist and its title. */
    public record Source(String title, List<LogicalLine> lines) {
    }

    private final Deque<Path> includeStack = new ArrayDeque<>();
    /** The library sections being read, as "file#section", for recursion. */
    private final Deque<String> libraryStack = new ArrayDeque<>();
    /** The section read from the library file now being read, or null outside a library. */
    private Library library;

    /** A {@code .lib FILE SECTION} being read: the section wanted, and whether the reader is in it. */
    private static final class Library {
        final String section;
        boolean inside;
        boolean found;

        Library(String section) {
            this.section = section;
        }
    }

    /** Reads a top-level netlist file; its first line is the title. */
    public static Source read(Path file) {
        return new NetlistReader(true).readTop(file, null);
    }

    /** Reads netlist text as if it came from {@code file} (used by tests and generated input). */
    public static Source readString(Path file, String text) {
        return new NetlistReader(true).readTop(file, text);
    }

    /**
     * Reads a netlist with or without reading one-line elements of the plain forms in place (the
     * two must give the same flat netlist; tests compare them).
     */
    static Source read(Path file, String text, boolean plainForms) {
        return new NetlistReader(plainForms).readTop(file, text);
    }

    /** Reads one-line elements of the plain forms in place; null: every statement goes to the parser. */
    private final PlainStatements plain;

    private NetlistReader(boolean plainForms) {
        this.plain = plainForms ? new PlainStatements() : null;
    }

    private Source readTop(Path file, String text) {
        Text loaded = text != null ? Text.of(text) : load(file, null);
        String content = loaded.string();
        if (content.isBlank()) {
            throw new NetlistException(SourceLocation.startOf(file),
                    "empty netlist: expected a title line and at least one element", null);
        }
        Breaks first = new Breaks(loaded, 0);
        first.advance();
        String title = content.substring(first.start, first.end).strip();
        List<LogicalLine> out = new ArrayList<>(content.length() / 40 + 1);
        includeStack.push(file.toAbsolutePath().normalize());
        Ahead ahead = plain != null && loaded.ascii() != null && content.length() >= AHEAD_MIN_CHARS
                ? Ahead.read(file, loaded) : null;
        parseLines(file, loaded, 1, out, ahead);
        includeStack.pop();
        if (out.isEmpty()) {
            throw new NetlistException(new SourceLocation(file, first.advance() ? 2 : 1, 1),
                    "netlist has a title line but no elements or directives", null);
        }
        return new Source(title, out);
    }

    /**
     * The physical lines of a text, broken at \n, \r\n or \r, as ranges [start, end) of it: no
     * string per line (an ASCII text is scanned in its bytes). After the last break there is one
     * more line, empty when the text ends with a break.
     */
    static final class Breaks {
        private final String text;
        private final byte[] ascii;
        private final int n;
        /** The current line, and where the next one starts (past the end after the last). */
        int start;
        int end;
        int next;

        /** The lines of {@code text} from {@code from}, which starts a line. */
        Breaks(Text text, int from) {
            this.text = text.string();
            this.ascii = text.ascii();
            this.n = this.text.length();
            this.next = from;
        }

        /** Moves to the next line; false after the last. */
        boolean advance() {
            if (next > n) {
                return false;
            }
            start = next;
            int i = start;
            if (ascii != null) {
                while (i < n && ascii[i] != '\n' && ascii[i] != '\r') {
                    i++;
                }
            } else {
                while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
            }
            end = i;
            next = i == n ? n + 1 : i + (text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1);
            return true;
        }
    }

    /** Files of at least this many characters have their plain lines read ahead on two threads. */
    static final int AHEAD_MIN_CHARS = 1 << 20;

    /**
     * The lines of a file read in place ahead of the statement pass, the file's two halves on two
     * threads (whether a line is a one-line element of a plain form depends on its text and on
     * whether the lines after it continue it, not on what came before): by physical line index,
     * null where a line is not one.
     */
    private static final class Ahead {
        /** The first line index of the second half. */
        private final int split;
        private final LogicalLine[] first;
        private final LogicalLine[] second;

        private Ahead(int split, LogicalLine[] first, LogicalLine[] second) {
            this.split = split;
            this.first = first;
            this.second = second;
        }

        LogicalLine get(int idx) {
            LogicalLine[] part = idx < split ? first : second;
            int k = idx < split ? idx : idx - split;
            return k < part.length ? part[k] : null;
        }

        static Ahead read(Path file, Text content) {
            int half = content.string().indexOf('\n', content.string().length() / 2) + 1;
            if (half == 0) {
                half = content.string().length(); // no \n in the second half: one part
            }
            int from = half;
            // a thread of its own: the reader may itself run in the common pool (xbarsim run reads
            // there while it sets up), where a second task would wait for the first to end
            FutureTask<LogicalLine[]> second = new FutureTask<>(() -> {
                int lines = 0;
                Breaks b = new Breaks(content, 0);
                while (b.next < from && b.advance()) {
                    lines++;
                }
                return part(file, content, from, content.string().length() + 1, lines);
            });
            Thread worker = new Thread(second, "netlist-reader");
            worker.setDaemon(true);
            worker.start();
            LogicalLine[] first = part(file, content, 0, half, 0);
            LogicalLine[] rest;
            try {
                rest = second.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + file, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
            return new Ahead(first.length, first, rest);
        }

        /** The lines starting in [from, to), the first of them line index {@code index}; the title line skipped. */
        private static LogicalLine[] part(Path file, Text content, int from, int to, int index) {
            PlainStatements reader = new PlainStatements();
            ArrayList<LogicalLine> out = new ArrayList<>((to - from) / 32 + 1);
            Breaks lines = new Breaks(content, from);
            while (lines.next < to && lines.advance()) {
                out.add(index == 0 ? null : plainLine(file, content, lines, index + 1, reader));
                index++;
            }
            return out.toArray(new LogicalLine[0]);
        }
    }

    /**
     * Line [lines.start, lines.end) read in place as a one-line element of a plain form (its
     * {@code plain} set; {@code lineNo} its physical line), or null when it is not one, the next
     * lines continue it, or the text is not ASCII.
     */
    private static LogicalLine plainLine(Path file, Text content, Breaks lines, int lineNo, PlainStatements reader) {
        byte[] b = content.ascii();
        if (b == null) {
            return null;
        }
        int lead = lines.start;
        while (lead < lines.end && (b[lead] == ' ' || b[lead] == '\t')) {
            lead++;
        }
        if (lead == lines.end || !PlainStatements.startsPlain(b[lead]) || continued(b, lines.next)) {
            return null;
        }
        int to = lines.end;
        while (to > lead && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        LogicalLine line = new LogicalLine(file, content.string(), lead, to, lineNo, lead - lines.start + 1);
        Deck.Statement e = reader.read(b, lead, to, line);
        if (e == null) {
            return null;
        }
        line.plain = e;
        return line;
    }

    /**
     * Parses the physical lines of {@code content} from index {@code first} on, with the lines read
     * ahead ({@code ahead}, or null to read them here); returns true when {@code .end} was met.
     */
    private boolean parseLines(Path file, Text text, int first, List<LogicalLine> out, Ahead ahead) {
        String content = text.string();
        LogicalLine.Builder current = null;
        Breaks lines = new Breaks(text, 0);
        int idx = -1;
        while (lines.advance()) {
            idx++;
            if (idx < first) {
                continue;
            }
            int lineNo = idx + 1;
            LogicalLine flat = ahead != null ? ahead.get(idx)
                    : plain != null && library == null ? plainLine(file, text, lines, lineNo, plain) : null;
            if (flat != null) {
                if (current != null && flush(current, out)) {
                    return true;
                }
                current = null;
                out.add(flat);
                continue;
            }
            int lead = lines.start;
            while (lead < lines.end && isBlank(content.charAt(lead))) {
                lead++;
            }
            String body = stripComment(content.substring(lines.start, lines.end));
            lead -= lines.start;
            if (lead >= body.length() || body.charAt(lead) == '*') {
                continue;
            }
            if (body.charAt(lead) == '+') {
                if (current == null) {
                    throw new NetlistException(new SourceLocation(file, lineNo, lead + 1),
                            "continuation line with nothing to continue", "+");
                }
                current.append(body.substring(lead + 1).strip(), lineNo, lead + 2 + leadingSpace(body, lead + 1));
                continue;
            }
            if (current != null && flush(current, out)) {
                return true;
            }
            current = new LogicalLine.Builder(file);
            current.append(body.strip(), lineNo, lead + 1);
        }
        return current != null && flush(current, out);
    }

    private static int leadingSpace(String s, int from) {
        int k = 0;
        while (from + k < s.length() && Character.isWhitespace(s.charAt(from + k))) {
            k++;
        }
        return k;
    }

    /** White space within a line (a line break ends it). */
    private static boolean isBlank(char c) {
        return c != '\n' && c != '\r' && Character.isWhitespace(c);
    }

    /**
     * Whether the statement ending before {@code pos} goes on: the next line that is not blank, a
     * comment or empty after its comment starts with '+' (comment lines between a statement and
     * its continuation are skipped, as {@link #parseLines} skips them). Lines starting with ';' or
     * '$' are passed over as comments; passing over a '$' that is not one only makes the answer
     * "continued" more often, which sends the statement to the full parser.
     */
    private static boolean continued(byte[] s, int pos) {
        int n = s.length;
        int i = pos;
        while (i < n) {
            byte c = s[i];
            if (c == '+') {
                return true;
            }
            if (Character.isWhitespace(c)) { // blank lines and leading white space
                i++;
            } else if (c == '*' || c == ';' || c == '$') {
                while (i < n && s[i] != '\n' && s[i] != '\r') {
                    i++;
                }
            } else {
                return false;
            }
        }
        return false;
    }

    /** Emits a finished statement, expanding .include; returns true at .end. */
    private boolean flush(LogicalLine.Builder b, List<LogicalLine> out) {
        LogicalLine line = b.build();
        if (line.text().charAt(0) != '.') {
            if (library == null || library.inside) {
                out.add(line);
            }
            return false;
        }
        String lower = line.text().toLowerCase(Locale.ROOT);
        if (library != null) {
            // in a library file only the wanted section is read: .lib NAME opens a section, .endl closes it
            if (lower.startsWith(".lib ") && Tokenizer.tokenize(line).size() == 2) {
                if (library.inside) {
                    throw Tokenizer.tokenize(line).get(0).error("a .lib section inside another; close it with .endl first");
                }
                library.inside = Tokenizer.tokenize(line).get(1).text().equalsIgnoreCase(library.section);
                library.found |= library.inside;
                return false;
            }
            if (lower.equals(".endl") || lower.startsWith(".endl ")) {
                library.inside = false;
                return false;
            }
            if (!library.inside) {
                return false;
            }
        }
        if (lower.equals(".end") || lower.startsWith(".end ")) {
            return true;
        }
        if (lower.startsWith(".lib ") || lower.equals(".lib")) {
            libraryInclude(line, out);
            return false;
        }
        if (lower.startsWith(".include") || lower.startsWith(".inc ")) {
            List<Token> toks = Tokenizer.tokenize(line);
            if (toks.size() < 2) {
                throw new NetlistException(line.start(), ".include needs a file name", toks.get(0).text());
            }
            Token nameTok = toks.get(1);
            if (toks.size() > 2) {
                throw toks.get(2).error("unexpected token after the .include file name");
            }
            String name = nameTok.text().replace("\"", "");
            Path target = nameTok.resolve(name);
            if (includeStack.contains(target)) {
                throw new NetlistException(nameTok.location(), "recursive .include of " + target, nameTok.text());
            }
            Text content = load(target, nameTok);
            includeStack.push(target);
            parseLines(target, content, 0, out, null);
            includeStack.pop();
            return false;
        }
        out.add(line);
        return false;
    }

    /**
     * {@code .lib FILE SECTION}: the statements of one section of a library file, between
     * {@code .lib SECTION} and {@code .endl}, read as if written here; sections may take sections
     * of other libraries (or of the same one) in turn.
     */
    private void libraryInclude(LogicalLine line, List<LogicalLine> out) {
        List<Token> toks = Tokenizer.tokenize(line);
        if (toks.size() == 2) {
            throw toks.get(0).error(".lib NAME opens a section of a library file; to read one, give .lib FILE SECTION");
        }
        if (toks.size() != 3) {
            throw (toks.size() > 3 ? toks.get(3) : toks.get(0)).error(".lib takes a file name and a section name");
        }
        Token nameTok = toks.get(1);
        Token sectionTok = toks.get(2);
        Path target = nameTok.resolve(nameTok.text().replace("\"", ""));
        String key = target + "#" + sectionTok.text().toLowerCase(Locale.ROOT);
        if (libraryStack.contains(key)) {
            throw new NetlistException(sectionTok.location(), "recursive .lib of section " + sectionTok.text() + " of "
                    + target, sectionTok.text());
        }
        Text content = load(target, nameTok);
        Library saved = library;
        library = new Library(sectionTok.text().toLowerCase(Locale.ROOT));
        libraryStack.push(key);
        parseLines(target, content, 0, out, null);
        libraryStack.pop();
        boolean found = library.found;
        library = saved;
        if (!found) {
            throw new NetlistException(sectionTok.location(), "no section '" + sectionTok.text() + "' in " + target,
                    sectionTok.text());
        }
    }

    private static String stripComment(String raw) {
        int cut = raw.length();
        int semi = raw.indexOf(';');
        if (semi >= 0) {
            cut = semi;
        }
        for (int i = raw.indexOf('$'); i >= 0 && i < cut; i = raw.indexOf('$', i + 1)) {
            if ((i == 0 || Character.isWhitespace(raw.charAt(i - 1)))
                    && (i + 1 == raw.length() || Character.isWhitespace(raw.charAt(i + 1)))) {
                cut = i;
                break;
            }
        }
        return raw.substring(0, cut);
    }

    /** Largest netlist or .include file read (bytes): a 1024x1024 crossbar written out is about 150 MB. */
    static final long MAX_FILE_BYTES = 1L << 30;

    /**
     * A file's text, and for ASCII text its bytes too (one per character: the plain lines are read
     * from them, where array reads are cheaper than the string's), or null.
     */
    record Text(String string, byte[] ascii) {
        static Text of(String string) {
            for (int i = 0; i < string.length(); i++) {
                if (string.charAt(i) >= 128) {
                    return new Text(string, null);
                }
            }
            return new Text(string, string.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** Loads a file as UTF-8 text, rejecting binary content; {@code from} is the .include token. */
    private static Text load(Path file, Token from) {
        byte[] bytes;
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw missing(file, from, (Files.isDirectory(file) ? "a directory" : "not a regular file")
                        + ", not a netlist: " + file);
            }
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size > MAX_FILE_BYTES) {
                throw missing(file, from, file + " has " + size + " bytes; a netlist file may have at most "
                        + MAX_FILE_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw missing(file, from, "file not found: " + file);
        } catch (IOException e) {
            throw missing(file, from, "cannot read " + file + ": " + e.getMessage());
        }
        boolean ascii = true;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == 0) {
                throw new NetlistException(locate(file, bytes, i),
                        "binary data (NUL byte at offset " + i + "), not a netlist", null);
            }
            ascii &= b > 0;
        }
        if (ascii) {
            return new Text(new String(bytes, StandardCharsets.ISO_8859_1), bytes); // ASCII is valid UTF-8: a plain copy
        }
        try {
            return new Text(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString(), null);
        } catch (CharacterCodingException e) {
            throw new NetlistException(SourceLocation.startOf(file),
                    "not a text file: invalid UTF-8, not a netlist", null);
        }
    }

    private static NetlistException missing(Path file, Token from, String message) {
        if (from == null) {
            return new NetlistException(null, message, null);
        }
        return new NetlistException(from.location(), message, from.text());
    }

    private static SourceLocation locate(Path file, byte[] bytes, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new SourceLocation(file, line, col);
    }
}
