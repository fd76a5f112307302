package org.xbarsim.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Test;
import org.xbarsim.crossbar.ArraySimulator;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.mapping.DeviceVariation;
import org.xbarsim.mapping.WeightMapping;

/**
 * DAC, ADC and splits (papers 000 and 004): +-1 inputs through {0, 1} voltages, the full ADC range
 * with log2(N_in) + 1 bits exact on binary partial sums, Q-scale ranges, per-layer ranges, the
 * kernel-row split against the software pass, and paper 000's output width rule. References:
 * the integer products computed directly and the software forward pass.
 */
class ConvertersTest {
    static SimulatedArrays ideal(Converters c, WeightMapping.Kind mapping) {
        return new SimulatedArrays(null, 1 / 900.0, 1 / 110.0, 0.4, 0, new double[] {1}, 10, 20, c, DeviceVariation.NONE, 1, 1e-9,
                false, mapping, false);
    }

    static double[][] signs(SplittableRandom rnd, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] r : a) {
            for (int j = 0; j < cols; j++) {
                r[j] = rnd.nextBoolean() ? 1 : -1;
            }
        }
        return a;
    }

    /** sum_i x_i a_ij, exact in doubles for small integers. */
    static double[] product(double[] x, double[][] a) {
        double[] y = new double[a[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                y[j] += x[i] * a[i][j];
            }
        }
        return y;
    }

    @Test
    void plusMinusOneInputsThroughZeroOneVoltagesGiveTheSignedProduct() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 64;
        double[][] a = signs(rnd, n, 8);
        double[][] x = signs(rnd, 40, n);
        for (WeightMapping.Kind kind : WeightMapping.Kind.values()) {
            // no ADC: the correction x0 sum_i a_ij restores the +-1 product to rounding
            double[][] y = ideal(Converters.NONE, kind).create(a, x, CrossbarDriver.Where.of("t")).multiply(x);
            // the full range with log2(64) + 1 = 7 bits: every partial sum converted exactly
            double[][] z = ideal(new Converters(0, 7, Converters.AdcRange.FULL, false), kind).create(a, x, CrossbarDriver.Where.of("t"))
                    .multiply(x);
            for (int k = 0; k < x.length; k++) {
                double[] ref = product(x[k], a);
                for (int j = 0; j < ref.length; j++) {
                    assertEquals(ref[j], y[k][j], 1e-12 * n, kind + " vector " + k + " column " + j);
                    assertEquals(ref[j], z[k][j], 0.0, kind + " 7-bit ADC, vector " + k + " column " + j);
                }
            }
        }
        // one bit fewer: the levels are 4 apart, half the sums fall between them
        double[][] z = ideal(new Converters(0, 6, Converters.AdcRange.FULL, false), WeightMapping.Kind.DIFFERENTIAL)
                .create(a, x, CrossbarDriver.Where.of("t")).multiply(x);
        int off = 0;
        for (int k = 0; k < x.length; k++) {
            double[] ref = product(x[k], a);
            for (int j = 0; j < ref.length; j++) {
                off += ref[j] == z[k][j] ? 0 : 1;
            }
        }
        assertTrue(off > 100, off + " of 320 sums converted inexactly at 6 bits");
    }

    @Test
    void plusMinusOneInputsOnNearIdealCircuitArrays() {
        // 1R arrays with micro-Ohm parasitics: rows at 0 or V_max, converted and calibrated; the
        // signed product back to 1e-6 of N
        SplittableRandom rnd = new SplittableRandom(12);
        double[][] a = signs(rnd, 32, 6);
        double[][] x = signs(rnd, 30, 32);
        CrossbarArray device = CrossbarArray.builder(1, 1).cell(CrossbarArray.Cell.ONE_R).rWire(1e-6).rIn(1e-6).rOut(1e-6)
                .conductance(0, 0, 1e-5).build();
        SimulatedArrays arrays = new SimulatedArrays(device, 1 / 300e3, 1 / 15e3, 0.4, 0.2, new double[] {1}, 10, 20, Converters.NONE,
                DeviceVariation.NONE, 1, ArraySimulator.STEP_RELTOL, false, WeightMapping.Kind.DIFFERENTIAL, false);
        double[][] y = arrays.create(a, x, CrossbarDriver.Where.of("t")).multiply(x);
        for (int k = 0; k < x.length; k++) {
            double[] ref = product(x[k], a);
            for (int j = 0; j < ref.length; j++) {
                assertEquals(ref[j], y[k][j], 1e-6 * 32, "vector " + k + " column " + j);
            }
        }
    }

    @Test
    void aProgrammedTileWithAnotherAdcRangeIsTheTileProgrammedWithIt() {
        // 1R arrays with 1 Ohm wires (residual errors after calibration), +-1 weights and inputs,
        // 3-bit ADCs: the tile made at s = 1 and moved to s = 0.4 reads exactly as the tile made at 0.4
        SplittableRandom rnd = new SplittableRandom(13);
        double[][] a = signs(rnd, 32, 6);
        double[][] x = signs(rnd, 40, 32);
        CrossbarArray device = CrossbarArray.builder(1, 1).cell(CrossbarArray.Cell.ONE_R).rWire(1).rIn(1).rOut(1)
                .conductance(0, 0, 1e-5).build();
        java.util.function.Function<String, SimulatedArrays> arrays = r -> new SimulatedArrays(device, 1 / 300e3, 1 / 15e3, 0.4,
                0.2, new double[] {1}, 10, 20, new Converters(0, 3, Converters.AdcRange.parse(r), false), DeviceVariation.NONE, 1,
                ArraySimulator.STEP_RELTOL, false, WeightMapping.Kind.DIFFERENTIAL, false);
        CrossbarDriver.Where where = CrossbarDriver.Where.of("t");
        CrossbarDriver.ArrayUnit wide = arrays.apply("qscale:1").create(a, x, where);
        CrossbarDriver.ArrayUnit narrow = arrays.apply("qscale:0.4").create(a, x, where);
        CrossbarDriver.ArrayUnit moved = wide.withAdcRange(Converters.AdcRange.parse("qscale:0.4"), x);
        assertEquals(narrow.adc(), moved.adc());
        double[][] yNarrow = narrow.multiply(x);
        double[][] yMoved = moved.multiply(x);
        double[][] yWide = wide.multiply(x);
        int differ = 0;
        for (int k = 0; k < x.length; k++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(yNarrow[k], yMoved[k], "vector " + k);
            differ += java.util.Arrays.equals(yWide[k], yMoved[k]) ? 0 : 1;
        }
        assertTrue(differ > 0, "the wide tile itself unchanged: its levels differ");
        assertEquals(wide.unconverted(), moved.unconverted());
        // the factory that programs once: one create per tile, later runs get the tile moved
        int[] created = {0};
        CrossbarDriver.UnitFactory counting = (w, samples, at) -> {
            created[0]++;
            return arrays.apply("qscale:1").create(w, samples, at);
        };
        java.util.Map<String, CrossbarDriver.ArrayUnit> made = new java.util.HashMap<>();
        CrossbarDriver.programmedOnce(counting, made, Converters.AdcRange.parse("qscale:1")).create(a, x, where);
        CrossbarDriver.ArrayUnit again = CrossbarDriver.programmedOnce(counting, made, Converters.AdcRange.parse("qscale:0.4"))
                .create(a, x, where);
        assertEquals(1, created[0]);
        assertEquals(narrow.adc(), again.adc());
        assertEquals(null, wide.withAdcRange(Converters.AdcRange.SAMPLES, x), "a samples range needs the tile made anew");
        // inputs of another range (here {0, 1} where the tile was made for +-1): made anew
        double[][] zeroOne = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            zeroOne[k] = x[k].clone();
            for (int i = 0; i < zeroOne[k].length; i++) {
                zeroOne[k][i] = Math.max(0, zeroOne[k][i]);
            }
        }
        assertEquals(null, wide.withAdcRange(Converters.AdcRange.parse("qscale:0.4"), zeroOne));
        CrossbarDriver.ArrayUnit remade = CrossbarDriver.programmedOnce(counting, made, Converters.AdcRange.parse("qscale:0.4"))
                .create(a, zeroOne, where);
        assertEquals(2, created[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(arrays.apply("qscale:1").create(a, zeroOne, where).multiply(zeroOne)[0],
                remade.multiply(zeroOne)[0]);
    }

    /**
     * x [1,64] (+-1) -> Gemm (+-1, 64 -> 32, bias 0.5) -> Sign -> Gemm (+-1, 32 -> 10) -> y; the
     * bias (added digitally after the arrays) keeps every sum off 0, so Sign's outputs are +-1.
     */
    static Network binaryMlp(SplittableRandom rnd) {
        float[] w1 = new float[32 * 64];
        float[] b1 = new float[32];
        java.util.Arrays.fill(b1, 0.5f);
        float[] w2 = new float[10 * 32];
        for (int k = 0; k < w1.length; k++) {
            w1[k] = rnd.nextBoolean() ? 1f : -1f;
        }
        for (int k = 0; k < w2.length; k++) {
            w2[k] = rnd.nextBoolean() ? 1f : -1f;
        }
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().setName("bnn")
                .addInput(OnnxImportTest.value("x", 1, 64)).addOutput(OnnxImportTest.value("y", 1, 10))
                .addInitializer(OnnxImportTest.tensor("w1", new long[] {32, 64}, w1))
                .addInitializer(OnnxImportTest.tensor("b1", new long[] {32}, b1))
                .addInitializer(OnnxImportTest.tensor("w2", new long[] {10, 32}, w2))
                .addNode(OnnxImportTest.node("Gemm", List.of("x", "w1", "b1"), "h", OnnxImportTest.integer("transB", 1)).toBuilder()
                        .setName("fc1"))
                .addNode(OnnxImportTest.node("Sign", List.of("h"), "s"))
                .addNode(OnnxImportTest.node("Gemm", List.of("s", "w2"), "y", OnnxImportTest.integer("transB", 1)).toBuilder()
                        .setName("fc2"))
                .build();
        return OnnxImport.convert(g, "bnn");
    }

    @Test
    void fullRangeWithLog2NinPlusOneBitsReproducesTheBinaryNetworkExactly() {
        SplittableRandom rnd = new SplittableRandom(21);
        Network net = binaryMlp(rnd);
        List<Tensor> in = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            double[] x = new double[64];
            for (int i = 0; i < 64; i++) {
                x[i] = rnd.nextBoolean() ? 1 : -1;
            }
            in.add(new Tensor(new int[] {1, 64}, x));
        }
        assertEquals(2, Inference.selectLayers(net, "binary").size(), "both layers' weights are +-1");
        // paper 000 Eq. 6 on 16-row arrays: fc2 (1-bit weights, Sign's 1-bit inputs) needs log2(16) + 1 = 5 bits,
        // the exact resolution of paper 004; fc1's inputs have no DAC: open
        List<Inference.LayerBits> bits = Inference.layerBits(net, 16, 64, CrossbarDriver.Split.ROWS, 0);
        assertEquals(new Inference.LayerBits("fc2", 16, 1, 1, 5.0), bits.get(1));
        assertEquals(16, bits.get(0).rows());
        assertTrue(Double.isNaN(bits.get(0).outputWidth()));
        assertEquals(8.0, Inference.layerBits(net, 16, 64, CrossbarDriver.Split.ROWS, 4).get(0).outputWidth(),
                "4-bit inputs, 1-bit weights, 16 rows: 4 + 1 + 4 - 1");
        // N_in = 16: fc1 split in 4, fc2 in 2; log2(16) + 1 = 5 bits, per tile and per layer
        for (boolean perLayer : new boolean[] {false, true}) {
            CrossbarDriver exact = new CrossbarDriver(net, 16, 64,
                    ideal(new Converters(0, 5, Converters.AdcRange.FULL, perLayer), WeightMapping.Kind.DIFFERENTIAL));
            List<Tensor> out = exact.runBatch(in, null);
            for (int k = 0; k < in.size(); k++) {
                Tensor ref = Forward.run(net, in.get(k));
                for (int j = 0; j < 10; j++) {
                    assertEquals(ref.data()[j], out.get(k).data()[j], 0.0, "per layer " + perLayer + ", image " + k + " output " + j);
                }
            }
        }
        // 4 bits: partial sums lost
        CrossbarDriver coarse = new CrossbarDriver(net, 16, 64,
                ideal(new Converters(0, 4, Converters.AdcRange.FULL, false), WeightMapping.Kind.DIFFERENTIAL));
        List<Tensor> out = coarse.runBatch(in, null);
        int off = 0;
        for (int k = 0; k < in.size(); k++) {
            Tensor ref = Forward.run(net, in.get(k));
            for (int j = 0; j < 10; j++) {
                off += ref.data()[j] == out.get(k).data()[j] ? 0 : 1;
            }
        }
        assertTrue(off > 0, "4 bits change some outputs");
    }

    @Test
    void randomTiesTossOneCoinPerInputAndColumn() {
        // on a tile: 24 rows of +1, inputs of twelve +1 and twelve -1 sum to the tie 0; each input its
        // own coin (both levels among 200 inputs), the same input the same level on every call
        double[][] ones = new double[24][1];
        for (double[] row : ones) {
            row[0] = 1;
        }
        SplittableRandom rnd = new SplittableRandom(3);
        double[][] halves = new double[200][24];
        for (double[] x : halves) {
            for (int i = 0; i < 24; i++) {
                x[i] = i < 12 ? 1 : -1;
            }
            for (int i = 23; i > 0; i--) {
                int r = rnd.nextInt(i + 1);
                double v = x[i];
                x[i] = x[r];
                x[r] = v;
            }
        }
        for (boolean random : new boolean[] {false, true}) {
            CrossbarDriver.ArrayUnit t = ideal(new Converters(0, 3, Converters.AdcRange.parse("qscale:1"), false, false, random),
                    WeightMapping.Kind.DIFFERENTIAL).create(ones, halves, CrossbarDriver.Where.of("t"));
            double[][] first = t.multiply(halves);
            double[][] again = t.multiply(halves);
            int ups = 0;
            for (int k = 0; k < halves.length; k++) {
                assertEquals(first[k][0], again[k][0], "input " + k + ": the same level on every call");
                assertEquals(24 / 7.0, Math.abs(first[k][0]), 1e-12, "input " + k + ": a neighbour of the tie");
                ups += first[k][0] > 0 ? 1 : 0;
            }
            if (random) {
                assertTrue(ups > 60 && ups < 140, ups + " of 200 ties up");
            } else {
                assertEquals(200, ups, "the even level (k = 4) for every tie");
            }
        }
    }

    @Test
    void perLayerRangeIsTheUnionOfTheTiles() {
        Converters.Adc a = Converters.Adc.linear(3, -2, 5);
        Converters.Adc b = Converters.Adc.linear(3, -6, 1);
        Converters.Adc u = Converters.Adc.union(List.of(a, b), false);
        assertEquals(-6, u.lo());
        assertEquals(5, u.hi());
        assertEquals(11 / 7.0, u.step(), 1e-15);
        // on a shared lattice of step 2 through odd numbers: [-7, 5] and [-3, 9] -> from -7, levels 2 apart
        Converters.Adc p = Converters.Adc.snapped(4, -7, 5, 2, 1);
        Converters.Adc q = Converters.Adc.snapped(4, -3, 9, 2, 3);
        Converters.Adc r = Converters.Adc.union(List.of(p, q), true);
        assertEquals(-7, r.lo());
        assertEquals(2, r.step());
        assertEquals(9, r.convert(9.0));
        // odd and even sums (tiles of 15 and 16 rows): the lattice of step 1 holds both
        Converters.Adc e = Converters.Adc.snapped(5, -16, 16, 2, 0);
        Converters.Adc o = Converters.Adc.snapped(5, -15, 15, 2, 1);
        Converters.Adc both = Converters.Adc.union(List.of(e, o), true);
        assertEquals(1, both.lattice());
        assertEquals(-16, both.lo());
        assertEquals(2, both.step(), "33 possible sums on 32 levels: levels 2 apart from -16");
    }

    @Test
    void kernelRowSplitsAreThoseOfPaper004TableOne() {
        int[][] expected = {{64, 3, 6, 9}, {128, 6, 9, 18}, {256, 9, 18, 36}};
        for (int[] e : expected) {
            for (int k = 0; k < 3; k++) {
                int nIn = new int[] {256, 128, 64}[k];
                List<Tiling.Tile> t = Tiling.kernelRows(e[0], 3, 3, e[0], nIn, 1 << 20);
                assertEquals(e[k + 1], t.size(), "3x3x" + e[0] + " at N_in = " + nIn);
                boolean[] seen = new boolean[9 * e[0]];
                for (Tiling.Tile tile : t) {
                    assertTrue(tile.rows() <= nIn);
                    for (int i = 0; i < tile.rows(); i++) {
                        int row = tile.row(i);
                        assertTrue(!seen[row], "input " + row + " in one split only");
                        seen[row] = true;
                        assertEquals(t.indexOf(tile) / (t.size() / 3), (row / 3) % 3, "split of one kernel row");
                    }
                }
            }
        }
    }

    @Test
    void qScaleNarrowsTheFullRangeAndClips() {
        // one column of 8 weights +-1, inputs +-1: full range [-8, 8]; qscale:0.5 -> [-4, 4], 2 bits: levels -4, -4/3, 4/3, 4
        double[][] a = {{1}, {1}, {1}, {1}, {1}, {1}, {1}, {1}};
        double[][] x = {{1, 1, 1, 1, 1, 1, 1, 1}, {-1, -1, -1, -1, -1, -1, -1, -1}, {1, 1, 1, -1, -1, -1, -1, -1}};
        CrossbarDriver.ArrayUnit u = ideal(new Converters(0, 2, Converters.AdcRange.parse("qscale:0.5"), false),
                WeightMapping.Kind.DIFFERENTIAL).create(a, x, CrossbarDriver.Where.of("t"));
        assertEquals(new Converters.Adc(2, -4, 4, 8 / 3.0, Double.NaN, Double.NaN).toString(), u.adc().toString());
        double[][] y = u.multiply(x);
        assertEquals(4, y[0][0], 1e-12, "8 clipped to the top bound");
        assertEquals(-4, y[1][0], 1e-12, "-8 clipped to the bottom bound");
        assertEquals(-4 / 3.0, y[2][0], 1e-12, "-2 to the nearest level");
        assertEquals("qscale:0.4", Converters.AdcRange.parse("QSCALE:0.4").toString());
        // a tie: 3 bits over [-24, 24] (24 rows of +-1 at s = 1) put a sum of 0 half way between the
        // levels -24/7 and 24/7; the even level (k = 4, 24/7) whatever the last bits of y
        Converters.Adc tie = Converters.Adc.linear(3, -24, 24);
        for (double v : new double[] {0, 1e-14, -1e-14, 3e-13, -3e-13}) {
            assertEquals(24 / 7.0, tie.convert(v), 1e-12, "y = " + v);
        }
        assertEquals(-24 / 7.0, tie.convert(-1e-6), 1e-12, "clearly below the threshold");
        // random ties: either neighbour by the key's coin, the same for the same key; off a tie the key is moot
        int up = 0;
        for (long key = 0; key < 2000; key++) {
            double level = tie.convert(1e-14, key);
            assertEquals(24 / 7.0, Math.abs(level), 1e-12, "a neighbour of the tie");
            assertEquals(level, tie.convert(-1e-14, key), "the same coin for the same key");
            up += level > 0 ? 1 : 0;
            assertEquals(-24 / 7.0, tie.convert(-1e-6, key), 1e-12, "below the threshold whatever the key");
            assertEquals(24, tie.convert(30, key), 1e-12, "clipped whatever the key");
        }
        // a fair coin: 2000 throws land within 4.5 sigma (sigma = sqrt(2000) / 2 = 22.4) of 1000
        assertTrue(Math.abs(up - 1000) < 100, up + " of 2000 ties up");
        assertFalse(Converters.randomTies("even"));
        assertTrue(Converters.randomTies("Random"));
        assertEquals("ADC tie rule 'odd': one of [even, random]",
                assertThrows(IllegalArgumentException.class, () -> Converters.randomTies("odd")).getMessage());
        assertEquals("ADC range 'qscale:1.5': the Q-scale S of qscale:S from 0 (excluded) to 1",
                assertThrows(IllegalArgumentException.class, () -> Converters.AdcRange.parse("qscale:1.5")).getMessage());
        assertEquals("ADC range 'minmax': one of [samples, full, qscale:S (S in (0, 1])]",
                assertThrows(IllegalArgumentException.class, () -> Converters.AdcRange.parse("minmax")).getMessage());
    }

    /** x [1,4,6,6] -> Conv 3x3 (8 out, pad 1) -> Relu -> Conv 3x3 (5 out) -> y. */
    @Test
    void kernelRowSplitOnIdealArraysEqualsTheUnsplitSoftwarePass() {
        SplittableRandom rnd = new SplittableRandom(31);
        float[] w1 = new float[8 * 4 * 9];
        float[] w2 = new float[5 * 8 * 9];
        for (int k = 0; k < w1.length; k++) {
            w1[k] = (float) rnd.nextGaussian();
        }
        for (int k = 0; k < w2.length; k++) {
            w2[k] = (float) rnd.nextGaussian();
        }
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().setName("cnn")
                .addInput(OnnxImportTest.value("x", 1, 4, 6, 6)).addOutput(OnnxImportTest.value("y", 1, 5, 4, 4))
                .addInitializer(OnnxImportTest.tensor("w1", new long[] {8, 4, 3, 3}, w1))
                .addInitializer(OnnxImportTest.tensor("w2", new long[] {5, 8, 3, 3}, w2))
                .addNode(OnnxImportTest.node("Conv", List.of("x", "w1"), "c1", OnnxImportTest.ints("kernel_shape", 3, 3),
                        OnnxImportTest.ints("pads", 1, 1, 1, 1)).toBuilder().setName("conv1"))
                .addNode(OnnxImportTest.node("Relu", List.of("c1"), "r"))
                .addNode(OnnxImportTest.node("Conv", List.of("r", "w2"), "y", OnnxImportTest.ints("kernel_shape", 3, 3)).toBuilder()
                        .setName("conv2"))
                .build();
        Network net = OnnxImport.convert(g, "cnn");
        List<Tensor> in = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            double[] x = new double[4 * 36];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextDouble();
            }
            in.add(new Tensor(new int[] {1, 4, 6, 6}, x));
        }
        // N_in = 8: conv1's kernel rows (12 inputs) in 2 parts, conv2's (24) in 3: 6 and 9 arrays
        CrossbarDriver driver = new CrossbarDriver(net, 8, 64, CrossbarDriver.Split.KERNEL_ROWS,
                ideal(Converters.NONE, WeightMapping.Kind.DIFFERENTIAL));
        List<Tensor> out = driver.runBatch(in, null);
        for (int k = 0; k < in.size(); k++) {
            CrossbarDriverTest.assertClose(Forward.run(net, in.get(k)), out.get(k), 1e-12, "image " + k);
        }
    }

    @Test
    void layersOffTheArraysAreDigital() throws java.io.IOException {
        Network net = OnnxImport.read(java.nio.file.Path.of("benchmarks/models/fashion_cnn3c2f.onnx"));
        List<String> all = Inference.arrayLayers(net);
        assertEquals(5, all.size());
        assertEquals(List.copyOf(Inference.selectLayers(net, "dense")), all.subList(3, 5));
        assertEquals(List.copyOf(Inference.selectLayers(net, "conv")), all.subList(0, 3));
        assertEquals(List.copyOf(Inference.selectLayers(net, "inner")), all.subList(1, 4));
        assertEquals(List.of(all.get(4), all.get(0)), List.copyOf(Inference.selectLayers(net, all.get(4) + "+" + all.get(0))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Inference.selectLayers(net, "fc9"));
        assertTrue(e.getMessage().startsWith("layer 'fc9' is not an array layer of the model; its array layers: ["
                + all.get(0)), e.getMessage());
        // the dense layers on 2-bit converters, the convolutions digital: the convolutions' outputs exact
        java.util.Set<String> dense = Inference.selectLayers(net, "dense");
        CrossbarDriver driver = new CrossbarDriver(net, 64, 64, CrossbarDriver.only(dense,
                ideal(new Converters(2, 2, Converters.AdcRange.SAMPLES, false), WeightMapping.Kind.DIFFERENTIAL)));
        Idx.Images images = Idx.readImages(java.nio.file.Path.of("benchmarks/data/fashion-mnist/t10k-images-idx3-ubyte.gz"));
        Tensor x = new Tensor(new int[] {1, 1, 28, 28}, images.scaled(0));
        java.util.Map<String, Tensor> soft = new java.util.HashMap<>();
        Forward.run(net, x, (n, y) -> soft.put(n.name(), y));
        java.util.Map<String, Tensor> arr = new java.util.HashMap<>();
        driver.run(x, (n, y) -> arr.put(n.name(), y));
        for (String conv : Inference.selectLayers(net, "conv")) {
            double[] a = soft.get(conv).data();
            double[] b = arr.get(conv).data();
            for (int k = 0; k < a.length; k++) {
                assertEquals(a[k], b[k], 1e-12 * Math.max(1, Math.abs(a[k])), conv + " output " + k);
            }
        }
        double[] fc = soft.get(all.get(4)).data();
        double[] fcArr = arr.get(all.get(4)).data();
        double off = 0;
        for (int k = 0; k < fc.length; k++) {
            off = Math.max(off, Math.abs(fc[k] - fcArr[k]));
        }
        assertTrue(off > 1e-3, "the last dense layer on 2-bit converters differs by " + off);
    }

    @Test
    void paper000OutputWidths() {
        // paper 000 section IV, 128-row crossbar: 1-bit weights and inputs need 8 bits; ternary
        // (2-bit) weights with 3-bit inputs 12; 3-bit weights and inputs 13
        assertEquals(8, Converters.outputWidth(128, 1, 1), 0);
        assertEquals(12, Converters.outputWidth(128, 2, 3), 0);
        assertEquals(13, Converters.outputWidth(128, 3, 3), 0);
    }
}
