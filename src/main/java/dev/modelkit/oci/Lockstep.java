package dev.modelkit.oci;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Keeps two readers of the same file within a window of each other, so the one behind finds the bytes the one ahead
 * brought into the page cache: without it, on a blob larger than the cache, the faster reader would run off and the
 * slower one would read the blob from disk a second time. A reader that is done (or fails) steps aside, and then the
 * other is never held back; {@link #cancel()} makes both stop at their next step.
 */
public final class Lockstep {

    /** How far one reader may run ahead of the other: small against any page cache, large against a read. */
    public static final long WINDOW = 64L * 1024 * 1024;

    private final long window;
    private final long[] positions = new long[2];
    private boolean cancelled;

    /** @param window how far one reader may run ahead of the other, in bytes */
    public Lockstep(long window) {
        this.window = window;
    }

    /** One of the two readers. */
    public Pace side(int which) {
        return new Pace() {
            @Override
            public void moveTo(long position) throws IOException {
                Lockstep.this.moveTo(which, position);
            }

            @Override
            public void done() {
                Lockstep.this.done(which);
            }
        };
    }

    /** Stops both readers: their next step throws. */
    public synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    private synchronized void moveTo(int which, long position) throws IOException {
        if (positions[which] == Long.MAX_VALUE && !cancelled) {
            return; // done already: a late read is never held back
        }
        positions[which] = Math.max(positions[which], position);
        notifyAll();
        try {
            while (!cancelled && positions[which] - positions[1 - which] > window) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the other reader of the same file");
        }
        if (cancelled) {
            throw new IOException("reading was cancelled");
        }
    }

    private synchronized void done(int which) {
        positions[which] = Long.MAX_VALUE;
        notifyAll();
    }

    /** What a reader tells the lockstep: where it is about to read, and that it has finished. */
    public interface Pace {

        /** No pace: a reader on its own. */
        Pace ALONE = new Pace() {
            @Override
            public void moveTo(long position) {
            }

            @Override
            public void done() {
            }
        };

        /** The reader has read up to {@code position}; waits while that is too far ahead of the other reader. */
        void moveTo(long position) throws IOException;

        /** The reader reads no more; the other is never held back again. */
        void done();
    }
}
