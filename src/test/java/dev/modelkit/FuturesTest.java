package dev.modelkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping a pool after a failure: interrupted tasks end, and a task that will not stop in time is reported. */
@Timeout(30)
class FuturesTest {

    @Test
    void tasksThatHeedInterruptsAreStoppedAndWaitedFor() throws Exception {
        ExecutorService pool = DaemonThreads.pool(2, "test-stop");
        CountDownLatch started = new CountDownLatch(2);
        List<Future<?>> tasks = List.of(pool.submit(() -> sleep(started)), pool.submit(() -> sleep(started)));
        started.await();
        assertThat(Futures.stop(pool, tasks, 10)).isTrue();
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void aTaskIgnoringInterruptsPastTheWaitIsReported() throws Exception {
        ExecutorService pool = DaemonThreads.pool(1, "test-stubborn");
        CountDownLatch started = new CountDownLatch(1);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        Future<?> task = pool.submit(() -> {
            started.countDown();
            while (System.nanoTime() < until) {
                Thread.interrupted(); // ignores every interrupt
            }
        });
        started.await();
        long before = System.nanoTime();
        assertThat(Futures.stop(pool, List.of(task), 1)).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isBetween(900L, 2900L);
    }

    private static Object sleep(CountDownLatch started) throws InterruptedException {
        started.countDown();
        Thread.sleep(60_000);
        return null;
    }
}
