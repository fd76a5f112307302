package org.xbarsim.netlist;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.xbarsim.circuit.Circuit;
import org.xbarsim.circuit.CircuitBuilder;
import org.xbarsim.solver.DcAnalysis;
import org.xbarsim.solver.SolveException;

/**
 * Mutation fuzzing of the netlist pipeline: the bundled netlists with tokens deleted, duplicated
 * and swapped, lines deleted and duplicated, random bytes written in, and the text cut short, each
 * mutant read, flattened, built and solved as {@code xbarsim run} does. Every mutant must either
 * run or fail with the errors the command line reports as one line: a {@link NetlistException}
 * with its file:line:column, a {@link SolveException} (naming the analysis, its place and the
 * sweep point), or an {@link IllegalArgumentException} naming a value and its range.
 * Anything else (a NullPointerException, an index out of bounds, a stack overflow) fails the
 * test, and so does a mutant that runs longer than {@link #LIMIT_S} seconds.
 *
 * <p>10,000 mutants by default (seed 1); more with
 * {@code mvn -B test -Dtest=FuzzTest -Dxbarsim.fuzz.mutants=1000000 -Dxbarsim.fuzz.seed=7}.
 * A mutant whose analyses ask for more than {@link #MAX_SOLVED_POINTS} points is read, flattened
 * and built but not solved, so that each stays short.
 */
class FuzzTest {
    static final int DEFAULT_MUTANTS = 10_000;
    static final long DEFAULT_SEED = 1;
    /** Longest a mutant may take (s). */
    static final int LIMIT_S = 20;
    static final int MAX_SOLVED_POINTS = 2_000;

    /** The outcome of one mutant, by kind: "ok", or the error class. */
    private static String runOne(Path file, String text) {
        try {
            FlatNetlist flat = Flattener.flatten(NetlistParser.parseString(file, text));
            Circuit c = CircuitBuilder.build(flat, Map.of());
            if (DcAnalysis.points(c.analyses()) <= MAX_SOLVED_POINTS) {
                new DcAnalysis(c).runAll(null);
            }
            return "ok";
        } catch (NetlistException e) {
            return e.location() == null ? "NetlistException without location" : "NetlistException";
        } catch (SolveException e) {
            return "SolveException";
        } catch (IllegalArgumentException e) {
            return "IllegalArgumentException: " + e.getMessage();
        }
    }

