package dev.modelkit.layer;

import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Cuts the stream into fixed-size chunks, encodes them on a pool and writes the results in order. Three stages run
 * at once: the caller's thread fills chunks (and hashes the uncompressed bytes above this stream), the pool encodes
 * them, and one writer thread of this stream's own writes them out in order (and so runs whatever hashing and file
 * I/O lies below). At most {@link CompressionPool#chunksInFlight} chunks are pending (one more than the pool has
 * threads, fewer in a small heap), so memory stays bounded whatever the stream's length.
 */
final class ParallelChunkOutputStream extends OutputStream {

    static final int DICTIONARY = 32 * 1024;

    private final OutputStream out;
    private final ChunkEncoder encoder;
    private final Executor executor;
    /** Writes encoded chunks to {@code out}, one at a time; chaining each write on the previous keeps the order. */
    private final ExecutorService writer;
    private final int chunkSize;
    private final int maxInFlight;
    /** A chunk on its way out, with its input and output arrays, which are reused once the chunk is written. */
    private record Pending(CompletableFuture<Void> written, byte[] input, ChunkOutput output) {
    }

    private final Deque<Pending> pending = new ArrayDeque<>();
    /** Input and output arrays whose chunks are written: recycled, so a long stream allocates almost nothing. */
    private final Deque<byte[]> free = new ArrayDeque<>();
    private final Deque<ChunkOutput> freeOutputs = new ArrayDeque<>();
    private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);
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
        this.maxInFlight = pool.chunksInFlight(chunkSize);
        this.chunk = new byte[chunkSize];
        out.write(encoder.header());
        this.writer = DaemonThreads.single("modelkit-chunk-writer");
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
        ChunkOutput output = freeOutputs.isEmpty() ? new ChunkOutput(chunkSize + chunkSize / 64 + 1024)
                : freeOutputs.pop();
        CompletableFuture<ChunkOutput> encoded = CompletableFuture.supplyAsync(() -> {
            encoder.encode(data, length, previous, last, output);
            return output;
        }, executor);
        lastWrite = lastWrite.thenCombineAsync(encoded, (ignored, done) -> {
            try {
                out.write(done.array(), 0, done.size());
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, writer);
        pending.addLast(new Pending(lastWrite, data, output));
        anyChunk = true;
        filled = 0;
        try {
            while (pending.size() >= maxInFlight) {
                awaitOldest();
            }
        } finally {
            // taken after the wait, so a written chunk's array is reused rather than one more allocated
            chunk = free.isEmpty() ? new byte[chunkSize] : free.pop();
        }
    }

    /**
     * After a failure elsewhere (the layer's input could not be read): waits until no chunk is being encoded or
     * written, so nothing writes to the sink once the caller closes it, and stops the writer thread. Errors of the
     * abandoned chunks are dropped; the caller already has the one that matters.
     */
    void abort() {
        closed = true;
        try {
            Futures.settle(lastWrite);
        } finally {
            writer.shutdown();
        }
    }

    private void awaitOldest() throws IOException {
        Pending oldest = pending.removeFirst();
        Futures.await(oldest.written(), "compressing");
        free.push(oldest.input());
        freeOutputs.push(oldest.output());
    }

    /** Encodes what is left, writes every pending chunk and the trailer; leaves {@code out} open. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (filled > 0 || !anyChunk) {
                if (filled == 0) {
                    awaitAll();
                    out.write(encoder.encodeEmpty());
                } else {
                    submit(true);
                }
            }
            awaitAll();
            out.write(encoder.trailer());
            out.flush();
        } finally {
            writer.shutdown();
        }
    }

    private void awaitAll() throws IOException {
        while (!pending.isEmpty()) {
            awaitOldest();
        }
    }
}
