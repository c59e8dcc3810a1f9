package dev.modelkit.oci;

import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Reads its source on a thread of its own, a few buffers ahead, so the reading thread's work on the bytes (hashing,
 * untarring, writing files) overlaps with the file system's. Bytes come out exactly as the source gives them; a read
 * failure surfaces at the read that reaches it. At most {@code buffers} buffers are filled ahead. Not for concurrent
 * use; closing stops the reader and closes the source.
 */
public final class ReadAheadInputStream extends InputStream {

    static final int BUFFER_SIZE = 256 * 1024;
    static final int BUFFERS = 3;

    /** A filled buffer, the end of the source (length -1), or the failure that ended it. */
    private record Chunk(byte[] bytes, int length, IOException failure) {
    }

    private final InputStream source;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> free;
    private final ExecutorService reader;
    private Chunk current;
    private int position;
    private boolean ended;
    /** The source's failure: every read after it throws it again, so nobody takes it for the end of the data. */
    private IOException failure;
    private volatile boolean closed;

    public ReadAheadInputStream(InputStream source) {
        this(source, BUFFER_SIZE, BUFFERS);
    }

    ReadAheadInputStream(InputStream source, int bufferSize, int buffers) {
        this.source = source;
        this.filled = new ArrayBlockingQueue<>(buffers + 1); // every buffer and the end: offer never fails
        this.free = new LinkedBlockingQueue<>();
        for (int i = 0; i < buffers; i++) {
            free.add(new byte[bufferSize]);
        }
        this.reader = DaemonThreads.single("modelkit-read-ahead");
        reader.submit(this::readAll);
        reader.shutdown();
    }

    /**
     * The reader thread: fills free buffers until the source ends, fails, or the stream is closed. Whatever ends it
     * (an unchecked exception or an error too) is handed to the consumer, so a read never waits forever. It is never
     * interrupted (an interrupt would close a channel under the read); closing wakes it through the free queue.
     */
    private void readAll() {
        try {
            while (true) {
                byte[] buffer = free.take();
                if (closed) {
                    return;
                }
                int n = source.readNBytes(buffer, 0, buffer.length);
                if (n == 0) {
                    filled.offer(new Chunk(null, -1, null));
                    return;
                }
                filled.offer(new Chunk(buffer, n, null));
            }
        } catch (IOException e) {
            filled.offer(new Chunk(null, -1, e));
        } catch (Throwable e) { // a bug or an OutOfMemoryError ends the reader too: the consumer must hear of it
            filled.offer(new Chunk(null, -1, new IOException("reading ahead failed: " + e, e)));
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!next()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        if (position == current.length()) {
            free.offer(current.bytes());
            current = null;
        }
        return n;
    }

    /** Makes {@code current} a chunk with bytes left; false at the end of the source. */
    private boolean next() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (current != null) {
            return true;
        }
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return false;
        }
        try {
            Chunk chunk = filled.take();
            if (chunk.failure() != null) {
                failure = chunk.failure();
                throw failure;
            }
            if (chunk.length() < 0) {
                ended = true;
                return false;
            }
            current = chunk;
            position = 0;
            return true;
        } catch (InterruptedException e) {
            throw Futures.interrupted("reading");
        }
    }

    /**
     * Stops the reader and closes the source at once: a read in progress on a stalled connection must not hold the
     * caller up; it ends with the source's closing and the reader then stops.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        free.offer(new byte[0]); // wakes the reader if it waits for a buffer; it then sees closed and stops
        source.close();
    }
}
