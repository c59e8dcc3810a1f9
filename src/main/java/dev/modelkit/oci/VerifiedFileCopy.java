package dev.modelkit.oci;

import dev.modelkit.DaemonThreads;
import dev.modelkit.Futures;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Copies a blob file while checking it against its descriptor: the kernel copies the bytes file to file
 * ({@link FileChannel#transferTo}, no trip through the heap) while another thread hashes the same file, the two kept
 * within a window of each other ({@link Lockstep}) so the file is read from disk once. On two cores that takes about
 * as long as the slower of copying and hashing, where a read-hash-write loop on one thread takes their sum.
 */
public final class VerifiedFileCopy {

    private VerifiedFileCopy() {
    }

    /**
     * Copies {@code source} to {@code target} (created or truncated) and checks its size and sha256; a file shorter
     * or longer than the descriptor says, or with other bytes, fails with a {@link BlobVerificationException}. On any
     * failure {@code target} holds unverified bytes: the caller deletes it.
     *
     * @param label how messages name the blob; its digest follows
     */
    public static void copy(Path source, Descriptor expected, String label, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            BlobRegion region = new BlobRegion(source, 0, in.size());
            Lockstep lockstep = new Lockstep(Lockstep.WINDOW);
            ExecutorService hasher = DaemonThreads.single("modelkit-copy-hasher");
            Future<Void> hashing = hasher.submit(() -> {
                try {
                    VerifyingInputStream.verify(new FileRegionInputStream(in, region, lockstep.side(1)), expected,
                            label);
                } catch (Throwable t) {
                    lockstep.cancel(); // a bad blob: no point copying the rest of it
                    throw t;
                }
                return null;
            });
            hasher.shutdown();
            boolean verified = false;
            try {
                try (FileRegionInputStream bytes = new FileRegionInputStream(in, region, lockstep.side(0));
                     FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                             StandardOpenOption.TRUNCATE_EXISTING)) {
                    // At most the declared size: a longer file is the hasher's to report, every time.
                    bytes.transferTo(out, Math.min(expected.size(), region.length()));
                } catch (IOException e) {
                    if (!(e instanceof InterruptedIOException) && !Thread.currentThread().isInterrupted()) {
                        Futures.await(hashing, "hashing " + label); // a bad blob explains a failed copy best
                    }
                    throw e;
                }
                Futures.await(hashing, "hashing " + label);
                verified = true;
            } finally {
                if (!verified) {
                    lockstep.cancel();
                    Futures.settle(hashing); // over before the channel closes
                }
            }
        }
    }
}
