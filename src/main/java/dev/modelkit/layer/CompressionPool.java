package dev.modelkit.layer;

import dev.modelkit.DaemonThreads;
import io.airlift.compress.zstd.ZstdCompressor;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The threads that compress chunks, and what each keeps between chunks: a pure-Java zstd compressor (several MiB of
 * match tables: far too costly to build per chunk). Per worker thread, not per stream, so layers compressed at the
 * same time share them and memory does not grow with the number of layers.
 */
public final class CompressionPool implements AutoCloseable {

    private final ExecutorService threads;
    private final Executor executor;
    private final int size;
    private final ZstdEncoder zstdEncoder;
    private final int concurrentStreams;
    private final ThreadLocal<ZstdCompressor> zstd = ThreadLocal.withInitial(ZstdCompressor::new);

    private CompressionPool(ExecutorService threads, Executor executor, int size, ZstdEncoder zstdEncoder,
                            int concurrentStreams) {
        this.threads = threads;
        this.executor = executor;
        this.size = size;
        this.zstdEncoder = zstdEncoder.resolve();
        this.concurrentStreams = Math.max(1, concurrentStreams);
    }

    /** {@code size} daemon threads with the zstd encoder {@code auto} picks here. */
    public static CompressionPool of(int size) {
        return of(size, ZstdEncoder.AUTO);
    }

    /**
     * {@code size} daemon threads (a stuck worker can never keep Maven's JVM alive).
     *
     * @throws IllegalStateException when {@code zstdEncoder} is NATIVE and libzstd does not load here
     */
    public static CompressionPool of(int size, ZstdEncoder zstdEncoder) {
        return of(size, zstdEncoder, 1);
    }

    /**
     * As {@link #of(int, ZstdEncoder)}, for {@code concurrentStreams} streams compressing at once, which share the
     * heap the chunks may take (see {@link #chunksInFlight(int)}).
     */
    public static CompressionPool of(int size, ZstdEncoder zstdEncoder, int concurrentStreams) {
        ExecutorService pool = DaemonThreads.pool(size, "modelkit-compress");
        return new CompressionPool(pool, pool, size, zstdEncoder, concurrentStreams);
    }

    /** Compression on the calling thread: the same bytes as any pool with the same encoder, one chunk at a time. */
    public static CompressionPool callingThread() {
        return callingThread(ZstdEncoder.AUTO);
    }

    public static CompressionPool callingThread(ZstdEncoder zstdEncoder) {
        return new CompressionPool(null, Runnable::run, 1, zstdEncoder, 1);
    }

    /**
     * How many chunks one stream keeps on their way (encoding or being written): one more than the threads, so no
     * thread waits, unless the heap is too small for that. Each chunk in flight holds an input and an output array of
     * about {@code chunkSize} (a third more in G1's 1 MiB regions), and the streams share 60% of the heap: in a 64
     * MiB JVM two zstd streams keep three chunks each. Only speed depends on this, never the bytes.
     */
    int chunksInFlight(int chunkSize) {
        long budget = Runtime.getRuntime().maxMemory() * 6 / 10 / concurrentStreams;
        long fits = budget / (3L * chunkSize);
        return (int) Math.max(1, Math.min(size + 1, fits));
    }

    /** NATIVE or JAVA: the encoder this pool's zstd chunks are compressed with. */
    public ZstdEncoder zstdEncoder() {
        return zstdEncoder;
    }

    Executor executor() {
        return executor;
    }

    int size() {
        return size;
    }

    ZstdCompressor zstd() {
        return zstd.get();
    }

    @Override
    public void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
