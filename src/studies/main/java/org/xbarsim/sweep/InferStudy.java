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
import org.xbarsim.nn.CrossbarDriver;
import org.xbarsim.nn.Inference;
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
                new Def("quantizer", SweepSpec.Value.of("uniform"), StudySettings.oneOf(List.of("uniform", "log", "lloyd"))),
                new Def("scope", SweepSpec.Value.of("layer"), StudySettings.oneOf(List.of("layer", "global"))),
                new Def("variation-layers", SweepSpec.Value.of("all"), StudySettings.oneOf(List.of("all", "quantized"))),
                new Def("quantize", SweepSpec.Value.of("all"), v -> {
                    if (v.numeric() || v.text().isBlank()) {
                        throw new IllegalArgumentException("all, or array layer names separated by '+'");
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

    /** A network with its images and software pass: shared by the points that use the same ones. */
    private record Data(Network net, Inference.Images images, Inference.Software soft) {
    }

    private static final String[] DATA_KEY = {"model", "images-file", "labels-file", "first", "images"};

    private final Map<List<String>, Data> data = new ConcurrentHashMap<>();
    private final Map<Path, MeasuredVariation> variations = new ConcurrentHashMap<>();
    private final Map<List<String>, WeightQuantization.Quantized> quantizedNets = new ConcurrentHashMap<>();
    private final List<String> layers;
    private final boolean modelSwept;

    InferStudy(SweepSpec spec, Path specFile, Function<String, Path> files) {
        super(new StudySettings(settings(files), spec, specFile, files));
        modelSwept = spec.axes().containsKey("model");
        List<String> m = new ArrayList<>(List.of("accuracy", "software_accuracy", "agreement", "unconverted"));
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
        return data.computeIfAbsent(p.key(DATA_KEY), k -> {
            try {
                Network net = OnnxImport.read(p.file("model"));
                Inference.Images images = Inference.read(net, p.file("model"), p.file("images-file"), p.file("labels-file"),
                        p.integer("first"), p.integer("images"));
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
        double gMin = p.gMin();
        double gMax = p.gMax();
        DeviceVariation variation = variation(p, gMin, gMax);
        CrossbarArray device = p.text("arrays").equals("ideal") ? null : p.template();
        int q = p.bits("bits");
        int levels = p.integer("levels");
        WeightQuantization.Quantized quantized = levels == 0 ? null : quantized(p, d.net());
        SimulatedArrays arrays = new SimulatedArrays(device, gMin, gMax, p.number("v-max"), p.number("headroom"),
                p.numbers("amplitudes"), 10, 20, q, q, variation, seed, p.number("solver-tol"), p.flag("predistort"),
                WeightMapping.Kind.parse(p.text("mapping")), levels > 0);
        CrossbarDriver.UnitFactory units = arrays;
        if (p.text("variation-layers").equals("quantized") && quantized != null) {
            // the programming error on the quantized layers only (paper 001 Table 2, layer by layer)
            SimulatedArrays exact = arrays.withVariation(DeviceVariation.NONE);
            units = (a, samples, where) -> (quantized.mse().containsKey(where.layer()) ? arrays : exact).create(a, samples, where);
        }
        int[] max = StudySettings.parseSize(p.text("max-array"));
        Inference.Outcome o = Inference.run(quantized == null ? d.net() : quantized.net(), d.images(), d.soft(), max[0], max[1],
                units, p.integer("batch"), null);
        double[] out = new double[metrics().size()];
        out[0] = o.accuracy();
        out[1] = d.soft().accuracy();
        out[2] = o.agreement();
        out[3] = o.unconverted();
        int k = 4;
        for (String l : layers) {
            ErrorMetrics.Summary s = o.layers().get(l);
            out[k++] = s.mean();
            out[k++] = s.worst();
            out[k++] = quantized == null ? 0 : quantized.mse().getOrDefault(l, 0.0);
        }
        return out;
    }

    /** The network quantized as the point says, shared by the points that quantize it alike. */
    private WeightQuantization.Quantized quantized(StudySettings.Point p, Network net) {
        List<String> key = new ArrayList<>(p.key(DATA_KEY));
        key.addAll(p.key("levels", "quantizer", "scope", "quantize"));
        java.util.Set<String> only = p.text("quantize").equals("all") ? java.util.Set.of()
                : java.util.Set.of(p.text("quantize").split("\\+"));
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
