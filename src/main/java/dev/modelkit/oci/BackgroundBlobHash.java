package dev.modelkit.oci;

import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

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
    BackgroundBlobHash(FileChannel channel, BlobRegion region, Descriptor expected, String label,
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

    /**
     * Reads a local blob with {@code reader} while another thread hashes it, and returns what the reader made once the
     * blob has checked out: the one way the plugin reads a blob twice at once. Both read through one channel (the same
     * file, even if its name is pointed elsewhere meanwhile). Fails with a {@link BlobVerificationException} when the
     * blob is not what its descriptor says, or when the file changed while it was read (the two readers see each
     * byte at different moments, so their bytes might differ); when the reader fails, a mismatch is thrown instead
     * of its error, since a bad blob explains it best. When this thread is being stopped, nothing is waited for
     * but the hasher's end.
     *
     * @param label  how messages name the blob; its digest follows
     * @param window how far the two readers may drift apart ({@link Lockstep#WINDOW}; tests make it tiny)
     */
    public static <T, X extends Exception> T read(BlobRegion region, Descriptor expected, String label, long window,
                                                  RegionReader<T, X> reader) throws IOException, X {
        FileVersion before = FileVersion.of(region.file());
        T result;
        try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ);
             BackgroundBlobHash hash = new BackgroundBlobHash(channel, region, expected, label, window)) {
            try (FileRegionInputStream bytes = new FileRegionInputStream(channel, region, hash.pace())) {
                result = reader.read(bytes);
            } catch (IOException e) {
                if (!Futures.stopping(e)) {
                    // The stream is closed, so the hasher is no longer held back and reads to the end.
                    try {
                        hash.await();
                    } catch (BlobVerificationException bad) {
                        throw bad;
                    } catch (IOException ignored) {
                        // the reader's own error says more
                    }
                }
                throw e;
            }
            hash.await();
        }
        if (!unchanged(region.file(), before)) {
            throw new BlobVerificationException(label + " " + expected.digest() + " (" + region.file() + ") changed"
                    + " while it was read; try again once nothing writes to it");
        }
        return result;
    }

    private static boolean unchanged(Path file, FileVersion before) {
        try {
            return FileVersion.of(file).equals(before);
        } catch (IOException e) {
            return false; // gone or unreadable now: not the file that was read
        }
    }

    /** What {@link #read} does with the blob's bytes (untars them, copies them). */
    public interface RegionReader<T, X extends Exception> {
        T read(FileRegionInputStream bytes) throws IOException, X;
    }

    /** The pace of the caller's reads of the same file (close the stream reading with it when done). */
    Lockstep.Pace pace() {
        return lockstep.side(0);
    }

    /**
     * Waits for the hash; a {@link BlobVerificationException} when the blob is not what its descriptor says. The
     * caller must have finished (closed) its reads first, or they may hold the hash back.
     */
    void await() throws IOException {
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
        // Waited for even when this thread is being interrupted (a stopped unpack): the caller closes the channel
        // next. A read stuck past the wait ends when the channel closes.
        Futures.settle(hashing, STOP_WAIT_SECONDS);
    }
}
