package org.xbarsim.netlist;

import java.util.List;
import java.util.Locale;

/**
 * The value at t = 0 of a source's transient function, which ngspice takes as the DC value of a
 * source that gives none (vsrcload.c / isrcload.c at time 0). Arguments may be expressions;
 * missing trailing ones take ngspice's defaults.
 */
final class TransientValue {
    private TransientValue() {
    }

    static Expr atTimeZero(String function, List<Expr> args, Token at) {
        switch (function) {
            case "sin": {
                // SIN(VO VA FREQ TD THETA PHASE): VO + VA sin(PHASE), PHASE in degrees
                need(args, 2, function, at);
                return plus(arg(args, 0), times(arg(args, 1), sinDegrees(arg(args, 5))));
            }
            case "pulse":
            case "exp":
                need(args, 1, function, at);
                return arg(args, 0); // PULSE(V1 V2 ...), EXP(V1 V2 ...): V1
            case "pwl": {
                need(args, 2, function, at);
                return pwlAtZero(args, at);
            }
            case "sffm": {
                // SFFM(VO VA FC MDI FS PHASEC PHASES): VO + VA sin(PHASEC + MDI sin(PHASES))
                need(args, 2, function, at);
                Expr inner = times(arg(args, 3), sinDegrees(arg(args, 6)));
                return plus(arg(args, 0), times(arg(args, 1),
                        new Expr.Call(Expr.Fn.SIN, List.of(plus(radians(arg(args, 5)), inner)))));
            }
            case "am": {
                // AM(VA VO MF FC TD PHASEC PHASES): VA (VO + sin(PHASES)) sin(PHASEC)
                need(args, 2, function, at);
                return times(arg(args, 0), times(plus(arg(args, 1), sinDegrees(arg(args, 6))), sinDegrees(arg(args, 5))));
            }
            case "trnoise":
            case "trrandom":
                return new Expr.Num(0); // noise sources start at 0
            default:
                throw at.error("unsupported source function " + function.toUpperCase(Locale.ROOT));
        }
    }

    /** PWL(T1 V1 T2 V2 ...) at t = 0: V1 when T1 >= 0, else the line through the points around 0. */
    private static Expr pwlAtZero(List<Expr> args, Token at) {
        if (args.size() % 2 != 0) {
            throw at.error("PWL needs time-value pairs, got " + args.size() + " numbers");
        }
        if (!(args.get(0) instanceof Expr.Num t0) || t0.value() >= 0) {
            return args.get(1);
        }
        for (int k = 2; k + 1 < args.size(); k += 2) {
            if (!(args.get(k) instanceof Expr.Num tk) || !(args.get(k - 2) instanceof Expr.Num tp)
                    || !(args.get(k + 1) instanceof Expr.Num vk) || !(args.get(k - 1) instanceof Expr.Num vp)) {
                throw at.error("PWL with negative times needs numbers, not expressions");
            }
            if (tk.value() >= 0) {
                double f = (0 - tp.value()) / (tk.value() - tp.value());
                return new Expr.Num(vp.value() + f * (vk.value() - vp.value()));
            }
        }
        return args.get(args.size() - 1);
    }

    private static void need(List<Expr> args, int n, String function, Token at) {
        if (args.size() < n) {
            throw at.error(function.toUpperCase(Locale.ROOT) + " needs at least " + n + " arguments, got " + args.size());
        }
    }

    private static Expr arg(List<Expr> args, int k) {
        return k < args.size() ? args.get(k) : new Expr.Num(0);
    }

    private static Expr plus(Expr a, Expr b) {
        return new Expr.Binary('+', a, b);
    }

    private static Expr times(Expr a, Expr b) {
        return new Expr.Binary('*', a, b);
    }

    private static Expr radians(Expr degrees) {
        return times(degrees, new Expr.Num(Math.PI / 180));
    }

    private static Expr sinDegrees(Expr degrees) {
        return new Expr.Call(Expr.Fn.SIN, List.of(radians(degrees)));
    }
}
