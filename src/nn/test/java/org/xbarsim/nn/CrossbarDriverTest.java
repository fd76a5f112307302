package org.xbarsim.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The layer driver on ideal arrays reproduces the software forward pass; tiling gives the result
 * of one big array; dense mapping is convolution.
 */
class CrossbarDriverTest {
    /** Ideal arrays against the software pass, relative to each tensor's largest magnitude. */
    static final double REL = 1e-9;

    static Tensor random(SplittableRandom rnd, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int k = 0; k < t.size(); k++) {
            t.data()[k] = rnd.nextDouble() * 2 - 1;
        }
        return t;
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        assertClose(expected, actual, REL, what);
    }

    /** Every value of {@code actual} within {@code rel} times the largest |expected| of its counterpart. */
    static void assertClose(Tensor expected, Tensor actual, double rel, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double scale = 0;
        for (double v : expected.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(expected.data()[k], actual.data()[k], rel * scale, what + " value " + k);
        }
    }

    @Test
    void denseMappingIsConvolution() {
        SplittableRandom rnd = new SplittableRandom(1);
        Tensor x = random(rnd, 1, 3, 7, 6);
        Tensor w = random(rnd, 4, 3, 3, 2);
        int[] strides = {2, 1};
        int[] pads = {1, 0, 1, 1};
        Tensor ref = Ops.conv(x, w, null, strides, pads);
        double[][] win = DenseMapping.windows(x, 0, 3, 2, strides, pads);
        double[][] a = DenseMapping.kernelMatrix(w);
        int hw = ref.dim(2) * ref.dim(3);
        assertEquals(hw, win.length);
        for (int p = 0; p < hw; p++) {
            for (int o = 0; o < 4; o++) {
                double s = 0;
                for (int r = 0; r < a.length; r++) {
                    s += win[p][r] * a[r][o];
                }
                assertEquals(ref.data()[o * hw + p], s, 1e-12);
            }
        }
    }

    @Test
    void idealArraysReproduceTheSoftwarePassAndTilingChangesNothing() throws IOException {
        Network net = OnnxImport.read(Path.of("benchmarks/models/mnist_cnn.onnx"));
        Idx.Images images = Idx.readImages(Path.of("benchmarks/data/mnist10k/mnist10k-images-idx3-ubyte.gz"));
        CrossbarDriver whole = new CrossbarDriver(net, 1000, 1000, CrossbarDriver.ideal(1 / 300e3, 1 / 15e3, 0.4, 1));
        // conv3 (800 x 500) becomes 4 x 4 tiles, conv2 (500 x 50) 3 x 1, conv4 (500 x 10) 3 x 1
        CrossbarDriver tiled = new CrossbarDriver(net, 256, 128, CrossbarDriver.ideal(1 / 300e3, 1 / 15e3, 0.4, 1));
        for (int k = 8000; k < 8003; k++) {
            Tensor x = new Tensor(new int[] {1, 1, 28, 28}, images.scaled(k));
            List<Tensor> soft = new ArrayList<>();
            Tensor ref = Forward.run(net, x, (n, y) -> soft.add(y));
            List<Tensor> hard = new ArrayList<>();
            Tensor y1 = whole.run(x, (n, y) -> hard.add(y));
            Tensor y2 = tiled.run(x, null);
            for (int layer = 0; layer < soft.size(); layer++) {
                assertClose(soft.get(layer), hard.get(layer), "image " + k + " node " + net.nodes().get(layer).name());
            }
            assertClose(ref, y1, "image " + k + " output, one array per layer");
            assertClose(y1, y2, "image " + k + " output, tiled");
        }
    }

    @Test
    void residualNetworkOnIdealArraysMatchesTheSoftwarePass() throws IOException {
        // ResNet-20-style: 1x1 shortcut convolutions on arrays, residual adds and pooling digital
        Network net = OnnxImport.read(Path.of("benchmarks/models/fashion_resnet20.onnx"));
        Idx.Images images = Idx.readImages(Path.of("benchmarks/data/fashion-mnist/t10k-images-idx3-ubyte.gz"));
        CrossbarDriver driver = new CrossbarDriver(net, 128, 64, CrossbarDriver.ideal(1 / 300e3, 1 / 15e3, 0.4, 1));
        for (int k = 0; k < 2; k++) {
            Tensor x = new Tensor(new int[] {1, 1, 28, 28}, images.scaled(k));
            assertClose(Forward.run(net, x), driver.run(x, null), "image " + k);
        }
        assertTrue(driver.layers().size() >= 20, "19 convolutions and the dense layer on arrays: " + driver.layers().size());
    }

    @Test
    void tilesCoverTheMatrixEvenly() {
        List<Tiling.Tile> t = Tiling.tiles(800, 500, 256, 128);
        assertEquals(16, t.size());
        int cells = 0;
        for (Tiling.Tile tile : t) {
            assertTrue(tile.rows() <= 256 && tile.cols() <= 128 && tile.rows() >= 199, tile.toString());
            cells += tile.rows() * tile.cols();
        }
        assertEquals(800 * 500, cells);
    }
}
