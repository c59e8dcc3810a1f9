package dev.modelkit.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Cuts the stream into fixed-size chunks, encodes them on a pool and writes the results in order. At most as many
 * chunks as the pool has threads are pending, so memory stays bounded (a few MiB) whatever the stream's length.
 */
final class ParallelChunkOutputStream extends OutputStream {

    static final int DICTIONARY = 32 * 1024;

    private final OutputStream out;
    private final ChunkEncoder encoder;
    private final Executor executor;
    private final int chunkSize;
    private final int maxInFlight;
    /** A chunk being encoded, with its input array, which is reused once its output is written. */
    private record Pending(CompletableFuture<byte[]> output, byte[] input) {
    }

    private final Deque<Pending> pending = new ArrayDeque<>();
    /** Input arrays whose chunks are written: recycled, so a long stream allocates only outputs. */
    private final Deque<byte[]> free = new ArrayDeque<>();
    private byte[] chunk;
    private int filled;
    private byte[] previousTail;
    private boolean anyChunk;
    private boolean closed;

    ParallelChunkOutputStream(OutputStream out, ChunkEncoder encoder, CompressionPool pool, int chunkSize)
            throws IOException {
        this.out = out;
        this.encoder = encoder;
        this.executor = pool.executor();
        this.chunkSize = chunkSize;
        this.maxInFlight = Math.max(1, pool.size()) + 1;
        this.chunk = new byte[chunkSize];
        out.write(encoder.header());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        encoder.update(b, off, len);
        while (len > 0) {
            // A full chunk is only submitted once more input arrives, so the last chunk is always known as last.
            if (filled == chunkSize) {
                submit(false);
            }
            int n = Math.min(len, chunkSize - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] data = chunk;
        int length = filled;
        byte[] previous = previousTail;
        previousTail = Arrays.copyOfRange(data, Math.max(0, length - DICTIONARY), length);
        pending.addLast(new Pending(
                CompletableFuture.supplyAsync(() -> encoder.encode(data, length, previous, last), executor), data));
        anyChunk = true;
        chunk = free.isEmpty() ? new byte[chunkSize] : free.pop();
        filled = 0;
        while (pending.size() >= maxInFlight) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        try {
            Pending oldest = pending.removeFirst();
            out.write(oldest.output().get());
            free.push(oldest.input());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("compression failed: " + e.getCause(), e.getCause());
        }
    }

    /** Encodes what is left, writes every pending chunk and the trailer; leaves {@code out} open. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (filled > 0 || !anyChunk) {
            if (filled == 0) {
                out.write(encoder.encodeEmpty());
            } else {
                submit(true);
            }
        }
        while (!pending.isEmpty()) {
            writeOldest();
        }
        out.write(encoder.trailer());
        out.flush();
    }
}
