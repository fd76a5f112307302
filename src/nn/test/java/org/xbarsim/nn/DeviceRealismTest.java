package org.xbarsim.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.xbarsim.mapping.DeviceVariation;
import org.xbarsim.mapping.Quantizer;
import org.xbarsim.mapping.WeightMapping;

/**
 * Conductance levels, mappings and variation on ideal arrays, against the software pass of the
 * same (quantized) network: the arrays add nothing but what they are told to.
 */
class DeviceRealismTest {
    private static final Path IMAGES = Path.of("benchmarks/data/mnist10k/mnist10k-images-idx3-ubyte.gz");
    private static final Path LABELS = Path.of("benchmarks/data/mnist10k/mnist10k-labels-idx1-ubyte.gz");

    private static SimulatedArrays ideal(WeightMapping.Kind mapping, DeviceVariation variation, boolean layerRange, long seed) {
        // paper 001's conductance range: G_off = 1/900 S, G_on = 1/110 S
        return new SimulatedArrays(null, 1 / 900.0, 1 / 110.0, 0.4, 0, new double[] {1}, 10, 20, Converters.NONE, variation, seed, 1e-9,
                false, mapping, layerRange);
    }

    /** The largest difference between the arrays' logits and the software pass's, relative to the largest logit. */
    private static double worst(Network onArrays, Network reference, Inference.Images images, SimulatedArrays arrays,
                                int maxRows, int maxCols) {
        List<Tensor> out = new CrossbarDriver(onArrays, maxRows, maxCols, arrays).runBatch(images.inputs(), null);
        double worst = 0;
        for (int k = 0; k < out.size(); k++) {
            Tensor ref = Forward.run(reference, images.inputs().get(k));
            double scale = Arrays.stream(ref.data()).map(Math::abs).max().orElseThrow();
            for (int j = 0; j < ref.size(); j++) {
                worst = Math.max(worst, Math.abs(out.get(k).data()[j] - ref.data()[j]) / scale);
            }
        }
        return worst;
    }

    @Test
    void idealArraysWithContinuousLevelsAndNoVariationAreTheSoftwarePass() throws IOException {
        for (String model : List.of("mnist_mlp.onnx", "mnist_cnn.onnx")) {
            Path file = Path.of("benchmarks/models", model);
            Network net = OnnxImport.read(file);
            Inference.Images images = Inference.read(net, file, IMAGES, LABELS, 9000, 8);
            for (WeightMapping.Kind kind : WeightMapping.Kind.values()) {
                for (boolean layerRange : new boolean[] {false, true}) {
                    // tiles of at most 128 x 16 inputs x outputs: every layer split, partial sums added
                    double w = worst(net, net, images, ideal(kind, DeviceVariation.NONE, layerRange, 1), 128, 16);
                    assertTrue(w < 1e-9, model + " " + kind + " layer range " + layerRange + ": " + w);
                }
            }
        }
    }

