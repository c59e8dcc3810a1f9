package dev.modelkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waiting for work done on the plugin's other threads, as I/O code wants it: the task's own IOException comes back
 * as it was (also when a lambda had to wrap it in an UncheckedIOException), anything else becomes one, and an
 * interrupt keeps the thread's flag and becomes an InterruptedIOException.
 */
public final class Futures {

    private Futures() {
    }

    /**
     * The task's result.
     *
     * @param doing what the task does, for messages ("writing", "compressing"...)
     */
    public static <T> T await(Future<T> future, String doing) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw interrupted(doing);
        } catch (ExecutionException e) {
            throw failure(e, doing);
        }
    }

    /** Waits until the task is over, whatever its outcome: for clean-up after a failure that is already reported. */
    public static void settle(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the caller reports the failure that matters
        }
    }

    /** What a failed task threw, as an IOException. */
    public static IOException failure(ExecutionException e, String doing) {
        Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException(doing + " failed: " + cause, cause);
    }

    /** Sets the thread's interrupt flag again and says what was interrupted. */
    public static InterruptedIOException interrupted(String doing) {
        Thread.currentThread().interrupt();
        return new InterruptedIOException("interrupted while " + doing);
    }
}
