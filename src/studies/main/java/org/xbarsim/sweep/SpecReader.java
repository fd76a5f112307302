package org.xbarsim.sweep;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a {@link SweepSpec} from YAML ({@code .yaml}, {@code .yml}) or JSON (any other name).
 * Every error names the file, the line and column, and the field's path in it
 * ({@code vary[1].sigma}, {@code axes.rwire}).
 */
public final class SpecReader {
    private SpecReader() {
    }

    /** Reads {@code file}. */
    public static SweepSpec read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such sweep description");
        }
        return parse(file, text);
    }

    /** Reads {@code text} as if from {@code file} (whose name chooses YAML or JSON). */
    public static SweepSpec parse(Path file, String text) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        ObjectMapper mapper = (yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try {
            SweepSpec spec = mapper.readValue(text, SweepSpec.class);
            if (spec == null) {
                throw new IllegalArgumentException(file + ": empty sweep description");
            }
            return spec;
        } catch (JsonMappingException e) {
            String[] path = new String[1];
            String message = describe(e, path);
            JsonLocation at = locate(mapper, text, path[0]);
            throw new IllegalArgumentException(where(file, at != null ? at : e.getLocation()) + message, e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where(file, e.getLocation()) + "not valid " + (yaml ? "YAML" : "JSON")
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String where(Path file, JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return file + ": ";
        }
        return file + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": ";
    }

    /**
     * Where the field at {@code path} (dots and [index]) is written: its name's line and column, or
     * those of the nearest enclosing field when it is missing.
     */
    private static JsonLocation locate(ObjectMapper mapper, String path, String fieldPath) {
        Map<String, JsonLocation> at = new HashMap<>();
        try (JsonParser p = mapper.getFactory().createParser(path)) {
            while (p.nextToken() != null) {
                JsonStreamContext c = p.getParsingContext();
                if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                    c = c.getParent();
                }
                at.putIfAbsent(c.pathAsPointer().toString(), p.currentTokenLocation());
            }
        } catch (IOException | RuntimeException e) {
            // the text was read once already; a location is a courtesy
        }
        String pointer = "/" + fieldPath.replace("[", ".").replace("]", "").replace('.', '/');
        pointer = pointer.replace("//", "/");
        while (!pointer.isEmpty()) {
            JsonLocation l = at.get(pointer);
            if (l != null) {
                return l;
            }
            pointer = pointer.substring(0, pointer.lastIndexOf('/'));
        }
        return null;
    }

    private static String describe(JsonMappingException e, String[] fieldPath) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        Throwable cause = e.getCause();
        if (cause instanceof SweepSpec.BadField bad) {
            String f = bad.field();
            if (!f.isEmpty()) {
                if (!path.isEmpty() && !f.startsWith("[")) {
                    path.append('.');
                }
                // a field named within the object that threw replaces nothing already in the path
                if (!path.toString().endsWith(f)) {
                    path.append(f);
                }
            }
            fieldPath[0] = path.toString();
            return "field '" + path + "': " + bad.getMessage();
        }
        fieldPath[0] = path.toString();
        if (e instanceof UnrecognizedPropertyException u) {
            TreeSet<String> known = new TreeSet<>();
            u.getKnownPropertyIds().forEach(k -> known.add(k.toString()));
            return "field '" + path + "': unknown field '" + u.getPropertyName() + "'; known here: " + String.join(", ", known);
        }
        if (cause instanceof IllegalArgumentException bad) {
            return "field '" + path + "': " + bad.getMessage();
        }
        String msg = e.getOriginalMessage();
        int cut = msg.indexOf('\n');
        msg = cut < 0 ? msg : msg.substring(0, cut);
        return "field '" + path + "': wrong type: " + msg.replaceAll("`java\\.lang\\.|`java\\.util\\.", "`");
    }
}
