package org.xbarsim.sweep;

import java.util.List;

/**
 * A study whose points are named settings ({@link StudySettings}): the settings resolved per
 * point, the metrics fixed when the study is made, the shared settings described.
 */
abstract class SettingsStudy implements Study {
    protected final StudySettings settings;
    private List<String> metrics = List.of();

    SettingsStudy(StudySettings settings) {
        this.settings = settings;
    }

    /** Sets the metrics, in the order {@link #run(StudySettings.Point, long)} returns them. */
    protected final void metrics(List<String> names) {
        metrics = List.copyOf(names);
    }

    @Override
    public final List<String> metrics() {
        return metrics;
    }

    @Override
    public final String describe() {
        return settings.describe();
    }

    @Override
    public final double[] run(SweepSpec.Value[] axes, long draw, long seed) {
        return run(settings.at(axes), seed);
    }

    /** Runs one point x draw with its settings and seed. */
    protected abstract double[] run(StudySettings.Point p, long seed);
}
