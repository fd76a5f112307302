package org.xbarsim.netlist;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Expression tree of {@code .param} values, {@code {expr}} values and behavioural sources.
 * Trees are immutable; {@link #derivative} builds the exact derivative as another tree so
 * Newton's Jacobian is exact.
 */
public sealed interface Expr {

    /** A constant. */
    record Num(double value) implements Expr {
    }

    /** A parameter reference, resolved when the netlist is flattened; {@code pos} for errors. */
    record Param(String name, int pos) implements Expr {
    }

    /**
     * A circuit quantity: {@code v(a)}, {@code v(a,b)} or {@code i(vname)}. {@code index} is the
     * unknown's slot once resolved (-1 before); for v(a,b) {@code index2} is b's slot.
     */
    record Probe(char kind, String a, String b, int index, int index2, int pos) implements Expr {
    }

    /** A unary operator: '-' or '!'. */
    record Unary(char op, Expr arg) implements Expr {
    }

    /** A binary operator: + - * / ^ and comparisons (< > l g = n for <= >= == !=), &amp; |. */
    record Binary(char op, Expr left, Expr right) implements Expr {
    }

    /** A function call. */
    record Call(Fn fn, List<Expr> args) implements Expr {
    }

    /** {@code cond ? a : b}. */
    record Cond(Expr cond, Expr then, Expr otherwise) implements Expr {
    }

    /**
     * A call of a function defined by {@code .func}, inlined when the netlist is flattened (so no
     * evaluation sees it); {@code pos} for errors.
     */
    record Apply(String name, List<Expr> args, int pos) implements Expr {
    }

    /** Supported functions, with their arity. */
    enum Fn {
        SIN(1), COS(1), TAN(1), ASIN(1), ACOS(1), ATAN(1), SINH(1), COSH(1), TANH(1), ASINH(1), ACOSH(1), ATANH(1),
        EXP(1), LN(1), LOG(1), LOG10(1), SQRT(1), SQR(1), ABS(1), SGN(1), FLOOR(1), CEIL(1), INT(1), NINT(1), U(1),
        U2(1), URAMP(1), EQ0(1), NE0(1), GT0(1), LT0(1), GE0(1), LE0(1), MIN(2), MAX(2), POW(2), PWR(2),
        /** pwr as ngspice's .param expressions read it: |x|^y, without the sign (B sources: sgn(x) |x|^y). */
        PWR_ABS(2);

        final int arity;

        Fn(int arity) {
            this.arity = arity;
        }

        /** The function named {@code name} (case-insensitive; {@code sign} means sgn), or null. */
        static Fn byName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals("sign")) {
                return SGN;
            }
            if (n.equals("arctan")) {
                return ATAN;
            }
            if (n.equals("pwr_abs")) {
                return null; // internal: made by the parser for .param expressions only
            }
            for (Fn f : values()) {
                if (f.name().toLowerCase(Locale.ROOT).equals(n)) {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * Parses {@code text}; error locations are computed from {@code origin}. This is the reading
     * of a parameter or element value (ngspice's numparam); see {@link #parseBehavioural}.
     */
    static Expr parse(String text, Token origin) {
        return new ExprParser(text, origin, true).parseAll();
    }

    /** Parses a B source's expression, where a few functions mean what ngspice's B sources make of them. */
    static Expr parseBehavioural(String text, Token origin) {
        return new ExprParser(text, origin, false).parseAll();
    }

    /** Evaluates with probes reading {@code x} (index -1 reads 0); parameters must be resolved. */
    default double eval(double[] x) {
        return ExprEval.eval(this, x);
    }

    /** Replaces every node bottom-up by {@code f} applied to the rebuilt node. */
    default Expr map(Function<Expr, Expr> f) {
        Expr rebuilt;
        if (this instanceof Unary u) {
            rebuilt = new Unary(u.op(), u.arg().map(f));
        } else if (this instanceof Binary b) {
            rebuilt = new Binary(b.op(), b.left().map(f), b.right().map(f));
        } else if (this instanceof Call c) {
            rebuilt = new Call(c.fn(), c.args().stream().map(a -> a.map(f)).toList());
        } else if (this instanceof Cond c) {
            rebuilt = new Cond(c.cond().map(f), c.then().map(f), c.otherwise().map(f));
        } else if (this instanceof Apply a) {
            rebuilt = new Apply(a.name(), a.args().stream().map(x -> x.map(f)).toList(), a.pos());
        } else {
            rebuilt = this;
        }
        return f.apply(rebuilt);
    }

    /** True when no probe and no parameter occurs: the value is a constant. */
    default boolean isConstant() {
        boolean[] found = new boolean[1];
        map(e -> {
            if (e instanceof Probe || e instanceof Param || e instanceof Apply) {
                found[0] = true;
            }
            return e;
        });
        return !found[0];
    }

    /** The exact derivative with respect to the unknown in slot {@code index}. */
    default Expr derivative(int index) {
        return ExprDiff.derivative(this, index);
    }

    /** Writes the expression in the syntax both XbarSim and ngspice B-sources read. */
    default String toSpice() {
        return ExprPrinter.print(this);
    }
}
