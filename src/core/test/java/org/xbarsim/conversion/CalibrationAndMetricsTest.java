package org.xbarsim.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Calibration recovers a known gain and offset; the error measures on hand-computed cases. */
class CalibrationAndMetricsTest {
    @Test
    void calibrationRecoversGainAndOffsetPerColumn() {
        SplittableRandom rnd = new SplittableRandom(4);
        double[] gain = {0.8, 1.25, -0.5};
        double[] offset = {0.3, -2, 0};
        double[][] ideal = new double[10][3];
        double[][] actual = new double[10][3];
        for (int k = 0; k < 10; k++) {
            for (int j = 0; j < 3; j++) {
                actual[k][j] = 5 * rnd.nextDouble() - 1;
                ideal[k][j] = gain[j] * actual[k][j] + offset[j];
            }
        }
        Calibration c = Calibration.fit(actual, ideal);
        for (int j = 0; j < 3; j++) {
            assertEquals(gain[j], c.gain()[j], 1e-12);
            assertEquals(offset[j], c.offset()[j], 1e-12);
        }
        double[] y = c.apply(new double[] {1, 2, 3});
        assertEquals(0.8 + 0.3, y[0], 1e-12);
        assertEquals(2.5 - 2, y[1], 1e-12);
        assertEquals(-1.5, y[2], 1e-12);
    }

    @Test
    void constantSamplesGetUnitGainAndTheMeanDifference() {
        double[][] actual = {{2}, {2}, {2}};
        double[][] ideal = {{3}, {4}, {5}};
        Calibration c = Calibration.fit(actual, ideal);
        assertEquals(1, c.gain()[0]);
        assertEquals(2, c.offset()[0], 1e-15);
    }

    @Test
    void errorsAreRelativeToEachKernelsIdealRange() {
        // kernel 0: ideal 0, 10, 5 (range 10); kernel 1: ideal -1, 1, 0 (range 2); kernel 2 constant (no range)
        double[][] ideal = {{0, -1, 7}, {10, 1, 7}, {5, 0, 7}};
        double[][] actual = {{1, -1, 7}, {9, 1.5, 7}, {5, 0, 8}};
        double[][] e = ErrorMetrics.outputErrors(actual, ideal);
        assertEquals(0.1, e[0][0], 1e-15);
        assertEquals(-0.1, e[1][0], 1e-15);
        assertEquals(0.25, e[1][1], 1e-15);
        assertTrue(Double.isNaN(e[2][2]), "a constant kernel has no range");
        ErrorMetrics.Summary s = ErrorMetrics.summarize(e);
        assertEquals(6, s.count());
        assertEquals((0.1 + 0.1 + 0.25) / 6, s.mean(), 1e-15);
        assertEquals(0.25, s.worst(), 1e-15);
        assertEquals(Math.log(1 / 0.25 + 1) / Math.log(2), s.worstBits(), 1e-12);
        assertEquals(Math.log(5) / Math.log(2), ErrorMetrics.bits(0.25), 1e-15);
    }

    @Test
    void aTileWhoseSampledInputsAreAllZeroIsStillProgrammed() {
        // a 4x2 tile of border pixels: every sampled input zero, so no ideal output varies
        double[][] a = {{0.5, -0.2}, {0.1, 0.3}, {-0.4, 0.2}, {0.25, 0.05}};
        org.xbarsim.mapping.WeightMapping map = org.xbarsim.mapping.WeightMapping.of(
                org.xbarsim.mapping.WeightMapping.Kind.SHIFT, a, 1 / 300e3, 1 / 15e3, 0.4, 1);
        org.xbarsim.crossbar.CrossbarArray mapped = org.xbarsim.crossbar.CrossbarArray.builder(4, map.arrayColumns())
                .cell(org.xbarsim.crossbar.CrossbarArray.Cell.ONE_R).linear().conductances(map.conductances()).build();
        double[][] zeros = new double[5][4];
        double[][] idealZeros = new double[5][2];
        Mitigation.Programmed p = Mitigation.program(mapped, map, 0.4, 1 / 300e3, 1 / 15e3, new double[] {1, 0.1}, zeros,
                idealZeros, zeros, idealZeros);
        // ranked by absolute error, the chosen amplitude's calibrated outputs of zero inputs are zero
        double[] y = p.calibration().apply(Mitigation.outputs(p.array(), map, new double[][] {new double[4]})[0]);
        assertEquals(0, y[0], 1e-12);
        assertEquals(0, y[1], 1e-12);
        assertEquals(2, p.candidates().size());
        assertTrue(Double.isFinite(p.candidates().get(0).calibrated().mean()));
    }
}
