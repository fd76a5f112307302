package org.xbarsim.nn;

import java.util.Arrays;
import org.apache.commons.math3.util.MathArrays;

/**
 * The supported ONNX operators, evaluated in double precision following the ONNX operator
 * specification (opset 13): the software forward pass that gives the ideal outputs.
 */
public final class Ops {
    private Ops() {
    }

    /** Rejects attribute values the operators below do not implement, naming node and value. */
    static void check(Network.Node n, String where) {
        String at = where + ": node '" + n.name() + "': " + n.op() + " ";
        switch (n.op()) {
            case "Conv":
            case "MaxPool":
            case "AveragePool":
                if (!n.s("auto_pad", "NOTSET").equals("NOTSET")) {
                    throw new IllegalArgumentException(at + "auto_pad=" + n.s("auto_pad", "") + " is not supported (NOTSET only)");
                }
                if (n.i("ceil_mode", 0) != 0) {
                    throw new IllegalArgumentException(at + "ceil_mode=1 is not supported");
                }
                for (long d : n.ints("dilations", new long[0])) {
                    if (d != 1) {
                        throw new IllegalArgumentException(at + "dilations=" + Arrays.toString(n.ints("dilations", null))
                                + " is not supported (1 only)");
                    }
                }
                if (n.op().equals("Conv") && n.i("group", 1) != 1) {
                    throw new IllegalArgumentException(at + "group=" + n.i("group", 1) + " is not supported (1 only)");
                }
                if (n.i("storage_order", 0) != 0) {
                    throw new IllegalArgumentException(at + "storage_order=1 is not supported");
                }
                break;
            case "BatchNormalization":
                if (n.i("training_mode", 0) != 0) {
                    throw new IllegalArgumentException(at + "training_mode=1 is not supported (inference only)");
                }
                break;
            case "Reshape":
                if (n.i("allowzero", 0) != 0) {
                    throw new IllegalArgumentException(at + "allowzero=1 is not supported");
                }
                break;
            default:
                break;
        }
    }

    /** The four spatial pads (top, left, bottom, right) of a 2-D node. */
    static int[] pads(Network.Node n) {
        long[] p = n.ints("pads", new long[4]);
        if (p.length != 4) {
            throw new IllegalArgumentException("node '" + n.name() + "': " + n.op() + " pads " + Arrays.toString(p)
                    + ": 2-D operators need 4 values");
        }
        return new int[] {(int) p[0], (int) p[1], (int) p[2], (int) p[3]};
    }

    static int[] pair(Network.Node n, String key, int dflt) {
        long[] v = n.ints(key, new long[] {dflt, dflt});
        return new int[] {(int) v[0], (int) v[1]};
    }

