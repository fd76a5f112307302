package org.xbarsim.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times a command as a whole process (wall clock, start to exit) and reads its peak resident
 * memory from GNU time when {@code /usr/bin/time} is there.
 */
public final class WholeProcessTimer {
    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    private WholeProcessTimer() {
    }

    /**
     * One run.
     *
     * @param seconds  wall-clock time (s)
     * @param peakRssMb peak resident set (MB), NaN when unknown
     * @param output   what the process printed (standard output and error)
     */
    public record Run(double seconds, double peakRssMb, String output) {
    }

    /** Runs {@code command} in {@code dir}; fails when it exits non-zero or exceeds {@code timeoutSeconds}. */
    public static Run run(List<String> command, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        Path rss = Files.createTempFile("xbarsim-rss", ".txt");
        boolean gnuTime = Files.isExecutable(GNU_TIME);
        if (gnuTime) {
            cmd.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
        }
        cmd.addAll(command);
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (p.exitValue() != 0) {
                throw new IOException("exit " + p.exitValue() + " from " + String.join(" ", command) + ":\n" + out);
            }
            double mb = Double.NaN;
            if (gnuTime) {
                String s = Files.readString(rss).strip();
                String last = s.substring(s.lastIndexOf('\n') + 1).strip();
                try {
                    mb = Double.parseDouble(last) / 1024.0;
                } catch (NumberFormatException e) {
                    mb = Double.NaN;
                }
            }
            return new Run(seconds, mb, out);
        } finally {
            Files.deleteIfExists(rss);
        }
    }

    /** This process's peak resident set so far (MB), from /proc/self/status (VmHWM); NaN where there is none. */
    public static double ownPeakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Double.parseDouble(line.substring(6).replace("kB", "").strip()) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** The median of values (mean of the middle two for an even count). */
    public static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    /** A path as the child process sees it from {@code dir}. */
    static String relative(Path dir, Path file) {
        return dir.toAbsolutePath().relativize(file.toAbsolutePath()).toString().replace(File.separatorChar, '/');
    }
}
