package org.xbarsim.netlist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Recursive-descent parser for {@link Expr}; precedence as in ngspice B-source expressions. */
final class ExprParser {
    private final String s;
    private final Token origin;
    private int pos;
    /** Nesting of the expression being read: parentheses, calls, unary operators and operator chains. */
    private int depth;

    /**
     * Deepest expression tree read: evaluation and differentiation recurse once per level, so a
     * deeper one (a thousand nested parentheses, a chain of thousands of '+') is refused with its
     * location instead of overflowing the stack.
     */
    static final int MAX_DEPTH = 400;

    /** True for parameter and element values (ngspice's numparam), false for B-source expressions. */
    private final boolean numparam;

    ExprParser(String s, Token origin, boolean numparam) {
        this.s = s;
        this.origin = origin;
        this.numparam = numparam;
    }

    Expr parseAll() {
        skip();
        if (pos >= s.length()) {
            throw error(0, "empty expression");
        }
        Expr e = ternary();
        skip();
        if (pos < s.length()) {
            throw error(pos, "unexpected '" + s.charAt(pos) + "' in expression");
        }
        return e;
    }

    private NetlistException error(int at, String message) {
        SourceLocation loc = origin == null ? null : origin.locationAt(at);
        return new NetlistException(loc, message, s);
    }

    private void skip() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private boolean eat(String op) {
        skip();
        if (s.startsWith(op, pos)) {
            pos += op.length();
            return true;
        }
        return false;
    }

