package org.xbarsim.netlist;

import java.util.List;

/** Symbolic differentiation of {@link Expr} trees, with constant folding. */
final class ExprDiff {
    private ExprDiff() {
    }

    private static final Expr ZERO = new Expr.Num(0);
    private static final Expr ONE = new Expr.Num(1);

    static Expr derivative(Expr e, int k) {
        if (e instanceof Expr.Num) {
            return ZERO;
        }
        if (e instanceof Expr.Probe p) {
            double d = (p.index() == k && k >= 0 ? 1 : 0) - (p.index2() == k && k >= 0 ? 1 : 0);
            return num(d);
        }
        if (e instanceof Expr.Unary u) {
            return u.op() == '-' ? neg(derivative(u.arg(), k)) : ZERO;
        }
        if (e instanceof Expr.Binary b) {
            Expr l = b.left();
            Expr r = b.right();
            Expr dl = derivative(l, k);
            Expr dr = derivative(r, k);
            switch (b.op()) {
                case '+': return add(dl, dr);
                case '-': return sub(dl, dr);
                case '*': return add(mul(dl, r), mul(l, dr));
                case '/': return sub(div(dl, r), div(mul(l, dr), mul(r, r)));
                case '^': return power(e, l, r, dl, dr);
                default: return ZERO; // comparisons and logic are piecewise constant
            }
        }
        if (e instanceof Expr.Call c) {
            Expr a = c.args().get(0);
            Expr da = derivative(a, k);
            switch (c.fn()) {
                case SIN: return mul(call(Expr.Fn.COS, a), da);
                case COS: return neg(mul(call(Expr.Fn.SIN, a), da));
                case TAN: return div(da, mul(call(Expr.Fn.COS, a), call(Expr.Fn.COS, a)));
                case ASIN: return div(da, call(Expr.Fn.SQRT, sub(ONE, mul(a, a))));
                case ACOS: return neg(div(da, call(Expr.Fn.SQRT, sub(ONE, mul(a, a)))));
                case ATAN: return div(da, add(ONE, mul(a, a)));
                case SINH: return mul(call(Expr.Fn.COSH, a), da);
                case COSH: return mul(call(Expr.Fn.SINH, a), da);
                case TANH: return mul(sub(ONE, mul(e, e)), da);
                case ASINH: return div(da, call(Expr.Fn.SQRT, add(mul(a, a), ONE)));
                case ACOSH: return div(da, call(Expr.Fn.SQRT, sub(mul(a, a), ONE)));
                case ATANH: return div(da, sub(ONE, mul(a, a)));
                case SQR: return mul(mul(num(2), a), da);
                case U2: return cond(new Expr.Binary('&', new Expr.Binary('>', a, ZERO), new Expr.Binary('<', a, ONE)), da, ZERO);
                case URAMP: return cond(new Expr.Binary('>', a, ZERO), da, ZERO);
                case INT:
                case NINT:
                case U:
                case EQ0:
                case NE0:
                case GT0:
                case LT0:
                case GE0:
                case LE0: return ZERO; // piecewise constant
                case EXP: return mul(e, da);
                case LN:
                case LOG: return div(da, a);
                case LOG10: return div(da, mul(a, num(Math.log(10))));
                case SQRT: return div(da, mul(num(2), e));
                case ABS: return mul(call(Expr.Fn.SGN, a), da);
                case SGN:
                case FLOOR:
                case CEIL: return ZERO;
                case MIN: {
                    Expr b = c.args().get(1);
                    return cond(new Expr.Binary('l', a, b), da, derivative(b, k));
                }
                case MAX: {
                    Expr b = c.args().get(1);
                    return cond(new Expr.Binary('g', a, b), da, derivative(b, k));
                }
                case POW: return power(e, a, c.args().get(1), da, derivative(c.args().get(1), k));
                case PWR_ABS: {
                    // d(|x|^y) = y |x|^(y-1) sgn(x) dx + |x|^y ln|x| dy
                    Expr y = c.args().get(1);
                    Expr dy = derivative(y, k);
                    Expr absx = call(Expr.Fn.ABS, a);
                    Expr t1 = mul(mul(mul(y, new Expr.Call(Expr.Fn.POW, List.of(absx, sub(y, ONE)))), call(Expr.Fn.SGN, a)), da);
                    Expr t2 = isZero(dy) ? ZERO : mul(mul(e, call(Expr.Fn.LN, absx)), dy);
                    return add(t1, t2);
                }
                case PWR: {
                    Expr y = c.args().get(1);
                    Expr dy = derivative(y, k);
                    // d(sgn(x)|x|^y) = y |x|^(y-1) dx + pwr(x,y) ln|x| dy
                    Expr absx = call(Expr.Fn.ABS, a);
                    Expr t1 = mul(mul(y, new Expr.Call(Expr.Fn.POW, List.of(absx, sub(y, ONE)))), da);
                    Expr t2 = isZero(dy) ? ZERO : mul(mul(e, call(Expr.Fn.LN, absx)), dy);
                    return add(t1, t2);
                }
                default: throw new IllegalStateException(c.fn().name());
            }
        }
        if (e instanceof Expr.Cond c) {
            return cond(c.cond(), derivative(c.then(), k), derivative(c.otherwise(), k));
        }
        throw new IllegalStateException("unresolved " + e); // parameters and .func calls go when flattening
    }

