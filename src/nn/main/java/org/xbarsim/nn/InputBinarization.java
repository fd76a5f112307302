package org.xbarsim.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Paper 000 section IV: a dense layer's inputs binarized (1 above a threshold, 0 below), the
 * threshold taken from an exponential fitted to the layer's non-zero inputs, f(x) = exp(-(x - x0)
 * / beta) / beta for x &gt;= x0 (its Eq. 7; the paper finds beta = 6.3375, x0 = 3.28e-4 on its
 * MNIST CNN): the fitted mean x0 + beta, or the third quartile x0 + beta ln 4.
 */
public final class InputBinarization {
    /** The operator that binarizes (internal to XbarSim; not read from ONNX files). */
    public static final String OP = "XbarsimBinarize";

    private InputBinarization() {
    }

    /** Which point of the fitted distribution is the threshold. */
    public enum Threshold {
        MEAN, Q3;

        public static final List<String> NAMES = List.of("none", "mean", "q3");

        /** mean or q3 (none: null). */
        public static Threshold parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "none" -> null;
                case "mean" -> MEAN;
                case "q3" -> Q3;
                default -> throw new IllegalArgumentException("binarize '" + name + "': one of " + NAMES);
            };
        }
    }

    /**
     * The maximum-likelihood exponential of the non-zero inputs: x0 their least value, beta their
     * mean minus x0.
     *
     * @param values the non-zero inputs seen
     * @param zeros  the inputs that were 0 (left out of the fit, as in the paper)
     */
    public record Fit(double beta, double x0, long values, long zeros) {
        /** The threshold: the fitted mean or third quartile. */
        public double threshold(Threshold t) {
            return t == Threshold.MEAN ? x0 + beta : x0 + beta * Math.log(4);
        }

        /** The fitted density at x. */
        public double density(double x) {
            return x < x0 ? 0 : Math.exp(-(x - x0) / beta) / beta;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "beta %.4g, x0 %.3g (%d non-zero inputs, %d zeros left out)", beta, x0, values, zeros);
        }
    }

    /** The first dense (Gemm or MatMul) array layer of the network. */
    public static String firstDense(Network net) {
        for (Network.Node n : net.nodes()) {
            if (Inference.onArrays(n) && !n.op().equals("Conv")) {
                return n.name();
            }
        }
        throw new IllegalArgumentException("the model has no dense (Gemm or MatMul) layer to binarize the inputs of");
    }

    /** The inputs of {@code layer} over the images, from the software pass. */
    public static double[] inputs(Network net, String layer, List<Tensor> images) {
        Network.Node node = node(net, layer);
        String in = node.inputs().get(0);
        List<double[]> seen = new ArrayList<>();
        int total = 0;
        for (Tensor x : images) {
            Map<String, Tensor> values = new HashMap<>();
            Forward.run(net, x, (n, y) -> {
                if (n.outputs().get(0).equals(in)) {
                    values.put(in, y);
                }
            });
            Tensor t = in.equals(net.input()) ? x : values.get(in);
            seen.add(t.data());
            total += t.size();
        }
        double[] out = new double[total];
        int k = 0;
        for (double[] d : seen) {
            System.arraycopy(d, 0, out, k, d.length);
            k += d.length;
        }
        return out;
    }

    /** The exponential fit of the non-zero values. */
    public static Fit fit(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        long n = 0;
        long zeros = 0;
        for (double v : values) {
            if (v == 0) {
                zeros++;
                continue;
            }
            min = Math.min(min, v);
            sum += v;
            n++;
        }
        if (n < 2) {
            throw new IllegalArgumentException(n + " non-zero inputs: at least 2 to fit an exponential");
        }
        if (min < 0) {
            throw new IllegalArgumentException("an input of the layer is " + min + ": the exponential fit takes non-negative "
                    + "inputs (after a ReLU)");
        }
        return new Fit(sum / n - min, min, n, zeros);
    }

    /** The network with {@code layer}'s input replaced by 1 where it exceeds the threshold, 0 elsewhere. */
    public static Network apply(Network net, String layer, double threshold) {
        Network.Node target = node(net, layer);
        String in = target.inputs().get(0);
        String out = in + "/binarized";
        List<Network.Node> nodes = new ArrayList<>();
        for (Network.Node n : net.nodes()) {
            if (n == target) {
                nodes.add(new Network.Node(layer + "/binarize", OP, List.of(in), List.of(out), Map.of("threshold", threshold)));
                List<String> inputs = new ArrayList<>(n.inputs());
                inputs.set(0, out);
                nodes.add(new Network.Node(n.name(), n.op(), List.copyOf(inputs), n.outputs(), n.attributes()));
            } else {
                nodes.add(n);
            }
        }
        return new Network(net.input(), net.inputShape(), net.output(), List.copyOf(nodes), net.weights());
    }

    private static Network.Node node(Network net, String layer) {
        for (Network.Node n : net.nodes()) {
            if (n.name().equals(layer)) {
                return n;
            }
        }
        throw new IllegalArgumentException("layer '" + layer + "' is not in the model; its array layers: "
                + Inference.arrayLayers(net));
    }
}
