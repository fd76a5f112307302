package org.xbarsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.xbarsim.netlist.FlatNetlist;
import org.xbarsim.solver.Simulator;

/**
 * Reads and flattens the netlist of {@code xbarsim run FILE} on a second thread while the command
 * line is still being set up, so the two overlap in a short run. The run uses the result only
 * when it asks for the same file; errors surface there as if it had read the file itself.
 */
final class Prefetch {
    private static volatile Path path;
    private static volatile CompletableFuture<FlatNetlist> pending;

    private Prefetch() {
    }

    /** Starts reading when {@code args} are {@code run FILE ...} and FILE exists. */
    static void start(String[] args) {
        if (args.length < 2 || !args[0].equals("run") || args[1].startsWith("-")) {
            return;
        }
        Path file = Path.of(args[1]);
        if (!Files.isRegularFile(file)) {
            return;
        }
        path = file;
        pending = CompletableFuture.supplyAsync(() -> Simulator.flatten(file));
    }

    /** The flat netlist of {@code file}: the prefetched one when it is that file, else read now. */
    static FlatNetlist flatten(Path file) {
        CompletableFuture<FlatNetlist> f = pending;
        if (f != null && file.equals(path)) {
            pending = null;
            try {
                return f.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
        return Simulator.flatten(file);
    }
}
