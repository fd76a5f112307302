package org.xbarsim.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What dense and sparse mapping cost for each Conv and Gemm layer of a network (paper 002
 * section 3.1, Table 2): computed from the layers' shapes alone (one software pass over a zero
 * input of the network's shape), no array simulated.
 *
 * <p>Dense mapping (ours): the layer's kernel matrix, (C kh kw) x M, on arrays of at most the
 * given size, one iteration per output position, every device used. Sparse mapping: the whole
 * layer as one Toeplitz matrix, (C H W) x (M Ho Wo), in one iteration, devices used only where
 * a window meets the input. ADCs as Table 2 counts them: one per dense array; for sparse
 * mapping one per 128 columns (ISAAC's multiplexing, which Table 2 adopts). DACs: one per row.
 */
public final class MappingCount {
    private MappingCount() {
    }

    /** Columns one ADC serves in sparse mapping (ISAAC, as paper 002 Table 2). */
    public static final int SPARSE_COLUMNS_PER_ADC = 128;

    /**
     * One layer.
     *
     * @param name        the node's name
     * @param op          Conv or Gemm
     * @param kernel      the kernel's shape: M, C, kh, kw (Conv) or K, N (Gemm)
     * @param denseRows   rows of the dense kernel matrix (C kh kw, or K)
     * @param denseCols   its columns (M, or N)
     * @param arrays      arrays of at most the given size the dense matrix takes
     * @param iterations  sequential iterations per image with dense mapping (output positions)
     * @param sparseRows  rows of the sparse (Toeplitz) matrix (C H W, or K)
     * @param sparseCols  its columns (M Ho Wo, or N)
     * @param sparseUsed  devices of the sparse matrix that hold a weight (a window meets the input there)
     */
    public record Layer(String name, String op, int[] kernel, int denseRows, int denseCols, int arrays, int iterations,
                        long sparseRows, long sparseCols, long sparseUsed) {
        /** ADCs of the dense mapping: one per array. */
        public int denseAdcs() {
            return arrays;
        }

        /** DACs of the dense mapping: one per row of each array. */
        public long denseDacs() {
            return denseRows;
        }

        /** ADCs of the sparse mapping: one per {@link #SPARSE_COLUMNS_PER_ADC} columns. */
        public long sparseAdcs() {
            return (sparseCols + SPARSE_COLUMNS_PER_ADC - 1) / SPARSE_COLUMNS_PER_ADC;
        }

        /** Fraction of the sparse matrix's devices that hold a weight. */
        public double sparseUsage() {
            return (double) sparseUsed / (sparseRows * sparseCols);
        }
    }

    /** The layers of {@code net} in order, for dense arrays of at most maxRows x maxCols. */
    public static List<Layer> of(Network net, int maxRows, int maxCols) {
        int[] shape = net.inputShape().clone();
        for (int k = 0; k < shape.length; k++) {
            shape[k] = shape[k] < 1 ? 1 : shape[k]; // the batch: one image
        }
        List<Layer> layers = new ArrayList<>();
        Forward.run(net, Tensor.zeros(shape), null, (n, values) -> {
            if (n.op().equals("Conv")) {
                layers.add(conv(n, Forward.in(n, values, 0), Forward.in(n, values, 1), maxRows, maxCols));
            } else if (n.op().equals("Gemm")) {
                Tensor b = Forward.in(n, values, 1);
                boolean transB = n.i("transB", 0) != 0;
                int k = transB ? b.dim(1) : b.dim(0);
                int cols = transB ? b.dim(0) : b.dim(1);
                layers.add(new Layer(n.name(), n.op(), new int[] {k, cols}, k, cols, arrays(k, cols, maxRows, maxCols), 1,
                        k, cols, (long) k * cols));
            }
            return null; // computed as usual
        });
        return layers;
    }

    private static Layer conv(Network.Node n, Tensor x, Tensor w, int maxRows, int maxCols) {
        int[] strides = Ops.pair(n, "strides", 1);
        int[] pads = Ops.pads(n);
        int c = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int m = w.dim(0);
        int kh = w.dim(2);
        int kw = w.dim(3);
        int ho = (h + pads[0] + pads[2] - kh) / strides[0] + 1;
        int wo = (wd + pads[1] + pads[3] - kw) / strides[1] + 1;
        // a window's taps that fall on the input (not on padding) are the sparse matrix's devices in use
        long used = 0;
        for (int i = 0; i < ho; i++) {
            for (int j = 0; j < wo; j++) {
                for (int p = 0; p < kh; p++) {
                    int r = i * strides[0] - pads[0] + p;
                    for (int q = 0; q < kw; q++) {
                        int col = j * strides[1] - pads[1] + q;
                        if (r >= 0 && r < h && col >= 0 && col < wd) {
                            used += (long) c * m;
                        }
                    }
                }
            }
        }
        int rows = c * kh * kw;
        return new Layer(n.name(), n.op(), Arrays.copyOf(w.shape(), 4), rows, m, arrays(rows, m, maxRows, maxCols), ho * wo,
                (long) c * h * wd, (long) m * ho * wo, used);
    }

    /** The arrays the inference driver tiles a rows x cols matrix into ({@link Tiling#tiles}, rows split). */
    private static int arrays(int rows, int cols, int maxRows, int maxCols) {
        return Tiling.tiles(rows, cols, maxRows, maxCols).size();
    }

    /**
     * Input sparsity of each Conv and Gemm layer (paper 002 Fig. 9): the fraction of its input's
     * elements that are exactly zero, averaged over {@code images} (each [1, C, H, W]), in the
     * order of {@link #of}. Zero padding is not counted: it never reaches an array row as a
     * signal of its own.
     */
    public static double[] inputSparsity(Network net, List<Tensor> images) {
        double[] sum = null;
        for (Tensor image : images) {
            List<Double> zeros = new ArrayList<>();
            Forward.run(net, image, null, (n, values) -> {
                if (n.op().equals("Conv") || n.op().equals("Gemm")) {
                    Tensor x = Forward.in(n, values, 0);
                    long z = 0;
                    for (double v : x.data()) {
                        z += v == 0 ? 1 : 0;
                    }
                    zeros.add((double) z / x.data().length);
                }
                return null;
            });
            if (sum == null) {
                sum = new double[zeros.size()];
            }
            for (int k = 0; k < sum.length; k++) {
                sum[k] += zeros.get(k);
            }
        }
        if (sum == null) {
            throw new IllegalArgumentException("no image to measure the input sparsity on");
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= images.size();
        }
        return sum;
    }

    /** Sequential iterations per image with dense mapping: the sum over the layers. */
    public static long iterations(List<Layer> layers) {
        return layers.stream().mapToLong(Layer::iterations).sum();
    }
}
