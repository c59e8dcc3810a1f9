package dev.modelkit.unpack;

import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;
import dev.modelkit.NewFiles;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Creates a layer's small staged files on threads of their own, each thread in a staging folder of its own, while
 * the thread that reads the tar goes on to the next entry. Creating a file is mostly the file system's work, and
 * some file systems make it dear: ext4 without a journal (this project's CI machine) looks at every inode freed in
 * the last minute before it reuses one, so right after a previous output was deleted each create costs hundreds of
 * microseconds of CPU, and 10,000 files cost seconds on one thread. Two threads in two folders (creates in one folder
 * take its lock in turn) get through them about twice as fast where a core is free, and a core is free once the big
 * files of the other layers are written.
 *
 * <p>The content is read on the caller's thread (it must be: the tar is one stream) into a buffer that the writing
 * thread then owns; at most {@link #MAX_BYTES_IN_FLIGHT} bytes wait at a time. A write that fails is reported by
 * the next {@link #write} or by {@link #finish}; {@link #close} stops the threads and waits for them, so that nothing
 * writes into the staging folder once the caller deletes it.
 */
final class SmallFileWriters implements AutoCloseable {

    /** Files up to this size go through here; larger ones are staged on the tar's thread, by the kernel. */
    static final int MAX_SIZE = 256 * 1024;
    /** Heap the waiting contents may take. */
    static final int MAX_BYTES_IN_FLIGHT = 8 * 1024 * 1024;
    /** How long {@link #close} waits for a write still running after a failure. */
    private static final long STOP_WAIT_SECONDS = 30;

    private final Path staging;
    private final int threadCount;
    private final List<ExecutorService> threads = new ArrayList<>();
    private final Semaphore bytes = new Semaphore(MAX_BYTES_IN_FLIGHT);
    private final Deque<Future<?>> pending = new ArrayDeque<>();
    private int next;

    /**
     * @param staging the layer's staging folder; the threads' folders are made inside it on first use
     * @param threads how many files are created at once
     */
    SmallFileWriters(Path staging, int threads) {
        this.staging = staging;
        this.threadCount = Math.max(1, threads);
    }

    /**
     * Hands {@code content} (which the caller must not touch again) to a writing thread and returns the staged
     * file's path; the file exists once {@link #finish} has returned.
     */
    Path write(byte[] content) throws IOException {
        checkDone();
        int n = next++;
        int thread = n % threadCount;
        if (threads.size() <= thread) {
            Files.createDirectory(staging.resolve("t" + thread));
            threads.add(DaemonThreads.single("modelkit-unpack-files"));
        }
        Path file = staging.resolve("t" + thread).resolve(Integer.toString(n));
        int permits = Math.min(content.length, MAX_BYTES_IN_FLIGHT);
        try {
            bytes.acquire(permits);
        } catch (InterruptedException e) {
            throw Futures.interrupted("staging files");
        }
        try {
            pending.addLast(threads.get(thread).submit(() -> {
                try (OutputStream out = NewFiles.outputStream(file)) {
                    out.write(content);
                } finally {
                    bytes.release(permits);
                }
                return null;
            }));
        } catch (RuntimeException e) {
            bytes.release(permits); // not submitted (the threads are stopping)
            throw e;
        }
        return file;
    }

    /** Waits for every file handed over; throws what the first failed write threw. */
    void finish() throws IOException {
        while (!pending.isEmpty()) {
            Futures.await(pending.removeFirst(), "staging a file");
        }
    }

    /** Throws a finished write's failure early, without waiting for the writes still running. */
    private void checkDone() throws IOException {
        while (!pending.isEmpty() && pending.peekFirst().isDone()) {
            Futures.await(pending.removeFirst(), "staging a file");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while staging files");
        }
    }

    /**
     * Stops the threads (cancelling the writes not started, interrupting one still running) and waits for them, up
     * to {@link #STOP_WAIT_SECONDS} in all.
     */
    @Override
    public void close() {
        pending.forEach(f -> f.cancel(true));
        threads.forEach(ExecutorService::shutdownNow);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        boolean interrupted = Thread.interrupted(); // a stopping caller must still wait, or it deletes under a write
        for (ExecutorService thread : threads) {
            while (!thread.isTerminated()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    thread.awaitTermination(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
