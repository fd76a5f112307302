package org.xbarsim.netlist;

/** Evaluation of resolved expressions; semantics follow ngspice B-sources. */
final class ExprEval {
    private ExprEval() {
    }

    static double eval(Expr e, double[] x) {
        if (e instanceof Expr.Num n) {
            return n.value();
        }
        if (e instanceof Expr.Probe p) {
            double a = p.index() >= 0 ? x[p.index()] : 0;
            double b = p.index2() >= 0 ? x[p.index2()] : 0;
            return a - b;
        }
        if (e instanceof Expr.Unary u) {
            double a = eval(u.arg(), x);
            return u.op() == '-' ? -a : (a == 0 ? 1 : 0);
        }
        if (e instanceof Expr.Binary b) {
            double l = eval(b.left(), x);
            double r = eval(b.right(), x);
            switch (b.op()) {
                case '+': return l + r;
                case '-': return l - r;
                case '*': return l * r;
                case '/': return l / r;
                case '^': return power(l, r);
                case '<': return l < r ? 1 : 0;
                case '>': return l > r ? 1 : 0;
                case 'l': return l <= r ? 1 : 0;
                case 'g': return l >= r ? 1 : 0;
                case '=': return l == r ? 1 : 0;
                case 'n': return l != r ? 1 : 0;
                case '&': return (l != 0 && r != 0) ? 1 : 0;
                case '|': return (l != 0 || r != 0) ? 1 : 0;
                default: throw new IllegalStateException("operator " + b.op());
            }
        }
        if (e instanceof Expr.Call c) {
            double a = eval(c.args().get(0), x);
            double b = c.args().size() > 1 ? eval(c.args().get(1), x) : 0;
            return call(c.fn(), a, b);
        }
        if (e instanceof Expr.Cond c) {
            return eval(c.cond(), x) != 0 ? eval(c.then(), x) : eval(c.otherwise(), x);
        }
        throw new IllegalStateException("unresolved " + e); // parameters and .func calls go when flattening
    }

    /**
     * x^y as ngspice's parse tree computes it (PTpower): a negative base with an exponent that is
     * not a whole number (to 1e-6) is taken by its magnitude, so (-8)^(1/3) is 2, not NaN.
     */
    static double power(double x, double y) {
        if (x < 0) {
            if (Math.abs(y - (int) y) / (y + 0.001) < 0.000001) {
                y = (int) y;
            } else {
                x = -x;
            }
        }
        return Math.pow(x, y);
    }

    static double call(Expr.Fn fn, double a, double b) {
        switch (fn) {
            case SIN: return Math.sin(a);
            case COS: return Math.cos(a);
            case TAN: return Math.tan(a);
            case ASIN: return Math.asin(a);
            case ACOS: return Math.acos(a);
            case ATAN: return Math.atan(a);
            case SINH: return Math.sinh(a);
            case COSH: return Math.cosh(a);
            case TANH: return Math.tanh(a);
            case ASINH: return Math.log(a + Math.sqrt(a * a + 1));
            case ACOSH: return Math.log(a + Math.sqrt(a * a - 1));
            case ATANH: return 0.5 * Math.log((1 + a) / (1 - a));
            case SQR: return a * a;
            case INT: return a < 0 ? Math.ceil(a) : Math.floor(a);
            case NINT: return Math.rint(a); // halves to even, as ngspice's nearbyint
            case U: return a > 0 ? 1 : a == 0 ? 0.5 : 0;
            case U2: return a <= 0 ? 0 : a >= 1 ? 1 : a;
            case URAMP: return a > 0 ? a : 0;
            case EQ0: return a == 0 ? 1 : 0;
            case NE0: return a != 0 ? 1 : 0;
            case GT0: return a > 0 ? 1 : 0;
            case LT0: return a < 0 ? 1 : 0;
            case GE0: return a >= 0 ? 1 : 0;
            case LE0: return a <= 0 ? 1 : 0;
            case EXP: return Math.exp(a);
            case LN:
            case LOG: return Math.log(a);
            case LOG10: return Math.log10(a);
            case SQRT: return Math.sqrt(a);
            case ABS: return Math.abs(a);
            case SGN: return Math.signum(a);
            case FLOOR: return Math.floor(a);
            case CEIL: return Math.ceil(a);
            case MIN: return Math.min(a, b);
            case MAX: return Math.max(a, b);
            case POW: return power(a, b);
            case PWR: return Math.signum(a) * Math.pow(Math.abs(a), b);
            case PWR_ABS: return Math.pow(Math.abs(a), b);
            default: throw new IllegalStateException(fn.name());
        }
    }
}
