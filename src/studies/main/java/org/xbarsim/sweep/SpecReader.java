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
        return parse(file, text, mapper(file));
    }

    /** Reads a results directory's copy of its spec (YAML, or JSON, which YAML reads too). */
    static SweepSpec parseCopy(Path copy) throws IOException {
        return parse(copy, Files.readString(copy), mapper(Path.of("spec.yaml")));
    }

    private static SweepSpec parse(Path file, String text, ObjectMapper mapper) {
        boolean yaml = !(mapper.getFactory().getFormatName().equals("JSON"));
        try {
            SweepSpec spec = mapper.readValue(text, SweepSpec.class);
            if (spec == null) {
                throw new IllegalArgumentException(file + ": empty sweep description");
            }
            return spec;
        } catch (JsonMappingException e) {
            String path = path(e);
            JsonLocation at = locate(mapper, text, path);
            throw new IllegalArgumentException(where(file, at != null ? at : e.getLocation()) + "field '" + path + "': "
                    + describe(e), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where(file, e.getLocation()) + "not valid " + (yaml ? "YAML" : "JSON")
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * An error in a field that read well but does not fit its study (an unknown setting, a value
     * out of range, a file that is missing): the file, the field's line and column, its path.
     */
    public static IllegalArgumentException fieldError(Path file, String fieldPath, String message) {
        JsonLocation at = null;
        try {
            at = locate(mapper(file), Files.readString(file), fieldPath);
        } catch (IOException | RuntimeException e) {
            // without the text, the file and the field's path still say where
        }
        return new IllegalArgumentException(where(file, at) + "field '" + fieldPath + "': " + message);
    }

    private static ObjectMapper mapper(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        return (yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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

    /** The failing field's path: names joined by dots, indices in brackets, and the field a value check names. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        if (e.getCause() instanceof SweepSpec.BadField bad && !bad.field().isEmpty()) {
            path.append(path.isEmpty() || bad.field().startsWith("[") ? "" : ".").append(bad.field());
        }
        return path.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e.getCause() instanceof IllegalArgumentException bad) { // a value check (SweepSpec.BadField among them)
            return bad.getMessage();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            TreeSet<String> known = new TreeSet<>();
            u.getKnownPropertyIds().forEach(k -> known.add(k.toString()));
            return "unknown field '" + u.getPropertyName() + "'; known here: " + String.join(", ", known);
        }
        String msg = e.getOriginalMessage();
        int cut = msg.indexOf('\n');
        msg = cut < 0 ? msg : msg.substring(0, cut);
        return "wrong type: " + msg.replaceAll("`java\\.lang\\.|`java\\.util\\.", "`");
    }
}