    @Test
    void mutantsFailCleanlyOrRun() throws Exception {
        int mutants = Integer.getInteger("xbarsim.fuzz.mutants", DEFAULT_MUTANTS);
        long seed = Long.getLong("xbarsim.fuzz.seed", DEFAULT_SEED);
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(Path.of("netlists"), Path.of("src/core/test/resources/ngspice"), Path.of("validation/regression"),
                Path.of("validation/dialect"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".cir")).sorted().forEach(files::add);
            }
        }
        List<String> texts = new ArrayList<>();
        for (Path f : files) {
            texts.add(Files.readString(f));
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "fuzz", 1 << 20); // a 1 MB stack, a little under the JVM's default
            t.setDaemon(true);
            return t;
        });
        try {
            for (int k = 0; k < mutants && failures.size() < 10; k++) {
                int pick = rnd.nextInt(files.size());
                Path file = files.get(pick);
                String mutant = mutate(texts.get(pick), rnd);
                Future<String> f = worker.submit(() -> runOne(file, mutant));
                String outcome;
                try {
                    outcome = f.get(LIMIT_S, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    failures.add("mutant " + k + " of " + file + " ran over " + LIMIT_S + " s:\n" + mutant);
                    break; // the worker is still busy with it
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    StringBuilder at = new StringBuilder();
                    for (StackTraceElement s : c.getStackTrace()) {
                        if (at.length() < 600) {
                            at.append("\n  at ").append(s);
                        }
                    }
                    failures.add("mutant " + k + " of " + file + ": uncaught " + c + at + "\n--- mutant:\n" + mutant);
                    outcome = c.getClass().getSimpleName();
                }
                outcomes.merge(outcome, 1, Integer::sum);
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.println("fuzz: " + mutants + " mutants of " + files.size() + " netlists, seed " + seed + ": " + outcomes);
        assertTrue(failures.isEmpty(), () -> failures.size() + " mutants failed uncleanly; first:\n" + failures.get(0));
        assertTrue(!outcomes.containsKey("NetlistException without location"), "every refusal names its place: " + outcomes);
        assertTrue(outcomes.getOrDefault("NetlistException", 0) > mutants / 10, "many mutants are refused: " + outcomes);
    }

    /** One random mutation of {@code text}. */
    static String mutate(String text, SplittableRandom rnd) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        switch (rnd.nextInt(8)) {
            case 0: { // delete a token
                int l = rnd.nextInt(lines.size());
                String[] t = lines.get(l).split(" ", -1);
                if (t.length > 1) {
                    List<String> tl = new ArrayList<>(List.of(t));
                    tl.remove(rnd.nextInt(tl.size()));
                    lines.set(l, String.join(" ", tl));
                }
                break;
            }
            case 1: { // duplicate a token
                int l = rnd.nextInt(lines.size());
                List<String> tl = new ArrayList<>(List.of(lines.get(l).split(" ", -1)));
                int i = rnd.nextInt(tl.size());
                tl.add(i, tl.get(i));
                lines.set(l, String.join(" ", tl));
                break;
            }
            case 2: { // swap two tokens of a line, or of two lines
                int l1 = rnd.nextInt(lines.size());
                int l2 = rnd.nextInt(lines.size());
                List<String> a = new ArrayList<>(List.of(lines.get(l1).split(" ", -1)));
                List<String> b = l1 == l2 ? a : new ArrayList<>(List.of(lines.get(l2).split(" ", -1)));
                int i = rnd.nextInt(a.size());
                int j = rnd.nextInt(b.size());
                String x = a.get(i);
                a.set(i, b.get(j));
                b.set(j, x);
                lines.set(l1, String.join(" ", a));
                if (l1 != l2) {
                    lines.set(l2, String.join(" ", b));
                }
                break;
            }
            case 3: // delete a line
                lines.remove(rnd.nextInt(lines.size()));
                break;
            case 4: { // duplicate a line
                int l = rnd.nextInt(lines.size());
                lines.add(rnd.nextInt(lines.size() + 1), lines.get(l));
                break;
            }
            case 5: { // random bytes (any char 0..255, control characters included) at a random place
                StringBuilder s = new StringBuilder(String.join("\n", lines));
                int n = 1 + rnd.nextInt(8);
                int at = rnd.nextInt(s.length() + 1);
                for (int k = 0; k < n; k++) {
                    s.insert(at, (char) rnd.nextInt(256));
                }
                return s.toString();
            }
            case 6: { // a character replaced by one that means something to the reader
                StringBuilder s = new StringBuilder(String.join("\n", lines));
                if (s.length() > 0) {
                    String special = "(){}'=,;$*+-.0123456789eEkKmMuU \t\nxXvViI";
                    s.setCharAt(rnd.nextInt(s.length()), special.charAt(rnd.nextInt(special.length())));
                }
                return s.toString();
            }
            default: { // truncated
                String s = String.join("\n", lines);
                return s.substring(0, rnd.nextInt(s.length() + 1));
            }
        }
        return String.join("\n", lines);
    }

    /** The mutation operator itself is deterministic for a seed (a rerun finds the same mutants). */
    @Test
    void mutationsAreReproducible() throws IOException {
        String text = Files.readString(Path.of("netlists/divider.cir"));
        SplittableRandom a = new SplittableRandom(3);
        SplittableRandom b = new SplittableRandom(3);
        for (int k = 0; k < 100; k++) {
            assertTrue(mutate(text, a).equals(mutate(text, b)));
        }
    }
}
