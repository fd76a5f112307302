package org.xbarsim.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.xbarsim.testing.MeasuredData;

/**
 * The device fits on the measured 1T1R sweeps (../shared/measured, read in place). Every bound is
 * a property of the data computed here from the raw points: the compliance plateau, the cell's
 * conductance at V_read, the branch's largest current and its point-to-point noise.
 */
@ExtendWith(MeasuredData.Required.class)
class DeviceFitTest {
    static final Path SWEEPS = MeasuredData.resolve("readc-1t1r/csv/SourceData_Fig_3__3b.csv");
    static List<DeviceFit.Sweep> sweeps;
    static DeviceFit.Result fit;

    @BeforeAll
    static void fitOnce() throws Exception {
        if (!MeasuredData.available()) {
            return; // every test is skipped with the reason
        }
        sweeps = DeviceFit.readSweeps(SWEEPS);
        fit = DeviceFit.fit(sweeps, 0.2, 0.3, 0.5, 2e-3);
    }

    /** RMS of second differences over sqrt(6): the noise of a smooth curve's samples. */
    static double noise(double[] i) {
        double ss = 0;
        for (int q = 1; q + 1 < i.length; q++) {
            double d2 = i[q + 1] - 2 * i[q] + i[q - 1];
            ss += d2 * d2;
        }
        return Math.sqrt(ss / (i.length - 2) / 6);
    }

    @Test
    void readsEightComplianceLevels() {
        assertEquals(8, sweeps.size());
        for (int k = 0; k < 8; k++) {
            assertEquals(50 * (k + 1), sweeps.get(k).complianceUa());
            assertEquals(154, sweeps.get(k).vSet().length);
            assertEquals(202, sweeps.get(k).vReset().length);
        }
    }

    @Test
    void sinhLawFollowsEachLowFieldBranch() {
        for (int k = 0; k < sweeps.size(); k++) {
            DeviceFit.Branch b = DeviceFit.resetLowField(sweeps.get(k), 0.3);
            double max = maxAbs(b.i());
            DeviceFit.SinhState s = fit.sinh().get(k);
            String at = sweeps.get(k).complianceUa() + " uA";
            // within ten times the data's own point-to-point noise and 0.5 % of its largest current
            assertTrue(s.rmsA() <= 10 * noise(b.i()), at + ": sinh RMS " + s.rmsA() + " A, noise " + noise(b.i()));
            assertTrue(s.rmsA() <= 0.005 * max, at + ": sinh RMS " + s.rmsA() + " A against " + max + " A");
            // the curvature is in the data: the best straight line misses it by at least twice as much
            assertTrue(s.rmsLinearA() >= 2 * s.rmsA(), at + ": linear " + s.rmsLinearA() + " sinh " + s.rmsA());
            // the state's current at V_read is the data's own, interpolated, within the same ten noises
            double iData = interpolate(b.v(), b.i(), -0.2);
            assertEquals(iData, -0.2 * s.g().value(), 10 * noise(b.i()), at);
            assertTrue(s.b().value() > 0 && s.b().std() < 0.1 * s.b().value(), at + ": b " + s.b());
        }
    }

    @Test
    void tableLawOfOneShapeFitsEveryState() {
        for (int k = 0; k < sweeps.size(); k++) {
            DeviceFit.Branch b = DeviceFit.resetLowField(sweeps.get(k), 0.3);
            double max = maxAbs(b.i());
            double rms = fit.table().rmsA()[k];
            assertTrue(rms <= 0.01 * max, sweeps.get(k).complianceUa() + " uA: table RMS " + rms + " A against " + max);
            assertTrue(rms < fit.sinh().get(k).rmsLinearA(), "the table's shape beats a straight line");
            // the table law goes through its own knots: T(V_read) = V_read, so I(V_read) = G V_read
            assertEquals(fit.table().g()[k].value() * 0.2, fit.table().law(0.2).current(0.2, fit.table().g()[k].value()), 1e-15);
        }
    }

    @Test
    void transistorClampsAtTheMeasuredCompliance() {
        DeviceFit.Transistor t = fit.fet();
        for (int k = 0; k < sweeps.size(); k++) {
            DeviceFit.Branch set = DeviceFit.setReturn(sweeps.get(k));
            // the measured plateau, computed here: median of the points within 1 % of the largest
            double top = 0;
            for (double i : set.i()) {
                top = Math.max(top, i);
            }
            double limit = top;
            double[] near = java.util.Arrays.stream(set.i()).filter(i -> i >= 0.99 * limit).sorted().toArray();
            double plateau = near[near.length / 2];
            String at = sweeps.get(k).complianceUa() + " uA";
            assertEquals(plateau, t.clampA()[k], 0.005 * plateau, at);
            assertTrue(t.rmsA()[k] <= 0.02 * plateau, at + ": SET RMS " + t.rmsA()[k]);
            if (k > 0) {
                assertTrue(t.vGate()[k].value() > t.vGate()[k - 1].value(), "a higher compliance needs a higher gate");
            }
        }
        assertTrue(t.beta().value() > 0 && t.beta().std() < 0.5 * t.beta().value(), "beta " + t.beta());
    }

    static double maxAbs(double[] x) {
        return java.util.Arrays.stream(x).map(Math::abs).max().orElseThrow();
    }

    static double interpolate(double[] x, double[] y, double at) {
        for (int k = 0; k + 1 < x.length; k++) {
            double lo = Math.min(x[k], x[k + 1]);
            double hi = Math.max(x[k], x[k + 1]);
            if (at >= lo && at <= hi) {
                double w = (at - x[k]) / (x[k + 1] - x[k]);
                return y[k] + w * (y[k + 1] - y[k]);
            }
        }
        throw new AssertionError(at + " outside the branch");
    }
}
