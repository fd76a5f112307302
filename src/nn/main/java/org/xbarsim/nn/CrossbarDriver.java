package org.xbarsim.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.xbarsim.mapping.WeightMapping;

/**
 * Runs a network with the products of its Conv, Gemm and MatMul nodes on crossbar arrays (paper
 * 002 section 3.1 and Algorithm 1), everything else digital: each layer's kernel matrix is
 * dense-mapped, split into tiles no larger than the largest array, and every window of an image
 * goes through each tile's array unit; the tiles' partial sums are added and the bias added
 * digitally.
 */
public final class CrossbarDriver {
    /** One tile's array: the product X A for input vectors X [vector][input], [vector][output]. */
    public interface ArrayUnit {
        double[][] multiply(double[][] x);

        /** The devices whose conversion (paper 002 section 3.3) missed its target: clamped or infeasible; 0 without conversion. */
        default int unconverted() {
            return 0;
        }

        /** The devices of the array (0 for a unit that is not an array). */
        default int devices() {
            return 0;
        }

        /** The ADC on the unit's partial sums, null for none. */
        default Converters.Adc adc() {
            return null;
        }

        /** Hears every unit of its layer once they are all made (an ADC range shared by the layer's tiles). */
        default void layerUnits(List<ArrayUnit> all) {
        }

        /**
         * This unit's programmed array with its ADC over another range (a new unit; this one
         * unchanged), for inputs like {@code samples}: what a Q-scale search does to arrays
         * programmed once. Null when the unit cannot serve such inputs as it is programmed (they
         * span another input range) or cannot change its ADC's range; a unit without an ADC is
         * itself.
         */
        default ArrayUnit withAdcRange(Converters.AdcRange range, double[][] samples) {
            return adc() == null ? this : null;
        }
    }

    /**
     * The units of {@code base} (which makes them with ADCs over {@code range}), each made once
     * per tile (known by its {@link Where#label()}) and
     * kept in {@code made}; a tile made before is that unit with its ADC over {@code range}
     * ({@link ArrayUnit#withAdcRange}): arrays programmed, converted and calibrated once (on the
     * samples of the first run) and read through ADCs of other ranges. A tile whose samples now
     * span another input range (the outputs of the layers before it changed with their ADCs) is
     * made anew.
     */
    public static UnitFactory programmedOnce(UnitFactory base, java.util.Map<String, ArrayUnit> made, Converters.AdcRange range) {
        return (a, samples, where) -> {
            ArrayUnit u = made.get(where.label());
            ArrayUnit moved = u == null ? null : u.withAdcRange(range, samples);
            if (moved != null) {
                return moved;
            }
            u = base.create(a, samples, where);
            made.putIfAbsent(where.label(), u);
            return u;
        };
    }

    /**
     * How a layer's rows (its inputs) are split over arrays when they are more than an array's rows.
     * {@code ROWS}: contiguous blocks as even as the limit allows. {@code KERNEL_ROWS} (paper 004
     * Table I): a convolution's inputs grouped by kernel row (kw x C inputs each), each group split
     * into as few even parts as fit, so that no array mixes kernel rows; dense layers as ROWS.
     */
    public enum Split {
        ROWS, KERNEL_ROWS;

        public static final List<String> NAMES = List.of("rows", "kernel-rows");

