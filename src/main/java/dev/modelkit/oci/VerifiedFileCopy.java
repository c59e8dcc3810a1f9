package dev.modelkit.oci;

import dev.modelkit.NewFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

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
     * or longer than the descriptor says, with other bytes, or changed while it was copied, fails with a
     * {@link BlobVerificationException}. On any
     * failure {@code target} holds unverified bytes: the caller deletes it.
     *
     * @param label how messages name the blob; its digest follows
     */
    public static void copy(Path source, Descriptor expected, String label, Path target) throws IOException {
        BlobRegion region = new BlobRegion(source, 0, Files.size(source));
        BackgroundBlobHash.read(region, expected, label, Lockstep.WINDOW, bytes -> {
            try (FileChannel out = NewFiles.channel(target)) {
                // At most the declared size: a longer file is the hasher's to report, every time.
                bytes.transferTo(out, Math.min(expected.size(), region.length()));
            }
            return null;
        });
    }
}
