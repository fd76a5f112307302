package org.xbarsim.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.xbarsim.conversion.ErrorMetrics;
import org.xbarsim.crossbar.CrossbarArray;
import org.xbarsim.mapping.DeviceVariation;
import org.xbarsim.mapping.MeasuredVariation;
import org.xbarsim.mapping.Quantizer;
import org.xbarsim.mapping.WeightMapping;
import org.xbarsim.nn.Converters;
import org.xbarsim.nn.CrossbarDriver;
import org.xbarsim.nn.Inference;
import org.xbarsim.nn.InputBinarization;
import org.xbarsim.nn.Network;
import org.xbarsim.nn.OnnxImport;
import org.xbarsim.nn.SimulatedArrays;
import org.xbarsim.nn.WeightQuantization;
import org.xbarsim.sweep.StudySettings.Def;

/**
 * {@code xbarsim infer} as a sweep study: a trained ONNX network on IDX images, its Conv/Gemm
 * layers on ideal or circuit-level arrays (paper 002 section 4.4), one network evaluation per
 * point x draw. Each draw programs the arrays afresh (its own programming error, from the draw's
 * seed). Metrics: accuracy, the software pass's accuracy, the agreement with the software pass's
 * classes and, when the model is fixed, each array layer's mean and worst relative error and its
 * weights' quantization MSE (0 without levels). With {@code levels}, the array weights are
 * quantized after training (per layer or globally; uniform, log or Lloyd) and each tile is
 * mapped with its layer's range, so the levels are the layer's conductance levels (paper 001).
 */
final class InferStudy extends SettingsStudy {
    /** The settings, named as {@code xbarsim infer}'s options. */
    static List<Def> settings(Function<String, Path> files) {
        List<Def> d = new ArrayList<>(List.of(
                new Def("model", null, StudySettings.file(files, false)),
                new Def("images-file", null, StudySettings.file(files, false)),
                new Def("labels-file", null, StudySettings.file(files, false)),
                new Def("first", SweepSpec.Value.of(0), StudySettings.whole(0, Integer.MAX_VALUE)),
                new Def("images", SweepSpec.Value.of(100), StudySettings.whole(1, 10_000_000)),
                new Def("batch", SweepSpec.Value.of(50), StudySettings.whole(1, 100_000)),
                new Def("arrays", SweepSpec.Value.of("circuit"), StudySettings.oneOf(List.of("circuit", "ideal"))),
                new Def("bits", SweepSpec.Value.of("none"), StudySettings.bits()),
                new Def("dac-bits", SweepSpec.Value.of("bits"), StudySettings.bitsOr("bits")),
                new Def("adc-bits", SweepSpec.Value.of("bits"), StudySettings.bitsOr("bits")),
                new Def("adc-range", SweepSpec.Value.of("samples"), v -> {
                    if (!v.cell().equals(SEARCH)) {
                        Converters.AdcRange.parse(v.cell());
                    }
                }),
                new Def("search-first", SweepSpec.Value.of(-1), StudySettings.whole(-1, Integer.MAX_VALUE)),
                new Def("search-images", SweepSpec.Value.of(500), StudySettings.whole(1, 10_000_000)),
                new Def("scales", SweepSpec.Value.of(SCALES), StudySettings.numbers(1e-6, 1)),
                new Def("adc-scope", SweepSpec.Value.of("tile"), StudySettings.oneOf(List.of("tile", "layer"))),
                new Def("dac-mode", SweepSpec.Value.of("round"), StudySettings.oneOf(List.of("round", "truncate"))),
                new Def("adc-ties", SweepSpec.Value.of("even"), StudySettings.oneOf(Converters.TIES)),
                new Def("split", SweepSpec.Value.of("rows"), StudySettings.oneOf(CrossbarDriver.Split.NAMES)),
                new Def("binarize", SweepSpec.Value.of("none"), StudySettings.oneOf(InputBinarization.Threshold.NAMES)),
                new Def("binarize-layer", SweepSpec.Value.of("first-dense"), v -> {
                    if (v.numeric() || v.text().isBlank()) {
                        throw new IllegalArgumentException("first-dense, or an array layer's name");
                    }
                }),
                new Def("array-layers", SweepSpec.Value.of("all"), v -> {
                    if (v.numeric() || v.text().isBlank()) {
                        throw new IllegalArgumentException(Inference.LAYER_FORMS);
                    }
                }),
                new Def("sigma", SweepSpec.Value.of(0), StudySettings.range(0, 1e6)),
                new Def("relative", SweepSpec.Value.of(0), StudySettings.range(0, 0.99)),
                new Def("delta", SweepSpec.Value.of(0), StudySettings.range(0, 1)),
                new Def("levels", SweepSpec.Value.of(0), v -> {
                    if (!v.numeric() || v.number() != Math.rint(v.number()) || v.number() == 1 || v.number() < 0
                            || v.number() > 1 << 20) {
                        throw new IllegalArgumentException("0 (continuous conductances) or a whole number of levels from 2 to "
                                + (1 << 20));
                    }
                }),
                new Def("quantizer", SweepSpec.Value.of("uniform"), StudySettings.oneOf(Quantizer.Kind.NAMES)),
                new Def("scope", SweepSpec.Value.of("layer"), StudySettings.oneOf(List.of("layer", "global"))),
                new Def("variation-layers", SweepSpec.Value.of("all"), StudySettings.oneOf(List.of("all", "quantized"))),
                new Def("quantize", SweepSpec.Value.of("all"), v -> {
                    if (v.numeric() || v.text().isBlank()) {
                        throw new IllegalArgumentException(Inference.LAYER_FORMS);
                    }
                }),
                new Def("mapping", SweepSpec.Value.of("shift"), StudySettings.oneOf(WeightMapping.Kind.NAMES)),
                new Def("variation", SweepSpec.Value.of(""), StudySettings.file(files, true)),
                new Def("max-array", SweepSpec.Value.of("1024x1024"), StudySettings.size()),
                new Def("amplitudes", SweepSpec.Value.of("1,0.1,0.01,0.001"), StudySettings.numbers(1e-9, 1)),
                new Def("solver-tol", SweepSpec.Value.of(1e-6), StudySettings.range(1e-15, 1e-3)),
                new Def("predistort", SweepSpec.Value.of("false"), StudySettings.flag())));
        d.addAll(StudySettings.device());
        return d;
    }

