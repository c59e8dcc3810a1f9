package dev.modelkit.registry;

import dev.modelkit.oci.Descriptor;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ModelKit a push reads: an OCI layout folder ({@code target/modelkit}) or an oci-archive tar. Blobs are opened
 * raw (unverified) at any offset, concurrently, so chunked and parallel uploads can read them; the pusher verifies.
 */
public interface LocalArtifact extends Closeable {

    /** How messages name the source ("layout target/modelkit"). */
    String description();

    /** The manifest descriptor picked from index.json. */
    Descriptor manifestDescriptor();

    /** The manifest's exact bytes (already checked against {@link #manifestDescriptor()}). */
    byte[] manifestBytes();

    /** A blob's stored bytes from {@code offset} on, unverified. */
    InputStream open(Descriptor blob, long offset) throws IOException;

    /**
     * Opens a layout folder or an oci-archive file.
     *
     * @param tag which index.json entry to use when the index names several manifests ({@code ref.name}); may be null
     */
    static LocalArtifact open(Path source, String tag) throws IOException {
        if (Files.isDirectory(source)) {
            return LayoutArtifact.open(source, tag);
        }
        if (Files.isRegularFile(source)) {
            return ArchiveArtifact.open(source, tag);
        }
        throw new IOException("No ModelKit at " + source + ": expected an OCI layout folder or an oci-archive .tar"
                + " (run the pack goal first)");
    }
}
