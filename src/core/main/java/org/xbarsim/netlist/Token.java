package org.xbarsim.netlist;

/**
 * A token of a netlist statement.
 *
 * @param kind  what sort of token
 * @param text  its text; for {@link Kind#EXPR} the expression without its braces or quotes
 * @param start index of its first character in the logical line
 * @param line  the logical line it belongs to
 */
public record Token(Kind kind, String text, int start, LogicalLine line) {

    /** Token kinds. */
    public enum Kind { WORD, EQUALS, LPAREN, RPAREN, COMMA, EXPR }

    public SourceLocation location() {
        return line.locationAt(start);
    }

    /** Location of the character {@code offset} places into the token's text. */
    public SourceLocation locationAt(int offset) {
        return line.locationAt(start + (kind == Kind.EXPR ? 1 : 0) + offset);
    }

    public boolean is(Kind k) {
        return kind == k;
    }

    /**
     * A file named in this token's netlist, relative to that netlist's folder.
     *
     * @throws NetlistException at this token when {@code name} is not a valid path (a NUL byte)
     */
    public java.nio.file.Path resolve(String name) {
        java.nio.file.Path base = line.file().toAbsolutePath().getParent();
        try {
            return (base == null ? java.nio.file.Path.of(name) : base.resolve(name)).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw error("not a valid file name: " + e.getReason());
        }
    }

    /** An error pointing at this token. */
    public NetlistException error(String message) {
        return new NetlistException(location(), message, kind == Kind.EXPR ? "{" + text + "}" : text);
    }
}