    /**
     * d(u^v) = v u^v / u du + u^v ln(u) dv, written so that it holds for a negative u taken by its
     * magnitude ({@link ExprEval#power}): v u^(v-1) du where u is not negative.
     */
    private static Expr power(Expr whole, Expr u, Expr v, Expr du, Expr dv) {
        Expr t1 = isZero(du) ? ZERO : mul(mul(v, cond(new Expr.Binary('<', u, ZERO), div(whole, u),
                new Expr.Binary('^', u, sub(v, ONE)))), du);
        Expr t2 = isZero(dv) ? ZERO : mul(mul(whole, call(Expr.Fn.LN, u)), dv);
        return add(t1, t2);
    }

    private static boolean isZero(Expr e) {
        return e instanceof Expr.Num n && n.value() == 0;
    }

    private static boolean isOne(Expr e) {
        return e instanceof Expr.Num n && n.value() == 1;
    }

    private static Expr num(double v) {
        return v == 0 ? ZERO : v == 1 ? ONE : new Expr.Num(v);
    }

    private static Expr call(Expr.Fn fn, Expr a) {
        if (a instanceof Expr.Num n) {
            return num(ExprEval.call(fn, n.value(), 0));
        }
        return new Expr.Call(fn, List.of(a));
    }

    private static Expr cond(Expr c, Expr a, Expr b) {
        if (a.equals(b)) {
            return a;
        }
        return new Expr.Cond(c, a, b);
    }

    private static Expr neg(Expr a) {
        if (a instanceof Expr.Num n) {
            return num(-n.value());
        }
        return new Expr.Unary('-', a);
    }

    private static Expr add(Expr a, Expr b) {
        if (isZero(a)) {
            return b;
        }
        if (isZero(b)) {
            return a;
        }
        if (a instanceof Expr.Num x && b instanceof Expr.Num y) {
            return num(x.value() + y.value());
        }
        return new Expr.Binary('+', a, b);
    }

    private static Expr sub(Expr a, Expr b) {
        if (isZero(b)) {
            return a;
        }
        if (isZero(a)) {
            return neg(b);
        }
        if (a instanceof Expr.Num x && b instanceof Expr.Num y) {
            return num(x.value() - y.value());
        }
        return new Expr.Binary('-', a, b);
    }

    private static Expr mul(Expr a, Expr b) {
        if (isZero(a) || isZero(b)) {
            return ZERO;
        }
        if (isOne(a)) {
            return b;
        }
        if (isOne(b)) {
            return a;
        }
        if (a instanceof Expr.Num x && b instanceof Expr.Num y) {
            return num(x.value() * y.value());
        }
        return new Expr.Binary('*', a, b);
    }

    private static Expr div(Expr a, Expr b) {
        if (isZero(a)) {
            return ZERO;
        }
        if (isOne(b)) {
            return a;
        }
        return new Expr.Binary('/', a, b);
    }
}
