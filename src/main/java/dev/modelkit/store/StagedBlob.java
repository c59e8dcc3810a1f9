package dev.modelkit.store;

import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.DigestingOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A blob copied into the store's {@code ingest/} folder and verified against its descriptor, not yet in
 * {@code blobs/}. The ingest folder is on the store's file system, so moving it into place is an atomic rename.
 *
 * @param descriptor what the blob must be
 * @param temp       the verified copy
 */
record StagedBlob(Descriptor descriptor, Path temp) {

    /** Copies {@code source} to a temporary file in {@code ingest}, hashing on the way; a mismatch is refused. */
    static StagedBlob copyVerified(Path source, Descriptor expected, Path ingest) throws StoreException, IOException {
        Path temp = Files.createTempFile(ingest, "blob-", ".tmp");
        boolean ok = false;
        try {
            DigestingOutputStream digesting;
            try (InputStream in = Files.newInputStream(source);
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 256 * 1024)) {
                digesting = new DigestingOutputStream(out);
                in.transferTo(digesting);
                digesting.flush();
            } catch (NoSuchFileException e) {
                throw new StoreException("blob " + expected.digest() + " is missing from the layout: " + source, e);
            }
            if (digesting.count() != expected.size() || !digesting.digest().equals(expected.digest())) {
                throw new StoreException("blob " + source + " is corrupt: the manifest says " + expected.digest()
                        + " (" + expected.size() + " bytes), the file is " + digesting.digest() + " ("
                        + digesting.count() + " bytes); nothing was installed. Run the pack goal again.");
            }
            ok = true;
            return new StagedBlob(expected, temp);
        } finally {
            if (!ok) {
                Files.deleteIfExists(temp);
            }
        }
    }

    void discard() throws IOException {
        Files.deleteIfExists(temp);
    }
}
