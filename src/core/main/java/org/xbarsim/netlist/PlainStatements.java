package org.xbarsim.netlist;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the one-line element statements of the forms that large generated netlists are made of
 * straight into their flat elements, from the file's text in place: no token list, no card, no
 * strings but the names. The forms, each token plain (no braces, quotes, parentheses, commas or
 * comment characters) and every value a SPICE number ({@link Numbers#parse}) or a top-level
 * parameter in braces, {@code {name}}:
 * <pre>
 * Rname n+ n- value
 * Vname n+ n- [dc] value          (and Iname)
 * Mname d g s b model [w=value] [l=value] [m=value]
 * Yname n+ n- model g=value       (or r=value)
 * Xname n1 .. nk subckt [key=value ...]
 * </pre>
 * The first five become flat elements (completed by the flattener where a value is a top-level
 * parameter, {@code {name}}); an instance becomes the parser's card, which the flattener expands.
 * Anything else, including a value that is neither (a bare parameter name, an expression, a bad
 * number), returns null and the statement goes through
 * {@link NetlistParser}, which gives the same element (PlainStatementsTest holds both paths to
 * the same flat netlist) or the error.
 * Not thread-safe: one per reader.
 */
final class PlainStatements {
    /** Most tokens of a plain statement (an M line with w, l and m has 9). */
    private static final int MAX_TOKENS = 12;

    private final int[] start = new int[MAX_TOKENS];
    private final int[] end = new int[MAX_TOKENS];
    /** Index of the token's '=' ({@code key=value}), or -1. */
    private final int[] equals = new int[MAX_TOKENS];
    /** Whether the token is, or ends in, a parameter's value {@code {name}}. */
    private final boolean[] braced = new boolean[MAX_TOKENS];
    private int tokens;
    /** Most {@code {name}} values on one line (an M line's w, l and m). */
    private static final int MAX_PENDING = 3;
    /** The {@code {name}} values of the line: slot, and start and end in the statement, for each. */
    private final int[] pendingAt = new int[3 * MAX_PENDING];
    private int pending;
    /** Where the statement being read starts in the text. */
    private int lineStart;

    /** Whether a statement starting with {@code c} may be of a plain form: R, V, I, M, Y or X. */
    static boolean startsPlain(byte c) {
        return switch (c | 0x20) {
            case 'r', 'v', 'i', 'm', 'y', 'x' -> true;
            default -> false;
        };
    }

    /**
     * The flat element of statement [from, to) of the ASCII text {@code s} (stripped, on one
     * physical line, {@code line} its logical line), or null when it is not of a plain form.
     */
    Deck.Statement read(byte[] s, int from, int to, LogicalLine line) {
        pending = 0;
        lineStart = from;
        if (!split(s, from, to) || equals[0] >= 0 || braced[0]) {
            return null;
        }
        char type = (char) (s[start[0]] | 0x20);
        switch (type) {
            case 'r':
                if (tokens == 4 && noKeys(1, 3) && equals[3] < 0) {
                    double v = value(s, 3, start[3], 0);
                    return Double.isNaN(v) ? null : element(s, line, 'r', 2, v, null, Map.of());
                }
                return null;
            case 'v':
            case 'i': {
                int value = tokens == 4 ? 3 : tokens == 5 && isDc(s) ? 4 : -1;
                if (value < 0 || !noKeys(1, value) || equals[value] >= 0) {
                    return null;
                }
                double v = value(s, value, start[value], 0);
                return Double.isNaN(v) ? null : element(s, line, type, 2, v, null, Map.of());
            }
            case 'm': {
                if (tokens < 6 || tokens > 6 + MAX_PARAMS || !noKeys(1, 6)) {
                    return null;
                }
                int count = 0;
                for (int k = 6; k < tokens; k++) {
                    String key = key(s, k, "w", "l", "m");
                    double v = key == null ? Double.NaN : value(s, k, equals[k] + 1, count + 1);
                    if (Double.isNaN(v) || indexOf(key, count) >= 0) {
                        return null; // a duplicate too: the parser decides
                    }
                    keys[count] = key;
                    values[count++] = v;
                }
                return element(s, line, 'm', 4, Double.NaN, model(s, 5), maps.of(keys, values, count));
            }
            case 'x':
                return instance(s, line);
            case 'y': {
                if (tokens != 5 || !noKeys(1, 4)) {
                    return null;
                }
                String key = key(s, 4, "g", "r", null);
                double v = key == null ? Double.NaN : value(s, 4, equals[4] + 1, 1);
                if (Double.isNaN(v)) {
                    return null;
                }
                keys[0] = key;
                values[0] = v;
                return element(s, line, 'y', 2, Double.NaN, model(s, 3), maps.of(keys, values, 1));
            }
            default:
                return null;
        }
    }

    /**
     * {@code Xname n1 .. nk subckt [key=value ...]} (at least one node; each value a number or
     * {@code {name}}) as the parser's card, its tokens made from the line in place; null for
     * anything else ({@code params:} among them).
     */
    private Deck.ElementCard instance(byte[] s, LogicalLine line) {
        int words = 1;
        while (words < tokens && equals[words] < 0) {
            if (braced[words] || has(s, words, (byte) ':')) {
                return null;
            }
            words++;
        }
        if (words < 3) {
            return null;
        }
        Token[] nodes = new Token[words - 2];
        for (int k = 1; k < words - 1; k++) {
            nodes[k - 1] = word(s, k, line);
        }
        Deck.Arg[] named = new Deck.Arg[tokens - words];
        for (int k = words; k < tokens; k++) {
            if (equals[k] < 0) {
                return null;
            }
            int at = equals[k] + 1;
            Expr value;
            Token valueToken;
            if (braced[k]) {
                String name = new String(s, at + 1, end[k] - at - 2, StandardCharsets.ISO_8859_1);
                valueToken = new Token(Token.Kind.EXPR, name, at - lineStart, line);
                value = Expr.parse(name, valueToken);
            } else {
                double v = number(s, at, end[k]);
                if (Double.isNaN(v)) {
                    return null;
                }
                valueToken = new Token(Token.Kind.WORD, new String(s, at, end[k] - at, StandardCharsets.ISO_8859_1),
                        at - lineStart, line);
                value = new Expr.Num(v);
            }
            Token key = new Token(Token.Kind.WORD, new String(s, start[k], equals[k] - start[k], StandardCharsets.ISO_8859_1),
                    start[k] - lineStart, line);
            named[k - words] = new Deck.Arg(key.text().toLowerCase(Locale.ROOT), value, key, valueToken);
        }
        return new Deck.ElementCard('x', word(s, 0, line), List.of(nodes), null, word(s, words - 1, line), null,
                List.of(named), null, false);
    }

    /** Token k as the parser's word token. */
    private Token word(byte[] s, int k, LogicalLine line) {
        return new Token(Token.Kind.WORD, text(s, k), start[k] - lineStart, line);
    }

    private boolean has(byte[] s, int k, byte c) {
        for (int i = start[k]; i < end[k]; i++) {
            if (s[i] == c) {
                return true;
            }
        }
        return false;
    }

    /**
     * Splits [from, to) at spaces and tabs; false when a token holds a character the full parser
     * must see (delimiters, quotes, comment characters, control or non-ASCII characters), a
     * misplaced '=', or there are too many tokens.
     */
    private boolean split(byte[] s, int from, int to) {
        tokens = 0;
        int i = from;
        while (i < to) {
            byte c = s[i];
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (tokens == MAX_TOKENS) {
                return false;
            }
            int j = i;
            int eq = -1;
            boolean brace = false;
            for (; j < to; j++) {
                c = s[j];
                if (c == ' ' || c == '\t') {
                    break;
                }
                if (c == '{' && (j == i || eq == j - 1)) {
                    // a top-level parameter's value, {name}, ending the token
                    j = braceEnd(s, j, to);
                    if (j < 0) {
                        return false;
                    }
                    brace = true;
                    break;
                }
                if (c <= ' ' || c == 127 || c == '(' || c == ')' || c == ',' || c == '{' || c == '}' || c == '\''
                        || c == '"' || c == ';' || c == '$') {
                    return false;
                }
                if (c == '=') {
                    if (eq >= 0 || j == i) {
                        return false;
                    }
                    eq = j;
                }
            }
            if (eq == j - 1) {
                return false; // "w=" with its value apart: the full parser reads it
            }
            start[tokens] = i;
            end[tokens] = j;
            equals[tokens] = eq;
            braced[tokens] = brace;
            tokens++;
            i = j;
        }
        return tokens > 0;
    }

    /**
     * The end of {@code {name}} starting at {@code j} (a name of letters, digits and underscores,
     * not starting with a digit), which must end its token; -1 otherwise.
     */
    private static int braceEnd(byte[] s, int j, int to) {
        int q = j + 1;
        if (q >= to || !(isLetter(s[q]) || s[q] == '_')) {
            return -1;
        }
        while (q < to && (isLetter(s[q]) || (s[q] >= '0' && s[q] <= '9') || s[q] == '_')) {
            q++;
        }
        if (q >= to || s[q] != '}' || (q + 1 < to && s[q + 1] != ' ' && s[q + 1] != '\t')) {
            return -1;
        }
        return q + 1;
    }

    private static boolean isLetter(byte c) {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }

    /** Whether tokens [from, to) are plain words: no {@code key=value}, no {@code {name}}. */
    private boolean noKeys(int from, int to) {
        for (int k = from; k < to; k++) {
            if (equals[k] >= 0 || braced[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of token k from {@code from} (after its key's '='): a number, or for {@code {name}}
     * a placeholder 0 with the name's place recorded as value {@code slot} (0: the element's value;
     * 1, 2, ...: its parameters in order) for the flattener to evaluate; NaN for anything else.
     */
    private double value(byte[] s, int k, int from, int slot) {
        if (!braced[k]) {
            return number(s, from, end[k]);
        }
        if (s[from] != '{' || pending == MAX_PENDING) {
            return Double.NaN;
        }
        pendingAt[3 * pending] = slot;
        pendingAt[3 * pending + 1] = from - lineStart;
        pendingAt[3 * pending + 2] = end[k] - lineStart;
        pending++;
        return 0;
    }

    private boolean isDc(byte[] s) {
        return end[3] - start[3] == 2 && (s[start[3]] | 0x20) == 'd' && (s[start[3] + 1] | 0x20) == 'c';
    }

    /** The lower-case key of token k if it is {@code key=value} with one of the keys given (a null one matches nothing). */
    private String key(byte[] s, int k, String a, String b, String c) {
        if (equals[k] < 0) {
            return null;
        }
        return isKey(s, k, a) ? a : isKey(s, k, b) ? b : isKey(s, k, c) ? c : null;
    }

    private boolean isKey(byte[] s, int k, String key) {
        return key != null && equals[k] - start[k] == 1 && (s[start[k]] | 0x20) == key.charAt(0);
    }

    /**
     * The SPICE number filling [from, to) as {@link Numbers#parse} reads it (scale factors and
     * units too), or NaN for anything else or an infinite value: the parser reads those, or
     * reports them.
     */
    private double number(byte[] s, int from, int to) {
        ascii.bytes = s;
        double v = Numbers.parse(ascii, from, to);
        return Double.isInfinite(v) ? Double.NaN : v;
    }

    /** The text's bytes as characters, for {@link Numbers#parse}. */
    private final AsciiChars ascii = new AsciiChars();

    /** ASCII bytes seen as characters, one per byte. */
    private static final class AsciiChars implements CharSequence {
        byte[] bytes;

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public char charAt(int index) {
            return (char) bytes[index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Most instance parameters of a plain M line (w, l, m). */
    static final int MAX_PARAMS = 3;
    /** The instance parameters of the line being read. */
    private final String[] keys = new String[MAX_PARAMS];
    private final double[] values = new double[MAX_PARAMS];
    /** The maps of the lines' parameters: lines alike share one. */
    private final ParamMaps maps = new ParamMaps();

    private int indexOf(String key, int count) {
        for (int k = 0; k < count; k++) {
            if (keys[k].equals(key)) {
                return k;
            }
        }
        return -1;
    }

    /** The last model name read, and where its characters stand in the text: the lines after it naming the same model share it. */
    private String lastModel;
    private byte[] lastModelText;
    private int lastModelFrom;
    private int lastModelLength;

    /** Token k in lower case, as the flattener names nodes and models. */
    private String lower(byte[] s, int k) {
        return text(s, k).toLowerCase(Locale.ROOT);
    }

    private String text(byte[] s, int k) {
        return new String(s, start[k], end[k] - start[k], StandardCharsets.ISO_8859_1);
    }

    /** Model token k in lower case: the last model's string when the token has its characters. */
    private String model(byte[] s, int k) {
        int n = end[k] - start[k];
        if (lastModel == null || n != lastModelLength
                || !java.util.Arrays.equals(lastModelText, lastModelFrom, lastModelFrom + n, s, start[k], end[k])) {
            lastModel = lower(s, k);
            lastModelText = s;
            lastModelFrom = start[k];
            lastModelLength = n;
        }
        return lastModel;
    }

    /** Node token k as the flattener names a top-level node: lower case, "gnd" is ground "0". */
    private String node(byte[] s, int k) {
        int n = end[k] - start[k];
        int a = start[k];
        if ((n == 1 && s[a] == '0') || (n == 3 && (s[a] | 0x20) == 'g' && (s[a + 1] | 0x20) == 'n' && (s[a + 2] | 0x20) == 'd')) {
            return "0";
        }
        return lower(s, k);
    }

    /** The element, or with {@code {name}} values the element to be completed by the flattener. */
    private Deck.Statement element(byte[] s, LogicalLine line, char type, int nodeCount, double value, String model,
                                   Map<String, Double> params) {
        String text = text(s, 0);
        List<String> nodes = nodeCount == 2 ? List.of(node(s, 1), node(s, 2))
                : List.of(node(s, 1), node(s, 2), node(s, 3), node(s, 4));
        FlatNetlist.Element e = new FlatNetlist.Element(type, text.toLowerCase(Locale.ROOT), nodes, value, model, null, params,
                null, false, new Token(Token.Kind.WORD, text, 0, line));
        return pending == 0 ? e : new Deck.PlainElement(e, java.util.Arrays.copyOf(pendingAt, 3 * pending));
    }
}
