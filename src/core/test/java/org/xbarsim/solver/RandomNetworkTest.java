package org.xbarsim.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.xbarsim.circuit.Circuit;

/**
 * Seeded random networks of resistors, grounded and floating voltage sources and current
 * sources: our sparse solution has a KCL residual below 1e-12 relative and agrees with a dense
 * LU (EJML) of an MNA matrix the test assembles on its own.
 */
class RandomNetworkTest {
    static final double RESIDUAL_REL = 1e-12;
    static final double DENSE_REL = 1e-9;

    record Edge(char kind, int a, int b, double value) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void agreesWithDenseLuAndBalancesKcl(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int nodes = 5 + rnd.nextInt(60);
        List<Edge> edges = new ArrayList<>();
        for (int k = 1; k <= nodes; k++) { // a spanning tree keeps every node connected to ground (0)
            edges.add(new Edge('r', k, rnd.nextInt(k), Math.pow(10, 1 + 4 * rnd.nextDouble())));
        }
        int extra = nodes + rnd.nextInt(2 * nodes);
        for (int k = 0; k < extra; k++) {
            int a = rnd.nextInt(nodes + 1);
            int b = rnd.nextInt(nodes + 1);
            if (a != b) {
                edges.add(new Edge('r', a, b, Math.pow(10, 1 + 4 * rnd.nextDouble())));
            }
        }
        int[] parent = new int[nodes + 1];
        for (int i = 0; i <= nodes; i++) {
            parent[i] = i;
        }
        int sources = 1 + rnd.nextInt(4);
        for (int k = 0; k < sources; k++) { // voltage sources only where they close no loop
            int a = 1 + rnd.nextInt(nodes);
            int b = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(nodes + 1);
            int ra = find(parent, a);
            int rb = find(parent, b);
            if (a != b && ra != rb) {
                parent[ra] = rb;
                edges.add(new Edge('v', a, b, 10 * rnd.nextDouble() - 5));
            }
        }
        for (int k = 0; k < 3; k++) {
            edges.add(new Edge('i', rnd.nextInt(nodes + 1), rnd.nextInt(nodes + 1), 1e-3 * (rnd.nextDouble() - 0.5)));
        }

        StringBuilder net = new StringBuilder("random network seed " + seed + "\n");
        int id = 0;
        for (Edge e : edges) {
            net.append(e.kind()).append(id++).append(" n").append(e.a()).append(" n").append(e.b()).append(' ')
                    .append(e.value()).append('\n');
        }
        net.append(".op\n.end\n");
        String text = net.toString().replace(" n0 ", " 0 ");
        Simulator.Run run = Simulator.runString(Path.of("random.cir"), text, Map.of());
        Circuit c = run.circuit();
        double[] x = new NewtonSolver(c).operatingPoint();

        double[] residual = new NewtonSolver(c).residual(x);
        // current scale: every branch current, and every node voltage across the smallest resistor (10 Ohm)
        double scale = 0;
        for (int k = 0; k < c.size(); k++) {
            scale = Math.max(scale, Math.abs(x[k]) * (c.isNode(k) ? 1e-1 : 1));
        }
        for (int k = 0; k < c.nodeCount(); k++) {
            assertTrue(Math.abs(residual[k]) <= RESIDUAL_REL * Math.max(scale, 1e-3),
                    "KCL residual " + residual[k] + " A at " + c.unknownName(k));
        }

        double[] dense = denseReference(edges, nodes);
        for (int k = 1; k <= nodes; k++) {
            String name = "n" + k;
            int idx = -1;
            for (int u = 0; u < c.nodeCount(); u++) {
                if (c.unknownName(u).equals(name)) {
                    idx = u;
                }
            }
            if (idx < 0) {
                continue; // a node no element touches
            }
            assertEquals(dense[k - 1], x[idx], DENSE_REL * Math.max(1, Math.abs(dense[k - 1])), name);
        }
    }

    private static int find(int[] p, int i) {
        while (p[i] != i) {
            i = p[i];
        }
        return i;
    }

    /** MNA assembled densely by the test itself: node k at row k-1, then one row per voltage source. */
    private static double[] denseReference(List<Edge> edges, int nodes) {
        int nv = (int) edges.stream().filter(e -> e.kind() == 'v').count();
        int size = nodes + nv;
        DMatrixRMaj a = new DMatrixRMaj(size, size);
        DMatrixRMaj b = new DMatrixRMaj(size, 1);
        int branch = nodes;
        for (Edge e : edges) {
            int p = e.a() - 1;
            int m = e.b() - 1;
            switch (e.kind()) {
                case 'r': {
                    double g = 1 / e.value();
                    add(a, p, p, g);
                    add(a, m, m, g);
                    add(a, p, m, -g);
                    add(a, m, p, -g);
                    break;
                }
                case 'v':
                    add(a, p, branch, 1);
                    add(a, m, branch, -1);
                    add(a, branch, p, 1);
                    add(a, branch, m, -1);
                    b.set(branch, 0, e.value());
                    branch++;
                    break;
                default:
                    if (p >= 0) {
                        b.set(p, 0, b.get(p, 0) - e.value());
                    }
                    if (m >= 0) {
                        b.set(m, 0, b.get(m, 0) + e.value());
                    }
            }
        }
        LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(size);
        assertTrue(lu.setA(a), "dense reference is singular");
        DMatrixRMaj x = new DMatrixRMaj(size, 1);
        lu.solve(b, x);
        double[] out = new double[nodes];
        for (int k = 0; k < nodes; k++) {
            out[k] = x.get(k, 0);
        }
        return out;
    }

    private static void add(DMatrixRMaj a, int r, int c, double v) {
        if (r >= 0 && c >= 0) {
            a.add(r, c, v);
        }
    }
}
