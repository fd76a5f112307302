package org.xbarsim.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX import of small handmade models with outputs computed by hand, and the errors for bad ones. */
class OnnxImportTest {
    @TempDir
    Path dir;

    static OnnxMl.TensorProto tensor(String name, long[] dims, float... values) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    static OnnxMl.ValueInfoProto value(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    static OnnxMl.NodeProto node(String op, List<String> in, String out, OnnxMl.AttributeProto... attrs) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(op.toLowerCase()).addOutput(out);
        in.forEach(n::addInput);
        for (OnnxMl.AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        return n.build();
    }

    static OnnxMl.AttributeProto ints(String name, long... v) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    static OnnxMl.AttributeProto integer(String name, long v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(v)
                .build();
    }

    /** x [1,1,3,3] -> Conv 2x2 (one output channel, bias) -> Relu -> Flatten -> Gemm (transB) -> y [1,2]. */
    static OnnxMl.ModelProto.Builder small() {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("small")
                .addInput(value("x", 1, 1, 3, 3)).addOutput(value("y", 1, 2))
                .addInitializer(tensor("w", new long[] {1, 1, 2, 2}, 1, -1, 2, 0))
                .addInitializer(tensor("b", new long[] {1}, -1))
                .addInitializer(tensor("fc", new long[] {2, 4}, 1, 0, 0, 1, 0.5f, 0.5f, 0.5f, 0.5f))
                .addInitializer(tensor("fcb", new long[] {2}, 0, 10))
                .addNode(node("Conv", List.of("x", "w", "b"), "c", ints("kernel_shape", 2, 2)))
                .addNode(node("Relu", List.of("c"), "r"))
                .addNode(node("Flatten", List.of("r"), "f"))
                .addNode(node("Gemm", List.of("f", "fc", "fcb"), "y", integer("transB", 1)));
        return OnnxMl.ModelProto.newBuilder().setIrVersion(7).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13));
    }

    private Path save(OnnxMl.ModelProto m) throws IOException {
        Path f = dir.resolve("m.onnx");
        Files.write(f, m.toByteArray());
        return f;
    }

    @Test
    void handmadeModelGivesItsHandComputedOutputs() throws IOException {
        Network net = OnnxImport.read(save(small().build()));
        assertEquals("x", net.input());
        assertEquals(4, net.nodes().size());
        // x = 1..9 row-major; conv with [[1,-1],[2,0]] + (-1): windows give 1-2+8-1=6, 2-3+10-1=8, 4-5+14-1=12, 5-6+16-1=14
        Tensor x = new Tensor(new int[] {1, 1, 3, 3}, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Tensor y = Forward.run(net, x);
        assertEquals(List.of(1, 2), List.of(y.dim(0), y.dim(1)));
        assertEquals(6 + 14, y.data()[0], 1e-12, "fc row 0 picks r0 + r3");
        assertEquals(0.5 * (6 + 8 + 12 + 14) + 10, y.data()[1], 1e-12);
    }

    @Test
    void unsupportedOperatorsAttributesAndFilesAreNamed() throws IOException {
        OnnxMl.ModelProto.Builder m = small();
        m.getGraphBuilder().setNode(1, node("LSTM", List.of("c"), "r"));
        Path f = save(m.build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxImport.read(f));
        assertEquals(f + ": node 'lstm': ONNX operator LSTM is not supported (supported: Add, AveragePool, "
                + "BatchNormalization, Constant, Conv, Flatten, Gemm, GlobalAveragePool, Identity, MatMul, MaxPool, "
                + "Pad, Relu, Reshape, Sigmoid, Sign, Softmax, Tanh)", e.getMessage());
        m = small();
        m.getGraphBuilder().setNode(0, node("Conv", List.of("x", "w", "b"), "c", ints("kernel_shape", 2, 2),
                integer("group", 2)));
        Path g = save(m.build());
        e = assertThrows(IllegalArgumentException.class, () -> OnnxImport.read(g));
        assertEquals(g + ": node 'conv': Conv group=2 is not supported (1 only)", e.getMessage());
        m = small();
        m.getGraphBuilder().setNode(1, node("Relu", List.of("c"), "r", integer("alpha", 1)));
        Path h = save(m.build());
        e = assertThrows(IllegalArgumentException.class, () -> OnnxImport.read(h));
        assertEquals(h + ": node 'relu': Relu attribute alpha is not supported (Relu takes none)", e.getMessage());
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[] {(byte) 0xff, 0x13, 0x07});
        e = assertThrows(IllegalArgumentException.class, () -> OnnxImport.read(junk));
        assertEquals(true, e.getMessage().startsWith(junk + ": not an ONNX model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OnnxImport.read(dir.resolve("none.onnx")));
        assertEquals("ONNX model not found: " + dir.resolve("none.onnx"), e.getMessage());
    }
}
