package dev.modelkit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plugin's threads. All are daemons, so a stuck worker can never keep Maven's JVM alive, and all are named
 * {@code modelkit-...}, so a thread dump says whose they are.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A fixed pool of {@code size} threads. */
    public static ExecutorService pool(int size, String prefix) {
        return Executors.newFixedThreadPool(size, named(prefix));
    }

    /**
     * One thread that runs tasks in submission order and ends after a second idle: a stream that owns one and is
     * abandoned after a failure leaves no thread behind.
     */
    public static ExecutorService single(String name) {
        return new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named(name));
    }
}
