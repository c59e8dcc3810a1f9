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
    private final ThreadLocal<ZstdCompressor> zstd = ThreadLocal.withInitial(ZstdCompressor::new);

    private CompressionPool(ExecutorService threads, Executor executor, int size, ZstdEncoder zstdEncoder) {
        this.threads = threads;
        this.executor = executor;
        this.size = size;
        this.zstdEncoder = zstdEncoder.resolve();
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
        ExecutorService pool = DaemonThreads.pool(size, "modelkit-compress");
        return new CompressionPool(pool, pool, size, zstdEncoder);
    }

    /** Compression on the calling thread: the same bytes as any pool with the same encoder, one chunk at a time. */
    public static CompressionPool callingThread() {
        return callingThread(ZstdEncoder.AUTO);
    }

    public static CompressionPool callingThread(ZstdEncoder zstdEncoder) {
        return new CompressionPool(null, Runnable::run, 1, zstdEncoder);
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