    /** Whether setting {@code name}, fixed or swept, takes a value that {@code test} accepts somewhere in the spec. */
    private static boolean takes(SweepSpec spec, String name, java.util.function.Predicate<String> test) {
        SweepSpec.Value fixed = spec.fixed().get(name);
        SweepSpec.Axis axis = spec.axes().get(name);
        return (fixed != null && test.test(fixed.cell())) || (axis != null && axis.values().stream().anyMatch(v -> test.test(v.cell())));
    }

    /** The adc-range that searches the Q-scale (paper 004 Algorithm 1). */
    static final String SEARCH = "search";

    /** The Q-scales the search tries by default: 0.05 to 1 in steps of 0.05. */
    static final String SCALES;

    static {
        StringBuilder sb = new StringBuilder();
        for (int k = 1; k <= 20; k++) {
            sb.append(k > 1 ? "," : "").append(String.format(java.util.Locale.ROOT, "%.2f", k / 20.0));
        }
        SCALES = sb.toString();
    }

    /** A network with its images and software pass: shared by the points that use the same ones. */
    private record Data(Network net, Inference.Images images, Inference.Software soft) {
    }

    private static final String[] DATA_KEY = {"model", "images-file", "labels-file", "first", "images"};
    private static final String[] SEARCH_KEY = {"model", "images-file", "labels-file", "search-first", "search-images", "first"};

    private final Map<List<String>, Data> data = new ConcurrentHashMap<>();
    private final Map<Path, MeasuredVariation> variations = new ConcurrentHashMap<>();
    private final Map<List<String>, WeightQuantization.Quantized> quantizedNets = new ConcurrentHashMap<>();
    private final List<String> layers;
    private final boolean modelSwept;
    private final boolean searches;
    private final boolean binarizes;
    private final Map<List<String>, InputBinarization.Fit> fits = new ConcurrentHashMap<>();

    InferStudy(SweepSpec spec, Path specFile, Function<String, Path> files) {
        super(new StudySettings(settings(files), spec, specFile, files));
        modelSwept = spec.axes().containsKey("model");
        List<String> m = new ArrayList<>(List.of("accuracy", "software_accuracy", "agreement", "unconverted"));
        searches = takes(spec, "adc-range", v -> v.equals(SEARCH));
        if (searches) {
            m.add("qscale");
            m.add("search_accuracy");
        }
        binarizes = takes(spec, "binarize", v -> !v.equals("none"));
        if (binarizes) {
            m.add("binarize_beta");
            m.add("binarize_x0");
            m.add("binarize_threshold");
        }
        if (modelSwept) {
            layers = List.of(); // the layers differ between models
        } else {
            layers = Inference.arrayLayers(data(settings.at(spec.settings(0))).net());
            for (String l : layers) {
                m.add("mean_err:" + l);
                m.add("worst_err:" + l);
                m.add("qmse:" + l);
            }
        }
        metrics(m);
    }

