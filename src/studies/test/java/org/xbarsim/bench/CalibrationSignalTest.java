package org.xbarsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.mapping.WeightMapping;

/**
 * The calibration signals of paper 002 Fig. 12 on a small passive array with sparse inputs: every
 * signal sees the same kernel and inputs (the uncompensated and the original rows are equal),
 * the default is the shuffled signal, no calibration leaves the converted array's error, and
 * calibrating on samples of the inputs beats random vectors when the inputs are sparse.
 */
class CalibrationSignalTest {
    private static AccuracyBenchmark.Result run(AccuracyBenchmark.CalibrationSignal signal) {
        CrossbarArray device = CrossbarArray.builder(1, 1).cell(CrossbarArray.Cell.ONE_R).rWire(5).rIn(1).rOut(1).linear()
                .conductance(0, 0, 1 / 15e3).build();
        return AccuracyBenchmark.run(new AccuracyBenchmark.Plan(List.of(new int[] {48, 8}),
                List.of(AccuracyBenchmark.KernelType.GAUSSIAN), List.of(0.8), 120, 10, 20, new double[] {1, 0.1, 0.01},
                device, 1 / 300e3, 1 / 15e3, 0.4, WeightMapping.Kind.SHIFT, 0.2, 3, signal), s -> { });
    }

    @Test
    void signalsChangeOnlyTheCalibration() {
        Map<AccuracyBenchmark.CalibrationSignal, AccuracyBenchmark.Result> r = new EnumMap<>(AccuracyBenchmark.CalibrationSignal.class);
        for (AccuracyBenchmark.CalibrationSignal s : AccuracyBenchmark.CalibrationSignal.values()) {
            r.put(s, run(s));
        }
        AccuracyBenchmark.Result shuffled = r.get(AccuracyBenchmark.CalibrationSignal.SHUFFLED);
        for (AccuracyBenchmark.Result x : r.values()) {
            for (int k = 0; k < 2; k++) { // none and original do not calibrate
                assertEquals(shuffled.rows().get(k).summary().mean(), x.rows().get(k).summary().mean(), 0);
            }
        }
        double none = mitigated(r.get(AccuracyBenchmark.CalibrationSignal.NONE));
        double random = mitigated(r.get(AccuracyBenchmark.CalibrationSignal.RANDOM));
        double decreasing = mitigated(r.get(AccuracyBenchmark.CalibrationSignal.DECREASING));
        double ours = mitigated(shuffled);
        // without calibration the method is a conversion at the best amplitude: a linear array's G' does not
        // depend on it, so it equals the original conversion
        assertEquals(shuffled.rows().get(1).summary().mean(), none, 1e-12);
        assertTrue(ours < random && ours < none, "shuffled " + ours + ", random " + random + ", none " + none);
        assertNotEquals(random, decreasing);
        // the default plan calibrates on the shuffled inputs
        CrossbarArray device = CrossbarArray.builder(1, 1).cell(CrossbarArray.Cell.ONE_R).rWire(5).rIn(1).rOut(1).linear()
                .conductance(0, 0, 1 / 15e3).build();
        AccuracyBenchmark.Result byDefault = AccuracyBenchmark.run(new AccuracyBenchmark.Plan(List.of(new int[] {48, 8}),
                List.of(AccuracyBenchmark.KernelType.GAUSSIAN), List.of(0.8), 120, 10, 20, new double[] {1, 0.1, 0.01},
                device, 1 / 300e3, 1 / 15e3, 0.4, WeightMapping.Kind.SHIFT, 0.2, 3), s -> { });
        assertEquals(ours, mitigated(byDefault), 0);
    }

    private static double mitigated(AccuracyBenchmark.Result r) {
        return r.rows().get(2).summary().mean();
    }
}
