package org.xbarsim.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarsim.sweep.SpecReader;
import org.xbarsim.sweep.Study;
import org.xbarsim.sweep.SweepRunner;
import org.xbarsim.sweep.SweepSpec;
import org.xbarsim.testing.SweepTables;

/** Spark in local mode ({@code local[2]}) gives exactly the local runner's table for the same spec. */
class SparkSweepTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("xbarsim-test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void sparkTableEqualsTheLocalRunners() throws Exception {
        Path netlist = Path.of("netlists/crossbar_4x4.cir").toAbsolutePath();
        Path specFile = tmp.resolve("mc.yaml");
        Files.writeString(specFile, """
                study: netlist
                netlist: %s
                axes:
                  rw: [0.5, 2, 0]
                draws: 40
                seed: 11
                vary:
                  - {elements: "*.y1", dist: truncated-gauss, sigma: 0.05}
                  - {param: rin, dist: uniform, half-width: 0.5}
                """.formatted(netlist));
        SweepSpec spec = SpecReader.read(specFile);
        Path local = tmp.resolve("local");
        SweepRunner.run(spec, Files.readString(specFile), Study.of(spec, specFile), local, 2, null);

        Path onSpark = tmp.resolve("spark");
        SparkSweep.Result r = SparkSweep.run(spark, specFile, 5, onSpark);
        assertEquals(120, r.rows());
        assertEquals(40, r.failed(), "rw = 0 is a zero resistance: every draw of that point fails");

        assertSameTables(local, onSpark);
    }

    @Test
    void inferSweepWithTextSettingsGivesTheSameTable() throws Exception {
        Path specFile = tmp.resolve("infer.yaml");
        Files.writeString(specFile, SweepTables.mnistInfer(9000, 10) + """
                  arrays: ideal
                axes:
                  bits: [none, 4]
                  sigma: [3]
                draws: 3
                """);
        SweepSpec spec = SpecReader.read(specFile);
        Path local = tmp.resolve("local-infer");
        SweepRunner.run(spec, Files.readString(specFile), Study.of(spec, specFile), local, 2, null);
        Path onSpark = tmp.resolve("spark-infer");
        SparkSweep.Result r = SparkSweep.run(spark, specFile, 3, onSpark);
        assertEquals(6, r.rows());
        assertEquals(0, r.failed());
        assertEquals("string", r.schema().apply("bits").dataType().typeName(), "none and 4: a text column");
        assertSameTables(local, onSpark);
    }

    @Test
    void filesShippedWithTheJobAreFoundByName() throws Exception {
        // the model is not beside the spec: it goes with the job, as spark-submit --files sends it
        Path model = Path.of("benchmarks/models/mnist_cnn.onnx").toAbsolutePath();
        spark.sparkContext().addFile(model.toString());
        Path specFile = tmp.resolve("shipped.yaml");
        Files.writeString(specFile, SweepTables.mnistInfer(9000, 5).replace(model.toString(), "mnist_cnn.onnx")
                + "  arrays: ideal\n");
        assertTrue(!Files.exists(tmp.resolve("mnist_cnn.onnx")));
        SparkSweep.Result r = SparkSweep.run(spark, specFile, 2, tmp.resolve("shipped"));
        assertEquals(1, r.rows());
        assertEquals(0, r.failed(), Files.readString(tmp.resolve("shipped").resolve(SweepRunner.RESULTS)));
    }

    /** Parquet, read back by Spark, row for row against the local runner's CSV; the same header. */
    private void assertSameTables(Path local, Path onSpark) throws java.io.IOException {
        List<String> fromParquet = new ArrayList<>();
        for (Row row : spark.read().parquet(onSpark.resolve("results.parquet").toString()).collectAsList()) {
            fromParquet.add(String.join("|", withoutTime(SparkSweep.cells(row))));
        }
        List<String> fromLocal = new ArrayList<>();
        List<String> lines = Files.readAllLines(local.resolve(SweepRunner.RESULTS));
        for (String line : lines.subList(1, lines.size())) {
            fromLocal.add(String.join("|", withoutTime(csv(line))));
        }
        fromParquet.sort(null);
        fromLocal.sort(null);
        assertEquals(fromLocal, fromParquet);
        assertEquals(lines.get(0), Files.readAllLines(onSpark.resolve(SweepRunner.RESULTS)).get(0));
        assertTrue(Files.exists(onSpark.resolve("summary.png")));
    }

    private static List<String> csv(String line) throws java.io.IOException {
        try (var p = org.apache.commons.csv.CSVParser.parse(line, org.apache.commons.csv.CSVFormat.DEFAULT)) {
            return p.getRecords().get(0).toList();
        }
    }

    private static List<String> withoutTime(List<String> cells) {
        List<String> c = new ArrayList<>(cells);
        c.remove(c.size() - 2);
        return c;
    }
}