        public static Split parse(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "rows" -> ROWS;
                case "kernel-rows" -> KERNEL_ROWS;
                default -> throw new IllegalArgumentException("split '" + name + "': one of " + NAMES);
            };
        }
    }

    /** Makes the unit for one tile's weights A [input][output], given sample input vectors of that tile. */
    public interface UnitFactory {
        ArrayUnit create(double[][] weights, double[][] samples, Where where);
    }

    /**
     * Where a tile sits: its layer, the range of the whole layer's weights, and a label for
     * messages ({@code layer 'conv1' tile ...}).
     */
    public record Where(String layer, double weightLo, double weightHi, String label) {
        /** A tile known by its label alone, its range its own. */
        public static Where of(String label) {
            return new Where(label, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, label);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** A layer's tiles and their units. */
    private record Layer(List<Tiling.Tile> tiles, List<ArrayUnit> units) {
    }

    private final Network net;
    private final int maxRows;
    private final int maxCols;
    private final UnitFactory factory;
    private final Split split;
    private final Map<String, Layer> layers = new java.util.LinkedHashMap<>();

    /**
     * @param maxRows the largest array's rows (inputs)
     * @param maxCols the largest array's columns (outputs)
     */
    public CrossbarDriver(Network net, int maxRows, int maxCols, UnitFactory factory) {
        this(net, maxRows, maxCols, Split.ROWS, factory);
    }

    /**
     * @param maxRows the largest array's rows (inputs): the fan-in N_in
     * @param maxCols the largest array's columns (outputs)
     * @param split   how a layer's inputs are split over arrays
     */
    public CrossbarDriver(Network net, int maxRows, int maxCols, Split split, UnitFactory factory) {
        this.net = net;
        this.maxRows = maxRows;
        this.maxCols = maxCols;
        this.split = java.util.Objects.requireNonNull(split, "split");
        this.factory = factory;
    }

    /**
     * Ideal arrays: no parasitics, no quantization; the weights shift-mapped onto
     * [gMin, gMax] (S), inputs 0..xMax driven as 0..vMax (V), and the column currents
     * (exactly the sum of v_i G_ij) turned back into outputs.
     */
    public static UnitFactory ideal(double gMin, double gMax, double vMax, double xMax) {
        return (a, samples, where) -> {
            WeightMapping map = WeightMapping.of(WeightMapping.Kind.SHIFT, a, gMin, gMax, vMax, xMax);
            double[][] g = map.conductances();
            return x -> {
                double[][] y = new double[x.length][];
                for (int k = 0; k < x.length; k++) {
                    double[] v = map.voltages(x[k]);
                    double[] current = new double[map.arrayColumns()];
                    for (int i = 0; i < v.length; i++) {
                        if (v[i] != 0) {
                            for (int j = 0; j < current.length; j++) {
                                current[j] += v[i] * g[i][j];
                            }
                        }
                    }
                    y[k] = map.outputs(x[k], current);
                }
                return y;
            };
        };
    }

    /** Layers off the arrays: each tile's product computed digitally, exactly as the software pass does. */
    public static UnitFactory digital() {
        return (a, samples, where) -> x -> {
            double[][] y = new double[x.length][a[0].length];
            for (int k = 0; k < x.length; k++) {
                for (int i = 0; i < a.length; i++) {
                    double v = x[k][i];
                    if (v != 0) {
                        double[] row = a[i];
                        double[] out = y[k];
                        for (int j = 0; j < out.length; j++) {
                            out[j] += v * row[j];
                        }
                    }
                }
            }
            return y;
        };
    }

    /** The units of {@code arrays} for the layers in {@code onArrays}, digital products for the others. */
    public static UnitFactory only(java.util.Set<String> onArrays, UnitFactory arrays) {
        UnitFactory exact = digital();
        return (a, samples, where) -> (onArrays.contains(where.layer()) ? arrays : exact).create(a, samples, where);
    }

    /** The network's output for {@code input}; {@code each} (when not null) hears every node's output. */
    public Tensor run(Tensor input, BiConsumer<Network.Node, Tensor> each) {
        List<Tensor> out = runBatch(List.of(input), each == null ? null : (n, ys) -> each.accept(n, ys.get(0)));
        return out.get(0);
    }

    /**
     * The outputs for a batch of inputs, layer by layer: every window of every image of the batch
     * goes through a layer's arrays in one batch. A layer's arrays are made the first time it
     * runs, with that batch's windows as their samples. {@code each} (when not null) hears every
     * node with the batch's outputs.
     */
    public List<Tensor> runBatch(List<Tensor> inputs, BiConsumer<Network.Node, List<Tensor>> each) {
        List<Map<String, Tensor>> values = new ArrayList<>();
        for (Tensor in : inputs) {
            Map<String, Tensor> v = new HashMap<>(net.weights());
            v.put(net.input(), in);
            values.add(v);
        }
        for (Network.Node n : net.nodes()) {
            List<Tensor> ys = onArrays(n, values);
            if (ys == null) {
                ys = new ArrayList<>();
                for (Map<String, Tensor> v : values) {
                    ys.add(Forward.apply(n, v));
                }
            }
            for (int k = 0; k < values.size(); k++) {
                values.get(k).put(n.outputs().get(0), ys.get(k));
            }
            if (each != null) {
                each.accept(n, ys);
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (Map<String, Tensor> v : values) {
            out.add(v.get(net.output()));
        }
        return out;
    }

    /** Weight layers whose arrays have been made so far, in order. */
    public List<String> layers() {
        return List.copyOf(layers.keySet());
    }

    /** The batch's outputs of node n computed on arrays, or null when n is not a weight product. */
    private List<Tensor> onArrays(Network.Node n, List<Map<String, Tensor>> values) {
        switch (n.op()) {
            case "Conv": {
                Tensor w = Forward.in(n, values.get(0), 1);
                Tensor b = Forward.in(n, values.get(0), 2);
                int[] strides = Ops.pair(n, "strides", 1);
                int[] pads = Ops.pads(n);
                int kh = w.dim(2);
                int kw = w.dim(3);
                int m = w.dim(0);
                List<double[][]> windows = new ArrayList<>();
                List<int[]> shapes = new ArrayList<>();
                int total = 0;
                for (Map<String, Tensor> v : values) {
                    Tensor x = Forward.in(n, v, 0);
                    int ho = (x.dim(2) + pads[0] + pads[2] - kh) / strides[0] + 1;
                    int wo = (x.dim(3) + pads[1] + pads[3] - kw) / strides[1] + 1;
                    for (int s = 0; s < x.dim(0); s++) {
                        windows.add(DenseMapping.windows(x, s, kh, kw, strides, pads));
                    }
                    shapes.add(new int[] {x.dim(0), m, ho, wo});
                    total += x.dim(0) * ho * wo;
                }
                double[][] rows = new double[total][];
                int r = 0;
                for (double[][] win : windows) {
                    for (double[] row : win) {
                        rows[r++] = row;
                    }
                }
                double[][] out = product(layer(n, DenseMapping.kernelMatrix(w), rows, kh, kw), rows, m);
                List<Tensor> ys = new ArrayList<>();
                r = 0;
                for (int[] shape : shapes) {
                    Tensor y = Tensor.zeros(shape);
                    int hw = shape[2] * shape[3];
                    for (int s = 0; s < shape[0]; s++) {
                        for (int p = 0; p < hw; p++, r++) {
                            for (int o = 0; o < m; o++) {
                                y.data()[(s * m + o) * hw + p] = out[r][o] + (b == null ? 0 : b.data()[o]);
                            }
                        }
                    }
                    ys.add(y);
                }
                return ys;
            }
            case "Gemm":
            case "MatMul": {
                boolean gemm = n.op().equals("Gemm");
                Tensor w = Forward.in(n, values.get(0), 1);
                if ((gemm && n.i("transA", 0) != 0) || !net.weights().containsKey(n.inputs().get(1))
                        || Forward.in(n, values.get(0), 0).rank() != 2) {
                    return null; // not a product with stored weights: left to the software pass
                }
                boolean transB = gemm && n.i("transB", 0) != 0;
                int outputs = transB ? w.dim(0) : w.dim(1);
                List<double[]> rowList = new ArrayList<>();
                List<Integer> counts = new ArrayList<>();
                for (Map<String, Tensor> v : values) {
                    Tensor x = Forward.in(n, v, 0);
                    for (int k = 0; k < x.dim(0); k++) {
                        rowList.add(java.util.Arrays.copyOfRange(x.data(), k * x.dim(1), (k + 1) * x.dim(1)));
                    }
                    counts.add(x.dim(0));
                }
                double[][] rows = rowList.toArray(new double[0][]);
                double[][] out = product(layer(n, DenseMapping.gemmMatrix(w, transB), rows, 1, 1), rows, outputs);
                double alpha = gemm ? n.f("alpha", 1) : 1;
                Tensor c = gemm ? Forward.in(n, values.get(0), 2) : null;
                double beta = gemm ? n.f("beta", 1) : 0;
                List<Tensor> ys = new ArrayList<>();
                int r = 0;
                for (int count : counts) {
                    Tensor y = Tensor.zeros(count, outputs);
                    for (int k = 0; k < count; k++, r++) {
                        for (int j = 0; j < outputs; j++) {
                            y.data()[k * outputs + j] = alpha * out[r][j];
                        }
                    }
                    if (c != null && beta != 0) {
                        double[] bc = new double[c.size()];
                        for (int k = 0; k < bc.length; k++) {
                            bc[k] = beta * c.data()[k];
                        }
                        y = Ops.add(y, new Tensor(c.shape(), bc));
                    }
                    ys.add(y);
                }
                return ys;
            }
            default:
                return null;
        }
    }

    /**
     * Node n's tiles and units, made on first use with {@code samples} (rows of the full layer
     * input); a convolution's kernel is kh x kw (1 x 1 for a dense layer).
     */
    private Layer layer(Network.Node n, double[][] a, double[][] samples, int kh, int kw) {
        Layer existing = layers.get(n.name());
        if (existing != null) {
            return existing;
        }
        List<Tiling.Tile> tiles = split == Split.KERNEL_ROWS && kh > 1
                ? Tiling.kernelRows(a.length / (kh * kw), kh, kw, a[0].length, maxRows, maxCols)
                : Tiling.tiles(a.length, a[0].length, maxRows, maxCols);
        List<ArrayUnit> units = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : a) {
            for (double w : row) {
                lo = Math.min(lo, w);
                hi = Math.max(hi, w);
            }
        }
        for (Tiling.Tile t : tiles) {
            String label = "layer '" + n.name() + "'" + (tiles.size() > 1 ? " tile " + t : "");
            units.add(factory.create(Tiling.block(a, t), Tiling.inputs(samples, t), new Where(n.name(), lo, hi, label)));
        }
        for (ArrayUnit u : units) {
            u.layerUnits(List.copyOf(units));
        }
        Layer layer = new Layer(tiles, units);
        layers.put(n.name(), layer);
        return layer;
    }

    /** X A through the layer's tiles: each tile's partial sums, added. */
    private static double[][] product(Layer layer, double[][] x, int outputs) {
        double[][] y = new double[x.length][outputs];
        for (int t = 0; t < layer.tiles().size(); t++) {
            Tiling.Tile tile = layer.tiles().get(t);
            double[][] part = layer.units().get(t).multiply(Tiling.inputs(x, tile));
            for (int k = 0; k < x.length; k++) {
                for (int j = 0; j < tile.cols(); j++) {
                    y[k][tile.col0() + j] += part[k][j];
                }
            }
        }
        return y;
    }
}
