package org.xbarsim.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.xbarsim.netlist.NetlistException;

/** CSV and NumPy vector files: values exact, errors with their place. */
class VectorFilesTest {
    @TempDir
    Path dir;

    @Test
    void csvWithHeaderCommentsSeparatorsAndSpiceNumbers() throws IOException {
        Path f = dir.resolve("v.csv");
        Files.writeString(f, "# comment\nV1, v2 ;V3\n0.1,2e-3 -4\r\n\n5m\t0.25,1\n");
        VectorFiles.Table t = VectorFiles.read(f, "vectors");
        assertEquals(List.of("v1", "v2", "v3"), t.header());
        assertArrayEquals(new double[] {0.1, 2e-3, -4}, t.rows().get(0));
        assertArrayEquals(new double[] {5e-3, 0.25, 1}, t.rows().get(1));
    }

    @Test
    void csvErrorsNameTheirPlace() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "1,2\n3,x4\n");
        NetlistException e = assertThrows(NetlistException.class, () -> VectorFiles.read(f, "vectors"));
        assertEquals(f + ":2:3: not a number in vectors (x4)", e.getMessage());
        Files.writeString(f, "a,b,a\n1,2,3\n");
        e = assertThrows(NetlistException.class, () -> VectorFiles.read(f, "vectors"));
        assertEquals(f + ":1:5: the header names 'a' twice in vectors (a)", e.getMessage());
    }

    @Test
    void npyWrittenAndReadBackExactly() throws IOException {
        List<double[]> rows = List.of(new double[] {1.5, -2e-300, Math.PI}, new double[] {0, 4, Double.MIN_VALUE});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorFiles.writeNpy(rows, 3, out);
        byte[] b = out.toByteArray();
        String header = new String(b, 10, b[8] & 0xff, StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("'shape': (2, 3)") && header.endsWith("\n"), header);
        assertEquals(0, (10 + header.length()) % 64, "the data starts on a 64-byte boundary");
        Path f = dir.resolve("v.npy");
        Files.write(f, b);
        VectorFiles.Table t = VectorFiles.read(f, "vectors");
        assertArrayEquals(rows.get(0), t.rows().get(0));
        assertArrayEquals(rows.get(1), t.rows().get(1));
    }

    @Test
    void npyFloat32InFortranOrder() throws IOException {
        // the 2x3 matrix [[1,2,3],[4,5,6]] stored column by column as float32
        String dict = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }";
        String header = dict + " ".repeat(64 - (10 + dict.length() + 1) % 64) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 24).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) {
            buf.putFloat(v);
        }
        Path f = dir.resolve("f.npy");
        Files.write(f, buf.array());
        VectorFiles.Table t = VectorFiles.read(f, "vectors");
        assertArrayEquals(new double[] {1, 2, 3}, t.rows().get(0));
        assertArrayEquals(new double[] {4, 5, 6}, t.rows().get(1));
    }

    @Test
    void npyThatIsNotOneIsRefused() throws IOException {
        Path f = dir.resolve("x.npy");
        Files.writeString(f, "0.1,0.2\n");
        NetlistException e = assertThrows(NetlistException.class, () -> VectorFiles.read(f, "vectors"));
        assertTrue(e.getMessage().contains("not a NumPy .npy file"), e.getMessage());
    }
}
