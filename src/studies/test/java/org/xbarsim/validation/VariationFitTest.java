package org.xbarsim.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.xbarsim.mapping.MeasuredVariation;
import org.xbarsim.testing.MeasuredData;

/**
 * The measured-variation models on the write-verify results and repeated reads
 * (../shared/measured): sampled spreads must lie in the 99 % chi-square interval that the
 * measured sample size gives, in sample and, for programming, with each inner target left out.
 */
@ExtendWith(MeasuredData.Required.class)
class VariationFitTest {
    static final Path DIR = MeasuredData.resolve("readc-1t1r/csv");

    static VariationFit.Result fit() throws Exception {
        VariationFit.Measured p = VariationFit.readProgramming(DIR.resolve("SourceData_Fig_3__3c_conductance_value.csv"));
        VariationFit.Measured r = VariationFit.readReads(DIR.resolve("SourceData_Fig_3__3d.csv"));
        double[] stated = VariationFit.readStatedSpread(DIR.resolve("SourceData_Fig_3__3c_variation.csv"), p.targetsS());
        return VariationFit.fit(p, r, stated, "test", 20_000, 1);
    }

    @Test
    void programmingSpreadReproducedAtEveryTarget() throws Exception {
        VariationFit.Result r = fit();
        assertEquals(7, r.program().size());
        for (int k = 0; k < r.program().size(); k++) {
            VariationFit.Check c = r.program().get(k);
            assertEquals(64, c.count());
            assertTrue(c.spreadAgrees(), "target " + c.targetS() + ": " + c);
            assertTrue(c.ksP() > 0.01, "target " + c.targetS() + ": KS p " + c.ksP());
            // our spread is the one the data's own summary file states
            assertEquals(r.tableSigmaS()[k], c.measuredStdS(), 1e-6 * c.measuredStdS());
        }
        assertEquals(5, r.programLoo().size());
        for (VariationFit.Check c : r.programLoo()) {
            assertTrue(c.spreadAgrees(), "left out " + c.targetS() + ": " + c);
        }
    }

    @Test
    void readSpreadReproducedInSample() throws Exception {
        for (VariationFit.Check c : fit().read()) {
            assertEquals(1000, c.count());
            assertTrue(c.spreadAgrees(), "read at " + c.targetS() + ": " + c);
        }
    }

    @Test
    void modelRoundTripsThroughJson(@TempDir Path dir) throws Exception {
        MeasuredVariation m = fit().model();
        Path f = dir.resolve("v.json");
        Files.writeString(f, m.toJson());
        MeasuredVariation back = MeasuredVariation.read(f);
        assertArrayEquals(m.targetsS(), back.targetsS(), 0);
        assertArrayEquals(m.programZ(), back.programZ(), 0);
        assertEquals(m.readSigma(123e-6), back.readSigma(123e-6), 0);
        // beyond the targets the spread holds at the nearest one's
        assertEquals(m.programSigma(m.targetsS()[0]), m.programSigma(10e-6), 0);
    }
}
