package org.xbarsim.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.onnx.proto.OnnxMl;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our software forward pass against ONNX Runtime (an independent implementation, float32) on the
 * committed example models (the Table 4 MNIST CNN, the ResNet-20-style Fashion-MNIST network) and
 * the committed test images: every output within 1e-5 relative to the largest output magnitude
 * of the image, and the same predicted class.
 */
class OnnxRuntimeAgreementTest {
    static final double REL = 1e-5;

    /**
     * Sigmoid, Tanh and Sign against ONNX Runtime: x [1,6] -> Gemm -> each activation -> Gemm ->
     * [1,3] per activation, on 200 random inputs; a Sign input of exactly 0 included (ONNX: 0).
     */
    @ParameterizedTest
    @CsvSource({"Sigmoid", "Tanh", "Sign"})
    void activationsAgreeWithOnnxRuntime(String op) throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        float[] w1 = new float[4 * 6];
        float[] w2 = new float[3 * 4];
        for (int k = 0; k < w1.length; k++) {
            w1[k] = (float) rnd.nextDouble(-1, 1);
        }
        for (int k = 0; k < w2.length; k++) {
            w2[k] = (float) rnd.nextDouble(-1, 1);
        }
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("act")
                .addInput(OnnxImportTest.value("x", 1, 6)).addOutput(OnnxImportTest.value("y", 1, 3))
                .addInitializer(OnnxImportTest.tensor("w1", new long[] {4, 6}, w1))
                .addInitializer(OnnxImportTest.tensor("w2", new long[] {3, 4}, w2))
                .addNode(OnnxImportTest.node("Gemm", List.of("x", "w1"), "h", OnnxImportTest.integer("transB", 1)).toBuilder().setName("g1"))
                .addNode(OnnxImportTest.node(op, List.of("h"), "a"))
                .addNode(OnnxImportTest.node("Gemm", List.of("a", "w2"), "y", OnnxImportTest.integer("transB", 1)).toBuilder().setName("g2"));
        byte[] bytes = OnnxMl.ModelProto.newBuilder().setIrVersion(7).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).build().toByteArray();
        Network net = OnnxImport.convert(g.build(), op);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions())) {
            for (int k = 0; k < 200; k++) {
                float[] f = new float[6];
                for (int p = 0; p < 6; p++) {
                    f[p] = k == 0 ? 0f : (float) rnd.nextDouble(-3, 3);
                }
                float[] ref;
                try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(f), new long[] {1, 6});
                     OrtSession.Result r = session.run(Map.of("x", in))) {
                    ref = ((float[][]) r.get(0).getValue())[0];
                }
                double[] x = new double[6];
                for (int p = 0; p < 6; p++) {
                    x[p] = f[p];
                }
                Tensor y = Forward.run(net, new Tensor(new int[] {1, 6}, x));
                for (int j = 0; j < 3; j++) {
                    assertEquals(ref[j], y.data()[j], REL * Math.max(1, Math.abs(ref[j])), op + " input " + k + " output " + j);
                }
            }
        }
    }

    /** Pad (constant mode, uneven pads, a fill value) before a convolution, against ONNX Runtime. */
    @org.junit.jupiter.api.Test
    void padAgreesWithOnnxRuntime() throws Exception {
        SplittableRandom rnd = new SplittableRandom(9);
        float[] w = new float[3 * 2 * 2 * 2];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) rnd.nextDouble(-1, 1);
        }
        OnnxMl.TensorProto.Builder pads = OnnxMl.TensorProto.newBuilder().setName("pads")
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(8);
        for (long p : new long[] {0, 0, 1, 2, 0, 0, 2, 1}) {
            pads.addInt64Data(p);
        }
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("pad")
                .addInput(OnnxImportTest.value("x", 1, 2, 3, 3)).addOutput(OnnxImportTest.value("y", 1, 3, 5, 5))
                .addInitializer(pads.build())
                .addInitializer(OnnxImportTest.tensor("fill", new long[] {}, 0.5f))
                .addInitializer(OnnxImportTest.tensor("w", new long[] {3, 2, 2, 2}, w))
                .addNode(OnnxImportTest.node("Pad", List.of("x", "pads", "fill"), "p"))
                .addNode(OnnxImportTest.node("Conv", List.of("p", "w"), "y", OnnxImportTest.ints("kernel_shape", 2, 2)));
        byte[] bytes = OnnxMl.ModelProto.newBuilder().setIrVersion(7).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).build().toByteArray();
        Network net = OnnxImport.convert(g.build(), "pad");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions())) {
            float[] f = new float[18];
            double[] x = new double[18];
            for (int p = 0; p < 18; p++) {
                f[p] = (float) rnd.nextDouble(-2, 2);
                x[p] = f[p];
            }
            float[] ref;
            try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(f), new long[] {1, 2, 3, 3});
                 OrtSession.Result r = session.run(Map.of("x", in))) {
                float[][][][] y = (float[][][][]) r.get(0).getValue();
                ref = new float[3 * 5 * 5];
                int k = 0;
                for (float[][] c : y[0]) {
                    for (float[] row : c) {
                        for (float v : row) {
                            ref[k++] = v;
                        }
                    }
                }
            }
            Tensor y = Forward.run(net, new Tensor(new int[] {1, 2, 3, 3}, x));
            assertEquals(ref.length, y.size());
            for (int j = 0; j < ref.length; j++) {
                assertEquals(ref[j], y.data()[j], REL * Math.max(1, Math.abs(ref[j])), "output " + j);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"mnist_cnn.onnx, mnist10k/mnist10k-images-idx3-ubyte.gz, 8000",
        "fashion_resnet20.onnx, fashion-mnist/t10k-images-idx3-ubyte.gz, 0"})
    void exampleNetworksAgreeWithOnnxRuntime(String file, String data, int first) throws Exception {
        Path model = Path.of("benchmarks/models", file);
        Network net = OnnxImport.read(model);
        Idx.Images images = Idx.readImages(Path.of("benchmarks/data", data));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
            for (int k = first; k < first + 30; k++) {
                double[] px = images.scaled(k);
                float[] f = new float[px.length];
                for (int p = 0; p < px.length; p++) {
                    f[p] = (float) px[p];
                }
                float[] ref;
                try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(f), new long[] {1, 1, 28, 28});
                     OrtSession.Result r = session.run(Map.of(net.input(), in))) {
                    ref = ((float[][]) r.get(0).getValue())[0];
                }
                // the same float32 inputs: the double pass starts from exactly what ONNX Runtime sees
                double[] x = new double[f.length];
                for (int p = 0; p < f.length; p++) {
                    x[p] = f[p];
                }
                Tensor y = Forward.run(net, new Tensor(new int[] {1, 1, 28, 28}, x));
                double scale = 0;
                int best = 0;
                int bestRef = 0;
                for (int j = 0; j < ref.length; j++) {
                    scale = Math.max(scale, Math.abs(ref[j]));
                    best = y.data()[j] > y.data()[best] ? j : best;
                    bestRef = ref[j] > ref[bestRef] ? j : bestRef;
                }
                for (int j = 0; j < ref.length; j++) {
                    assertEquals(ref[j], y.data()[j], REL * scale, "image " + k + " logit " + j);
                }
                assertEquals(bestRef, best, "image " + k + ": predicted class");
            }
        }
    }
}
