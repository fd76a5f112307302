package org.xbarsim.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CrossbarArray;

/** Simulated array units: quantization, near-ideal arrays through the driver, input checks. */
class SimulatedArraysTest {
    static SimulatedArrays units(CrossbarArray device, int bits) {
        return new SimulatedArrays(device, 1 / 300e3, 1 / 15e3, 0.4, 0.2, new double[] {1, 0.1}, 10, 20, Converters.of(bits), org.xbarsim.mapping.DeviceVariation.NONE, 1,
                ArraySimulator.STEP_RELTOL, false, org.xbarsim.mapping.WeightMapping.Kind.SHIFT, false);
    }

    @Test
    void quantizationRoundsOntoTheGridAndClips() {
        assertEquals(0.0, Converters.quantize(0.01, 0, 1, 2));
        assertEquals(1 / 3.0, Converters.quantize(0.3, 0, 1, 2), 1e-15);
        assertEquals(1.0, Converters.quantize(1.7, 0, 1, 2), "clipped at the top of the range");
        assertEquals(-2.0, Converters.quantize(-5, -2, 2, 8), "clipped at the bottom");
        assertEquals(0.123456, Converters.quantize(0.123456, 0, 1, 0), "0 bits: no quantization");
        // truncation (paper 000): the first 2 bits of 0.3 and 0.99 are 0.01 and 0.11 in binary
        assertEquals(0.25, Converters.truncate(0.3, 0, 1, 2));
        assertEquals(0.75, Converters.truncate(0.99, 0, 1, 2));
        assertEquals(0.75, Converters.truncate(1.0, 0, 1, 2), "the top of the range on the top level");
        assertEquals(0.0, Converters.truncate(0.2499, 0, 1, 2), "below the first level: 0");
        assertEquals(-2.0 + 4 * 5 / 8.0, Converters.truncate(0.6, -2, 2, 3), "3 bits over [-2, 2]: 2.6 / 4 = 0.65 -> 5 / 8");
        assertEquals(0.123456, Converters.truncate(0.123456, 0, 1, 0), "0 bits: unchanged");
    }

    @Test
    void nearIdealArraysFollowTheSoftwarePass() throws IOException {
        // 1R arrays with micro-Ohm wires and drivers: parasitics negligible, every layer tiled to at most 128 x 64
        CrossbarArray device = CrossbarArray.builder(1, 1).cell(CrossbarArray.Cell.ONE_R).rWire(1e-6).rIn(1e-6).rOut(1e-6)
                .conductance(0, 0, 1e-5).build();
        Network net = OnnxImport.read(Path.of("benchmarks/models/mnist_cnn.onnx"));
        Idx.Images images = Idx.readImages(Path.of("benchmarks/data/mnist10k/mnist10k-images-idx3-ubyte.gz"));
        List<Tensor> in = new ArrayList<>();
        for (int k = 8000; k < 8004; k++) {
            in.add(new Tensor(new int[] {1, 1, 28, 28}, images.scaled(k)));
        }
        CrossbarDriver driver = new CrossbarDriver(net, 128, 64, units(device, 0));
        List<Tensor> out = driver.runBatch(in, null);
        assertEquals(4, driver.layers().size(), "four array layers");
        for (int k = 0; k < in.size(); k++) {
            // what is left: the micro-Ohm parasitics after conversion and calibration
            CrossbarDriverTest.assertClose(Forward.run(net, in.get(k)), out.get(k), 1e-4, "image " + k);
        }
    }

    @Test
    void converterResolutionsOutsideTheirRangeAreNamed() {
        CrossbarArray device = CrossbarArray.builder(1, 1).cell(CrossbarArray.Cell.ONE_R).conductance(0, 0, 1e-5).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> units(device, 31)).getMessage()
                .startsWith("DAC bits 31 and ADC bits 31"));
    }

    /**
     * Read noise on column currents: with standardized deviations of +-1 only, each column's
     * added current is exactly sqrt(sum_i f(v_i)^2 var_ij) in magnitude (f the law's current per
     * siemens), and its variance over many draws is that square.
     */
    @Test
    void readNoiseAddsTheDevicesVariances() {
        double[][] var = {{1e-12, 4e-12}, {9e-12, 0}, {0, 1e-12}};
        double[][] v = {{0.1, 0.2, 0.0}, {0.4, 0.0, 0.3}};
        org.xbarsim.mapping.MeasuredVariation pm = new org.xbarsim.mapping.MeasuredVariation("test", new double[] {1e-4},
                new double[] {0}, new double[] {0}, new double[] {0}, new double[] {1e-6}, new double[] {-1, 1});
        org.xbarsim.circuit.MemristorLaw law = org.xbarsim.circuit.MemristorLaws.sinh(2, 0.2);
        double[][] cur = new double[2][2];
        SimulatedArrays.addReadNoise(cur, v, var, law, pm, new java.util.SplittableRandom(3));
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 2; j++) {
                double s2 = 0;
                for (int i = 0; i < 3; i++) {
                    double f = law.current(v[k][i], 1);
                    s2 += f * f * var[i][j];
                }
                assertEquals(Math.sqrt(s2), Math.abs(cur[k][j]), 1e-15 * Math.sqrt(s2) + 1e-30, "input " + k + ", column " + j);
            }
        }
        // over many draws of column 0 of input 0: zero mean within five standard errors
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        double sum = 0;
        int n = 20_000;
        for (int t = 0; t < n; t++) {
            double[][] c = new double[1][2];
            SimulatedArrays.addReadNoise(c, new double[][] {v[0]}, var, law, pm, rnd);
            sum += c[0][0];
        }
        double sd = Math.sqrt(Math.pow(law.current(0.1, 1), 2) * 1e-12 + Math.pow(law.current(0.2, 1), 2) * 9e-12);
        assertEquals(0, sum / n, 5 * sd / Math.sqrt(n), "the noise has zero mean");
    }
}
