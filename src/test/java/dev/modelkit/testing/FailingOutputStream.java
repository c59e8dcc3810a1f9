package dev.modelkit.testing;

import java.io.IOException;
import java.io.OutputStream;

/** A sink that takes {@code limit} bytes and then fails like a full disk; remembers whether it was closed. */
public final class FailingOutputStream extends OutputStream {

    private final long limit;
    private final String message;
    private long written;
    private volatile boolean closed;

    public FailingOutputStream(long limit, String message) {
        this.limit = limit;
        this.message = message;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > limit) {
            throw new IOException(message);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }
}
