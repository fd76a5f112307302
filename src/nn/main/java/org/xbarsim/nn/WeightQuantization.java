package org.xbarsim.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.xbarsim.mapping.Quantizer;

/**
 * Post-training quantization of the weights that go on arrays (the Conv, Gemm and MatMul
 * weights; biases stay digital) to a finite number of levels: a layer's conductance levels once
 * mapped (paper 001 section V; paper 003 section 3.1). One quantizer per layer, or one over the
 * weights of every array layer together (paper 001 Table 2 compares both).
 */
public final class WeightQuantization {
    /** Where a quantizer is fit. */
    public enum Scope {
        LAYER, GLOBAL;

        /** layer or global; anything else is named with the choices. */
        public static Scope parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "layer" -> LAYER;
                case "global" -> GLOBAL;
                default -> throw new IllegalArgumentException("scope '" + name + "': layer or global");
            };
        }
    }

    /**
     * A network with its array weights quantized.
     *
     * @param net        the network with the quantized weights
     * @param quantizers each array layer's quantizer, by node name (the same one for every layer
     *                   with global scope)
     * @param mse        each array layer's mean squared quantization error, by node name
     */
    public record Quantized(Network net, Map<String, Quantizer> quantizers, Map<String, Double> mse) {
    }

    private WeightQuantization() {
    }

    /**
     * Quantizes the array weights of {@code net} to {@code levels} levels.
     *
     * @param levels at least 2
     */
    public static Quantized apply(Network net, Quantizer.Kind kind, int levels, Scope scope) {
        return apply(net, kind, levels, scope, java.util.Set.of());
    }

    /**
     * Quantizes the array weights of the layers named in {@code only} (every array layer when it
     * is empty), the others kept as trained: paper 001 Table 2 quantizes one layer at a time.
     */
    public static Quantized apply(Network net, Quantizer.Kind kind, int levels, Scope scope, java.util.Set<String> only) {
        if (levels < 2) {
            throw new IllegalArgumentException("levels " + levels + ": at least 2");
        }
        Map<String, String> weightOf = new LinkedHashMap<>(); // node name -> weight name
        for (Network.Node n : net.nodes()) {
            if (Inference.onArrays(n) && n.inputs().size() > 1 && net.weights().containsKey(n.inputs().get(1))
                    && (only.isEmpty() || only.contains(n.name()))) {
                weightOf.put(n.name(), n.inputs().get(1));
            }
        }
        if (!only.isEmpty() && weightOf.size() != only.size()) {
            java.util.Set<String> missing = new java.util.TreeSet<>(only);
            missing.removeAll(weightOf.keySet());
            throw new IllegalArgumentException("layers to quantize " + missing + ": not array layers of the network; its array "
                    + "layers: " + Inference.arrayLayers(net));
        }
        Map<String, Quantizer> quantizers = new LinkedHashMap<>();
        if (scope == Scope.GLOBAL) {
            List<double[]> all = new ArrayList<>();
            int total = 0;
            for (String w : weightOf.values()) {
                double[] d = net.weights().get(w).data();
                all.add(d);
                total += d.length;
            }
            double[] joined = new double[total];
            int at = 0;
            for (double[] d : all) {
                System.arraycopy(d, 0, joined, at, d.length);
                at += d.length;
            }
            Quantizer q = Quantizer.of(kind, joined, levels);
            weightOf.keySet().forEach(n -> quantizers.put(n, q));
        } else {
            weightOf.forEach((n, w) -> quantizers.put(n, Quantizer.of(kind, net.weights().get(w).data(), levels)));
        }
        Map<String, Tensor> weights = new HashMap<>(net.weights());
        Map<String, Double> mse = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : weightOf.entrySet()) {
            Tensor t = net.weights().get(e.getValue());
            Quantizer q = quantizers.get(e.getKey());
            double[] d = new double[t.size()];
            for (int k = 0; k < d.length; k++) {
                d[k] = q.apply(t.data()[k]);
            }
            weights.put(e.getValue(), new Tensor(t.shape(), d));
            mse.put(e.getKey(), q.mse(t.data()));
        }
        Network out = new Network(net.input(), net.inputShape(), net.output(), net.nodes(), Map.copyOf(weights));
        return new Quantized(out, quantizers, mse);
    }
}
