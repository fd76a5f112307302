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
        return new SimulatedArrays(device, 1 / 300e3, 1 / 15e3, 0.4, 0.2, new double[] {1, 0.1}, 10, 20, bits, bits, 0, null, 1, ArraySimulator.STEP_RELTOL, false);
    }

    @Test
    void quantizationRoundsOntoTheGridAndClips() {
        assertEquals(0.0, SimulatedArrays.quantize(0.01, 0, 1, 2));
        assertEquals(1 / 3.0, SimulatedArrays.quantize(0.3, 0, 1, 2), 1e-15);
        assertEquals(1.0, SimulatedArrays.quantize(1.7, 0, 1, 2), "clipped at the top of the range");
        assertEquals(-2.0, SimulatedArrays.quantize(-5, -2, 2, 8), "clipped at the bottom");
        assertEquals(0.123456, SimulatedArrays.quantize(0.123456, 0, 1, 0), "0 bits: no quantization");
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
            Tensor ref = Forward.run(net, in.get(k));
            double scale = 0;
            for (double v : ref.data()) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int j = 0; j < ref.size(); j++) {
                // what is left: the micro-Ohm parasitics after conversion and calibration
                assertEquals(ref.data()[j], out.get(k).data()[j], 1e-4 * scale, "image " + k + " logit " + j);
            }
        }
    }

    @Test
    void negativeInputsAreNamed() {
        CrossbarArray device = CrossbarArray.builder(1, 1).cell(CrossbarArray.Cell.ONE_R).conductance(0, 0, 1e-5).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> units(device, 0)
                .create(new double[][] {{1}, {2}}, new double[][] {{0.5, -0.25}}, "layer 'x'"));
        assertEquals("layer 'x': array inputs must be non-negative (they drive 0..0.4 V); a sample input is -0.25",
                e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> units(device, 31)).getMessage()
                .startsWith("DAC bits 31 and ADC bits 31"));
    }
}
