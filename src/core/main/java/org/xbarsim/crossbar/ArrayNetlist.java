package org.xbarsim.crossbar;

import java.util.Optional;

import org.xbarsim.circuit.CircuitBuilder;
import org.xbarsim.circuit.MemristorLaw;
import org.xbarsim.circuit.Mosfet;
import org.xbarsim.circuit.SimOptions;
import org.xbarsim.netlist.FlatNetlist;

/**
 * When a netlist is one {@code .crossbar} and nothing else, the array it declares, so that the
 * structured solver can run it in place of the general engine: both solve the same equations.
 */
public final class ArrayNetlist {
    private ArrayNetlist() {
    }

    /**
     * The netlist's array, when the netlist holds nothing but one {@code .crossbar} with its own
     * row and column sources, a linear or sinh memristor model and (1T1M) a level-1 NMOS whose
     * only parameters are VTO, KP and LAMBDA (ngspice's defaults for the rest, which the
     * structured solver assumes), at the default gmin; otherwise empty. Models are checked as the
     * general engine checks them, so a bad model card is the same error either way.
     */
    public static Optional<CrossbarArray> structured(FlatNetlist net, SimOptions options) {
        if (net.arrays().size() != 1 || options.gmin() != SimOptions.DEFAULT_GMIN_S) {
            return Optional.empty();
        }
        FlatNetlist.Array a = net.arrays().get(0);
        FlatNetlist.Layout l = a.layout();
        if (a.inputs().isEmpty() || a.outputs().isEmpty() || a.elements() != net.elements().size()) {
            return Optional.empty();
        }
        FlatNetlist.Model mem = net.models().get(l.mem());
        if (mem == null || !mem.type().equals("mem")) {
            return Optional.empty(); // the general engine names the error
        }
        MemristorLaw law = CircuitBuilder.law(net, mem);
        String kind = mem.strings().getOrDefault("law", "linear").toLowerCase(java.util.Locale.ROOT);
        double vRead = mem.params().getOrDefault("vread", CircuitBuilder.DEFAULT_VREAD_V);
        CrossbarArray.Builder b = CrossbarArray.builder(a.rows(), a.cols())
                .cell(l.access() ? CrossbarArray.Cell.ONE_T_ONE_M : CrossbarArray.Cell.ONE_R)
                .rWire(l.rWireRow(), l.rWireCol()).rIn(l.rIn()).rOut(l.rOut()).vRead(vRead).conductances(l.g());
        if (law.linear() && kind.equals("linear")) {
            b.linear();
        } else if (kind.equals("sinh")) {
            b.sinh(mem.params().getOrDefault("b", CircuitBuilder.DEFAULT_SINH_B_PER_V));
        } else {
            return Optional.empty();
        }
        if (l.access()) {
            FlatNetlist.Model fet = net.models().get(l.fet());
            if (fet == null || !fet.type().equals("nmos")) {
                return Optional.empty();
            }
            Mosfet.Model mm = CircuitBuilder.mosfetModel(fet);
            for (String key : fet.params().keySet()) {
                if (!key.equals("level") && !key.equals("vto") && !key.equals("kp") && !key.equals("lambda")) {
                    return Optional.empty();
                }
            }
            b.transistor(l.vGate(), mm.vto(), mm.kp(), mm.lambda(), l.w(), l.l());
        }
        return Optional.of(b.build());
    }
}
