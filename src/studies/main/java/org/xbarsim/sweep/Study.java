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
    double[] run(double[] settings, long draw, long seed);

    /** The study a spec describes; {@code specFile} resolves its relative paths. */
    static Study of(SweepSpec spec, java.nio.file.Path specFile) {
        return switch (spec.study()) {
            case "netlist" -> new NetlistStudy(spec, specFile);
            default -> throw new IllegalArgumentException("study '" + spec.study() + "': not a study kind; one of " + SweepSpec.STUDIES);
        };
    }
}
