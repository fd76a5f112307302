package org.xbarsim.solver;

/** A circuit that cannot be solved: a singular matrix, or Newton that did not converge. */
public class SolveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SolveException(String message) {
        super(message);
    }
}
