package dev.modelkit.oci;

import dev.modelkit.NewFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes an OCI image layout folder. Every blob goes to a temporary file beside its final place and is renamed to
 * its digest only once complete, so a killed build never leaves a blob whose name lies about its content.
 */
public final class OciLayoutWriter {

    private final Path root;
    private final Path blobs;

    private OciLayoutWriter(Path root) {
        this.root = root;
        this.blobs = root.resolve("blobs").resolve("sha256");
    }

    /** Creates (or reuses) the folder with its {@code oci-layout} file and {@code blobs/sha256}. */
    public static OciLayoutWriter create(Path root) throws IOException {
        OciLayoutWriter w = new OciLayoutWriter(root);
        Files.createDirectories(w.blobs);
        writeAtomically(root.resolve("oci-layout"), OciJson.ociLayout());
        return w;
    }

    public Path root() {
        return root;
    }

    public Path blobPath(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    /** A blob being written: stream into {@link #stream()}, then {@link #commit()} or {@link #close()} to drop it. */
    public final class BlobWriter implements AutoCloseable {
        private final Path temp;
        private final HashingStream stream;
        private boolean committed;

        /** @param archive for a direct blob, where its bytes also go (or null); ignored otherwise */
        private BlobWriter(Kind kind, OciArchiveTee.Region archive) throws IOException {
            temp = Files.createTempFile(blobs, ".blob-", ".tmp");
            try {
                // Otherwise hashing and file writes each on a thread of their own: they overlap with reading the input.
                stream = kind == Kind.DIRECT ? new DirectBlobStream(temp, archive)
                        : BackgroundWriteOutputStream.hashing(kind == Kind.COMPRESSED ? compressedFile(temp)
                        : NewFiles.outputStream(temp));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
        }

        /** Around the page cache where possible ({@link UncachedFileOutputStream} says why). */
        private static OutputStream compressedFile(Path temp) throws IOException {
            OutputStream uncached = UncachedFileOutputStream.open(temp);
            return uncached != null ? uncached : NewFiles.outputStream(temp);
        }

        /** Where the blob's bytes go; they are hashed and counted on the way. */
        public OutputStream stream() {
            return stream;
        }

        /** Closes the file and moves it to {@code blobs/sha256/<digest>}; returns its digest and size. */
        public Written commit() throws IOException {
            stream.close();
            Digest digest = stream.digest();
            moveIntoPlace(temp, blobPath(digest));
            committed = true;
            return new Written(digest, stream.count());
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                try {
                    stream.close();
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    /** A blob that is in place. */
    public record Written(Digest digest, long size) {
    }

    /** How a blob's bytes reach its file. */
    private enum Kind {
        /** Through the page cache: small blobs (config, manifest). */
        CACHED,
        /** Whole files copied by the kernel ({@link DirectBlobStream}). */
        DIRECT,
        /** A compressor's output, around the page cache where possible ({@link UncachedFileOutputStream}). */
        COMPRESSED
    }

    public BlobWriter newBlob() throws IOException {
        return new BlobWriter(Kind.CACHED, null);
    }

    /** A blob for a compressor's output: written around the page cache where the file system and disk allow. */
    public BlobWriter newCompressedBlob() throws IOException {
        return new BlobWriter(Kind.COMPRESSED, null);
    }

    /**
     * A blob for uncompressed content made mostly of whole files: its stream is a {@link DirectBlobStream}, which
     * copies big files by the kernel and can send the same bytes to an archive region.
     *
     * @param archive where the blob's bytes also go, or null
     */
    public BlobWriter newDirectBlob(OciArchiveTee.Region archive) throws IOException {
        return new BlobWriter(Kind.DIRECT, archive);
    }

    public Written writeBlob(byte[] content) throws IOException {
        try (BlobWriter w = newBlob()) {
            w.stream().write(content);
            return w.commit();
        }
    }

    /**
     * Puts an existing blob file (from an earlier build's layout) into this layout without copying: a hard link,
     * or a copy where links are not possible. The caller has checked that {@code existing} holds {@code digest}.
     */
    public void linkBlob(Path existing, Digest digest) throws IOException {
        Path target = blobPath(digest);
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.createLink(target, existing);
        } catch (IOException | UnsupportedOperationException e) {
            Path temp = Files.createTempFile(blobs, ".blob-", ".tmp");
            try {
                Files.copy(existing, temp, StandardCopyOption.REPLACE_EXISTING);
                moveIntoPlace(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes index.json listing the given manifest descriptors (one per tag, each with its ref.name). */
    public void writeIndex(List<Descriptor> manifests) throws IOException {
        writeAtomically(root.resolve("index.json"), OciJson.index(manifests));
    }

    /** Writes a small file through a temporary sibling and an atomic rename. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = NewFiles.outputStream(temp)) {
                out.write(content);
            }
            moveReplacing(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Moves a finished blob to its content-addressed name; identical content already there is kept. */
    static void moveIntoPlace(Path temp, Path target) throws IOException {
        if (Files.exists(target) && Files.size(target) == Files.size(temp)) {
            Files.delete(temp);
            return;
        }
        moveReplacing(temp, target);
    }

    public static void moveReplacing(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
