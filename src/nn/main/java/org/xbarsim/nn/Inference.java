package org.xbarsim.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.xbarsim.conversion.ErrorMetrics;

/**
 * A trained network's inference on images, in software and through arrays (paper 002 section
 * 4.4): accuracy, agreement with the software pass, and each array layer's error against it.
 * What {@code xbarsim infer} runs per setting and the {@code infer} sweep study runs per point.
 */
public final class Inference {
    private Inference() {
    }

    /**
     * Images with their labels, checked against a network.
     *
     * @param inputs     one [1, 1, rows, cols] tensor per image, pixels scaled to 0..1
     * @param labels     the class of each image
     * @param first      the index of the first image in its file
     * @param labelsFile where the labels come from (for messages)
     */
    public record Images(List<Tensor> inputs, int[] labels, int first, Path labelsFile) {
        public int count() {
            return inputs.size();
        }
    }

    /**
     * Reads images first..first+count-1 of an IDX pair for {@code net}; image size, count and label
     * range checked, naming the files.
     */
    public static Images read(Network net, Path model, Path imagesFile, Path labelsFile, int first, int count) throws IOException {
        int[] labels = Idx.readLabels(labelsFile);
        List<Tensor> inputs = tensors(net, model, imagesFile, first, count, labels.length);
        return new Images(inputs, java.util.Arrays.copyOfRange(labels, first, first + count), first, labelsFile);
    }

    /**
     * Images first..first+count-1 of an IDX image file as the network's inputs [1, 1, H, W] (no
     * labels: for measurements that need none); image size and count checked, naming the files.
     */
    public static List<Tensor> tensors(Network net, Path model, Path imagesFile, int first, int count) throws IOException {
        return tensors(net, model, imagesFile, first, count, Integer.MAX_VALUE);
    }

    /** As {@link #tensors(Network, Path, Path, int, int)}, with {@code labels} labels for the images. */
    private static List<Tensor> tensors(Network net, Path model, Path imagesFile, int first, int count, int labels)
            throws IOException {
        if (count < 1 || first < 0) {
            throw new IllegalArgumentException("images " + count + ", first " + first + ": at least 1 image, first at least 0");
        }
        Idx.Images images = Idx.readImages(imagesFile);
        if (first + count > Math.min(images.count(), labels)) {
            throw new IllegalArgumentException("first " + first + ", images " + count + ": the files hold "
                    + Math.min(images.count(), labels) + " images");
        }
        int[] shape = net.inputShape();
        if (shape != null && shape.length == 4 && shape[2] > 0 && shape[3] > 0
                && (shape[2] != images.rows() || shape[3] != images.cols())) {
            throw new IllegalArgumentException(imagesFile + ": images of " + images.rows() + "x" + images.cols()
                    + " pixels; the model " + model + " takes " + shape[2] + "x" + shape[3]);
        }
        List<Tensor> inputs = new ArrayList<>();
        for (int k = first; k < first + count; k++) {
            inputs.add(new Tensor(new int[] {1, 1, images.rows(), images.cols()}, images.scaled(k)));
        }
        return List.copyOf(inputs);
    }

    /**
     * The software pass.
     *
     * @param accuracy        fraction of images classified right
     * @param predicted       each image's class
     * @param arrayOutputs    each image's outputs of the array layers, by node name, in single
     *                        precision (6e-8 relative: far below any error measured, half the memory);
     *                        empty when not kept (then {@link #run} reports no layer errors)
     * @param imagesPerSecond its speed, one thread, the outputs kept
     */
    public record Software(double accuracy, int[] predicted, List<Map<String, float[]>> arrayOutputs, double imagesPerSecond) {
    }

    /** Runs {@code net} in software on every image; a label outside the network's classes is named. */
    public static Software software(Network net, Images images) {
        return software(net, images, true);
    }

