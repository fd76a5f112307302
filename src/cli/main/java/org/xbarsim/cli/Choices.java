package org.xbarsim.cli;

import java.util.List;
import java.util.function.Function;

/** Options whose value names one of a few choices. */
final class Choices {
    private Choices() {
    }

    /**
     * The choice {@code parse} makes of an option's value; a value it refuses is one error that
     * names the option, the value and the choices ({@code --style fancy: one of [plain, subckt, param]}).
     */
    static <T> T of(String option, String value, Function<String, T> parse, List<String> names) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + value + ": one of " + names);
        }
    }
}
