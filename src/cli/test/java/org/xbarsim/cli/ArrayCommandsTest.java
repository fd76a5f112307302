package org.xbarsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate array} and {@code run --heatmap}. */
class ArrayCommandsTest {
    @TempDir
    Path dir;

    @Test
    void generatedArrayRunsOnItsInputsAndDrawsItsHeatmap() throws IOException {
        Path net = dir.resolve("a.cir");
        CliRunner.Result g = CliRunner.run("generate", "array", "--rows", "6", "--cols", "4", "--cell", "1t1m", "--law", "sinh",
                "--vectors", "5", "-o", net.toString());
        assertEquals(0, g.exit(), g.err());
        List<String> gLines = Files.readAllLines(dir.resolve("a_g.csv"));
        assertEquals(1 + 6, gLines.size(), "a comment line and one line per row");
        assertEquals(4, gLines.get(1).split(",").length);
        Path png = dir.resolve("map.png");
        CliRunner.Result r = CliRunner.run("run", net.toString(), "--inputs", dir.resolve("a_inputs.csv").toString(),
                "--format", "csv", "--heatmap", png.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(1 + 5, r.out().lines().count(), "a header and one row per input vector");
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 3 * 400 && img.getHeight() >= 400, img.getWidth() + "x" + img.getHeight());
    }

    @Test
    void heatmapNeedsOneArray() {
        CliRunner.Result r = CliRunner.run("run", "netlists/divider.cir", "--heatmap", dir.resolve("x.png").toString());
        assertEquals(2, r.exit());
        assertEquals("error: --heatmap draws one .crossbar; the netlist has 0", r.err().strip());
        assertEquals("", r.out(), "nothing is solved or written");
        assertTrue(Files.notExists(dir.resolve("x.png")));
    }
}
