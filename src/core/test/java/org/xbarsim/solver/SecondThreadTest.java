package org.xbarsim.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The shared second thread: two-way work, and a caller that finds it busy doing both halves itself. */
class SecondThreadTest {
    @Test
    void bothHalvesRunOnTwoThreadsWhenItIsFree() {
        SecondThread second = new SecondThread("test-free");
        AtomicReference<Thread> here = new AtomicReference<>();
        AtomicReference<Thread> there = new AtomicReference<>();
        second.both(() -> here.set(Thread.currentThread()), () -> there.set(Thread.currentThread()));
        assertEquals(Thread.currentThread(), here.get());
        assertEquals("test-free", there.get().getName());
    }

    @Test
    void aCallerThatFindsItBusyRunsBothHalvesItself() throws Exception {
        SecondThread second = new SecondThread("test-busy");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = new Thread(() -> second.both(() -> { }, () -> {
            holding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        first.start();
        assertEquals(true, holding.await(10, TimeUnit.SECONDS));
        AtomicReference<Thread> there = new AtomicReference<>();
        second.both(() -> { }, () -> there.set(Thread.currentThread()));
        assertEquals(Thread.currentThread(), there.get(), "the busy second thread was not waited for");
        release.countDown();
        first.join(10_000);
        // free again: the next call uses the second thread
        second.both(() -> { }, () -> there.set(Thread.currentThread()));
        assertNotEquals(Thread.currentThread(), there.get());
    }

    @Test
    void anExceptionOfEitherHalfIsThrownHere() {
        SecondThread second = new SecondThread("test-throw");
        assertThrows(ArithmeticException.class, () -> second.both(() -> { }, () -> {
            throw new ArithmeticException("there");
        }));
        assertThrows(ArithmeticException.class, () -> second.both(() -> {
            throw new ArithmeticException("here");
        }, () -> { }));
        // and the thread is free afterwards
        AtomicReference<Thread> there = new AtomicReference<>();
        second.both(() -> { }, () -> there.set(Thread.currentThread()));
        assertEquals("test-throw", there.get().getName());
    }
}