    /**
     * 2-D convolution, X [N, C, H, W] with W [M, C, kh, kw] and bias B [M] (or null), strides and
     * pads (top, left, bottom, right): Y [N, M, Ho, Wo].
     */
    public static Tensor conv(Tensor x, Tensor w, Tensor b, int[] strides, int[] pads) {
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int m = w.dim(0);
        if (w.dim(1) != c) {
            throw new IllegalArgumentException("Conv: input has " + c + " channels, the kernel expects " + w.dim(1));
        }
        int kh = w.dim(2);
        int kw = w.dim(3);
        int ho = (h + pads[0] + pads[2] - kh) / strides[0] + 1;
        int wo = (wd + pads[1] + pads[3] - kw) / strides[1] + 1;
        Tensor y = Tensor.zeros(n, m, ho, wo);
        double[] xd = x.data();
        double[] wdat = w.data();
        double[] yd = y.data();
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < m; o++) {
                double bias = b == null ? 0 : b.data()[o];
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double acc = 0;
                        for (int ch = 0; ch < c; ch++) {
                            for (int p = 0; p < kh; p++) {
                                int r = i * strides[0] - pads[0] + p;
                                if (r < 0 || r >= h) {
                                    continue;
                                }
                                int xo = ((s * c + ch) * h + r) * wd;
                                int wo0 = ((o * c + ch) * kh + p) * kw;
                                for (int q = 0; q < kw; q++) {
                                    int col = j * strides[1] - pads[1] + q;
                                    if (col >= 0 && col < wd) {
                                        acc += xd[xo + col] * wdat[wo0 + q];
                                    }
                                }
                            }
                        }
                        yd[((s * m + o) * ho + i) * wo + j] = acc + bias;
                    }
                }
            }
        }
        return y;
    }

    /** Max (or, when {@code average}, mean) pooling over kernel windows; padded cells never win a max. */
    public static Tensor pool(Tensor x, int[] kernel, int[] strides, int[] pads, boolean average, boolean countPad) {
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int ho = (h + pads[0] + pads[2] - kernel[0]) / strides[0] + 1;
        int wo = (wd + pads[1] + pads[3] - kernel[1]) / strides[1] + 1;
        Tensor y = Tensor.zeros(n, c, ho, wo);
        for (int s = 0; s < n * c; s++) {
            for (int i = 0; i < ho; i++) {
                for (int j = 0; j < wo; j++) {
                    double acc = average ? 0 : Double.NEGATIVE_INFINITY;
                    int count = 0;
                    for (int p = 0; p < kernel[0]; p++) {
                        for (int q = 0; q < kernel[1]; q++) {
                            int r = i * strides[0] - pads[0] + p;
                            int col = j * strides[1] - pads[1] + q;
                            boolean inside = r >= 0 && r < h && col >= 0 && col < wd;
                            if (inside) {
                                double v = x.data()[(s * h + r) * wd + col];
                                acc = average ? acc + v : Math.max(acc, v);
                                count++;
                            } else if (countPad) {
                                count++;
                            }
                        }
                    }
                    y.data()[(s * ho + i) * wo + j] = average ? acc / count : acc;
                }
            }
        }
        return y;
    }

    /** Mean over each channel's H x W: [N, C, H, W] to [N, C, 1, 1]. */
    public static Tensor globalAveragePool(Tensor x) {
        int nc = x.dim(0) * x.dim(1);
        int hw = x.dim(2) * x.dim(3);
        Tensor y = Tensor.zeros(x.dim(0), x.dim(1), 1, 1);
        for (int s = 0; s < nc; s++) {
            double acc = 0;
            for (int k = 0; k < hw; k++) {
                acc += x.data()[s * hw + k];
            }
            y.data()[s] = acc / hw;
        }
        return y;
    }

    /** Inference batch normalization over axis 1: scale (x - mean) / sqrt(var + eps) + bias. */
    public static Tensor batchNorm(Tensor x, Tensor scale, Tensor bias, Tensor mean, Tensor var, double eps) {
        int n = x.dim(0);
        int c = x.dim(1);
        int inner = x.size() / (n * c);
        double[] out = new double[x.size()];
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                double a = scale.data()[ch] / Math.sqrt(var.data()[ch] + eps);
                double b = bias.data()[ch] - a * mean.data()[ch];
                int o = (s * c + ch) * inner;
                for (int k = 0; k < inner; k++) {
                    out[o + k] = a * x.data()[o + k] + b;
                }
            }
        }
        return new Tensor(x.shape().clone(), out);
    }

    public static Tensor relu(Tensor x) {
        return map(x, v -> Math.max(0, v));
    }

    /** The elementwise function f of x (Sigmoid, Tanh, Sign: ONNX's definitions; Sign(0) = 0). */
    public static Tensor map(Tensor x, java.util.function.DoubleUnaryOperator f) {
        double[] out = new double[x.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = f.applyAsDouble(x.data()[k]);
        }
        return new Tensor(x.shape().clone(), out);
    }

    /** Elementwise sum with numpy broadcasting. */
    public static Tensor add(Tensor a, Tensor b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            int da = d - (rank - a.rank()) >= 0 ? a.dim(d - (rank - a.rank())) : 1;
            int db = d - (rank - b.rank()) >= 0 ? b.dim(d - (rank - b.rank())) : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("Add: shapes " + Arrays.toString(a.shape()) + " and "
                        + Arrays.toString(b.shape()) + " do not broadcast");
            }
            shape[d] = Math.max(da, db);
        }
        Tensor y = Tensor.zeros(shape);
        int[] idx = new int[rank];
        for (int k = 0; k < y.size(); k++) {
            int rem = k;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            y.data()[k] = a.data()[offset(a, idx, rank)] + b.data()[offset(b, idx, rank)];
        }
        return y;
    }

    private static int offset(Tensor t, int[] idx, int rank) {
        int o = 0;
        int shift = rank - t.rank();
        for (int d = 0; d < t.rank(); d++) {
            o = o * t.dim(d) + (t.dim(d) == 1 ? 0 : idx[d + shift]);
        }
        return o;
    }

    /** alpha A' B' + beta C for 2-D A and B (' = transposed when asked), C broadcast or null. */
    public static Tensor gemm(Tensor a, Tensor b, Tensor c, double alpha, double beta, boolean transA, boolean transB) {
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("Gemm: inner dimensions " + k + " and " + kb + " differ");
        }
        Tensor y = Tensor.zeros(m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a.data()[p * a.dim(1) + i] : a.data()[i * a.dim(1) + p];
                    double bv = transB ? b.data()[j * b.dim(1) + p] : b.data()[p * b.dim(1) + j];
                    acc += av * bv;
                }
                y.data()[i * n + j] = alpha * acc;
            }
        }
        if (c != null && beta != 0) {
            Tensor bc = add(y, new Tensor(c.shape(), MathArrays.scale(beta, c.data())));
            return bc;
        }
        return y;
    }

    /** [d0, ..., d(axis-1), ...] to [d0 * ... * d(axis-1), rest]. */
    public static Tensor flatten(Tensor x, int axis) {
        int a = axis < 0 ? axis + x.rank() : axis;
        int outer = 1;
        for (int d = 0; d < a; d++) {
            outer *= x.dim(d);
        }
        return x.reshape(outer, x.size() / Math.max(outer, 1));
    }

    /** Reshape to {@code target}: 0 keeps that input dimension, one -1 takes what is left. */
    public static Tensor reshape(Tensor x, double[] target) {
        int[] shape = new int[target.length];
        int free = -1;
        long known = 1;
        for (int d = 0; d < shape.length; d++) {
            long t = (long) target[d];
            if (t == -1) {
                free = d;
                continue;
            }
            shape[d] = t == 0 ? x.dim(d) : (int) t;
            known *= shape[d];
        }
        if (free >= 0) {
            shape[free] = (int) (x.size() / known);
        }
        return x.reshape(shape);
    }

    /**
     * ONNX Pad, constant mode: {@code pads} holds each axis's padding at its start, then each at
     * its end (non-negative), filled with {@code value}.
     */
    public static Tensor pad(Tensor x, double[] pads, double value) {
        int rank = x.rank();
        if (pads.length != 2 * rank) {
            throw new IllegalArgumentException("Pad: " + pads.length + " pads for a tensor of rank " + rank + " (need " + 2 * rank + ")");
        }
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (pads[d] < 0 || pads[rank + d] < 0) {
                throw new IllegalArgumentException("Pad: negative pads (cropping) are not supported: " + java.util.Arrays.toString(pads));
            }
            shape[d] = x.dim(d) + (int) pads[d] + (int) pads[rank + d];
        }
        Tensor out = Tensor.zeros(shape);
        java.util.Arrays.fill(out.data(), value);
        int[] idx = new int[rank];
        for (int k = 0; k < x.size(); k++) {
            int rem = k;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = rem % x.dim(d);
                rem /= x.dim(d);
            }
            int o = 0;
            for (int d = 0; d < rank; d++) {
                o = o * shape[d] + idx[d] + (int) pads[d];
            }
            out.data()[o] = x.data()[k];
        }
        return out;
    }

    /** Softmax along the last axis of a 2-D (or any) tensor. */
    public static Tensor softmax(Tensor x, int axis) {
        int a = axis < 0 ? axis + x.rank() : axis;
        int inner = 1;
        for (int d = a; d < x.rank(); d++) {
            inner *= x.dim(d);
        }
        if (a != x.rank() - 1) {
            throw new IllegalArgumentException("Softmax over axis " + axis + " of a rank-" + x.rank()
                    + " tensor is not supported (the last axis only)");
        }
        double[] out = new double[x.size()];
        for (int o = 0; o < x.size(); o += inner) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < inner; k++) {
                max = Math.max(max, x.data()[o + k]);
            }
            double sum = 0;
            for (int k = 0; k < inner; k++) {
                out[o + k] = Math.exp(x.data()[o + k] - max);
                sum += out[o + k];
            }
            for (int k = 0; k < inner; k++) {
                out[o + k] /= sum;
            }
        }
        return new Tensor(x.shape().clone(), out);
    }
}
