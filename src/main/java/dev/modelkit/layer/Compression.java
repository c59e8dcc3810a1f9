package dev.modelkit.layer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Layer compression, named as kit names it. {@code gzip-fastest} is gzip at level 1 and, as in kit, carries the
 * same {@code +gzip} media type suffix. Output depends only on the input bytes (never on threads or time).
 */
public enum Compression {
    NONE("none", ""),
    GZIP("gzip", "+gzip"),
    GZIP_FASTEST("gzip-fastest", "+gzip"),
    ZSTD("zstd", "+zstd");

    private final String kitName;
    private final String mediaTypeSuffix;

    Compression(String kitName, String mediaTypeSuffix) {
        this.kitName = kitName;
        this.mediaTypeSuffix = mediaTypeSuffix;
    }

    /** The name users write ({@code none|gzip|gzip-fastest|zstd}). */
    public String kitName() {
        return kitName;
    }

    /** What follows {@code .tar} or {@code .raw} in a layer media type: "", "+gzip" or "+zstd". */
    public String mediaTypeSuffix() {
        return mediaTypeSuffix;
    }

    /** Parses a user's value; an unknown one is an error listing the valid ones. */
    public static Compression parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Compression c : values()) {
            if (c.kitName.equals(v)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + value + "': use none, gzip, gzip-fastest or zstd");
    }

    /** Input per independently compressed chunk: 1 MiB for gzip (pigz uses 128 KiB), 2 MiB for zstd frames. */
    static final int GZIP_CHUNK = 1024 * 1024;
    static final int ZSTD_CHUNK = 2 * 1024 * 1024;

    /** Like {@link #compress(OutputStream, CompressionPool)} on the calling thread alone: the same bytes, slower. */
    public OutputStream compress(OutputStream out) throws IOException {
        return compress(out, CompressionPool.callingThread());
    }

    /**
     * A stream that compresses into {@code out}, chunks compressed on {@code pool} with at most as many chunks
     * pending as the pool has threads. The bytes depend only on the input, never on the pool. Closing it finishes
     * the compressed stream but leaves {@code out} open: callers own the file.
     */
    /**
     * Stops a stream made by {@link #compress(OutputStream, CompressionPool)} after a failure elsewhere (its input
     * could not be read): once this returns, no thread writes to the stream's target any more, so the caller may
     * close and delete it.
     */
    public static void abort(OutputStream compressing) {
        if (compressing instanceof ParallelChunkOutputStream parallel) {
            parallel.abort();
        }
    }

    public OutputStream compress(OutputStream out, CompressionPool pool) throws IOException {
        return switch (this) {
            case NONE -> new NonClosingOutputStream(out);
            case GZIP -> new ParallelChunkOutputStream(out, new GzipChunkEncoder(6, pool), pool, GZIP_CHUNK);
            case GZIP_FASTEST -> new ParallelChunkOutputStream(out, new GzipChunkEncoder(1, pool), pool, GZIP_CHUNK);
            case ZSTD -> new ParallelChunkOutputStream(out, new ZstdChunkEncoder(pool), pool, ZSTD_CHUNK);
        };
    }
}
