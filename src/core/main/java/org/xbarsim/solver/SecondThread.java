package org.xbarsim.solver;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A second (daemon) thread for two-way parallel work, one per role: the LU's factorization and
 * substitution have one, the array solver another, so a task never waits in a queue behind the
 * task that submitted it.
 */
public final class SecondThread {
    private final String name;
    private ExecutorService pool;

    /** @param name the thread's name, as shown in thread dumps */
    public SecondThread(String name) {
        this.name = name;
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /**
     * Runs {@code here} on the calling thread and {@code there} on the second thread, and returns
     * when both are done; a runtime exception of either is thrown again here.
     */
    public void both(Runnable here, Runnable there) {
        Future<?> other = pool().submit(there);
        try {
            here.run();
        } finally {
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(name + " failed", e.getCause());
            }
        }
    }
}
