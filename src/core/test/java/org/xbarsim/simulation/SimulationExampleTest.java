package org.xbarsim.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example of the README, compiled and run as it stands there; its answer (the structured
 * array solver's) checked against the general engine on the same netlist, to 1e-9 relative.
 */
class SimulationExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeExampleCompilesRunsAndAgreesWithTheGeneralEngine() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("## Using XbarSim from Java.*?```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "the README has the Java example");
        String source = m.group(1);
        assertTrue(source.lines().count() <= 20, "a short example");
        Files.writeString(dir.resolve("Example.java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"), "-d", dir.toString(),
                dir.resolve("Example.java").toString());
        assertEquals(0, status, "the example compiles");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("Example").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        Matcher p = Pattern.compile("STRUCTURED (\\S+) = (\\S+)").matcher(printed);
        assertTrue(p.matches(), printed);
        double structured = Double.parseDouble(p.group(2));

        double[] rows = new double[64];
        Arrays.fill(rows, 0.2);
        Simulation.Result general = Simulation.of(Path.of("netlists/arrays/array_1r_64x64.cir")).option("reltol", 1e-9)
                .engine(Simulation.Engine.GENERAL).runInputs(List.of(), List.of(rows), null);
        assertEquals(Simulation.Engine.GENERAL, general.engine());
        assertEquals(p.group(1), general.results().get(0).columns().get(0));
        double reference = general.results().get(0).rows().get(0)[0];
        assertEquals(reference, structured, 1e-9 * Math.abs(reference));
        assertTrue(Math.abs(reference) > 0, "a current flows");
    }
}
