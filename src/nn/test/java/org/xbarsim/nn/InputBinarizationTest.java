package org.xbarsim.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Paper 000's input binarization: the exponential fit, its thresholds, and the binarized network against a hand-made pass. */
class InputBinarizationTest {
    @Test
    void fitRecoversAnExponentialAndGivesThePapersThresholds() {
        // 200,000 draws of x0 + Exp(beta) with the paper's beta and x0, and a third of zeros left out
        SplittableRandom rnd = new SplittableRandom(5);
        double beta = 6.3375;
        double x0 = 3.28e-4;
        double[] v = new double[300_000];
        for (int k = 0; k < v.length; k++) {
            v[k] = k % 3 == 0 ? 0 : x0 - beta * Math.log(1 - rnd.nextDouble());
        }
        InputBinarization.Fit fit = InputBinarization.fit(v);
        assertEquals(100_000, fit.zeros());
        assertEquals(200_000, fit.values());
        // the scale's standard error is beta / sqrt(n) = 0.014: within 5 of them
        assertEquals(beta, fit.beta(), 5 * beta / Math.sqrt(200_000));
        assertEquals(x0, fit.x0(), 1e-3, "the least of 200,000 draws lies within beta / n of x0");
        InputBinarization.Fit paper = new InputBinarization.Fit(beta, x0, 1, 0);
        assertEquals(6.337828, paper.threshold(InputBinarization.Threshold.MEAN), 1e-6);
        assertEquals(x0 + beta * Math.log(4), paper.threshold(InputBinarization.Threshold.Q3), 1e-12);
        assertEquals(0.75, 1 - Math.exp(-(paper.threshold(InputBinarization.Threshold.Q3) - x0) / beta), 1e-12,
                "the third quartile leaves a quarter above it");
        assertEquals("binarize 'median': one of [none, mean, q3]",
                assertThrows(IllegalArgumentException.class, () -> InputBinarization.Threshold.parse("median")).getMessage());
    }

    @Test
    void binarizedNetworkFeedsZerosAndOnesToTheLayer() throws java.io.IOException {
        Network net = OnnxImport.read(Path.of("benchmarks/models/fashion_cnn3c2f.onnx"));
        String fc1 = InputBinarization.firstDense(net);
        assertEquals(Inference.selectLayers(net, "dense").iterator().next(), fc1);
        Idx.Images images = Idx.readImages(Path.of("benchmarks/data/fashion-mnist/t10k-images-idx3-ubyte.gz"));
        List<Tensor> x = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            x.add(new Tensor(new int[] {1, 1, 28, 28}, images.scaled(k)));
        }
        double[] in = InputBinarization.inputs(net, fc1, x);
        assertEquals(20 * 576, in.length, "the 576 inputs of the first dense layer per image");
        InputBinarization.Fit fit = InputBinarization.fit(in);
        double t = fit.threshold(InputBinarization.Threshold.Q3);
        Network bin = InputBinarization.apply(net, fc1, t);
        assertEquals(net.nodes().size() + 1, bin.nodes().size());
        // the binarized network's output, against the layer fed by hand with 0/1 from the original pass
        Network.Node layer = net.nodes().stream().filter(n -> n.name().equals(fc1)).findFirst().orElseThrow();
        for (Tensor image : x.subList(0, 3)) {
            java.util.Map<String, Tensor> orig = new java.util.HashMap<>();
            Forward.run(net, image, (n, y) -> orig.put(n.outputs().get(0), y));
            java.util.Map<String, Tensor> got = new java.util.HashMap<>();
            Forward.run(bin, image, (n, y) -> got.put(n.outputs().get(0), y));
            double[] before = orig.get(layer.inputs().get(0)).data();
            double[] ones = got.get(layer.inputs().get(0) + "/binarized").data();
            for (int k = 0; k < before.length; k++) {
                assertEquals(before[k] > t ? 1.0 : 0.0, ones[k], 0, "input " + k);
            }
            java.util.Map<String, Tensor> v = new java.util.HashMap<>(net.weights());
            v.put(layer.inputs().get(0), new Tensor(orig.get(layer.inputs().get(0)).shape(), ones));
            Tensor expected = Forward.apply(layer, v);
            assertTrue(java.util.Arrays.equals(expected.data(), got.get(layer.outputs().get(0)).data()));
        }
    }
}
