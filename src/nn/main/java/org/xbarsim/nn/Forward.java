package org.xbarsim.nn;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/** The software forward pass of a {@link Network}: the ideal outputs, in double precision. */
public final class Forward {
    private Forward() {
    }

    /** The network's output for {@code input}. */
    public static Tensor run(Network net, Tensor input) {
        return run(net, input, null);
    }

    /**
     * The network's output for {@code input}; {@code each} (when not null) hears every node with
     * its first output, in order.
     */
    public static Tensor run(Network net, Tensor input, BiConsumer<Network.Node, Tensor> each) {
        return run(net, input, each, null);
    }

    /**
     * As {@link #run(Network, Tensor, BiConsumer)}, with {@code override} (when not null) asked
     * first for each node's output from the values so far; where it answers null the node is
     * computed here.
     */
    public static Tensor run(Network net, Tensor input, BiConsumer<Network.Node, Tensor> each,
                             BiFunction<Network.Node, Map<String, Tensor>, Tensor> override) {
        Map<String, Tensor> values = new HashMap<>(net.weights());
        values.put(net.input(), input);
        for (Network.Node n : net.nodes()) {
            Tensor y = override == null ? null : override.apply(n, values);
            if (y == null) {
                y = apply(n, values);
            }
            values.put(n.outputs().get(0), y);
            if (each != null) {
                each.accept(n, y);
            }
        }
        return values.get(net.output());
    }

    /** Input k of node n among the values so far, or null when the node omits it. */
    static Tensor in(Network.Node n, Map<String, Tensor> values, int k) {
        if (k >= n.inputs().size() || n.inputs().get(k).isEmpty()) {
            return null;
        }
        return values.get(n.inputs().get(k));
    }

    /** One node on the values computed so far. */
    static Tensor apply(Network.Node n, Map<String, Tensor> v) {
        switch (n.op()) {
            case "Conv":
                return Ops.conv(in(n, v, 0), in(n, v, 1), in(n, v, 2), Ops.pair(n, "strides", 1), Ops.pads(n));
            case "MaxPool":
            case "AveragePool":
                return Ops.pool(in(n, v, 0), Ops.pair(n, "kernel_shape", 1), Ops.pair(n, "strides", 1), Ops.pads(n),
                        n.op().equals("AveragePool"), n.i("count_include_pad", 0) != 0);
            case "GlobalAveragePool":
                return Ops.globalAveragePool(in(n, v, 0));
            case "BatchNormalization":
                return Ops.batchNorm(in(n, v, 0), in(n, v, 1), in(n, v, 2), in(n, v, 3), in(n, v, 4), n.f("epsilon", 1e-5));
            case "Relu":
                return Ops.relu(in(n, v, 0));
            case "Sigmoid":
                return Ops.map(in(n, v, 0), x -> 1 / (1 + Math.exp(-x)));
            case "Tanh":
                return Ops.map(in(n, v, 0), Math::tanh);
            case "Sign":
                return Ops.map(in(n, v, 0), Math::signum);
            case InputBinarization.OP: {
                double t = n.f("threshold", 0);
                return Ops.map(in(n, v, 0), x -> x > t ? 1 : 0);
            }
            case "Add":
                return Ops.add(in(n, v, 0), in(n, v, 1));
            case "Gemm":
                return Ops.gemm(in(n, v, 0), in(n, v, 1), in(n, v, 2), n.f("alpha", 1), n.f("beta", 1), n.i("transA", 0) != 0,
                        n.i("transB", 0) != 0);
            case "MatMul":
                return Ops.gemm(in(n, v, 0), in(n, v, 1), null, 1, 0, false, false);
            case "Flatten":
                return Ops.flatten(in(n, v, 0), (int) n.i("axis", 1));
            case "Pad": {
                String mode = n.s("mode", "constant");
                if (!mode.equals("constant")) {
                    throw new IllegalArgumentException("node '" + n.name() + "': Pad mode " + mode + " is not supported (constant only)");
                }
                Tensor value = in(n, v, 2);
                return Ops.pad(in(n, v, 0), in(n, v, 1).data(), value == null ? 0 : value.data()[0]);
            }
            case "Reshape":
                return Ops.reshape(in(n, v, 0), in(n, v, 1).data());
            case "Softmax":
                return Ops.softmax(in(n, v, 0), (int) n.i("axis", -1));
            case "Constant":
                return (Tensor) n.attributes().get("value");
            case "Identity":
                return in(n, v, 0);
            default:
                throw new IllegalStateException("operator " + n.op() + " passed the import but has no implementation");
        }
    }
}
