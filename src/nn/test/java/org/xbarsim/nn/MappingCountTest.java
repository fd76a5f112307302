package org.xbarsim.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Dense against sparse mapping counted on the committed ResNet-20-style model (28x28 inputs),
 * each figure against its closed form: output positions per layer, the Toeplitz matrix's size,
 * one ADC per 128 sparse columns, and the taps of each window that fall on the input.
 */
class MappingCountTest {
    @Test
    void resnet20CountsMatchTheirClosedForms() throws IOException {
        Network net = OnnxImport.read(Path.of("benchmarks/models/fashion_resnet20.onnx"));
        List<MappingCount.Layer> layers = MappingCount.of(net, 1024, 1024);
        assertEquals(22, layers.size());
        // stages of 28x28, 14x14 and 7x7 outputs: the stem and six convolutions, then six and a shortcut twice, the Gemm
        assertEquals(7 * 784 + 7 * 196 + 7 * 49 + 1, MappingCount.iterations(layers));
        MappingCount.Layer stem = layers.get(0);
        assertEquals(9, stem.denseRows());
        assertEquals(16, stem.denseCols());
        assertEquals(1, stem.arrays());
        assertEquals(784, stem.sparseRows()); // 1 channel x 28 x 28
        assertEquals(16 * 784, stem.sparseCols());
        assertEquals(98, stem.sparseAdcs()); // 12,544 / 128
        // a 3x3 window with one pixel of padding meets the 28x28 input at (3 * 28 - 2)^2 taps over all positions
        assertEquals(82L * 82 * 16, stem.sparseUsed());
        MappingCount.Layer last = layers.get(20);
        assertEquals(576, last.denseRows());
        assertEquals(64, last.denseCols());
        assertEquals(49, last.iterations());
        // the same array in 512x32 pieces: 2 x 2
        assertEquals(4, MappingCount.of(net, 512, 32).get(20).arrays());
    }

    /** The stem's input sparsity is the images' fraction of zero pixels; every layer's lies in [0, 1]. */
    @Test
    void inputSparsityOfTheStemIsTheZeroPixels() throws IOException {
        Network net = OnnxImport.read(Path.of("benchmarks/models/fashion_resnet20.onnx"));
        Path file = Path.of("benchmarks/data/fashion-mnist/t10k-images-idx3-ubyte.gz");
        Idx.Images idx = Idx.readImages(file);
        double zeros = 0;
        for (int k = 0; k < 20; k++) {
            for (double v : idx.scaled(k)) {
                zeros += v == 0 ? 1 : 0;
            }
        }
        double[] s = MappingCount.inputSparsity(net, Inference.tensors(net, Path.of("m.onnx"), file, 0, 20));
        assertEquals(22, s.length);
        assertEquals(zeros / (20.0 * idx.rows() * idx.cols()), s[0], 1e-15);
        for (double v : s) {
            org.junit.jupiter.api.Assertions.assertTrue(v >= 0 && v <= 1, "sparsity " + v);
        }
    }
}
