package org.xbarsim.netlist;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Instance-parameter maps made from keys and values in order, the last one given again for the
 * same keys and values: a generated array's transistors all have one size, and get one map. Not
 * thread-safe: one per reader or flattening.
 */
final class ParamMaps {
    private String[] keys = new String[0];
    private double[] values = new double[0];
    private Map<String, Double> last = Map.of();

    /** The first {@code count} of {@code k} and {@code v} as an unmodifiable map in their order. */
    Map<String, Double> of(String[] k, double[] v, int count) {
        if (count == 0) {
            return Map.of();
        }
        if (!Arrays.equals(keys, 0, keys.length, k, 0, count) || !Arrays.equals(values, 0, values.length, v, 0, count)) {
            Map<String, Double> m = new LinkedHashMap<>(2 * count);
            for (int i = 0; i < count; i++) {
                m.put(k[i], v[i]);
            }
            keys = Arrays.copyOf(k, count);
            values = Arrays.copyOf(v, count);
            last = Collections.unmodifiableMap(m);
        }
        return last;
    }
}
