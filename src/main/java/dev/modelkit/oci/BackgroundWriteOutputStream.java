package dev.modelkit.oci;

import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A buffered stream whose buffers are written to the sink by a thread of its own and, when asked, hashed (sha256) by
 * another, so the thread that reads the input never waits for the file system or the hash: reading, hashing and
 * writing a multi-GB layer overlap instead of taking turns on one core. A buffer is hashed and written at the same
 * time (both only read it) and refilled once both are done; each of the two threads takes buffers in order. At most
 * {@code buffers} buffers are in use; a failure surfaces at the next write, flush or close. Not for concurrent use.
 */
public final class BackgroundWriteOutputStream extends HashingStream {

    static final int BUFFER_SIZE = 256 * 1024;
    static final int BUFFERS = 4;

    private final OutputStream sink;
    private final ExecutorService writer;
    /** Null when nothing is hashed. */
    private final ExecutorService hasher;
    private final MessageDigest sha256;
    private long count;
    private Digest digest;
    private final int bufferSize;
    private final int maxInFlight;

    /** A buffer handed over; it is refilled once it is written and hashed. */
    private record Pending(Future<?> written, Future<?> hashed, byte[] buffer) {
    }

    private final Deque<Pending> pending = new ArrayDeque<>();
    private byte[] buffer;
    private int filled;
    private boolean closed;

    /** Writes only. */
    public BackgroundWriteOutputStream(OutputStream sink) {
        this(sink, false, BUFFER_SIZE, BUFFERS);
    }

    /** Writes and hashes: {@link #digest()} and {@link #count()} once closed. */
    public static BackgroundWriteOutputStream hashing(OutputStream sink) {
        return new BackgroundWriteOutputStream(sink, true, BUFFER_SIZE, BUFFERS);
    }

    BackgroundWriteOutputStream(OutputStream sink, boolean hash, int bufferSize, int buffers) {
        this.sink = sink;
        this.bufferSize = bufferSize;
        this.maxInFlight = Math.max(1, buffers - 1); // one buffer is always the one being filled
        this.buffer = new byte[bufferSize];
        this.writer = DaemonThreads.single("modelkit-file-writer");
        this.hasher = hash ? DaemonThreads.single("modelkit-hasher") : null;
        this.sha256 = hash ? Digest.newSha256() : null;
    }

    /** The bytes written (all of them once closed). */
    @Override
    public long count() {
        return count;
    }

    /** The sha256 of everything written; only after {@link #close()}, and only for a hashing stream. */
    @Override
    public Digest digest() {
        if (sha256 == null || !closed) {
            throw new IllegalStateException(sha256 == null ? "not a hashing stream" : "not closed yet");
        }
        if (digest == null) {
            digest = Digest.of(sha256);
        }
        return digest;
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == bufferSize) {
            handOver();
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == bufferSize) {
                handOver();
            }
            int n = Math.min(len, bufferSize - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Gives the current buffer to the writer thread and takes a free one (waiting when all are in flight). */
    private void handOver() throws IOException {
        if (filled == 0) {
            return;
        }
        byte[] full = buffer;
        int length = filled;
        Future<?> hashed = hasher == null ? null : hasher.submit(() -> sha256.update(full, 0, length));
        Future<?> written = writer.submit(() -> {
            sink.write(full, 0, length);
            return null;
        });
        pending.addLast(new Pending(written, hashed, full));
        count += length;
        filled = 0;
        buffer = pending.size() >= maxInFlight ? awaitOldest() : new byte[bufferSize];
    }

    /** Waits for the oldest write and returns its buffer for reuse; rethrows what that write threw. */
    private byte[] awaitOldest() throws IOException {
        Pending oldest = pending.removeFirst();
        // both are waited for even when one failed, so no thread still reads the buffer once it is reused
        try {
            Futures.await(oldest.written(), "writing");
        } finally {
            if (oldest.hashed() != null) {
                Futures.await(oldest.hashed(), "hashing");
            }
        }
        return oldest.buffer();
    }

    private void awaitAll() throws IOException {
        while (!pending.isEmpty()) {
            awaitOldest();
        }
    }

    /** Writes out everything so far (waiting for the writer) and flushes the sink. */
    @Override
    public void flush() throws IOException {
        handOver();
        awaitAll();
        sink.flush();
    }

    /** Writes out what is left and closes the sink, which is closed even when a write failed. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException primary = null;
        try {
            handOver();
            awaitAll();
        } catch (IOException e) {
            primary = e;
            throw e;
        } finally {
            settleAll();
            writer.shutdown();
            if (hasher != null) {
                hasher.shutdown();
            }
            try {
                sink.close();
            } catch (IOException e) {
                if (primary == null) {
                    throw e;
                }
                primary.addSuppressed(e);
            }
        }
    }

    /** After a failure: waits until no buffer is being written or hashed, so the sink is closed under nobody. */
    private void settleAll() {
        while (!pending.isEmpty()) {
            Pending p = pending.removeFirst();
            Futures.settle(p.written());
            if (p.hashed() != null) {
                Futures.settle(p.hashed());
            }
        }
    }
}
