package org.xbarsim.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.testing.MeasuredData;

/** The array check on the DPE reads (../shared/measured): bounds from the measured columns. */
@ExtendWith(MeasuredData.Required.class)
class DpeCheckTest {
    static final Path DIR = MeasuredData.resolve("hpe-dpe-array");

    @Test
    void simulatedColumnsFallWithinTheMeasuredOnes() throws Exception {
        DpeCheck.Reads d = DpeCheck.read(DIR);
        assertEquals(60, d.rows());
        assertEquals(60, d.cols());
        assertEquals(300, d.pairs());
        DpeCheck.DataStats st = DpeCheck.stats(d);
        assertEquals(0, st.pairMismatch(), "a vector and its complement drive every ON device once");
        assertTrue(st.gOn() > st.gOff() && st.gOff() >= 0, "G_on " + st.gOn() + ", G_off " + st.gOff());
        double[] slope = st.columns().stream().mapToDouble(DpeCheck.ColumnFit::slope).toArray();
        double[] icept = st.columns().stream().mapToDouble(DpeCheck.ColumnFit::intercept).toArray();
        Arrays.sort(slope);
        Arrays.sort(icept);
        double[][] g = new double[64][60];
        for (double[] row : g) {
            Arrays.fill(row, st.gOff());
        }
        CrossbarArray a = CrossbarArray.builder(64, 60).cell(CrossbarArray.Cell.ONE_T_ONE_M).linear().rWire(0.1)
                .conductances(g).build();
        DpeCheck.SimulatedReads y = DpeCheck.simulate(d, a, st.gOn(), st.gOff(), st.deviceSigma(), st.offset(), st.activeShare(), 0.2,
                1);
        var sim = DpeCheck.columnFits(y.conductance(), y.count());
        double simSlope = DpeCheck.median(sim.stream().mapToDouble(DpeCheck.ColumnFit::slope).toArray());
        double simIcept = DpeCheck.median(sim.stream().mapToDouble(DpeCheck.ColumnFit::intercept).toArray());
        // the simulated median column lies inside the measured interquartile ranges
        assertTrue(simSlope >= slope[15] && simSlope <= slope[45], "slope " + simSlope + " vs " + slope[15] + ".." + slope[45]);
        assertTrue(simIcept >= icept[15] && simIcept <= icept[45], "intercept " + simIcept + " vs " + icept[15] + ".."
                + icept[45]);
    }

    @Test
    void wireResistanceBoundedByTheReadsLinearity() throws Exception {
        DpeCheck.Reads d = DpeCheck.read(DIR);
        DpeCheck.DataStats st = DpeCheck.stats(d);
        double lowest = st.columns().stream().mapToDouble(DpeCheck.ColumnFit::r).min().orElseThrow();
        double[][] g = new double[64][60];
        for (double[] row : g) {
            Arrays.fill(row, st.gOff());
        }
        CrossbarArray base = CrossbarArray.builder(64, 60).cell(CrossbarArray.Cell.ONE_T_ONE_M).linear().conductances(g)
                .build();
        // 1 Ohm segments: a device G_on gives the measured slope, and the reads stay as linear as measured
        DpeCheck.Simulated one = DpeCheck.matched(d, base.toBuilder().rWire(1).build(), st, 0.2, 1);
        assertTrue(one.matched());
        assertTrue(one.columns().stream().allMatch(c -> c.r() > lowest), "1 Ohm keeps every column as linear as measured");
        // 10 Ohm segments: the IR drop bends the reads below the least linear measured column
        DpeCheck.Simulated ten = DpeCheck.matched(d, base.toBuilder().rWire(10).build(), st, 0.2, 1);
        assertTrue(ten.columns().stream().mapToDouble(DpeCheck.ColumnFit::r).min().orElseThrow() < lowest,
                "10 Ohm is excluded by the measured linearity");
    }
}
