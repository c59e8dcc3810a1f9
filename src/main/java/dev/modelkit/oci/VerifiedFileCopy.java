package dev.modelkit.oci;

import dev.modelkit.NewFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies a blob file while checking it against its descriptor: the bytes go file to file (copied by the kernel,
 * {@link FileChannel#transferTo}, or for a large blob written around the page cache by {@link UncachedCopies}; no
 * trip through the heap) while another thread hashes the same file, the two kept within a window of each other
 * ({@link Lockstep}) so the file is read from disk once. On two cores that takes about as long as the slower of
 * copying and hashing, where a read-hash-write loop on one thread takes their sum.
 */
public final class VerifiedFileCopy {

    private VerifiedFileCopy() {
    }

    /**
     * Copies {@code source} to {@code target} (created or emptied) and checks its size and sha256; a file shorter
     * or longer than the descriptor says, with other bytes, or changed while it was copied, fails with a
     * {@link BlobVerificationException}. On any failure {@code target} holds unverified bytes: the caller deletes it.
     *
     * @param label  how messages name the blob; its digest follows
     * @param copies copies large blobs around the page cache; null to have the kernel copy them
     */
    public static void copy(Path source, Descriptor expected, String label, Path target, UncachedCopies copies)
            throws IOException {
        BlobRegion region = new BlobRegion(source, 0, Files.size(source));
        NewFiles.channel(target).close(); // exists and is empty
        BackgroundBlobHash.read(region, expected, label, Lockstep.WINDOW, bytes -> {
            // At most the declared size: a longer file is the hasher's to report, every time.
            bytes.copyTo(target, Math.min(expected.size(), region.length()), copies);
            return null;
        });
    }
}
