package org.xbarsim.netlist;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A netlist with parameters evaluated and subcircuits expanded: plain elements with numeric
 * values and hierarchical names ({@code x1.n3} for nodes, {@code r.x1.r2} for elements, as
 * ngspice names them). Both the circuit builder and the SPICE exporter read this.
 *
 * @param file      the top-level file
 * @param title     the title line
 * @param elements  elements in netlist order
 * @param models    models by lower-case name
 * @param options   {@code .options} in order
 * @param analyses  analyses in order
 * @param outputs   requested quantities (empty: every node voltage and branch current)
 * @param arrays    the {@code .crossbar} arrays, already expanded into elements
 */
public record FlatNetlist(Path file, String title, List<Element> elements, Map<String, Model> models,
                          List<Option> options, List<Analysis> analyses, List<Deck.ProbeCard> outputs,
                          List<Array> arrays) {

    /** This netlist with its elements and arrays replaced (a Monte Carlo draw of its values). */
    public FlatNetlist withElements(List<Element> elements, List<Array> arrays) {
        return new FlatNetlist(file, title, List.copyOf(elements), models, options, analyses, outputs, List.copyOf(arrays));
    }

    /**
     * A {@code .crossbar} array after expansion.
     *
     * @param name    lower-case array name
     * @param rows    m
     * @param cols    n
     * @param inputs  the flat names of the array's own row sources, or empty when fed from outside
     * @param outputs the flat names of the array's own column sense sources, or empty
     * @param layout  the array's evaluated parameters
     * @param elements how many flat elements the array expanded into
     */
    public record Array(String name, int rows, int cols, List<String> inputs, List<String> outputs, Layout layout,
                        int elements) {
    }

    /**
     * A {@code .crossbar} array's evaluated parameters (DESIGN section 2).
     *
     * @param access   true for 1T1M cells, false for passive 1R
     * @param rWireRow row wire segment (Ohm)
     * @param rWireCol column wire segment (Ohm)
     * @param rIn      input resistance (Ohm)
     * @param rOut     output resistance (Ohm)
     * @param g        conductances at the read voltage (S), [row][column]
     * @param mem      memristor model name (lower case)
     * @param fet      NMOS model name (lower case), null for 1R
     * @param w        transistor width (m)
     * @param l        transistor length (m)
     * @param vGate    gate voltage (V)
     */
    public record Layout(boolean access, double rWireRow, double rWireCol, double rIn, double rOut, double[][] g,
                         String mem, String fet, double w, double l, double vGate) {
    }

    /**
     * One flat element.
     *
     * @param type      element letter (r c l v i e g f h d m b y)
     * @param name      lower-case hierarchical name
     * @param nodes     lower-case hierarchical node names; ground is "0"
     * @param value     resistance (Ohm), capacitance, inductance, source value (V or A), gain,
     *                  or diode area; NaN where not used
     * @param model     model name (d, m, y) or null
     * @param control   controlling voltage source, flat name (f, h) or null
     * @param params    instance parameters (m: w, l, m; y: g)
     * @param behaviour b-source expression with parameters substituted and flat probe names
     * @param voltage   b-source: true for V=, false for I=
     * @param origin    the element's name token, for errors
     */
    public record Element(char type, String name, List<String> nodes, double value, String model, String control,
                          Map<String, Double> params, Expr behaviour, boolean voltage, Token origin)
            implements Deck.Statement {
    }

    /**
     * A model with evaluated parameters; keys are lower case. {@code strings} holds the
     * parameters whose values are words or quoted text (a memristor's law and table file).
     */
    public record Model(String name, String type, Map<String, Double> params, Map<String, String> strings,
                        Map<String, Token> tokens, Token origin) {
    }

    /** An {@code .options} setting; {@code value} is NaN for a bare flag. */
    public record Option(String name, double value, Token origin) {
    }

    /** An analysis; no sweeps means {@code .op}, else the first sweep is the inner one. */
    public record Analysis(Token origin, List<Sweep> sweeps) {
        public boolean isOp() {
            return sweeps.isEmpty();
        }
    }

    /** A {@code .dc} sweep of a source (flat name) from start to stop by step (V or A). */
    public record Sweep(String source, double start, double stop, double step, Token origin) {
        /** Number of points, stop included when step divides the span (within rounding). */
        public int points() {
            return (int) Math.floor((stop - start) / step + 1e-9) + 1;
        }

        public double value(int k) {
            return start + k * step;
        }
    }
}
