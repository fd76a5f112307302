package org.xbarsim.mapping;

/**
 * The reason a JSON file could not be read, in words: the JSON library's message without its
 * exception class names or its troubleshooting link.
 */
public final class JsonProblems {
    private JsonProblems() {
    }

    /** {@code "Unterminated object at line 3 column 2 path $.r_on"} from the library's exception. */
    public static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t.getMessage() != null
                && t.getMessage().startsWith(t.getCause().getClass().getName())) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int see = m.indexOf("\nSee ");
        if (see < 0) {
            see = m.indexOf(" See https://");
        }
        if (see >= 0) {
            m = m.substring(0, see);
        }
        m = m.replaceAll("Use JsonReader\\.\\S+ to accept malformed JSON", "malformed JSON");
        m = m.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(?:Exception|Error): ", "");
        return m.strip();
    }
}
