import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import edu.ufl.cise.klu.common.KLU_common;
import edu.ufl.cise.klu.common.KLU_numeric;
import edu.ufl.cise.klu.common.KLU_symbolic;
import edu.ufl.cise.klu.tdouble.Dklu_analyze;
import edu.ufl.cise.klu.tdouble.Dklu_defaults;
import edu.ufl.cise.klu.tdouble.Dklu_factor;
import edu.ufl.cise.klu.tdouble.Dklu_refactor;
import edu.ufl.cise.klu.tdouble.Dklu_solve;

/**
 * Times JKLU (com.github.rwl:JKLU 1.0.0, a Java translation of KLU, last released 2012) on a
 * Matrix Market file written by {@code xbarsim bench lu --dump DIR}: analysis, factorization,
 * refactorization and one solve, medians of RUNS after one unmeasured round. Not part of the
 * build (JKLU is not a dependency). Run:
 * <pre>
 *   mvn dependency:get -Dartifact=com.github.rwl:JKLU:1.0.0
 *   CP=$(ls ~/.m2/repository/com/github/rwl/*&#47;*&#47;*.jar | tr '\n' ':')
 *   javac -cp "$CP" -d /tmp/jklu benchmarks/klu/JkluBench.java
 *   java -XX:+UseSerialGC -cp "$CP:/tmp/jklu" JkluBench DIR/x256.mtx 5
 * </pre>
 */
public final class JkluBench {
    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        int line = 0;
        while (lines.get(line).startsWith("%")) {
            line++;
        }
        String[] head = lines.get(line++).trim().split("\\s+");
        int n = Integer.parseInt(head[0]);
        int nz = Integer.parseInt(head[2]);
        int[] colPtr = new int[n + 1];
        int[] rowIdx = new int[nz];
        double[] values = new double[nz];
        int k = 0;
        for (int q = line; q < lines.size(); q++) {
            String[] f = lines.get(q).trim().split("\\s+");
            if (f.length < 3) {
                continue;
            }
            rowIdx[k] = Integer.parseInt(f[0]) - 1;
            values[k] = Double.parseDouble(f[2]);
            colPtr[Integer.parseInt(f[1])]++; // the file lists the entries column by column
            k++;
        }
        for (int j = 0; j < n; j++) {
            colPtr[j + 1] += colPtr[j];
        }
        int runs = Integer.parseInt(args[1]);
        double[] analyze = new double[runs];
        double[] factor = new double[runs];
        double[] refactor = new double[runs];
        double[] solve = new double[runs];
        long entries = 0;
        for (int r = -1; r < runs; r++) {
            KLU_common common = new KLU_common();
            Dklu_defaults.klu_defaults(common);
            long t0 = System.nanoTime();
            KLU_symbolic symbolic = Dklu_analyze.klu_analyze(n, colPtr, rowIdx, common);
            long t1 = System.nanoTime();
            KLU_numeric numeric = Dklu_factor.klu_factor(colPtr, rowIdx, values, symbolic, common);
            long t2 = System.nanoTime();
            Dklu_refactor.klu_refactor(colPtr, rowIdx, values, symbolic, numeric, common);
            long t3 = System.nanoTime();
            double[] b = new double[n];
            Arrays.fill(b, 1);
            long t4 = System.nanoTime();
            Dklu_solve.klu_solve(symbolic, numeric, n, 1, b, 0, common);
            long t5 = System.nanoTime();
            if (r >= 0) {
                analyze[r] = (t1 - t0) / 1e6;
                factor[r] = (t2 - t1) / 1e6;
                refactor[r] = (t3 - t2) / 1e6;
                solve[r] = (t5 - t4) / 1e6;
                entries = (long) numeric.lnz + numeric.unz;
            }
        }
        System.out.printf("%s,%d,%d,%d,%.1f,%.1f,%.1f,%.2f%n", args[0], n, nz, entries, median(analyze), median(factor),
                median(refactor), median(solve));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
