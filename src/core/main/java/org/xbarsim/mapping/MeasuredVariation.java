package org.xbarsim.mapping;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Empirical programming-error and read-noise models built from measured devices: at each measured
 * target conductance the mean offset and the spread of the achieved conductance after
 * write-verify, and the spread of repeated reads of one device; between targets both are
 * interpolated linearly, beyond them held at the nearest target's value. The shape of each
 * distribution is the measured one: a draw is offset + sigma(G) z with z picked from the pooled
 * standardized deviations of every target (a bootstrap), not a Gaussian.
 *
 * @param source        where the model came from (files), for reports
 * @param targetsS      the measured targets, increasing (S)
 * @param offsetS       mean achieved minus target, per target (S)
 * @param programSigmaS standard deviation of the achieved conductance, per target (S)
 * @param programZ      pooled standardized programming deviations (dimensionless)
 * @param readSigmaS    standard deviation of repeated reads, per target (S)
 * @param readZ         pooled standardized read deviations (dimensionless)
 */
public record MeasuredVariation(String source, double[] targetsS, double[] offsetS, double[] programSigmaS,
                                double[] programZ, double[] readSigmaS, double[] readZ) implements DeviceVariation {

    public MeasuredVariation {
        source = source == null ? "" : source;
        int n = targetsS.length;
        if (n < 1 || offsetS.length != n || programSigmaS.length != n || readSigmaS.length != n) {
            throw new IllegalArgumentException("variation model: " + n + " targets but " + offsetS.length + " offsets, "
                    + programSigmaS.length + " programming and " + readSigmaS.length + " read spreads");
        }
        for (int k = 1; k < n; k++) {
            if (!(targetsS[k] > targetsS[k - 1])) {
                throw new IllegalArgumentException("variation model: targets must increase, " + targetsS[k] + " S after "
                        + targetsS[k - 1] + " S");
            }
        }
        if (programZ.length == 0 || readZ.length == 0) {
            throw new IllegalArgumentException("variation model: no standardized deviations");
        }
    }

    /** {@code y} at g: linear between the increasing {@code x}, the end values beyond. */
    public static double interpolate(double[] x, double[] y, double g) {
        int n = x.length;
        if (g <= x[0]) {
            return y[0];
        }
        if (g >= x[n - 1]) {
            return y[n - 1];
        }
        int k = Arrays.binarySearch(x, g);
        if (k >= 0) {
            return y[k];
        }
        k = -k - 2;
        return y[k] + (g - x[k]) / (x[k + 1] - x[k]) * (y[k + 1] - y[k]);
    }

    private double at(double[] y, double g) {
        return interpolate(targetsS, y, g);
    }

    /** Programming spread at target g (S). */
    public double programSigma(double g) {
        return at(programSigmaS, g);
    }

    /** Read-noise spread of a device at g (S). */
    @Override
    public double readSigma(double g) {
        return at(readSigmaS, g);
    }

    /** One programmed conductance for target g (S), clipped to [gMin, gMax]. */
    public double program(double g, double gMin, double gMax, SplittableRandom rnd) {
        double v = g + at(offsetS, g) + programSigma(g) * programZ[rnd.nextInt(programZ.length)];
        return Math.min(gMax, Math.max(gMin, v));
    }

    /** One read of a device at g (S). */
    public double read(double g, SplittableRandom rnd) {
        return g + readSigma(g) * readZ[rnd.nextInt(readZ.length)];
    }

    /** Every conductance of {@code g} programmed ({@link #program}). */
    @Override
    public double[][] programmed(double[][] g, double gMin, double gMax, SplittableRandom rnd) {
        double[][] out = new double[g.length][];
        for (int i = 0; i < g.length; i++) {
            out[i] = new double[g[i].length];
            for (int j = 0; j < g[i].length; j++) {
                out[i][j] = program(g[i][j], gMin, gMax, rnd);
            }
        }
        return out;
    }

    /** A standardized read deviation drawn from the pooled measured ones. */
    @Override
    public double readZ(SplittableRandom rnd) {
        return readZ[rnd.nextInt(readZ.length)];
    }

    @Override
    public boolean programs() {
        return true;
    }

    @Override
    public boolean reads() {
        return true;
    }

    /** What a report says of the model: its source and the range of conductances it was measured over. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "measured programming error and read noise (%s; spreads held at the "
                + "nearest measured level outside %.0f..%.0f uS)", source, targetsS[0] * 1e6, targetsS[targetsS.length - 1] * 1e6);
    }

    /** The model as JSON. */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().create().toJson(this) + "\n";
    }

    /** Reads a model written by {@link #toJson}; a missing or malformed file is named. */
    public static MeasuredVariation read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + ": variation model not found (write one with `xbarsim fit variation`)");
        }
        String keys = "targetsS, offsetS, programSigmaS, programZ, readSigmaS, readZ";
        com.google.gson.JsonElement e;
        try {
            e = com.google.gson.JsonParser.parseString(Files.readString(file));
        } catch (JsonParseException | java.nio.charset.MalformedInputException x) {
            throw new IllegalArgumentException(file + ": not a variation model (JSON written by `xbarsim fit variation`): "
                    + JsonProblems.reason(x));
        }
        if (!e.isJsonObject() || !Arrays.stream(keys.split(", ")).allMatch(e.getAsJsonObject()::has)) {
            throw new IllegalArgumentException(file + ": not a variation model: expected keys " + keys);
        }
        try {
            return new Gson().fromJson(e, MeasuredVariation.class);
        } catch (RuntimeException x) {
            // a malformed value, or the canonical constructor's check (wrapped by Gson)
            Throwable c = x.getCause() != null ? x.getCause() : x;
            throw new IllegalArgumentException(file + ": not a variation model: " + JsonProblems.reason(c));
        }
    }
}
