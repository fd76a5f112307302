package org.xbarsim.netlist;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a logical line into tokens: words, {@code = ( ) ,} and expressions in braces or
 * single quotes (kept whole, nesting respected).
 */
public final class Tokenizer {
    /** Character classes below 128: {@link #SPACE} (as {@link Character#isWhitespace}) or {@link #DELIMITER}. */
    private static final byte[] ASCII = new byte[128];
    private static final byte SPACE = 1;
    private static final byte DELIMITER = 2;

    static {
        for (char c = 0; c < 128; c++) {
            ASCII[c] = Character.isWhitespace(c) ? SPACE : "=(),{}'".indexOf(c) >= 0 ? DELIMITER : 0;
        }
    }

    private Tokenizer() {
    }

    private static boolean isSpace(char c) {
        return c < 128 ? ASCII[c] == SPACE : Character.isWhitespace(c);
    }

    /** Whether a word ends before {@code c}: white space or one of {@code = ( ) , { } '}. */
    private static boolean endsWord(char c) {
        return c < 128 ? ASCII[c] != 0 : Character.isWhitespace(c);
    }

    public static List<Token> tokenize(LogicalLine line) {
        String s = line.text();
        List<Token> out = new ArrayList<>(16);
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (c == '=') {
                out.add(new Token(Token.Kind.EQUALS, "=", i, line));
                i++;
            } else if (c == '(') {
                out.add(new Token(Token.Kind.LPAREN, "(", i, line));
                i++;
            } else if (c == ')') {
                out.add(new Token(Token.Kind.RPAREN, ")", i, line));
                i++;
            } else if (c == ',') {
                out.add(new Token(Token.Kind.COMMA, ",", i, line));
                i++;
            } else if (c == '{') {
                int depth = 0;
                int j = i;
                for (; j < n; j++) {
                    if (s.charAt(j) == '{') {
                        depth++;
                    } else if (s.charAt(j) == '}' && --depth == 0) {
                        break;
                    }
                }
                if (j >= n) {
                    throw new NetlistException(line.locationAt(i), "unclosed '{'", s.substring(i));
                }
                out.add(new Token(Token.Kind.EXPR, s.substring(i + 1, j), i, line));
                i = j + 1;
            } else if (c == '\'') {
                int j = s.indexOf('\'', i + 1);
                if (j < 0) {
                    throw new NetlistException(line.locationAt(i), "unclosed quote", s.substring(i));
                }
                out.add(new Token(Token.Kind.EXPR, s.substring(i + 1, j), i, line));
                i = j + 1;
            } else if (c == '}') {
                throw new NetlistException(line.locationAt(i), "unmatched '}'", "}");
            } else {
                int j = i;
                while (j < n && !endsWord(s.charAt(j))) {
                    j++;
                }
                out.add(new Token(Token.Kind.WORD, s.substring(i, j), i, line));
                i = j;
            }
        }
        return out;
    }
}
