package org.xbarsim.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Reads an ONNX model (the file {@code torch.onnx.export} writes) into a {@link Network}, with
 * the protobuf classes generated from onnx.proto (org.tribuo:tribuo-util-onnx). Only the
 * operators and attributes the software forward pass and the crossbar driver implement are
 * accepted; anything else is one clear error naming the node, the operator and the attribute.
 */
public final class OnnxImport {
    /** Supported operators and the attributes each may carry. */
    static final Map<String, Set<String>> SUPPORTED = Map.ofEntries(
            Map.entry("Conv", Set.of("kernel_shape", "strides", "pads", "dilations", "group", "auto_pad")),
            Map.entry("Gemm", Set.of("alpha", "beta", "transA", "transB")),
            Map.entry("MatMul", Set.of()),
            Map.entry("Relu", Set.of()),
            Map.entry("Sigmoid", Set.of()),
            Map.entry("Tanh", Set.of()),
            Map.entry("Sign", Set.of()),
            Map.entry("MaxPool", Set.of("kernel_shape", "strides", "pads", "ceil_mode", "auto_pad", "dilations",
                    "storage_order")),
            Map.entry("AveragePool", Set.of("kernel_shape", "strides", "pads", "ceil_mode", "auto_pad",
                    "count_include_pad")),
            Map.entry("GlobalAveragePool", Set.of()),
            Map.entry("BatchNormalization", Set.of("epsilon", "momentum", "training_mode", "spatial")),
            Map.entry("Add", Set.of()),
            Map.entry("Flatten", Set.of("axis")),
            Map.entry("Reshape", Set.of("allowzero")),
            Map.entry("Pad", Set.of("mode")),
            Map.entry("Softmax", Set.of("axis")),
            Map.entry("Constant", Set.of("value")),
            Map.entry("Identity", Set.of()));

    private OnnxImport() {
    }

    /** Reads the model in {@code file}. */
    public static Network read(Path file) throws IOException {
        OnnxMl.ModelProto model;
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory, not an ONNX model");
        }
        try (InputStream in = Files.newInputStream(file)) {
            model = OnnxMl.ModelProto.parseFrom(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("ONNX model not found: " + file);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(file + ": not an ONNX model (" + e.getMessage() + ")");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new IllegalArgumentException(file + ": not an ONNX model (no graph with nodes)");
        }
        return convert(model.getGraph(), file.toString());
    }

    /** Converts a parsed graph; {@code where} names it in errors. */
    static Network convert(OnnxMl.GraphProto g, String where) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            weights.put(t.getName(), tensor(t, where));
        }
        List<String> inputs = new ArrayList<>();
        int[] inputShape = null;
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            if (!weights.containsKey(v.getName())) {
                inputs.add(v.getName());
                OnnxMl.TensorShapeProto s = v.getType().getTensorType().getShape();
                inputShape = new int[s.getDimCount()];
                for (int d = 0; d < inputShape.length; d++) {
                    inputShape[d] = s.getDim(d).hasDimValue() ? (int) s.getDim(d).getDimValue() : -1;
                }
            }
        }
        if (inputs.size() != 1 || g.getOutputCount() != 1) {
            throw new IllegalArgumentException(where + ": the network must have one input and one output; it has "
                    + inputs + " and " + g.getOutputCount() + " outputs");
        }
        List<Network.Node> nodes = new ArrayList<>();
        Set<String> known = new HashSet<>(weights.keySet());
        known.add(inputs.get(0));
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            String name = n.getName().isEmpty() ? (n.getOutputCount() > 0 ? n.getOutput(0) : n.getOpType()) : n.getName();
            Set<String> allowed = SUPPORTED.get(n.getOpType());
            if (allowed == null) {
                throw new IllegalArgumentException(where + ": node '" + name + "': ONNX operator " + n.getOpType()
                        + " is not supported (supported: " + String.join(", ", new TreeSet<>(SUPPORTED.keySet())) + ")");
            }
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                throw new IllegalArgumentException(where + ": node '" + name + "': operator domain '" + n.getDomain()
                        + "' is not supported (only the default ONNX domain)");
            }
            Map<String, Object> attrs = new LinkedHashMap<>();
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                if (!allowed.contains(a.getName())) {
                    throw new IllegalArgumentException(where + ": node '" + name + "': " + n.getOpType() + " attribute "
                            + a.getName() + " is not supported (" + (allowed.isEmpty() ? n.getOpType() + " takes none"
                            : "supported: " + String.join(", ", new TreeSet<>(allowed))) + ")");
                }
                attrs.put(a.getName(), attribute(a, where, name));
            }
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !known.contains(in)) {
                    throw new IllegalArgumentException(where + ": node '" + name + "' reads '" + in
                            + "', which no earlier node or initializer defines");
                }
            }
            Network.Node node = new Network.Node(name, n.getOpType(), List.copyOf(n.getInputList()),
                    List.copyOf(n.getOutputList()), attrs);
            Ops.check(node, where);
            known.addAll(n.getOutputList());
            nodes.add(node);
        }
        String output = g.getOutput(0).getName();
        if (!known.contains(output)) {
            throw new IllegalArgumentException(where + ": no node writes the output '" + output + "'");
        }
        return new Network(inputs.get(0), inputShape, output, List.copyOf(nodes), weights);
    }

    private static Object attribute(OnnxMl.AttributeProto a, String where, String node) {
        switch (a.getType()) {
            case INT:
                return a.getI();
            case FLOAT:
                return (double) a.getF();
            case INTS:
                return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            case FLOATS: {
                double[] f = new double[a.getFloatsCount()];
                for (int k = 0; k < f.length; k++) {
                    f[k] = a.getFloats(k);
                }
                return f;
            }
            case STRING:
                return a.getS().toStringUtf8();
            case TENSOR:
                return tensor(a.getT(), where);
            default:
                throw new IllegalArgumentException(where + ": node '" + node + "': attribute " + a.getName() + " of type "
                        + a.getType() + " is not supported");
        }
    }

    /** A tensor of float, double, int32 or int64 values, from its typed fields or raw little-endian bytes. */
    static Tensor tensor(OnnxMl.TensorProto t, String where) {
        int[] shape = new int[t.getDimsCount()];
        long size = 1;
        for (int d = 0; d < shape.length; d++) {
            shape[d] = Math.toIntExact(t.getDims(d));
            size *= shape[d];
        }
        double[] data = new double[Math.toIntExact(size)];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = raw.remaining() > 0;
        OnnxMl.TensorProto.DataType type = OnnxMl.TensorProto.DataType.forNumber(t.getDataType());
        if (type == null) {
            type = OnnxMl.TensorProto.DataType.UNDEFINED;
        }
        for (int k = 0; k < data.length; k++) {
            switch (type) {
                case FLOAT:
                    data[k] = hasRaw ? raw.getFloat(4 * k) : t.getFloatData(k);
                    break;
                case DOUBLE:
                    data[k] = hasRaw ? raw.getDouble(8 * k) : t.getDoubleData(k);
                    break;
                case INT64:
                    data[k] = hasRaw ? raw.getLong(8 * k) : t.getInt64Data(k);
                    break;
                case INT32:
                    data[k] = hasRaw ? raw.getInt(4 * k) : t.getInt32Data(k);
                    break;
                default:
                    throw new IllegalArgumentException(where + ": tensor '" + t.getName() + "' has data type " + type
                            + "; supported: FLOAT, DOUBLE, INT32, INT64");
            }
        }
        return new Tensor(shape, data);
    }
}
