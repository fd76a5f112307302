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

import org.xbarsim.bench.WholeProcessTimer;
import org.xbarsim.conversion.ErrorMetrics;
import org.xbarsim.conversion.Mitigation;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.mapping.DeviceVariation;
import org.xbarsim.mapping.MeasuredVariation;
import org.xbarsim.mapping.Quantizer;
import org.xbarsim.mapping.WeightMapping;
import org.xbarsim.nn.Converters;
import org.xbarsim.nn.CrossbarDriver;
import org.xbarsim.nn.Inference;
import org.xbarsim.nn.InputBinarization;
import org.xbarsim.nn.WeightQuantization;
import org.xbarsim.nn.Network;
import org.xbarsim.nn.OnnxImport;
import org.xbarsim.nn.SimulatedArrays;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.report.Charts;

/** {@code xbarsim infer}: a trained network through simulated arrays, per setting, against its software pass. */
@Command(name = "infer", mixinStandardHelpOptions = true, addMethodSubcommands = false,
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

    @Option(names = "--dac-bits",
            description = "DAC resolution for every setting of --bits (none or 1 to 30; 1 for binary inputs); "
                    + "default: the setting's --bits")
    String dacBits;

    @Option(names = "--adc-bits",
            description = "ADC resolution for every setting of --bits (none or 1 to 30); default: the setting's --bits")
    String adcBits;

    @Option(names = "--adc-range", defaultValue = "samples",
            description = "the ADC's range: samples (the ideal partial sums of the calibration batch), full (every partial "
                    + "sum the array can give; exact for binary and ternary weights with enough bits) or qscale:S (the "
                    + "full range scaled by S in (0, 1], paper 004); default: ${DEFAULT-VALUE}")
    String adcRange;

    @Option(names = "--adc-scope", defaultValue = "tile",
            description = "one ADC range per tile, or per layer (the union of its tiles' ranges); default: ${DEFAULT-VALUE}")
    String adcScope;

    @Option(names = "--dac-mode", defaultValue = "round",
            description = "round (each input to the nearest of 2^b levels over the layer's input range) or truncate (its "
                    + "first b bits: the level below it; paper 000); default: ${DEFAULT-VALUE}")
    String dacMode;

    @Option(names = "--adc-ties", defaultValue = "even",
            description = "a partial sum exactly on an ADC threshold (sums of +-1 over an even number of rows): even (to "
                    + "the even level) or random (either level, by a coin seeded with --seed, the same for the same "
                    + "input); default: ${DEFAULT-VALUE}")
    String adcTies;

    @Option(names = "--split", defaultValue = "rows",
            description = "how a layer's inputs are split over arrays of --max-array rows: rows (contiguous blocks) or "
                    + "kernel-rows (a convolution's kernel rows, each in even parts: paper 004); default: ${DEFAULT-VALUE}")
    String split;

    @Option(names = "--binarize", defaultValue = "none",
            description = "binarize a dense layer's inputs (paper 000): 1 above the fitted mean (mean) or third quartile "
                    + "(q3) of an exponential fit to its non-zero inputs over the first batch, 0 below; none keeps them; "
                    + "default: ${DEFAULT-VALUE}")
    String binarize;

    @Option(names = "--binarize-layer", defaultValue = "first-dense",
            description = "the layer whose inputs --binarize binarizes; default: ${DEFAULT-VALUE}")
    String binarizeLayer;

    @Option(names = "--ideal",
            description = "ideal arrays: each column's current the exact sum of v_i G_ij of the mapped conductances (no "
                    + "wires, cells or device law, no conversion or calibration; what papers 000, 001, 003 and 004 "
                    + "simulate), with the converters, levels and programming error as given")
    boolean ideal;

    @Option(names = "--array-layers", defaultValue = "all",
            description = "the layers on arrays, the others computed digitally: all, dense, conv, inner (all but the first "
                    + "and the last: paper 004), or layer names joined by '+'; default: ${DEFAULT-VALUE}")
    String arrayLayers;

    @Option(names = "--sigma", split = ",", defaultValue = "0",
            description = "programming errors to sweep, standard deviation of the conductance (uS); default: ${DEFAULT-VALUE}")
    List<Double> sigmas;

    @Option(names = "--variation", paramLabel = "FILE",
            description = "measured programming error and read noise instead of --sigma: a model written by `xbarsim fit "
                    + "variation` (for example validation/variation/variation.json)")
    Path variation;

    @Option(names = "--relative", defaultValue = "0",
            description = "relative programming error instead of --sigma (paper 001): each conductance drawn from a Gaussian "
                    + "of sigma v x G truncated to G (1 +- v), v from 0 to 0.99; default: ${DEFAULT-VALUE}")
    double relative;

    @Option(names = "--delta", defaultValue = "0",
            description = "programming error instead of --sigma as paper 003's spread: sigma = delta x (G_max - G_min) "
                    + "(0.02 measured there); default: ${DEFAULT-VALUE}")
    double delta;

    @Option(names = "--levels", defaultValue = "0",
            description = "conductance levels per layer: the array weights quantized after training to this many levels "
                    + "(0: continuous), each tile mapped with its layer's range; default: ${DEFAULT-VALUE}")
    int levels;

    @Option(names = "--quantizer", defaultValue = "uniform",
            description = "how the levels are chosen: uniform (equal bins, their centres; paper 001), log (signed powers of "
                    + "two of the largest weight), lloyd (least mean squared error; paper 003) or truncate (the sign and log2(levels) "
                    + "- 1 bits of |w| / max|w|, levels a power of two from 4; paper 000); default: ${DEFAULT-VALUE}")
    String quantizer;

    @Option(names = "--scope", defaultValue = "layer",
            description = "one quantizer per layer, or global (one for every array layer); default: ${DEFAULT-VALUE}")
    String scope;

    @Option(names = "--mapping", defaultValue = "shift",
            description = "signed weights as conductances: shift (offset removed digitally), reference (one more column "
                    + "removing it in analog, paper 001) or differential (G+ - G- pairs, paper 003); default: ${DEFAULT-VALUE}")
    String mapping;

    @Option(names = "--max-array", defaultValue = "1024x1024",
            description = "largest array ROWSxCOLS; larger layers are tiled; default: ${DEFAULT-VALUE}")
    String maxArray;

    @Option(names = "--amplitudes", split = ",", defaultValue = "1,0.1,0.01,0.001",
            description = "conversion amplitudes tried per array; default: ${DEFAULT-VALUE}")
    List<Double> amplitudes;

    @CommandLine.Mixin
    DeviceOptions device;

    @Option(names = "--solver-tol", defaultValue = "1e-6",
            description = "relative error of the node voltages at which each nonlinear array solve stops; the column "
                    + "currents come out about as close (SPICE's default reltol is 1e-3, `run` uses 1e-12; an 8-bit ADC "
                    + "step is 4e-3); default: ${DEFAULT-VALUE}")
    double solverTol;

    @Option(names = "--predistort",
            description = "drive each row with the inverse of the memristor I-V law (input pre-distortion), so that a "
                    + "nonlinear device draws a current proportional to its input; conversion and calibration then "
                    + "correct the IR drop only (no effect on linear devices)")
    boolean predistort;

    @Option(names = "--seed", defaultValue = "1", description = "seed of sample choice and programming error; default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "benchmarks/results/infer", description = "folder to write; default: ${DEFAULT-VALUE}")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * One setting's outcome.
     *
     * @param imagesPerSecond images per second of wall-clock time outside array setup
     * @param setupSeconds    time making, converting and calibrating the arrays (s)
     * @param layers          each array layer's error against the software pass
     * @param layerMs         each array layer's time per image outside setup (ms)
     */
    private record Setting(String bits, double sigmaUs, boolean measured, double accuracy, double softwareAccuracy,
                           double imagesPerSecond, double setupSeconds, Map<String, ErrorMetrics.Summary> layers,
                           Map<String, Double> layerMs) {
        /** The programming error as the tables show it: sigma in uS, or "measured". */
        String sigmaLabel() {
            return measured ? "measured" : String.valueOf(sigmaUs);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1 || batch < 1 || first < 0) {
            throw new IllegalArgumentException("--images " + count + ", --batch " + batch + ", --first " + first
                    + ": images and batch at least 1, first at least 0");
        }
        Mitigation.checkAmplitudes(amplitudes.stream().mapToDouble(Double::doubleValue).toArray());
        Outputs.directory(output);
        if (!(solverTol >= 1e-15 && solverTol <= 1e-3)) {
            throw new IllegalArgumentException("--solver-tol " + solverTol + ": from 1e-15 to 1e-3");
        }
        int[] max = Sizes.parse(List.of(maxArray), "--max-array").get(0);
        for (String b : bits) {
            bitsOf("--bits", b);
        }
        Integer dacFixed = dacBits == null ? null : bitsOf("--dac-bits", dacBits);
        Integer adcFixed = adcBits == null ? null : bitsOf("--adc-bits", adcBits);
        Converters.AdcRange range = parse("--", () -> Converters.AdcRange.parse(adcRange));
        if (!dacMode.equals("round") && !dacMode.equals("truncate")) {
            throw new IllegalArgumentException("--dac-mode " + dacMode + ": round or truncate");
        }
        boolean randomTies = Choices.of("--adc-ties", adcTies, Converters::randomTies, Converters.TIES);
        if (!adcScope.equals("tile") && !adcScope.equals("layer")) {
            throw new IllegalArgumentException("--adc-scope " + adcScope + ": tile or layer");
        }
        CrossbarDriver.Split splitKind = parse("--", () -> CrossbarDriver.Split.parse(split));
        for (double s : sigmas) {
            if (!(s >= 0)) {
                throw new IllegalArgumentException("--sigma " + s + " uS: zero or positive");
            }
        }
        if (!(relative >= 0 && relative <= 0.99) || !(delta >= 0 && delta <= 1)) {
            throw new IllegalArgumentException("--relative " + relative + ", --delta " + delta
                    + ": relative from 0 to 0.99, delta from 0 to 1");
        }
        boolean sigmaGiven = sigmas.size() != 1 || sigmas.get(0) != 0;
        List<String> errors = new ArrayList<>();
        if (sigmaGiven) {
            errors.add("--sigma " + sigmas);
        }
        if (relative > 0) {
            errors.add("--relative " + relative);
        }
        if (delta > 0) {
            errors.add("--delta " + delta);
        }
        if (variation != null) {
            errors.add("--variation " + variation);
        }
        if (errors.size() > 1) {
            throw new IllegalArgumentException(String.join(", ", errors) + ": give one programming error at most");
        }
        MeasuredVariation measured = null;
        if (variation != null) {
            measured = MeasuredVariation.read(variation);
        }
        CrossbarArray checked = device.template(); // the array file and values checked before any work
        CrossbarArray template = ideal ? null : checked;
        for (double s : sigmas) {
            if (s * 1e-6 > device.gMax()) {
                throw new IllegalArgumentException("--sigma " + s + " uS: from 0 to " + device.gMax() * 1e6
                        + " uS (the largest conductance, 1/R_on)");
            }
        }
        WeightMapping.Kind kind = parse("--", () -> WeightMapping.Kind.parse(mapping));
        if (levels != 0 && levels < 2) {
            throw new IllegalArgumentException("--levels " + levels + ": 0 (continuous) or at least 2");
        }
        Quantizer.Kind qKind = parse("--", () -> Quantizer.Kind.parse(quantizer));
        WeightQuantization.Scope qScope = parse("--", () -> WeightQuantization.Scope.parse(scope));
        Network net = OnnxImport.read(model);
        Inference.Images images = Inference.read(net, model, imagesFile, labelsFile, first, count);
        Inference.Software soft = Inference.software(net, images);
        WeightQuantization.Quantized quantized = levels == 0 ? null : WeightQuantization.apply(net, qKind, levels, qScope);
        Network onArrays = quantized == null ? net : quantized.net();
        java.util.Set<String> selected = parse("--array-layers: ", () -> Inference.selectLayers(net, arrayLayers));
        InputBinarization.Threshold threshold = parse("--", () -> InputBinarization.Threshold.parse(binarize));
        String binarized = "";
        if (threshold != null) {
            String layer = binarizeLayer.equals("first-dense") ? InputBinarization.firstDense(onArrays) : binarizeLayer;
            double[] seen = InputBinarization.inputs(onArrays, layer, images.inputs().subList(0, Math.min(batch, count)));
            InputBinarization.Fit fit = InputBinarization.fit(seen);
            double t = fit.threshold(threshold);
            onArrays = InputBinarization.apply(onArrays, layer, t);
            Files.createDirectories(output);
            plotFit(seen, fit, t, layer, output.resolve("binarize.png"));
            binarized = String.format(Locale.ROOT, "; the inputs of %s binarized at %.4g, the fitted %s (exponential fit of "
                    + "its non-zero inputs over the first batch: %s; binarize.png)", layer, t,
                    threshold == InputBinarization.Threshold.MEAN ? "mean" : "third quartile", fit);
        }
        List<Setting> settings = new ArrayList<>();
        double unconverted = 0;
        int total = bits.size() * sigmas.size() * count;
        try (ProgressBar bar = RunCommand.progressBar("infer", total, " images")) {
            for (double sigmaUs : sigmas) {
                for (String b : bits) {
                    int q = bitsOf("--bits", b);
                    int dac = dacFixed == null ? q : dacFixed;
                    int adc = adcFixed == null ? q : adcFixed;
                    String label = dacFixed == null && adcFixed == null ? b
                            : "DAC " + (dac == 0 ? "none" : dac) + " / ADC " + (adc == 0 ? "none" : adc);
                    Converters converters = new Converters(dac, adc, range, adcScope.equals("layer"), dacMode.equals("truncate"),
                            randomTies);
                    SimulatedArrays arrays = new SimulatedArrays(template, device.gMin(), device.gMax(), device.vMax(),
                            device.headroom(),
                            amplitudes.stream().mapToDouble(Double::doubleValue).toArray(), 10, 20, converters,
                            measured != null ? measured : DeviceVariation.of(sigmaUs * 1e-6, relative, delta, device.gMin(),
                                    device.gMax()), seed, solverTol, predistort, kind, levels > 0);
                    CrossbarDriver.UnitFactory units = arrayLayers.equals("all") ? arrays : CrossbarDriver.only(selected, arrays);
                    long start = bar.getCurrent();
                    bar.setExtraMessage(String.format(Locale.ROOT, "bits %s, sigma %s uS", label, sigmaUs));
                    Inference.Outcome o;
                    try {
                        o = Inference.run(onArrays, images, soft, max[0], max[1], splitKind, units, batch, done -> bar.stepTo(start + done));
                    } catch (IllegalArgumentException e) {
                        if (!String.valueOf(e.getMessage()).startsWith(ErrorMetrics.NO_RANGE)) {
                            throw e;
                        }
                        // calibration found an array whose outputs do not vary: name the settings that did it
                        throw new IllegalArgumentException("--bits " + label + ", --sigma " + sigmaUs + " uS, --max-array "
                                + maxArray + ": " + e.getMessage() + " (the arrays' outputs do not vary: a sigma far "
                                + "beyond the conductance range, or arrays too small for a layer's calibration)", e);
                    }
                    settings.add(new Setting(label, sigmaUs, measured != null, o.accuracy(), soft.accuracy(), o.imagesPerSecond(),
                            o.setupSeconds(), o.layers(), o.layerMs()));
                    unconverted = Math.max(unconverted, o.unconverted());
                }
            }
        }
        double softIps = soft.imagesPerSecond();
        Files.createDirectories(output);
        AtomicFile.write(output.resolve("accuracy.csv"), w -> {
            w.write("bits,sigma_us,images,accuracy,software_accuracy,images_per_s,setup_s\n");
            for (Setting s : settings) {
                w.write(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%.2f,%.2f%n", s.bits(), s.sigmaLabel(), count, s.accuracy(),
                        s.softwareAccuracy(), s.imagesPerSecond(), s.setupSeconds()));
            }
        });
        AtomicFile.write(output.resolve("layer-errors.csv"), w -> {
            w.write("bits,sigma_us,layer,mean_rel_err,worst_rel_err,ms_per_image,quantization_mse\n");
            for (Setting s : settings) {
                for (Map.Entry<String, ErrorMetrics.Summary> e : s.layers().entrySet()) {
                    w.write(String.format(Locale.ROOT, "%s,%s,%s,%.4e,%.4e,%.3f,%.4e%n", s.bits(), s.sigmaLabel(), e.getKey(),
                            e.getValue().mean(), e.getValue().worst(), s.layerMs().get(e.getKey()),
                            quantized == null ? 0.0 : quantized.mse().get(e.getKey())));
                }
            }
        });
        plotLayers(settings, output.resolve("layer-errors.png"));
        if (sigmas.size() > 1) {
            plotSigma(settings, output.resolve("accuracy-vs-sigma.png"));
        }
        double peakMb = WholeProcessTimer.ownPeakRssMb();
        String md = summary(settings, count, String.format(Locale.ROOT,
                "%s; largest array %s (%s split), %s DAC, ADC range %s per %s (ties %s), amplitudes %s, %s, solver tolerance %s, seed %d%s; %s "
                        + "mapping; %s%s%s", ideal ? String.format(Locale.ROOT, "ideal arrays (sum of v G; G from %.4g to %.4g S)",
                        device.gMin(), device.gMax()) : device.describe(), maxArray, split, dacMode.equals("round") ? "rounding"
                        : "truncating", range, adcScope, adcTies, amplitudes, predistort ? "inputs pre-distorted by the inverse I-V law" : "no input pre-distortion",
                solverTol, seed, measured == null ? "" : "; " + measured.describe() + " from " + variation, mapping,
                levels == 0 ? "continuous conductances" : levels + " levels per " + (qScope == WeightQuantization.Scope.LAYER
                        ? "layer" : "network") + " (" + quantizer + " quantizer)",
                relative > 0 ? "; relative programming error " + relative + " (truncated Gaussian)"
                        : delta > 0 ? "; programming error delta " + delta + " x (G_max - G_min)" : "",
                (arrayLayers.equals("all") ? "" : "; on arrays: " + String.join(", ", selected) + " (the other layers digital)")
                        + binarized),
                peakMb, softIps);
        md += budget(onArrays, max, splitKind, bits.stream().map(b -> dacFixed != null ? dacFixed : bitsOf("--bits", b)).distinct()
                .toList());
        if (unconverted > Inference.UNCONVERTED_WARNING) {
            String warning = String.format(Locale.ROOT, "warning: conversion missed its target for %.1f %% of the devices "
                    + "(clamped to the conductance range or infeasible): the arrays are too long for their wires and "
                    + "drivers, and their outputs carry the IR drop that conversion could not remove; smaller tiles "
                    + "(--max-array), more --headroom, or lower wire resistance", 100 * unconverted);
            spec.commandLine().getErr().println(warning);
            md += "\n**" + warning.substring(0, 1).toUpperCase(Locale.ROOT) + warning.substring(1) + ".**\n";
        }
        return Summaries.finish(spec, output, md);
    }

    /** Paper 000 Eq. 6 for each array layer and DAC resolution, as markdown. */
    private static String budget(Network net, int[] max, CrossbarDriver.Split split, List<Integer> dacs) {
        StringBuilder sb = new StringBuilder("\nConverter budget by paper 000 Eq. 6: an ADC of z = log2(d) + w + l bits (one "
                + "less when w or l is 1) keeps every bit of a partial sum of d rows, w-bit weights and l-bit inputs "
                + "(open for full-precision weights or inputs without a DAC):\n\n| DAC bits | layer | rows d | weight bits w "
                + "| input bits l | ADC bits z |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (int dac : dacs) {
            for (Inference.LayerBits b : Inference.layerBits(net, max[0], max[1], split, dac)) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s |%n", dac == 0 ? "none" : dac, b.layer(), b.rows(),
                        b.weightBits() == 0 ? "full" : b.weightBits(), b.inputBits() == 0 ? "analog" : b.inputBits(),
                        Double.isNaN(b.outputWidth()) ? "open" : String.format(Locale.ROOT, "%.1f", b.outputWidth())));
            }
        }
        return sb.toString();
    }

    /** The non-zero inputs' histogram (a density) and the fitted exponential, the threshold marked. */
    private static void plotFit(double[] values, InputBinarization.Fit fit, double threshold, String layer, Path file)
            throws IOException {
        double hi = 0;
        for (double v : values) {
            hi = Math.max(hi, v);
        }
        int bins = 60;
        double width = (hi - fit.x0()) / bins;
        double[] x = new double[bins];
        double[] density = new double[bins];
        double[] fitted = new double[bins];
        for (double v : values) {
            if (v != 0 && width > 0) {
                density[Math.min(bins - 1, (int) ((v - fit.x0()) / width))] += 1.0 / (fit.values() * width);
            }
        }
        for (int k = 0; k < bins; k++) {
            x[k] = fit.x0() + (k + 0.5) * width;
            fitted[k] = fit.density(x[k]);
        }
        double top = java.util.Arrays.stream(density).max().orElse(1);
        Charts.write(List.of(new Charts.Chart("non-zero inputs of " + layer + " (paper 000 Fig. 5b)", "input value", "density",
                false, false, true, List.of(new Charts.Series("inputs", x, density, Charts.Style.MARKERS),
                new Charts.Series(String.format(Locale.ROOT, "exponential fit (beta %.4g, x0 %.3g)", fit.beta(), fit.x0()), x, fitted,
                        Charts.Style.LINE),
                new Charts.Series(String.format(Locale.ROOT, "threshold %.4g", threshold), new double[] {threshold, threshold},
                        new double[] {0, top}, Charts.Style.LINE)))), 1, file);
    }

    /** A choice parsed, its error prefixed with the option's dashes. */
    private static <T> T parse(String dashes, java.util.function.Supplier<T> choice) {
        try {
            return choice.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dashes + e.getMessage());
        }
    }

    /** A resolution from an option's value: none, or 1 to 30 bits. */
    private static int bitsOf(String option, String b) {
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
        throw new IllegalArgumentException(option + " " + b + ": none or a whole number of bits from 1 to 30");
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
            String label = "bits " + s.bits() + (s.measured() ? ", measured variation"
                    : s.sigmaUs() > 0 ? ", sigma " + s.sigmaUs() + " uS" : "");
            series.add(new Charts.Series(label + " mean", x, mean));
            series.add(new Charts.Series(label + " worst", x, worst));
        }
        Charts.write(List.of(new Charts.Chart("error propagation along the array layers", "array layer",
                "relative error", false, true, true, series)), 1, file);
    }

    /** Accuracy against programming error, one line per ADC/DAC resolution (paper 002 Fig. 21), software as a line. */
    private static void plotSigma(List<Setting> settings, Path file) throws IOException {
        Map<String, List<Setting>> byBits = new LinkedHashMap<>();
        for (Setting s : settings) {
            byBits.computeIfAbsent(s.bits(), k -> new ArrayList<>()).add(s);
        }
        List<Charts.Series> series = new ArrayList<>();
        double[] sw = null;
        double[] xs = null;
        for (Map.Entry<String, List<Setting>> e : byBits.entrySet()) {
            List<Setting> l = e.getValue();
            double[] x = new double[l.size()];
            double[] y = new double[l.size()];
            for (int k = 0; k < l.size(); k++) {
                x[k] = l.get(k).sigmaUs();
                y[k] = 100 * l.get(k).accuracy();
            }
            series.add(new Charts.Series(e.getKey().equals("none") ? "no quantization" : e.getKey() + "-bit ADC/DAC", x, y));
            if (sw == null) {
                xs = x;
                sw = new double[x.length];
                java.util.Arrays.fill(sw, 100 * l.get(0).softwareAccuracy());
            }
        }
        series.add(new Charts.Series("software", xs, sw));
        Charts.write(List.of(new Charts.Chart("accuracy against programming error", "programming error sigma (uS)",
                "accuracy (%)", false, false, true, series)), 1, file);
    }

    private static String summary(List<Setting> settings, int count, String arrays, double peakMb, double softIps) {
        StringBuilder sb = new StringBuilder("# Inference through simulated arrays\n\nArrays: " + arrays + ".\n\n");
        sb.append(String.format(Locale.ROOT, "%d images; software accuracy %.2f %%; the software pass (one thread, double "
                        + "precision, the array layers' outputs kept) ran %.1f images/s in this run; peak RSS of the whole run "
                        + "%.0f MB.%n%n", count, 100 * settings.get(0).softwareAccuracy(), softIps, peakMb));
        sb.append("| ADC/DAC bits | sigma (uS) | accuracy | images/s outside setup | setup (s) |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (Setting s : settings) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f %% | %.1f | %.1f |%n", s.bits(), s.sigmaLabel(),
                    100 * s.accuracy(), s.imagesPerSecond(), s.setupSeconds()));
        }
        sb.append("\nMean / worst relative error of each array layer's outputs against the software pass (relative to the "
                + "range of the layer's ideal outputs), and its time per image outside setup:\n\n"
                + "| ADC/DAC bits | sigma (uS) | layer | mean | worst | ms per image |\n"
                + "| --- | ---: | --- | ---: | ---: | ---: |\n");
        for (Setting s : settings) {
            for (Map.Entry<String, ErrorMetrics.Summary> e : s.layers().entrySet()) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3e | %.3e | %.1f |%n", s.bits(), s.sigmaLabel(), e.getKey(),
                        e.getValue().mean(), e.getValue().worst(), s.layerMs().get(e.getKey())));
            }
        }
        return sb.toString();
    }
}
