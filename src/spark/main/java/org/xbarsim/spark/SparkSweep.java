package org.xbarsim.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.sweep.SpecReader;
import org.xbarsim.sweep.Study;
import org.xbarsim.sweep.SweepReport;
import org.xbarsim.sweep.SweepRunner;
import org.xbarsim.sweep.SweepSpec;

/**
 * A sweep run as Spark tasks: every point x draw of a {@link SweepSpec} is one element of a
 * range split into partitions; each partition builds the study once and runs its points with
 * {@link SweepRunner#runOne}, so a row is the same whichever executor ran it, and a task Spark
 * retries after a lost executor gives the same rows again. Writes {@code DIR/results.parquet},
 * and {@code DIR/results.csv} with the summaries exactly as the local runner does.
 *
 * <p>Files: executors read the spec and the netlist at the driver's absolute paths (shared
 * storage, or local mode); where those do not exist, from the files shipped with the job
 * ({@code spark-submit --files spec.yaml,netlist.cir,...}, side by side).
 */
public final class SparkSweep {
    private SparkSweep() {
    }

    /** {@code SPEC -o DIR [--partitions N]}, for {@code spark-submit --class org.xbarsim.spark.SparkSweep}. */
    public static void main(String[] args) throws IOException {
        Path spec = null;
        Path dir = null;
        int partitions = 0;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "-o", "--output" -> dir = Path.of(value(args, ++k, "-o"));
                case "--partitions" -> partitions = Integer.parseInt(value(args, ++k, "--partitions"));
                default -> {
                    if (args[k].startsWith("-") || spec != null) {
                        usage("unexpected argument '" + args[k] + "'");
                    }
                    spec = Path.of(args[k]);
                }
            }
        }
        if (spec == null || dir == null) {
            usage("give SPEC and -o DIR");
        }
        SparkSession spark = SparkSession.builder().appName("xbarsim sweep " + spec.getFileName()).getOrCreate();
        try {
            long t0 = System.nanoTime();
            Result r = run(spark, spec, partitions, dir);
            System.out.printf(Locale.ROOT, "Ran %d runs as Spark tasks in %.2f s; %d failed; %s, %s%n", r.rows(),
                    (System.nanoTime() - t0) / 1e9, r.failed(), dir.resolve("results.parquet"), dir.resolve("summary.md"));
        } finally {
            spark.stop();
        }
    }

    private static String value(String[] args, int k, String option) {
        if (k >= args.length) {
            usage(option + " needs a value");
        }
        return args[k];
    }

    private static void usage(String why) {
        System.err.println("error: " + why + "\nusage: SparkSweep SPEC -o DIR [--partitions N]");
        System.exit(2);
    }

    /** What a Spark run wrote. */
    public record Result(long rows, long failed, StructType schema) {
    }

    /**
     * Runs every point x draw of {@code specFile} on {@code spark} and writes {@code dir}.
     *
     * @param partitions Spark partitions (tasks); 0: 4 per core of the default parallelism
     */
    public static Result run(SparkSession spark, Path specFile, int partitions, Path dir) throws IOException {
        String text = Files.readString(specFile);
        SweepSpec spec = SpecReader.parse(specFile, text);
        Study study = Study.of(spec, specFile, files(specFile)); // on the driver: every name checked before a task starts
        List<String> header = SweepRunner.header(spec, study.metrics());
        StructType schema = schema(spec, study.metrics());
        long total = Math.multiplyExact(spec.points(), (long) spec.draws());
        int parts = partitions > 0 ? partitions : Math.max(1, (int) Math.min(total, 4L * spark.sparkContext().defaultParallelism()));
        Tasks tasks = new Tasks(specFile.toAbsolutePath().toString(), text);
        Dataset<Row> rows = spark.range(0, total, 1, parts).as(Encoders.LONG())
                .mapPartitions(tasks, ExpressionEncoder.apply(schema));
        Files.createDirectories(dir);
        Path parquet = dir.resolve("results.parquet");
        rows.write().mode(SaveMode.Overwrite).parquet(parquet.toAbsolutePath().toString());
        // the same table as the local runner's, from what Spark wrote
        List<Row> back = spark.read().parquet(parquet.toAbsolutePath().toString()).orderBy("point", "draw").collectAsList();
        CSVFormat csv = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
        long failed = 0;
        StringBuilder out = new StringBuilder(csv.format(header.toArray())).append('\n');
        for (Row r : back) {
            List<String> cells = cells(r);
            failed += r.getString(r.fieldIndex("status")).equals("failed") ? 1 : 0;
            out.append(csv.format(cells.toArray())).append('\n');
        }
        AtomicFile.write(dir.resolve(SweepRunner.RESULTS), w -> w.write(out.toString()));
        AtomicFile.write(dir.resolve(SweepRunner.SPEC_COPY), w -> w.write(text));
        SweepReport.write(dir);
        return new Result(back.size(), failed, schema);
    }

    /**
     * Where a setting's file is: at its path relative to the spec (shared storage), else the file of
     * the same name shipped with the job ({@code spark-submit --files}, {@code SparkContext.addFile}).
     */
    static java.util.function.Function<String, Path> files(Path specFile) {
        Path base = specFile.toAbsolutePath().getParent();
        return name -> {
            Path local = base.resolve(Study.expand(name)).normalize();
            if (Files.exists(local)) {
                return local;
            }
            Path shipped = Path.of(SparkFiles.get(local.getFileName().toString()));
            return Files.exists(shipped) ? shipped : local; // a missing file is named where the spec puts it
        };
    }

    /** The results' columns: point, draw, seed (long); the axes (double, or string for texts); status; the metrics (double); millis; error. */
    static StructType schema(SweepSpec spec, List<String> metrics) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("point", DataTypes.LongType, false));
        f.add(DataTypes.createStructField("draw", DataTypes.LongType, false));
        f.add(DataTypes.createStructField("seed", DataTypes.LongType, false));
        for (Map.Entry<String, SweepSpec.Axis> a : spec.axes().entrySet()) {
            f.add(DataTypes.createStructField(a.getKey(), a.getValue().numeric() ? DataTypes.DoubleType : DataTypes.StringType, false));
        }
        f.add(DataTypes.createStructField("status", DataTypes.StringType, false));
        for (String m : metrics) {
            f.add(DataTypes.createStructField(m, DataTypes.DoubleType, true));
        }
        f.add(DataTypes.createStructField("millis", DataTypes.DoubleType, false));
        f.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        return DataTypes.createStructType(f);
    }

    /** A results row as the local runner writes its cells ({@link SweepRunner.Run#cells}). */
    public static List<String> cells(Row r) {
        int status = r.fieldIndex("status");
        int millis = r.fieldIndex("millis");
        SweepSpec.Value[] settings = new SweepSpec.Value[status - 3];
        for (int a = 0; a < settings.length; a++) {
            Object v = r.get(3 + a);
            settings[a] = v instanceof String t ? SweepSpec.Value.of(t) : SweepSpec.Value.of(r.getDouble(3 + a));
        }
        double[] metrics = null;
        if (r.getString(status).equals("ok")) {
            metrics = new double[millis - status - 1];
            for (int m = 0; m < metrics.length; m++) {
                metrics[m] = r.getDouble(status + 1 + m);
            }
        }
        SweepRunner.Run run = new SweepRunner.Run(r.getLong(0), r.getLong(1), r.getLong(2), settings, metrics, r.getDouble(millis),
                r.isNullAt(millis + 1) ? null : r.getString(millis + 1));
        return run.cells(millis - status - 1);
    }

    /** A run as a row of {@link #schema}: null metrics where it failed, a null error where it did not. */
    static Row row(SweepRunner.Run run, int metricCount, boolean[] numericAxes) {
        Object[] v = new Object[run.settings().length + metricCount + 6];
        int c = 0;
        v[c++] = run.point();
        v[c++] = run.draw();
        v[c++] = run.seed();
        for (int a = 0; a < run.settings().length; a++) {
            SweepSpec.Value x = run.settings()[a];
            v[c++] = numericAxes[a] ? (Object) x.number() : x.cell(); // a text column holds its numbers as the CSV does
        }
        v[c++] = run.failed() ? "failed" : "ok";
        for (int k = 0; k < metricCount; k++) {
            v[c++] = run.failed() ? null : run.metrics()[k];
        }
        v[c++] = run.millis();
        v[c] = run.error();
        return RowFactory.create(v);
    }

    /** One partition's runs: the study built once, then each index point x draws + draw. */
    private static final class Tasks implements MapPartitionsFunction<Long, Row>, Serializable {
        private static final long serialVersionUID = 1L;
        private final String specPath;
        private final String specText;

        Tasks(String specPath, String specText) {
            this.specPath = specPath;
            this.specText = specText;
        }

        @Override
        public Iterator<Row> call(Iterator<Long> indices) {
            Path file = Path.of(specPath);
            if (!Files.exists(file)) {
                file = Path.of(SparkFiles.get(file.getFileName().toString()));
            }
            SweepSpec spec = SpecReader.parse(file, specText);
            Study study = Study.of(spec, file, files(file));
            long draws = spec.draws();
            int metricCount = study.metrics().size();
            boolean[] numericAxes = new boolean[spec.axes().size()];
            int a = 0;
            for (SweepSpec.Axis axis : spec.axes().values()) {
                numericAxes[a++] = axis.numeric();
            }
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return indices.hasNext();
                }

                @Override
                public Row next() {
                    long k = indices.next();
                    return row(SweepRunner.runOne(spec, study, k / draws, k % draws), metricCount, numericAxes);
                }
            };
        }
    }
}