    /**
     * Runs {@code net} in software on every image, keeping the array layers' outputs (for the
     * layer errors of {@link #run}) only when {@code keepLayers}: a ResNet's are 0.6 MB per image.
     */
    public static Software software(Network net, Images images, boolean keepLayers) {
        List<Map<String, float[]>> soft = new ArrayList<>();
        int[] predicted = new int[images.count()];
        int correct = 0;
        long t0 = System.nanoTime();
        for (int k = 0; k < images.count(); k++) {
            Map<String, float[]> acts = new LinkedHashMap<>();
            Tensor y = Forward.run(net, images.inputs().get(k), (n, t) -> {
                if (keepLayers && onArrays(n)) {
                    float[] f = new float[t.size()];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = (float) t.data()[i];
                    }
                    acts.put(n.name(), f);
                }
            });
            if (keepLayers) {
                soft.add(acts);
            }
            if (images.labels()[k] >= y.size() || images.labels()[k] < 0) {
                throw new IllegalArgumentException(images.labelsFile() + ": label " + images.labels()[k] + " of image "
                        + (images.first() + k) + " is outside the model's " + y.size() + " classes (0 to " + (y.size() - 1) + ")");
            }
            predicted[k] = argmax(y);
            correct += predicted[k] == images.labels()[k] ? 1 : 0;
        }
        double ips = images.count() / ((System.nanoTime() - t0) / 1e9);
        return new Software((double) correct / images.count(), predicted, soft, ips);
    }

    /**
     * One setting's outcome.
     *
     * @param accuracy        fraction of images classified right
     * @param agreement       fraction of images given the software pass's class
     * @param layers          each array layer's error against the software pass
     * @param layerMs         each array layer's time per image outside setup (ms)
     * @param setupSeconds    time making, converting and calibrating the arrays (s)
     * @param imagesPerSecond images per second of wall-clock time outside setup
     * @param unconverted     the share of the arrays' devices whose conversion missed its target
     *                        (clamped to the conductance range or infeasible): a large share means
     *                        arrays too long for their wires (0 for ideal arrays)
     */
    public record Outcome(double accuracy, double agreement, Map<String, ErrorMetrics.Summary> layers,
                          Map<String, Double> layerMs, double setupSeconds, double imagesPerSecond, double unconverted) {
    }

    /** The share of unconverted devices above which the commands warn. */
    public static final double UNCONVERTED_WARNING = 0.05;

    /**
     * Runs every image through arrays made by {@code arrays}, in batches (the first batch's windows
     * are each layer's samples), against the software pass.
     *
     * @param maxRows  the largest array's rows; larger layers are tiled
     * @param maxCols  the largest array's columns
     * @param batch    images per batch
     * @param progress hears the images done after each batch (may be null)
     */
    public static Outcome run(Network net, Images images, Software soft, int maxRows, int maxCols,
                              CrossbarDriver.UnitFactory arrays, int batch, IntConsumer progress) {
        return run(net, images, soft, maxRows, maxCols, CrossbarDriver.Split.ROWS, arrays, batch, progress);
    }

    /** As {@link #run(Network, Images, Software, int, int, CrossbarDriver.UnitFactory, int, IntConsumer)}, the layers split as {@code split} says. */
    public static Outcome run(Network net, Images images, Software soft, int maxRows, int maxCols, CrossbarDriver.Split split,
                              CrossbarDriver.UnitFactory arrays, int batch, IntConsumer progress) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch " + batch + ": at least 1 image");
        }
        int count = images.count();
        long[] setup = {0};
        long[] devices = {0, 0}; // all, unconverted
        CrossbarDriver driver = new CrossbarDriver(net, maxRows, maxCols, split, (a, samples, where) -> {
            long t0 = System.nanoTime();
            CrossbarDriver.ArrayUnit unit = arrays.create(a, samples, where);
            setup[0] += System.nanoTime() - t0;
            devices[0] += unit.devices();
            devices[1] += unit.unconverted();
            return unit;
        });
        Map<String, LayerError> errs = new LinkedHashMap<>();
        Map<String, Long> layerNanos = new LinkedHashMap<>();
        int correct = 0;
        int agree = 0;
        long totalNanos = 0;
        for (int b0 = 0; b0 < count; b0 += batch) {
            int b1 = Math.min(count, b0 + batch);
            int from = b0;
            long t0 = System.nanoTime();
            long[] mark = {t0, setup[0]};
            List<Tensor> out = driver.runBatch(images.inputs().subList(b0, b1), (n, ys) -> {
                long now = System.nanoTime();
                long spent = now - mark[0] - (setup[0] - mark[1]); // this node's time outside setup
                mark[0] = now;
                mark[1] = setup[0];
                if (onArrays(n) && !soft.arrayOutputs().isEmpty()) {
                    layerNanos.merge(n.name(), spent, Long::sum);
                    LayerError acc = errs.computeIfAbsent(n.name(), k -> new LayerError());
                    for (int k = 0; k < ys.size(); k++) {
                        acc.add(ys.get(k).data(), soft.arrayOutputs().get(from + k).get(n.name()));
                    }
                }
                mark[0] = System.nanoTime(); // the error bookkeeping is not the layer's time
            });
            totalNanos += System.nanoTime() - t0;
            for (int k = 0; k < out.size(); k++) {
                int c = argmax(out.get(k));
                correct += c == images.labels()[b0 + k] ? 1 : 0;
                agree += c == soft.predicted()[b0 + k] ? 1 : 0;
            }
            if (progress != null) {
                progress.accept(b1);
            }
        }
        Map<String, ErrorMetrics.Summary> layers = new LinkedHashMap<>();
        Map<String, Double> layerMs = new LinkedHashMap<>();
        for (Map.Entry<String, LayerError> e : errs.entrySet()) {
            layers.put(e.getKey(), e.getValue().summary());
            layerMs.put(e.getKey(), layerNanos.get(e.getKey()) / 1e6 / count);
        }
        return new Outcome((double) correct / count, (double) agree / count, layers, layerMs, setup[0] / 1e9,
                count / ((totalNanos - setup[0]) / 1e9), devices[0] == 0 ? 0 : (double) devices[1] / devices[0]);
    }

    /** The names of the nodes the driver puts on arrays, in order. */
    public static List<String> arrayLayers(Network net) {
        return net.nodes().stream().filter(Inference::onArrays).map(Network.Node::name).toList();
    }

    /**
     * One array layer's converter budget by paper 000 Eq. 6.
     *
     * @param rows        d: the rows of its largest array (tile)
     * @param weightBits  w: bits of its weights (1 binary, 2 ternary, else ceil(log2) of the distinct
     *                    values when they are at most 256, each shared by 16 weights on average);
     *                    0 for full precision
     * @param inputBits   l: bits of its inputs (the DAC's, or 1 for binarized inputs and Sign's
     *                    outputs); 0 for analog
     * @param outputWidth z: the ADC bits that keep every bit of the partial sum; NaN when w or l is 0
     */
    public record LayerBits(String layer, int rows, int weightBits, int inputBits, double outputWidth) {
    }

    /** Paper 000 Eq. 6 for every array layer of {@code net} split onto arrays of at most maxRows x maxCols. */
    public static List<LayerBits> layerBits(Network net, int maxRows, int maxCols, CrossbarDriver.Split split, int dacBits) {
        List<LayerBits> out = new ArrayList<>();
        java.util.Set<String> binarized = new java.util.HashSet<>();
        for (Network.Node n : net.nodes()) {
            if (n.op().equals(InputBinarization.OP) || n.op().equals("Sign")) {
                binarized.add(n.outputs().get(0));
            }
        }
        for (Network.Node n : net.nodes()) {
            if (!onArrays(n) || !net.weights().containsKey(n.inputs().get(1))) {
                continue;
            }
            Tensor w = net.weights().get(n.inputs().get(1));
            int rows;
            if (n.op().equals("Conv")) {
                int c = w.dim(1);
                int kh = w.dim(2);
                int kw = w.dim(3);
                List<Tiling.Tile> tiles = split == CrossbarDriver.Split.KERNEL_ROWS && kh > 1
                        ? Tiling.kernelRows(c, kh, kw, w.dim(0), maxRows, maxCols) : Tiling.tiles(c * kh * kw, w.dim(0), maxRows, maxCols);
                rows = tiles.stream().mapToInt(Tiling.Tile::rows).max().orElse(0);
            } else {
                boolean transB = n.op().equals("Gemm") && n.i("transB", 0) != 0;
                int k = transB ? w.dim(1) : w.dim(0);
                rows = Tiling.tiles(k, 1, maxRows, maxCols).stream().mapToInt(Tiling.Tile::rows).max().orElse(0);
            }
            java.util.Set<Double> distinct = new java.util.HashSet<>();
            for (double v : w.data()) {
                if (distinct.add(v) && distinct.size() > 256) {
                    break;
                }
            }
            // weights on few levels (each shared by 16 weights on average): their bits; else full precision
            int d = distinct.size();
            int wb = d <= 2 ? 1 : d <= 3 ? 2 : d <= 256 && w.size() >= 16 * d ? 32 - Integer.numberOfLeadingZeros(d - 1) : 0;
            int lb = binarized.contains(n.inputs().get(0)) ? 1 : dacBits;
            out.add(new LayerBits(n.name(), rows, wb, lb, wb == 0 || lb == 0 ? Double.NaN : Converters.outputWidth(rows, wb, lb)));
        }
        return out;
    }

    /** The forms of {@link #selectLayers}. */
    public static final String LAYER_FORMS = "all, dense, conv, inner (all but the first and the last), binary (weights "
            + "of one magnitude: binary or ternary), or layer names joined by '+'";

    /**
     * The array layers a selection names: {@code all}; {@code dense} (Gemm and MatMul) or
     * {@code conv}; {@code inner}, all but the first and the last (paper 004 keeps its first
     * convolution and its output layer off the arrays); {@code binary}, the layers whose weights
     * have one magnitude (binary or ternary: paper 004 puts its binary convolutions alone on
     * arrays); or layer names joined by '+'. An unknown
     * name is named with the layers there are.
     */
    public static java.util.Set<String> selectLayers(Network net, String selection) {
        List<Network.Node> nodes = net.nodes().stream().filter(Inference::onArrays).toList();
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        switch (selection) {
            case "all" -> nodes.forEach(n -> out.add(n.name()));
            case "dense" -> nodes.stream().filter(n -> !n.op().equals("Conv")).forEach(n -> out.add(n.name()));
            case "conv" -> nodes.stream().filter(n -> n.op().equals("Conv")).forEach(n -> out.add(n.name()));
            case "inner" -> nodes.subList(Math.min(1, nodes.size()), Math.max(1, nodes.size() - 1)).forEach(n -> out.add(n.name()));
            case "binary" -> nodes.stream().filter(n -> oneMagnitude(net.weights().get(n.inputs().get(1)))).forEach(n -> out.add(n.name()));
            default -> {
                List<String> names = nodes.stream().map(Network.Node::name).toList();
                for (String name : selection.split("\\+")) {
                    if (!names.contains(name)) {
                        throw new IllegalArgumentException("layer '" + name + "' is not an array layer of the model; its array "
                                + "layers: " + names + " (or " + LAYER_FORMS + ")");
                    }
                    out.add(name);
                }
            }
        }
        return out;
    }

    /** True when every non-zero value of t has the same magnitude (binary or ternary weights). */
    static boolean oneMagnitude(Tensor t) {
        if (t == null) {
            return false;
        }
        double m = 0;
        for (double v : t.data()) {
            double a = Math.abs(v);
            if (a != 0) {
                if (m == 0) {
                    m = a;
                } else if (a != m) {
                    return false;
                }
            }
        }
        return m != 0;
    }

    /** The index of the largest value. */
    public static int argmax(Tensor t) {
        int best = 0;
        for (int k = 1; k < t.size(); k++) {
            best = t.data()[k] > t.data()[best] ? k : best;
        }
        return best;
    }

    /** True for the nodes the driver puts on arrays. */
    public static boolean onArrays(Network.Node n) {
        return n.op().equals("Conv") || n.op().equals("Gemm") || n.op().equals("MatMul");
    }

    /**
     * One layer's errors over every image, gathered as they come: each value's error relative to
     * the range of all the layer's ideal values (paper 002 section 3.3.2), mean and worst.
     */
    private static final class LayerError {
        private double sum;
        private double worst;
        private long count;
        private double lo = Double.POSITIVE_INFINITY;
        private double hi = Double.NEGATIVE_INFINITY;

        void add(double[] actual, float[] ideal) {
            for (int j = 0; j < actual.length; j++) {
                double d = Math.abs(actual[j] - ideal[j]);
                sum += d;
                worst = Math.max(worst, d);
                lo = Math.min(lo, ideal[j]);
                hi = Math.max(hi, ideal[j]);
            }
            count += actual.length;
        }

        ErrorMetrics.Summary summary() {
            double range = hi > lo ? hi - lo : 1;
            double mean = sum / count / range;
            double w = worst / range;
            return new ErrorMetrics.Summary(mean, w, Double.NaN, Double.NaN, Double.NaN, ErrorMetrics.bits(mean),
                    ErrorMetrics.bits(w), (int) Math.min(Integer.MAX_VALUE, count));
        }
    }
}
