package dev.modelkit.oci;

import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blob in a local file, checked against its descriptor (size and sha256) on a thread of its own while the caller
 * reads the same bytes for another purpose (a kernel copy, an untar). The two are the readers of one
 * {@link Lockstep}: the caller reads through {@link #pace()}, so the file is read from disk once. A failed check
 * stops the caller's reads at their next step. Closing without a successful {@link #await()} stops the hash and
 * waits for it, so the channel can be closed after this is.
 */
public final class BackgroundBlobHash implements AutoCloseable {

    /** How long closing waits for a cancelled hash: it stops within one read, so this only bounds a stuck disk. */
    private static final long STOP_WAIT_SECONDS = 30;

    private final Lockstep lockstep;
    private final Future<Void> hashing;
    private final String doing;
    private boolean verified;

    /**
     * Starts hashing {@code region} of {@code channel} (which stays the caller's to close, after this).
     *
     * @param label how messages name the blob; its digest follows
     */
    public BackgroundBlobHash(FileChannel channel, BlobRegion region, Descriptor expected, String label,
                              long window) {
        this.lockstep = new Lockstep(window);
        this.doing = "hashing " + label + " " + expected.digest();
        ExecutorService hasher = DaemonThreads.single("modelkit-blob-hasher");
        this.hashing = hasher.submit(() -> {
            try {
                VerifyingInputStream.verify(new FileRegionInputStream(channel, region, lockstep.side(1)), expected,
                        label);
            } catch (Throwable t) {
                lockstep.cancel(); // a bad blob: no point reading the rest of it for anything else
                throw t;
            }
            return null;
        });
        hasher.shutdown();
    }

    /** The pace of the caller's reads of the same file (close the stream reading with it when done). */
    public Lockstep.Pace pace() {
        return lockstep.side(0);
    }

    /**
     * Waits for the hash; a {@link BlobVerificationException} when the blob is not what its descriptor says. The
     * caller must have finished (closed) its reads first, or they may hold the hash back.
     */
    public void await() throws IOException {
        Futures.await(hashing, doing);
        verified = true;
    }

    /** Unless {@link #await()} succeeded: stops the hash (an interrupt, another failure) and waits until it is over. */
    @Override
    public void close() {
        if (verified) {
            return;
        }
        lockstep.cancel(); // the hasher stops at its next step, within one buffer
        // Even when this thread is being interrupted (a stopped unpack), the hasher is waited for: the caller closes
        // the channel next. The flag is set again afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            hashing.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // the failure that matters is the caller's; a stuck read ends when the channel closes
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
