package org.xbarsim.nn;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * IDX files, the format of the MNIST distribution: a big-endian header (magic 0x0000 08 NN, NN
 * the number of dimensions, then each dimension as a 32-bit count) and unsigned bytes, row-major;
 * gzip-compressed when the name ends in {@code .gz}. Images are idx3 (count, rows, columns),
 * labels idx1 (count).
 */
public final class Idx {
    private Idx() {
    }

    /**
     * Images of an idx3 file.
     *
     * @param pixels count x rows x cols unsigned bytes, row-major
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        /** Pixel (i, j) of image k, 0..255. */
        public int pixel(int k, int i, int j) {
            return pixels[(k * rows + i) * cols + j] & 0xff;
        }

        /** Image k as rows x cols values in [0, 1] (pixel / 255). */
        public double[] scaled(int k) {
            int size = rows * cols;
            double[] out = new double[size];
            for (int p = 0; p < size; p++) {
                out[p] = (pixels[k * size + p] & 0xff) / 255.0;
            }
            return out;
        }
    }

    /** Reads an idx3 image file. */
    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, 3);
            long size = (long) dims[0] * dims[1] * dims[2];
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(file + ": " + dims[0] + " images of " + dims[1] + "x" + dims[2]
                        + " pixels are too many to hold");
            }
            byte[] pixels = new byte[(int) size];
            body(in, pixels, file);
            return new Images(dims[0], dims[1], dims[2], pixels);
        }
    }

    /** Reads an idx1 label file (labels 0..255). */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, 1);
            byte[] raw = new byte[dims[0]];
            body(in, raw, file);
            int[] labels = new int[raw.length];
            for (int k = 0; k < raw.length; k++) {
                labels[k] = raw[k] & 0xff;
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("IDX file not found: " + file);
        }
        InputStream s = new BufferedInputStream(raw, 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            try {
                s = new GZIPInputStream(s, 1 << 16);
            } catch (IOException e) {
                raw.close();
                throw new IllegalArgumentException(file + ": not a gzip file (" + e.getMessage() + ")");
            }
        }
        return new DataInputStream(s);
    }

    /** Reads and checks the magic number (unsigned bytes, {@code dims} dimensions); returns the sizes. */
    private static int[] header(DataInputStream in, Path file, int dims) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": empty or truncated IDX header");
        }
        int expected = 0x0800 | dims;
        if (magic != expected) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s: IDX magic 0x%08x, expected 0x%08x (unsigned bytes, %d dimension%s)", file, magic, expected, dims,
                    dims == 1 ? "" : "s"));
        }
        int[] sizes = new int[dims];
        for (int d = 0; d < dims; d++) {
            try {
                sizes[d] = in.readInt();
            } catch (EOFException e) {
                throw new IllegalArgumentException(file + ": truncated IDX header");
            }
            if (sizes[d] < 1) {
                throw new IllegalArgumentException(file + ": IDX dimension " + (d + 1) + " of " + dims + " is " + sizes[d]
                        + "; each must be at least 1");
            }
        }
        return sizes;
    }

    private static void body(DataInputStream in, byte[] out, Path file) throws IOException {
        try {
            in.readFully(out);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": truncated: the header promises " + out.length + " bytes of data");
        }
    }
}
