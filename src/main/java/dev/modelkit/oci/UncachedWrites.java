package dev.modelkit.oci;

import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes whole aligned blocks of a file around the page cache ({@code O_DIRECT}), one at a time, on a thread of its
 * own.
 *
 * <p>Why: a pack with the archive writes every layer byte twice, to the layout and to the archive. Through the page
 * cache, the second copy's dirty pages push Linux past its dirty-page limit ({@link DirtyPageLimit}: about 15 % of
 * the available memory by default), and from there every writer, the layout's included, is held to the pace of
 * write-back: on the 2-core bench machine {@code cp -r} of 3.2 GB took 2.7-4.5 s alone, 11.7-12.5 s beside a cached
 * copy of its two big files and 6.4 s beside a direct one. Written around the cache, the archive goes to the disk at
 * the disk's speed and the layout's pages stay below the limit. It also leaves the cache to the files that are read
 * again (the layout's blobs, for install and push).
 *
 * <p>Only worth it past the limit: below it a write through the cache costs a memory copy and the disk catches up
 * later, while a direct write waits for the disk (a slow one in many cloud machines). So by default ({@code auto})
 * the archive is written around the cache only when the bytes about to be written would pass the limit; where the
 * limit cannot be read (not Linux) it is written through the cache as before. The system property
 * {@value #PROPERTY} ({@code auto}, {@code always}, {@code never}) overrides that, for a machine whose disk is slower
 * or faster than that rule assumes, and for tests.
 *
 * <p>Direct I/O wants positions, lengths and buffer addresses aligned to the file system's block size; callers send
 * the unaligned ends of a run through the cache. Where the file system refuses {@code O_DIRECT} there is no such
 * writer ({@link #open} returns null); a direct write that fails is written again through the cache, and so is
 * every later one.
 */
final class UncachedWrites implements AutoCloseable {

    /** The system property that says when to write around the cache: {@code auto}, {@code always}, {@code never}. */
    static final String PROPERTY = "modelkit.archive.uncached";

    /** Bytes per write: large enough that the disk streams (4 and 8 MiB writes ran at the disk's speed here). */
    static final int BUFFER_SIZE = 8 * 1024 * 1024;

    private final DirectFile file;
    private final ExecutorService thread = DaemonThreads.single("modelkit-archive-writer");
    /** Buffers whose writes are done, for the next ones: as many as were ever on their way at once. */
    private final Queue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private Future<?> last;
    private volatile IOException failure;

    private UncachedWrites(DirectFile file) {
        this.file = file;
    }

    /**
     * A writer for {@code file} (which exists), or null where it is not wanted (see the class comment) or direct I/O
     * is not available.
     *
     * @param bytesToWrite how many bytes the build is about to write through the cache without it (the archive's,
     *                     and the layout's when they are written together)
     */
    static UncachedWrites open(Path file, long bytesToWrite) {
        String mode = System.getProperty(PROPERTY, "auto");
        if (mode.equals("never") || mode.equals("auto") && DirtyPageLimit.headroom().orElse(Long.MAX_VALUE) > bytesToWrite) {
            return null;
        }
        DirectFile direct = DirectFile.open(file);
        return direct == null ? null : new UncachedWrites(direct); // tmpfs, some network file systems: the cache
    }

    /** What positions, lengths and buffers must be multiples of. */
    int alignment() {
        return file.alignment();
    }

    /**
     * An empty buffer of {@link #BUFFER_SIZE} bytes at an aligned address, to fill and {@link #write}; null when no
     * more memory outside the heap can be had (the JVM's limit on it defaults to the heap's size): the caller then
     * writes through the cache.
     */
    ByteBuffer take() {
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            try {
                buffer = DirectFile.alignedBuffer(BUFFER_SIZE);
            } catch (OutOfMemoryError e) {
                return null;
            }
        }
        return buffer.clear().limit(BUFFER_SIZE);
    }

    /**
     * Writes {@code bytes} (a buffer from {@link #take}, position to limit, an aligned length) at {@code position}
     * (aligned) later, and then takes the buffer back; the returned future completes when that is done. Writes happen
     * in the order they are asked for.
     */
    synchronized Future<?> write(ByteBuffer bytes, long position) {
        if (thread.isShutdown()) { // a layer still writing after the pack failed and the archive was dropped
            failure = new IOException("the archive was closed while a layer was still written to it");
            return CompletableFuture.completedFuture(null);
        }
        last = thread.submit(() -> {
            try {
                file.write(bytes, position); // only this thread writes to the file
            } catch (IOException | RuntimeException | Error e) {
                failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
            } finally {
                free.add(bytes);
            }
        });
        return last;
    }

    /** Waits until every write asked for so far is done; throws if any failed. */
    void drain() throws IOException {
        Future<?> pending;
        synchronized (this) {
            pending = last;
        }
        if (pending != null) {
            Futures.await(pending, "writing the archive");
        }
        if (failure != null) {
            throw new IOException("writing the archive: " + failure.getMessage(), failure);
        }
    }

    /**
     * Waits (up to 30 s) for the writes asked for, at most two buffers per stretch being written (after
     * {@link #drain()} there are none), then closes the file; later writes are refused.
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            thread.shutdown();
        }
        free.clear();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        file.close();
    }
}
