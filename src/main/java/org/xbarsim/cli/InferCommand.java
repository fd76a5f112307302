package org.xbarsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.xbarsim.conversion.ErrorMetrics;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.nn.CrossbarDriver;
import org.xbarsim.nn.Forward;
import org.xbarsim.nn.Idx;
import org.xbarsim.nn.Network;
import org.xbarsim.nn.OnnxImport;
import org.xbarsim.nn.SimulatedArrays;
import org.xbarsim.nn.Tensor;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.report.Charts;

/** {@code xbarsim infer}: a trained network through simulated arrays, per setting, against its software pass. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Run an ONNX network on IDX images with its Conv/Gemm layers on simulated crossbar arrays (dense "
                + "mapping, tiling, conversion and calibration per array, DAC/ADC), for each ADC/DAC resolution and "
                + "programming error; report accuracy next to the software pass and the error of each layer. Writes "
                + "CSV, PNG and a markdown summary into a folder.")
final class InferCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "the ONNX model")
    Path model;

    @Option(names = "--images-file", required = true, description = "IDX image file (idx3-ubyte, .gz allowed)")
    Path imagesFile;

    @Option(names = "--labels-file", required = true, description = "IDX label file (idx1-ubyte, .gz allowed)")
    Path labelsFile;

    @Option(names = "--first", defaultValue = "0", description = "index of the first image used; default: ${DEFAULT-VALUE}")
    int first;

    @Option(names = "--images", defaultValue = "100", description = "images to run; default: ${DEFAULT-VALUE}")
    int count;

    @Option(names = "--batch", defaultValue = "50",
            description = "images per batch; the first batch calibrates the arrays; default: ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--bits", split = ",", defaultValue = "none,8,6,4",
            description = "ADC and DAC resolutions to sweep (none = no quantization); default: ${DEFAULT-VALUE}")
    List<String> bits;

    @Option(names = "--sigma", split = ",", defaultValue = "0",
            description = "programming errors to sweep, standard deviation of the conductance (uS); default: ${DEFAULT-VALUE}")
    List<Double> sigmas;

    @Option(names = "--max-array", defaultValue = "1024x1024",
            description = "largest array ROWSxCOLS; larger layers are tiled; default: ${DEFAULT-VALUE}")
    String maxArray;

    @Option(names = "--amplitudes", split = ",", defaultValue = "1,0.1,0.01,0.001",
            description = "conversion amplitudes tried per array; default: ${DEFAULT-VALUE}")
    List<Double> amplitudes;

    @CommandLine.Mixin
    DeviceOptions device;

    @Option(names = "--seed", defaultValue = "1", description = "seed of sample choice and programming error; default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "benchmarks/results/infer", description = "folder to write; default: ${DEFAULT-VALUE}")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One setting's outcome. */
    private record Setting(String bits, double sigmaUs, double accuracy, double softwareAccuracy, double imagesPerSecond,
                           double setupSeconds, Map<String, ErrorMetrics.Summary> layers) {
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1 || batch < 1 || first < 0) {
            throw new IllegalArgumentException("--images " + count + ", --batch " + batch + ", --first " + first
                    + ": images and batch at least 1, first at least 0");
        }
        int[] max = Sizes.parse(List.of(maxArray), "--max-array").get(0);
        for (String b : bits) {
            bitsOf(b);
        }
        for (double s : sigmas) {
            if (!(s >= 0)) {
                throw new IllegalArgumentException("--sigma " + s + " uS: zero or positive");
            }
        }
        Network net = OnnxImport.read(model);
        Idx.Images images = Idx.readImages(imagesFile);
        int[] labels = Idx.readLabels(labelsFile);
        if (first + count > Math.min(images.count(), labels.length)) {
            throw new IllegalArgumentException("--first " + first + " --images " + count + ": the files hold "
                    + Math.min(images.count(), labels.length) + " images");
        }
        CrossbarArray template = device.template();
        List<Tensor> inputs = new ArrayList<>();
        for (int k = first; k < first + count; k++) {
            inputs.add(new Tensor(new int[] {1, 1, images.rows(), images.cols()}, images.scaled(k)));
        }
        // the software pass: ideal outputs of every node, and its accuracy
        List<Map<String, Tensor>> soft = new ArrayList<>();
        int softCorrect = 0;
        for (int k = 0; k < count; k++) {
            Map<String, Tensor> acts = new LinkedHashMap<>();
            Tensor y = Forward.run(net, inputs.get(k), (n, t) -> acts.put(n.name(), t));
            soft.add(acts);
            softCorrect += argmax(y) == labels[first + k] ? 1 : 0;
        }
        double softAcc = (double) softCorrect / count;
        List<Setting> settings = new ArrayList<>();
        int total = bits.size() * sigmas.size() * count;
        try (ProgressBar bar = RunCommand.progressBar("infer", total, " images")) {
            for (double sigmaUs : sigmas) {
                for (String b : bits) {
                    int q = bitsOf(b);
                    SimulatedArrays arrays = new SimulatedArrays(template, device.gMin(), device.gMax(), device.vMax,
                            device.headroom,
                            amplitudes.stream().mapToDouble(Double::doubleValue).toArray(), 10, 20, q, q, sigmaUs * 1e-6,
                            seed);
                    CrossbarDriver driver = new CrossbarDriver(net, max[0], max[1], arrays);
                    Map<String, List<double[][]>> errs = new LinkedHashMap<>();
                    int correct = 0;
                    long setupNanos = 0;
                    long runNanos = 0;
                    for (int b0 = 0; b0 < count; b0 += batch) {
                        int b1 = Math.min(count, b0 + batch);
                        int from = b0;
                        long t0 = System.nanoTime();
                        List<Tensor> out = driver.runBatch(inputs.subList(b0, b1), (n, ys) -> {
                            if (n.op().equals("Conv") || n.op().equals("Gemm") || n.op().equals("MatMul")) {
                                List<double[][]> acc = errs.computeIfAbsent(n.name(), k -> new ArrayList<>());
                                for (int k = 0; k < ys.size(); k++) {
                                    acc.add(new double[][] {ys.get(k).data(), soft.get(from + k).get(n.name()).data()});
                                }
                            }
                        });
                        long dt = System.nanoTime() - t0;
                        if (b0 == 0) {
                            setupNanos = dt; // the first batch makes, converts and calibrates every array
                        } else {
                            runNanos += dt;
                        }
                        for (int k = 0; k < out.size(); k++) {
                            correct += argmax(out.get(k)) == labels[first + b0 + k] ? 1 : 0;
                        }
                        bar.stepBy(b1 - b0);
                        bar.setExtraMessage(String.format(Locale.ROOT, "bits %s, sigma %s uS", b, sigmaUs));
                    }
                    int timed = count - Math.min(batch, count);
                    double ips = timed > 0 ? timed / (runNanos / 1e9) : Double.NaN;
                    Map<String, ErrorMetrics.Summary> layers = new LinkedHashMap<>();
                    for (Map.Entry<String, List<double[][]>> e : errs.entrySet()) {
                        layers.put(e.getKey(), layerError(e.getValue()));
                    }
                    settings.add(new Setting(b, sigmaUs, (double) correct / count, softAcc, ips, setupNanos / 1e9, layers));
                }
            }
        }
        Files.createDirectories(output);
        AtomicFile.write(output.resolve("accuracy.csv"), w -> {
            w.write("bits,sigma_us,images,accuracy,software_accuracy,images_per_s,setup_s\n");
            for (Setting s : settings) {
                w.write(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%.2f,%.2f%n", s.bits(), s.sigmaUs(), count, s.accuracy(),
                        s.softwareAccuracy(), s.imagesPerSecond(), s.setupSeconds()));
            }
        });
        AtomicFile.write(output.resolve("layer-errors.csv"), w -> {
            w.write("bits,sigma_us,layer,mean_rel_err,worst_rel_err\n");
            for (Setting s : settings) {
                for (Map.Entry<String, ErrorMetrics.Summary> e : s.layers().entrySet()) {
                    w.write(String.format(Locale.ROOT, "%s,%s,%s,%.4e,%.4e%n", s.bits(), s.sigmaUs(), e.getKey(),
                            e.getValue().mean(), e.getValue().worst()));
                }
            }
        });
        plotLayers(settings, output.resolve("layer-errors.png"));
        String md = summary(settings, count, String.format(Locale.ROOT, "%s; largest array %s, amplitudes %s, seed %d",
                device.describe(), maxArray, amplitudes, seed));
        AtomicFile.write(output.resolve("summary.md"), w -> w.write(md));
        spec.commandLine().getOut().print(md);
        spec.commandLine().getOut().println("written: " + output);
        return 0;
    }

    /** A resolution from --bits: none, or 1 to 30 bits. */
    private static int bitsOf(String b) {
        if (b.equalsIgnoreCase("none")) {
            return 0;
        }
        try {
            int q = Integer.parseInt(b.strip());
            if (q >= 1 && q <= 30) {
                return q;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("--bits " + b + ": none or a whole number of bits from 1 to 30");
    }

    private static int argmax(Tensor t) {
        int best = 0;
        for (int k = 1; k < t.size(); k++) {
            best = t.data()[k] > t.data()[best] ? k : best;
        }
        return best;
    }

    /** Relative errors of one layer's outputs over every image, each value against the range of all ideal values. */
    private static ErrorMetrics.Summary layerError(List<double[][]> pairs) {
        double[][] actual = new double[pairs.size()][];
        double[][] ideal = new double[pairs.size()][];
        for (int k = 0; k < pairs.size(); k++) {
            actual[k] = pairs.get(k)[0];
            ideal[k] = pairs.get(k)[1];
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : ideal) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double range = hi > lo ? hi - lo : 1;
        double[][] e = new double[actual.length][];
        for (int k = 0; k < actual.length; k++) {
            e[k] = new double[actual[k].length];
            for (int j = 0; j < e[k].length; j++) {
                e[k][j] = (actual[k][j] - ideal[k][j]) / range;
            }
        }
        return ErrorMetrics.summarize(e);
    }

    private static void plotLayers(List<Setting> settings, Path file) throws IOException {
        List<Charts.Series> series = new ArrayList<>();
        for (Setting s : settings) {
            double[] x = new double[s.layers().size()];
            double[] mean = new double[x.length];
            double[] worst = new double[x.length];
            int k = 0;
            for (ErrorMetrics.Summary e : s.layers().values()) {
                x[k] = k + 1;
                mean[k] = Math.max(e.mean(), 1e-12);
                worst[k] = Math.max(e.worst(), 1e-12);
                k++;
            }
            String label = "bits " + s.bits() + (s.sigmaUs() > 0 ? ", sigma " + s.sigmaUs() + " uS" : "");
            series.add(new Charts.Series(label + " mean", x, mean));
            series.add(new Charts.Series(label + " worst", x, worst));
        }
        Charts.write(List.of(new Charts.Chart("error propagation along the array layers", "array layer",
                "relative error", false, true, true, series)), 1, file);
    }

    private static String summary(List<Setting> settings, int count, String arrays) {
        StringBuilder sb = new StringBuilder("# Inference through simulated arrays\n\nArrays: " + arrays + ".\n\n");
        sb.append(String.format(Locale.ROOT, "%d images; software accuracy %.2f %%.%n%n", count,
                100 * settings.get(0).softwareAccuracy()));
        sb.append("| ADC/DAC bits | sigma (uS) | accuracy | images/s after setup | setup (s) |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (Setting s : settings) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f %% | %.1f | %.1f |%n", s.bits(), s.sigmaUs(),
                    100 * s.accuracy(), s.imagesPerSecond(), s.setupSeconds()));
        }
        sb.append("\nMean / worst relative error of each array layer's outputs against the software pass (relative to the "
                + "range of the layer's ideal outputs):\n\n| ADC/DAC bits | sigma (uS) | layer | mean | worst |\n"
                + "| --- | ---: | --- | ---: | ---: |\n");
        for (Setting s : settings) {
            for (Map.Entry<String, ErrorMetrics.Summary> e : s.layers().entrySet()) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3e | %.3e |%n", s.bits(), s.sigmaUs(), e.getKey(),
                        e.getValue().mean(), e.getValue().worst()));
            }
        }
        return sb.toString();
    }
}
