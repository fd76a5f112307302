package org.xbarsim.netlist;

import java.util.Locale;
import java.util.stream.Collectors;

/** Prints {@link Expr} in a syntax that XbarSim and ngspice B-sources both read, fully bracketed. */
final class ExprPrinter {
    private ExprPrinter() {
    }

    static String print(Expr e) {
        if (e instanceof Expr.Num n) {
            return number(n.value());
        }
        if (e instanceof Expr.Param p) {
            return p.name();
        }
        if (e instanceof Expr.Probe p) {
            return p.b() == null ? p.kind() + "(" + p.a() + ")" : p.kind() + "(" + p.a() + "," + p.b() + ")";
        }
        if (e instanceof Expr.Unary u) {
            return "(" + u.op() + print(u.arg()) + ")";
        }
        if (e instanceof Expr.Binary b) {
            return "(" + print(b.left()) + op(b.op()) + print(b.right()) + ")";
        }
        if (e instanceof Expr.Call c && c.fn() == Expr.Fn.PWR_ABS) {
            return "pow(abs(" + print(c.args().get(0)) + ")," + print(c.args().get(1)) + ")";
        }
        if (e instanceof Expr.Call c) {
            return c.fn().name().toLowerCase(Locale.ROOT) + "("
                    + c.args().stream().map(ExprPrinter::print).collect(Collectors.joining(",")) + ")";
        }
        if (e instanceof Expr.Apply a) {
            return a.name() + "(" + a.args().stream().map(ExprPrinter::print).collect(Collectors.joining(",")) + ")";
        }
        Expr.Cond c = (Expr.Cond) e;
        return "(" + print(c.cond()) + " ? " + print(c.then()) + " : " + print(c.otherwise()) + ")";
    }

    /** A number in plain SPICE syntax, exact to the last bit. */
    static String number(double v) {
        String s = Double.toString(v);
        return v < 0 ? "(" + s + ")" : s;
    }

    private static String op(char op) {
        switch (op) {
            case 'l': return "<=";
            case 'g': return ">=";
            case '=': return "==";
            case 'n': return "!=";
            case '&': return "&&";
            case '|': return "||";
            default: return String.valueOf(op);
        }
    }
}
