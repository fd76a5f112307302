package org.xbarsim.solver;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A second (daemon) thread for two-way parallel work, one per role: the LU's factorization and
 * substitution have one, the array solver another, so a task never waits in a queue behind the
 * task that submitted it. When several threads solve at once (a sweep's workers), a caller that
 * finds the second thread busy runs both halves itself rather than queue behind another caller.
 */
public final class SecondThread {
    private final String name;
    private ExecutorService pool;
    private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();

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
        if (!busy.compareAndSet(false, true)) {
            here.run();
            there.run();
            return;
        }
        Future<?> other;
        try {
            other = pool().submit(() -> {
                try {
                    there.run();
                } finally {
                    busy.set(false);
                }
            });
        } catch (RuntimeException e) {
            busy.set(false);
            throw e;
        }
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
