package org.xbarsim.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

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
