package org.xbarsim.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Where the tests find the data measured on real arrays (its licences keep it out of this
 * repository): the system property {@value #PROPERTY} or the environment variable {@value #ENV}
 * (.ci/run sets it to ../shared/measured). Without either, the tests that need it are skipped
 * with a one-line reason.
 */
public final class MeasuredData {
    public static final String PROPERTY = "xbarsim.measured";
    public static final String ENV = "XBARSIM_MEASURED";

    private MeasuredData() {
    }

    /** The folder given, or null. */
    private static Path given() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    /** A file or folder under the measured data; call {@link #require()} first (in a @BeforeAll). */
    public static Path resolve(String relative) {
        Path root = given();
        return (root == null ? Path.of("measured-data-not-given") : root).resolve(relative);
    }

    /** Skips the calling test class, with the reason, when the measured data is not given or not there. */
    public static void require() {
        Path root = given();
        Assumptions.assumeTrue(root != null, "measured data not given: set " + ENV + " (or -D" + PROPERTY
                + ") to the measured folder, e.g. ../shared/measured");
        Assumptions.assumeTrue(Files.isDirectory(root), "measured data not found at " + root.toAbsolutePath()
                + " (" + ENV + ")");
    }
}
