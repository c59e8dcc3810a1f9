package dev.modelkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * The task's result; a failure of type {@code domain} (an UnpackException, a StoreException: already worded for
     * the user) is thrown as it was, anything else as {@link #await(Future, String)} throws it.
     */
    public static <T, X extends Exception> T await(Future<T> future, Class<X> domain, String doing)
            throws X, IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw interrupted(doing);
        } catch (ExecutionException e) {
            if (domain.isInstance(e.getCause())) {
                throw domain.cast(e.getCause());
            }
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

    /**
     * Waits up to {@code seconds} for the task to end, whatever its outcome, even when this thread is being
     * interrupted (its flag is set again afterwards): for clean-up that must not run under a task still working.
     */
    public static void settle(Future<?> future, long seconds) {
        uninterruptibly(() -> {
            try {
                future.get(seconds, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                // the caller reports the failure that matters; a task still stuck is left to end on its own
            }
        });
    }

    /**
     * Cancels the tasks (interrupting those running: file channels and waits give up), shuts the pool down and
     * waits up to {@code seconds} for its threads to end, even when this thread is being interrupted (its flag is
     * set again afterwards), so what the tasks wrote can be cleaned up under nobody. After the tasks all succeeded
     * this returns at once.
     *
     * @return whether every task ended within the wait; when not, a task ignoring interrupts may still write after
     *         the caller has cleaned up
     */
    public static boolean stop(ExecutorService pool, List<? extends Future<?>> tasks, long seconds) {
        tasks.forEach(f -> f.cancel(true));
        pool.shutdownNow();
        uninterruptibly(() -> pool.awaitTermination(seconds, TimeUnit.SECONDS));
        return pool.isTerminated();
    }

    /**
     * Whether this thread is being stopped: it is interrupted, or a stream turned the interrupt into an
     * InterruptedIOException (not a socket timeout) and cleared the flag, which is then set again.
     */
    public static boolean stopping(IOException e) {
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            Thread.currentThread().interrupt();
        }
        return Thread.currentThread().isInterrupted();
    }

    private interface Wait {
        void run() throws InterruptedException;
    }

    private static void uninterruptibly(Wait wait) {
        boolean interrupted = Thread.interrupted(); // an interrupt of this thread must not cut the wait short
        try {
            wait.run();
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
