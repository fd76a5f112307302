package org.xbarsim.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written here byte by byte, plain and gzip-compressed, and the committed datasets. */
class IdxTest {
    @TempDir
    Path dir;

    private static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return b.toByteArray();
    }

    private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(f)) : Files.newOutputStream(f)) {
            o.write(bytes);
        }
        return f;
    }

    @Test
    void readsImagesAndLabelsPlainAndCompressed() throws IOException {
        byte[] px = {0, 1, 2, (byte) 255, 10, 20, 30, 40, 50, 60, 70, (byte) 128};
        for (boolean gz : new boolean[] {false, true}) {
            Idx.Images im = Idx.readImages(write(gz ? "i.gz" : "i", idx(0x803, new int[] {2, 2, 3}, px), gz));
            assertEquals(2, im.count());
            assertEquals(2, im.rows());
            assertEquals(3, im.cols());
            assertEquals(255, im.pixel(0, 1, 0));
            assertEquals(128, im.pixel(1, 1, 2));
            assertEquals(30 / 255.0, im.scaled(1)[0], 1e-15);
            int[] labels = Idx.readLabels(write(gz ? "l.gz" : "l", idx(0x801, new int[] {3}, new byte[] {7, 0, 9}), gz));
            assertEquals(9, labels[2]);
        }
    }

    @Test
    void badFilesAreNamed() throws IOException {
        Path f = write("wrong", idx(0x801, new int[] {3}, new byte[] {1, 2, 3}), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.readImages(f));
        assertEquals(f + ": IDX magic 0x00000801, expected 0x00000803 (unsigned bytes, 3 dimensions)", e.getMessage());
        Path t = write("short", idx(0x801, new int[] {5}, new byte[] {1, 2}), false);
        e = assertThrows(IllegalArgumentException.class, () -> Idx.readLabels(t));
        assertEquals(t + ": truncated: the header promises 5 bytes of data", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Idx.readLabels(dir.resolve("none")));
        assertEquals("IDX file not found: " + dir.resolve("none"), e.getMessage());
        Path n = write("notgz.gz", new byte[] {1, 2, 3}, false);
        e = assertThrows(IllegalArgumentException.class, () -> Idx.readLabels(n));
        assertEquals(true, e.getMessage().startsWith(n + ": not a gzip file"), e.getMessage());
    }

    @Test
    void committedDatasetsHaveTheirDocumentedShape() throws IOException {
        Path mnist = Path.of("benchmarks/data/mnist10k");
        Idx.Images im = Idx.readImages(mnist.resolve("mnist10k-images-idx3-ubyte.gz"));
        int[] labels = Idx.readLabels(mnist.resolve("mnist10k-labels-idx1-ubyte.gz"));
        assertEquals(10_000, im.count());
        assertEquals(28, im.rows());
        assertEquals(10_000, labels.length);
        int[] count = new int[10];
        for (int k = 8_000; k < 10_000; k++) {
            count[labels[k]]++;
        }
        for (int c : count) {
            // the datasets' provenance note: 178..227 test images per digit in the last 2,000
            assertEquals(true, c >= 178 && c <= 227, "class count " + c);
        }
        Path fashion = Path.of("benchmarks/data/fashion-mnist");
        assertEquals(10_000, Idx.readImages(fashion.resolve("t10k-images-idx3-ubyte.gz")).count());
        assertEquals(10_000, Idx.readLabels(fashion.resolve("t10k-labels-idx1-ubyte.gz")).length);
    }
}
