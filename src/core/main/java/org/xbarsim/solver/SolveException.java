package org.xbarsim.solver;

/** A circuit that cannot be solved: a singular matrix, or Newton that did not converge. */
public class SolveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SolveException(String message) {
        super(message);
    }

    public SolveException(String message, Throwable cause) {
        super(message, cause);
    }

    /** This failure with the analysis and point where it happened in front, {@code where: message}. */
    public SolveException at(String where) {
        return new SolveException(where + ": " + getMessage(), this);
    }
}
