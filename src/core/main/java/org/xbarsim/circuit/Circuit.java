package org.xbarsim.circuit;

import java.util.List;
import java.util.Map;

import org.xbarsim.netlist.FlatNetlist;

/**
 * A circuit ready to solve: unknowns numbered (nodes first, then branch currents), devices with
 * their matrix slots, options, analyses and the outputs to report. Index {@link #size()} stands
 * for ground.
 */
public final class Circuit {
    private final String title;
    private final String[] unknownNames;
    private final int nodeCount;
    private final List<Device> devices;
    private final Device[] linear;
    private final Device[] nonlinear;
    private final Map<String, Device> byName;
    private final MatrixPattern pattern;
    private final SimOptions options;
    private final List<FlatNetlist.Analysis> analyses;
    private final List<Output> outputs;
    private Map<String, Integer> nodeIndex;
    private double temperatureK;

    /**
     * A reported quantity: a voltage between unknowns {@code a} and {@code b} (b may be ground),
     * or the current of {@code device}.
     */
    public record Output(String label, int a, int b, Device device) {
        public double value(double[] x) {
            return device != null ? device.current(x) : x[a] - x[b];
        }

    }

    Circuit(String title, String[] unknownNames, int nodeCount, List<Device> devices, Map<String, Device> byName,
            MatrixPattern pattern, SimOptions options, List<FlatNetlist.Analysis> analyses, List<Output> outputs) {
        this.title = title;
        this.unknownNames = unknownNames;
        this.nodeCount = nodeCount;
        this.devices = devices;
        this.byName = byName;
        this.linear = devices.stream().filter(d -> !d.nonlinear()).toArray(Device[]::new);
        this.nonlinear = devices.stream().filter(Device::nonlinear).toArray(Device[]::new);
        this.pattern = pattern;
        this.options = options;
        this.analyses = analyses;
        this.outputs = outputs;
        this.monotone = monotone(devices, unknownNames.length);
    }

    /**
     * True when the circuit is a monotone resistive network: positive resistors, independent
     * sources, memristors and diodes (strictly increasing I-V laws), and MOSFETs whose gate and
     * bulk are ground or held by a voltage source to ground, nothing else. Each element's
     * contribution to the node equations then has non-positive off-diagonal terms and
     * non-negative column sums at every point, so the equations have one solution (the Jacobian
     * is everywhere an M-matrix: Gale and Nikaido's univalence), and Newton may start from any
     * linearization point without changing the answer.
     */
    public boolean monotone() {
        return monotone;
    }

    private final boolean monotone;

    private static boolean monotone(List<Device> devices, int ground) {
        java.util.Set<Integer> held = new java.util.HashSet<>();
        held.add(ground);
        for (Device d : devices) {
            if (d instanceof VoltageSource v) {
                int[] t = v.terminals();
                if (t[1] == ground) {
                    held.add(t[0]);
                } else if (t[0] == ground) {
                    held.add(t[1]);
                }
            }
        }
        for (Device d : devices) {
            boolean ok = d instanceof VoltageSource || d instanceof CurrentSource || d instanceof Memristor
                    || d instanceof Diode || d instanceof Resistor r && r.conductance() > 0
                    || d instanceof Mosfet m && held.contains(m.gate()) && held.contains(m.bulk());
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public String title() {
        return title;
    }

    /** Number of unknowns. */
    public int size() {
        return unknownNames.length;
    }

    /** Number of node voltages among the unknowns (they come first). */
    public int nodeCount() {
        return nodeCount;
    }

    /** True when unknown k is a node voltage, false for a branch current. */
    public boolean isNode(int k) {
        return k < nodeCount;
    }

    /** The unknown of node {@code name} (lower case), or -1 when there is none; for reports, not for hot loops. */
    public int node(String name) {
        if (nodeIndex == null) {
            Map<String, Integer> m = new java.util.HashMap<>(2 * nodeCount);
            for (int k = 0; k < nodeCount; k++) {
                m.put(unknownNames[k], k);
            }
            nodeIndex = m;
        }
        return nodeIndex.getOrDefault(name, -1);
    }

    /** Name of unknown k: a node name, or {@code name#branch}. */
    public String unknownName(int k) {
        return k == unknownNames.length ? "0" : unknownNames[k];
    }

    public List<Device> devices() {
        return devices;
    }

    public Device device(String name) {
        return byName.get(name);
    }

    /**
     * The independent source named {@code name} (lower-case flat name).
     *
     * @throws IllegalArgumentException when there is none of that name (an inductor's 0 V branch is not one)
     */
    public IndependentSource source(String name) {
        Device d = byName.get(name);
        if (d instanceof IndependentSource s && d.independent()) {
            return s;
        }
        throw new IllegalArgumentException("'" + name + "' is not an independent voltage or current source");
    }

    /**
     * The resistor named {@code name} (lower-case flat name), for a {@code .dc} sweep of its value.
     *
     * @throws IllegalArgumentException when there is no resistor of that name
     */
    public Resistor resistor(String name) {
        if (byName.get(name) instanceof Resistor r) {
            return r;
        }
        throw new IllegalArgumentException("'" + name + "' is not a resistor");
    }

    public boolean isNonlinear() {
        return nonlinear.length > 0;
    }

    public MatrixPattern pattern() {
        return pattern;
    }

    public SimOptions options() {
        return options;
    }

    public List<FlatNetlist.Analysis> analyses() {
        return analyses;
    }

    public List<Output> outputs() {
        return outputs;
    }

    /** Stamps every linear device (independent sources scaled by {@code load.sourceFactor}). */
    public void loadLinear(Load load) {
        for (Device d : linear) {
            d.load(load);
        }
    }

    /** Stamps every nonlinear device at {@code load.x}. */
    public void loadNonlinear(Load load) {
        for (Device d : nonlinear) {
            d.load(load);
        }
    }

    /**
     * True when every nonlinear device passes its convergence test at the new iterate {@code x}
     * against its last linearization ({@link Device#converged}).
     */
    public boolean devicesConverged(double[] x, double reltol, double abstol) {
        for (Device d : nonlinear) {
            if (!d.converged(x, reltol, abstol)) {
                return false;
            }
        }
        return true;
    }

    /** Sets every temperature-dependent device for circuit temperature {@code kelvin} (K). */
    public void setTemperature(double kelvin) {
        for (Device d : devices) {
            if (d instanceof Thermal t) {
                t.temperature(kelvin);
            }
        }
        temperatureK = kelvin;
    }

    /** Records the temperature (K) the devices were built at. */
    void temperatureSet(double kelvin) {
        temperatureK = kelvin;
    }

    /** The circuit's temperature (K). */
    public double temperature() {
        return temperatureK;
    }

    /** Clears junction state kept for limiting, before a solve from scratch. */
    public void resetState() {
        for (Device d : nonlinear) {
            d.resetState();
        }
    }
}