    /** Enters one level of nesting at {@code pos}, refusing more than {@link #MAX_DEPTH}. */
    private void enter(int extra) {
        if (depth + extra > MAX_DEPTH) {
            throw error(pos, "expression nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private Expr ternary() {
        depth++;
        enter(0);
        try {
            return conditional();
        } finally {
            depth--;
        }
    }

    private Expr conditional() {
        Expr c = or();
        if (eat("?")) {
            Expr a = ternary();
            if (!eat(":")) {
                throw error(pos, "expected ':' in conditional expression");
            }
            Expr b = ternary();
            return new Expr.Cond(c, a, b);
        }
        return c;
    }

    private Expr or() {
        Expr e = and();
        int chain = 0;
        while (eat("||")) {
            enter(++chain);
            e = new Expr.Binary('|', e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = cmp();
        int chain = 0;
        while (eat("&&")) {
            enter(++chain);
            e = new Expr.Binary('&', e, cmp());
        }
        return e;
    }

    private Expr cmp() {
        Expr e = add();
        skip();
        char op;
        if (eat("==")) {
            op = '=';
        } else if (eat("!=")) {
            op = 'n';
        } else if (eat("<=")) {
            op = 'l';
        } else if (eat(">=")) {
            op = 'g';
        } else if (eat("<")) {
            op = '<';
        } else if (eat(">")) {
            op = '>';
        } else {
            return e;
        }
        return new Expr.Binary(op, e, add());
    }

    private Expr add() {
        Expr e = mul();
        int chain = 0;
        while (true) {
            enter(++chain);
            if (eat("+")) {
                e = new Expr.Binary('+', e, mul());
            } else if (eat("-")) {
                e = new Expr.Binary('-', e, mul());
            } else {
                return e;
            }
        }
    }

    private Expr mul() {
        Expr e = unary();
        int chain = 0;
        while (true) {
            enter(++chain);
            skip();
            if (s.startsWith("**", pos)) {
                return e; // handled by power()
            }
            if (eat("*")) {
                e = new Expr.Binary('*', e, unary());
            } else if (eat("/")) {
                e = new Expr.Binary('/', e, unary());
            } else {
                return e;
            }
        }
    }

    private Expr unary() {
        depth++;
        enter(0);
        try {
            return signed();
        } finally {
            depth--;
        }
    }

    private Expr signed() {
        if (eat("-")) {
            return new Expr.Unary('-', unary());
        }
        if (eat("+")) {
            return unary();
        }
        skip();
        if (pos < s.length() && s.charAt(pos) == '!' && !s.startsWith("!=", pos)) {
            pos++;
            return new Expr.Unary('!', unary());
        }
        return power();
    }

    private Expr power() {
        Expr base = primary();
        if (eat("**") || eat("^")) {
            return new Expr.Binary('^', base, unary());
        }
        return base;
    }

    private Expr primary() {
        skip();
        if (pos >= s.length()) {
            throw error(pos, "expression ends too early");
        }
        char c = s.charAt(pos);
        if (c == '(' || c == '{') {
            pos++;
            Expr e = ternary();
            String close = c == '(' ? ")" : "}";
            if (!eat(close)) {
                throw error(pos, "expected '" + close + "'");
            }
            return e;
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)))) {
            int end = Numbers.scan(s, pos);
            double v = Numbers.value(s, pos, end);
            pos = end;
            return new Expr.Num(v);
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_'
                    || s.charAt(pos) == '.' || s.charAt(pos) == '#')) {
                pos++;
            }
            String name = s.substring(start, pos).toLowerCase(Locale.ROOT);
            skip();
            boolean call = pos < s.length() && s.charAt(pos) == '(';
            if (call && (name.equals("v") || name.equals("i"))) {
                return probe(name.charAt(0), start);
            }
            if (call) {
                Expr.Fn fn = Expr.Fn.byName(name);
                boolean special = name.equals("ternary_fcn") || name.equals("pwl");
                pos++;
                List<Expr> args = new ArrayList<>();
                if (!eat(")")) {
                    do {
                        args.add(ternary());
                    } while (eat(","));
                    if (!eat(")")) {
                        throw error(pos, "expected ')' after arguments of " + name);
                    }
                }
                if (name.equals("ternary_fcn")) {
                    if (args.size() != 3) {
                        throw error(start, "ternary_fcn takes 3 arguments, got " + args.size());
                    }
                    return new Expr.Cond(args.get(0), args.get(1), args.get(2));
                }
                if (name.equals("pwl")) {
                    return pwl(args, start);
                }
                if (fn == null) {
                    return new Expr.Apply(name, List.copyOf(args), start); // a .func, or unknown: decided when flattening
                }
                if (args.size() != fn.arity) {
                    throw error(start, name + " takes " + fn.arity + " argument(s), got " + args.size());
                }
                if (fn == Expr.Fn.PWR && numparam) {
                    fn = Expr.Fn.PWR_ABS;
                }
                return new Expr.Call(fn, List.copyOf(args));
            }
            if (name.equals("pi")) {
                return new Expr.Num(Math.PI);
            }
            return new Expr.Param(name, start);
        }
        throw error(pos, "unexpected '" + c + "' in expression");
    }

    /**
     * {@code pwl(x, x0, y0, x1, y1, ...)} as ngspice's B sources: the polyline through the points
     * (abscissae increasing), extended beyond the ends by its first and last segments. Built as
     * conditions over linear segments, so its derivative comes out of the tree.
     */
    private Expr pwl(List<Expr> args, int start) {
        if (args.size() < 5 || args.size() % 2 == 0) {
            throw error(start, "pwl takes x and at least two x,y pairs, got " + args.size() + " arguments");
        }
        Expr x = args.get(0);
        int points = (args.size() - 1) / 2;
        Expr out = segment(x, args, points - 2);
        for (int k = points - 3; k >= 0; k--) {
            out = new Expr.Cond(new Expr.Binary('<', x, args.get(1 + 2 * (k + 1))), segment(x, args, k), out);
        }
        return out;
    }

    /** The line through points k and k+1 of a pwl's arguments, at x. */
    private static Expr segment(Expr x, List<Expr> args, int k) {
        Expr x0 = args.get(1 + 2 * k);
        Expr y0 = args.get(2 + 2 * k);
        Expr x1 = args.get(3 + 2 * k);
        Expr y1 = args.get(4 + 2 * k);
        Expr slope = new Expr.Binary('/', new Expr.Binary('-', y1, y0), new Expr.Binary('-', x1, x0));
        return new Expr.Binary('+', y0, new Expr.Binary('*', slope, new Expr.Binary('-', x, x0)));
    }

    /** {@code v(a)}, {@code v(a,b)}, {@code i(name)}: names run to ',' or ')'. */
    private Expr probe(char kind, int start) {
        pos++; // '('
        String a = name();
        String b = null;
        if (eat(",")) {
            if (kind == 'i') {
                throw error(pos, "i() takes one source name");
            }
            b = name();
        }
        if (!eat(")")) {
            throw error(pos, "expected ')' to close " + kind + "(");
        }
        return new Expr.Probe(kind, a, b, -1, -1, start);
    }

    private String name() {
        skip();
        int start = pos;
        while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')' && !Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error(pos, "expected a name");
        }
        String n = s.substring(start, pos).toLowerCase(Locale.ROOT);
        skip();
        return n;
    }
}
