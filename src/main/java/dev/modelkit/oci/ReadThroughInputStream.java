package dev.modelkit.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter whose every byte passes through {@link #read(byte[], int, int)}, the one method subclasses implement to
 * hash, count or check what goes by. {@link FilterInputStream} would hand single-byte reads and {@code skip} straight
 * to the wrapped stream, so bytes would slip past unseen; mark/reset would show some bytes twice, so it is refused.
 */
public abstract class ReadThroughInputStream extends FilterInputStream {

    protected ReadThroughInputStream(InputStream in) {
        super(in);
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** Skips by reading, so skipped bytes are seen too. */
    @Override
    public final long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public final boolean markSupported() {
        return false;
    }
}
