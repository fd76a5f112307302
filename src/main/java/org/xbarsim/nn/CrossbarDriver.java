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
    }

    /** Makes the unit for one tile's weights A [input][output]. */
    public interface UnitFactory {
        ArrayUnit create(double[][] weights);
    }

    /** A layer's tiles and their units. */
    private record Layer(List<Tiling.Tile> tiles, List<ArrayUnit> units) {
    }

    private final Network net;
    private final int maxRows;
    private final int maxCols;
    private final UnitFactory factory;
    private final Map<String, Layer> layers = new HashMap<>();

    /**
     * @param maxRows the largest array's rows (inputs)
     * @param maxCols the largest array's columns (outputs)
     */
    public CrossbarDriver(Network net, int maxRows, int maxCols, UnitFactory factory) {
        this.net = net;
        this.maxRows = maxRows;
        this.maxCols = maxCols;
        this.factory = factory;
    }

    /**
     * Ideal arrays: no parasitics, no quantization; the weights shift-mapped onto
     * [gMin, gMax] (S), inputs 0..xMax driven as 0..vMax (V), and the column currents
     * (exactly the sum of v_i G_ij) turned back into outputs.
     */
    public static UnitFactory ideal(double gMin, double gMax, double vMax, double xMax) {
        return a -> {
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

    /** The network's output for {@code input}; {@code each} (when not null) hears every node's output. */
    public Tensor run(Tensor input, BiConsumer<Network.Node, Tensor> each) {
        return Forward.run(net, input, each, this::override);
    }

    private Tensor override(Network.Node n, Map<String, Tensor> values) {
        switch (n.op()) {
            case "Conv": {
                Tensor x = Forward.in(n, values, 0);
                Tensor w = Forward.in(n, values, 1);
                Tensor b = Forward.in(n, values, 2);
                int[] strides = Ops.pair(n, "strides", 1);
                int[] pads = Ops.pads(n);
                int kh = w.dim(2);
                int kw = w.dim(3);
                int m = w.dim(0);
                int ho = (x.dim(2) + pads[0] + pads[2] - kh) / strides[0] + 1;
                int wo = (x.dim(3) + pads[1] + pads[3] - kw) / strides[1] + 1;
                Layer layer = layers.computeIfAbsent(n.name(), k -> layer(DenseMapping.kernelMatrix(w)));
                Tensor y = Tensor.zeros(x.dim(0), m, ho, wo);
                for (int s = 0; s < x.dim(0); s++) {
                    double[][] out = product(layer, DenseMapping.windows(x, s, kh, kw, strides, pads), m);
                    for (int p = 0; p < out.length; p++) {
                        for (int o = 0; o < m; o++) {
                            y.data()[(s * m + o) * ho * wo + p] = out[p][o] + (b == null ? 0 : b.data()[o]);
                        }
                    }
                }
                return y;
            }
            case "Gemm":
            case "MatMul": {
                boolean gemm = n.op().equals("Gemm");
                if (gemm && n.i("transA", 0) != 0) {
                    return null; // not a weight product: left to the software pass
                }
                Tensor x = Forward.in(n, values, 0);
                Tensor w = Forward.in(n, values, 1);
                if (!net.weights().containsKey(n.inputs().get(1)) || x.rank() != 2) {
                    return null;
                }
                boolean transB = gemm && n.i("transB", 0) != 0;
                int outputs = transB ? w.dim(0) : w.dim(1);
                Layer layer = layers.computeIfAbsent(n.name(), k -> layer(DenseMapping.gemmMatrix(w, transB)));
                double[][] rows = new double[x.dim(0)][x.dim(1)];
                for (int k = 0; k < rows.length; k++) {
                    System.arraycopy(x.data(), k * x.dim(1), rows[k], 0, x.dim(1));
                }
                double[][] out = product(layer, rows, outputs);
                double alpha = gemm ? n.f("alpha", 1) : 1;
                Tensor y = Tensor.zeros(rows.length, outputs);
                for (int k = 0; k < rows.length; k++) {
                    for (int j = 0; j < outputs; j++) {
                        y.data()[k * outputs + j] = alpha * out[k][j];
                    }
                }
                Tensor c = gemm ? Forward.in(n, values, 2) : null;
                double beta = gemm ? n.f("beta", 1) : 0;
                if (c != null && beta != 0) {
                    double[] bc = new double[c.size()];
                    for (int k = 0; k < bc.length; k++) {
                        bc[k] = beta * c.data()[k];
                    }
                    y = Ops.add(y, new Tensor(c.shape(), bc));
                }
                return y;
            }
            default:
                return null;
        }
    }

    private Layer layer(double[][] a) {
        List<Tiling.Tile> tiles = Tiling.tiles(a.length, a[0].length, maxRows, maxCols);
        List<ArrayUnit> units = new ArrayList<>();
        for (Tiling.Tile t : tiles) {
            units.add(factory.create(Tiling.block(a, t)));
        }
        return new Layer(tiles, units);
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
