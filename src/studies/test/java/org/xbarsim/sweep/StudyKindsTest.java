package org.xbarsim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.xbarsim.bench.AccuracyBenchmark;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.mapping.WeightMapping;
import org.xbarsim.nn.Forward;
import org.xbarsim.nn.Inference;
import org.xbarsim.nn.Network;
import org.xbarsim.nn.OnnxImport;
import org.xbarsim.testing.MeasuredData;
import org.xbarsim.testing.SweepTables;

/** The infer, accuracy and DPE study kinds: their values against independent computations, and their spec errors. */
class StudyKindsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String MNIST = SweepTables.mnistInfer(9000, 20) + "  batch: 10\n  arrays: ideal\n";

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void idealArraysWithoutQuantizationOrErrorComputeTheSoftwarePass() throws IOException {
        Path f = write("ideal.yaml", MNIST + "axes:\n  bits: [none, 4]\n  sigma: [0, 5]\ndraws: 2\n");
        SweepSpec spec = SpecReader.read(f);
        Study study = Study.of(spec, f);
        assertEquals(List.of("accuracy", "software_accuracy", "agreement", "unconverted"), study.metrics().subList(0, 4));
        // the software pass computed here independently, with Forward alone
        Network net = OnnxImport.read(ROOT.resolve("benchmarks/models/mnist_cnn.onnx"));
        Inference.Images images = Inference.read(net, Path.of("m"), ROOT.resolve("benchmarks/data/mnist10k/mnist10k-images-idx3-ubyte.gz"),
                ROOT.resolve("benchmarks/data/mnist10k/mnist10k-labels-idx1-ubyte.gz"), 9000, 20);
        int correct = 0;
        for (int k = 0; k < 20; k++) {
            correct += Inference.argmax(Forward.run(net, images.inputs().get(k))) == images.labels()[k] ? 1 : 0;
        }
        double[] exact = SweepRunner.runOne(spec, study, 0, 0).metrics(); // bits none, sigma 0
        assertEquals(correct / 20.0, exact[1], 0);
        assertEquals(exact[1], exact[0], 0);
        assertEquals(1.0, exact[2], 0);
        for (int k = 3; k < exact.length; k++) {
            // exact products against the software pass kept in single precision (6e-8 relative)
            assertTrue(exact[k] < 1e-7, study.metrics().get(k) + " = " + exact[k]);
        }
        // a programming error moves the layers' outputs, differently per draw, and each draw reruns alone identically
        SweepRunner.Run d0 = SweepRunner.runOne(spec, study, 1, 0);
        SweepRunner.Run d1 = SweepRunner.runOne(spec, study, 1, 1);
        assertEquals("mean_err:/features/features.0/Conv", study.metrics().get(4));
        assertTrue(d0.metrics()[4] > 1e-3, "sigma 5 uS: mean error " + d0.metrics()[4]);
        assertTrue(d0.metrics()[4] != d1.metrics()[4]);
        assertEquals(d0.cells(study.metrics().size()).subList(0, 10), SweepRunner.runOne(spec, study, 1, 0).cells(
                study.metrics().size()).subList(0, 10));
        // 4-bit converters: errors of the order of a 4-bit step, never beyond the range
        double[] q = SweepRunner.runOne(spec, study, 2, 0).metrics();
        assertTrue(q[4] > 1e-3 && q[5] <= 1.0, "4 bits: mean " + q[4] + ", worst " + q[5]);
    }

    @Test
    void aWaferIsTheSameAloneAsInsideItsSweep() throws IOException {
        String mlp = SweepTables.mnistInfer(8000, 200).replace("mnist_cnn.onnx", "mnist_mlp.onnx");
        Path f = write("wafers.yaml", mlp + """
                  arrays: ideal
                  mapping: reference
                  dynamic-range: 10
                  relative: 0.1
                axes:
                  levels: [8, 16]
                draws: 6
                seed: 9
                """);
        SweepSpec spec = SpecReader.read(f);
        Path dir = tmp.resolve("wafers");
        SweepRunner.run(spec, Files.readString(f), Study.of(spec, f), dir, 2, null);
        List<String> rows = Files.readAllLines(dir.resolve(SweepRunner.RESULTS));
        assertEquals(13, rows.size());
        Study fresh = Study.of(SpecReader.read(f), f); // a new study, as another machine would build it
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",", -1);
            if (c[1].equals("4")) { // wafer 4 of each point, alone
                List<String> alone = SweepRunner.runOne(spec, fresh, Long.parseLong(c[0]), 4).cells(fresh.metrics().size());
                List<String> inSweep = List.of(c);
                assertEquals(inSweep.subList(0, inSweep.size() - 2), alone.subList(0, alone.size() - 2));
            }
        }
        // the wafers differ, and 16 levels quantize with less error than 8
        SweepReport.Summary sum = SweepReport.summarize(dir);
        SweepReport.Stat acc8 = sum.stats().stream().filter(t -> t.point() == 0 && t.metric().equals("accuracy")).findFirst()
                .orElseThrow();
        assertTrue(acc8.max() > acc8.min(), "wafers: " + acc8);
        double q8 = sum.stats().stream().filter(t -> t.point() == 0 && t.metric().equals("qmse:/hidden/Gemm")).findFirst()
                .orElseThrow().mean();
        double q16 = sum.stats().stream().filter(t -> t.point() == 1 && t.metric().equals("qmse:/hidden/Gemm")).findFirst()
                .orElseThrow().mean();
        assertTrue(q16 < q8 / 2, "quantization MSE 8 levels " + q8 + ", 16 levels " + q16);

        Path bad = write("bad-levels.yaml", mlp + "  levels: 1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.of(SpecReader.read(bad), bad));
        assertEquals(bad + ":8:3: field 'fixed.levels': '1': 0 (continuous conductances) or a whole number of levels from 2 to "
                + (1 << 20), e.getMessage());
        Path bad2 = write("bad-q.yaml", mlp + "  quantizer: kmeans\n");
        e = assertThrows(IllegalArgumentException.class, () -> Study.of(SpecReader.read(bad2), bad2));
        assertEquals(bad2 + ":8:3: field 'fixed.quantizer': 'kmeans': one of [uniform, log, lloyd, truncate]", e.getMessage());
    }

    @Test
    void aModelAxisReportsTheNetworkMetricsOfEachModel() throws IOException {
        String root = Path.of("").toAbsolutePath().toString();
        Path f = write("models.yaml", SweepTables.mnistInfer(9000, 20).replaceAll("  model: .*\n", "")
                + "  arrays: ideal\naxes:\n  model: [" + root + "/benchmarks/models/mnist_mlp.onnx, " + root
                + "/benchmarks/models/mnist_cnn.onnx]\n");
        SweepSpec spec = SpecReader.read(f);
        Study study = Study.of(spec, f);
        assertEquals(List.of("accuracy", "software_accuracy", "agreement", "unconverted"), study.metrics(),
                "the layers differ between models");
        for (int p = 0; p < 2; p++) {
            double[] m = SweepRunner.runOne(spec, study, p, 0).metrics();
            assertEquals(m[1], m[0], 0, "ideal arrays without error classify as the software pass");
            assertEquals(1.0, m[2], 0);
        }
    }

    @Test
    void accuracyStudyIsOneConfigurationOfTheBenchmark() throws IOException {
        Path f = write("acc.yaml", """
                study: accuracy
                fixed: {rows: 16, cols: 8, cell: 1r, r-wire: 2}
                axes:
                  kernel: [gaussian, ternary]
                draws: 2
                seed: 5
                """);
        SweepSpec spec = SpecReader.read(f);
        Study study = Study.of(spec, f);
        SweepRunner.Run run = SweepRunner.runOne(spec, study, 1, 1);
        // the benchmark with the same configuration and the run's seed, through its own API
        CrossbarArray device = CrossbarArray.builder(1, 1).cell(CrossbarArray.Cell.ONE_R).rWire(2).rIn(1).rOut(1).linear()
                .conductance(0, 0, 1 / 15e3).build();
        AccuracyBenchmark.Result r = AccuracyBenchmark.run(new AccuracyBenchmark.Plan(List.of(new int[] {16, 8}),
                List.of(AccuracyBenchmark.KernelType.TERNARY), List.of(0.0), 200, 10, 20,
                new double[] {1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001}, device, 1 / 300e3, 1 / 15e3, 0.4,
                WeightMapping.Kind.SHIFT, 0.2, run.seed()), s -> { });
        for (AccuracyBenchmark.Row row : r.rows()) {
            int k = row.method().ordinal();
            assertEquals(row.summary().mean(), run.metrics()[k], 0, study.metrics().get(k));
            assertEquals(row.summary().worst(), run.metrics()[3 + k], 0, study.metrics().get(3 + k));
            assertEquals(row.method().label() + "_mean", study.metrics().get(k));
        }
        // uncompensated wires lose accuracy; the paper's conversion with calibration wins it back
        assertTrue(run.metrics()[0] > 10 * run.metrics()[2], "none " + run.metrics()[0] + ", ours " + run.metrics()[2]);
    }

    @Test
    void convertersAreSettingsOfTheInferStudy() throws IOException {
        // the DAC and the ADC apart: a DAC alone moves the outputs, an ADC with the full range too, and
        // qscale:1 is the full range without the lattice (the MNIST CNN has no lattice: both equal)
        Path f = write("conv.yaml", MNIST + "  bits: 4\naxes:\n  dac-bits: [none, bits]\n  adc-bits: [none, bits]\n"
                + "  adc-range: [full, 'qscale:1']\n  split: [rows, kernel-rows]\n  max-array: [64x64]\n");
        SweepSpec spec = SpecReader.read(f);
        Study study = Study.of(spec, f);
        double[] none = SweepRunner.runOne(spec, study, 0, 0).metrics(); // no DAC, no ADC, full, rows
        assertTrue(none[4] < 1e-7, "no converters: exact");
        double[] split = SweepRunner.runOne(spec, study, 1, 0).metrics(); // no converters, the kernel-row split
        assertTrue(split[4] < 1e-7, "the kernel-row split without converters: exact");
        double[] adcOnly = SweepRunner.runOne(spec, study, 4, 0).metrics(); // adc 4 bits, full
        assertTrue(adcOnly[4] > 1e-3, "a 4-bit ADC over the full range: mean error " + adcOnly[4]);
        double[] qscale1 = SweepRunner.runOne(spec, study, 6, 0).metrics(); // adc 4 bits, qscale:1
        assertEquals(adcOnly[4], qscale1[4], 0, "without a lattice, full and qscale:1 are one range");
        double[] dacOnly = SweepRunner.runOne(spec, study, 8, 0).metrics(); // dac 4 bits
        assertTrue(dacOnly[4] > 1e-3 && dacOnly[4] != adcOnly[4], "a 4-bit DAC: mean error " + dacOnly[4]);
    }

    /**
     * Paper 004 Algorithm 1: the Q-scale with the best accuracy on the search images, then the test
     * images at that scale. The search never sees the test images: other test images give the same
     * scale and search accuracy, and that accuracy is a plain run on the search images at that scale.
     */
    @Test
    void qScaleSearchJudgesOnItsOwnImagesOnly() throws IOException {
        String search = "  batch: 10\n  arrays: ideal\n  mapping: differential\n  max-array: 64x64\n  adc-bits: 3\n"
                + "  adc-range: search\n  search-first: 8000\n  search-images: 20\n  scales: '0.25,0.5,1'\n";
        Path f = write("search.yaml", SweepTables.mnistInfer(9000, 20) + search);
        SweepSpec spec = SpecReader.read(f);
        Study study = Study.of(spec, f);
        assertEquals(List.of("accuracy", "software_accuracy", "agreement", "unconverted", "qscale", "search_accuracy"),
                study.metrics().subList(0, 6));
        double[] a = SweepRunner.runOne(spec, study, 0, 0).metrics();
        assertTrue(a[4] == 0.25 || a[4] == 0.5 || a[4] == 1, "scale " + a[4]);
        Path g = write("search2.yaml", SweepTables.mnistInfer(9500, 30) + search);
        SweepSpec spec2 = SpecReader.read(g);
        double[] b = SweepRunner.runOne(spec2, Study.of(spec2, g), 0, 0).metrics();
        assertEquals(a[4], b[4], 0, "the same scale whatever the test images");
        assertEquals(a[5], b[5], 0, "the same search accuracy whatever the test images");
        Path h = write("plain.yaml", SweepTables.mnistInfer(8000, 20) + search.replace("adc-range: search",
                "adc-range: 'qscale:" + a[4] + "'"));
        SweepSpec spec3 = SpecReader.read(h);
        assertEquals(a[5], SweepRunner.runOne(spec3, Study.of(spec3, h), 0, 0).metrics()[0], 0,
                "the search accuracy is the accuracy on the search images at the chosen scale");
        Path o = write("overlap.yaml", SweepTables.mnistInfer(8010, 20) + search);
        SweepSpec spec4 = SpecReader.read(o);
        SweepRunner.Run failed = SweepRunner.runOne(spec4, Study.of(spec4, o), 0, 0);
        assertTrue(failed.failed());
        assertTrue(failed.error().contains("search-first 8000, search-images 20: overlaps the test images 8010 to 8029"),
                failed.error());
    }

    @Test
    void studySettingsAreCheckedWithTheirPlaceInTheFile() throws IOException {
        Path f = write("bad.yaml", MNIST + "  r-wyre: 2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.of(SpecReader.read(f), f));
        assertTrue(e.getMessage().startsWith(f + ":10:3: field 'fixed.r-wyre': 'r-wyre' is not a setting of an infer study; "
                + "its settings: model, images-file"), e.getMessage());

        Path g = write("bad2.yaml", MNIST + "axes:\n  bits: [8, 31]\n");
        e = assertThrows(IllegalArgumentException.class, () -> Study.of(SpecReader.read(g), g));
        assertEquals(g + ":11:13: field 'axes.bits[1]': '31': none or a whole number of bits from 1 to 30", e.getMessage());

        Path h = write("bad3.yaml", MNIST.replace("  model: " + ROOT + "/benchmarks/models/mnist_cnn.onnx\n", "  model: nope.onnx\n"));
        e = assertThrows(IllegalArgumentException.class, () -> Study.of(SpecReader.read(h), h));
        assertEquals(h + ":3:3: field 'fixed.model': 'nope.onnx': no such file: " + tmp.resolve("nope.onnx"), e.getMessage());

        Path k = write("bad6.yaml", MNIST + "axes:\n  adc-range: [full, 'qscale:2']\n");
        e = assertThrows(IllegalArgumentException.class, () -> Study.of(SpecReader.read(k), k));
        assertEquals(k + ":11:21: field 'axes.adc-range[1]': 'qscale:2': ADC range 'qscale:2': the Q-scale S of qscale:S "
                + "from 0 (excluded) to 1", e.getMessage());
        Path l = write("bad7.yaml", MNIST + "  dac-bits: adc\n");
        e = assertThrows(IllegalArgumentException.class, () -> Study.of(SpecReader.read(l), l));
        assertEquals(l + ":10:3: field 'fixed.dac-bits': 'adc': none, a whole number of bits from 1 to 30, or 'bits' (the "
                + "same as bits)", e.getMessage());

        Path i = write("bad4.yaml", "study: accuracy\nfixed: {rows: 8}\n");
        e = assertThrows(IllegalArgumentException.class, () -> Study.of(SpecReader.read(i), i));
        assertEquals(i + ":2:1: field 'fixed': an accuracy study needs the setting 'cols' (in fixed or axes)", e.getMessage());

        Path j = write("bad5.yaml", MNIST + "vary:\n  - {param: x, dist: gauss, sigma: 1}\n");
        e = assertThrows(IllegalArgumentException.class, () -> SpecReader.read(j));
        assertTrue(e.getMessage().startsWith(j + ":10:1: field 'vary': only a netlist study takes vary"), e.getMessage());
    }

    @Test
    void fileSettingsTakeEnvironmentVariables() {
        String home = System.getenv("HOME");
        assertEquals(home + "/x", Study.expand("${HOME}/x"));
        assertEquals(home + "/x", Study.expand("${env:HOME}/x"));
        assertEquals("fallback/x", Study.expand("${XBARSIM_SURELY_UNSET_VAR:-fallback}/x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.expand("${XBARSIM_SURELY_UNSET_VAR}/x"));
        assertTrue(e.getMessage().contains("XBARSIM_SURELY_UNSET_VAR is not set"), e.getMessage());
    }

    @Test
    @ExtendWith(MeasuredData.Required.class)
    void dpeStudyMatchesTheMeasuredSlope() throws IOException {
        Path f = write("dpe.yaml", """
                study: dpe
                fixed: {data: %s, cell: 1t1m}
                axes:
                  r-wire: [0.1, 1]
                """.formatted(MeasuredData.resolve("hpe-dpe-array").toAbsolutePath()));
        SweepSpec spec = SpecReader.read(f);
        Study study = Study.of(spec, f);
        for (int p = 0; p < 2; p++) {
            double[] m = SweepRunner.runOne(spec, study, p, 0).metrics();
            assertEquals(1, m[1], 0, "matched");
            // matched means the simulated median column slope is the measured one to 1e-3 (DpeCheck.SLOPE_MATCH)
            assertEquals(m[9], m[2], 1e-3 * m[9]);
            assertTrue(m[3] <= m[2] && m[2] <= m[4]);
        }
    }
}
