package org.xbarsim.sweep;

import java.util.List;

/**
 * One kind of study as a sweep runs it: a pure function from a grid point's settings and a seed to
 * named metrics. Implementations are safe to call from several threads.
 */
public interface Study {
    /** The metric names, in the order {@link #run} returns them. */
    List<String> metrics();

    /**
     * Runs one point x draw.
     *
     * @param settings the axis values, in the spec's axis order
     * @param draw     the draw index (0 is the first)
     * @param seed     the seed derived from (base seed, point, draw)
     * @return the metrics, in {@link #metrics()} order
     */
    double[] run(SweepSpec.Value[] settings, long draw, long seed);

    /** The settings every point shares, defaults included, as printed with the results; empty when there are none. */
    default String describe() {
        return "";
    }

    /** The study a spec describes; its files are relative to {@code specFile}'s folder. */
    static Study of(SweepSpec spec, java.nio.file.Path specFile) {
        java.nio.file.Path base = specFile.toAbsolutePath().getParent();
        return of(spec, specFile, name -> base.resolve(expand(name)).normalize());
    }

    /**
     * A file name with its environment variables put in: {@code ${NAME}}, or {@code ${NAME:-default}}
     * for a default when NAME is not set (shared storage, measured data kept outside the project).
     */
    static String expand(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}")
                .matcher(name);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = System.getenv(m.group(1));
            if (v == null) {
                v = m.group(2);
            }
            if (v == null) {
                throw new IllegalArgumentException("'" + name + "': the environment variable " + m.group(1)
                        + " is not set (write ${" + m.group(1) + ":-default} for a default)");
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The study a spec describes.
     *
     * @param files resolves the file names of its settings (models, images, measured data)
     */
    static Study of(SweepSpec spec, java.nio.file.Path specFile, java.util.function.Function<String, java.nio.file.Path> files) {
        return switch (spec.study()) {
            case "netlist" -> new NetlistStudy(spec, specFile);
            case "infer" -> new InferStudy(spec, specFile, files);
            case "accuracy" -> new AccuracyStudy(spec, specFile);
            case "dpe" -> new DpeStudy(spec, specFile, files);
            default -> throw new IllegalArgumentException("study '" + spec.study() + "': not a study kind; one of " + SweepSpec.STUDIES);
        };
    }
}
