package dev.modelkit.store;

import dev.modelkit.oci.BlobVerificationException;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.UncachedCopies;
import dev.modelkit.oci.VerifiedFileCopy;

import java.io.IOException;
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

    /**
     * Copies {@code source} to a temporary file in {@code ingest} while another thread hashes it (see
     * {@link VerifiedFileCopy}); a mismatch is refused and nothing is left in {@code ingest}.
     *
     * @param uncached copies large blobs around the page cache; null to have the kernel copy them
     */
    static StagedBlob copyVerified(Path source, Descriptor expected, Path ingest, UncachedCopies uncached)
            throws StoreException, IOException {
        Path temp = Files.createTempFile(ingest, "blob-", ".tmp");
        boolean ok = false;
        try {
            VerifiedFileCopy.copy(source, expected, "the manifest's blob", temp, uncached);
            ok = true;
            return new StagedBlob(expected, temp);
        } catch (NoSuchFileException e) {
            if (!source.toString().equals(e.getFile())) {
                throw e; // the ingest folder went away, not the layout's blob
            }
            throw new StoreException("blob " + expected.digest() + " is missing from the layout: " + source, e);
        } catch (BlobVerificationException e) {
            throw new StoreException("blob " + source + " is corrupt: " + e.getMessage()
                    + "; nothing was installed. Run the pack goal again.", e);
        } finally {
            if (!ok) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
