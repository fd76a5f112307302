package org.xbarsim.testing;

import java.util.ArrayList;
import java.util.List;

/** Sweep result tables compared across runs: everything but the time each row took. */
public final class SweepTables {
    private SweepTables() {
    }

    /** The CSV lines without their {@code millis} cell (the second to last), sorted. */
    public static List<String> withoutTimes(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split(",", -1);
            out.add(String.join(",", List.of(f).subList(0, f.length - 2)) + "," + f[f.length - 1]);
        }
        out.sort(null);
        return out;
    }

    /**
     * The start of an infer study's spec: the bundled MNIST CNN on images first..first+images-1 of
     * the bundled test set, absolute paths (tests run from the project's root).
     */
    public static String mnistInfer(int first, int images) {
        String root = java.nio.file.Path.of("").toAbsolutePath().toString();
        return """
                study: infer
                fixed:
                  model: %s/benchmarks/models/mnist_cnn.onnx
                  images-file: %s/benchmarks/data/mnist10k/mnist10k-images-idx3-ubyte.gz
                  labels-file: %s/benchmarks/data/mnist10k/mnist10k-labels-idx1-ubyte.gz
                  first: %d
                  images: %d
                """.formatted(root, root, root, first, images);
    }
}
