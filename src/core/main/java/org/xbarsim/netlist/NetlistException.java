package org.xbarsim.netlist;

/**
 * A syntax or semantic error in a netlist. Its message is the one line users see:
 * {@code file:line:column: message (token)}.
 */
public class NetlistException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Where the offending token starts. */
    private final SourceLocation location;
    /** The offending token as written, or null when the error concerns no single token. */
    private final String token;

    public NetlistException(SourceLocation location, String detail, String token) {
        super(format(location, detail, token));
        this.location = location;
        this.token = token;
    }

    public SourceLocation location() {
        return location;
    }

    public String token() {
        return token;
    }

    private static String format(SourceLocation loc, String detail, String token) {
        String where = loc == null ? "" : loc + ": ";
        return token == null ? where + detail : where + detail + " (" + token + ")";
    }
}
