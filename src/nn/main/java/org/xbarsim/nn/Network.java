package org.xbarsim.nn;

import java.util.List;
import java.util.Map;

/**
 * A feed-forward network as read from ONNX: its nodes in execution order, its weights
 * (initializers) by name, one input and one output.
 *
 * @param input      the input's name
 * @param inputShape the input's shape (a dimension not fixed in the file, such as the batch, is -1)
 * @param output     the output's name
 * @param nodes      the nodes, each after the nodes whose outputs it reads
 * @param weights    the initializers (and constants) by name
 */
public record Network(String input, int[] inputShape, String output, List<Node> nodes, Map<String, Tensor> weights) {

    /**
     * One operator application.
     *
     * @param name       the node's name (or its first output's when it has none)
     * @param op         the ONNX operator type, e.g. Conv
     * @param inputs     the names of the values it reads ("" for an omitted optional input)
     * @param outputs    the names of the values it writes
     * @param attributes its attributes: Long, Double, long[], double[], String or Tensor values
     */
    public record Node(String name, String op, List<String> inputs, List<String> outputs, Map<String, Object> attributes) {
        /** An integer attribute, or {@code dflt} when absent. */
        public long i(String key, long dflt) {
            Object v = attributes.get(key);
            return v == null ? dflt : (Long) v;
        }

        /** A float attribute, or {@code dflt} when absent. */
        public double f(String key, double dflt) {
            Object v = attributes.get(key);
            return v == null ? dflt : (Double) v;
        }

        /** An integer-list attribute, or {@code dflt} when absent. */
        public long[] ints(String key, long[] dflt) {
            Object v = attributes.get(key);
            return v == null ? dflt : (long[]) v;
        }

        /** A string attribute, or {@code dflt} when absent. */
        public String s(String key, String dflt) {
            Object v = attributes.get(key);
            return v == null ? dflt : (String) v;
        }
    }
}
