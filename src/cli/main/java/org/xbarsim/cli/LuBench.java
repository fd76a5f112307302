package org.xbarsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import org.xbarsim.bench.LuBenchmark;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.solver.SparseLu;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xbarsim bench lu}: the sparse LU on crossbar Jacobians, one row per size and ordering. */
@Command(name = "lu", mixinStandardHelpOptions = true,
        description = "Time the general engine's sparse LU on the Jacobians of plain 1T1R crossbars (at their operating "
                + "points) for each fill-reducing ordering: factor entries, multiply-adds, ordering, symbolic analysis, "
                + "first factorization, refactorization and solve; write CSV. --dump writes the matrices for "
                + "benchmarks/klu/compare.sh.")
final class LuBench implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "64x64,128x128,256x256",
            description = "array sizes ROWSxCOLS; default: ${DEFAULT-VALUE}")
    List<String> sizes;

    @Option(names = "--orderings", split = ",", defaultValue = "amd,colamd,nd",
            description = "orderings: amd (A + A', what xbarsim run uses), colamd (S'S, CSparseJ's LU order) and nd "
                    + "(nested dissection by level sets); default: ${DEFAULT-VALUE}")
    List<String> orderings;

    @Option(names = "--runs", defaultValue = "3", description = "timed factorizations per ordering and size (median "
            + "reported); default: ${DEFAULT-VALUE}")
    int runs;

    @Option(names = "--csparsej", description = "also time CSparseJ's LU (cs_sqr, cs_lu) on the same matrices")
    boolean csparsej;

    @Option(names = "--dump", description = "folder to write each size's matrix to as x<rows>.mtx (Matrix Market)")
    Path dump;

    @Option(names = {"-o", "--output"}, defaultValue = "benchmarks/results/lu-orderings.csv",
            description = "CSV file to write; default: ${DEFAULT-VALUE}")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs " + runs + ": at least 1");
        }
        Outputs.file(output, "-o");
        List<SparseLu.Ordering> chosen = new ArrayList<>();
        for (String o : orderings) {
            chosen.add(Choices.of("--orderings", o, LuBench::ordering, List.of("amd", "colamd", "nd")));
        }
        List<int[]> parsed = Sizes.parse(sizes, "--sizes");
        LuBenchmark.Plan plan = new LuBenchmark.Plan(parsed, chosen, runs, dump, csparsej);
        List<LuBenchmark.Row> rows;
        try (ProgressBar bar = RunCommand.progressBar("bench lu", (long) parsed.size() * (chosen.size() + (csparsej ? 1 : 0)), " orderings")) {
            rows = LuBenchmark.run(plan, msg -> {
                bar.setExtraMessage(msg);
                bar.step();
            });
        }
        AtomicFile.write(output, w -> LuBenchmark.writeCsv(rows, w));
        spec.commandLine().getOut().printf(Locale.ROOT, "%s%nsettings: plain 1T1R crossbars, paper-002 parameters, seed %d, "
                        + "%d runs (medians), %d cores%nwritten: %s%n", LuBenchmark.markdown(rows),
                org.xbarsim.crossbar.CrossbarSpec.DEFAULT_SEED, runs, Runtime.getRuntime().availableProcessors(), output);
        return 0;
    }

    private static SparseLu.Ordering ordering(String name) {
        return switch (name) {
            case "amd" -> SparseLu.Ordering.AMD;
            case "colamd" -> SparseLu.Ordering.COLAMD;
            case "nd" -> SparseLu.Ordering.NESTED_DISSECTION;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