    @Test
    void quantizedWeightsTakeAtMostTheirLevelsAndTheArraysComputeThemExactly() throws IOException {
        Path file = Path.of("benchmarks/models/mnist_mlp.onnx");
        Network net = OnnxImport.read(file);
        for (WeightQuantization.Scope scope : WeightQuantization.Scope.values()) {
            for (Quantizer.Kind kind : Quantizer.Kind.values()) {
                WeightQuantization.Quantized q = WeightQuantization.apply(net, kind, 8, scope);
                assertEquals(List.of("/hidden/Gemm", "/out/Gemm"), List.copyOf(q.mse().keySet()));
                java.util.Set<Double> all = new java.util.TreeSet<>();
                for (Network.Node n : net.nodes()) {
                    if (!q.mse().containsKey(n.name())) {
                        continue;
                    }
                    double[] before = net.weights().get(n.inputs().get(1)).data();
                    double[] after = q.net().weights().get(n.inputs().get(1)).data();
                    double mse = 0;
                    java.util.Set<Double> distinct = new java.util.TreeSet<>();
                    for (int k = 0; k < after.length; k++) {
                        distinct.add(after[k]);
                        mse += (after[k] - before[k]) * (after[k] - before[k]);
                    }
                    assertTrue(distinct.size() <= 8, kind + " " + scope + " " + n.name() + ": " + distinct.size() + " values");
                    assertEquals(mse / after.length, q.mse().get(n.name()), 1e-15);
                    all.addAll(distinct);
                    // the biases stay as trained
                    assertEquals(net.weights().get(n.inputs().get(2)), q.net().weights().get(n.inputs().get(2)));
                }
                if (scope == WeightQuantization.Scope.GLOBAL) {
                    assertTrue(all.size() <= 8, kind + " global: " + all.size() + " values over both layers");
                }
            }
        }
        // on ideal arrays, each layer mapped with its own range, the levels are computed exactly
        WeightQuantization.Quantized q = WeightQuantization.apply(net, Quantizer.Kind.LLOYD, 16, WeightQuantization.Scope.LAYER);
        Inference.Images images = Inference.read(net, file, IMAGES, LABELS, 9000, 8);
        assertTrue(worst(q.net(), q.net(), images, ideal(WeightMapping.Kind.SHIFT_REFERENCE, DeviceVariation.NONE, true, 1), 128,
                16) < 1e-9);
        // relative variation moves them, the same way for the same seed
        double a = worst(q.net(), q.net(), images, ideal(WeightMapping.Kind.SHIFT_REFERENCE, DeviceVariation.relative(0.1), true, 5),
                128, 16);
        double b = worst(q.net(), q.net(), images, ideal(WeightMapping.Kind.SHIFT_REFERENCE, DeviceVariation.relative(0.1), true, 5),
                128, 16);
        double c = worst(q.net(), q.net(), images, ideal(WeightMapping.Kind.SHIFT_REFERENCE, DeviceVariation.relative(0.1), true, 6),
                128, 16);
        assertTrue(a > 1e-3, "10 % variation: " + a);
        assertEquals(a, b, 0);
        assertNotEquals(a, c);
    }

    @Test
    void tilesOfTheSameShapeAreProgrammedIndependently() {
        double[][] a = {{0.5, -0.2}, {0.1, 0.3}, {-0.4, 0.2}};
        double[][] samples = {{1, 0.5, 0.25}, {0.2, 0.9, 0.4}};
        SimulatedArrays arrays = ideal(WeightMapping.Kind.SHIFT, DeviceVariation.relative(0.2), false, 3);
        double[] x = {0.7, 0.1, 0.6};
        double[] t1 = arrays.create(a, samples, CrossbarDriver.Where.of("layer 'a' tile 1")).multiply(new double[][] {x})[0];
        double[] t2 = arrays.create(a, samples, CrossbarDriver.Where.of("layer 'a' tile 2")).multiply(new double[][] {x})[0];
        double[] again = arrays.create(a, samples, CrossbarDriver.Where.of("layer 'a' tile 1")).multiply(new double[][] {x})[0];
        assertTrue(t1[0] != t2[0] && t1[1] != t2[1], "same shape, other place: other programming errors");
        assertEquals(t1[0], again[0], 0);
        assertEquals(t1[1], again[1], 0);
    }

    @Test
    void badQuantizationSettingsAreNamed() throws IOException {
        Network net = OnnxImport.read(Path.of("benchmarks/models/mnist_mlp.onnx"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightQuantization.apply(net, Quantizer.Kind.UNIFORM, 1, WeightQuantization.Scope.LAYER));
        assertEquals("levels 1: at least 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WeightQuantization.Scope.parse("tile"));
        assertEquals("scope 'tile': layer or global", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeviceVariation.relative(-0.1));
        assertTrue(e.getMessage().startsWith("relative variation -0.1"));
    }
}
