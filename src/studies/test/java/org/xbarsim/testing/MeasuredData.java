package org.xbarsim.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the tests find the data measured on real arrays (its licences keep it out of this
 * repository): the system property {@value #PROPERTY} or the environment variable {@value #ENV}
 * (.ci/run sets it to ../shared/measured). Without it, each test that needs it is skipped with a
 * one-line reason ({@link Required}).
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

    /** True when the measured data is given and there. */
    public static boolean available() {
        Path root = given();
        return root != null && Files.isDirectory(root);
    }

    /** Why the measured-data tests do not run here, one line. */
    public static String reason() {
        Path root = given();
        return root == null
                ? "measured data not given: set " + ENV + " (or -D" + PROPERTY + ") to the measured folder, e.g. ../shared/measured"
                : "measured data not found at " + root.toAbsolutePath() + " (" + ENV + ")";
    }

    /** A file or folder under the measured data (a placeholder path when it is not given). */
    public static Path resolve(String relative) {
        Path root = given();
        return (root == null ? Path.of("measured-data-not-given") : root).resolve(relative);
    }

    /**
     * Skips each test it applies to, with {@link #reason()}, when the measured data is not
     * available; containers run, so their @BeforeAll must check {@link #available()}.
     */
    public static final class Required implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isEmpty() || available()) {
                return ConditionEvaluationResult.enabled("measured data available, or a container");
            }
            // listed in the build's output too, not only in the reports
            System.out.println("skipped " + context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName() + ": " + reason());
            return ConditionEvaluationResult.disabled(reason());
        }
    }
}
