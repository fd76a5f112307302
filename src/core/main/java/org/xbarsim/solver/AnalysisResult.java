package org.xbarsim.solver;

import java.util.List;

/**
 * The table an analysis produces.
 *
 * @param kind     "op" or "dc"
 * @param columns  column names as ngspice writes them: sweep variables first, then quantities
 * @param sweeps   how many leading columns are sweep variables
 * @param rows     one row per operating point or sweep point
 * @param newtonIterations Newton iterations spent
 */
public record AnalysisResult(String kind, List<String> columns, int sweeps, List<double[]> rows,
                             int newtonIterations) {
}
