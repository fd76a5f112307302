package org.xbarsim.solver;

/** Newton-Raphson did not converge after every fallback; carries the evidence. */
public final class ConvergenceException extends SolveException {
    private static final long serialVersionUID = 1L;

    /** Newton iterations spent, all fallbacks included. */
    private final int iterations;
    /** Largest residual at the last iterate against its tolerance: A for a node, V for a branch equation. */
    private final double residual;
    /** The unknown with that residual. */
    private final String worstNode;

    public ConvergenceException(int iterations, double residual, String worstNode) {
        this(iterations, residual, worstNode, true, "");
    }

    /**
     * @param node   true when the worst equation is a node's KCL (residual in A), false for a branch
     *               equation (in V)
     * @param detail what else is known of the failure, appended after "; ", or empty
     */
    public ConvergenceException(int iterations, double residual, String worstNode, boolean node, String detail) {
        super(String.format(java.util.Locale.ROOT,
                "no convergence after %d Newton iterations (gmin and source stepping included): "
                        + "largest residual %.3e %s at %s '%s'", iterations, residual, node ? "A" : "V",
                node ? "node" : "branch", worstNode)
                + (detail.isEmpty() ? "" : "; " + detail));
        this.iterations = iterations;
        this.residual = residual;
        this.worstNode = worstNode;
    }

    public int iterations() {
        return iterations;
    }

    public double residual() {
        return residual;
    }

    public String worstNode() {
        return worstNode;
    }
}