    private Data data(StudySettings.Point p) {
        return data(p, p.key(DATA_KEY), p.integer("first"), p.integer("images"));
    }

    /**
     * The images the Q-scale search judges on: search-images from search-first (by default the
     * search-images just before first), never one of the test images.
     */
    private Data searchData(StudySettings.Point p) {
        int n = p.integer("search-images");
        int from = p.integer("search-first") >= 0 ? p.integer("search-first") : p.integer("first") - n;
        int first = p.integer("first");
        int images = p.integer("images");
        if (from < 0) {
            throw new IllegalArgumentException("search-images " + n + " before first " + first
                    + ": there are not that many images before the test images; give search-first");
        }
        if (from < first + images && first < from + n) {
            throw new IllegalArgumentException("search-first " + from + ", search-images " + n + ": overlaps the test images "
                    + first + " to " + (first + images - 1) + "; the Q-scale search must not see them");
        }
        List<String> key = new ArrayList<>(p.key(SEARCH_KEY));
        key.add(0, "search");
        return data(p, key, from, n);
    }

    private Data data(StudySettings.Point p, List<String> key, int first, int count) {
        return data.computeIfAbsent(key, k -> {
            try {
                Network net = OnnxImport.read(p.file("model"));
                Inference.Images images = Inference.read(net, p.file("model"), p.file("images-file"), p.file("labels-file"),
                        first, count);
                // the layers' software outputs kept only where their errors are reported (one model)
                return new Data(net, images, Inference.software(net, images, !modelSwept));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    protected double[] run(StudySettings.Point p, long seed) {
        Data d = data(p);
        WeightQuantization.Quantized quantized = p.integer("levels") == 0 ? null : quantized(p, d.net());
        Network net = quantized == null ? d.net() : quantized.net();
        InputBinarization.Threshold threshold = InputBinarization.Threshold.parse(p.text("binarize"));
        InputBinarization.Fit fit = null;
        if (threshold != null) {
            // paper 000 section IV: the exponential fit of the layer's non-zero inputs over the first batch
            String layer = p.text("binarize-layer").equals("first-dense") ? InputBinarization.firstDense(net) : p.text("binarize-layer");
            List<String> key = new ArrayList<>(p.key(DATA_KEY));
            key.addAll(p.key("levels", "quantizer", "scope", "quantize", "binarize-layer", "batch"));
            Network base = net;
            fit = fits.computeIfAbsent(key, k -> InputBinarization.fit(InputBinarization.inputs(base, layer,
                    d.images().inputs().subList(0, Math.min(p.integer("batch"), d.images().count())))));
            net = InputBinarization.apply(net, layer, fit.threshold(threshold));
        }
        double scale = Double.NaN;
        double searchAccuracy = Double.NaN;
        Converters.AdcRange range;
        if (p.text("adc-range").equals(SEARCH)) {
            // paper 004 Algorithm 1: the Q-scale with the best accuracy on the search images (ties: the larger s)
            Data cal = searchData(p);
            // the arrays programmed once, on the search images' first batch; each scale only changes the ADCs
            java.util.Map<String, CrossbarDriver.ArrayUnit> programmed = new java.util.HashMap<>();
            for (double s : p.numbers("scales")) {
                double acc = evaluate(p, seed, cal, net, quantized, new Converters.AdcRange(Converters.AdcRange.Kind.QSCALE, s),
                        programmed).accuracy();
                if (Double.isNaN(searchAccuracy) || acc > searchAccuracy || (acc == searchAccuracy && s > scale)) {
                    searchAccuracy = acc;
                    scale = s;
                }
            }
            range = new Converters.AdcRange(Converters.AdcRange.Kind.QSCALE, scale);
        } else {
            range = Converters.AdcRange.parse(p.text("adc-range"));
            scale = range.kind() == Converters.AdcRange.Kind.QSCALE ? range.scale() : Double.NaN;
        }
        Inference.Outcome o = evaluate(p, seed, d, net, quantized, range, null);
        double[] out = new double[metrics().size()];
        out[0] = o.accuracy();
        out[1] = d.soft().accuracy();
        out[2] = o.agreement();
        out[3] = o.unconverted();
        int k = 4;
        if (searches) {
            out[k++] = scale;
            out[k++] = searchAccuracy;
        }
        if (binarizes) {
            out[k++] = fit == null ? Double.NaN : fit.beta();
            out[k++] = fit == null ? Double.NaN : fit.x0();
            out[k++] = fit == null ? Double.NaN : fit.threshold(threshold);
        }
        for (String l : layers) {
            ErrorMetrics.Summary s = o.layers().get(l);
            out[k++] = s.mean();
            out[k++] = s.worst();
            out[k++] = quantized == null ? 0 : quantized.mse().getOrDefault(l, 0.0);
        }
        return out;
    }

    /**
     * One network evaluation of the point's arrays on {@code d}'s images, the ADC range given; with
     * {@code programmed} not null, the tiles programmed in an earlier evaluation (kept there) are
     * reused with ADCs over the new range.
     */
    private Inference.Outcome evaluate(StudySettings.Point p, long seed, Data d, Network net,
                                       WeightQuantization.Quantized quantized, Converters.AdcRange range,
                                       java.util.Map<String, CrossbarDriver.ArrayUnit> programmed) {
        double gMin = p.gMin();
        double gMax = p.gMax();
        DeviceVariation variation = variation(p, gMin, gMax);
        CrossbarArray device = p.text("arrays").equals("ideal") ? null : p.template();
        int q = p.bits("bits");
        Converters converters = new Converters(p.text("dac-bits").equals("bits") ? q : p.bits("dac-bits"),
                p.text("adc-bits").equals("bits") ? q : p.bits("adc-bits"), range, p.text("adc-scope").equals("layer"),
                p.text("dac-mode").equals("truncate"), Converters.randomTies(p.text("adc-ties")));
        int levels = p.integer("levels");
        SimulatedArrays arrays = new SimulatedArrays(device, gMin, gMax, p.number("v-max"), p.number("headroom"),
                p.numbers("amplitudes"), 10, 20, converters, variation, seed, p.number("solver-tol"), p.flag("predistort"),
                WeightMapping.Kind.parse(p.text("mapping")), levels > 0);
        CrossbarDriver.UnitFactory units = arrays;
        if (p.text("variation-layers").equals("quantized") && quantized != null) {
            // the programming error on the quantized layers only (paper 001 Table 2, layer by layer)
            SimulatedArrays exact = arrays.withVariation(DeviceVariation.NONE);
            units = (a, samples, where) -> (quantized.mse().containsKey(where.layer()) ? arrays : exact).create(a, samples, where);
        }
        if (!p.text("array-layers").equals("all")) {
            units = CrossbarDriver.only(Inference.selectLayers(d.net(), p.text("array-layers")), units);
        }
        if (programmed != null) {
            units = CrossbarDriver.programmedOnce(units, programmed, range);
        }
        int[] max = StudySettings.parseSize(p.text("max-array"));
        return Inference.run(net, d.images(), d.soft(), max[0], max[1],
                CrossbarDriver.Split.parse(p.text("split")), units, p.integer("batch"), null);
    }

    /** The network quantized as the point says, shared by the points that quantize it alike. */
    private WeightQuantization.Quantized quantized(StudySettings.Point p, Network net) {
        List<String> key = new ArrayList<>(p.key(DATA_KEY));
        key.addAll(p.key("levels", "quantizer", "scope", "quantize"));
        java.util.Set<String> only = p.text("quantize").equals("all") ? java.util.Set.of()
                : Inference.selectLayers(net, p.text("quantize"));
        return quantizedNets.computeIfAbsent(key, k -> WeightQuantization.apply(net, Quantizer.Kind.parse(p.text("quantizer")),
                p.integer("levels"), WeightQuantization.Scope.parse(p.text("scope")), only));
    }

    /**
     * The programming error the point gives: an absolute sigma (uS), paper 001's relative
     * variation, paper 003's spread delta x (G_max - G_min), or a measured model; one at most.
     */
    private DeviceVariation variation(StudySettings.Point p, double gMin, double gMax) {
        Path file = p.file("variation");
        int given = (p.number("sigma") > 0 ? 1 : 0) + (p.number("relative") > 0 ? 1 : 0) + (p.number("delta") > 0 ? 1 : 0)
                + (file != null ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("sigma " + p.get("sigma") + " uS, relative " + p.get("relative") + ", delta "
                    + p.get("delta") + ", variation '" + p.text("variation") + "': give one programming error at most");
        }
        if (file != null) {
            return variations.computeIfAbsent(file, f -> {
                try {
                    return MeasuredVariation.read(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        if (p.number("sigma") * 1e-6 > gMax) {
            throw new IllegalArgumentException("sigma " + p.get("sigma") + " uS: from 0 to " + gMax * 1e6
                    + " uS (the largest conductance, G_max)");
        }
        return DeviceVariation.of(p.number("sigma") * 1e-6, p.number("relative"), p.number("delta"), gMin, gMax);
    }
}
