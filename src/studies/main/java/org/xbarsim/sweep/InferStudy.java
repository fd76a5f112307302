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
import org.xbarsim.nn.Inference;
import org.xbarsim.nn.Network;
import org.xbarsim.nn.OnnxImport;
import org.xbarsim.nn.SimulatedArrays;
import org.xbarsim.sweep.StudySettings.Def;

/**
 * {@code xbarsim infer} as a sweep study: a trained ONNX network on IDX images, its Conv/Gemm
 * layers on ideal or circuit-level arrays (paper 002 section 4.4), one network evaluation per
 * point x draw. Each draw programs the arrays afresh (its own programming error, from the draw's
 * seed). Metrics: accuracy, the software pass's accuracy, the agreement with the software pass's
 * classes and, when the model is fixed, each array layer's mean and worst relative error.
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
    private final List<String> layers;

    InferStudy(SweepSpec spec, Path specFile, Function<String, Path> files) {
        super(new StudySettings(settings(files), spec, specFile, files));
        List<String> m = new ArrayList<>(List.of("accuracy", "software_accuracy", "agreement"));
        if (spec.axes().containsKey("model")) {
            layers = List.of(); // the layers differ between models
        } else {
            layers = Inference.arrayLayers(data(settings.at(spec.settings(0))).net());
            for (String l : layers) {
                m.add("mean_err:" + l);
                m.add("worst_err:" + l);
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
                return new Data(net, images, Inference.software(net, images));
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
        DeviceVariation variation;
        Path file = p.file("variation");
        if (file != null) {
            if (p.number("sigma") != 0) {
                throw new IllegalArgumentException("variation " + file + " replaces sigma " + p.number("sigma")
                        + " uS: give one or the other");
            }
            variation = variations.computeIfAbsent(file, f -> {
                try {
                    return MeasuredVariation.read(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } else {
            if (p.number("sigma") * 1e-6 > gMax) {
                throw new IllegalArgumentException("sigma " + p.number("sigma") + " uS: from 0 to " + gMax * 1e6
                        + " uS (the largest conductance, 1/r-on)");
            }
            variation = DeviceVariation.gaussian(p.number("sigma") * 1e-6);
        }
        CrossbarArray device = p.text("arrays").equals("ideal") ? null : p.template();
        int q = p.bits("bits");
        SimulatedArrays arrays = new SimulatedArrays(device, gMin, gMax, p.number("v-max"), p.number("headroom"),
                p.numbers("amplitudes"), 10, 20, q, q, variation, seed, p.number("solver-tol"), p.flag("predistort"));
        int[] max = StudySettings.parseSize(p.text("max-array"));
        Inference.Outcome o = Inference.run(d.net(), d.images(), d.soft(), max[0], max[1], arrays, p.integer("batch"), null);
        double[] out = new double[metrics().size()];
        out[0] = o.accuracy();
        out[1] = d.soft().accuracy();
        out[2] = o.agreement();
        int k = 3;
        for (String l : layers) {
            ErrorMetrics.Summary s = o.layers().get(l);
            out[k++] = s.mean();
            out[k++] = s.worst();
        }
        return out;
    }
}
