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

/**
 * Reads netlist text into logical lines: the title line, {@code *} comment lines, inline
 * {@code ;} and {@code $ } comments, {@code +} continuations, {@code .include} (relative to the
 * including file) and {@code .end}.
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
        return new NetlistReader().readTop(file, null);
    }

    /** Reads netlist text as if it came from {@code file} (used by tests and generated input). */
    public static Source readString(Path file, String text) {
        return new NetlistReader().readTop(file, text);
    }

    private Source readTop(Path file, String text) {
        String content = text != null ? text : load(file, null);
        if (content.isBlank()) {
            throw new NetlistException(SourceLocation.startOf(file),
                    "empty netlist: expected a title line and at least one element", null);
        }
        String[] physical = lines(content);
        String title = physical[0].strip();
        List<LogicalLine> out = new ArrayList<>(physical.length);
        includeStack.push(file.toAbsolutePath().normalize());
        parseLines(file, physical, 1, out);
        includeStack.pop();
        if (out.isEmpty()) {
            throw new NetlistException(new SourceLocation(file, Math.min(2, physical.length), 1),
                    "netlist has a title line but no elements or directives", null);
        }
        return new Source(title, out);
    }

    /** Parses physical lines from index {@code first}; returns true when {@code .end} was met. */
    private boolean parseLines(Path file, String[] physical, int first, List<LogicalLine> out) {
        LogicalLine.Builder current = null;
        for (int idx = first; idx < physical.length; idx++) {
            String raw = physical[idx];
            int lineNo = idx + 1;
            String body = stripComment(raw);
            int lead = 0;
            while (lead < body.length() && Character.isWhitespace(body.charAt(lead))) {
                lead++;
            }
            if (lead == body.length() || body.charAt(lead) == '*') {
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
            String content = load(target, nameTok);
            includeStack.push(target);
            parseLines(target, lines(content), 0, out);
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
        String content = load(target, nameTok);
        Library saved = library;
        library = new Library(sectionTok.text().toLowerCase(Locale.ROOT));
        libraryStack.push(key);
        parseLines(target, lines(content), 0, out);
        libraryStack.pop();
        boolean found = library.found;
        library = saved;
        if (!found) {
            throw new NetlistException(sectionTok.location(), "no section '" + sectionTok.text() + "' in " + target,
                    sectionTok.text());
        }
    }

    /** Splits text at \n, \r\n or \r, each line break found by the library's character search. */
    static String[] lines(String text) {
        List<String> out = new ArrayList<>(text.length() / 24 + 1);
        int n = text.length();
        int start = 0;
        int nl = text.indexOf('\n');
        int cr = text.indexOf('\r');
        while (nl >= 0 || cr >= 0) {
            int end = cr < 0 || (nl >= 0 && nl < cr) ? nl : cr;
            out.add(text.substring(start, end));
            start = end + (end == cr && end + 1 < n && text.charAt(end + 1) == '\n' ? 2 : 1);
            if (nl >= 0 && nl < start) {
                nl = text.indexOf('\n', start);
            }
            if (cr >= 0 && cr < start) {
                cr = text.indexOf('\r', start);
            }
        }
        out.add(text.substring(start));
        return out.toArray(new String[0]);
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

    /** Loads a file as UTF-8 text, rejecting binary content; {@code from} is the .include token. */
    private static String load(Path file, Token from) {
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
            return new String(bytes, StandardCharsets.ISO_8859_1); // ASCII is valid UTF-8: a plain copy
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
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
