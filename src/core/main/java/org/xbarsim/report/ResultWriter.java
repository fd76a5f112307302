package org.xbarsim.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

import com.google.gson.stream.JsonWriter;

import org.xbarsim.solver.AnalysisResult;

/** Writes analysis results as an ngspice-like table, CSV or JSON. */
public final class ResultWriter {

    /** Output formats. */
    public enum Format { TABLE, CSV, JSON }

    /**
     * What the results came from, printed with them.
     *
     * @param title    the netlist title
     * @param source   the netlist file
     * @param options  the solver options in effect, one line
     */
    public record Header(String title, String source, String options) {
    }

    private ResultWriter() {
    }

    public static void write(Format format, Header header, List<AnalysisResult> results, Writer w) throws IOException {
        switch (format) {
            case CSV:
                csv(results, w);
                break;
            case JSON:
                json(header, results, w);
                break;
            default:
                table(header, results, w);
        }
        w.flush();
    }

    private static void table(Header h, List<AnalysisResult> results, Writer w) throws IOException {
        w.write("Circuit: " + h.title() + "\n");
        w.write("Netlist: " + h.source() + "\n");
        w.write("Options: " + h.options() + "\n");
        for (AnalysisResult r : results) {
            w.write("\n");
            if (r.kind().equals("op")) {
                w.write(String.format(Locale.ROOT, "Operating point (%d Newton iterations)%n%n", r.newtonIterations()));
                int width = Math.max(8, r.columns().stream().mapToInt(String::length).max().orElse(8)) + 2;
                w.write(String.format(Locale.ROOT, "\t%-" + width + "s %s%n", "Quantity", "Value"));
                w.write(String.format(Locale.ROOT, "\t%-" + width + "s %s%n", "--------", "-----"));
                double[] row = r.rows().get(0);
                for (int k = 0; k < row.length; k++) {
                    w.write(String.format(Locale.ROOT, "\t%-" + width + "s %s%n", r.columns().get(k), number(row[k])));
                }
            } else {
                w.write(String.format(Locale.ROOT, "%s (%d %s, %d Newton iterations)%n%n",
                        r.kind().equals("inputs") ? "Input vectors" : "DC transfer characteristic", r.rows().size(),
                        r.kind().equals("inputs") ? "vectors" : "points", r.newtonIterations()));
                int width = Math.max(18, r.columns().stream().mapToInt(String::length).max().orElse(0) + 2);
                StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-6s", "Index"));
                StringBuilder dash = new StringBuilder(String.format(Locale.ROOT, "%-6s", "-----"));
                for (String c : r.columns()) {
                    head.append(String.format(Locale.ROOT, " %-" + width + "s", c));
                    dash.append(String.format(Locale.ROOT, " %-" + width + "s", "-".repeat(c.length())));
                }
                w.write(head.toString().stripTrailing() + "\n" + dash.toString().stripTrailing() + "\n");
                for (int i = 0; i < r.rows().size(); i++) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-6d", i));
                    for (double v : r.rows().get(i)) {
                        line.append(String.format(Locale.ROOT, " %-" + width + "s", number(v)));
                    }
                    w.write(line.toString().stripTrailing() + "\n");
                }
            }
        }
    }

    /** Table numbers: 12 significant digits, like ngspice's layout with more precision. */
    private static String number(double v) {
        return String.format(Locale.ROOT, "%.11e", v);
    }

    /** CSV: a header of quantity names, then rows with every digit; analyses separated by a blank line. */
    private static void csv(List<AnalysisResult> results, Writer w) throws IOException {
        boolean first = true;
        for (AnalysisResult r : results) {
            if (!first) {
                w.write("\n");
            }
            first = false;
            w.write(String.join(",", r.columns()) + "\n");
            for (double[] row : r.rows()) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < row.length; k++) {
                    if (k > 0) {
                        sb.append(',');
                    }
                    sb.append(row[k]);
                }
                w.write(sb.append('\n').toString());
            }
        }
    }

    private static void json(Header h, List<AnalysisResult> results, Writer w) throws IOException {
        JsonWriter j = new JsonWriter(w);
        j.setIndent("  ");
        j.beginObject();
        j.name("title").value(h.title());
        j.name("netlist").value(h.source());
        j.name("options").value(h.options());
        j.name("analyses").beginArray();
        for (AnalysisResult r : results) {
            j.beginObject();
            j.name("kind").value(r.kind());
            j.name("newtonIterations").value(r.newtonIterations());
            j.name("columns").beginArray();
            for (String c : r.columns()) {
                j.value(c);
            }
            j.endArray();
            j.name("rows").beginArray();
            for (double[] row : r.rows()) {
                j.beginArray();
                for (double v : row) {
                    j.value(v);
                }
                j.endArray();
            }
            j.endArray();
            j.endObject();
        }
        j.endArray();
        j.endObject();
        j.flush();
        w.write("\n");
    }
}
