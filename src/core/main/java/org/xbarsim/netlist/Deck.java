package org.xbarsim.netlist;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed netlist before parameters are evaluated and subcircuits expanded: the syntax a
 * user wrote, with every piece still pointing at its tokens.
 *
 * @param file       the top-level file
 * @param title      the title line
 * @param elements   top-level element statements: cards, or elements read flat in place
 * @param params     top-level {@code .param} definitions, in order
 * @param subckts    subcircuit definitions by lower-case name
 * @param models     {@code .model} cards by lower-case name
 * @param options    {@code .options} settings, in order
 * @param analyses   {@code .op} and {@code .dc} requests, in order
 * @param outputs    quantities named by {@code .print} and {@code .save}
 * @param arrays     {@code .crossbar} declarations, in order
 * @param globals    node names of {@code .global}, lower case: the same node inside every subcircuit
 * @param funcs      {@code .func} definitions of the top level by lower-case name
 */
public record Deck(Path file, String title, List<Statement> elements, List<Arg> params,
                   Map<String, SubcktDef> subckts, Map<String, ModelCard> models, List<Arg> options,
                   List<AnalysisCard> analyses, List<ProbeCard> outputs, List<ArrayCard> arrays, Set<String> globals,
                   Map<String, FuncDef> funcs) {

    /**
     * A top-level element statement: a card, evaluated when the netlist is flattened, or a flat
     * element a one-line statement of a plain form was read into directly ({@link PlainStatements}).
     */
    public sealed interface Statement permits ElementCard, FlatNetlist.Element, PlainElement {
    }

    /**
     * A one-line element read in place whose values include top-level parameters, {@code {name}}:
     * {@code element} with 0 in their places, completed when the netlist is flattened (so that a
     * sweep's parameter values apply).
     *
     * @param pending for each {@code {name}}: its slot (0: the element's value; 1, 2, ...: its
     *                parameters in order), then where its '{' and the end of its '}' stand in the
     *                statement's text
     */
    public record PlainElement(FlatNetlist.Element element, int[] pending) implements Statement {
    }

    /**
     * A {@code .func name(a, b) = {body}}: inlined where it is called. The body is read twice, as
     * a parameter expression and as a B-source expression, for the few functions whose meaning
     * differs between the two (ngspice substitutes the text).
     */
    public record FuncDef(Token name, List<String> params, Expr valueBody, Expr behaviouralBody) {
    }

    /** A {@code .crossbar NAME key=value ...} array declaration. */
    public record ArrayCard(Token keyword, Token name, List<Arg> args) {
    }

    /**
     * A named value as written: {@code name=expr}. {@code expr} is null for a bare flag.
     *
     * @param name  lower-case name
     * @param expr  the value's expression, or null
     * @param token the token of the name (or of the value, for positional values), for errors
     * @param valueToken the token the expression was read from, for errors inside it
     */
    public record Arg(String name, Expr expr, Token token, Token valueToken) {
    }

    /**
     * One element line.
     *
     * @param type      the element letter, lower case (r c l v i e g f h d m b y x)
     * @param name      the element name token
     * @param nodes     node tokens in order
     * @param value     the positional value (resistance, source value, gain, diode area) or null
     * @param model     model or subcircuit name token (d, m, y, x) or null
     * @param control   controlling voltage source token (f, h) or null
     * @param params    named parameters (w= l= for m, g= r= for y, instance parameters for x)
     * @param behaviour the b-source expression or null
     * @param voltage   for b: true when {@code V=} (voltage source), false for {@code I=}
     */
    public record ElementCard(char type, Token name, List<Token> nodes, Arg value, Token model, Token control,
                              List<Arg> params, Arg behaviour, boolean voltage) implements Statement {
        public String lowerName() {
            return name.text().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A {@code .subckt} definition with its port names, default parameters and body; {@code models}
     * and {@code subckts} are the {@code .model} and {@code .subckt} definitions local to it (by
     * lower-case name), visible in its body and in the definitions nested in it, as ngspice scopes them.
     */
    public record SubcktDef(Token name, List<Token> ports, List<Arg> defaults, List<ElementCard> body,
                            List<Arg> params, Map<String, ModelCard> models, Map<String, SubcktDef> subckts,
                            Map<String, FuncDef> funcs) {
    }

    /** A {@code .model} card: its name, type (nmos, pmos, d, mem) and parameters. */
    public record ModelCard(Token name, Token type, List<Arg> params) {
    }

    /** An analysis: {@code .op} (no sweeps) or {@code .dc} (one or two nested sweeps). */
    public record AnalysisCard(Token keyword, List<Sweep> sweeps) {
        public boolean isOp() {
            return sweeps.isEmpty();
        }
    }

    /** One {@code .dc} sweep: a source from start to stop by step. */
    public record Sweep(Token source, Arg start, Arg stop, Arg step) {
    }

    /** A requested output: {@code v(a)}, {@code v(a,b)} or {@code i(name)}. */
    public record ProbeCard(char kind, String a, String b, Token token) {
        public String label() {
            return b == null ? kind + "(" + a + ")" : kind + "(" + a + "," + b + ")";
        }
    }
}
